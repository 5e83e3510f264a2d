import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { Collection, MongoClient } from 'mongodb';
import { types } from 'node:util';
import { AlertService } from '@/alerts/alert.service';
import {
  CACHE_HOLDS_COLLECTION,
  CacheHold,
  CacheHoldDocument,
} from '@/cache/cache-hold';
import { CachedSessionStore } from '@/cache/cached-session.store';
import { SESSION_KEY_PREFIX } from '@/cache/cache.constants';
import { createRedisClient } from '@/cache/redis-client';
import { RedisSessionCache } from '@/cache/redis-session-cache';
import {
  SessionConflictError,
  StoreUnavailableError,
} from '@/common/errors/store.errors';
import { AppConfig } from '@/config/app-config';
import { loadAppConfig } from '@/config/app-config.module';
import { MetricsService } from '@/metrics/metrics.service';
import { SESSIONS_COLLECTION } from '@/session/schemas/session-record.schema';
import { Session } from '@/session/session.types';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import {
  buildCompletedSession,
  buildSession,
} from '@test/factories/session.factory';
import { FakeClock } from '@test/support/fake-clock';
import { RedisTestServer } from '@test/support/redis-test-server';
import { TcpProxy } from '@test/support/tcp-proxy';
import { TEST_MONGO_URI_VAR, testMongoUri } from '@test/support/test-env';

const CACHE_TTL_SECONDS = 300;
const MAX_TIME_MS = 5_000;
const MINUTE_MS = 60_000;
/** Each request during an outage must finish well inside this. */
const STALL_LIMIT_MS = 1_000;
const HOLD_POLL_MS = 50;
const HOLD_MS = 15_000;

/** One service instance's view: its own Redis client, cache and clock. */
interface Instance {
  sut: CachedSessionStore;
  cache: RedisSessionCache;
  hold: CacheHold;
  redis: Redis;
  metrics: MetricsService;
  alerts: AlertService;
  clock: FakeClock;
}

describe(CachedSessionStore.name, () => {
  const redisServer = new RedisTestServer();
  let mongo: MongoClient;
  let sessions: Collection<Session>;
  let holds: Collection<CacheHoldDocument>;
  let mongoStore: MongoSessionStore;
  let clock: FakeClock;
  const opened: Instance[] = [];

  beforeAll(async () => {
    await redisServer.start();
    mongo = await MongoClient.connect(testMongoUri('cache'));
  });

  afterAll(async () => {
    await mongo.db().dropDatabase();
    await mongo.close();
    if (redisServer.controllable) await redisServer.stop();
  });

  beforeEach(async () => {
    // Every test starts at the same fake time, so no epoch or hold mark
    // may carry over from the one before.
    const admin = new Redis(redisServer.url, { lazyConnect: true });
    await admin.connect();
    await admin.flushdb();
    admin.disconnect();
    clock = new FakeClock();
    sessions = mongo
      .db()
      .collection<Session>(`${SESSIONS_COLLECTION}_${Date.now()}`);
    await sessions.createIndex({ session_id: 1 }, { unique: true });
    holds = mongo
      .db()
      .collection<CacheHoldDocument>(`${CACHE_HOLDS_COLLECTION}_${Date.now()}`);
    mongoStore = new MongoSessionStore(sessions, clock, MAX_TIME_MS);
  });

  afterEach(async () => {
    for (const { cache, hold, redis } of opened.splice(0)) {
      hold.stop();
      cache.beginClose();
      redis.disconnect();
    }
  });

  async function instance(
    url = redisServer.url,
    ownClock = clock,
  ): Promise<Instance> {
    const config = configFor(url);
    const redis = createRedisClient(config.redis);
    await redis.connect();
    const metrics = new MetricsService(ownClock);
    const alerts = new AlertService(
      metrics,
      ownClock,
      new ConfigService(config),
    );
    const hold = new CacheHold(holds, ownClock, {
      pollMs: HOLD_POLL_MS,
      holdMs: HOLD_MS,
      maxTimeMs: MAX_TIME_MS,
    });
    await hold.refresh();
    hold.start();
    const cache = new RedisSessionCache(redis, metrics, alerts, hold);
    const store = new MongoSessionStore(sessions, ownClock, MAX_TIME_MS);
    const sut = new CachedSessionStore(
      store,
      cache,
      ownClock,
      CACHE_TTL_SECONDS,
    );

    const created = {
      sut,
      cache,
      hold,
      redis,
      metrics,
      alerts,
      clock: ownClock,
    };
    opened.push(created);

    return created;
  }

  async function cacheResults(
    metrics: MetricsService,
  ): Promise<Record<string, number>> {
    const metric = await metrics.cacheRequests.get();

    return Object.fromEntries(
      metric.values.map((value) => [String(value.labels.result), value.value]),
    );
  }

  describe('findById', () => {
    it('should return a cached copy equal to what MongoDB returns, dates included', async () => {
      const { sut, metrics } = await instance();
      const session = await sut.create(buildCompletedSession(clock.now()));
      const fromMongo = await mongoStore.findById(session.session_id);

      const first = await sut.findById(session.session_id);
      const second = await sut.findById(session.session_id);

      expect(first).toEqual(fromMongo);
      expect(second).toEqual(fromMongo);
      expect(timeFieldsAreDates(second as Session)).toBe(true);
      expect(await cacheResults(metrics)).toEqual({ hit: 2 });
    });

    it('should fall back to MongoDB on a miss and cache what it read', async () => {
      const { sut, metrics } = await instance();
      const session = await mongoStore.create(buildSession(clock.now()));

      const missed = await sut.findById(session.session_id);
      const hit = await sut.findById(session.session_id);

      expect(missed).toEqual(session);
      expect(hit).toEqual(session);
      expect(await cacheResults(metrics)).toEqual({ miss: 1, hit: 1 });
    });

    it('should never serve a copy whose expires_at has passed', async () => {
      const { sut, redis } = await instance();
      const session = await sut.create(
        buildSession(clock.now(), {
          expires_at: new Date(clock.now().getTime() + MINUTE_MS),
        }),
      );
      await sut.findById(session.session_id);
      clock.advance(MINUTE_MS);

      const found = await sut.findById(session.session_id);

      expect(found).toBeNull();
      await expect(
        redis.exists(SESSION_KEY_PREFIX + session.session_id),
      ).resolves.toBe(1);
    });

    it('should keep a copy no longer than the session lives', async () => {
      const { sut, redis } = await instance();
      const shortLived = await sut.create(
        buildSession(clock.now(), {
          expires_at: new Date(clock.now().getTime() + 20_000),
        }),
      );
      const longLived = await sut.create(buildSession(clock.now()));

      const shortTtl = await redis.pttl(
        SESSION_KEY_PREFIX + shortLived.session_id,
      );
      const longTtl = await redis.pttl(
        SESSION_KEY_PREFIX + longLived.session_id,
      );

      expect(shortTtl).toBeGreaterThan(15_000);
      expect(shortTtl).toBeLessThanOrEqual(20_000);
      expect(longTtl).toBeGreaterThan((CACHE_TTL_SECONDS - 5) * 1000);
      expect(longTtl).toBeLessThanOrEqual(CACHE_TTL_SECONDS * 1000);
    });
  });

  describe('update', () => {
    it('should serve the new version right after the change', async () => {
      const { sut } = await instance();
      const session = await sut.create(buildSession(clock.now()));
      await sut.findById(session.session_id);

      const updated = await sut.update(session.session_id, 1, { step: 'QUIZ' });
      const found = await sut.findById(session.session_id);

      expect(found).toEqual(updated);
      expect(found).toEqual(
        expect.objectContaining({ step: 'QUIZ', version: 2 }),
      );
    });

    it('should never let a slow reader put an older version over a newer one', async () => {
      const { sut, cache } = await instance();
      const session = await sut.create(buildSession(clock.now()));
      const old = (await mongoStore.findById(session.session_id)) as Session;
      const updated = await sut.update(session.session_id, 1, { step: 'QUIZ' });
      await settle(sut, session.session_id);

      await cache.store(old, clock.now(), MINUTE_MS);

      await expect(sut.findById(session.session_id)).resolves.toEqual(updated);
    });

    it('should drop a stale copy on a conflict so the retry reads MongoDB', async () => {
      const { sut, cache } = await instance();
      const session = await sut.create(buildSession(clock.now()));
      const behindOurBack = await mongoStore.update(session.session_id, 1, {
        step: 'QUIZ',
      });
      await cache.store(session, clock.now(), MINUTE_MS);
      const stale = (await sut.findById(session.session_id)) as Session;

      const attempt = sut.update(session.session_id, stale.version, {
        paused: true,
      });

      await expect(attempt).rejects.toBeInstanceOf(SessionConflictError);
      await expect(sut.findById(session.session_id)).resolves.toEqual(
        behindOurBack,
      );
    });

    it('should never serve a stale version to another instance, over 50 alternating changes', async () => {
      const first = await instance();
      const second = await instance();
      const session = await first.sut.create(buildSession(clock.now()));
      const seen: number[] = [];

      for (let round = 0; round < 50; round += 1) {
        const [writer, reader] =
          round % 2 === 0 ? [first, second] : [second, first];
        const current = (await writer.sut.findById(
          session.session_id,
        )) as Session;
        await writer.sut.update(session.session_id, current.version, {
          turn_count: current.turn_count + 1,
        });
        const read = (await reader.sut.findById(session.session_id)) as Session;
        seen.push(read.version);
      }

      expect(seen).toEqual(Array.from({ length: 50 }, (_, index) => index + 2));
    });
  });

  describe('delete', () => {
    it('should not serve a deleted session, even after a late copy arrives', async () => {
      const { sut, cache } = await instance();
      const session = await sut.create(buildSession(clock.now()));
      await sut.findById(session.session_id);

      await sut.delete(session.session_id);
      await cache.store(session, clock.now(), MINUTE_MS);

      await expect(sut.findById(session.session_id)).resolves.toBeNull();
    });
  });

  describe('when Redis cannot be reached', () => {
    let proxy: TcpProxy;

    beforeEach(async () => {
      const { port } = new URL(redisServer.url);
      proxy = new TcpProxy('127.0.0.1', Number(port));
      await proxy.start();
    });

    afterEach(async () => {
      await proxy.close();
    });

    it('should answer every call from MongoDB, quickly, with one alert', async () => {
      const { sut, alerts, metrics } = await instance(
        `redis://${proxy.address}`,
      );
      const session = await sut.create(buildSession(clock.now()));
      await proxy.cut();
      const durations: number[] = [];

      for (let index = 0; index < 20; index += 1) {
        const started = performance.now();
        const current = (await sut.findById(session.session_id)) as Session;
        await sut.update(session.session_id, current.version, {
          turn_count: index + 1,
        });
        durations.push(performance.now() - started);
      }

      const final = await mongoStore.findById(session.session_id);
      expect(final).toEqual(
        expect.objectContaining({ turn_count: 20, version: 21 }),
      );
      expect(Math.max(...durations)).toBeLessThan(STALL_LIMIT_MS);
      expect(alerts.isFiring('redis_unavailable')).toBe(true);
      expect((await metrics.alerts.get()).values).toEqual([
        expect.objectContaining({
          labels: { alert: 'redis_unavailable', state: 'firing' },
          value: 1,
        }),
      ]);
      // Reads skip Redis as failing, or as held once the hold is seen.
      const results = await cacheResults(metrics);
      expect((results.error ?? 0) + (results.held ?? 0)).toBeGreaterThanOrEqual(
        20,
      );
    });

    it('should answer within the bound while Redis accepts but never replies', async () => {
      const { sut } = await instance(`redis://${proxy.address}`);
      const session = await sut.create(buildSession(clock.now()));
      await proxy.blackhole();
      const durations: number[] = [];

      for (let index = 0; index < 10; index += 1) {
        const started = performance.now();
        await sut.update(session.session_id, index + 1, { turn_count: index });
        await sut.findById(session.session_id);
        durations.push(performance.now() - started);
      }

      expect(Math.max(...durations)).toBeLessThan(STALL_LIMIT_MS);
    });

    it('should not serve the copy cached before the outage once Redis is back, to any instance', async () => {
      const cutOff = await instance(`redis://${proxy.address}`);
      const direct = await instance();
      const session = await cutOff.sut.create(buildSession(clock.now()));
      await settle(direct.sut, session.session_id);
      await proxy.cut();

      const updated = await cutOff.sut.update(session.session_id, 1, {
        step: 'QUIZ',
      });
      const ready = nextReady(cutOff.redis);
      await proxy.restore();
      await ready;
      // Its first use of Redis retires what it may have left stale.
      await cutOff.sut.findById(session.session_id);
      const duringHold = await direct.sut.findById(session.session_id);
      // Once the hold lapses the cache serves again, the fresh copy only.
      clock.advance(HOLD_MS + 1);
      const afterHold = await direct.sut.findById(session.session_id);
      await settle(direct.sut, session.session_id);
      const hitsBefore = (await cacheResults(direct.metrics)).hit ?? 0;

      expect(duringHold).toEqual(updated);
      expect(afterHold).toEqual(updated);
      await expect(direct.sut.findById(session.session_id)).resolves.toEqual(
        updated,
      );
      await expect(cutOff.sut.findById(session.session_id)).resolves.toEqual(
        updated,
      );
      expect((await cacheResults(direct.metrics)).hit).toBe(hitsBefore + 1);
      expect(cutOff.alerts.isFiring('redis_unavailable')).toBe(false);
    });

    describe('from one instance while another can reach it', () => {
      it('should never serve the other instance a copy older than an acknowledged change', async () => {
        const cutOff = await instance(`redis://${proxy.address}`);
        const direct = await instance();
        const ids: string[] = [];
        for (let index = 0; index < 10; index += 1) {
          const created = await cutOff.sut.create(buildSession(clock.now()));
          await settle(direct.sut, created.session_id);
          ids.push(created.session_id);
        }
        const hitsBefore = (await cacheResults(direct.metrics)).hit;
        await proxy.cut();

        const stale: string[] = [];
        for (let round = 1; round <= 3; round += 1) {
          for (const id of ids) {
            const updated = await cutOff.sut.update(id, round, {
              turn_count: round,
            });
            const read = await direct.sut.findById(id);
            if (read?.version !== updated.version) {
              stale.push(
                `${id}: read ${read?.version} after ${updated.version}`,
              );
            }
          }
        }

        expect(hitsBefore).toBeGreaterThanOrEqual(10);
        expect(stale).toEqual([]);
        expect(direct.hold.active).toBe(true);
        expect(
          (await cacheResults(direct.metrics)).held,
        ).toBeGreaterThanOrEqual(30);
      });

      it('should not serve an instance started after the hold lapsed a copy older than the change', async () => {
        const cutOff = await instance(`redis://${proxy.address}`);
        const session = await cutOff.sut.create(buildSession(clock.now()));
        await settle((await instance()).sut, session.session_id);
        await proxy.cut();
        const updated = await cutOff.sut.update(session.session_id, 1, {
          step: 'QUIZ',
        });

        clock.advance(HOLD_MS + 1);
        const late = await instance();
        const read = await late.sut.findById(session.session_id);
        const again = await late.sut.findById(session.session_id);

        expect(late.hold.active).toBe(false);
        expect(read).toEqual(updated);
        expect(again).toEqual(updated);
      });

      it('should refuse the change, as unavailable, when MongoDB cannot take the hold', async () => {
        const { sut, hold } = await instance(`redis://${proxy.address}`);
        const session = await sut.create(buildSession(clock.now()));
        await proxy.cut();
        jest
          .spyOn(holds, 'updateOne')
          .mockRejectedValue(new Error('connection refused'));

        await expect(
          sut.update(session.session_id, 1, { step: 'QUIZ' }),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(hold.active).toBe(false);
        await expect(mongoStore.findById(session.session_id)).resolves.toEqual(
          expect.objectContaining({ version: 1 }),
        );
      });
    });
  });

  describe('when the Redis server stops and starts again', () => {
    const ownServer = new RedisTestServer();

    beforeAll(async () => {
      if (ownServer.controllable) await ownServer.start();
    });

    afterAll(async () => {
      if (ownServer.controllable) await ownServer.stop();
    });

    it('should keep serving from MongoDB and use the cache again afterwards', async () => {
      if (!ownServer.controllable) return;
      const { sut, alerts, metrics, redis } = await instance(ownServer.url);
      const session = await sut.create(buildSession(clock.now()));

      await ownServer.stop();
      const during: Session[] = [];
      for (let index = 0; index < 10; index += 1) {
        during.push(
          await sut.update(session.session_id, index + 1, {
            turn_count: index + 1,
          }),
        );
      }
      const firingDuring = alerts.isFiring('redis_unavailable');
      const ready = nextReady(redis);
      await ownServer.start();
      await ready;
      // Changes made while Redis was down hold the cache for a while.
      clock.advance(HOLD_MS + 1);
      await settle(sut, session.session_id);
      const before = await cacheResults(metrics);
      const after = await sut.findById(session.session_id);

      expect(after).toEqual(during[9]);
      expect(firingDuring).toBe(true);
      expect(alerts.isFiring('redis_unavailable')).toBe(false);
      expect((await cacheResults(metrics)).hit).toBe((before.hit ?? 0) + 1);
    });
  });

  it('should let a MongoDB outage through as STORE_UNAVAILABLE, never a cached answer', async () => {
    const { port } = new URL(process.env[TEST_MONGO_URI_VAR] as string);
    const mongoProxy = new TcpProxy('127.0.0.1', Number(port));
    await mongoProxy.start();
    const client = await MongoClient.connect(
      `mongodb://${mongoProxy.address}/${mongo.db().databaseName}`,
      { serverSelectionTimeoutMS: 300 },
    );
    try {
      const { cache } = await instance();
      const store = new MongoSessionStore(
        client.db().collection<Session>(sessions.collectionName),
        clock,
        MAX_TIME_MS,
      );
      const sut = new CachedSessionStore(
        store,
        cache,
        clock,
        CACHE_TTL_SECONDS,
      );
      const session = await sut.create(buildSession(clock.now()));
      await settle(sut, session.session_id);
      await mongoProxy.cut();

      const update = sut.update(session.session_id, 1, { step: 'QUIZ' });

      await expect(update).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(sut.findById(session.session_id)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    } finally {
      await client.close();
      await mongoProxy.close();
    }
  });
});

function configFor(url: string): AppConfig {
  return loadAppConfig({
    env: {
      USE_MONGO_SESSION: 'true',
      MONGODB_URI: 'mongodb://127.0.0.1/x',
      USE_REDIS_CACHE: 'true',
      REDIS_URL: url,
      LOG_LEVEL: 'error',
    },
  });
}

/** Reads once so the copy is cached, then waits for the write to land. */
async function settle(
  sut: CachedSessionStore,
  sessionId: string,
): Promise<void> {
  await sut.findById(sessionId);
  await sut.findById(sessionId);
}

/** Resolves on the client's next 'ready'; errors before it are expected. */
function nextReady(redis: Redis): Promise<void> {
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

function timeFieldsAreDates(session: Session): boolean {
  return (
    [session.created_at, session.updated_at, session.expires_at].every((d) =>
      types.isDate(d),
    ) && session.chat_history.every((message) => types.isDate(message.at))
  );
}
