import {
  ImportOutcome,
  Page,
  PageRequest,
  Session,
  SessionChanges,
  SessionFilter,
  SessionStats,
} from './session.types';

/**
 * Where sessions live. Every implementation treats a session whose
 * expires_at has passed as gone, whether or not it was deleted yet, and
 * applies each change as one update guarded by the expected version.
 */
export abstract class SessionStore {
  /** Backend name used in logs and metrics: memory, mongo... */
  abstract readonly kind: string;

  /** Inserts a new session; SessionExistsError if a live one has its id. */
  abstract create(session: Session): Promise<Session>;

  /** The live session, or null when absent or expired. */
  abstract findById(sessionId: string): Promise<Session | null>;

  /**
   * Applies changes if the session is live and still at expectedVersion,
   * raising its version by one. SessionNotFoundError when gone,
   * SessionConflictError when another change came first.
   */
  abstract update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session>;

  /** Removes the session; false when there was none. */
  abstract delete(sessionId: string): Promise<boolean>;

  /** Removes every session expired by now; returns how many. */
  abstract deleteExpired(): Promise<number>;

  abstract list(
    filter: SessionFilter,
    page: PageRequest,
  ): Promise<Page<Session>>;

  abstract stats(): Promise<SessionStats>;

  /**
   * Copies a session in from another store: inserted when absent, replaced
   * when the stored copy has a lower version, otherwise left alone.
   */
  abstract importSession(session: Session): Promise<ImportOutcome>;

  /** Every live session, for snapshots and migrations. */
  abstract listAll(): AsyncIterable<Session>;
}
