import { Collection, MongoBulkWriteError } from 'mongodb';
import { Clock } from '@/common/clock/clock';
import { callMongo, DUPLICATE_KEY } from '@/database/mongo-errors';
import { SessionStore } from '@/session/session.store';
import { ImportOutcome, Session } from '@/session/session.types';
import { ImportTarget } from '@/session/snapshot/session-import';

type StoredVersion = Pick<Session, 'session_id' | 'version' | 'expires_at'>;
type Outcome = ImportOutcome | Error;

/**
 * Imports batches into the sessions collection with the guarantees of
 * importSession at a fraction of its round trips: one query reads the
 * stored versions of a batch, the absent sessions go in with a single
 * unordered insertMany, and only sessions whose stored copy is older (or
 * expired), or that another writer inserted first, go through the store's
 * version-guarded importSession one by one. Re-running a large import thus
 * costs one read per batch.
 */
export class MongoSessionImporter implements ImportTarget {
  constructor(
    private readonly sessions: Collection<Session>,
    private readonly store: SessionStore,
    private readonly clock: Clock,
  ) {}

  async importBatch(batch: Session[]): Promise<Outcome[]> {
    const now = this.clock.now();
    const stored = await this.storedVersions(batch);
    const outcomes: Outcome[] = [];
    const inserts: number[] = [];
    const guarded: number[] = [];
    const seen = new Set<string>();

    batch.forEach((session, index) => {
      const id = session.session_id;
      const current = stored.get(id);
      const older =
        !!current &&
        (current.version < session.version || current.expires_at <= now);
      // A second copy of an id in one batch is left to the version guard.
      if (session.expires_at <= now) outcomes[index] = 'skipped';
      else if (older || seen.has(id)) guarded.push(index);
      else if (!current) inserts.push(index);
      else outcomes[index] = 'skipped';
      seen.add(id);
    });

    const raced = await this.insert(batch, inserts, outcomes);
    for (const index of [...guarded, ...raced]) {
      outcomes[index] = await this.store
        .importSession(batch[index])
        .catch((error: unknown) => toError(error));
    }

    return outcomes;
  }

  private async storedVersions(
    batch: Session[],
  ): Promise<Map<string, StoredVersion>> {
    const ids = batch.map((session) => session.session_id);
    const found = await callMongo(() =>
      this.sessions
        .find(
          { session_id: { $in: ids } },
          { projection: { _id: 0, session_id: 1, version: 1, expires_at: 1 } },
        )
        .toArray(),
    );

    return new Map(found.map((record) => [record.session_id, record]));
  }

  /**
   * Inserts the absent sessions; returns those another writer inserted in
   * the meantime, which the version guard must then decide.
   */
  private async insert(
    batch: Session[],
    indexes: number[],
    outcomes: Outcome[],
  ): Promise<number[]> {
    if (indexes.length === 0) return [];

    const documents = indexes.map((index) => ({ ...batch[index] }));
    const failures = await callMongo(async () => {
      try {
        await this.sessions.insertMany(documents, { ordered: false });
        return [];
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        return [error.writeErrors].flat();
      }
    });

    const raced: number[] = [];
    const failed = new Map(failures.map((f) => [f.index, f]));
    indexes.forEach((batchIndex, position) => {
      const failure = failed.get(position);
      if (!failure) outcomes[batchIndex] = 'copied';
      else if (failure.code === DUPLICATE_KEY) raced.push(batchIndex);
      else outcomes[batchIndex] = new Error(failure.errmsg ?? 'insert failed');
    });

    return raced;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
