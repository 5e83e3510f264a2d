import { Controller, Get, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard } from '@/common/admin/admin-key.guard';
import { Clock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import { LatencySummary } from './latency-window';
import { MetricsService } from './metrics.service';

export interface AdminMetrics {
  window_seconds: number;
  overall: LatencySummary;
  operations: Record<string, LatencySummary>;
}

/** Store latency percentiles as JSON, for people without Prometheus. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('admin/metrics')
export class AdminMetricsController {
  private readonly windowSeconds: number;

  constructor(
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.windowSeconds = config.get('alerts', { infer: true }).windowSeconds;
  }

  @Get()
  summary(): AdminMetrics {
    const since = this.clock.now().getTime() - this.windowSeconds * 1000;

    return {
      window_seconds: this.windowSeconds,
      overall: this.metrics.latencies.overall(since),
      operations: this.metrics.latencies.summarize(since),
    };
  }
}
