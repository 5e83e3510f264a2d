import { Injectable, Logger } from '@nestjs/common';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { SessionBackends } from '@/session/session-backends';
import { SessionStore } from '@/session/session.store';
import {
  ImportCounts,
  importSessions,
  sessionsToImport,
} from '@/session/snapshot/session-import';
import { MirrorQueue } from './mirror-queue';
import { MigrationUnavailableError } from './migration.errors';
import { compareSessions, SessionComparison } from './session-comparison';

/** Verify first lets queued mirror writes land, for at most this long. */
const VERIFY_SETTLE_MS = 5_000;

/**
 * Phase 1 operations on a running service: copy every live memory session
 * into MongoDB, and compare the two.
 */
@Injectable()
export class SessionMigrationService {
  private readonly logger = new Logger(SessionMigrationService.name);

  constructor(
    private readonly backends: SessionBackends,
    private readonly mirror: MirrorQueue,
  ) {}

  /**
   * Copies with importSession: a second run copies nothing twice and a
   * newer version already in MongoDB is kept. Once MongoDB is down the
   * rest are counted as failed without trying each one.
   */
  async backfill(): Promise<ImportCounts> {
    const { memory, mongo } = this.shadowPair();

    let firstProblem: string | undefined;
    const counts = await importSessions(
      sessionsToImport(memory.listAll()),
      mongo,
      {
        isFatal: (error) => error instanceof StoreUnavailableError,
        onProblem: (problem) => {
          firstProblem ??= `${problem.sessionId}: ${problem.reason}`;
        },
      },
    );

    const summary =
      `Session backfill: ${counts.copied} copied, ${counts.skipped} ` +
      `skipped, ${counts.failed} failed`;
    if (counts.failed > 0) this.logger.warn(`${summary} (${firstProblem})`);
    else this.logger.log(summary);

    return counts;
  }

  /** Memory against MongoDB, once queued mirror writes have landed. */
  async verify(): Promise<SessionComparison> {
    const { memory, mongo } = this.shadowPair();

    await this.mirror.drain(VERIFY_SETTLE_MS);

    return compareSessions(memory.listAll(), mongo.listAll());
  }

  private shadowPair(): { memory: SessionStore; mongo: SessionStore } {
    const { memory, mongo } = this.backends;
    if (this.backends.setup !== 'shadow' || !memory || !mongo) {
      throw new MigrationUnavailableError();
    }

    return { memory, mongo };
  }
}
