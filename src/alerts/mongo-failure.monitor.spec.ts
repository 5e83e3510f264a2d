import { ConfigService } from '@nestjs/config';
import { AppConfig, toAppConfig } from '@/config/app-config';
import { validateEnvironment } from '@/config/validate-environment';
import { MetricsService } from '@/metrics/metrics.service';
import { FakeClock } from '@test/support/fake-clock';
import { WebhookReceiver } from '@test/support/webhook-receiver';
import { AlertService } from './alert.service';
import { MongoFailureMonitor } from './mongo-failure.monitor';

describe(MongoFailureMonitor.name, () => {
  const webhook = new WebhookReceiver();
  let clock: FakeClock;
  let alerts: AlertService;
  let metrics: MetricsService;
  let sut: MongoFailureMonitor;

  let config: ConfigService<AppConfig, true>;

  beforeAll(async () => {
    const url = await webhook.start();
    config = new ConfigService<AppConfig, true>(
      toAppConfig(validateEnvironment({ ALERT_WEBHOOK_URL: url })),
    );
  });

  afterAll(async () => {
    await webhook.close();
  });

  beforeEach(() => {
    webhook.received.length = 0;
    clock = new FakeClock();
    metrics = new MetricsService(clock);
    alerts = new AlertService(metrics, clock, config);
    sut = new MongoFailureMonitor(alerts, metrics, clock, config);
  });

  describe('recordFailure', () => {
    it('should raise the alert on the fourth failure in the window, once', async () => {
      for (let i = 0; i < 3; i += 1) sut.recordFailure();
      const afterThree = alerts.isFiring('mongo_connection_failures');

      sut.recordFailure();
      sut.recordFailure();
      await webhook.waitFor(1);

      expect(afterThree).toBe(false);
      expect(alerts.isFiring('mongo_connection_failures')).toBe(true);
      expect(webhook.received).toEqual([
        expect.objectContaining({
          alert: 'mongo_connection_failures',
          state: 'firing',
          failures: 4,
        }),
      ]);
    });

    it('should not count failures older than the window', () => {
      for (let i = 0; i < 3; i += 1) sut.recordFailure();
      clock.advance(301_000);

      sut.recordFailure();

      expect(alerts.isFiring('mongo_connection_failures')).toBe(false);
    });
  });

  describe('onAvailable', () => {
    it('should clear a firing alert and say so', async () => {
      for (let i = 0; i < 4; i += 1) sut.recordFailure();

      sut.onAvailable('sessions:mongo');
      await webhook.waitFor(2);

      expect(webhook.received.map((body) => body.state)).toEqual([
        'firing',
        'resolved',
      ]);
    });

    it('should ignore stores that are not MongoDB', () => {
      for (let i = 0; i < 4; i += 1) sut.onUnavailable('sessions:memory');

      expect(alerts.isFiring('mongo_connection_failures')).toBe(false);
    });
  });
});
