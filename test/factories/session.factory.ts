import { randomUUID } from 'node:crypto';
import { Session } from '@/session/session.types';

const DEFAULT_TTL_MS = 30 * 60_000;

/**
 * A session as SessionService.start() would create it at `now`, with the
 * given fields on top.
 */
export function buildSession(
  now: Date,
  overrides: Partial<Session> = {},
): Session {
  return {
    session_id: `session-${randomUUID()}`,
    mode: 'COLOR',
    step: 'WELCOME',
    language: 'en',
    quiz_id: null,
    current_q_index: 0,
    answers: {},
    selected_questions: [],
    current_question: null,
    paused: false,
    color_scores: null,
    result_id: null,
    result: null,
    quiz_started_at: null,
    quiz_completed_at: null,
    chat_history: [],
    metadata: {},
    turn_count: 0,
    created_at: now,
    updated_at: now,
    expires_at: new Date(now.getTime() + DEFAULT_TTL_MS),
    version: 1,
    ...overrides,
  };
}

/**
 * A session part-way through and then done with its quiz, so that every
 * time field, nested ones included, holds a date.
 */
export function buildCompletedSession(
  now: Date,
  overrides: Partial<Session> = {},
): Session {
  const startedAt = new Date(now.getTime() - 5 * 60_000);

  return buildSession(now, {
    step: 'DONE',
    quiz_id: `quiz-${randomUUID()}`,
    current_q_index: 2,
    answers: { q1: 'A', q2: 'C' },
    selected_questions: ['q1', 'q2'],
    color_scores: { metal: 1, cool: 3, warm: 0, dark: 2, colorful: 0 },
    result_id: 'cool',
    result: {
      result_id: 'cool',
      dimension: 'cool',
      title: 'Cool tones',
      description: 'Calm blues and greens.',
      colors: [{ name: 'Ice blue', hex: '#A5D8FF' }],
      scores: { metal: 1, cool: 3, warm: 0, dark: 2, colorful: 0 },
      language: 'en',
    },
    quiz_started_at: startedAt,
    quiz_completed_at: now,
    chat_history: [
      { role: 'user', content: 'Start the quiz', at: startedAt },
      { role: 'assistant', content: 'Your colour is cool.', at: now },
    ],
    turn_count: 2,
    ...overrides,
  });
}
