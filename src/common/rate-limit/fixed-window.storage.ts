import { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/** How often windows that ended are dropped. */
const PRUNE_MS = 60_000;

/**
 * Counts hits per key in fixed windows: one counter per client and limit,
 * so a request costs the same however busy the client is (the default
 * storage keeps and scans a timestamp per hit).
 */
export class FixedWindowStorage
  implements ThrottlerStorage, OnApplicationShutdown
{
  private readonly windows = new Map<string, Window>();
  private readonly pruner = setInterval(() => this.prune(), PRUNE_MS).unref();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }

    window.hits += 1;
    if (window.hits > limit && window.blockedUntil <= now) {
      window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil > now;

    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked
        ? Math.ceil((window.blockedUntil - now) / 1000)
        : 0,
    };
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruner);
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) {
        this.windows.delete(key);
      }
    }
  }
}
