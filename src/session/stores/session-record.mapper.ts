import { Session } from '../session.types';

type StoredSession = Session & { _id?: unknown };

/** Drops the storage-only _id; every other field is stored as it is. */
export function toSession(record: StoredSession): Session {
  const { _id, ...session } = record;
  void _id;

  return session;
}
