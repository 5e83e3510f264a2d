import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MirrorQueue } from '@/migration/mirror-queue';
import { ensureImportIndexes } from '@/migration/migration-database';
import { MongoSessionImporter } from '@/migration/mongo-session-importer';
import { SESSIONS_COLLECTION } from '@/session/schemas/session-record.schema';
import { Session } from '@/session/session.types';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import { importSessions } from '@/session/snapshot/session-import';
import {
  readSessionSnapshot,
  writeSessionSnapshot,
} from '@/session/snapshot/session-snapshot-file';
import { errorBody } from '@test/factories/error-body.factory';
import {
  API,
  getSession,
  Http,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { buildSession } from '@test/factories/session.factory';
import { runNpmScript, startCli } from '@test/support/cli-runner';
import { FakeClock } from '@test/support/fake-clock';
import { TcpProxy } from '@test/support/tcp-proxy';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';
import { testMongoUri } from '@test/support/test-env';

/** Apps on a real server, CLI runs and 1,000-session imports. */
const TIMEOUT_MS = 120_000;
const SESSIONS = 1_000;
const CONCURRENT = 20;
const ROUNDS = 5;

const BACKFILL = `${API}/admin/migrations/sessions`;
const VERIFY = `${BACKFILL}/verify`;

async function* listed(sessions: Session[]): AsyncIterable<Session> {
  yield* sessions;
}

describe('session migration', () => {
  let directory: string;
  let snapshotPath: string;
  let uri: string;
  let client: MongoClient;
  let db: Db;
  let clock: FakeClock;
  let sut: TestApp | undefined;
  let http: Http;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'jti-migration-'));
    snapshotPath = join(directory, 'sessions.snapshot');
    uri = testMongoUri('migration');
    client = await MongoClient.connect(uri);
    db = client.db();
    // Real time, so CLI runs (on the system clock) see the same live sessions.
    clock = new FakeClock(new Date());
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
    await db.dropDatabase();
    await client.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<void> {
    sut = await createTestApp({
      clock,
      env: { MONGODB_URI: uri, SESSION_SNAPSHOT_PATH: snapshotPath, ...env },
    });
    http = httpOf(sut);
  }

  async function stop(): Promise<void> {
    await sut?.close();
    sut = undefined;
  }

  const shadow = { SESSION_SHADOW_WRITES: 'true' };

  function backfill() {
    return http.post(BACKFILL).set('X-API-Key', TEST_ADMIN_KEY);
  }

  function sessions() {
    return db.collection<Session>(SESSIONS_COLLECTION);
  }

  function mongoStore(): MongoSessionStore {
    return new MongoSessionStore(sessions(), clock, 10_000);
  }

  /** What migrate:sessions --from-snapshot imports with. */
  function importer(): MongoSessionImporter {
    return new MongoSessionImporter(sessions(), mongoStore(), clock);
  }

  describe('admin endpoints', () => {
    it.each([
      ['memory sessions', {}],
      ['MongoDB sessions', { USE_MONGO_SESSION: 'true' }],
      [
        'a 50% rollout',
        { USE_MONGO_SESSION: 'true', MONGO_ROLLOUT_PERCENT: '50' },
      ],
    ])(
      'should answer 409 MIGRATION_UNAVAILABLE with %s',
      async (_name, env) => {
        await start(env);

        const copy = await backfill().expect(409);
        const check = await http
          .get(VERIFY)
          .set('X-API-Key', TEST_ADMIN_KEY)
          .expect(409);

        const body = errorBody(
          409,
          'MIGRATION_UNAVAILABLE',
          'SESSION_SHADOW_WRITES=true',
        );
        expect(copy.body).toEqual(body);
        expect(check.body).toEqual(body);
      },
      TIMEOUT_MS,
    );

    it(
      'should refuse a request without the admin key',
      async () => {
        await start(shadow);

        const response = await http.post(BACKFILL).expect(401);

        expect(response.body).toEqual(errorBody(401, 'ADMIN_KEY_INVALID'));
      },
      TIMEOUT_MS,
    );
  });

  describe('backfill', () => {
    it(
      'should never overwrite a newer version already in MongoDB',
      async () => {
        await start(shadow);
        const id = await startSession(http, { language: 'en' });
        await pressButton(http, 'start', id).expect(200);
        await sut!.app.get(MirrorQueue).drain(10_000);
        await sessions().updateOne(
          { session_id: id },
          { $inc: { version: 5 }, $set: { step: 'DONE' } },
        );

        const response = await backfill().expect(200);
        const check = await http
          .get(VERIFY)
          .set('X-API-Key', TEST_ADMIN_KEY)
          .expect(200);

        expect(response.body).toEqual({ copied: 0, skipped: 1, failed: 0 });
        expect(await sessions().findOne({ session_id: id })).toMatchObject({
          version: 7,
          step: 'DONE',
        });
        expect(check.body.differing).toEqual({ count: 1, ids: [id] });
      },
      TIMEOUT_MS,
    );

    it(
      'should give one document and no 5xx for 20 concurrent backfills',
      async () => {
        await start(shadow);
        const id = await startSession(http, { language: 'zh' });
        await sut!.app.get(MirrorQueue).drain(10_000);

        for (let round = 1; round <= ROUNDS; round += 1) {
          await sessions().deleteMany({ session_id: id });

          const responses = await Promise.all(
            Array.from({ length: CONCURRENT }, () => backfill()),
          );

          expect(responses.map((r) => r.status)).toEqual(
            Array(CONCURRENT).fill(200),
          );
          const copied = responses.map((r) => r.body.copied as number);
          expect(copied.reduce((a, b) => a + b, 0)).toBe(1);
          for (const response of responses) {
            expect(response.body.copied + response.body.skipped).toBe(1);
          }
          expect(await sessions().countDocuments({ session_id: id })).toBe(1);
        }
      },
      TIMEOUT_MS,
    );
  });

  describe('shadow writes', () => {
    let proxy: TcpProxy;

    afterEach(async () => {
      await proxy?.close();
    });

    it(
      'should serve every request while MongoDB is away and count the failures',
      async () => {
        const target = new URL(uri);
        proxy = new TcpProxy('127.0.0.1', Number(target.port));
        const address = await proxy.start();
        await start({
          ...shadow,
          MONGODB_URI: `mongodb://${address}${target.pathname}`,
          MONGO_SERVER_SELECTION_TIMEOUT_MS: '300',
        });
        const mirror = sut!.app.get(MirrorQueue);

        await proxy.cut();
        const id = await startSession(http, { language: 'en' });
        await pressButton(http, 'start', id).expect(200);
        await getSession(http, id).expect(200);
        await mirror.drain(30_000);
        const metrics = (await http.get('/metrics').expect(200)).text;
        await proxy.restore();
        const response = await backfill().expect(200);

        expect(metrics).toMatch(/jti_mirror_writes_total\{result="failed"\} 2/);
        expect(response.body).toEqual({ copied: 1, skipped: 0, failed: 0 });
        expect(await sessions().findOne({ session_id: id })).toMatchObject({
          version: 2,
          step: 'QUIZ',
        });
      },
      TIMEOUT_MS,
    );
  });

  describe('snapshots', () => {
    it(
      'should refuse to start on a corrupt snapshot and leave it as it is',
      async () => {
        const corrupt = '{"format":"jti-session-snapshot","version":1}\n{"se';
        await writeFile(snapshotPath, corrupt);

        const starting = start();

        await expect(starting).rejects.toThrow(/cut short|Could not load/);
        expect(await readFile(snapshotPath, 'utf8')).toBe(corrupt);
      },
      TIMEOUT_MS,
    );

    it(
      'should skip sessions that expired while the service was down',
      async () => {
        await start();
        const expiring = await startSession(http, {});
        clock.advanceMinutes(20);
        const fresh = await startSession(http, {});
        await stop();

        clock.advanceMinutes(15);
        await start();

        await getSession(http, expiring).expect(404);
        await getSession(http, fresh).expect(200);
      },
      TIMEOUT_MS,
    );

    it(
      'should tell consistent and missing sessions apart with migrate:verify',
      async () => {
        await start(shadow);
        const ids = [
          await startSession(http, {}),
          await startSession(http, {}),
        ];
        await stop();
        const args = ['--snapshot', snapshotPath];

        const same = await runNpmScript('migrate:verify', args, {
          MONGODB_URI: uri,
        });
        await sessions().deleteOne({ session_id: ids[1] });
        const gap = await runNpmScript('migrate:verify', args, {
          MONGODB_URI: uri,
        });

        expect(same.code).toBe(0);
        expect(same.stdout).toBe(
          [
            `Snapshot ${snapshotPath}: 2 live sessions`,
            'MongoDB: 2 live sessions',
            'missing in MongoDB: 0',
            'differing: 0',
            'only in MongoDB: 0',
            'Consistent',
            '',
          ].join('\n'),
        );
        expect(gap.code).toBe(1);
        expect(gap.stdout).toContain(`missing in MongoDB: 1\n  ${ids[1]}\n`);
        expect(gap.stdout).toContain('NOT consistent');
      },
      TIMEOUT_MS,
    );
  });

  describe('re-run imports (1,000 sessions)', () => {
    let all: Session[];

    beforeEach(async () => {
      all = Array.from({ length: SESSIONS }, () =>
        buildSession(clock.now(), { session_id: randomUUID() }),
      );
      await writeSessionSnapshot(snapshotPath, listed(all), clock.now());
      await ensureImportIndexes(db, [SESSIONS_COLLECTION]);
    });

    async function expectAllOnce(): Promise<void> {
      expect(await sessions().countDocuments()).toBe(SESSIONS);
      expect(await sessions().distinct('session_id')).toHaveLength(SESSIONS);
    }

    it(
      'should copy the rest after an interrupted run and nothing the third time',
      async () => {
        const controller = new AbortController();

        const first = await importSessions(
          readSessionSnapshot(snapshotPath),
          importer(),
          {
            progressEvery: 100,
            onProgress: (so) => so.copied >= 300 && controller.abort(),
            signal: controller.signal,
          },
        );
        const stored = await sessions().countDocuments();
        const second = await importSessions(
          readSessionSnapshot(snapshotPath),
          importer(),
        );
        const third = await importSessions(
          readSessionSnapshot(snapshotPath),
          importer(),
        );

        expect(first).toEqual({ copied: 300, skipped: 0, failed: 0 });
        expect(stored).toBe(300);
        expect(second).toEqual({
          copied: SESSIONS - stored,
          skipped: stored,
          failed: 0,
        });
        expect(third).toEqual({ copied: 0, skipped: SESSIONS, failed: 0 });
        await expectAllOnce();
      },
      TIMEOUT_MS,
    );

    it(
      'should recover from migrate:sessions killed with SIGKILL',
      async () => {
        const args = ['migrate:sessions', '--from-snapshot', snapshotPath];
        const run = startCli(args, { MONGODB_URI: uri });
        run.child.stderr!.on('data', (text: string) => {
          if (/^ {2}500 read:/m.test(text)) run.child.kill('SIGKILL');
        });

        const killed = await run.result;
        const stored = await sessions().countDocuments();
        const again = await runNpmScript('migrate:sessions', args.slice(1), {
          MONGODB_URI: uri,
        });
        const last = await runNpmScript('migrate:sessions', args.slice(1), {
          MONGODB_URI: uri,
        });

        expect(killed.signal).toBe('SIGKILL');
        expect(killed.stdout).toBe('');
        expect(stored).toBeGreaterThanOrEqual(500);
        expect(again).toMatchObject({
          code: 0,
          stdout:
            `Sessions: ${SESSIONS} read: ${SESSIONS - stored} copied, ` +
            `${stored} skipped, 0 failed\n`,
        });
        expect(last).toMatchObject({
          code: 0,
          stdout: `Sessions: ${SESSIONS} read: 0 copied, ${SESSIONS} skipped, 0 failed\n`,
        });
        await expectAllOnce();
      },
      TIMEOUT_MS,
    );

    // Which racing version survives is not asserted: the FerretDB test
    // server does not isolate a filtered replace from other connections
    // (MongoDB does). The unique index, which decides "one document", holds.
    it(
      'should give one document for 20 concurrent batch imports of one id',
      async () => {
        for (let round = 1; round <= ROUNDS; round += 1) {
          const id = randomUUID();
          const batches = Array.from({ length: CONCURRENT }, (_, i) => [
            buildSession(clock.now(), { session_id: id, version: i + 1 }),
          ]);

          const outcomes = await Promise.all(
            batches.map((batch) => importer().importBatch(batch)),
          );

          expect(outcomes.flat()).toContain('copied');
          expect(outcomes.flat().filter((o) => o instanceof Error)).toEqual([]);
          expect(await sessions().countDocuments({ session_id: id })).toBe(1);
        }
      },
      TIMEOUT_MS,
    );

    it(
      'should give one document for 20 concurrent imports of one id',
      async () => {
        const store = mongoStore();

        for (let round = 1; round <= ROUNDS; round += 1) {
          const id = randomUUID();
          const versions = Array.from({ length: CONCURRENT }, (_, i) =>
            buildSession(clock.now(), { session_id: id, version: i + 1 }),
          );

          const outcomes = await Promise.all(
            versions.map((session) => store.importSession(session)),
          );

          expect(outcomes).toContain('copied');
          expect(await sessions().countDocuments({ session_id: id })).toBe(1);
        }
      },
      TIMEOUT_MS,
    );
  });
});
