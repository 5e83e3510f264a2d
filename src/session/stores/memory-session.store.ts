import { copyPlain } from '@/common/data/copy-plain';
import { Clock } from '@/common/clock/clock';
import {
  SessionConflictError,
  SessionExistsError,
  SessionNotFoundError,
} from '@/common/errors/store.errors';
import { addToStats, emptyStats } from '../session-stats';
import { SessionStore } from '../session.store';
import {
  ImportOutcome,
  Page,
  PageRequest,
  Session,
  SessionChanges,
  SessionFilter,
  SessionStats,
} from '../session.types';

/**
 * Sessions in process memory. Each method runs without awaiting between
 * its check and its write, so the version guard is atomic here by
 * construction. Copies go in and out so callers never share state.
 */
export class MemorySessionStore extends SessionStore {
  readonly kind = 'memory';
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async create(session: Session): Promise<Session> {
    if (this.live(session.session_id)) {
      throw new SessionExistsError(session.session_id);
    }

    this.sessions.set(session.session_id, copyPlain(session));

    return copyPlain(session);
  }

  async findById(sessionId: string): Promise<Session | null> {
    const session = this.live(sessionId);

    return session ? copyPlain(session) : null;
  }

  async update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    const current = this.live(sessionId);
    if (!current) throw new SessionNotFoundError(sessionId);
    if (current.version !== expectedVersion) {
      throw new SessionConflictError(sessionId);
    }

    const next: Session = {
      ...current,
      ...copyPlain(changes),
      version: current.version + 1,
    };
    this.sessions.set(sessionId, next);

    return copyPlain(next);
  }

  async delete(sessionId: string): Promise<boolean> {
    const existed = this.live(sessionId) !== undefined;
    this.sessions.delete(sessionId);

    return existed;
  }

  async deleteExpired(): Promise<number> {
    const now = this.clock.now().getTime();
    let removed = 0;
    for (const [id, session] of this.sessions) {
      if (session.expires_at.getTime() <= now) {
        this.sessions.delete(id);
        removed += 1;
      }
    }

    return removed;
  }

  async list(filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
    const matching = [...this.liveSessions()]
      .filter((session) => matches(session, filter))
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
    const start = (page.page - 1) * page.limit;
    const items = matching.slice(start, start + page.limit);

    return { ...page, total: matching.length, items: copyPlain(items) };
  }

  async stats(): Promise<SessionStats> {
    const stats = emptyStats();
    for (const session of this.liveSessions()) addToStats(stats, session);

    return stats;
  }

  async importSession(session: Session): Promise<ImportOutcome> {
    if (session.expires_at.getTime() <= this.clock.now().getTime()) {
      return 'skipped';
    }

    const current = this.live(session.session_id);
    if (current && current.version >= session.version) return 'skipped';

    this.sessions.set(session.session_id, copyPlain(session));

    return 'copied';
  }

  async *listAll(): AsyncIterable<Session> {
    for (const session of [...this.liveSessions()]) {
      yield copyPlain(session);
    }
  }

  private live(sessionId: string): Session | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;

    return session.expires_at.getTime() > this.clock.now().getTime()
      ? session
      : undefined;
  }

  private *liveSessions(): Iterable<Session> {
    const now = this.clock.now().getTime();
    for (const session of this.sessions.values()) {
      if (session.expires_at.getTime() > now) yield session;
    }
  }
}

function matches(session: Session, filter: SessionFilter): boolean {
  return (
    (!filter.mode || session.mode === filter.mode) &&
    (!filter.step || session.step === filter.step) &&
    (!filter.language || session.language === filter.language)
  );
}
