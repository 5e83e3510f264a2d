import {
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { AppConfig } from '@/config/app-config';
import { withTimeout } from '@/health/with-timeout';
import { MetricsService } from '@/metrics/metrics.service';
import { ConversationLog } from './conversation-log.store';
import { ConversationTurn } from './conversation-turn';
import { TurnQueue } from './turn-queue';
import { TurnSpool } from './turn-spool';

/**
 * The one way the service writes turns to the conversation log: record()
 * queues the turn and returns, and the queue writes in batches.
 *
 * The queue is flushed in onApplicationShutdown. Nest runs that hook
 * after the HTTP server has closed (so no request can queue another
 * turn) and, because this module is not global, before the hooks of the
 * global modules, among them Mongoose's, which closes the connection.
 */
/** Longest a reader waits for queued turns to be written, in ms. */
const READ_WAIT_MS = 3000;

@Injectable()
export class TurnRecorder
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly queue: TurnQueue;

  constructor(
    log: ConversationLog,
    metrics: MetricsService,
    config: ConfigService<AppConfig, true>,
  ) {
    const settings = config.get('conversationLog', { infer: true });
    this.queue = new TurnQueue(
      log,
      new TurnSpool(settings.spoolDirectory),
      {
        batchSize: settings.batchSize,
        flushIntervalMs: settings.flushIntervalMs,
        limit: settings.queueLimit,
      },
      (depth) => metrics.logQueueDepth.set(depth),
    );
  }

  /**
   * Waits while the queue is full and fails with STORE_UNAVAILABLE when
   * it stays full; called before the change the turn will record.
   */
  reserve(): Promise<void> {
    return this.queue.reserve();
  }

  /** Queues the turn at once; reserve() first kept the queue bounded. */
  record(turn: ConversationTurn): void {
    this.queue.add(turn);
  }

  /**
   * Writes every turn recorded so far, including those spooled while the
   * log was down; readers call it before reading. Fails with
   * STORE_UNAVAILABLE while the log still refuses spooled turns, since a
   * read then would leave out turns that were acknowledged.
   */
  async flush(): Promise<void> {
    // Known down: answer at once rather than after the write retries.
    if (this.queue.refusing && !(await this.queue.replaySpool())) {
      throw new StoreUnavailableError('conversation log');
    }
    await withTimeout(this.queue.flush(), READ_WAIT_MS, 'The log').catch(
      (error: unknown) => {
        throw error instanceof StoreUnavailableError
          ? error
          : new StoreUnavailableError('conversation log', {
              cause: error,
              timedOut: true,
            });
      },
    );
    if (!(await this.queue.replaySpool())) {
      throw new StoreUnavailableError('conversation log');
    }
  }

  /** Replays spooled turns now; true once none is left. */
  replaySpool(): Promise<boolean> {
    return this.queue.replaySpool();
  }

  onApplicationBootstrap(): void {
    this.queue.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
