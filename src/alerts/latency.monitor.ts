import {
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import { MetricsService } from '@/metrics/metrics.service';
import { AlertService } from './alert.service';

/** Raises the latency alert while store p99 over the window is too high. */
@Injectable()
export class LatencyMonitor
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer?: NodeJS.Timeout;
  private readonly settings: AppConfig['alerts'];

  constructor(
    private readonly alerts: AlertService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.settings = config.get('alerts', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => this.evaluate(),
      this.settings.evaluationSeconds * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  evaluate(): void {
    const since =
      this.clock.now().getTime() - this.settings.windowSeconds * 1000;
    const { count, p99_ms } = this.metrics.latencies.overall(since);
    const details = { p99_ms, samples: count };

    if (
      count >= this.settings.minSamples &&
      p99_ms > this.settings.p99ThresholdMs
    ) {
      this.alerts.raise('store_latency_p99', {
        ...details,
        threshold_ms: this.settings.p99ThresholdMs,
      });
    } else if (p99_ms <= this.settings.p99ThresholdMs) {
      this.alerts.clear('store_latency_p99', details);
    }
  }
}
