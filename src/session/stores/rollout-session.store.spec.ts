import { randomUUID } from 'node:crypto';
import { SessionConflictError } from '@/common/errors/store.errors';
import { buildSession } from '@test/factories/session.factory';
import { FakeClock } from '@test/support/fake-clock';
import { Session } from '../session.types';
import { MemorySessionStore } from './memory-session.store';
import { rolloutBucket, RolloutSessionStore } from './rollout-session.store';

/** Ids whose home is MongoDB (bucket < percent) or memory, as asked. */
function idsHomedIn(
  home: 'memory' | 'mongo',
  percent: number,
  count: number,
): string[] {
  const ids: string[] = [];
  while (ids.length < count) {
    const id = randomUUID();
    if (rolloutBucket(id) < percent === (home === 'mongo')) ids.push(id);
  }

  return ids;
}

describe(RolloutSessionStore.name, () => {
  let clock: FakeClock;
  let memory: MemorySessionStore;
  let mongo: MemorySessionStore;
  let sut: RolloutSessionStore;

  beforeEach(() => {
    clock = new FakeClock();
    memory = new MemorySessionStore(clock);
    // A second memory store stands in for MongoDB: only routing is tested.
    mongo = new MemorySessionStore(clock);
    sut = new RolloutSessionStore(memory, mongo, 50);
  });

  function session(id: string): Session {
    return buildSession(clock.now(), { session_id: id });
  }

  describe(rolloutBucket.name, () => {
    it('should give the same bucket to the same id every time', () => {
      const id = randomUUID();

      expect(rolloutBucket(id)).toBe(rolloutBucket(id));
    });

    it('should spread ids evenly over 0..99', () => {
      const buckets = Array.from({ length: 10_000 }, () =>
        rolloutBucket(randomUUID()),
      );
      const below50 = buckets.filter((b) => b < 50).length;

      expect(Math.min(...buckets)).toBe(0);
      expect(Math.max(...buckets)).toBe(99);
      expect(below50).toBeGreaterThan(4_700);
      expect(below50).toBeLessThan(5_300);
    });
  });

  describe('create', () => {
    it('should put each session in its home store', async () => {
      const [toMongo] = idsHomedIn('mongo', 50, 1);
      const [toMemory] = idsHomedIn('memory', 50, 1);

      await sut.create(session(toMongo));
      await sut.create(session(toMemory));

      expect(await mongo.findById(toMongo)).not.toBeNull();
      expect(await memory.findById(toMongo)).toBeNull();
      expect(await memory.findById(toMemory)).not.toBeNull();
      expect(await mongo.findById(toMemory)).toBeNull();
    });

    it('should put every session in MongoDB at 100 and none at 0', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const all = new RolloutSessionStore(memory, mongo, 100);
      const none = new RolloutSessionStore(memory, mongo, 0);

      for (const id of ids) expect(all.homeOf(id)).toBe(mongo);
      for (const id of ids) expect(none.homeOf(id)).toBe(memory);
    });
  });

  describe('findById', () => {
    it('should find a session outside its home store', async () => {
      const [homedInMongo] = idsHomedIn('mongo', 50, 1);
      await memory.create(session(homedInMongo));

      const found = await sut.findById(homedInMongo);

      expect(found?.session_id).toBe(homedInMongo);
    });

    it('should prefer the home store when both hold a copy', async () => {
      const [id] = idsHomedIn('mongo', 50, 1);
      await mongo.create(session(id));
      await memory.create({ ...session(id), version: 7 });

      const found = await sut.findById(id);

      expect(found?.version).toBe(1);
    });
  });

  describe('update', () => {
    it('should change the session where it lives', async () => {
      const [id] = idsHomedIn('memory', 50, 1);
      await mongo.create(session(id));

      const updated = await sut.update(id, 1, { step: 'QUIZ' });

      expect(updated.version).toBe(2);
      expect((await mongo.findById(id))?.step).toBe('QUIZ');
      expect(await memory.findById(id)).toBeNull();
    });

    it('should pass a conflict on instead of trying the other store', async () => {
      const [id] = idsHomedIn('mongo', 50, 1);
      await mongo.create(session(id));

      const stale = sut.update(id, 5, { step: 'QUIZ' });

      await expect(stale).rejects.toThrow(SessionConflictError);
    });
  });

  describe('delete', () => {
    it('should delete the copies in both stores', async () => {
      const [id] = idsHomedIn('mongo', 50, 1);
      await mongo.create(session(id));
      await memory.create(session(id));

      const deleted = await sut.delete(id);

      expect(deleted).toBe(true);
      expect(await mongo.findById(id)).toBeNull();
      expect(await memory.findById(id)).toBeNull();
    });
  });

  describe('list and stats', () => {
    it('should merge both stores, newest first', async () => {
      const ids = [
        ...idsHomedIn('mongo', 50, 3),
        ...idsHomedIn('memory', 50, 3),
      ];
      for (const id of ids) {
        clock.advanceMinutes(1);
        await sut.create(session(id));
      }

      const page1 = await sut.list({}, { page: 1, limit: 4 });
      const page2 = await sut.list({}, { page: 2, limit: 4 });
      const stats = await sut.stats();

      expect(page1.total).toBe(6);
      expect([...page1.items, ...page2.items].map((s) => s.session_id)).toEqual(
        [...ids].reverse(),
      );
      expect(stats).toMatchObject({ total: 6, active: 6, completed: 0 });
      expect(stats.by_step).toEqual({ WELCOME: 6 });
    });
  });

  describe('importSession', () => {
    it('should import into the home store', async () => {
      const [toMongo] = idsHomedIn('mongo', 50, 1);

      const outcome = await sut.importSession(session(toMongo));

      expect(outcome).toBe('copied');
      expect(await mongo.findById(toMongo)).not.toBeNull();
      expect(await memory.findById(toMongo)).toBeNull();
    });
  });
});
