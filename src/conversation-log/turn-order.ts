import { ConversationTurn, TurnQuery } from './conversation-turn';

/** Whether a turn passes a query's filters (bounds: from inclusive). */
export function matchesQuery(
  turn: ConversationTurn,
  query: TurnQuery,
): boolean {
  const time = turn.timestamp.getTime();

  return (
    (!query.session_id || turn.session_id === query.session_id) &&
    (!query.mode || turn.mode === query.mode) &&
    (!query.language || turn.language === query.language) &&
    (!query.from || time >= query.from.getTime()) &&
    (!query.to || time < query.to.getTime())
  );
}

/**
 * One session's turns go by turn number; a wider query goes by time, then
 * session and turn, so pages and exports are stable.
 */
export function compareTurns(
  a: ConversationTurn,
  b: ConversationTurn,
  query: TurnQuery,
): number {
  if (query.session_id) return a.turn_number - b.turn_number;

  return (
    a.timestamp.getTime() - b.timestamp.getTime() ||
    a.session_id.localeCompare(b.session_id) ||
    a.turn_number - b.turn_number
  );
}
