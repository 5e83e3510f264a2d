import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { SystemClock } from '@/common/clock/clock';
import { AppConfig } from '@/config/app-config';
import {
  MigrationDatabase,
  openMigrationDatabase,
} from '@/migration/migration-database';
import {
  compareSessions,
  IdList,
  SessionComparison,
} from '@/migration/session-comparison';
import { SESSIONS_COLLECTION } from '@/session/schemas/session-record.schema';
import { Session } from '@/session/session.types';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import {
  readSessionSnapshot,
  SnapshotEntry,
} from '@/session/snapshot/session-snapshot-file';

interface VerifyOptions {
  snapshot?: string;
}

const NO_SNAPSHOT =
  'Give --snapshot FILE or set SESSION_SNAPSHOT_PATH: the memory side is ' +
  'read from a snapshot (a running service answers ' +
  'GET /api/jti/admin/migrations/sessions/verify instead)';

/**
 * Compares the live sessions of a snapshot (the memory side, written on
 * shutdown or by migrate:sessions --to-snapshot) with MongoDB. Exit 1 when
 * a session is missing or differs.
 */
@Command({
  name: 'migrate:verify',
  description: 'Compare a session snapshot with the sessions in MongoDB',
})
export class MigrateVerifyCommand extends CommandRunner {
  constructor(private readonly config: ConfigService<AppConfig, true>) {
    super();
  }

  async run(_args: string[], options: VerifyOptions): Promise<void> {
    const path =
      options.snapshot ??
      this.config.get('session', { infer: true }).snapshotPath;
    if (!path) {
      console.error(NO_SNAPSHOT);
      process.exitCode = 1;
      return;
    }

    let database: MigrationDatabase | undefined;
    try {
      database = await openMigrationDatabase(
        this.config.get('mongo', { infer: true }),
      );
      const clock = new SystemClock();
      const mongo = new MongoSessionStore(
        database.db.collection<Session>(SESSIONS_COLLECTION),
        clock,
        this.config.get('mongo', { infer: true }).operationTimeoutMs,
      );
      const now = clock.now();
      const report = await compareSessions(
        liveSessions(readSessionSnapshot(path), now),
        mongo.listAll(),
      );
      printReport(path, report);
      if (!report.consistent) process.exitCode = 1;
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } finally {
      await database?.close();
    }
  }

  @Option({
    flags: '--snapshot <file>',
    description: 'Snapshot to compare (default SESSION_SNAPSHOT_PATH)',
  })
  parseSnapshot(value: string): string {
    return value;
  }
}

/** Expired sessions are gone on both sides, so they are left out. */
async function* liveSessions(
  entries: AsyncIterable<SnapshotEntry>,
  now: Date,
): AsyncIterable<Session> {
  for await (const entry of entries) {
    if ('error' in entry) {
      throw new Error(`Snapshot line ${entry.line}: ${entry.error}`);
    }
    if (entry.session.expires_at > now) yield entry.session;
  }
}

function printReport(path: string, report: SessionComparison): void {
  console.log(`Snapshot ${path}: ${report.source_sessions} live sessions`);
  console.log(`MongoDB: ${report.mongo_sessions} live sessions`);
  printIds('missing in MongoDB', report.missing);
  printIds('differing', report.differing);
  printIds('only in MongoDB', report.only_in_mongo);
  console.log(report.consistent ? 'Consistent' : 'NOT consistent');
}

function printIds(label: string, list: IdList): void {
  console.log(`${label}: ${list.count}`);
  for (const id of list.ids) console.log(`  ${id}`);
  if (list.count > list.ids.length) {
    console.log(`  ... and ${list.count - list.ids.length} more`);
  }
}
