import { createHash } from 'node:crypto';
import { types } from 'node:util';
import { Session } from '@/session/session.types';

/** Ids listed per kind of difference; the count is always complete. */
export const LISTED_IDS = 100;

export interface IdList {
  count: number;
  /** The first ids in sorted order, at most LISTED_IDS. */
  ids: string[];
}

/** How MongoDB compares with the side that holds the truth. */
export interface SessionComparison {
  /** No session missing or differing. */
  consistent: boolean;
  /** Live sessions on the side that holds the truth (memory or a file). */
  source_sessions: number;
  /** Live sessions in MongoDB. */
  mongo_sessions: number;
  /** In the source, not in MongoDB. */
  missing: IdList;
  /** In both, with another version or other contents. */
  differing: IdList;
  /** Only in MongoDB: deleted from the source, or created elsewhere. */
  only_in_mongo: IdList;
}

/**
 * Compares two sets of live sessions by id and by a digest of their whole
 * contents, so a copy with the right version but other fields shows too.
 * Only the source's digests are held in memory.
 */
export async function compareSessions(
  source: AsyncIterable<Session>,
  mongo: AsyncIterable<Session>,
): Promise<SessionComparison> {
  const expected = new Map<string, string>();
  for await (const session of source) {
    expected.set(session.session_id, digestOf(session));
  }

  const differing: string[] = [];
  const onlyInMongo: string[] = [];
  const seen = new Set<string>();
  for await (const session of mongo) {
    const digest = expected.get(session.session_id);
    seen.add(session.session_id);
    if (digest === undefined) onlyInMongo.push(session.session_id);
    else if (digest !== digestOf(session)) differing.push(session.session_id);
  }
  const missing = [...expected.keys()].filter((id) => !seen.has(id));

  return {
    consistent: missing.length === 0 && differing.length === 0,
    source_sessions: expected.size,
    mongo_sessions: seen.size,
    missing: idList(missing),
    differing: idList(differing),
    only_in_mongo: idList(onlyInMongo),
  };
}

/** The same digest for equal contents, whatever the key order. */
export function digestOf(session: Session): string {
  return createHash('sha256').update(canonical(session)).digest('hex');
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  // isDate also knows dates made in another realm (structuredClone's).
  if (types.isDate(value)) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => {
        const field = (value as Record<string, unknown>)[key];
        return `${JSON.stringify(key)}:${canonical(field)}`;
      });
    return `{${entries.join(',')}}`;
  }

  return JSON.stringify(value);
}

function idList(ids: string[]): IdList {
  return { count: ids.length, ids: ids.sort().slice(0, LISTED_IDS) };
}
