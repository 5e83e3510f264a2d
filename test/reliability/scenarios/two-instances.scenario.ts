import { AckLedger, lossesOf, verifyEventually } from '../ack-ledger';
import { JtiClient, ok, PlayBody, Reply } from '../jti-client';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'two-instances';
/**
 * How long a turn acknowledged by one instance may take to be listed by
 * the other: one batch interval (LOG_FLUSH_INTERVAL_MS, 50 ms) and the
 * write, with room for a slow test server.
 */
const SETTLE_WITHIN_MS = 5_000;
/** Well above a scheduling stall on two busy cores (the default is 150). */
const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** Sessions played side by side, each alternating between the instances. */
const SESSIONS = 10;

interface Tally {
  writes: number;
  reads: number;
  /** A read that returned less than the write before it acknowledged. */
  staleReads: number;
  /** A write whose turn number or version did not follow the last one. */
  lostUpdates: number;
  /** Writes or reads that did not answer 2xx. */
  failed: number;
  examples: string[];
}

/**
 * Two instances on one MongoDB database and one Redis database. Each
 * session goes A writes, B reads, B writes, A reads, and so on: every read
 * must show at least the version the previous write acknowledged, every
 * write must follow the previous one by exactly one turn and one version,
 * and everything must be there at the end, read through either instance.
 */
export async function runTwoInstancesScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures, settings } = ctx;
  // A Redis command that times out pauses the cache of that instance, and
  // its writes then leave the other's copies stale (the redis-partition
  // gap). A busy test machine must not stage that here.
  const env = {
    ...ctx.mongoEnv('reliability_two_instances'),
    REDIS_COMMAND_TIMEOUT_MS: String(REDIS_COMMAND_TIMEOUT_MS),
  };
  const [a, b] = await Promise.all(
    ['pair-a', 'pair-b'].map((name) => ctx.startService({ name, env })),
  );
  const instances = [new JtiClient(a.url), new JtiClient(b.url)];
  const ledger = new AckLedger();
  const tally: Tally = {
    writes: 0,
    reads: 0,
    staleReads: 0,
    lostUpdates: 0,
    failed: 0,
    examples: [],
  };

  await Promise.all(
    Array.from({ length: SESSIONS }, (_, n) =>
      alternate(instances, n, settings.alternatingRounds, ledger, tally),
    ),
  );

  figures.info(
    SCENARIO,
    'sessions × rounds',
    `${SESSIONS} × ${settings.alternatingRounds}`,
  );
  figures.info(SCENARIO, 'writes / reads', `${tally.writes} / ${tally.reads}`);
  figures.equals(SCENARIO, 'failed requests', tally.failed, 0);
  figures.equals(SCENARIO, 'stale reads', tally.staleReads, 0);
  figures.equals(SCENARIO, 'lost updates', tally.lostUpdates, 0);
  for (const example of tally.examples) console.log(`    ${example}`);

  // Each instance writes its own queued turns before a log read, but not
  // the other's: those appear once the other writes its batch.
  for (const [name, client] of [
    ['A', instances[0]],
    ['B', instances[1]],
  ] as const) {
    const { report, ms } = await verifyEventually(
      ledger,
      client,
      SETTLE_WITHIN_MS,
    );
    figures.equals(
      SCENARIO,
      `acknowledged but lost, read through ${name}`,
      lossesOf(report),
      0,
    );
    figures.info(SCENARIO, `all readable through ${name} after, ms`, ms);
    for (const example of report.examples) console.log(`    ${example}`);
  }

  const exits = await Promise.all([a.terminate(), b.terminate()]);
  figures.equals(
    SCENARIO,
    'exit codes after SIGTERM',
    exits.map((exit) => exit.code).join(','),
    '0,0',
  );
}

/**
 * One session: created on A, then rounds of "write on one instance, read
 * on the other", the writer changing every round.
 */
async function alternate(
  instances: JtiClient[],
  n: number,
  rounds: number,
  ledger: AckLedger,
  tally: Tally,
): Promise<void> {
  const created = await instances[0].startSession();
  if (!ok(created) || !created.body) {
    tally.failed += 1;
    return;
  }
  const sessionId = created.body.session_id;
  ledger.created(sessionId);
  let version = 1;
  let turn = 0;
  const note = (text: string): void => {
    if (tally.examples.length < 5) tally.examples.push(`#${n}: ${text}`);
  };

  for (let round = 1; round <= rounds; round += 1) {
    const writer = instances[(round - 1) % 2];
    const reader = instances[round % 2];
    const { reply, logged } = await move(writer, sessionId, round);
    tally.writes += 1;
    if (!ok(reply) || !reply.body) {
      tally.failed += 1;
      note(`round ${round} write answered ${reply.status} ${reply.code}`);
      return;
    }
    const session = reply.body.session;
    ledger.played(session, logged);
    if (session.turn_count !== turn + 1 || session.version !== version + 1) {
      tally.lostUpdates += 1;
      note(
        `round ${round}: turn ${turn} -> ${session.turn_count}, ` +
          `version ${version} -> ${session.version}`,
      );
    }
    turn = session.turn_count;
    version = session.version;

    const read = await reader.getSession(sessionId);
    tally.reads += 1;
    if (!ok(read) || !read.body) {
      tally.failed += 1;
      note(`round ${round} read answered ${read.status} ${read.code}`);
      return;
    }
    if (read.body.version < version || read.body.turn_count < turn) {
      tally.staleReads += 1;
      note(`round ${round}: read version ${read.body.version} < ${version}`);
    }
    ledger.seen(read.body);
  }
}

/**
 * Round 1 starts the quiz by chat, rounds 2 to 6 answer it by button,
 * later rounds make small talk on the finished session.
 */
async function move(
  client: JtiClient,
  sessionId: string,
  round: number,
): Promise<{ reply: Reply<PlayBody>; logged: string }> {
  if (round === 1) {
    return { reply: await client.chat(sessionId, 'start'), logged: 'start' };
  }
  if (round <= 6) {
    return {
      reply: await client.answer(sessionId, 'B'),
      logged: '[answer B]',
    };
  }

  const text = `hello pair ${round}`;
  return { reply: await client.chat(sessionId, text), logged: text };
}
