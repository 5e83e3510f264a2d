import { ConversationTurn } from '@/conversation-log/conversation-turn';

/** One logged exchange; turn 1 of `session-1` unless told otherwise. */
export function buildTurn(
  overrides: Partial<ConversationTurn> = {},
): ConversationTurn {
  return {
    session_id: 'session-1',
    mode: 'COLOR',
    language: 'en',
    turn_number: 1,
    timestamp: new Date('2026-03-01T08:00:00.000Z'),
    user_message: 'Start the quiz',
    agent_response: 'Question 1: which palette do you like?',
    tool_calls: [
      { tool: 'start_quiz', args: { language: 'en' }, result: { ok: true } },
    ],
    session_snapshot: {
      step: 'QUIZ',
      version: 2,
      current_q_index: 0,
      answers_count: 0,
      current_question_id: 'q1',
      color_result_id: null,
      paused: false,
    },
    error: null,
    ...overrides,
  };
}

/**
 * Turns 1..count of one session, a second apart from `start`, each
 * labelled with its number so a mixed-up payload shows.
 */
export function buildTurns(
  count: number,
  start: Date,
  overrides: Partial<ConversationTurn> = {},
): ConversationTurn[] {
  return Array.from({ length: count }, (_, index) =>
    buildTurn({
      turn_number: index + 1,
      timestamp: new Date(start.getTime() + index * 1_000),
      user_message: `message ${index + 1}`,
      ...overrides,
    }),
  );
}

/** Text of exactly `bytes` ASCII characters that starts with `label`. */
export function payloadOf(bytes: number, label: string): string {
  const head = `[${label}]`;

  return head + 'x'.repeat(Math.max(0, bytes - head.length));
}
