import { Page, PageRequest } from '@/session/session.types';
import { ConversationTurn, TurnQuery } from './conversation-turn';

/**
 * Where conversation turns are kept. Turn numbers are allocated by the
 * session (see SessionService), so appends never race for a number; a
 * store refuses a second turn with the same session and number.
 */
export abstract class ConversationLog {
  abstract readonly kind: string;

  /** Stores turns; a turn already stored (same session and number) is kept. */
  abstract append(turns: ConversationTurn[]): Promise<void>;

  /** Turns matching the query, by session then turn number. */
  abstract findTurns(
    query: TurnQuery,
    page: PageRequest,
  ): Promise<Page<ConversationTurn>>;

  /** Every matching turn, streamed in the same order as findTurns. */
  abstract exportTurns(query: TurnQuery): AsyncIterable<ConversationTurn>;
}
