import { Global, Module } from '@nestjs/common';
import { AlertService } from './alert.service';
import { LatencyMonitor } from './latency.monitor';
import { MongoFailureMonitor } from './mongo-failure.monitor';

@Global()
@Module({
  providers: [AlertService, MongoFailureMonitor, LatencyMonitor],
  exports: [AlertService, MongoFailureMonitor, LatencyMonitor],
})
export class AlertsModule {}
