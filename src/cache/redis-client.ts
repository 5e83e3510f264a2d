import Redis from 'ioredis';
import { AppConfig } from '@/config/app-config';

/** Slowest reconnect pace while Redis is away, in ms. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * A client that fails fast instead of waiting: no offline queue, no
 * resending after a reconnect, every command bounded by
 * REDIS_COMMAND_TIMEOUT_MS. Callers fall back to MongoDB on any error.
 */
export function createRedisClient(settings: AppConfig['redis']): Redis {
  return new Redis(settings.url, {
    lazyConnect: true,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: Math.max(500, settings.commandTimeoutMs * 4),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
}
