import { Collection, Filter } from 'mongodb';
import { Clock } from '@/common/clock/clock';
import { KeyedSerializer } from '@/common/concurrency/keyed-serializer';
import {
  SessionConflictError,
  SessionExistsError,
  SessionNotFoundError,
} from '@/common/errors/store.errors';
import { callMongo, isDuplicateKey } from '@/database/mongo-errors';
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
import { toSession } from './session-record.mapper';

/**
 * Sessions in the sessions collection. Each change is a single
 * findOneAndUpdate guarded by version and expiry: no transaction, no
 * read-modify-write, and no upsert that could revive a deleted session.
 */
export class MongoSessionStore extends SessionStore {
  readonly kind = 'mongo';
  private readonly writes = new KeyedSerializer();

  constructor(
    private readonly sessions: Collection<Session>,
    private readonly clock: Clock,
    private readonly maxTimeMs: number,
  ) {
    super();
  }

  async create(session: Session): Promise<Session> {
    return callMongo(async () => {
      try {
        await this.sessions.insertOne({ ...session });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await this.replaceExpired(session);
      }

      return session;
    });
  }

  async findById(sessionId: string): Promise<Session | null> {
    const record = await callMongo(() =>
      this.sessions.findOne(this.liveFilter(sessionId), {
        maxTimeMS: this.maxTimeMs,
      }),
    );

    return record ? toSession(record) : null;
  }

  /**
   * Writes to one session are queued within the process: servers that
   * check the version and write the document in two steps (FerretDB 1.x,
   * https://github.com/FerretDB/FerretDB/issues/3040) would otherwise let
   * two concurrent guarded updates both succeed. MongoDB needs no queue;
   * across processes the guard relies on the server's atomic update.
   */
  update(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    return this.writes.run(sessionId, () =>
      this.guardedUpdate(sessionId, expectedVersion, changes),
    );
  }

  private async guardedUpdate(
    sessionId: string,
    expectedVersion: number,
    changes: SessionChanges,
  ): Promise<Session> {
    const updated = await callMongo(() =>
      this.sessions.findOneAndUpdate(
        { ...this.liveFilter(sessionId), version: expectedVersion },
        { $set: changes, $inc: { version: 1 } },
        { returnDocument: 'after', maxTimeMS: this.maxTimeMs },
      ),
    );
    if (updated) return toSession(updated);

    const current = await this.findById(sessionId);
    if (!current) throw new SessionNotFoundError(sessionId);
    throw new SessionConflictError(sessionId);
  }

  async delete(sessionId: string): Promise<boolean> {
    const removed = await callMongo(() =>
      this.sessions.findOneAndDelete(
        { session_id: sessionId },
        { maxTimeMS: this.maxTimeMs },
      ),
    );

    return !!removed && removed.expires_at > this.clock.now();
  }

  async deleteExpired(): Promise<number> {
    const result = await callMongo(() =>
      this.sessions.deleteMany({ expires_at: { $lte: this.clock.now() } }),
    );

    return result.deletedCount;
  }

  async list(filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
    const query: Filter<Session> = {
      ...pickDefined(filter),
      expires_at: { $gt: this.clock.now() },
    };
    const [records, total] = await callMongo(() =>
      Promise.all([
        this.sessions
          .find(query, { maxTimeMS: this.maxTimeMs })
          .sort({ created_at: -1, session_id: 1 })
          .skip((page.page - 1) * page.limit)
          .limit(page.limit)
          .toArray(),
        this.sessions.countDocuments(query, { maxTimeMS: this.maxTimeMs }),
      ]),
    );

    return { ...page, total, items: records.map(toSession) };
  }

  async stats(): Promise<SessionStats> {
    const groups = await callMongo(() =>
      this.sessions
        .aggregate<StatsGroup>(
          [
            { $match: { expires_at: { $gt: this.clock.now() } } },
            {
              $group: {
                _id: { mode: '$mode', step: '$step', language: '$language' },
                count: { $sum: 1 },
              },
            },
          ],
          { maxTimeMS: this.maxTimeMs },
        )
        .toArray(),
    );

    const stats = emptyStats();
    for (const group of groups) addToStats(stats, group._id, group.count);

    return stats;
  }

  async importSession(session: Session): Promise<ImportOutcome> {
    const now = this.clock.now();
    if (session.expires_at <= now) return 'skipped';

    return callMongo(async () => {
      try {
        return await this.replaceOlder(session, now, true);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // A copy exists (maybe inserted by a concurrent import, maybe with
        // a lower version): the version guard alone decides now.
        return this.replaceOlder(session, now, false);
      }
    });
  }

  private async replaceOlder(
    session: Session,
    now: Date,
    upsert: boolean,
  ): Promise<ImportOutcome> {
    const result = await this.sessions.replaceOne(
      {
        session_id: session.session_id,
        $or: [
          { version: { $lt: session.version } },
          { expires_at: { $lte: now } },
        ],
      },
      { ...session },
      { upsert },
    );

    return result.modifiedCount + result.upsertedCount > 0
      ? 'copied'
      : 'skipped';
  }

  async *listAll(): AsyncIterable<Session> {
    const cursor = this.sessions.find({
      expires_at: { $gt: this.clock.now() },
    });
    try {
      while (true) {
        const record = await callMongo(() => cursor.next());
        if (!record) return;
        yield toSession(record);
      }
    } finally {
      await cursor.close();
    }
  }

  /**
   * A leftover expired document may make way for a new session. Deleting
   * it and inserting again lets the unique index pick the one winner among
   * concurrent creators, on every server.
   */
  private async replaceExpired(session: Session): Promise<void> {
    await this.sessions.deleteOne({
      session_id: session.session_id,
      expires_at: { $lte: this.clock.now() },
    });
    try {
      await this.sessions.insertOne({ ...session });
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new SessionExistsError(session.session_id);
      }
      throw error;
    }
  }

  private liveFilter(sessionId: string): Filter<Session> {
    return { session_id: sessionId, expires_at: { $gt: this.clock.now() } };
  }
}

interface StatsGroup {
  _id: Pick<Session, 'mode' | 'step' | 'language'>;
  count: number;
}

function pickDefined(filter: SessionFilter): Partial<SessionFilter> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined),
  );
}
