import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { IndexManager } from '@/database/indexes/index-manager.service';
import { SessionModuleOptions } from './session-module.options';
import { SESSION_MODULE_OPTIONS } from './session.module-definition';
import { SessionStore } from './session.store';

/**
 * Deletes expired sessions periodically. Reads already ignore them; this
 * only frees the space, on stores (or servers) without an active TTL index.
 */
@Injectable()
export class SessionSweeper
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(SessionSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_MODULE_OPTIONS)
    private readonly options: SessionModuleOptions,
    @Optional() private readonly indexes?: IndexManager,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.options.sweepIntervalSeconds * 1000;
    this.timer = setInterval(() => void this.sweep(), everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass; overlapping calls are skipped. Returns sessions removed. */
  async sweep(): Promise<number> {
    if (this.running || !this.needed()) return 0;

    this.running = true;
    try {
      const removed = await this.store.deleteExpired();
      if (removed > 0) this.logger.debug(`Swept ${removed} expired sessions`);
      return removed;
    } catch (error) {
      this.logger.warn(`Expired-session sweep failed: ${String(error)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  /** MongoDB deletes expired sessions itself once its TTL index is active. */
  private needed(): boolean {
    return this.store.kind !== 'mongo' || !this.indexes?.ttlActive;
  }
}
