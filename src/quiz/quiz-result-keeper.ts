import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { QuizRecord } from './quiz-record';
import { QuizResultStore } from './quiz-result.store';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * Saves the record of each finished quiz. The move that finished it is
 * already in the session when the record is saved, so an outage must not
 * turn it into an error: the record is kept and saved again, with
 * growing pauses, until the store takes it, and once more at shutdown.
 * Saving is idempotent (one record per quiz_id), so retries are safe.
 */
@Injectable()
export class QuizResultKeeper implements OnApplicationShutdown {
  private readonly logger = new Logger(QuizResultKeeper.name);
  private readonly pending = new Map<string, QuizRecord>();
  private timer?: NodeJS.Timeout;
  private retryMs = FIRST_RETRY_MS;

  constructor(private readonly results: QuizResultStore) {}

  /** Records waiting for the store to come back. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Saves now, or keeps the record for later when the store is down. */
  async keep(record: QuizRecord): Promise<void> {
    try {
      await this.results.save(record);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;

      this.pending.set(record.quiz_id, record);
      this.logger.warn(
        `Quiz result ${record.quiz_id} kept for a retry: ${error.message}`,
      );
      this.schedule();
    }
  }

  /** Saves every kept record; true once none is left. */
  async retry(): Promise<boolean> {
    for (const [quizId, record] of [...this.pending]) {
      try {
        await this.results.save(record);
        this.pending.delete(quizId);
      } catch {
        return false;
      }
    }
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    if (this.pending.size === 0 || (await this.retry())) return;

    this.logger.error(
      `Could not save ${this.pending.size} quiz results before stopping ` +
        `(quiz ids ${[...this.pending.keys()].join(', ')}); their sessions ` +
        'keep the answers and the result',
    );
  }

  private schedule(): void {
    if (this.timer) return;

    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.retry().then((done) => {
        this.retryMs = done
          ? FIRST_RETRY_MS
          : Math.min(this.retryMs * 2, MAX_RETRY_MS);
        if (!done) this.schedule();
      });
    }, this.retryMs);
    this.timer.unref();
  }
}
