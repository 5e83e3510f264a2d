import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { RedisHealthIndicator } from '@/cache/redis.health';
import { ShutdownState } from '@/common/lifecycle/shutdown-state';
import { MongoHealthIndicator } from './mongo.health';

/**
 * Liveness answers from the process alone, so a database outage never
 * restarts the pods; readiness checks every dependency for real.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    private readonly mongo: MongoHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicator.check('process').up({ uptime_seconds: uptime() }),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.dependencyChecks());
  }

  /** The readiness checks, for people. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check(this.dependencyChecks());
  }

  private dependencyChecks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [
      () => {
        const check = this.indicator.check('lifecycle');
        return this.shutdown.shuttingDown
          ? check.down({ message: 'shutting down' })
          : check.up();
      },
    ];
    if (this.mongo.enabled && this.mongo.critical) {
      checks.push(
        () => this.mongo.ping(),
        () => this.mongo.checkIndexes(),
      );
    } else if (this.mongo.enabled) {
      checks.push(() => this.mongo.pingMirror());
    }
    if (this.redis.enabled) checks.push(() => this.redis.ping());

    return checks;
  }
}

function uptime(): number {
  return Math.round(process.uptime());
}
