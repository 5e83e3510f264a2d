import { QuizRecord } from './quiz-record';

/** Where completed quizzes are kept; one record per quiz_id. */
export abstract class QuizResultStore {
  abstract readonly kind: string;

  /** Saves a record; saving the same quiz_id again changes nothing. */
  abstract save(record: QuizRecord): Promise<void>;

  abstract findBySession(sessionId: string): Promise<QuizRecord[]>;
}
