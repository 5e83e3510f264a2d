import { Language } from '@/common/language';
import { ColorScores, QuizOutcome } from '@/quiz/quiz.types';
import {
  ChatMessage,
  Session,
  SessionMode,
  SessionStep,
} from '../session.types';

export type SessionFromJson = { session: Session } | { error: string };

type Json = Record<string, unknown>;

/**
 * Rebuilds a session from its JSON form (as JSON.stringify wrote it).
 * Only the known time fields become Dates again, so a message that merely
 * looks like a date stays text. Unknown fields are dropped.
 */
export function sessionFromJson(record: Json): SessionFromJson {
  const problem = firstProblem(record);
  if (problem) return { error: problem };

  return {
    session: {
      session_id: record.session_id as string,
      mode: record.mode as SessionMode,
      step: record.step as SessionStep,
      language: record.language as Language,
      quiz_id: (record.quiz_id as string | null) ?? null,
      current_q_index: record.current_q_index as number,
      answers: record.answers as Record<string, string>,
      selected_questions: record.selected_questions as string[],
      current_question: (record.current_question as string | null) ?? null,
      paused: record.paused === true,
      color_scores: (record.color_scores as ColorScores | null) ?? null,
      result_id: (record.result_id as string | null) ?? null,
      result: (record.result as QuizOutcome | null) ?? null,
      quiz_started_at: optionalDate(record.quiz_started_at),
      quiz_completed_at: optionalDate(record.quiz_completed_at),
      chat_history: (record.chat_history as Json[]).map(toMessage),
      metadata: (record.metadata as Record<string, string>) ?? {},
      turn_count: record.turn_count as number,
      created_at: toDate(record.created_at) as Date,
      updated_at: toDate(record.updated_at) as Date,
      expires_at: toDate(record.expires_at) as Date,
      version: record.version as number,
    },
  };
}

function firstProblem(record: Json): string | undefined {
  const checks: [boolean, string][] = [
    [isText(record.session_id), 'session_id is missing'],
    [isText(record.mode), 'mode is missing'],
    [isText(record.step), 'step is missing'],
    [isText(record.language), 'language is missing'],
    [isCount(record.version) && record.version >= 1, 'version is not >= 1'],
    [isCount(record.turn_count), 'turn_count is not a whole number'],
    [isCount(record.current_q_index), 'current_q_index is not a number'],
    [isObject(record.answers), 'answers is not an object'],
    [Array.isArray(record.selected_questions), 'selected_questions missing'],
    [Array.isArray(record.chat_history), 'chat_history is not a list'],
    [toDate(record.created_at) !== null, 'created_at is not a date'],
    [toDate(record.updated_at) !== null, 'updated_at is not a date'],
    [toDate(record.expires_at) !== null, 'expires_at is not a date'],
    [isOptionalDate(record.quiz_started_at), 'quiz_started_at is not a date'],
    [
      isOptionalDate(record.quiz_completed_at),
      'quiz_completed_at is not a date',
    ],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed) return failed[1];

  const history = record.chat_history as unknown[];
  if (!history.every((m) => isObject(m) && toDate(m.at) !== null)) {
    return 'a chat_history message has no date';
  }

  return undefined;
}

function toMessage(message: Json): ChatMessage {
  return {
    role: message.role as ChatMessage['role'],
    content: String(message.content ?? ''),
    at: toDate(message.at) as Date,
  };
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);

  return Number.isNaN(date.getTime()) ? null : date;
}

function optionalDate(value: unknown): Date | null {
  return value == null ? null : toDate(value);
}

function isOptionalDate(value: unknown): boolean {
  return value == null || toDate(value) !== null;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
