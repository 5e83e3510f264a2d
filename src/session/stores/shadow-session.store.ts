import { MirrorQueue } from '@/migration/mirror-queue';
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
 * Phase 1 of the move to MongoDB: memory stays the source of truth and
 * answers every request, and each change is then copied to MongoDB
 * through the mirror queue. Copies go through importSession, so a late or
 * repeated copy never replaces a newer version; a failed copy is counted
 * and logged by the queue and never fails the request.
 */
export class ShadowSessionStore extends SessionStore {
  readonly kind = 'shadow';

  constructor(
    readonly memory: SessionStore,
    readonly mongo: SessionStore,
    private readonly mirror: MirrorQueue,
  ) {
    super();
  }

  async create(session: Session): Promise<Session> {
    const created = await this.memory.create(session);
    this.copy(created);

    return created;
  }

  findById(sessionId: string): Promise<Session | null> {
    return this.memory.findById(sessionId);
  }

  async update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    const updated = await this.memory.update(
      sessionId,
      expectedVersion,
      changes,
    );
    this.copy(updated);

    return updated;
  }

  /** Mirrored even when memory had nothing: MongoDB may still hold a copy. */
  async delete(sessionId: string): Promise<boolean> {
    const existed = await this.memory.delete(sessionId);
    this.mirror.enqueue(mirrorKey(sessionId), async () => {
      await this.mongo.delete(sessionId);
      return 'deleted';
    });

    return existed;
  }

  /**
   * Expired copies in MongoDB are hidden from every read already; its TTL
   * index frees them (the sweep does too, from phase 2 on).
   */
  deleteExpired(): Promise<number> {
    return this.memory.deleteExpired();
  }

  list(filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
    return this.memory.list(filter, page);
  }

  stats(): Promise<SessionStats> {
    return this.memory.stats();
  }

  async importSession(session: Session): Promise<ImportOutcome> {
    const outcome = await this.memory.importSession(session);
    if (outcome === 'copied') this.copy(session);

    return outcome;
  }

  listAll(): AsyncIterable<Session> {
    return this.memory.listAll();
  }

  private copy(session: Session): void {
    const copy = structuredClone(session);
    this.mirror.enqueue(mirrorKey(session.session_id), () =>
      this.mongo.importSession(copy),
    );
  }
}

function mirrorKey(sessionId: string): string {
  return `session:${sessionId}`;
}
