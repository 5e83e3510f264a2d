import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { TurnRecorder } from '@/conversation-log/turn-recorder.service';
import { TurnSpool } from '@/conversation-log/turn-spool';
import { buildTurns } from '@test/factories/conversation-turn.factory';
import { freePort } from '@test/support/mongo-test-server';
import { pollUntil } from '@test/support/poll';
import { TcpProxy } from '@test/support/tcp-proxy';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';
import { TEST_MONGO_URI_VAR, testMongoUri } from '@test/support/test-env';

const API = '/api/jti';
/** Keeps every turn queued until something flushes it. */
const NEVER_FLUSH = {
  LOG_FLUSH_INTERVAL_MS: '600000',
  LOG_BATCH_SIZE: '10000',
};
const CHILD_START_TIMEOUT_MS = 60_000;

interface TurnKey {
  session_id: string;
  turn_number: number;
}

describe(TurnRecorder.name, () => {
  let mongo: MongoClient;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    mongo = await MongoClient.connect(baseUri());
  });

  afterAll(async () => {
    await mongo.close();
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function app(env: Record<string, string>): Promise<TestApp> {
    const made = await createTestApp({ mongoLogs: true, env });
    apps.push(made);

    return made;
  }

  async function storedKeys(uri: string): Promise<string[]> {
    const name = new URL(uri).pathname.slice(1);
    const turns = await mongo
      .db(name)
      .collection<TurnKey>('conversations')
      .find({}, { projection: { _id: 0, session_id: 1, turn_number: 1 } })
      .toArray();

    return turns.map(keyOf).sort();
  }

  describe('record', () => {
    it('should answer before the turn is written, and list it on the next read', async () => {
      const uri = testMongoUri('queue');
      const sut = await app({ ...NEVER_FLUSH, MONGODB_URI: uri });
      const http = sut.app.getHttpServer();
      const sessionId = await startSession(http);

      await chat(http, sessionId, 'hello').expect(200);
      const storedBeforeRead = await storedKeys(uri);
      const listed = await request(http)
        .get(`${API}/conversations`)
        .query({ session_id: sessionId })
        .set('X-API-Key', TEST_ADMIN_KEY);

      expect(storedBeforeRead).toEqual([]);
      expect(listed.status).toBe(200);
      expect(listed.body.total).toBe(1);
      expect(listed.body.items[0]).toEqual(
        expect.objectContaining({ session_id: sessionId, turn_number: 1 }),
      );
    });
  });

  describe('when MongoDB is cut off and comes back', () => {
    let proxy: TcpProxy;

    beforeEach(async () => {
      const { port } = new URL(baseUri());
      proxy = new TcpProxy('127.0.0.1', Number(port));
      await proxy.start();
    });

    afterEach(async () => {
      await proxy.close();
    });

    it('should keep every acknowledged turn, and list the spooled ones as soon as it is back', async () => {
      const database = `queue_outage_${Date.now()}`;
      const sut = await app({
        MONGODB_URI: `mongodb://${proxy.address}/${database}`,
        MONGO_SERVER_SELECTION_TIMEOUT_MS: '300',
        LOG_BATCH_SIZE: '5',
        LOG_FLUSH_INTERVAL_MS: '5',
      });
      const http = sut.app.getHttpServer();
      const sessions = [await startSession(http), await startSession(http)];
      const acknowledged: string[] = [];
      const play = async (rounds: number): Promise<void> => {
        for (let round = 0; round < rounds; round += 1) {
          const replies = await Promise.all(
            sessions.map((id) => chat(http, id, `round ${round}`)),
          );
          for (const reply of replies) {
            expect(reply.status).toBe(200);
            acknowledged.push(keyOf(turnOf(reply.body)));
          }
        }
      };
      const listed = (): Promise<request.Response> =>
        request(http)
          .get(`${API}/conversations`)
          .query({ session_id: sessions[0], limit: 100 })
          .set('X-API-Key', TEST_ADMIN_KEY);

      await play(5);
      expect((await listed()).body.total).toBe(5);
      await proxy.cut();
      await play(20);
      const duringCut = await listed();
      const spooled = await readdir(sut.env.LOG_SPOOL_DIR as string);
      await proxy.restore();
      await play(5);
      // The driver notices the server is back on its next heartbeat; the
      // read replays the spool itself rather than wait for the timer.
      let afterward = duringCut;
      const listedAfterMs = await pollUntil(
        async () => (afterward = await listed()).status === 200,
        { withinMs: 10_000, everyMs: 250, what: 'a complete read' },
      );

      expect(duringCut.status).toBe(503);
      expect(duringCut.body.code).toBe('STORE_UNAVAILABLE');
      expect(spooled.length).toBeGreaterThan(0);
      expect(listedAfterMs).toBeLessThan(10_000);
      expect(afterward.body.total).toBe(30);
      expect(
        (afterward.body.items as TurnKey[]).map((turn) => turn.turn_number),
      ).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(acknowledged).toHaveLength(60);
      expect(await storedKeys(`mongodb://x/${database}`)).toEqual(
        [...acknowledged].sort(),
      );
      await expect(readdir(sut.env.LOG_SPOOL_DIR as string)).resolves.toEqual(
        [],
      );
    });
  });

  describe('at start-up', () => {
    it('should replay turns a previous run left in the spool', async () => {
      const uri = testMongoUri('queue');
      const spoolDirectory = await mkdtemp(join(tmpdir(), 'jti-spool-'));
      const left = buildTurns(30, new Date('2026-03-01T08:00:00Z'));
      await new TurnSpool(spoolDirectory).save(left.slice(0, 20));
      await new TurnSpool(spoolDirectory).save(left.slice(10));

      const sut = await app({
        MONGODB_URI: uri,
        LOG_SPOOL_DIR: spoolDirectory,
      });
      await sut.app.get(TurnRecorder).replaySpool();

      expect(await storedKeys(uri)).toEqual(left.map(keyOf).sort());
      await expect(readdir(spoolDirectory)).resolves.toEqual([]);
      await rm(spoolDirectory, { recursive: true, force: true });
    });
  });

  describe('on shutdown', () => {
    it('should write a full queue on app.close(), before the connection closes', async () => {
      const uri = testMongoUri('queue');
      const sut = await createTestApp({
        mongoLogs: true,
        env: { ...NEVER_FLUSH, LOG_QUEUE_LIMIT: '200', MONGODB_URI: uri },
      });
      const http = sut.app.getHttpServer();
      const sessions = await Promise.all(
        Array.from({ length: 10 }, () => startSession(http)),
      );
      const acknowledged: string[] = [];
      for (let round = 0; round < 20; round += 1) {
        const replies = await Promise.all(
          sessions.map((id) => chat(http, id, `round ${round}`).expect(200)),
        );
        acknowledged.push(...replies.map((reply) => keyOf(turnOf(reply.body))));
      }
      const storedBeforeClose = await storedKeys(uri);

      await sut.close();

      expect(storedBeforeClose).toEqual([]);
      expect(await storedKeys(uri)).toEqual(acknowledged.sort());
    });

    it('should keep every acknowledged turn when the process gets SIGTERM mid-traffic', async () => {
      const uri = testMongoUri('sigterm');
      const port = await freePort();
      const child = startService(port, {
        ...NEVER_FLUSH,
        USE_MONGO_LOGS: 'true',
        MONGODB_URI: uri,
        LOG_SPOOL_DIR: await mkdtemp(join(tmpdir(), 'jti-spool-')),
        CONVERSATION_LOG_DIR: await mkdtemp(join(tmpdir(), 'jti-logs-')),
      });
      const base = `http://127.0.0.1:${port}`;
      try {
        await child.ready;
        const sessions = await Promise.all(
          Array.from({ length: 10 }, () => startSession(base)),
        );
        const acknowledged: string[] = [];
        let answered = 0;
        const traffic = sessions.map(async (id) => {
          for (let turn = 1; turn <= 30; turn += 1) {
            const reply = await chat(base, id, `turn ${turn}`).catch(
              () => null,
            );
            if (reply?.status !== 200) return;
            acknowledged.push(keyOf(turnOf(reply.body)));
            answered += 1;
            if (answered === 100) child.process.kill('SIGTERM');
          }
        });

        await Promise.all(traffic);
        const exitCode = await child.exited;

        expect(exitCode).toBe(0);
        expect(acknowledged.length).toBeGreaterThanOrEqual(100);
        expect(await storedKeys(uri)).toEqual(
          expect.arrayContaining(acknowledged),
        );
      } finally {
        child.process.kill('SIGKILL');
      }
    }, 120_000);
  });
});

function baseUri(): string {
  const base = process.env[TEST_MONGO_URI_VAR];
  if (!base) throw new Error('The test MongoDB server was not started');

  return base;
}

type Target = ReturnType<TestApp['app']['getHttpServer']> | string;

async function startSession(target: Target): Promise<string> {
  const response = await request(target)
    .post(`${API}/start_session`)
    .send({ language: 'en' })
    .expect(201);

  return response.body.session_id as string;
}

function chat(
  target: Target,
  sessionId: string,
  message: string,
): request.Test {
  return request(target)
    .post(`${API}/chat`)
    .send({ session_id: sessionId, message });
}

function turnOf(body: {
  session: { session_id: string; turn_count: number };
}): TurnKey {
  return {
    session_id: body.session.session_id,
    turn_number: body.session.turn_count,
  };
}

function keyOf(turn: TurnKey): string {
  return `${turn.session_id}#${String(turn.turn_number).padStart(4, '0')}`;
}

interface ServiceProcess {
  process: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** The service as its own process, from the sources, on 127.0.0.1. */
function startService(
  port: number,
  env: Record<string, string>,
): ServiceProcess {
  const root = resolve(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(root, 'src', 'main.ts'),
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'log',
        LOG_FORMAT: 'json',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => done(code)),
  );
  const ready = new Promise<void>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`Service did not start:\n${output.slice(-3000)}`)),
      CHILD_START_TIMEOUT_MS,
    );
    child.stdout?.on('data', () => {
      if (output.includes('Listening on')) {
        clearTimeout(timer);
        done();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`Service exited early:\n${output.slice(-3000)}`));
    });
  });

  return { process: child, ready, exited };
}
