import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import { FailureListener } from '@/metrics/instrument-store';
import { MetricsService } from '@/metrics/metrics.service';
import { AlertService } from './alert.service';

/**
 * Counts failures to reach MongoDB, from pings and from store operations.
 * More than the threshold within the window raises the alert; the next
 * success clears it.
 */
@Injectable()
export class MongoFailureMonitor implements FailureListener {
  private failures: number[] = [];
  private readonly threshold: number;
  private readonly windowMs: number;

  constructor(
    private readonly alerts: AlertService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    const settings = config.get('alerts', { infer: true });
    this.threshold = settings.mongoFailureThreshold;
    this.windowMs = settings.windowSeconds * 1000;
  }

  onUnavailable(store: string): void {
    if (store === 'mongo' || store.endsWith(':mongo')) this.recordFailure();
  }

  onAvailable(store: string): void {
    if (store !== 'mongo' && !store.endsWith(':mongo')) return;

    this.failures = [];
    this.alerts.clear('mongo_connection_failures');
  }

  recordFailure(): void {
    const now = this.clock.now().getTime();
    this.metrics.mongoConnectionFailures.inc();
    this.failures = [...this.failures, now].filter(
      (at) => at > now - this.windowMs,
    );

    if (this.failures.length > this.threshold) {
      this.alerts.raise('mongo_connection_failures', {
        failures: this.failures.length,
        window_seconds: this.windowMs / 1000,
      });
    }
  }
}
