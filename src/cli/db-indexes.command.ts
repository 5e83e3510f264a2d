import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { Connection } from 'mongoose';
import { AppConfig } from '@/config/app-config';
import { expectedIndexes } from '@/database/indexes/expected-indexes';
import { describeReport } from '@/database/indexes/index-inspection';
import { IndexMaintenance } from '@/database/indexes/index-maintenance';
import { openMongoConnection } from '@/database/open-mongo-connection';
import { describeMongoHosts } from '@/database/redact-uri';

interface IndexesOptions {
  check?: boolean;
  fix?: boolean;
}

/**
 * --check lists every expected index as present, missing or conflicting
 * (exit 1 unless all are usable); --fix creates the missing ones and
 * rebuilds only the conflicting ones.
 */
@Command({
  name: 'db:indexes',
  description: 'Check or fix the indexes of sessions, conversations, quizzes',
})
export class DbIndexesCommand extends CommandRunner {
  constructor(private readonly config: ConfigService<AppConfig, true>) {
    super();
  }

  async run(_args: string[], options: IndexesOptions): Promise<void> {
    const mongo = this.config.get('mongo', { infer: true });
    let connection: Connection;
    try {
      connection = await openMongoConnection(mongo);
    } catch (error) {
      console.error(
        `Cannot reach MongoDB at ${describeMongoHosts(mongo.uri)}: ${(error as Error).message}`,
      );
      process.exitCode = 1;
      return;
    }

    try {
      const maintenance = new IndexMaintenance(
        connection.getClient().db(connection.name),
      );
      const specs = expectedIndexes();
      if (options.fix) {
        const result = await maintenance.ensure(specs, {
          rebuildConflicts: true,
        });
        for (const failure of result.failures) {
          console.error(
            `${failure.spec.collection}.${failure.spec.name}: cannot be built: ${failure.reason}`,
          );
        }
      }

      const reports = await maintenance.inspect(specs);
      for (const report of reports) console.log(describeReport(report));
      const broken = reports.filter(
        (r) => r.state === 'missing' || r.state === 'conflicting',
      );
      if (broken.length > 0) process.exitCode = 1;
    } finally {
      await connection.close();
    }
  }

  @Option({ flags: '--check', description: 'Report only (the default)' })
  parseCheck(): boolean {
    return true;
  }

  @Option({
    flags: '--fix',
    description: 'Create missing indexes and rebuild conflicting ones',
  })
  parseFix(): boolean {
    return true;
  }
}
