import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { AppConfig } from '@/config/app-config';
import {
  expectedIndexes,
  IndexSpec,
  LOG_COLLECTIONS,
  SESSION_COLLECTIONS,
} from './expected-indexes';
import { describeReport } from './index-inspection';
import { EnsureResult, IndexMaintenance } from './index-maintenance';

/** Retry delay while the server cannot be reached at start-up. */
const RETRY_MS = 5_000;

/**
 * Ensures the indexes of the collections in use at start-up. Missing ones
 * are created; conflicting ones are rebuilt when MONGO_REPAIR_INDEXES is
 * on and reported otherwise. Readiness stays down while any is missing or
 * conflicting, so a unique index that could not be built is never assumed.
 */
@Injectable()
export class IndexManager
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(IndexManager.name);
  private readonly specs: IndexSpec[];
  private readonly repair: boolean;
  private result?: EnsureResult;
  private retry?: NodeJS.Timeout;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    config: ConfigService<AppConfig, true>,
  ) {
    const session = config.get('session', { infer: true });
    const logsInMongo = config.get('conversationLog', { infer: true }).useMongo;
    // Shadow writes fill sessions and quizzes before they are read.
    const sessionsInMongo = session.useMongo || session.shadowWrites;
    this.specs = expectedIndexes([
      ...(sessionsInMongo ? SESSION_COLLECTIONS : []),
      ...(logsInMongo ? LOG_COLLECTIONS : []),
    ]);
    this.repair = config.get('mongo', { infer: true }).repairIndexes;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  /** False until indexes were checked; then whether TTL deletes anything. */
  get ttlActive(): boolean {
    return this.result !== undefined && !this.result.ttlInactive;
  }

  /** What keeps the indexes from being as declared; empty when fine. */
  problems(): string[] {
    if (!this.result) return ['indexes not checked yet'];

    return [
      ...this.result.failures.map(
        (f) =>
          `${f.spec.collection}.${f.spec.name} cannot be built: ${f.reason}`,
      ),
      ...this.result.reports
        .filter((r) => r.state === 'missing' || r.state === 'conflicting')
        .map(describeReport),
    ];
  }

  private async ensure(): Promise<void> {
    try {
      const db = this.connection.getClient().db(this.connection.name);
      this.result = await new IndexMaintenance(db).ensure(this.specs, {
        rebuildConflicts: this.repair,
      });
      this.report(this.result);
    } catch (error) {
      this.logger.warn(
        `Could not check indexes (${String(error)}); retrying in ${RETRY_MS / 1000} s`,
      );
      this.retry = setTimeout(() => void this.ensure(), RETRY_MS);
      this.retry.unref();
    }
  }

  private report(result: EnsureResult): void {
    const problems = this.problems();
    const collections = [...new Set(this.specs.map((s) => s.collection))];
    if (problems.length === 0) {
      this.logger.log(`Indexes ensured on ${collections.join(', ')}`);
    }
    for (const problem of problems) {
      this.logger.error(
        `Index problem: ${problem}. Run "npm run db:indexes -- --fix" ` +
          'or set MONGO_REPAIR_INDEXES=true',
      );
    }
    if (result.ttlInactive) {
      this.logger.warn(
        'TTL index sessions.expires_at_1 is not active (the server refused ' +
          'expireAfterSeconds or the index lacks it); expired sessions are ' +
          'deleted by the periodic sweep instead',
      );
    }
  }
}
