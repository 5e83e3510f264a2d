import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { ConversationTurn } from '@/conversation-log/conversation-turn';
import { Page, PageRequest } from '@/session/session.types';

/**
 * Bench only: a conversation log that keeps nothing, bound in place of
 * the real one to measure what logging costs a chat turn. Never part of
 * the service.
 */
export class DiscardingConversationLog extends ConversationLog {
  readonly kind = 'discard';

  async append(_turns: ConversationTurn[]): Promise<void> {
    return undefined;
  }

  async findTurns(
    _query: unknown,
    page: PageRequest,
  ): Promise<Page<ConversationTurn>> {
    return { ...page, total: 0, items: [] };
  }

  async *exportTurns(): AsyncIterable<ConversationTurn> {
    yield* [];
  }
}
