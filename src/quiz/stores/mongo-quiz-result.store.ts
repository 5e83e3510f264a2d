import { Collection } from 'mongodb';
import { callMongo, isDuplicateKey } from '@/database/mongo-errors';
import { QuizRecord } from '../quiz-record';
import { QuizResultStore } from '../quiz-result.store';

type StoredQuiz = Omit<QuizRecord, 'quiz_id'> & { _id: string };

/** Completed quizzes in the quizzes collection, keyed by quiz id. */
export class MongoQuizResultStore extends QuizResultStore {
  readonly kind = 'mongo';

  constructor(
    private readonly quizzes: Collection<StoredQuiz>,
    private readonly maxTimeMs: number,
  ) {
    super();
  }

  async save(record: QuizRecord): Promise<void> {
    const { quiz_id, ...rest } = record;
    await callMongo(async () => {
      try {
        await this.quizzes.insertOne({ _id: quiz_id, ...rest });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    });
  }

  async findBySession(sessionId: string): Promise<QuizRecord[]> {
    const records = await callMongo(() =>
      this.quizzes
        .find({ session_id: sessionId }, { maxTimeMS: this.maxTimeMs })
        .sort({ completed_at: -1 })
        .toArray(),
    );

    return records.map(({ _id, ...rest }) => ({ quiz_id: _id, ...rest }));
  }
}
