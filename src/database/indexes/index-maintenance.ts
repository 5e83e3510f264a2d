import { Db, Document, MongoServerError } from 'mongodb';
import { NOT_IMPLEMENTED } from '../mongo-errors';
import { IndexSpec } from './expected-indexes';
import { IndexReport, inspectIndex } from './index-inspection';

const NAMESPACE_NOT_FOUND = 26;

export interface EnsureResult {
  reports: IndexReport[];
  /**
   * True when an index meant to expire documents has no TTL: the server
   * refused the option (FerretDB does) or the index predates it.
   */
  ttlInactive: boolean;
  /** Indexes that could not be created or rebuilt, with the reason. */
  failures: { spec: IndexSpec; reason: string }[];
}

/** Reads, creates and rebuilds the service's indexes on one database. */
export class IndexMaintenance {
  constructor(private readonly db: Db) {}

  async inspect(specs: IndexSpec[]): Promise<IndexReport[]> {
    const byCollection = new Map<string, Document[]>();
    for (const collection of new Set(specs.map((s) => s.collection))) {
      byCollection.set(collection, await this.listIndexes(collection));
    }

    return specs.map((spec) =>
      inspectIndex(spec, byCollection.get(spec.collection) ?? []),
    );
  }

  /**
   * Creates missing indexes. Conflicting ones are rebuilt only with
   * `rebuildConflicts`; otherwise they stay as they are and are reported.
   */
  async ensure(
    specs: IndexSpec[],
    options: { rebuildConflicts: boolean },
  ): Promise<EnsureResult> {
    const result: EnsureResult = {
      reports: [],
      ttlInactive: false,
      failures: [],
    };

    for (const report of await this.inspect(specs)) {
      const rebuild =
        options.rebuildConflicts &&
        (report.state === 'conflicting' ||
          report.state === 'present-without-ttl');
      if (report.state !== 'missing' && !rebuild) continue;

      try {
        await this.refuseDuplicates(report.spec);
        if (rebuild) await this.drop(report);
        await this.create(report.spec);
      } catch (error) {
        result.failures.push({ spec: report.spec, reason: reasonOf(error) });
      }
    }
    result.reports = await this.inspect(specs);
    result.ttlInactive = result.reports.some(
      (report) => report.state === 'present-without-ttl',
    );

    return result;
  }

  /** Creates one index, without TTL where the server refuses it. */
  private async create(spec: IndexSpec): Promise<void> {
    const collection = this.db.collection(spec.collection);
    const options = { name: spec.name, ...(spec.unique && { unique: true }) };
    if (spec.expireAfterSeconds === undefined) {
      await collection.createIndex(spec.key, options);
      return;
    }

    try {
      await collection.createIndex(spec.key, {
        ...options,
        expireAfterSeconds: spec.expireAfterSeconds,
      });
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      await collection.createIndex(spec.key, options);
    }
  }

  /**
   * A unique index cannot be built over duplicates; checking first keeps a
   * rebuild from dropping the old index and then failing.
   */
  private async refuseDuplicates(spec: IndexSpec): Promise<void> {
    if (!spec.unique) return;

    const key = Object.fromEntries(
      Object.keys(spec.key).map((field) => [field, `$${field}`]),
    );
    const duplicates = await this.db
      .collection(spec.collection)
      .aggregate([
        { $group: { _id: key, count: { $sum: 1 } } },
        { $match: { count: { $gt: 1 } } },
        { $count: 'keys' },
      ])
      .toArray();
    const keys = Number(duplicates[0]?.keys ?? 0);
    if (keys > 0) {
      throw new Error(
        `${keys} values of ${Object.keys(spec.key).join(', ')} occur in ` +
          'more than one document; remove the duplicates first',
      );
    }
  }

  private async drop(report: IndexReport): Promise<void> {
    await this.db
      .collection(report.spec.collection)
      .dropIndex(report.existingName ?? report.spec.name);
  }

  private async listIndexes(collection: string): Promise<Document[]> {
    try {
      return await this.db.collection(collection).listIndexes().toArray();
    } catch (error) {
      if ((error as MongoServerError).code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    }
  }
}

function isNotImplemented(error: unknown): boolean {
  return (error as MongoServerError)?.code === NOT_IMPLEMENTED;
}

/** Duplicate values are the usual reason a unique index cannot be built. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/E11000|UNIQUE constraint/i.test(message)) {
    return 'existing documents have duplicate values for its key';
  }

  return message;
}
