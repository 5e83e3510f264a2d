import { Global, Module } from '@nestjs/common';
import { AdminMetricsController } from './admin-metrics.controller';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { StorageSampler } from './storage-sampler.service';

@Global()
@Module({
  controllers: [MetricsController, AdminMetricsController],
  providers: [MetricsService, HttpMetricsHook, StorageSampler],
  exports: [MetricsService],
})
export class MetricsModule {}
