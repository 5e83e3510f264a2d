import { Collection } from 'mongodb';
import { MirrorQueue } from '@/migration/mirror-queue';
import {
  SESSIONS_COLLECTION,
  SessionRecordSchema,
} from '@/session/schemas/session-record.schema';
import { SessionStore } from '@/session/session.store';
import { Session } from '@/session/session.types';
import { MemorySessionStore } from '@/session/stores/memory-session.store';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import { RolloutSessionStore } from '@/session/stores/rollout-session.store';
import { ShadowSessionStore } from '@/session/stores/shadow-session.store';
import { FakeClock } from '@test/support/fake-clock';
import { MongoTestDatabase } from './mongo-test-database';
import { SessionStoreAdapter } from './session-store-adapters';
import { isDate, nonDatePaths, TIME_FIELDS } from './time-fields';

const MAX_TIME_MS = 5_000;
const DRAIN_MS = 10_000;

/**
 * The stores of the migration phases, shaped for the SessionStore
 * contract suite: add them to its describe.each next to the memory and
 * MongoDB adapters.
 */
export function shadowSessionStoreAdapter(): SessionStoreAdapter {
  return twoStoreAdapter(
    ShadowSessionStore.name,
    (memory, mongo, mirror) => new ShadowSessionStore(memory, mongo, mirror),
  );
}

export function rolloutSessionStoreAdapter(): SessionStoreAdapter {
  return twoStoreAdapter(
    RolloutSessionStore.name,
    (memory, mongo) => new RolloutSessionStore(memory, mongo, 50),
  );
}

function twoStoreAdapter(
  name: string,
  combine: (
    memory: SessionStore,
    mongo: SessionStore,
    mirror: MirrorQueue,
  ) => SessionStore,
): SessionStoreAdapter {
  const database = new MongoTestDatabase();
  const mirrors: MirrorQueue[] = [];

  return {
    name,
    setUp: () => database.connect(),
    build: async () => {
      const clock = new FakeClock();
      const collection = await database.collection<Session>(
        SESSIONS_COLLECTION,
        SessionRecordSchema,
      );
      const memory = new MemorySessionStore(clock);
      const mirror = new MirrorQueue(clock);
      mirrors.push(mirror);
      const sut = combine(
        memory,
        new MongoSessionStore(collection, clock, MAX_TIME_MS),
        mirror,
      );

      return {
        sut,
        clock,
        countStored: async (sessionId) => {
          await mirror.drain(DRAIN_MS);
          const inMemory = (await memory.findById(sessionId)) ? 1 : 0;
          const inMongo =
            sut instanceof RolloutSessionStore
              ? await collection.countDocuments({ session_id: sessionId })
              : 0;
          return inMemory + inMongo;
        },
        findNonDateTimes: async () => {
          await mirror.drain(DRAIN_MS);
          return storedNonDateTimes(collection);
        },
      };
    },
    // Queued copies must land before their database is dropped.
    cleanUp: async () => {
      for (const mirror of mirrors.splice(0)) await mirror.drain(DRAIN_MS);
      await database.dropAll();
    },
    tearDown: () => database.close(),
  };
}

async function storedNonDateTimes(
  collection: Collection<Session>,
): Promise<string[]> {
  const documents = await collection.find({}).toArray();

  return documents.flatMap((session) =>
    [
      ...nonDatePaths({ ...session }, TIME_FIELDS.sessions),
      ...session.chat_history
        .map((message, index) => ({ message, index }))
        .filter(({ message }) => !isDate(message.at))
        .map(({ index }) => `chat_history.${index}.at`),
    ].map((path) => `${session.session_id}.${path}`),
  );
}
