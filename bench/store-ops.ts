import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Collection, MongoClient } from 'mongodb';
import { SystemClock } from '@/common/clock/clock';
import { Session } from '@/session/session.types';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';

/** One store operation, run either through the store or on the driver. */
export type StoreOperation = 'create' | 'get' | 'answer';

export interface OpsResult {
  operation: StoreOperation;
  implementation: 'store' | 'driver';
  concurrency: number;
  opsPerSecond: number;
  /** Operations the server refused (e.g. ran out of maxTimeMS). */
  failed: number;
}

const MAX_TIME_MS = 2500;
const TTL_MS = 30 * 60_000;
/**
 * Sessions per worker. Kept small: the test server scans the whole
 * collection for every filter, so its size, not the code, would set the
 * pace.
 */
const IDS_PER_WORKER = 5;

/**
 * MongoSessionStore against the raw driver doing the same single command
 * on the same server and pool, with the same number of workers looping
 * for a fixed time. "answer" is one version-guarded update, as recording
 * a quiz answer is.
 */
export async function measureStoreOps(
  uri: string,
  concurrency: number,
  seconds: number,
): Promise<OpsResult[]> {
  const client = await MongoClient.connect(uri, {
    maxPoolSize: 50,
    minPoolSize: 10,
  });
  const clock = new SystemClock();
  try {
    const db = client.db();
    const results: OpsResult[] = [];
    for (const operation of ['create', 'get', 'answer'] as const) {
      const totals = { driver: [0, 0, 0], store: [0, 0, 0] };
      // Two interleaved rounds each, so drift in the server's state (its
      // files grow) favours neither side.
      for (const round of [1, 2]) {
        for (const implementation of ['driver', 'store'] as const) {
          const sessions = db.collection<Session>(
            `bench_${implementation}_${operation}_${concurrency}_${round}`,
          );
          await sessions.createIndex({ session_id: 1 }, { unique: true });
          const store = new MongoSessionStore(sessions, clock, MAX_TIME_MS);
          const run = operationFor(operation, implementation, sessions, store);
          const ids = await seed(sessions, concurrency * IDS_PER_WORKER);

          const counted = await loop(concurrency, seconds / 2, (worker, n) =>
            run(ids[worker * IDS_PER_WORKER + (n % IDS_PER_WORKER)]),
          );
          const total = totals[implementation];
          total[0] += counted.done;
          total[1] += counted.failed;
          total[2] += counted.seconds;
          await sessions.drop();
        }
      }
      for (const implementation of ['driver', 'store'] as const) {
        const [done, failed, elapsed] = totals[implementation];
        results.push({
          operation,
          implementation,
          concurrency,
          opsPerSecond: done / elapsed,
          failed,
        });
      }
    }

    return results;
  } finally {
    await client.close();
  }
}

type Step = (sessionId: string) => Promise<unknown>;

function operationFor(
  operation: StoreOperation,
  implementation: 'store' | 'driver',
  sessions: Collection<Session>,
  store: MongoSessionStore,
): Step {
  const versions = new Map<string, number>();
  const nextVersion = (id: string): number => versions.get(id) ?? 1;

  if (implementation === 'store') {
    switch (operation) {
      case 'create':
        return () => store.create(newSession());
      case 'get':
        return (id) => store.findById(id);
      case 'answer':
        return async (id) => {
          const version = nextVersion(id);
          const updated = await store.update(id, version, answerChanges());
          versions.set(id, updated.version);
        };
    }
  }

  switch (operation) {
    case 'create':
      return () => sessions.insertOne({ ...newSession() });
    case 'get':
      return (id) =>
        sessions.findOne(
          { session_id: id, expires_at: { $gt: new Date() } },
          { maxTimeMS: MAX_TIME_MS },
        );
    case 'answer':
      return async (id) => {
        const version = nextVersion(id);
        const updated = await sessions.findOneAndUpdate(
          {
            session_id: id,
            expires_at: { $gt: new Date() },
            version,
          },
          { $set: answerChanges(), $inc: { version: 1 } },
          { returnDocument: 'after', maxTimeMS: MAX_TIME_MS },
        );
        versions.set(id, updated?.version ?? version);
      };
  }
}

interface Counted {
  done: number;
  failed: number;
  seconds: number;
}

/** Workers each run step() back to back for the given time. */
async function loop(
  workers: number,
  seconds: number,
  step: (worker: number, n: number) => Promise<unknown>,
): Promise<Counted> {
  // A short warm-up fills the pool and the server's caches.
  await runFor(workers, 0.5, step);

  return runFor(workers, seconds, step);
}

async function runFor(
  workers: number,
  seconds: number,
  step: (worker: number, n: number) => Promise<unknown>,
): Promise<Counted> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let n = 0; performance.now() < until; n += 1) {
        try {
          await step(worker, n);
          done += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );

  return { done, failed, seconds: (performance.now() - started) / 1000 };
}

async function seed(
  sessions: Collection<Session>,
  count: number,
): Promise<string[]> {
  const seeded = Array.from({ length: count }, () => newSession());
  await sessions.insertMany(seeded.map((session) => ({ ...session })));

  return seeded.map((session) => session.session_id);
}

function newSession(): Session {
  const now = new Date();

  return {
    session_id: randomUUID(),
    mode: 'COLOR',
    step: 'QUIZ',
    language: 'en',
    quiz_id: randomUUID(),
    current_q_index: 0,
    answers: {},
    selected_questions: ['q1', 'q2', 'q3', 'q4', 'q5'],
    current_question: 'q1',
    paused: false,
    color_scores: null,
    result_id: null,
    result: null,
    quiz_started_at: now,
    quiz_completed_at: null,
    chat_history: [],
    metadata: {},
    turn_count: 1,
    created_at: now,
    updated_at: now,
    expires_at: new Date(now.getTime() + TTL_MS),
    version: 1,
  };
}

function answerChanges(): Partial<Session> {
  const now = new Date();

  return {
    answers: { q1: 'A' },
    current_q_index: 1,
    current_question: 'q2',
    updated_at: now,
    expires_at: new Date(now.getTime() + TTL_MS),
  };
}
