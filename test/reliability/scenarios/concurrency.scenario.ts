import { JtiClient, ok, Reply } from '../jti-client';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'concurrency';
const BURST = 50;
const QUIZ_LENGTH = 5;
/**
 * Repetitions per instance and database. The test server's findAndModify
 * reads the whole collection, so a fresh database every few repetitions
 * keeps each burst measuring the service rather than a growing scan.
 */
const MONGO_BLOCK = 10;

/** One service mode and how its repetitions are run. */
interface Store {
  name: string;
  /** Variables of the instance that starts at repetition `rep`. */
  env: (rep: number) => Record<string, string>;
  repetitions: number;
  /** Repetitions per instance (and database). */
  block: number;
}

/** What went wrong across the repetitions of one kind of burst. */
interface BurstTally {
  repetitions: number;
  /** Repetitions where everything held. */
  exact: number;
  /** Acknowledged turns missing from the log or logged differently. */
  lost: number;
  duplicates: number;
  wrongVersion: number;
  /** Answers other than the expected statuses. */
  unexpected: number;
  /** Status to count, over all repetitions. */
  statuses: Record<string, number>;
  examples: string[];
}

/**
 * 50 concurrent chat turns, then 50 concurrent answers on a fresh quiz,
 * each on a session of its own and repeated, against the memory service
 * and the MongoDB service: turn numbers exactly 1..50 and version +50;
 * exactly five answers taken, 45 refused with 409, the session DONE with
 * five answers and version +5.
 */
export async function runConcurrencyScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { settings } = ctx;
  const stores: Store[] = [
    {
      name: 'memory',
      env: () => ({ USE_MONGO_SESSION: 'false', USE_MONGO_LOGS: 'false' }),
      repetitions: settings.memoryRepetitions,
      block: settings.memoryRepetitions,
    },
    {
      name: 'mongo',
      env: (rep) => ctx.mongoEnv(`reliability_concurrency_${rep}`),
      repetitions: settings.mongoRepetitions,
      block: MONGO_BLOCK,
    },
  ];

  // The two stores run side by side: one waits on FerretDB, the other on
  // the CPU, and the figures are counts, not timings.
  const results = await Promise.all(
    stores.map(async ({ name: store, env, repetitions, block }) => {
      const chat = tally(repetitions);
      const answers = tally(repetitions);
      const begun = Date.now();

      for (let rep = 1; rep <= repetitions; rep += block) {
        const service = await ctx.startService({
          name: `concurrency-${store}-${rep}`,
          env: env(rep),
        });
        const client = new JtiClient(service.url);
        const last = Math.min(repetitions, rep + block - 1);
        for (let current = rep; current <= last; current += 1) {
          await chatBurst(client, current, chat);
          await answerBurst(client, answers);
        }
        await service.terminate();
      }

      return { store, chat, answers, seconds: (Date.now() - begun) / 1000 };
    }),
  );

  for (const { store, chat, answers, seconds } of results) {
    report(ctx, store, 'chat', chat);
    report(ctx, store, 'answers', answers);
    ctx.figures.info(
      SCENARIO,
      `${store}: seconds for ` + `${chat.repetitions} repetitions of each`,
      seconds,
    );
  }
}

function tally(repetitions: number): BurstTally {
  return {
    repetitions,
    exact: 0,
    lost: 0,
    duplicates: 0,
    wrongVersion: 0,
    unexpected: 0,
    statuses: {},
    examples: [],
  };
}

/** 50 chat turns at once: numbers 1..50, version +50, all in the log. */
async function chatBurst(
  client: JtiClient,
  rep: number,
  into: BurstTally,
): Promise<void> {
  const sessionId = await newSession(client);
  const start = await versionOf(client, sessionId);
  const messages = Array.from(
    { length: BURST },
    (_, i) => `hello burst ${rep} ${i}`,
  );

  const replies = await Promise.all(
    messages.map((message) => client.chat(sessionId, message)),
  );
  count(into, replies);
  const acknowledged = new Map<number, string>();
  replies.forEach((reply, i) => {
    if (ok(reply) && reply.body) {
      acknowledged.set(reply.body.session.turn_count, messages[i]);
    }
  });

  const problems: string[] = [];
  const unexpected = replies.filter((reply) => reply.status !== 200).length;
  if (unexpected > 0) problems.push(`${unexpected} turns not 200`);
  if (acknowledged.size !== replies.filter(ok).length) {
    problems.push('two turns acknowledged with one number');
    into.duplicates += replies.filter(ok).length - acknowledged.size;
  }
  if (!isOneTo(BURST, [...acknowledged.keys()])) {
    problems.push('acknowledged turn numbers are not 1..50');
  }
  into.unexpected += unexpected;

  const end = await versionOf(client, sessionId);
  if (end !== start + BURST) {
    into.wrongVersion += 1;
    problems.push(`version ${start} -> ${end}`);
  }

  const logged = await client.turns(sessionId);
  const numbers = logged.map((turn) => turn.turn_number);
  into.duplicates += numbers.length - new Set(numbers).size;
  const byNumber = new Map(logged.map((t) => [t.turn_number, t.user_message]));
  for (const [number, message] of acknowledged) {
    if (byNumber.get(number) !== message) into.lost += 1;
  }
  if (!isOneTo(BURST, numbers)) problems.push('logged numbers are not 1..50');
  if ([...acknowledged].some(([n, m]) => byNumber.get(n) !== m)) {
    problems.push('an acknowledged turn is missing from the log');
  }

  settle(into, problems);
}

/**
 * 50 answers at once on a quiz just started: exactly five 200 and 45
 * 409; the session DONE with five answers, version +5, six turns logged.
 */
async function answerBurst(client: JtiClient, into: BurstTally): Promise<void> {
  const sessionId = await newSession(client);
  const started = await client.quizStart(sessionId);
  if (!ok(started) || !started.body) {
    throw new Error(`quiz/start answered ${started.status}`);
  }
  const start = started.body.session.version;

  const replies = await Promise.all(
    Array.from({ length: BURST }, () => client.answer(sessionId, 'A')),
  );
  count(into, replies);
  const taken = replies.filter((reply) => reply.status === 200).length;
  const refused = replies.filter((reply) => reply.status === 409).length;

  const problems: string[] = [];
  const unexpected = BURST - taken - refused;
  into.unexpected += unexpected;
  if (taken !== QUIZ_LENGTH || refused !== BURST - QUIZ_LENGTH) {
    problems.push(`${taken} taken, ${refused} refused, ${unexpected} other`);
  }

  const session = await client.getSession(sessionId);
  const stored = session.body;
  if (!ok(session) || !stored) throw new Error('session read failed');
  if (stored.version !== start + QUIZ_LENGTH) {
    into.wrongVersion += 1;
    problems.push(`version ${start} -> ${stored.version}`);
  }
  if (
    stored.step !== 'DONE' ||
    Object.keys(stored.answers).length !== QUIZ_LENGTH
  ) {
    problems.push(
      `step ${stored.step}, ${Object.keys(stored.answers).length} answers`,
    );
  }

  const logged = await client.turns(sessionId);
  const numbers = logged.map((turn) => turn.turn_number);
  into.duplicates += numbers.length - new Set(numbers).size;
  into.lost += Math.max(0, QUIZ_LENGTH + 1 - logged.length);
  if (!isOneTo(QUIZ_LENGTH + 1, numbers)) {
    problems.push(`logged turns ${numbers.join(',')}`);
  }

  settle(into, problems);
}

async function newSession(client: JtiClient): Promise<string> {
  const created = await client.startSession();
  if (!ok(created) || !created.body) {
    throw new Error(`start_session answered ${created.status}`);
  }

  return created.body.session_id;
}

async function versionOf(client: JtiClient, sessionId: string) {
  const reply = await client.getSession(sessionId);
  if (!ok(reply) || !reply.body) {
    throw new Error(`session read answered ${reply.status}`);
  }

  return reply.body.version;
}

function count(into: BurstTally, replies: Reply<unknown>[]): void {
  for (const reply of replies) {
    into.statuses[reply.status] = (into.statuses[reply.status] ?? 0) + 1;
  }
}

function settle(into: BurstTally, problems: string[]): void {
  if (problems.length === 0) into.exact += 1;
  else if (into.examples.length < 3) into.examples.push(problems.join('; '));
}

/** True when `numbers` is exactly 1..n, each once. */
function isOneTo(n: number, numbers: number[]): boolean {
  const sorted = [...numbers].sort((a, b) => a - b);

  return sorted.length === n && sorted.every((value, i) => value === i + 1);
}

function report(
  ctx: ReliabilityContext,
  store: string,
  kind: 'chat' | 'answers',
  tallied: BurstTally,
): void {
  const { figures } = ctx;
  const label = `${store}: ${BURST} ${kind} at once`;
  const statuses = Object.entries(tallied.statuses)
    .map(([status, n]) => `${status}:${n}`)
    .join(' ');
  figures.equals(
    SCENARIO,
    `${label}, exact repetitions`,
    tallied.exact,
    tallied.repetitions,
  );
  figures.info(SCENARIO, `${label}, statuses`, statuses);
  figures.equals(SCENARIO, `${label}, lost`, tallied.lost, 0);
  figures.equals(
    SCENARIO,
    `${label}, duplicate turn numbers`,
    tallied.duplicates,
    0,
  );
  figures.equals(SCENARIO, `${label}, wrong versions`, tallied.wrongVersion, 0);
  for (const example of tallied.examples) console.log(`    ${example}`);
}
