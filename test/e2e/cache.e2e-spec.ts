import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { CachedSessionStore } from '@/cache/cached-session.store';
import { RedisTestServer } from '@test/support/redis-test-server';
import { TcpProxy } from '@test/support/tcp-proxy';
import { buildTurn } from '@test/factories/conversation-turn.factory';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';
import { testMongoUri } from '@test/support/test-env';

const API = '/api/jti';
/** Every request during a Redis outage must finish well inside this. */
const STALL_LIMIT_MS = 1_000;
/** Pool wait (MONGO_OPERATION_TIMEOUT_MS) plus the command's own bound. */
const QUICK_READ_BOUND_MS = 3_000;

type Http = ReturnType<TestApp['app']['getHttpServer']>;

async function startSession(http: Http): Promise<string> {
  const response = await request(http)
    .post(`${API}/start_session`)
    .send({ language: 'en' })
    .expect(201);

  return response.body.session_id as string;
}

function chat(http: Http, sessionId: string, message: string): request.Test {
  return request(http)
    .post(`${API}/chat`)
    .send({ session_id: sessionId, message });
}

describe(`${CachedSessionStore.name} over HTTP`, () => {
  const redis = new RedisTestServer();
  const apps: TestApp[] = [];

  beforeAll(async () => {
    await redis.start();
  });

  afterAll(async () => {
    if (redis.controllable) await redis.stop();
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function cachedApp(
    mongoUri: string,
    redisUrl: string,
    env: Record<string, string> = {},
  ): Promise<Http> {
    const app = await createTestApp({
      mongoSession: true,
      env: {
        MONGODB_URI: mongoUri,
        USE_REDIS_CACHE: 'true',
        REDIS_URL: redisUrl,
        ...env,
      },
    });
    apps.push(app);

    return app.app.getHttpServer();
  }

  it('should never show one instance a version older than the other acknowledged', async () => {
    const mongoUri = testMongoUri('cache_pair');
    const first = await cachedApp(mongoUri, redis.url);
    const second = await cachedApp(mongoUri, redis.url);
    const sessionId = await startSession(first);
    const stale: string[] = [];

    for (let round = 0; round < 40; round += 1) {
      const [writer, reader] =
        round % 2 === 0 ? [first, second] : [second, first];
      await request(reader).get(`${API}/session/${sessionId}`).expect(200);

      const written = await chat(writer, sessionId, `round ${round}`).expect(
        200,
      );
      const read = await request(reader)
        .get(`${API}/session/${sessionId}`)
        .expect(200);

      if (read.body.version !== written.body.session.version) {
        stale.push(`round ${round}: ${read.body.version}`);
      }
      expect(read.body).toEqual(written.body.session);
    }

    expect(stale).toEqual([]);
  });

  it('should fail no request and stall none while Redis stops and starts', async () => {
    const ownRedis = new RedisTestServer();
    if (!ownRedis.controllable) return;
    await ownRedis.start();
    try {
      const http = await cachedApp(testMongoUri('cache_outage'), ownRedis.url);
      const sessionId = await startSession(http);
      const outcomes: { status: number; ms: number; version: number }[] = [];
      let readiness: unknown;

      for (let index = 0; index < 60; index += 1) {
        if (index === 15) await ownRedis.stop();
        if (index === 30) {
          readiness = (await request(http).get('/health/ready')).body;
        }
        if (index === 45) await ownRedis.start();

        const started = performance.now();
        const response =
          index % 3 === 0
            ? await chat(http, sessionId, `message ${index}`)
            : await request(http).get(`${API}/session/${sessionId}`);
        outcomes.push({
          status: response.status,
          ms: performance.now() - started,
          version: response.body.version ?? response.body.session?.version,
        });
      }

      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(
        STALL_LIMIT_MS,
      );
      expect(outcomes.at(-1)?.version).toBe(21);
      expect(readiness).toEqual(
        expect.objectContaining({
          status: 'ok',
          info: expect.objectContaining({
            redis: expect.objectContaining({
              status: 'up',
              cache: 'bypassed',
            }),
          }),
        }),
      );
    } finally {
      await ownRedis.stop();
    }
  });

  it('should serve fresh sessions through every instance while one cannot reach Redis', async () => {
    const mongoUri = testMongoUri('cache_partition');
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(redis.url).port));
    await proxy.start();
    try {
      const cutOff = await cachedApp(mongoUri, `redis://${proxy.address}`);
      const direct = await cachedApp(mongoUri, redis.url);
      const sessionId = await startSession(cutOff);
      await request(direct).get(`${API}/session/${sessionId}`).expect(200);
      await request(direct).get(`${API}/session/${sessionId}`).expect(200);
      await proxy.cut();

      const versions: Array<[written: number, read: number]> = [];
      for (let round = 0; round < 5; round += 1) {
        const written = await chat(cutOff, sessionId, `round ${round}`);
        const read = await request(direct).get(`${API}/session/${sessionId}`);
        versions.push([written.body.session.version, read.body.version]);
      }
      const readiness = await request(direct).get('/health/ready');

      expect(versions).toEqual(
        [2, 3, 4, 5, 6].map((version) => [version, version]),
      );
      expect(readiness.status).toBe(200);
      expect(readiness.body.info.redis).toEqual(
        expect.objectContaining({ status: 'up', cache: 'held' }),
      );
    } finally {
      await proxy.close();
    }
  });

  it('should report Redis in readiness while it answers', async () => {
    const http = await cachedApp(testMongoUri('cache_ready'), redis.url);

    const response = await request(http).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.info.redis).toEqual({
      status: 'up',
      cache: 'in use',
    });
  });

  it('should share one MongoDB client, with the configured pool, across stores and probes', async () => {
    const app = await createTestApp({
      mongoSession: true,
      mongoLogs: true,
      env: {
        USE_REDIS_CACHE: 'true',
        REDIS_URL: redis.url,
        MONGO_MAX_POOL_SIZE: '5',
        MONGO_MIN_POOL_SIZE: '0',
      },
    });
    apps.push(app);
    const http = app.app.getHttpServer();
    const connection = app.app.get<Connection>(getConnectionToken());
    const client = connection.getClient();
    let checkedOut = 0;
    let mostCheckedOut = 0;
    client.on('connectionCheckedOut', () => {
      checkedOut += 1;
      mostCheckedOut = Math.max(mostCheckedOut, checkedOut);
    });
    client.on('connectionCheckedIn', () => (checkedOut -= 1));
    const sessions = await Promise.all(
      Array.from({ length: 20 }, () => startSession(http)),
    );

    await Promise.all([
      ...sessions.map((id) => chat(http, id, 'hello').expect(200)),
      ...Array.from({ length: 10 }, () =>
        request(http).get('/health/ready').expect(200),
      ),
    ]);

    expect(client.options.maxPoolSize).toBe(5);
    expect(mostCheckedOut).toBe(5);
  });

  it('should answer quick reads or 503 in bounded time while slow exports hold the pool (case 13)', async () => {
    const app = await createTestApp({
      mongoSession: true,
      mongoLogs: true,
      env: {
        MONGO_MAX_POOL_SIZE: '5',
        MONGO_MIN_POOL_SIZE: '0',
        MONGO_OPERATION_TIMEOUT_MS: '1000',
      },
    });
    apps.push(app);
    const http = app.app.getHttpServer();
    const connection = app.app.get<Connection>(getConnectionToken());
    const turns = connection
      .getClient()
      .db(connection.name)
      .collection('conversations');
    for (let chunk = 0; chunk < 10; chunk += 1) {
      await turns.insertMany(
        Array.from({ length: 1000 }, (_, index) => ({
          ...buildTurn({ session_id: `bulk-${chunk}`, turn_number: index + 1 }),
          agent_response: 'x'.repeat(500),
        })),
      );
    }
    const sessionId = await startSession(http);

    const exports = Array.from({ length: 20 }, () =>
      request(http)
        .get(`${API}/conversations/export`)
        .query({ mode: 'COLOR' })
        .set('X-API-Key', TEST_ADMIN_KEY)
        .then((response) => response.status),
    );
    const quick = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const started = performance.now();
        const response = await request(http).get(`${API}/session/${sessionId}`);
        return { status: response.status, ms: performance.now() - started };
      }),
    );
    const liveStarted = performance.now();
    const live = await request(http).get('/health/live');
    const liveMs = performance.now() - liveStarted;
    const exported = await Promise.all(exports);

    expect(quick.filter((r) => r.status !== 200 && r.status !== 503)).toEqual(
      [],
    );
    expect(Math.max(...quick.map((r) => r.ms))).toBeLessThan(
      QUICK_READ_BOUND_MS,
    );
    expect(live.status).toBe(200);
    expect(liveMs).toBeLessThan(500);
    expect(exported.filter((s) => s !== 200 && s !== 503)).toEqual([]);
  }, 60_000);
});
