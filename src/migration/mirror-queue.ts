import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@/common/clock/clock';

/** How one copy ended; the label of jti_mirror_writes_total. */
export type MirrorResult =
  'copied' | 'skipped' | 'deleted' | 'failed' | 'dropped';

/** One copy to the second store; it may throw, which counts as failed. */
export type MirrorWrite = () => Promise<MirrorResult>;

export interface MirrorQueueOptions {
  /** Keys waiting beyond this are dropped, not queued. Default 10,000. */
  limit?: number;
  /** Copies running at once. Default 4. */
  concurrency?: number;
  /** Told of every result, for the metric. */
  onResult?: (result: MirrorResult) => void;
}

const DEFAULT_LIMIT = 10_000;
const DEFAULT_CONCURRENCY = 4;
/** A failing server would otherwise log once per request. */
const WARN_EVERY_MS = 30_000;
/** Shutdown waits this long for the copies still queued. */
const SHUTDOWN_DRAIN_MS = 10_000;

/**
 * Copies writes to a second store off the request path. Writes are keyed,
 * one key per record: a key waiting to run keeps only its latest write,
 * and two writes with one key never run at once, so a copy can never
 * overtake the delete that followed it. The queue is bounded: a write that
 * finds it full is dropped and counted, and the request never waits.
 */
export class MirrorQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(MirrorQueue.name);
  private readonly waiting = new Map<string, MirrorWrite>();
  private readonly running = new Set<string>();
  private readonly limit: number;
  private readonly concurrency: number;
  private idleWaiters: (() => void)[] = [];
  private lastWarningAt = Number.NEGATIVE_INFINITY;
  private unreported = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: MirrorQueueOptions = {},
  ) {
    this.limit = options.limit ?? DEFAULT_LIMIT;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /** Writes waiting or running. */
  get depth(): number {
    return this.waiting.size + this.running.size;
  }

  enqueue(key: string, write: MirrorWrite): void {
    if (!this.waiting.has(key) && this.waiting.size >= this.limit) {
      this.record('dropped', `the mirror queue is full (${this.limit})`);
      return;
    }

    // Replacing a waiting write keeps its place in line.
    this.waiting.set(key, write);
    this.pump();
  }

  /** Resolves true once nothing waits or runs, false after timeoutMs. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.depth === 0) return Promise.resolve(true);

    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.depth === 0) return;

    const pending = this.depth;
    if (await this.drain(SHUTDOWN_DRAIN_MS)) {
      this.logger.log(`Sent the last ${pending} mirror writes`);
      return;
    }
    this.logger.warn(
      `${this.depth} mirror writes were not sent before shutdown; ` +
        'run the session backfill to copy them',
    );
  }

  private pump(): void {
    for (const [key, write] of this.waiting) {
      if (this.running.size >= this.concurrency) return;
      if (this.running.has(key)) continue;

      this.waiting.delete(key);
      this.run(key, write);
    }
  }

  private run(key: string, write: MirrorWrite): void {
    this.running.add(key);
    void write()
      .catch((error: unknown) => {
        this.record('failed', `${key}: ${describe(error)}`);
        return undefined;
      })
      .then((result) => {
        if (result) this.record(result);
        this.running.delete(key);
        this.pump();
        if (this.depth === 0) this.wakeIdleWaiters();
      });
  }

  private record(result: MirrorResult, problem?: string): void {
    this.options.onResult?.(result);
    if (problem) this.warn(`Mirror write ${result}: ${problem}`);
  }

  /** At most one warning per interval; it says how many were held back. */
  private warn(message: string): void {
    const now = this.clock.now().getTime();
    if (now - this.lastWarningAt < WARN_EVERY_MS) {
      this.unreported += 1;
      return;
    }

    const held = this.unreported
      ? ` (and ${this.unreported} more problems since the last warning)`
      : '';
    this.logger.warn(message + held);
    this.lastWarningAt = now;
    this.unreported = 0;
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
