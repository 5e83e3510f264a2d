import { Db } from 'mongodb';
import { Connection } from 'mongoose';
import { AppConfig } from '@/config/app-config';
import { expectedIndexes } from '@/database/indexes/expected-indexes';
import { describeReport } from '@/database/indexes/index-inspection';
import { IndexMaintenance } from '@/database/indexes/index-maintenance';
import { openMongoConnection } from '@/database/open-mongo-connection';
import { describeMongoHosts, redactMongoUri } from '@/database/redact-uri';

/** A connection opened for one migration command. */
export interface MigrationDatabase {
  db: Db;
  close(): Promise<void>;
}

/** Opens MONGODB_URI; the error names the host, never the password. */
export async function openMigrationDatabase(
  mongo: AppConfig['mongo'],
): Promise<MigrationDatabase> {
  let connection: Connection;
  try {
    connection = await openMongoConnection(mongo);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach MongoDB at ${describeMongoHosts(mongo.uri)}: ` +
        redactMongoUri(reason),
      { cause: error },
    );
  }

  return {
    db: connection.getClient().db(connection.name),
    close: () => connection.close(),
  };
}

/**
 * Creates the missing indexes of the collections an import writes to and
 * refuses to go on without them: without its unique index a re-run could
 * store a session or a turn twice.
 */
export async function ensureImportIndexes(
  db: Db,
  collections: string[],
): Promise<void> {
  const result = await new IndexMaintenance(db).ensure(
    expectedIndexes(collections),
    { rebuildConflicts: false },
  );
  const problems = [
    ...result.failures.map(
      (f) => `${f.spec.collection}.${f.spec.name}: ${f.reason}`,
    ),
    ...result.reports
      .filter((r) => r.state === 'missing' || r.state === 'conflicting')
      .map(describeReport),
  ];
  if (problems.length > 0) {
    throw new Error(
      `Indexes are not ready: ${problems.join('; ')}. Run ` +
        '"npm run db:indexes -- --fix" first',
    );
  }
}
