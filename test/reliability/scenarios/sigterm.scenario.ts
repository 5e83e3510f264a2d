import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { lossesOf, verifyEventually } from '../ack-ledger';
import { JtiClient } from '../jti-client';
import {
  describeStatuses,
  QuizWorkload,
  statsOf,
  whileRunning,
} from '../quiz-workload';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'sigterm';
const BEFORE_MS = 5_000;
const AFTER_MS = 5_000;
const THINK_MS = 400;
/**
 * Turns wait this long for a batch, so some are always queued when the
 * signal comes: the flush on shutdown is what is under test.
 */
const FLUSH_INTERVAL_MS = 2_000;
const QUEUE_DEPTH = /^jti_conversation_log_queue_depth (\d+)/m;

/**
 * SIGTERM under the quiz workload, then a new instance on the same port,
 * database and spool folder: every acknowledged turn and session change
 * must be there.
 */
export async function runSigtermScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures, settings } = ctx;
  const env = {
    ...ctx.mongoEnv('reliability_sigterm'),
    LOG_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
  };
  const first = await ctx.startService({ name: 'sigterm', env });
  const client = new JtiClient(first.url);
  const workload = new QuizWorkload(
    () => client,
    settings.outageWorkers,
    THINK_MS,
  );

  const { queued, exit, second, signalled, restarted } = await whileRunning(
    [workload],
    async () => {
      await sleep(BEFORE_MS);
      const queued = await queuedTurns(client);
      const signalled = performance.now();
      const exit = await first.terminate();
      const second = await ctx.startService({
        name: 'sigterm',
        env,
        port: first.port,
      });
      const restarted = performance.now();
      await sleep(AFTER_MS);

      return { queued, exit, second, signalled, restarted };
    },
  );

  figures.check(
    SCENARIO,
    'turns queued when SIGTERM was sent',
    queued,
    '> 0',
    queued > 0,
  );
  figures.equals(SCENARIO, 'exit code', exit.code ?? -1, 0);
  figures.info(SCENARIO, 'SIGTERM to exit, ms', exit.ms);
  figures.info(
    SCENARIO,
    'SIGTERM to the new instance live, ms',
    restarted - signalled,
  );
  figures.info(
    SCENARIO,
    'requests around the restart (status:count)',
    describeStatuses(statsOf(workload.between(signalled, restarted))),
  );
  const before = statsOf(workload.between(0, signalled));
  const after = statsOf(workload.between(restarted, Infinity));
  figures.equals(SCENARIO, 'before SIGTERM: non-2xx', before.failed, 0);
  figures.equals(SCENARIO, 'after restart: non-2xx', after.failed, 0);

  const { report, ms } = await verifyEventually(workload.ledger, client, 5_000);
  figures.info(
    SCENARIO,
    'acknowledged: sessions / turns / answers',
    `${report.sessions} / ${report.acknowledgedTurns} / ` +
      `${report.acknowledgedAnswers}`,
  );
  figures.equals(SCENARIO, 'acknowledged but lost', lossesOf(report), 0);
  figures.info(SCENARIO, 'all acknowledged readable after, ms', ms);
  for (const example of report.examples) console.log(`    ${example}`);

  const ended = await second.terminate();
  figures.equals(
    SCENARIO,
    'exit code of the new instance',
    ended.code ?? -1,
    0,
  );
}

/** The turn queue's depth from /metrics; waits a while for a non-zero one. */
async function queuedTurns(client: JtiClient): Promise<number> {
  let depth = 0;
  for (let tries = 0; tries < 40 && depth === 0; tries += 1) {
    const text = await fetch(`${client.baseUrl}/metrics`).then((r) => r.text());
    depth = Number(QUEUE_DEPTH.exec(text)?.[1] ?? 0);
    if (depth === 0) await sleep(50);
  }

  return depth;
}
