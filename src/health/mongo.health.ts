import { Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import {
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Connection } from 'mongoose';
import { MongoFailureMonitor } from '@/alerts/mongo-failure.monitor';
import { AppConfig } from '@/config/app-config';
import { IndexManager } from '@/database/indexes/index-manager.service';
import { MetricsService } from '@/metrics/metrics.service';
import { withTimeout } from './with-timeout';

/**
 * A real ping command, bounded by HEALTH_TIMEOUT_MS: the driver's
 * connection state can say "connected" while no query gets an answer.
 * Reports down instead of throwing, and never names the URI.
 */
@Injectable()
export class MongoHealthIndicator {
  private readonly timeoutMs: number;
  /** False when MongoDB only receives mirrored writes (phase 1). */
  readonly critical: boolean;

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly metrics: MetricsService,
    private readonly failures: MongoFailureMonitor,
    config: ConfigService<AppConfig, true>,
    @Optional() @InjectConnection() private readonly connection?: Connection,
    @Optional() private readonly indexes?: IndexManager,
  ) {
    this.timeoutMs = config.get('health', { infer: true }).timeoutMs;
    this.critical =
      config.get('session', { infer: true }).useMongo ||
      config.get('conversationLog', { infer: true }).useMongo;
  }

  get enabled(): boolean {
    return this.connection !== undefined;
  }

  async ping(key = 'mongodb'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    const connection = this.connection as Connection;

    try {
      const db = connection.getClient().db(connection.name);
      await withTimeout(db.command({ ping: 1 }), this.timeoutMs, 'MongoDB');
    } catch (error) {
      this.metrics.mongoHealthChecks.inc({ result: 'failure' });
      this.failures.recordFailure();
      return check.down({ message: describe(error) });
    }

    this.metrics.mongoHealthChecks.inc({ result: 'success' });
    this.failures.onAvailable('mongo');
    return check.up();
  }

  /**
   * In phase 1 every request is served from memory and MongoDB only gets
   * mirrored writes, so its outage is reported without making the
   * instance unready.
   */
  async pingMirror(key = 'mongodb_mirror'): Promise<HealthIndicatorResult> {
    const result = await this.ping();
    const { status, ...details } = result.mongodb;

    return this.indicator
      .check(key)
      .up({ reachable: status === 'up', ...details });
  }

  /** Down while an expected index is missing or conflicting. */
  checkIndexes(key = 'mongodb_indexes'): HealthIndicatorResult {
    const check = this.indicator.check(key);
    const problems = this.indexes?.problems() ?? [];

    return problems.length === 0 ? check.up() : check.down({ problems });
  }
}

/** The error's kind, never its text: driver messages may quote the URI. */
function describe(error: unknown): string {
  if (error instanceof Error && /did not answer within/.test(error.message)) {
    return error.message;
  }
  const name = error instanceof Error ? error.name : 'Error';

  return `MongoDB is unreachable (${name})`;
}
