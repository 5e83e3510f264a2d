import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@/cache/redis.health';
import { HealthController } from './health.controller';
import { MongoHealthIndicator } from './mongo.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [MongoHealthIndicator, RedisHealthIndicator],
})
export class HealthModule {}
