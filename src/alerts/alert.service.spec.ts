import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { loadAppConfig } from '@/config/app-config.module';
import { MetricsService } from '@/metrics/metrics.service';
import { FakeClock } from '@test/support/fake-clock';
import { freePort } from '@test/support/mongo-test-server';
import { WebhookReceiver } from '@test/support/webhook-receiver';
import { AlertService } from './alert.service';

const SECRET = 'p@ss-SECRET-55';

function alertsPostingTo(url: string): AlertService {
  const clock = new FakeClock();
  const config = loadAppConfig({
    env: { ALERT_WEBHOOK_URL: url, LOG_LEVEL: 'error' },
  });

  return new AlertService(
    new MetricsService(clock),
    clock,
    new ConfigService(config),
  );
}

function withCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = 'hook';
  parsed.password = encodeURIComponent(SECRET);

  return parsed.toString();
}

describe(AlertService.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('with credentials in ALERT_WEBHOOK_URL', () => {
    it('should post the alert with them as Basic authorization', async () => {
      const receiver = new WebhookReceiver();
      const sut = alertsPostingTo(withCredentials(await receiver.start()));

      sut.raise('redis_unavailable', { reason: 'test' });
      await receiver.waitFor(1);
      await receiver.close();

      expect(receiver.received).toEqual([
        expect.objectContaining({
          alert: 'redis_unavailable',
          state: 'firing',
        }),
      ]);
      expect(receiver.authorizations).toEqual([
        `Basic ${Buffer.from(`hook:${SECRET}`).toString('base64')}`,
      ]);
    });

    it('should log a failed post without the password', async () => {
      const port = await freePort();
      const warned = new Promise<string>((resolve) =>
        jest
          .spyOn(Logger.prototype, 'warn')
          .mockImplementation((message: unknown) => resolve(String(message))),
      );
      const sut = alertsPostingTo(
        withCredentials(`http://127.0.0.1:${port}/hook`),
      );

      sut.raise('redis_unavailable', { reason: 'test' });
      const message = await warned;

      expect(message).toContain(
        `Alert webhook to http://127.0.0.1:${port}/hook failed`,
      );
      expect(message).not.toContain('SECRET');
      expect(message).not.toContain(encodeURIComponent(SECRET));
    });
  });
});
