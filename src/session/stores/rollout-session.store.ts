import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { SessionNotFoundError } from '@/common/errors/store.errors';
import { emptyStats } from '../session-stats';
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
 * The bucket (0-99) of a session id: the first four bytes of its SHA-256
 * modulo 100. Stable across processes and restarts, so a session keeps its
 * home while the percentage stays the same.
 */
export function rolloutBucket(sessionId: string): number {
  return createHash('sha256').update(sessionId).digest().readUInt32BE(0) % 100;
}

/**
 * Phase 2 of the move to MongoDB: a session whose bucket is below the
 * percentage lives in MongoDB, the others in memory. A session is looked
 * for in its home store first and then in the other one, so sessions made
 * under another percentage (or before the rollout) are still found; a
 * change goes to the store that holds the session.
 */
export class RolloutSessionStore extends SessionStore {
  readonly kind = 'rollout';
  private readonly logger = new Logger(RolloutSessionStore.name);

  constructor(
    readonly memory: SessionStore,
    readonly mongo: SessionStore,
    /** Share of sessions, 0-100, whose home is MongoDB. */
    private readonly percent: number,
  ) {
    super();
  }

  /** Where a session with this id is created and looked for first. */
  homeOf(sessionId: string): SessionStore {
    return rolloutBucket(sessionId) < this.percent ? this.mongo : this.memory;
  }

  async create(session: Session): Promise<Session> {
    const home = this.homeOf(session.session_id);
    this.logger.debug(`Session ${session.session_id} created in ${home.kind}`);

    return home.create(session);
  }

  async findById(sessionId: string): Promise<Session | null> {
    const [first, second] = this.lookupOrder(sessionId);
    const found = await first.findById(sessionId);
    if (found) return this.served(found, first);

    const elsewhere = await second.findById(sessionId);

    return elsewhere ? this.served(elsewhere, second) : null;
  }

  async update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    const [first, second] = this.lookupOrder(sessionId);
    try {
      return await first.update(sessionId, expectedVersion, changes);
    } catch (error) {
      if (!(error instanceof SessionNotFoundError)) throw error;
    }

    const updated = await second.update(sessionId, expectedVersion, changes);

    return this.served(updated, second);
  }

  /** Deletes from both stores, so no stale copy can come back. */
  async delete(sessionId: string): Promise<boolean> {
    const [inMemory, inMongo] = await Promise.all([
      this.memory.delete(sessionId),
      this.mongo.delete(sessionId),
    ]);

    return inMemory || inMongo;
  }

  async deleteExpired(): Promise<number> {
    const [inMemory, inMongo] = await Promise.all([
      this.memory.deleteExpired(),
      this.mongo.deleteExpired(),
    ]);

    return inMemory + inMongo;
  }

  /** Both stores' first pages, merged newest first like each store sorts. */
  async list(filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
    const window = { page: 1, limit: page.page * page.limit };
    const [inMemory, inMongo] = await Promise.all([
      this.memory.list(filter, window),
      this.mongo.list(filter, window),
    ]);
    const merged = [...inMemory.items, ...inMongo.items].sort(newestFirst);
    const start = (page.page - 1) * page.limit;

    return {
      ...page,
      total: inMemory.total + inMongo.total,
      items: merged.slice(start, start + page.limit),
    };
  }

  async stats(): Promise<SessionStats> {
    const parts = await Promise.all([this.memory.stats(), this.mongo.stats()]);

    return parts.reduce(mergeStats, emptyStats());
  }

  /** An imported session goes to its home store. */
  async importSession(session: Session): Promise<ImportOutcome> {
    return this.homeOf(session.session_id).importSession(session);
  }

  async *listAll(): AsyncIterable<Session> {
    yield* this.memory.listAll();
    yield* this.mongo.listAll();
  }

  private lookupOrder(sessionId: string): [SessionStore, SessionStore] {
    const home = this.homeOf(sessionId);

    return home === this.mongo
      ? [this.mongo, this.memory]
      : [this.memory, this.mongo];
  }

  private served(session: Session, store: SessionStore): Session {
    this.logger.debug(`Session ${session.session_id} served by ${store.kind}`);

    return session;
  }
}

function newestFirst(a: Session, b: Session): number {
  return (
    b.created_at.getTime() - a.created_at.getTime() ||
    a.session_id.localeCompare(b.session_id)
  );
}

function mergeStats(total: SessionStats, part: SessionStats): SessionStats {
  total.total += part.total;
  total.active += part.active;
  total.completed += part.completed;
  addCounts(total.by_mode, part.by_mode);
  addCounts(total.by_step, part.by_step);
  addCounts(total.by_language, part.by_language);

  return total;
}

function addCounts(
  into: Record<string, number>,
  counts: Record<string, number>,
): void {
  for (const [key, count] of Object.entries(counts)) {
    into[key] = (into[key] ?? 0) + count;
  }
}
