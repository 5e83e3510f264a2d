import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import Redis from 'ioredis';
import { AppConfig } from '@/config/app-config';
import { withTimeout } from '@/health/with-timeout';
import { CacheHold } from './cache-hold';
import { REDIS_CLIENT } from './cache.constants';

/**
 * A real PING, bounded by HEALTH_TIMEOUT_MS. The cache is optional: when
 * Redis does not answer, sessions are read from MongoDB and nothing
 * fails, so the check reports the cache as bypassed and stays up. Taking
 * every instance out of service for a cache outage would turn it into a
 * full one. While another instance holds the cache (see CacheHold), it
 * reports the cache as held. The outage itself raises the redis_unavailable alert.
 */
@Injectable()
export class RedisHealthIndicator {
  private readonly timeoutMs: number;

  constructor(
    private readonly indicator: HealthIndicatorService,
    config: ConfigService<AppConfig, true>,
    @Optional() @Inject(REDIS_CLIENT) private readonly client?: Redis,
    @Optional() private readonly hold?: CacheHold,
  ) {
    this.timeoutMs = config.get('health', { infer: true }).timeoutMs;
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  async ping(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);

    try {
      await withTimeout((this.client as Redis).ping(), this.timeoutMs, 'Redis');
    } catch (error) {
      return check.up({ cache: 'bypassed', message: describe(error) });
    }

    if (this.hold?.active) {
      return check.up({
        cache: 'held',
        message:
          'An instance cannot reach Redis; sessions are read from MongoDB',
      });
    }
    return check.up({ cache: 'in use' });
  }
}

/** Never the error's text alone: it may quote the URL. */
function describe(error: unknown): string {
  if (error instanceof Error && /did not answer within/.test(error.message)) {
    return error.message;
  }
  const name = error instanceof Error ? error.name : 'Error';

  return `Redis is unreachable (${name}); sessions are read from MongoDB`;
}
