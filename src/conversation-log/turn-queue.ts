import { Logger } from '@nestjs/common';
import { MongoServerError } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { ConversationLog } from './conversation-log.store';
import { ConversationTurn } from './conversation-turn';
import { TurnSpool } from './turn-spool';

export interface TurnQueueSettings {
  /** Most turns written at once (LOG_BATCH_SIZE). */
  batchSize: number;
  /** Longest a turn waits for a batch to fill, in ms (LOG_FLUSH_INTERVAL_MS). */
  flushIntervalMs: number;
  /** Turns held at most; more make enqueue() wait (LOG_QUEUE_LIMIT). */
  limit: number;
  /** Longest enqueue() waits for room before refusing, in ms. Default 2000. */
  enqueueWaitMs?: number;
  /** Tries per batch before it goes to the spool. Default 3. */
  attempts?: number;
  /** Pause before the first retry, doubling after each. Default 100. */
  retryDelayMs?: number;
  /** Pause before the spool is tried again, doubling. Default 1000. */
  replayDelayMs?: number;
  /** Longest pause between spool replays, in ms. Default 30000. */
  replayMaxDelayMs?: number;
  /** Waits between retries; replaced in tests. */
  delay?: (ms: number) => Promise<unknown>;
}

/** What the queue reports as its depth changes. */
export type DepthListener = (depth: number) => void;

const LOG_STORE = 'conversation log';

/**
 * Takes turns off the request path and writes them in batches. A batch
 * is tried a few times with growing pauses; if the log still refuses it,
 * it goes to the spool on disk and later batches follow it there without
 * trying, until a replay of the spool succeeds. Turns are never dropped:
 * the log keeps one copy per (session, turn number), so replays are safe.
 */
export class TurnQueue {
  private readonly logger = new Logger(TurnQueue.name);
  private readonly pending: ConversationTurn[] = [];
  private readonly roomWaiters = new Set<() => void>();
  private readonly settings: Required<TurnQueueSettings>;
  private inFlight = 0;
  private enqueued = 0;
  private settled = 0;
  private writer?: Promise<void>;
  private flushTimer?: NodeJS.Timeout;
  private stalled = false;
  /** The log refused a batch; batches go to the spool until a replay works. */
  private spooling = false;
  private replaying?: Promise<boolean>;
  private replayTimer?: NodeJS.Timeout;
  private replayDelayMs: number;
  private closed = false;

  constructor(
    private readonly log: ConversationLog,
    private readonly spool: TurnSpool,
    settings: TurnQueueSettings,
    private readonly onDepth: DepthListener = () => undefined,
  ) {
    this.settings = {
      enqueueWaitMs: 2000,
      attempts: 3,
      retryDelayMs: 100,
      replayDelayMs: 1000,
      replayMaxDelayMs: 30_000,
      delay: (ms) => sleep(ms),
      ...settings,
    };
    this.replayDelayMs = this.settings.replayDelayMs;
  }

  /** The log refused the last batch; queued turns wait for a replay. */
  get refusing(): boolean {
    return this.spooling || this.stalled;
  }

  /** Turns waiting or being written. */
  get depth(): number {
    return this.pending.length + this.inFlight;
  }

  /**
   * Queues a turn. Resolves at once while there is room; otherwise waits
   * for room and, past enqueueWaitMs, fails with STORE_UNAVAILABLE.
   */
  async enqueue(turn: ConversationTurn): Promise<void> {
    await this.reserve();
    this.add(turn);
  }

  /**
   * Resolves once the queue has room, or fails with STORE_UNAVAILABLE
   * past enqueueWaitMs. Called before the change a turn records is made,
   * so that a full queue refuses the request rather than a made change.
   */
  async reserve(): Promise<void> {
    if (this.depth >= this.settings.limit) await this.waitForRoom();
  }

  /** Queues a turn without waiting, room or not (after reserve()). */
  add(turn: ConversationTurn): void {
    this.pending.push(turn);
    this.enqueued += 1;
    this.onDepth(this.depth);
    if (this.pending.length >= this.settings.batchSize || this.closed) {
      this.startWriting();
    } else if (!this.writer && !this.flushTimer) {
      this.flushTimer = setTimeout(
        () => this.startWriting(),
        this.settings.flushIntervalMs,
      );
      this.flushTimer.unref();
    }
  }

  /**
   * Writes (or spools) every turn queued before the call, now. Fails with
   * STORE_UNAVAILABLE only when neither the log nor the spool takes them.
   */
  async flush(): Promise<void> {
    const target = this.enqueued;
    while (this.settled < target) {
      const before = this.settled;
      this.startWriting();
      await this.writer;
      if (this.stalled && this.settled === before) {
        throw new StoreUnavailableError(LOG_STORE);
      }
    }
  }

  /** Replays spooled batches, oldest first; true once the spool is empty. */
  replaySpool(): Promise<boolean> {
    this.replaying ??= this.replayAll().finally(() => {
      this.replaying = undefined;
    });

    return this.replaying;
  }

  /** Replays what an earlier run left in the spool, in the background. */
  start(): void {
    this.scheduleReplay(0);
  }

  /** Writes everything still queued; what cannot be written is spooled. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.replayTimer);
    await this.replaying?.catch(() => undefined);

    const queued = this.depth;
    try {
      await this.flush();
      if (queued > 0) this.logger.log(`Flushed ${queued} queued turns`);
    } catch (error) {
      this.logger.error(
        `Lost ${this.depth} turns that neither the log nor the spool took`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  private startWriting(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.writer || this.pending.length === 0) return;

    this.writer = this.drain().finally(() => {
      this.writer = undefined;
      if (this.stalled && !this.closed) this.retryLater();
    });
  }

  /** Writes batches until the queue is empty or the spool fails too. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.settings.batchSize);
      this.inFlight += batch.length;
      const kept = await this.writeBatch(batch);
      this.inFlight -= batch.length;

      if (!kept) this.pending.unshift(...batch);
      else this.settled += batch.length;
      this.stalled = !kept;
      this.onDepth(this.depth);
      this.wakeRoomWaiters();
      if (!kept) return;
    }
  }

  /** True once the batch is in the log or in the spool. */
  private async writeBatch(batch: ConversationTurn[]): Promise<boolean> {
    if (!this.spooling && (await this.tryAppend(batch))) return true;

    try {
      await this.spool.save(batch);
    } catch (error) {
      this.logger.error(
        `Could not spool ${batch.length} turns; keeping them queued`,
        error instanceof Error ? error.stack : String(error),
      );
      return false;
    }

    // A replay may have emptied the spool while this batch was saved.
    if (!this.spooling) this.scheduleReplay(0);
    return true;
  }

  private async tryAppend(batch: ConversationTurn[]): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.log.append(batch);
        return true;
      } catch (error) {
        if (attempt >= this.settings.attempts) {
          this.logger.warn(
            `Conversation log refused ${batch.length} turns ${attempt} ` +
              `times; spooling until it is back: ${describe(error)}`,
          );
          this.spooling = true;
          this.scheduleReplay();
          return false;
        }
        await this.settings.delay(
          this.settings.retryDelayMs * 2 ** (attempt - 1),
        );
      }
    }
  }

  private async replayAll(): Promise<boolean> {
    let replayed = 0;
    for (let round = 0; ; round += 1) {
      const names = await this.spool.pending().catch(() => null);
      if (names === null) return false;
      if (names.length === 0 || round > 0) {
        // Cleared before the last look, so no spooled batch is missed.
        this.spooling = false;
      }
      if (names.length === 0) break;

      for (const name of names) {
        const count = await this.replayFile(name);
        if (count === null) return false;
        replayed += count;
      }
    }

    if (replayed > 0) {
      this.logger.log(`Replayed ${replayed} spooled turns into the log`);
    }
    return true;
  }

  /** Turns replayed from one file, or null when the log refused them. */
  private async replayFile(name: string): Promise<number | null> {
    let turns: ConversationTurn[];
    try {
      turns = await this.spool.read(name);
    } catch (error) {
      // Another instance sharing the spool replayed it first.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }

    try {
      await this.log.append(turns);
    } catch (error) {
      if (!(error instanceof MongoServerError)) return null;

      await this.spool.reject(name);
      this.logger.error(
        `The conversation log refuses the spooled batch ${name} ` +
          `(${describe(error)}); set aside as ${name}.rejected`,
      );
      return 0;
    }

    await this.spool.remove(name);
    return turns.length;
  }

  private scheduleReplay(delayMs = this.replayDelayMs): void {
    if (this.replayTimer || this.closed) return;

    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      void this.replaySpool().then(
        (done) => this.afterReplay(done),
        (error: unknown) => {
          this.logger.warn(`Spool replay failed: ${describe(error)}`);
          this.afterReplay(false);
        },
      );
    }, delayMs);
    this.replayTimer.unref();
  }

  private afterReplay(done: boolean): void {
    if (done) {
      this.replayDelayMs = this.settings.replayDelayMs;
      return;
    }

    this.replayDelayMs = Math.min(
      this.replayDelayMs * 2,
      this.settings.replayMaxDelayMs,
    );
    this.scheduleReplay();
  }

  /** Neither log nor spool took the last batch: try again in a while. */
  private retryLater(): void {
    this.flushTimer ??= setTimeout(
      () => this.startWriting(),
      this.settings.replayDelayMs,
    );
    this.flushTimer.unref();
  }

  private async waitForRoom(): Promise<void> {
    const deadline = performance.now() + this.settings.enqueueWaitMs;
    this.startWriting();

    while (this.depth >= this.settings.limit) {
      const left = deadline - performance.now();
      if (left <= 0) throw new StoreUnavailableError(LOG_STORE);

      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.roomWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.roomWaiters.add(wake);
      });
    }
  }

  private wakeRoomWaiters(): void {
    for (const wake of [...this.roomWaiters]) wake();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'error';
}
