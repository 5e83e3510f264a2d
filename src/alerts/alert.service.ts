import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import { MetricsService } from '@/metrics/metrics.service';

export type AlertName =
  'mongo_connection_failures' | 'store_latency_p99' | 'redis_unavailable';

const WEBHOOK_TIMEOUT_MS = 2000;

/**
 * Raises and clears alerts, once per episode each: one error line with a
 * stable event name, a counter, and a POST to ALERT_WEBHOOK_URL when set.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger(AlertService.name);
  private readonly firing = new Set<AlertName>();
  private readonly webhookUrl?: string;

  constructor(
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.webhookUrl = config.get('alerts', { infer: true }).webhookUrl;
  }

  isFiring(name: AlertName): boolean {
    return this.firing.has(name);
  }

  raise(name: AlertName, details: Record<string, unknown>): void {
    if (this.firing.has(name)) return;

    this.firing.add(name);
    this.logger.error(
      JSON.stringify({ event: `alert.${name}`, state: 'firing', ...details }),
    );
    this.notify(name, 'firing', details);
  }

  clear(name: AlertName, details: Record<string, unknown> = {}): void {
    if (!this.firing.delete(name)) return;

    this.logger.log(
      JSON.stringify({ event: `alert.${name}`, state: 'resolved', ...details }),
    );
    this.notify(name, 'resolved', details);
  }

  private notify(
    name: AlertName,
    state: 'firing' | 'resolved',
    details: Record<string, unknown>,
  ): void {
    this.metrics.alerts.inc({ alert: name, state });
    if (!this.webhookUrl) return;

    const body = JSON.stringify({
      alert: name,
      state,
      at: this.clock.now().toISOString(),
      ...details,
    });
    fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    }).catch((error: unknown) =>
      this.logger.warn(`Alert webhook failed: ${String(error)}`),
    );
  }
}
