/** Injection token of the one ioredis client of the process. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Cached sessions live under this prefix, one hash per session id. */
export const SESSION_KEY_PREFIX = 'jti:session:';

/**
 * A counter every cache entry is stamped with; raising it retires every
 * entry at once (see RedisSessionCache).
 */
export const CACHE_EPOCH_KEY = 'jti:cache:epoch';
