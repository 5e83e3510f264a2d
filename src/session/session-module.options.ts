/** Options shared by every MongoDB-backed store. */
export interface MongoStoreOptions {
  store: 'mongo';
  /** Server-side bound on each command, in ms. Default 2000. */
  maxTimeMs?: number;
}

/** Which backend keeps sessions. */
export type SessionStoreOptions = { store: 'memory' } | MongoStoreOptions;

/** Which backend keeps conversation turns. */
export type ConversationLogOptions =
  | {
      store: 'file';
      /** Folder of the per-session JSONL files. */
      directory: string;
    }
  | MongoStoreOptions;

/** Which backend keeps completed quizzes. */
export type QuizResultStoreOptions = { store: 'memory' } | MongoStoreOptions;

export interface SessionModuleOptions {
  sessions: SessionStoreOptions;
  conversationLog: ConversationLogOptions;
  quizResults: QuizResultStoreOptions;
  /** A session expires this long after its last change. Default 30. */
  ttlMinutes: number;
  /** How often expired sessions are swept, in seconds. Default 60. */
  sweepIntervalSeconds: number;
}
