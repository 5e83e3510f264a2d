import { QuizRecord } from '@/quiz/quiz-record';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import {
  QUIZZES_COLLECTION,
  QuizRecordSchema,
} from '@/quiz/schemas/quiz-record.schema';
import { MemoryQuizResultStore } from '@/quiz/stores/memory-quiz-result.store';
import { MongoQuizResultStore } from '@/quiz/stores/mongo-quiz-result.store';
import { MongoTestDatabase } from './mongo-test-database';
import { countNonDateFields, nonDatePaths, TIME_FIELDS } from './time-fields';

const MAX_TIME_MS = 5_000;

/** A fresh, empty store under test with a look at what it stored. */
export interface QuizResultStoreFixture {
  sut: QuizResultStore;
  /** How many records the backend holds for the quiz. */
  countStored(quizId: string, sessionId: string): Promise<number>;
  /** Time fields of the session's records stored as something else. */
  findNonDateTimes(sessionId: string): Promise<string[]>;
}

export interface QuizResultStoreAdapter {
  name: string;
  setUp(): Promise<void>;
  build(): Promise<QuizResultStoreFixture>;
  cleanUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function memoryQuizResultStoreAdapter(): QuizResultStoreAdapter {
  return {
    name: MemoryQuizResultStore.name,
    setUp: async () => undefined,
    build: async () => {
      const sut = new MemoryQuizResultStore();

      return {
        sut,
        countStored: async (quizId, sessionId) =>
          (await sut.findBySession(sessionId)).filter(
            (record) => record.quiz_id === quizId,
          ).length,
        findNonDateTimes: async (sessionId) =>
          (await sut.findBySession(sessionId)).flatMap((record) =>
            nonDatePaths({ ...record }, TIME_FIELDS.quizzes).map(
              (path) => `${record.quiz_id}.${path}`,
            ),
          ),
      };
    },
    cleanUp: async () => undefined,
    tearDown: async () => undefined,
  };
}

export function mongoQuizResultStoreAdapter(): QuizResultStoreAdapter {
  const database = new MongoTestDatabase();

  return {
    name: MongoQuizResultStore.name,
    setUp: () => database.connect(),
    build: async () => {
      const collection = await database.collection<StoredQuiz>(
        QUIZZES_COLLECTION,
        QuizRecordSchema,
      );

      return {
        sut: new MongoQuizResultStore(collection, MAX_TIME_MS),
        countStored: (quizId, sessionId) =>
          collection.countDocuments({ _id: quizId, session_id: sessionId }),
        findNonDateTimes: (sessionId) =>
          countNonDateFields(collection, TIME_FIELDS.quizzes, {
            session_id: sessionId,
          }),
      };
    },
    cleanUp: () => database.dropAll(),
    tearDown: () => database.close(),
  };
}

type StoredQuiz = Omit<QuizRecord, 'quiz_id'> & { _id: string };
