import { QuizRecord } from '@/quiz/quiz-record';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { buildQuizRecord } from '@test/factories/quiz-record.factory';
import {
  memoryQuizResultStoreAdapter,
  mongoQuizResultStoreAdapter,
  QuizResultStoreFixture,
} from './support/quiz-result-store-adapters';
import { isDate } from './support/time-fields';

const COMPLETED_AT = new Date('2026-03-01T08:15:30.250Z');

describe.each([memoryQuizResultStoreAdapter(), mongoQuizResultStoreAdapter()])(
  '$name',
  (adapter) => {
    let fixture: QuizResultStoreFixture;
    let sut: QuizResultStore;

    beforeAll(() => adapter.setUp());

    beforeEach(async () => {
      fixture = await adapter.build();
      sut = fixture.sut;
    });

    afterEach(() => adapter.cleanUp());

    afterAll(() => adapter.tearDown());

    describe('save', () => {
      it('should store a record to be found as it was', async () => {
        const record = buildQuizRecord(COMPLETED_AT);

        await sut.save(record);

        await expect(sut.findBySession('session-1')).resolves.toEqual([record]);
      });

      it('should keep the first record when a quiz_id is saved again', async () => {
        const first = buildQuizRecord(COMPLETED_AT);
        await sut.save(first);

        await sut.save({ ...first, duration_seconds: 1, answers: { q1: 'C' } });

        await expect(sut.findBySession('session-1')).resolves.toEqual([first]);
        await expect(
          fixture.countStored(first.quiz_id, 'session-1'),
        ).resolves.toBe(1);
      });

      it('should keep one record when 20 saves of one quiz_id race', async () => {
        const record = buildQuizRecord(COMPLETED_AT);

        await Promise.all(
          Array.from({ length: 20 }, () => sut.save(structuredClone(record))),
        );

        await expect(sut.findBySession('session-1')).resolves.toEqual([record]);
        await expect(
          fixture.countStored(record.quiz_id, 'session-1'),
        ).resolves.toBe(1);
      });
    });

    describe('findBySession', () => {
      it("should return the session's records and no other", async () => {
        const first = buildQuizRecord(COMPLETED_AT, { quiz_id: 'quiz-a' });
        const second = buildQuizRecord(minutesAfter(COMPLETED_AT, 10), {
          quiz_id: 'quiz-b',
          language: 'zh',
        });
        const other = buildQuizRecord(COMPLETED_AT, {
          session_id: 'session-2',
          quiz_id: 'quiz-c',
        });
        await sut.save(first);
        await sut.save(other);
        await sut.save(second);

        const found = await sut.findBySession('session-1');

        expect(sortByQuiz(found)).toEqual([first, second]);
      });

      it('should return an empty list for a session without records', async () => {
        await sut.save(buildQuizRecord(COMPLETED_AT));

        const found = await sut.findBySession('session-unknown');

        expect(found).toEqual([]);
      });

      it('should give back dates as dates, to the millisecond', async () => {
        const record = buildQuizRecord(COMPLETED_AT);
        await sut.save(record);

        const [found] = await sut.findBySession('session-1');

        await expect(fixture.findNonDateTimes('session-1')).resolves.toEqual(
          [],
        );
        expect(isDate(found.started_at) && isDate(found.completed_at)).toBe(
          true,
        );
        expect([found.started_at, found.completed_at]).toEqual([
          new Date('2026-03-01T08:13:55.250Z'),
          COMPLETED_AT,
        ]);
      });
    });
  },
);

function minutesAfter(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

function sortByQuiz(records: QuizRecord[]): QuizRecord[] {
  return [...records].sort((a, b) => a.quiz_id.localeCompare(b.quiz_id));
}
