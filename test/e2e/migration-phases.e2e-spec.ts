import { Db, MongoClient } from 'mongodb';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Language } from '@/common/language';
import { ColorDimension, COLOR_DIMENSIONS } from '@/quiz/quiz.types';
import { SessionBackends } from '@/session/session-backends';
import { rolloutBucket } from '@/session/stores/rollout-session.store';
import {
  readSessionSnapshot,
  SnapshotEntry,
} from '@/session/snapshot/session-snapshot-file';
import { SessionJson } from '@test/factories/chat-script.factory';
import {
  adminGet,
  API,
  getSession,
  Http,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import {
  optionIndexFor,
  pointsFor,
  questionById,
} from '@test/factories/quiz-answer.factory';
import { runNpmScript } from '@test/support/cli-runner';
import { FakeClock } from '@test/support/fake-clock';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';
import { testMongoUri } from '@test/support/test-env';

/** Several app starts against a real server, and one CLI run. */
const PHASE_TIMEOUT_MS = 120_000;

type Phase = 'memory' | 'shadow' | 'rollout-50' | 'mongo';

const PHASE_ENV: Record<Phase, Record<string, string>> = {
  memory: {},
  shadow: { SESSION_SHADOW_WRITES: 'true' },
  'rollout-50': { USE_MONGO_SESSION: 'true', MONGO_ROLLOUT_PERCENT: '50' },
  mongo: { USE_MONGO_SESSION: 'true' },
};

/** One user playing a quiz, and every answer the test sent for them. */
interface Player {
  id: string;
  /** Every answer picks this dimension, so the result is known. */
  dimension: ColorDimension;
  sent: Record<string, string>;
  /** The session as the last response showed it. */
  latest: SessionJson;
}

/**
 * A running deployment moved from memory sessions to MongoDB phase by
 * phase, each phase a restart with other flags on the same snapshot file,
 * database and clock, and moved back. Sessions are left part-way through
 * their quiz at every restart and must carry on exactly where they were.
 */
describe('migration phases', () => {
  let directory: string;
  let snapshotPath: string;
  let uri: string;
  let client: MongoClient;
  let db: Db;
  let clock: FakeClock;
  let sut: TestApp | undefined;
  let http: Http;
  const players: Player[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'jti-migration-phases-'));
    snapshotPath = join(directory, 'sessions.snapshot');
    uri = testMongoUri('migration_phases');
    client = await MongoClient.connect(uri);
    db = client.db();
    // Real time, so the CLI (on the system clock) sees the same live sessions.
    clock = new FakeClock(new Date());
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function start(phase: Phase): Promise<void> {
    sut = await createTestApp({
      clock,
      env: {
        MONGODB_URI: uri,
        SESSION_SNAPSHOT_PATH: snapshotPath,
        CONVERSATION_LOG_DIR: join(directory, 'conversations'),
        ...PHASE_ENV[phase],
      },
    });
    http = httpOf(sut);
  }

  async function stop(): Promise<void> {
    await sut?.close();
    sut = undefined;
  }

  async function newPlayer(language: Language): Promise<Player> {
    const id = await startSession(http, { language });
    const latest = (await getSession(http, id).expect(200)).body;
    const dimension = COLOR_DIMENSIONS[players.length % 5];
    const player = { id, dimension, sent: {}, latest };
    players.push(player);

    return player;
  }

  /** One move: starts or resumes the quiz if needed, else answers. */
  async function play(player: Player): Promise<void> {
    const session = player.latest;
    if (session.step === 'WELCOME') {
      await move(player, pressButton(http, 'start', player.id));
      return;
    }
    if (session.paused) {
      await move(player, pressButton(http, 'resume', player.id));
      return;
    }

    const questionId = session.current_question as string;
    const options = questionById(questionId).options;
    const option = options[optionIndexFor(questionId, player.dimension)].id;
    await move(player, pressButton(http, 'answer', player.id, option));
    player.sent[questionId] = option;
  }

  async function move(
    player: Player,
    request: ReturnType<typeof pressButton>,
  ): Promise<void> {
    player.latest = (await request.expect(200)).body.session;
  }

  async function finish(player: Player): Promise<void> {
    while (player.latest.step !== 'DONE') await play(player);
  }

  /** Every player's session reads back exactly as last seen. */
  async function expectAllIntact(): Promise<void> {
    for (const player of players) {
      const read = await getSession(http, player.id).expect(200);
      expect(read.body).toEqual(player.latest);
    }
  }

  async function snapshotIds(): Promise<string[]> {
    const entries: SnapshotEntry[] = [];
    for await (const entry of readSessionSnapshot(snapshotPath)) {
      entries.push(entry);
    }

    return entries.map((e) => ('session' in e ? e.session.session_id : 'bad'));
  }

  function verify() {
    return adminGet(http, 'admin/migrations/sessions/verify').expect(200);
  }

  function backfill() {
    return http
      .post(`${API}/admin/migrations/sessions`)
      .set('X-API-Key', TEST_ADMIN_KEY)
      .expect(200);
  }

  async function metricValue(name: string, labels: string): Promise<number> {
    const text = (await http.get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && l.includes(labels));

    return line ? Number(line.split(' ').pop()) : 0;
  }

  function mongoSessions() {
    return db.collection<SessionJson>('sessions');
  }

  it(
    'should save memory sessions, part-way through a quiz, on shutdown',
    async () => {
      await start('memory');
      for (const language of ['en', 'zh', 'en', 'zh', 'en', 'zh'] as const) {
        await newPlayer(language);
      }

      // 0: not started; 1: started; 2..5: 1..4 answers; 3 is paused.
      for (const [index, player] of players.entries()) {
        for (let moves = 0; moves < index; moves += 1) await play(player);
      }
      await move(players[3], pressButton(http, 'pause', players[3].id));
      await stop();

      expect((await snapshotIds()).sort()).toEqual(
        players.map((p) => p.id).sort(),
      );
      expect(players.map((p) => p.latest.step)).toEqual([
        'WELCOME',
        'QUIZ',
        'QUIZ',
        'QUIZ',
        'QUIZ',
        'QUIZ',
      ]);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'should mirror every write to MongoDB in phase 1 and backfill the gaps',
    async () => {
      await start('shadow');
      await expectAllIntact();

      const loaded = await verify();
      expect(loaded.body).toEqual(consistent(6));

      await newPlayer('en');
      await newPlayer('zh');
      for (const player of players.slice(-3)) await play(player);
      const throwaway = await startSession(http, {});
      await http.delete(`${API}/session/${throwaway}`).expect(204);
      const mirrored = await verify();

      expect(mirrored.body).toEqual(consistent(8));
      expect(await mongoSessions().countDocuments()).toBe(8);
      for (const player of players) {
        const copy = await mongoSessions().findOne({ session_id: player.id });
        expect(copy?.version).toBe(player.latest.version);
      }
      expect(
        await metricValue('jti_mirror_writes_total', 'result="copied"'),
      ).toBeGreaterThan(0);
      expect(
        await metricValue('jti_mirror_writes_total', 'result="deleted"'),
      ).toBe(1);

      // Mirror writes lost while MongoDB was away: three gone, one stale.
      const lost = players.slice(0, 3).map((p) => p.id);
      const stale = players[4].id;
      await mongoSessions().deleteMany({ session_id: { $in: lost } });
      await mongoSessions().updateOne(
        { session_id: stale },
        { $inc: { version: -1 } },
      );
      const gaps = await verify();
      const first = await backfill();
      const second = await backfill();
      const after = await verify();

      expect(gaps.body).toEqual({
        ...consistent(8),
        consistent: false,
        mongo_sessions: 5,
        missing: { count: 3, ids: [...lost].sort() },
        differing: { count: 1, ids: [stale] },
      });
      expect(first.body).toEqual({ copied: 4, skipped: 4, failed: 0 });
      expect(second.body).toEqual({ copied: 0, skipped: 8, failed: 0 });
      expect(after.body).toEqual(consistent(8));

      // A copy still queued at shutdown lands before the connection closes.
      const last = players[2];
      await play(last);
      await stop();
      const copy = await mongoSessions().findOne({ session_id: last.id });
      expect(copy?.version).toBe(last.latest.version);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'should split new sessions by hash at 50% and find old ones anywhere',
    async () => {
      await start('rollout-50');
      await expectAllIntact();
      const backends = sut!.app.get(SessionBackends);

      const fresh: Player[] = [];
      const homes = () => fresh.map((p) => rolloutBucket(p.id) < 50);
      while (
        homes().filter(Boolean).length < 2 ||
        homes().filter((inMongo) => !inMongo).length < 2
      ) {
        fresh.push(await newPlayer('en'));
      }
      for (const player of players) {
        if (player.latest.step !== 'DONE') await play(player);
      }

      for (const player of fresh) {
        const inMongo = rolloutBucket(player.id) < 50;
        const stored = await mongoSessions().findOne({ session_id: player.id });
        const held = await backends.memory!.findById(player.id);
        expect({ stored: !!stored, held: !!held }).toEqual({
          stored: inMongo,
          held: !inMongo,
        });
      }
      await expectAllIntact();
      expect(
        await metricValue(
          'jti_store_operation_duration_seconds_count',
          'store="sessions:memory",operation="update",outcome="ok"',
        ),
      ).toBeGreaterThan(0);
      expect(
        await metricValue(
          'jti_store_operation_duration_seconds_count',
          'store="sessions:mongo",operation="update",outcome="ok"',
        ),
      ).toBeGreaterThan(0);
      await stop();
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'should serve every session from MongoDB alone at 100% and finish every quiz',
    async () => {
      await start('mongo');

      await expectAllIntact();
      const files = await readdir(directory);
      expect(files).not.toContain('sessions.snapshot');
      expect(
        files.filter((f) => f.startsWith('sessions.snapshot.imported-')),
      ).toHaveLength(1);

      for (const player of players) await finish(player);

      for (const player of players) {
        expectRightResult(player);
        await expectWholeLog(player);
      }
      const ids = players.map((p) => p.id);
      expect(await mongoSessions().countDocuments()).toBe(players.length);
      expect(await db.collection('quizzes').countDocuments()).toBe(
        players.length,
      );
      expect(
        await mongoSessions().distinct('session_id', {
          session_id: { $in: ids },
        }),
      ).toHaveLength(players.length);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'should roll back to memory through an exported snapshot and forward again',
    async () => {
      await start('mongo');
      const unfinished = [await newPlayer('en'), await newPlayer('zh')];
      for (const player of unfinished) {
        await play(player);
        await play(player);
      }
      await stop();

      const exported = await runNpmScript(
        'migrate:sessions',
        ['--to-snapshot', snapshotPath],
        { MONGODB_URI: uri },
      );
      expect(exported).toMatchObject({
        code: 0,
        stdout: `Exported ${players.length} live sessions to ${snapshotPath}\n`,
      });

      await start('memory');
      await expectAllIntact();
      for (const player of unfinished) await finish(player);
      for (const player of unfinished) expectRightResult(player);
      await stop();

      await start('mongo');
      await expectAllIntact();
    },
    PHASE_TIMEOUT_MS,
  );

  function expectRightResult(player: Player): void {
    const session = player.latest;
    const scores = Object.fromEntries(
      COLOR_DIMENSIONS.map((dimension) => [dimension, 0]),
    );
    scores[player.dimension] = pointsFor(
      session.selected_questions,
      player.dimension,
    );

    expect(session.step).toBe('DONE');
    expect(session.answers).toEqual(player.sent);
    expect(Object.keys(session.answers)).toHaveLength(5);
    expect(session.result_id).toBe(`result-${player.dimension}`);
    expect(session.color_scores).toEqual(scores);
  }

  /** Turn numbers 1..turn_count with no gap, across every restart. */
  async function expectWholeLog(player: Player): Promise<void> {
    const page = await adminGet(http, 'conversations', {
      session_id: player.id,
      limit: 100,
    }).expect(200);
    const numbers = page.body.items.map(
      (turn: { turn_number: number }) => turn.turn_number,
    );

    expect(numbers).toEqual(
      Array.from({ length: player.latest.turn_count }, (_, i) => i + 1),
    );
  }
});

function consistent(sessions: number) {
  return {
    consistent: true,
    source_sessions: sessions,
    mongo_sessions: sessions,
    missing: { count: 0, ids: [] },
    differing: { count: 0, ids: [] },
    only_in_mongo: { count: 0, ids: [] },
  };
}
