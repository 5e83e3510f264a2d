import { Language, LANGUAGES } from '@/common/language';
import { parseTimestamp } from '@/common/time/zoned-time';
import { ConversationTurn, ToolCall } from '../conversation-turn';

/** One JSONL line for a turn, keys in the order the legacy logs used. */
export function serializeTurn(turn: ConversationTurn): string {
  return JSON.stringify({
    timestamp: turn.timestamp.toISOString(),
    session_id: turn.session_id,
    mode: turn.mode,
    turn_number: turn.turn_number,
    language: turn.language,
    user_message: turn.user_message,
    agent_response: turn.agent_response,
    tool_calls: turn.tool_calls,
    session_snapshot: turn.session_snapshot,
    error: turn.error,
  });
}

export type ParsedLine =
  | { kind: 'turn'; turn: ConversationTurn }
  | { kind: 'blank' }
  | { kind: 'bad'; reason: string };

export interface LineContext {
  /** Turn number to use when the record carries none (legacy logs). */
  position: number;
  /** Zone for timestamps written without an offset. */
  timeZone: string;
  /** Session id from the file name, used when a record lacks one. */
  sessionId?: string;
}

/**
 * Reads one line of this service's logs or of the legacy layout. Legacy
 * records have no turn number and a session_state instead of a snapshot.
 */
export function parseTurnLine(line: string, context: LineContext): ParsedLine {
  const text = line.replace(/\r$/, '').trim();
  if (!text) return { kind: 'blank' };

  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON (torn or corrupt line)' };
  }
  if (!isPlainObject(record)) {
    return { kind: 'bad', reason: 'not a JSON object' };
  }

  return toTurn(record, context);
}

function toTurn(
  record: Record<string, unknown>,
  context: LineContext,
): ParsedLine {
  const sessionId = record.session_id ?? context.sessionId;
  if (typeof sessionId !== 'string' || !sessionId) {
    return { kind: 'bad', reason: 'session_id is missing' };
  }
  if (typeof record.timestamp !== 'string') {
    return { kind: 'bad', reason: 'timestamp is missing' };
  }

  const timestamp = parseTimestamp(record.timestamp, context.timeZone);
  if (!timestamp) return { kind: 'bad', reason: 'timestamp is unreadable' };

  const turnNumber = record.turn_number ?? context.position;
  if (!Number.isInteger(turnNumber) || (turnNumber as number) < 1) {
    return { kind: 'bad', reason: 'turn_number is not a positive integer' };
  }

  return {
    kind: 'turn',
    turn: {
      session_id: sessionId,
      mode: typeof record.mode === 'string' ? record.mode : 'COLOR',
      language: readLanguage(record.language),
      turn_number: turnNumber as number,
      timestamp,
      user_message: asText(record.user_message),
      agent_response: asText(record.agent_response),
      tool_calls: Array.isArray(record.tool_calls)
        ? (record.tool_calls as ToolCall[])
        : [],
      session_snapshot: readSnapshot(record),
      error: record.error == null ? null : asText(record.error),
    },
  };
}

function readSnapshot(
  record: Record<string, unknown>,
): ConversationTurn['session_snapshot'] {
  const snapshot = record.session_snapshot ?? record.session_state;
  if (!isPlainObject(snapshot)) return null;

  return {
    step: asText(snapshot.step),
    version: asNumber(snapshot.version),
    current_q_index: asNumber(snapshot.current_q_index),
    answers_count: asNumber(snapshot.answers_count),
    current_question_id: asNullableText(snapshot.current_question_id),
    color_result_id: asNullableText(snapshot.color_result_id),
    paused: snapshot.paused === true,
  };
}

function readLanguage(value: unknown): Language {
  return LANGUAGES.includes(value as Language) ? (value as Language) : 'zh';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;

  return value == null ? '' : JSON.stringify(value);
}

function asNullableText(value: unknown): string | null {
  return value == null ? null : asText(value);
}

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
