/** Options shared by every MongoDB-backed store. */
export interface MongoStoreOptions {
  store: 'mongo';
  /** Server-side bound on each command, in ms. Default 2000. */
  maxTimeMs?: number;
}

/** A Redis copy of each session in front of MongoDB. */
export interface SessionCacheOptions {
  /** Longest a copy lives, never past the session's expiry. Default 300. */
  ttlSeconds: number;
}

/** Sessions in MongoDB, optionally cached in Redis. */
export interface MongoSessionStoreOptions extends MongoStoreOptions {
  /** Needs RedisModule; absent means no cache. */
  cache?: SessionCacheOptions;
}

/**
 * Migration phase 1: memory stays the truth and every session write is
 * copied to MongoDB off the request path.
 */
export interface ShadowStoreOptions {
  store: 'shadow';
  /** Server-side bound on each copy, in ms. Default 2000. */
  maxTimeMs?: number;
}

/**
 * Migration phase 2: `percent` of sessions (by a stable hash of their id)
 * live in MongoDB, the others in memory.
 */
export interface RolloutStoreOptions {
  store: 'rollout';
  /** Share of sessions placed in MongoDB, 0-99. */
  percent: number;
  /** Server-side bound on each command, in ms. Default 2000. */
  maxTimeMs?: number;
}

/** Which backend keeps sessions. */
export type SessionStoreOptions =
  | { store: 'memory' }
  | MongoSessionStoreOptions
  | ShadowStoreOptions
  | RolloutStoreOptions;

/** Which backend keeps conversation turns. */
export type ConversationLogOptions =
  | {
      store: 'file';
      /** Folder of the per-session JSONL files. */
      directory: string;
    }
  | MongoStoreOptions;

/** Which backend keeps completed quizzes; shadow copies memory to MongoDB. */
export type QuizResultStoreOptions =
  { store: 'memory' } | MongoStoreOptions | ShadowStoreOptions;

export interface SessionModuleOptions {
  sessions: SessionStoreOptions;
  conversationLog: ConversationLogOptions;
  quizResults: QuizResultStoreOptions;
  /** A session expires this long after its last change. Default 30. */
  ttlMinutes: number;
  /** How often expired sessions are swept, in seconds. Default 60. */
  sweepIntervalSeconds: number;
  /**
   * Memory sessions are loaded from this file at start and written back on
   * shutdown; with MongoDB only, a file found there is imported once and
   * renamed. Unset (the default) means no snapshot.
   */
  snapshotPath?: string;
}
