import { MirrorQueue } from '@/migration/mirror-queue';
import { QuizRecord } from '../quiz-record';
import { QuizResultStore } from '../quiz-result.store';

/**
 * Phase 1 of the move to MongoDB: results are kept in memory and copied to
 * the quizzes collection off the request path, like sessions. Saving is
 * idempotent by quiz id, so a repeated copy changes nothing.
 */
export class ShadowQuizResultStore extends QuizResultStore {
  readonly kind = 'shadow';

  constructor(
    private readonly memory: QuizResultStore,
    private readonly mongo: QuizResultStore,
    private readonly mirror: MirrorQueue,
  ) {
    super();
  }

  async save(record: QuizRecord): Promise<void> {
    await this.memory.save(record);

    const copy = structuredClone(record);
    this.mirror.enqueue(`quiz:${record.quiz_id}`, async () => {
      await this.mongo.save(copy);
      return 'copied';
    });
  }

  findBySession(sessionId: string): Promise<QuizRecord[]> {
    return this.memory.findBySession(sessionId);
  }
}
