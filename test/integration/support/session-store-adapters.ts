import { Collection } from 'mongodb';
import {
  SESSIONS_COLLECTION,
  SessionRecordSchema,
} from '@/session/schemas/session-record.schema';
import { SessionStore } from '@/session/session.store';
import { Session } from '@/session/session.types';
import { MemorySessionStore } from '@/session/stores/memory-session.store';
import { MongoSessionStore } from '@/session/stores/mongo-session.store';
import { FakeClock } from '@test/support/fake-clock';
import { MongoTestDatabase } from './mongo-test-database';
import {
  countNonDateFields,
  isDate,
  nonDatePaths,
  TIME_FIELDS,
} from './time-fields';

const MAX_TIME_MS = 5_000;

/** A fresh store under test with what the contract suite checks it by. */
export interface SessionStoreFixture {
  sut: SessionStore;
  clock: FakeClock;
  /** How many copies of the session the backend holds. */
  countStored(sessionId: string): Promise<number>;
  /** Time fields, chat messages' included, stored as something else. */
  findNonDateTimes(): Promise<string[]>;
}

export interface SessionStoreAdapter {
  name: string;
  setUp(): Promise<void>;
  build(): Promise<SessionStoreFixture>;
  cleanUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function memorySessionStoreAdapter(): SessionStoreAdapter {
  return {
    name: MemorySessionStore.name,
    setUp: async () => undefined,
    build: async () => {
      const clock = new FakeClock();
      const sut = new MemorySessionStore(clock);
      const liveSessions = async (): Promise<Session[]> => {
        const sessions: Session[] = [];
        for await (const session of sut.listAll()) sessions.push(session);
        return sessions;
      };

      return {
        sut,
        clock,
        countStored: async (sessionId) =>
          (await liveSessions()).filter((s) => s.session_id === sessionId)
            .length,
        findNonDateTimes: async () =>
          (await liveSessions()).flatMap((session) =>
            sessionNonDatePaths(session).map(
              (path) => `${session.session_id}.${path}`,
            ),
          ),
      };
    },
    cleanUp: async () => undefined,
    tearDown: async () => undefined,
  };
}

export function mongoSessionStoreAdapter(): SessionStoreAdapter {
  const database = new MongoTestDatabase();

  return {
    name: MongoSessionStore.name,
    setUp: () => database.connect(),
    build: async () => {
      const clock = new FakeClock();
      const collection = await database.collection<Session>(
        SESSIONS_COLLECTION,
        SessionRecordSchema,
      );

      return {
        sut: new MongoSessionStore(collection, clock, MAX_TIME_MS),
        clock,
        countStored: (sessionId) =>
          collection.countDocuments({ session_id: sessionId }),
        findNonDateTimes: () => findStoredNonDateTimes(collection),
      };
    },
    cleanUp: () => database.dropAll(),
    tearDown: () => database.close(),
  };
}

/**
 * Asks the server about top-level fields; chat messages are checked on the
 * documents as read, since $elemMatch with $not misses them on FerretDB.
 */
async function findStoredNonDateTimes(
  collection: Collection<Session>,
): Promise<string[]> {
  const topLevel = await countNonDateFields(collection, TIME_FIELDS.sessions);
  const documents = await collection.find({}).toArray();
  const nested = documents.flatMap((session) =>
    sessionNonDatePaths(session)
      .filter((path) => path.startsWith('chat_history'))
      .map((path) => `${session.session_id}.${path}`),
  );

  return [...topLevel, ...nested];
}

function sessionNonDatePaths(session: Session): string[] {
  const fields = nonDatePaths({ ...session }, TIME_FIELDS.sessions);
  const messages = session.chat_history
    .map((message, index) => ({ message, index }))
    .filter(({ message }) => !isDate(message.at))
    .map(({ index }) => `chat_history.${index}.at`);

  return [...fields, ...messages];
}
