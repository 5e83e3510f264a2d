import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@/common/clock/clock';
import { decodeUrlPart } from '@/common/decode-url-part';
import { AppConfig } from '@/config/app-config';
import { MetricsService } from '@/metrics/metrics.service';

export type AlertName =
  'mongo_connection_failures' | 'store_latency_p99' | 'redis_unavailable';

const WEBHOOK_TIMEOUT_MS = 2000;

/** Where alerts are posted; credentials in the URL become a header. */
interface Webhook {
  url: URL;
  authorization?: string;
}

/**
 * Raises and clears alerts, once per episode each: one error line with a
 * stable event name, a counter, and a POST to ALERT_WEBHOOK_URL when set.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger(AlertService.name);
  private readonly firing = new Set<AlertName>();
  private readonly webhookUrl?: Webhook;

  constructor(
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    const url = config.get('alerts', { infer: true }).webhookUrl;
    this.webhookUrl = url ? webhookOf(url) : undefined;
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
    const { url, authorization } = this.webhookUrl;
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization && { authorization }),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    }).catch((error: unknown) =>
      this.logger.warn(
        `Alert webhook to ${url.origin}${url.pathname} failed: ` +
          describe(error),
      ),
    );
  }
}

/** fetch refuses URLs with credentials: they go as Basic auth instead. */
function webhookOf(text: string): Webhook {
  const url = new URL(text);
  if (!url.username && !url.password) return { url };

  const user = decodeUrlPart(url.username);
  const password = decodeUrlPart(url.password);
  url.username = '';
  url.password = '';
  const token = Buffer.from(`${user}:${password}`).toString('base64');

  return { url, authorization: `Basic ${token}` };
}

/** The error's kind and cause, never a URL that might carry a secret. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  const cause = (error.cause as { code?: string } | undefined)?.code;

  return cause ? `${error.name} (${cause})` : error.name;
}
