import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { isKnownTimeZone } from '@/common/time/zoned-time';
import { AppConfig } from '@/config/app-config';
import { ConversationTurn } from '@/conversation-log/conversation-turn';
import { CONVERSATIONS_COLLECTION } from '@/conversation-log/schemas/conversation-turn-record.schema';
import {
  importConversationLogs,
  LogImportSummary,
  mongoTurnSink,
} from '@/migration/conversation-log-import';
import {
  ensureImportIndexes,
  MigrationDatabase,
  openMigrationDatabase,
} from '@/migration/migration-database';

interface MigrateLogsOptions {
  from?: string;
  timezone?: string;
  dryRun?: boolean;
}

const DEFAULT_ZONE = 'UTC';

/**
 * Imports a folder of JSONL conversation logs (this service's layout or
 * the legacy one) into the conversations collection. Bad lines are named
 * (file and line) on stderr and skipped; a second run adds nothing. Exit 1
 * only when the run itself cannot go on (bad option, folder, server).
 */
@Command({
  name: 'migrate:logs',
  description: 'Import JSONL conversation logs into MongoDB',
})
export class MigrateLogsCommand extends CommandRunner {
  constructor(private readonly config: ConfigService<AppConfig, true>) {
    super();
  }

  async run(_args: string[], options: MigrateLogsOptions): Promise<void> {
    const zone = options.timezone ?? DEFAULT_ZONE;
    const problem = !options.from
      ? 'Give the folder to import with --from DIR'
      : !isKnownTimeZone(zone)
        ? `Unknown time zone "${zone}"; use an IANA name such as Asia/Taipei`
        : undefined;
    if (problem || !options.from) {
      console.error(problem);
      process.exitCode = 1;
      return;
    }

    let database: MigrationDatabase | undefined;
    try {
      if (!options.dryRun) {
        database = await openMigrationDatabase(
          this.config.get('mongo', { infer: true }),
        );
        await ensureImportIndexes(database.db, [CONVERSATIONS_COLLECTION]);
      }
      const summary = await this.importFolder(options.from, zone, database);
      printSummary(options.from, zone, summary, !database);
    } catch (error) {
      console.error(describeFailure(error, options.from));
      process.exitCode = 1;
    } finally {
      await database?.close();
    }
  }

  @Option({ flags: '--from <dir>', description: 'Folder of .jsonl logs' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({
    flags: '--timezone <zone>',
    description: 'Zone of timestamps without an offset (default UTC)',
  })
  parseTimezone(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'Read and count; write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  private importFolder(
    directory: string,
    timeZone: string,
    database: MigrationDatabase | undefined,
  ): Promise<LogImportSummary> {
    const collection = database?.db.collection<ConversationTurn>(
      CONVERSATIONS_COLLECTION,
    );

    return importConversationLogs(
      collection ? mongoTurnSink(collection) : undefined,
      {
        directory,
        timeZone,
        onBadLine: (bad) =>
          console.error(`Bad line ${bad.file}:${bad.line}: ${bad.reason}`),
        onProgress: (p) =>
          console.error(
            `Read ${p.filesRead} of ${p.files} files (${p.records} records)`,
          ),
      },
    );
  }
}

function printSummary(
  directory: string,
  zone: string,
  summary: LogImportSummary,
  dryRun: boolean,
): void {
  const lines = [
    `${dryRun ? 'Dry run of' : 'Imported'} ${directory} (time zone ${zone})`,
    `  files:           ${summary.files}`,
    `  sessions:        ${summary.sessions}`,
    `  records read:    ${summary.records}`,
    `  imported:        ${summary.imported}`,
    `  already present: ${summary.alreadyPresent}`,
    `  bad lines:       ${summary.badLines.length}`,
  ];
  if (dryRun) lines.push('Nothing was written.');
  console.log(lines.join('\n'));
}

function describeFailure(error: unknown, directory: string): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return `Folder not found: ${directory}`;
  }

  return error instanceof Error ? error.message : String(error);
}
