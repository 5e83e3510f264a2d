import { Collection } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { types } from 'node:util';
import { MirrorQueue, MirrorResult } from '@/migration/mirror-queue';
import { MongoSessionImporter } from '@/migration/mongo-session-importer';
import { compareSessions } from '@/migration/session-comparison';
import {
  SESSIONS_COLLECTION,
  SessionRecordSchema,
} from '@/session/schemas/session-record.schema';
import { Session } from '@/session/session.types';
import { MemorySessionStore } from '@/session/stores/memory-session.store';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import {
  rolloutBucket,
  RolloutSessionStore,
} from '@/session/stores/rollout-session.store';
import { ShadowSessionStore } from '@/session/stores/shadow-session.store';
import {
  buildCompletedSession,
  buildSession,
} from '@test/factories/session.factory';
import { FakeClock } from '@test/support/fake-clock';
import { MongoTestDatabase } from './support/mongo-test-database';
import { countNonDateFields, TIME_FIELDS } from './support/time-fields';

const MAX_TIME_MS = 5_000;
const DRAIN_MS = 10_000;
const SESSIONS = 40;

describe('migration stores', () => {
  const database = new MongoTestDatabase();
  let clock: FakeClock;
  let collection: Collection<Session>;
  let memory: MemorySessionStore;
  let mongo: MongoSessionStore;

  beforeAll(() => database.connect());

  beforeEach(async () => {
    clock = new FakeClock();
    collection = await database.collection<Session>(
      SESSIONS_COLLECTION,
      SessionRecordSchema,
    );
    memory = new MemorySessionStore(clock);
    mongo = new MongoSessionStore(collection, clock, MAX_TIME_MS);
  });

  afterEach(() => database.dropAll());

  afterAll(() => database.close());

  function session(overrides: Partial<Session> = {}): Session {
    return buildCompletedSession(clock.now(), {
      session_id: randomUUID(),
      ...overrides,
    });
  }

  describe(ShadowSessionStore.name, () => {
    let results: MirrorResult[];
    let mirror: MirrorQueue;
    let sut: ShadowSessionStore;

    beforeEach(() => {
      results = [];
      mirror = new MirrorQueue(clock, {
        onResult: (result) => results.push(result),
      });
      sut = new ShadowSessionStore(memory, mongo, mirror);
    });

    it('should leave MongoDB equal to memory after creates, updates and deletes', async () => {
      const created = await Promise.all(
        Array.from({ length: SESSIONS }, () => sut.create(session())),
      );

      for (const [index, stored] of created.entries()) {
        if (index % 2 === 0) {
          await sut.update(stored.session_id, stored.version, { step: 'QUIZ' });
        }
        if (index % 5 === 0) await sut.delete(stored.session_id);
      }
      await mirror.drain(DRAIN_MS);
      const comparison = await compareSessions(
        memory.listAll(),
        mongo.listAll(),
      );

      expect(comparison.consistent).toBe(true);
      expect(comparison).toMatchObject({
        source_sessions: 32,
        mongo_sessions: 32,
      });
      expect(results.filter((r) => r === 'deleted')).toHaveLength(8);
      expect(results).not.toContain('failed');
    });

    it('should never let a late copy replace a newer version', async () => {
      const created = await sut.create(session());
      await mirror.drain(DRAIN_MS);
      await mongo.importSession({ ...created, version: 9, step: 'DONE' });

      await sut.update(created.session_id, 1, { step: 'QUIZ' });
      await mirror.drain(DRAIN_MS);

      expect(await mongo.findById(created.session_id)).toMatchObject({
        version: 9,
        step: 'DONE',
      });
      expect(results).toEqual(['copied', 'skipped']);
    });

    it('should store every time field as a BSON date', async () => {
      await sut.create(session());
      await sut.create(session({ quiz_started_at: null }));

      await mirror.drain(DRAIN_MS);

      expect(
        await countNonDateFields(collection, TIME_FIELDS.sessions),
      ).toEqual([]);
      const messages = (await collection.find({}).toArray()).flatMap(
        (stored) => stored.chat_history,
      );
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.filter((m) => !types.isDate(m.at))).toEqual([]);
    });
  });

  describe(RolloutSessionStore.name, () => {
    it('should keep each new session in its home store only', async () => {
      const sut = new RolloutSessionStore(memory, mongo, 50);

      const created = await Promise.all(
        Array.from({ length: SESSIONS }, () => sut.create(session())),
      );

      for (const stored of created) {
        const id = stored.session_id;
        const inMongo = rolloutBucket(id) < 50;
        expect(await sut.findById(id)).toEqual(stored);
        expect(await collection.countDocuments({ session_id: id })).toBe(
          inMongo ? 1 : 0,
        );
        expect(!!(await memory.findById(id))).toBe(!inMongo);
      }
      expect((await sut.stats()).total).toBe(SESSIONS);
    });

    it('should update a session MongoDB holds though its home is memory', async () => {
      const sut = new RolloutSessionStore(memory, mongo, 0);
      const stored = await mongo.create(session({ step: 'QUIZ' }));

      const updated = await sut.update(stored.session_id, stored.version, {
        step: 'DONE',
      });

      expect(updated.version).toBe(stored.version + 1);
      expect(await mongo.findById(stored.session_id)).toEqual(updated);
      expect(await memory.findById(stored.session_id)).toBeNull();
    });
  });

  describe(MongoSessionImporter.name, () => {
    let sut: MongoSessionImporter;

    beforeEach(() => {
      sut = new MongoSessionImporter(collection, mongo, clock);
    });

    it('should insert absent, replace older and keep newer sessions', async () => {
      const absent = session();
      const older = await mongo.create(session({ version: 2 }));
      const newer = await mongo.create(session({ version: 8 }));
      const expired = session({ expires_at: clock.now() });

      const outcomes = await sut.importBatch([
        absent,
        { ...older, version: 5 },
        { ...newer, version: 3 },
        expired,
      ]);

      expect(outcomes).toEqual(['copied', 'copied', 'skipped', 'skipped']);
      expect(await mongo.findById(older.session_id)).toMatchObject({
        version: 5,
      });
      expect(await mongo.findById(newer.session_id)).toMatchObject({
        version: 8,
      });
      expect(await collection.countDocuments()).toBe(3);
    });

    it('should replace a copy that expired in MongoDB', async () => {
      const stale = await mongo.create(session({ version: 4 }));
      await collection.updateOne(
        { session_id: stale.session_id },
        { $set: { expires_at: new Date(clock.now().getTime() - 1) } },
      );

      const outcomes = await sut.importBatch([{ ...stale, version: 1 }]);

      expect(outcomes).toEqual(['copied']);
      expect(await mongo.findById(stale.session_id)).toMatchObject({
        version: 1,
      });
    });

    it('should keep the highest version of an id listed twice', async () => {
      const id = randomUUID();

      const outcomes = await sut.importBatch([
        session({ session_id: id, version: 2 }),
        session({ session_id: id, version: 6 }),
        session({ session_id: id, version: 4 }),
      ]);

      expect(outcomes).toEqual(['copied', 'copied', 'skipped']);
      expect(await collection.countDocuments({ session_id: id })).toBe(1);
      expect(await mongo.findById(id)).toMatchObject({ version: 6 });
    });

    it('should store every time field as a BSON date', async () => {
      await sut.importBatch([session(), buildSession(clock.now())]);

      expect(
        await countNonDateFields(collection, TIME_FIELDS.sessions),
      ).toEqual([]);
    });
  });
});
