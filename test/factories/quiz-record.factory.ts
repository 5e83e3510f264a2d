import { randomUUID } from 'node:crypto';
import { QuizRecord } from '@/quiz/quiz-record';

/** A completed three-question quiz that finished at `completedAt`. */
export function buildQuizRecord(
  completedAt: Date,
  overrides: Partial<QuizRecord> = {},
): QuizRecord {
  const durationSeconds = 95;

  return {
    session_id: 'session-1',
    quiz_id: `quiz-${randomUUID()}`,
    language: 'en',
    started_at: new Date(completedAt.getTime() - durationSeconds * 1_000),
    completed_at: completedAt,
    duration_seconds: durationSeconds,
    answers: { q1: 'A', q2: 'B', q3: 'A' },
    result: {
      result_id: 'warm',
      dimension: 'warm',
      title: 'Warm tones',
      description: 'Amber, coral and sand.',
      colors: [{ name: 'Coral', hex: '#FF7F50' }],
      scores: { metal: 0, cool: 1, warm: 4, dark: 0, colorful: 1 },
      language: 'en',
    },
    ...overrides,
  };
}
