import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { lossesOf, verifyEventually } from '../ack-ledger';
import { HealthProbes } from '../health-probes';
import { JtiClient } from '../jti-client';
import {
  describeStatuses,
  p99Series,
  QuizWorkload,
  statsOf,
  whileRunning,
} from '../quiz-workload';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'redis-outage';
const BEFORE_MS = 5_000;
const AFTER_MS = 5_000;
const THINK_MS = 400;

/**
 * Stops the private redis-server under the quiz workload: no request
 * fails and none stalls (every answer within 3 s, as during a MongoDB
 * outage), readiness stays up (the cache is optional), and nothing stale
 * is served once Redis is back. The p99 is reported: with every read on
 * the test server, which scans its collection for each one, it varies
 * with the machine (0.35 s to 1.1 s in otherwise identical runs).
 */
export async function runRedisOutageScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures, settings, redis } = ctx;
  const service = await ctx.startService({
    name: 'redis-outage',
    env: ctx.mongoEnv('reliability_redis_outage'),
  });
  const client = new JtiClient(service.url);
  const workload = new QuizWorkload(
    () => client,
    settings.outageWorkers,
    THINK_MS,
  );
  const probes = new HealthProbes(() => client);

  const { stopping, down, restarting, back } = await whileRunning(
    [workload, probes],
    async () => {
      await sleep(BEFORE_MS);
      const stopping = performance.now();
      await redis.stop();
      const down = performance.now();
      await sleep(settings.redisOutageSeconds * 1000);
      const restarting = performance.now();
      await redis.start();
      const back = performance.now();
      await sleep(AFTER_MS);

      return { stopping, down, restarting, back };
    },
  );

  const before = statsOf(workload.between(0, stopping));
  const outage = statsOf(workload.between(stopping, back));
  const after = statsOf(workload.between(back, Infinity));
  figures.info(SCENARIO, 'seconds down', (restarting - down) / 1000);
  figures.info(SCENARIO, 'p99 ms before the stop', before.p99);
  figures.info(
    SCENARIO,
    'requests while down (status:count)',
    describeStatuses(outage),
  );
  figures.equals(
    SCENARIO,
    'while down: 5xx or no answer',
    outage.status5xx + outage.network + outage.hung,
    0,
  );
  figures.equals(SCENARIO, 'while down: non-2xx', outage.failed, 0);
  figures.info(SCENARIO, 'while down: p99 ms', outage.p99);
  figures.below(SCENARIO, 'while down: slowest answer ms', outage.maxMs, 3000);
  const series = p99Series(workload.records, stopping, back);
  console.log(`    p99 ms per 5 s while down: ${series.join(' ')}`);
  figures.check(
    SCENARIO,
    'while down: requests sent',
    outage.count,
    '> 0',
    outage.count > 0,
  );
  figures.equals(
    SCENARIO,
    'before and after: non-2xx',
    before.failed + after.failed,
    0,
  );

  const ready = probes.of('ready', stopping, back);
  figures.equals(
    SCENARIO,
    `/health/ready non-200 of ${ready.length}`,
    ready.filter((p) => p.status !== 200).length,
    0,
  );
  const live = probes.of('live');
  figures.equals(
    SCENARIO,
    `/health/live non-200 of ${live.length}`,
    live.filter((p) => p.status !== 200).length,
    0,
  );

  const { report } = await verifyEventually(workload.ledger, client, 0);
  figures.info(
    SCENARIO,
    'acknowledged: sessions / turns / answers',
    `${report.sessions} / ${report.acknowledgedTurns} / ` +
      `${report.acknowledgedAnswers}`,
  );
  figures.equals(SCENARIO, 'acknowledged but lost', lossesOf(report), 0);
  for (const example of report.examples) console.log(`    ${example}`);

  const exit = await service.terminate();
  figures.equals(SCENARIO, 'exit code after SIGTERM', exit.code ?? -1, 0);
}
