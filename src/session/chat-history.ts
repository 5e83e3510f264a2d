import { CHAT_HISTORY_LIMIT, ChatMessage } from './session.types';

/** The history with one exchange added, trimmed to the last ten messages. */
export function withExchange(
  history: ChatMessage[],
  userText: string,
  reply: string,
  at: Date,
): ChatMessage[] {
  return [
    ...history,
    { role: 'user' as const, content: userText, at },
    { role: 'assistant' as const, content: reply, at },
  ].slice(-CHAT_HISTORY_LIMIT);
}
