import { Session } from '@/session/session.types';

/** Every time field of a session, nested chat messages aside. */
const TIME_FIELDS = [
  'created_at',
  'updated_at',
  'expires_at',
  'quiz_started_at',
  'quiz_completed_at',
] as const;

/** A session as JSON text; dates become ISO strings. */
export function encodeSession(session: Session): string {
  return JSON.stringify(session);
}

/**
 * The session back from its JSON text, each time field a Date again, so
 * a cached copy equals the one MongoDB returns. The fields are named
 * rather than guessed from their text: a chat message that looks like a
 * date stays a string. Null and absent fields stay as they were.
 */
export function decodeSession(text: string): Session {
  const session = JSON.parse(text) as Record<string, unknown>;
  for (const field of TIME_FIELDS) {
    const value = session[field];
    if (typeof value === 'string') session[field] = new Date(value);
  }

  const history = session.chat_history;
  if (Array.isArray(history)) {
    for (const message of history as { at?: unknown }[]) {
      if (typeof message.at === 'string') message.at = new Date(message.at);
    }
  }

  return session as unknown as Session;
}
