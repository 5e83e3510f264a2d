/** Injection token of the one ioredis client of the process. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Cached sessions live under this prefix, one hash per session id. */
export const SESSION_KEY_PREFIX = 'jti:session:';

/**
 * A counter every cache entry is stamped with; raising it retires every
 * entry at once (see RedisSessionCache).
 */
export const CACHE_EPOCH_KEY = 'jti:cache:epoch';

/**
 * The latest cache hold (see CacheHold) whose end has retired the cached
 * sessions, so an instance that first reads an old hold knows whether
 * the entries it finds were written after it.
 */
export const CACHE_HOLD_SEEN_KEY = 'jti:cache:hold-seen';
