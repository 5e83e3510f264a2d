import { Logger } from '@nestjs/common';
import { Collection, MongoServerError } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '@/common/clock/clock';
import { StoreUnavailableError } from '@/common/errors/store.errors';

/** The one document of the holds collection. */
export interface CacheHoldDocument {
  _id: string;
  held_until: Date;
}

export interface CacheHoldSettings {
  /** How often every instance reads the hold, in ms (CACHE_HOLD_POLL_MS). */
  pollMs: number;
  /** How long one announcement holds the cache, in ms. */
  holdMs: number;
  /** Bound on each MongoDB command, in ms. */
  maxTimeMs: number;
}

/** A hold's end in ms, and whether it was still in force when seen. */
export type HoldListener = (until: number, live: boolean) => void;

export const CACHE_HOLDS_COLLECTION = 'session_cache_holds';
const HOLD_ID = 'sessions';

/**
 * The cache's fallback channel through MongoDB, for an instance that
 * cannot reach Redis while others can. Such an instance cannot mark the
 * copies its changes make stale, so before each such change it announces
 * a hold here; every instance reads the hold a few times a second, and
 * while one is in force none of them serves or stores cached copies. The
 * first announcement of an episode waits two polls, so that every
 * instance has seen it before the change is acknowledged.
 */
export class CacheHold {
  private readonly logger = new Logger(CacheHold.name);
  private heldUntil = 0;
  private announcedUntil = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Until the hold is first read, the cache is treated as held. */
  private polled = false;
  private readonly listeners: HoldListener[] = [];

  constructor(
    private readonly holds: Collection<CacheHoldDocument>,
    private readonly clock: Clock,
    private readonly settings: CacheHoldSettings,
  ) {}

  /**
   * Calls listener with each hold end newer than any seen before,
   * including one already past when this instance first reads it.
   */
  whenHeld(listener: HoldListener): void {
    this.listeners.push(listener);
    if (this.heldUntil > 0) {
      listener(this.heldUntil, this.heldUntil > this.clock.now().getTime());
    }
  }

  /** Whether a hold is in force, as of the last read of it. */
  get active(): boolean {
    return !this.polled || this.heldUntil > this.clock.now().getTime();
  }

  /**
   * Holds every instance's cache before a change that could not be
   * marked in Redis. Fails with STORE_UNAVAILABLE when MongoDB cannot
   * take the hold, so the change is refused rather than left unannounced.
   */
  async announce(): Promise<void> {
    const now = this.clock.now().getTime();
    // Renewed once a third of the hold has passed.
    if (this.announcedUntil - now > (this.settings.holdMs * 2) / 3) return;

    const firstOfEpisode = this.announcedUntil <= now;
    const until = now + this.settings.holdMs;
    try {
      await this.extend(new Date(until));
    } catch (error) {
      throw new StoreUnavailableError('session', { cause: error });
    }
    this.announcedUntil = until;
    this.see(until);
    if (firstOfEpisode) {
      this.logger.warn(
        'Redis cannot be reached from this instance; every instance ' +
          'reads sessions from MongoDB until it can',
      );
      await sleep(this.settings.pollMs * 2);
    }
  }

  /** Starts reading the hold every pollMs. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Reads the hold now; a failed read keeps what was last seen. */
  async refresh(): Promise<void> {
    try {
      const hold = await this.holds.findOne(
        { _id: HOLD_ID },
        { maxTimeMS: this.settings.maxTimeMs },
      );
      if (hold) this.see(hold.held_until.getTime());
      this.polled = true;
    } catch {
      // MongoDB's own outage is reported by the stores and the probes.
    }
  }

  private see(until: number): void {
    if (until <= this.heldUntil) return;

    this.heldUntil = until;
    const live = until > this.clock.now().getTime();
    for (const listener of this.listeners) listener(until, live);
  }

  private async extend(until: Date): Promise<void> {
    const update = { $max: { held_until: until } };
    const options = { upsert: true, maxTimeMS: this.settings.maxTimeMs };
    try {
      await this.holds.updateOne({ _id: HOLD_ID }, update, options);
    } catch (error) {
      // Two first announcements raced to insert the document.
      if (!(error instanceof MongoServerError) || error.code !== 11000) {
        throw error;
      }
      await this.holds.updateOne({ _id: HOLD_ID }, update, options);
    }
  }

  private schedule(): void {
    if (this.stopped) return;

    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, this.settings.pollMs);
    this.timer.unref();
  }
}
