import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { SystemClock } from '@/common/clock/clock';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { AppConfig } from '@/config/app-config';
import {
  ensureImportIndexes,
  MigrationDatabase,
  openMigrationDatabase,
} from '@/migration/migration-database';
import { MongoSessionImporter } from '@/migration/mongo-session-importer';
import { SESSIONS_COLLECTION } from '@/session/schemas/session-record.schema';
import { Session } from '@/session/session.types';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import {
  ImportCounts,
  importSessions,
  ImportStoppedError,
} from '@/session/snapshot/session-import';
import {
  readSessionSnapshot,
  writeSessionSnapshot,
} from '@/session/snapshot/session-snapshot-file';

interface MigrateSessionsOptions {
  fromSnapshot?: string;
  toSnapshot?: string;
}

const USAGE =
  'Give exactly one of --from-snapshot FILE (import into MongoDB) or ' +
  '--to-snapshot FILE (export from MongoDB)';

/** Sessions between two progress lines. */
const PROGRESS_EVERY = 500;
/** Sessions read back and inserted per round trip. */
const BATCH_SIZE = 250;

/**
 * --from-snapshot imports a snapshot into MongoDB with importSession, so a
 * run that was interrupted can simply be started again; --to-snapshot
 * writes the live MongoDB sessions to a snapshot (atomically), e.g. as
 * SESSION_SNAPSHOT_PATH before going back to memory sessions.
 */
@Command({
  name: 'migrate:sessions',
  description: 'Import a session snapshot into MongoDB, or export one',
})
export class MigrateSessionsCommand extends CommandRunner {
  constructor(private readonly config: ConfigService<AppConfig, true>) {
    super();
  }

  async run(_args: string[], options: MigrateSessionsOptions): Promise<void> {
    const { fromSnapshot, toSnapshot } = options;
    if (!fromSnapshot === !toSnapshot) {
      console.error(USAGE);
      process.exitCode = 1;
      return;
    }

    let database: MigrationDatabase | undefined;
    try {
      database = await openMigrationDatabase(
        this.config.get('mongo', { infer: true }),
      );
      const store = this.sessionStore(database);
      if (fromSnapshot) await this.importFrom(fromSnapshot, store, database);
      else if (toSnapshot) await this.exportTo(toSnapshot, store);
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } finally {
      await database?.close();
    }
  }

  @Option({
    flags: '--from-snapshot <file>',
    description: 'Snapshot to import into MongoDB',
  })
  parseFromSnapshot(value: string): string {
    return value;
  }

  @Option({
    flags: '--to-snapshot <file>',
    description: 'File to write the live MongoDB sessions to',
  })
  parseToSnapshot(value: string): string {
    return value;
  }

  private async importFrom(
    path: string,
    store: MongoSessionStore,
    database: MigrationDatabase,
  ): Promise<void> {
    await ensureImportIndexes(database.db, [SESSIONS_COLLECTION]);

    console.error(`Importing sessions from ${path}`);
    const importer = new MongoSessionImporter(
      database.db.collection<Session>(SESSIONS_COLLECTION),
      store,
      new SystemClock(),
    );
    const counts = await importSessions(readSessionSnapshot(path), importer, {
      batchSize: BATCH_SIZE,
      progressEvery: PROGRESS_EVERY,
      isFatal: (error) => error instanceof StoreUnavailableError,
      onProgress: (sofar) => console.error(`  ${describeCounts(sofar)}`),
      onProblem: (problem) =>
        console.error(
          `  failed: ${problem.line ? `line ${problem.line}: ` : ''}` +
            problem.reason,
        ),
    }).catch((error: unknown) => {
      if (error instanceof ImportStoppedError) {
        console.log(`Sessions: ${describeCounts(error.counts)}`);
      }
      throw error;
    });

    console.log(`Sessions: ${describeCounts(counts)}`);
    if (counts.failed > 0) process.exitCode = 1;
  }

  private async exportTo(path: string, store: MongoSessionStore) {
    const count = await writeSessionSnapshot(path, store.listAll(), new Date());
    console.log(`Exported ${count} live sessions to ${path}`);
  }

  private sessionStore(database: MigrationDatabase): MongoSessionStore {
    return new MongoSessionStore(
      database.db.collection<Session>(SESSIONS_COLLECTION),
      new SystemClock(),
      this.config.get('mongo', { infer: true }).operationTimeoutMs,
    );
  }
}

function describeCounts(counts: ImportCounts): string {
  const total = counts.copied + counts.skipped + counts.failed;

  return (
    `${total} read: ${counts.copied} copied, ${counts.skipped} skipped, ` +
    `${counts.failed} failed`
  );
}
