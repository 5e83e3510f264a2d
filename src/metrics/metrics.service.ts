import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import { Clock } from '@/common/clock/clock';
import { LatencyWindow } from './latency-window';
import { LATENCY_BUCKETS, METRIC } from './metric-names';

export type OperationOutcome =
  'ok' | 'not_found' | 'conflict' | 'unavailable' | 'error';

/**
 * The service's metrics, on a registry of its own so several instances
 * (as in tests) never collide in prom-client's global registry.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly latencies = new LatencyWindow();

  readonly storeOperations = new Histogram({
    name: METRIC.storeOperationDuration,
    help: 'Store operation latency by store kind, operation and outcome',
    labelNames: ['store', 'operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly storeTimeouts = new Counter({
    name: METRIC.storeOperationTimeouts,
    help: 'Store operations that ran out of time',
    labelNames: ['store', 'operation'],
    registers: [this.registry],
  });
  readonly httpRequests = new Histogram({
    name: METRIC.httpRequestDuration,
    help: 'HTTP request duration by route, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly mongoHealthChecks = new Counter({
    name: METRIC.mongoHealthChecks,
    help: 'MongoDB readiness pings by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly mongoConnectionFailures = new Counter({
    name: METRIC.mongoConnectionFailures,
    help: 'Failed attempts to reach MongoDB (pings and operations)',
    registers: [this.registry],
  });
  readonly activeSessions = new Gauge({
    name: METRIC.activeSessions,
    help: 'Live sessions not yet completed, sampled periodically',
    registers: [this.registry],
  });
  readonly storageSize = new Gauge({
    name: METRIC.storageSize,
    help: 'Bytes used by each store, sampled periodically',
    labelNames: ['store'],
    registers: [this.registry],
  });
  readonly logQueueDepth = new Gauge({
    name: METRIC.conversationLogQueueDepth,
    help: 'Conversation turns waiting to be written',
    registers: [this.registry],
  });
  readonly alerts = new Counter({
    name: METRIC.alerts,
    help: 'Alert state changes by alert and state',
    labelNames: ['alert', 'state'],
    registers: [this.registry],
  });
  readonly cacheRequests = new Counter({
    name: METRIC.cacheRequests,
    help: 'Session cache lookups and failures by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly mirrorWrites = new Counter({
    name: METRIC.mirrorWrites,
    help: 'Shadow writes to MongoDB by result',
    labelNames: ['result'],
    registers: [this.registry],
  });

  constructor(private readonly clock: Clock) {
    collectDefaultMetrics({ register: this.registry, prefix: 'jti_' });
  }

  /** Records one store operation in the histogram and the recent window. */
  observeOperation(
    store: string,
    operation: string,
    outcome: OperationOutcome,
    seconds: number,
  ): void {
    this.storeOperations.observe({ store, operation, outcome }, seconds);
    this.latencies.record(
      `${store}.${operation}`,
      seconds * 1000,
      this.clock.now().getTime(),
    );
  }
}
