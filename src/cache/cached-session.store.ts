import { Clock } from '@/common/clock/clock';
import {
  SessionConflictError,
  SessionNotFoundError,
} from '@/common/errors/store.errors';
import { SessionStore } from '@/session/session.store';
import {
  ImportOutcome,
  Page,
  PageRequest,
  Session,
  SessionChanges,
  SessionFilter,
  SessionStats,
} from '@/session/session.types';
import { RedisSessionCache } from './redis-session-cache';

/**
 * A session store with a Redis copy in front of it; the wrapped store
 * stays the truth. Reads try the copy first. Every change goes to the
 * wrapped store first and to the copy after, in three steps that keep a
 * stale copy from being served once a change is acknowledged:
 *
 * 1. before the write, the entry becomes a marker of the coming version,
 *    so readers miss and nothing older can be cached over it;
 * 2. after the write, the new copy replaces the marker (version-guarded);
 * 3. on a conflict the entry is dropped, so the retry reads the truth.
 *
 * Where Redis may have missed step 1 or 2, the cache retires all its
 * entries before it is read again (see RedisSessionCache).
 */
export class CachedSessionStore extends SessionStore {
  readonly kind: string;
  private readonly ttlMs: number;

  constructor(
    private readonly inner: SessionStore,
    private readonly cache: RedisSessionCache,
    private readonly clock: Clock,
    ttlSeconds: number,
  ) {
    super();
    this.kind = inner.kind;
    this.ttlMs = ttlSeconds * 1000;
  }

  async create(session: Session): Promise<Session> {
    const created = await this.inner.create(session);
    void this.keep(created);

    return created;
  }

  async findById(sessionId: string): Promise<Session | null> {
    const cached = await this.cache.read(sessionId);
    if (cached && cached.expires_at > this.clock.now()) return cached;

    const session = await this.inner.findById(sessionId);
    if (session) void this.keep(session);

    return session;
  }

  async update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    const next = expectedVersion + 1;
    await this.cache.markChanging(
      sessionId,
      next,
      this.clock.now(),
      this.ttlMs,
    );

    try {
      const updated = await this.inner.update(
        sessionId,
        expectedVersion,
        changes,
      );
      void this.keep(updated);
      return updated;
    } catch (error) {
      if (
        error instanceof SessionConflictError ||
        error instanceof SessionNotFoundError
      ) {
        await this.cache.invalidate(sessionId, next);
      }
      throw error;
    }
  }

  async delete(sessionId: string): Promise<boolean> {
    await this.cache.markDeleted(sessionId, this.clock.now(), this.ttlMs);

    return this.inner.delete(sessionId);
  }

  deleteExpired(): Promise<number> {
    return this.inner.deleteExpired();
  }

  list(filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
    return this.inner.list(filter, page);
  }

  stats(): Promise<SessionStats> {
    return this.inner.stats();
  }

  async importSession(session: Session): Promise<ImportOutcome> {
    const outcome = await this.inner.importSession(session);
    if (outcome === 'copied') void this.keep(session);

    return outcome;
  }

  listAll(): AsyncIterable<Session> {
    return this.inner.listAll();
  }

  /** Caches a copy for no longer than the session itself lives. */
  private keep(session: Session): Promise<void> {
    const now = this.clock.now();
    const ttlMs = Math.min(
      session.expires_at.getTime() - now.getTime(),
      this.ttlMs,
    );

    return this.cache.store(session, now, ttlMs);
  }
}
