import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getConnectionToken } from '@nestjs/mongoose';
import Redis from 'ioredis';
import { Connection } from 'mongoose';
import { once } from 'node:events';
import { Clock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import { mongoCollection } from '@/database/mongo-collections';
import { withTimeout } from '@/health/with-timeout';
import { CACHE_HOLDS_COLLECTION, CacheHold } from './cache-hold';
import { REDIS_CLIENT } from './cache.constants';
import { createRedisClient } from './redis-client';
import { RedisSessionCache } from './redis-session-cache';

/** Longest start-up and shutdown wait on Redis, in ms. */
const CONNECT_WAIT_MS = 2000;
const QUIT_WAIT_MS = 1000;
/** How long one announcement of a cache hold lasts, in ms. */
const HOLD_MS = 15_000;

/**
 * Connects at start-up without making Redis a condition of starting, and
 * closes the client on shutdown, after the HTTP server has stopped.
 */
@Injectable()
export class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    private readonly cache: RedisSessionCache,
    private readonly hold: CacheHold,
  ) {}

  async onModuleInit(): Promise<void> {
    // The cache counts as held until the hold has been read once.
    await withTimeout(this.hold.refresh(), CONNECT_WAIT_MS, 'MongoDB').catch(
      () => undefined,
    );
    this.hold.start();
    try {
      await withTimeout(
        Promise.race([this.client.connect(), once(this.client, 'ready')]),
        CONNECT_WAIT_MS,
        'Redis',
      );
      this.logger.log('Session cache connected to Redis');
    } catch (error) {
      this.logger.warn(
        `Redis is not reachable yet; sessions are read from MongoDB until it is (${String(error)})`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.hold.stop();
    this.cache.beginClose();
    try {
      await withTimeout(this.client.quit(), QUIT_WAIT_MS, 'Redis');
    } catch {
      // Already closed or not answering: drop the socket instead.
    }
    this.client.disconnect();
    this.logger.log('Closed the Redis connection');
  }
}

/**
 * The Redis client and the session cache on it, imported only when
 * USE_REDIS_CACHE is on.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        createRedisClient(config.get('redis', { infer: true })),
    },
    {
      provide: CacheHold,
      inject: [ConfigService, getConnectionToken(), Clock],
      useFactory: (
        config: ConfigService<AppConfig, true>,
        connection: Connection,
        clock: Clock,
      ) =>
        new CacheHold(
          mongoCollection(connection, CACHE_HOLDS_COLLECTION),
          clock,
          {
            pollMs: config.get('redis', { infer: true }).holdPollMs,
            holdMs: HOLD_MS,
            maxTimeMs: config.get('mongo', { infer: true }).operationTimeoutMs,
          },
        ),
    },
    RedisSessionCache,
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT, RedisSessionCache, CacheHold],
})
export class RedisModule {}
