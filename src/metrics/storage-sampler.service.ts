import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { AppConfig } from '@/config/app-config';
import { SessionStore } from '@/session/session.store';
import { MetricsService } from './metrics.service';

const COLLECTIONS = ['sessions', 'conversations', 'quizzes'];

/**
 * Samples active sessions and storage size on an interval, so a scrape
 * never runs a query of its own.
 */
@Injectable()
export class StorageSampler
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(StorageSampler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly metrics: MetricsService,
    private readonly sessions: SessionStore,
    private readonly config: ConfigService<AppConfig, true>,
    @Optional() @InjectConnection() private readonly connection?: Connection,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('metrics', { infer: true }).sampleSeconds;
    this.timer = setInterval(() => void this.sample(), everyMs * 1000);
    this.timer.unref();
    void this.sample();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sample(): Promise<void> {
    try {
      const stats = await this.sessions.stats();
      this.metrics.activeSessions.set(stats.active);
      if (this.connection) await this.sampleCollections(this.connection);
      if (!this.config.get('conversationLog', { infer: true }).useMongo) {
        await this.sampleLogFolder();
      }
    } catch (error) {
      this.logger.debug(`Storage sample skipped: ${String(error)}`);
    }
  }

  private async sampleCollections(connection: Connection): Promise<void> {
    const db = connection.getClient().db(connection.name);
    for (const name of COLLECTIONS) {
      const stats = await db
        .command({ collStats: name })
        .catch(() => ({ size: 0 }));
      this.metrics.storageSize.set(
        { store: `mongo:${name}` },
        Number(stats.size ?? 0),
      );
    }
  }

  private async sampleLogFolder(): Promise<void> {
    const folder = this.config.get('conversationLog', {
      infer: true,
    }).directory;
    const names = await readdir(folder).catch(() => [] as string[]);
    let bytes = 0;
    for (const name of names) {
      bytes += (await stat(join(folder, name)).catch(() => ({ size: 0 }))).size;
    }
    this.metrics.storageSize.set({ store: 'file:conversations' }, bytes);
  }
}
