import { buildSession } from '@test/factories/session.factory';
import { Session } from '@/session/session.types';
import { compareSessions, digestOf, LISTED_IDS } from './session-comparison';

const NOW = new Date('2026-03-01T08:00:00.000Z');

async function* listed(sessions: Session[]): AsyncIterable<Session> {
  yield* sessions;
}

describe(compareSessions.name, () => {
  it('should call equal sets consistent', async () => {
    const sessions = [buildSession(NOW), buildSession(NOW)];

    const sut = await compareSessions(
      listed(sessions),
      listed(structuredClone(sessions)),
    );

    expect(sut).toEqual({
      consistent: true,
      source_sessions: 2,
      mongo_sessions: 2,
      missing: { count: 0, ids: [] },
      differing: { count: 0, ids: [] },
      only_in_mongo: { count: 0, ids: [] },
    });
  });

  it('should name missing, differing and extra sessions', async () => {
    const kept = buildSession(NOW, { session_id: 'a' });
    const lost = buildSession(NOW, { session_id: 'b' });
    const changed = buildSession(NOW, { session_id: 'c' });
    const extra = buildSession(NOW, { session_id: 'd' });

    const sut = await compareSessions(
      listed([kept, lost, changed]),
      listed([kept, { ...changed, answers: { q1: 'B' } }, extra]),
    );

    expect(sut).toEqual({
      consistent: false,
      source_sessions: 3,
      mongo_sessions: 3,
      missing: { count: 1, ids: ['b'] },
      differing: { count: 1, ids: ['c'] },
      only_in_mongo: { count: 1, ids: ['d'] },
    });
  });

  it('should list at most LISTED_IDS ids but count them all', async () => {
    const sessions = Array.from({ length: LISTED_IDS + 5 }, () =>
      buildSession(NOW),
    );

    const sut = await compareSessions(listed(sessions), listed([]));

    expect(sut.missing.count).toBe(LISTED_IDS + 5);
    expect(sut.missing.ids).toHaveLength(LISTED_IDS);
  });
});

describe(digestOf.name, () => {
  it('should not depend on key order', () => {
    const session = buildSession(NOW);
    const reordered = Object.fromEntries(
      Object.entries(session).reverse(),
    ) as Session;

    expect(digestOf(reordered)).toBe(digestOf(session));
  });

  it('should tell a changed date apart', () => {
    const session = buildSession(NOW);

    const later = { ...session, expires_at: new Date(NOW.getTime() + 1) };

    expect(digestOf(later)).not.toBe(digestOf(session));
  });
});
