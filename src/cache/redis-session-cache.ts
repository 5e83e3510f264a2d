import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { performance } from 'node:perf_hooks';
import { AlertService } from '@/alerts/alert.service';
import { MetricsService } from '@/metrics/metrics.service';
import { Session } from '@/session/session.types';
import { CacheHold } from './cache-hold';
import {
  CACHE_EPOCH_KEY,
  CACHE_HOLD_SEEN_KEY,
  REDIS_CLIENT,
  SESSION_KEY_PREFIX,
} from './cache.constants';
import { decodeSession, encodeSession } from './session-codec';

/**
 * The entry's text, or nothing when the key is absent, holds only a
 * marker, or was written under an older epoch.
 */
const READ_SCRIPT = `
local entry = redis.call('HMGET', KEYS[1], 'e', 's')
if not entry[2] then return false end
local epoch = redis.call('GET', KEYS[2]) or '0'
if entry[1] ~= epoch then return false end
return entry[2]
`;

/**
 * Writes version ARGV[1] (text ARGV[2], or a bare marker when empty)
 * unless the live entry already holds a newer version, or the same one
 * with text. Entries of an older epoch, or past their expiry (ARGV[5],
 * compared with ARGV[4]), count as absent. Returns 1 when written.
 */
const WRITE_SCRIPT = `
local epoch = redis.call('GET', KEYS[2]) or '0'
local held = redis.call('HMGET', KEYS[1], 'e', 'v', 'x', 's')
local version = tonumber(ARGV[1])
if held[1] == epoch and held[2] and tonumber(held[3]) > tonumber(ARGV[4]) then
  local heldVersion = tonumber(held[2])
  if heldVersion > version then return 0 end
  if heldVersion == version and (held[4] or ARGV[2] == '') then return 0 end
end
redis.call('DEL', KEYS[1])
if ARGV[2] == '' then
  redis.call('HSET', KEYS[1], 'e', epoch, 'v', ARGV[1], 'x', ARGV[5])
else
  redis.call('HSET', KEYS[1], 'e', epoch, 'v', ARGV[1], 'x', ARGV[5], 's', ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** Deletes the entry unless it holds a version above ARGV[1]. */
const INVALIDATE_SCRIPT = `
local held = redis.call('HGET', KEYS[1], 'v')
if held and tonumber(held) > tonumber(ARGV[1]) then return 0 end
return redis.call('DEL', KEYS[1])
`;

/**
 * Retires every entry for a hold ending at ARGV[1]: always when the hold
 * was in force when seen (ARGV[2] = 1), else only when no instance has
 * retired the entries for it or a later one yet.
 */
const RETIRE_FOR_HOLD_SCRIPT = `
local seen = tonumber(redis.call('GET', KEYS[2]) or '0')
local untilMs = tonumber(ARGV[1])
if ARGV[2] == '1' or untilMs > seen then redis.call('INCR', KEYS[1]) end
if untilMs > seen then redis.call('SET', KEYS[2], ARGV[1]) end
return 1
`;

/** Above any real version: a deleted session's marker outranks them all. */
const TOMBSTONE_VERSION = Number.MAX_SAFE_INTEGER;

/** Pause after a failure before Redis is tried again, doubling up to max. */
const FIRST_PAUSE_MS = 250;
const MAX_PAUSE_MS = 5000;

interface CacheCommands {
  readSession(entryKey: string, epochKey: string): Promise<string | null>;
  writeSession(
    entryKey: string,
    epochKey: string,
    version: number,
    text: string,
    px: number,
    now: number,
    expiresAt: number,
  ): Promise<number>;
  invalidateSession(entryKey: string, upToVersion: number): Promise<number>;
  retireForHold(
    epochKey: string,
    seenKey: string,
    untilMs: number,
    live: 0 | 1,
  ): Promise<number>;
}

/** A hold end seen but not yet applied to the cached entries. */
interface PendingHold {
  untilMs: number;
  live: boolean;
}

/**
 * Session copies in Redis, never trusted over MongoDB. Each entry carries
 * its version, so a slow writer cannot put an older copy over a newer
 * one, and the epoch it was written in. A write that may have failed to
 * reach Redis sets a flag; before the cache is read again the epoch is
 * raised, which retires every entry written before, stale ones included.
 *
 * Redis errors never reach the caller: a failure pauses the cache (a
 * quarter second at first, doubling to five) and the caller reads MongoDB.
 * A change this instance cannot mark in Redis is announced through the
 * CacheHold instead; while a hold is in force, no instance serves or
 * stores copies, and the first instance to see it retires them all.
 */
@Injectable()
export class RedisSessionCache {
  private readonly logger = new Logger(RedisSessionCache.name);
  private readonly commands: CacheCommands;
  private pausedUntil = 0;
  private pauseMs = FIRST_PAUSE_MS;
  private failing = false;
  private staleRisk = false;
  private pendingHold?: PendingHold;
  private repairing?: Promise<boolean>;
  private closing = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    private readonly metrics: MetricsService,
    private readonly alerts: AlertService,
    private readonly hold: CacheHold,
  ) {
    this.commands = defineCommands(client);
    hold.whenHeld((untilMs, live) => {
      this.pendingHold = {
        untilMs,
        live: live || (this.pendingHold?.live ?? false),
      };
    });
    client.on('error', (error: Error) => this.failed(error));
    client.on('close', () => this.failed(new Error('connection closed')));
    client.on('ready', () => this.reconnected());
  }

  /** The cached copy, or null on a miss or when Redis cannot answer. */
  async read(sessionId: string): Promise<Session | null> {
    if (this.hold.active) {
      this.metrics.cacheRequests.inc({ result: 'held' });
      return null;
    }
    if (!(await this.usable())) {
      this.metrics.cacheRequests.inc({ result: 'error' });
      return null;
    }

    let text: string | null;
    try {
      text = await this.commands.readSession(keyOf(sessionId), CACHE_EPOCH_KEY);
    } catch (error) {
      this.metrics.cacheRequests.inc({ result: 'error' });
      this.failed(error);
      return null;
    }

    this.answered();
    this.metrics.cacheRequests.inc({ result: text === null ? 'miss' : 'hit' });
    return text === null ? null : decodeSession(text);
  }

  /**
   * Caches a copy read from or written to MongoDB, unless a newer one is
   * there. Not awaited by callers: the version guard makes a late write
   * harmless.
   */
  async store(session: Session, now: Date, ttlMs: number): Promise<void> {
    await this.write(
      session.session_id,
      session.version,
      encodeSession(session),
      now,
      ttlMs,
    );
  }

  /**
   * Replaces the entry by a bare marker of the version about to be
   * written, before MongoDB is. Readers then miss until the new copy
   * lands, and older copies can no longer be cached over it. When Redis
   * cannot take the marker, a hold is announced instead; fails with
   * STORE_UNAVAILABLE when MongoDB cannot take that either.
   */
  async markChanging(
    sessionId: string,
    version: number,
    now: Date,
    ttlMs: number,
  ): Promise<void> {
    const marked = await this.write(sessionId, version, '', now, ttlMs);
    if (!marked) await this.hold.announce();
  }

  /** Marks a session deleted: no copy is cached for it until ttlMs pass. */
  async markDeleted(
    sessionId: string,
    now: Date,
    ttlMs: number,
  ): Promise<void> {
    const marked = await this.write(
      sessionId,
      TOMBSTONE_VERSION,
      '',
      now,
      ttlMs,
    );
    if (!marked) await this.hold.announce();
  }

  /** Drops the entry unless it is newer than upToVersion. */
  async invalidate(sessionId: string, upToVersion: number): Promise<void> {
    if (!(await this.usable())) {
      this.staleRisk = true;
      return;
    }

    try {
      await this.commands.invalidateSession(keyOf(sessionId), upToVersion);
      this.answered();
    } catch (error) {
      this.staleRisk = true;
      this.failed(error);
    }
  }

  /** Stops reporting outages: the client is being closed on purpose. */
  beginClose(): void {
    this.closing = true;
  }

  /** True once Redis has taken the write or has no need of it. */
  private async write(
    sessionId: string,
    version: number,
    text: string,
    now: Date,
    ttlMs: number,
  ): Promise<boolean> {
    if (ttlMs <= 0) return true;
    if (!(await this.usable())) {
      this.staleRisk = true;
      return false;
    }
    // Checked after any retiring of entries, so no copy outlives a hold.
    if (text !== '' && this.hold.active) return true;

    const at = now.getTime();
    try {
      await this.commands.writeSession(
        keyOf(sessionId),
        CACHE_EPOCH_KEY,
        version,
        text,
        Math.ceil(ttlMs),
        at,
        at + ttlMs,
      );
      this.answered();
      return true;
    } catch (error) {
      // The write may or may not have happened; the entry is suspect.
      this.staleRisk = true;
      this.failed(error);
      return false;
    }
  }

  /**
   * Whether to talk to Redis now. After a write that may have been lost,
   * the epoch is raised first; until that succeeds the cache stays unused.
   */
  private usable(): boolean | Promise<boolean> {
    if (this.client.status !== 'ready') return false;
    if (performance.now() < this.pausedUntil) return false;
    if (!this.staleRisk && !this.pendingHold) return true;

    this.repairing ??= this.retireEntries().finally(() => {
      this.repairing = undefined;
    });
    return this.repairing;
  }

  private async retireEntries(): Promise<boolean> {
    const hold = this.pendingHold;
    const afterFailure = this.staleRisk;
    try {
      if (afterFailure) await this.client.incr(CACHE_EPOCH_KEY);
      if (hold) {
        await this.commands.retireForHold(
          CACHE_EPOCH_KEY,
          CACHE_HOLD_SEEN_KEY,
          hold.untilMs,
          hold.live ? 1 : 0,
        );
      }
    } catch (error) {
      this.failed(error);
      return false;
    }

    if (afterFailure) {
      this.staleRisk = false;
      this.logger.log('Retired every cached session after a Redis failure');
    }
    if (this.pendingHold === hold) this.pendingHold = undefined;
    this.answered();
    return true;
  }

  private failed(error: unknown): void {
    if (this.closing) return;

    this.pausedUntil = performance.now() + this.pauseMs;
    this.pauseMs = Math.min(this.pauseMs * 2, MAX_PAUSE_MS);
    if (this.failing) return;

    this.failing = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Redis cache unavailable, reading MongoDB: ${reason}`);
    this.alerts.raise('redis_unavailable', { reason });
  }

  private answered(): void {
    this.pauseMs = FIRST_PAUSE_MS;
    if (!this.failing) return;

    this.failing = false;
    this.logger.log('Redis cache answers again');
    this.alerts.clear('redis_unavailable');
  }

  private reconnected(): void {
    this.pausedUntil = 0;
    if (this.staleRisk || this.pendingHold) void this.usable();
    else this.answered();
  }
}

function keyOf(sessionId: string): string {
  return SESSION_KEY_PREFIX + sessionId;
}

function defineCommands(client: Redis): CacheCommands {
  client.defineCommand('readSession', { numberOfKeys: 2, lua: READ_SCRIPT });
  client.defineCommand('writeSession', { numberOfKeys: 2, lua: WRITE_SCRIPT });
  client.defineCommand('invalidateSession', {
    numberOfKeys: 1,
    lua: INVALIDATE_SCRIPT,
  });
  client.defineCommand('retireForHold', {
    numberOfKeys: 2,
    lua: RETIRE_FOR_HOLD_SCRIPT,
  });

  return client as unknown as CacheCommands;
}
