import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { lossesOf, verifyEventually } from '../ack-ledger';
import { HealthProbes } from '../health-probes';
import { JtiClient } from '../jti-client';
import {
  describeStatuses,
  QuizWorkload,
  statsOf,
  whileRunning,
} from '../quiz-workload';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'mongo-outage';
const BEFORE_MS = 5_000;
const AFTER_MS = 5_000;
const THINK_MS = 400;
/**
 * Turns wait this long for a batch, so that some acknowledged turns are
 * still queued when the server goes: they must go through the spool.
 */
const FLUSH_INTERVAL_MS = 2_000;
/** Longest wait for spooled turns to be replayed into the log. */
const REPLAY_WAIT_MS = 45_000;

/**
 * Stops the private FerretDB for a while under the quiz workload: liveness
 * stays 200, readiness follows the server within 5 s each way, session
 * requests answer 503 within 3 s (or 2xx from the cache, for reads), and
 * everything acknowledged is there once the server is back.
 */
export async function runMongoOutageScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures, settings, mongo } = ctx;
  const service = await ctx.startService({
    name: 'mongo-outage',
    env: {
      ...ctx.mongoEnv('reliability_mongo_outage'),
      LOG_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
    },
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
      await mongo.stop();
      const down = performance.now();
      await sleep(settings.mongoOutageSeconds * 1000);
      const restarting = performance.now();
      await mongo.start();
      const back = performance.now();
      await sleep(AFTER_MS);

      return { stopping, down, restarting, back };
    },
  );

  const live = probes.of('live');
  const liveFailures = live.filter((p) => p.status !== 200).length;
  figures.info(
    SCENARIO,
    'seconds down (server gone)',
    (restarting - down) / 1000,
  );
  figures.info(SCENARIO, 'server stop took ms', down - stopping);
  figures.equals(
    SCENARIO,
    `/health/live non-200 of ${live.length}`,
    liveFailures,
    0,
  );
  figures.info(
    SCENARIO,
    '/health/live max ms',
    Math.max(...live.map((p) => p.ms)),
  );
  figures.atMost(
    SCENARIO,
    '/health/ready 503 after server gone, ms',
    probes.firstAnswer('ready', 503, down),
    5000,
  );
  figures.info(
    SCENARIO,
    '/health/ready 503 after stop began, ms',
    probes.firstAnswer('ready', 503, stopping),
  );
  figures.atMost(
    SCENARIO,
    '/health/ready 200 after server back, ms',
    probes.firstAnswer('ready', 200, back),
    5000,
  );

  const stoppingStats = statsOf(workload.between(stopping, down));
  figures.info(
    SCENARIO,
    'requests while stopping (status:count)',
    describeStatuses(stoppingStats),
  );
  figures.equals(
    SCENARIO,
    'while stopping: neither 2xx nor 503',
    stoppingStats.unexpected,
    0,
  );

  const outage = statsOf(workload.between(down, restarting));
  figures.info(
    SCENARIO,
    'requests while down (status:count)',
    describeStatuses(outage),
  );
  figures.equals(
    SCENARIO,
    'while down: neither 2xx nor 503',
    outage.unexpected,
    0,
  );
  figures.equals(SCENARIO, 'while down: 404', outage.notFound, 0);
  figures.equals(SCENARIO, 'while down: hung (10 s)', outage.hung, 0);
  figures.below(SCENARIO, 'while down: max latency ms', outage.maxMs, 3000);
  figures.check(
    SCENARIO,
    'while down: requests sent',
    outage.count,
    '> 0',
    outage.count > 0,
  );

  const before = statsOf(workload.between(0, stopping));
  figures.equals(SCENARIO, 'before the stop: non-2xx', before.failed, 0);
  const readyAgain = back + probes.firstAnswer('ready', 200, back);
  const after = statsOf(workload.between(readyAgain, Infinity));
  figures.equals(SCENARIO, 'after ready again: non-2xx', after.failed, 0);
  figures.check(
    SCENARIO,
    'after ready again: requests',
    after.count,
    '> 0',
    after.count > 0,
  );

  const { report, incomplete } = await verifyEventually(
    workload.ledger,
    client,
    REPLAY_WAIT_MS,
  );
  // An upper bound: the pass that found everything is counted whole.
  const readable = performance.now() - back;
  figures.info(
    SCENARIO,
    'acknowledged: sessions / turns / answers',
    `${report.sessions} / ${report.acknowledgedTurns} / ` +
      `${report.acknowledgedAnswers}`,
  );
  figures.equals(SCENARIO, 'acknowledged but lost', lossesOf(report), 0);
  figures.equals(
    SCENARIO,
    'reads that answered 200 with acknowledged data missing',
    incomplete,
    0,
  );
  figures.info(
    SCENARIO,
    'all acknowledged readable, ms after the server returned',
    readable,
  );
  for (const example of report.examples) console.log(`    ${example}`);

  const exit = await service.terminate();
  figures.equals(SCENARIO, 'exit code after SIGTERM', exit.code ?? -1, 0);
}
