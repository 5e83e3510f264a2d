import { QuizRecord } from '../quiz-record';
import { QuizResultStore } from '../quiz-result.store';

export class MemoryQuizResultStore extends QuizResultStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, QuizRecord>();

  async save(record: QuizRecord): Promise<void> {
    if (!this.records.has(record.quiz_id)) {
      this.records.set(record.quiz_id, structuredClone(record));
    }
  }

  async findBySession(sessionId: string): Promise<QuizRecord[]> {
    return [...this.records.values()]
      .filter((record) => record.session_id === sessionId)
      .map((record) => structuredClone(record));
  }
}
