import { JtiClient, ok } from '../jti-client';
import { describeStatuses, RequestRecord, statsOf } from '../quiz-workload';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'slow-store';
/** Sessions in the collection: the test server reads them all per update. */
const FILLER = 1000;
/**
 * Requests at once: no more than the pool's minimum of connections, so
 * none waits for one (waitQueueTimeoutMS is the same 50 ms).
 */
const AT_ONCE = 10;
/** The lowest MONGO_OPERATION_TIMEOUT_MS the service accepts. */
const OPERATION_TIMEOUT_MS = 50;

/**
 * A database slower than MONGO_OPERATION_TIMEOUT_MS: with 1,000 sessions
 * and a 50 ms bound, concurrent chat turns outlive the bound on the test
 * server. Each must answer 200 or 503 STORE_UNAVAILABLE, never a 500.
 */
export async function runSlowStoreScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures } = ctx;
  const service = await ctx.startService({
    name: 'slow-store',
    env: {
      ...ctx.mongoEnv('reliability_slow_store'),
      MONGO_OPERATION_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS),
    },
  });
  const client = new JtiClient(service.url);

  const ids: string[] = [];
  while (ids.length < FILLER) {
    const created = await Promise.all(
      Array.from({ length: AT_ONCE }, () => client.startSession()),
    );
    for (const reply of created) {
      if (!ok(reply) || !reply.body) {
        throw new Error(`start_session answered ${reply.status}`);
      }
      ids.push(reply.body.session_id);
    }
  }

  const replies = await Promise.all(
    ids.slice(0, AT_ONCE).map((id) => client.chat(id, 'start')),
  );
  const stats = statsOf(
    replies.map((reply): RequestRecord => ({ kind: 'chat', ...reply })),
  );
  figures.info(
    SCENARIO,
    `${AT_ONCE} chat turns at once (status:count)`,
    describeStatuses(stats),
  );
  figures.equals(
    SCENARIO,
    'neither 200 nor 503 STORE_UNAVAILABLE',
    stats.unexpected,
    0,
  );
  figures.check(
    SCENARIO,
    'turns past the bound (503)',
    stats.byStatus['503'] ?? 0,
    '> 0',
    (stats.byStatus['503'] ?? 0) > 0,
  );
  figures.below(SCENARIO, 'slowest answer ms', stats.maxMs, 3000);

  const exit = await service.terminate();
  figures.equals(SCENARIO, 'exit code after SIGTERM', exit.code ?? -1, 0);
}
