import {
  SessionConflictError,
  SessionExistsError,
  SessionNotFoundError,
} from '@/common/errors/store.errors';
import { SessionModuleOptions } from '@/session/session-module.options';
import { SessionService } from '@/session/session.service';
import { SessionStore } from '@/session/session.store';
import { Session } from '@/session/session.types';
import {
  buildCompletedSession,
  buildSession,
} from '@test/factories/session.factory';
import { FakeClock } from '@test/support/fake-clock';
import {
  memorySessionStoreAdapter,
  mongoSessionStoreAdapter,
  SessionStoreFixture,
} from './support/session-store-adapters';
import {
  rolloutSessionStoreAdapter,
  shadowSessionStoreAdapter,
} from './support/migration-store-adapters';

const MINUTE_MS = 60_000;
const TTL_MS = 30 * MINUTE_MS;

/** 20 rounds of 50 queued writers take a while on a real server. */
const CONCURRENCY_TIMEOUT_MS = 120_000;

const SERVICE_OPTIONS: SessionModuleOptions = {
  sessions: { store: 'memory' },
  conversationLog: { store: 'file', directory: 'unused' },
  quizResults: { store: 'memory' },
  ttlMinutes: 30,
  sweepIntervalSeconds: 60,
};

describe.each([
  memorySessionStoreAdapter(),
  mongoSessionStoreAdapter(),
  shadowSessionStoreAdapter(),
  rolloutSessionStoreAdapter(),
])('$name', (adapter) => {
  let fixture: SessionStoreFixture;
  let sut: SessionStore;
  let clock: FakeClock;

  beforeAll(() => adapter.setUp());

  beforeEach(async () => {
    fixture = await adapter.build();
    sut = fixture.sut;
    clock = fixture.clock;
  });

  afterEach(() => adapter.cleanUp());

  afterAll(() => adapter.tearDown());

  /** A session created at the clock's current time, already stored. */
  async function stored(overrides: Partial<Session> = {}): Promise<Session> {
    return sut.create(buildSession(clock.now(), overrides));
  }

  /** Reads a session as it was stored, at a time before it expired. */
  async function findAsOf(at: Date, sessionId: string) {
    const now = clock.now();
    clock.set(at);
    try {
      return await sut.findById(sessionId);
    } finally {
      clock.set(now);
    }
  }

  async function collectAll(): Promise<Session[]> {
    const sessions: Session[] = [];
    for await (const session of sut.listAll()) sessions.push(session);

    return sessions;
  }

  describe('create', () => {
    it('should store a new session and return it', async () => {
      const session = buildCompletedSession(clock.now());

      const created = await sut.create(session);

      expect(created).toEqual(session);
      await expect(sut.findById(session.session_id)).resolves.toEqual(session);
    });

    it('should refuse a second live session with the same id', async () => {
      const first = await stored({ language: 'en' });
      const second = buildSession(clock.now(), {
        session_id: first.session_id,
        language: 'zh',
      });

      const attempt = sut.create(second);

      await expect(attempt).rejects.toBeInstanceOf(SessionExistsError);
      await expect(sut.findById(first.session_id)).resolves.toEqual(first);
    });

    it('should replace an expired session with the same id', async () => {
      const old = await stored({ language: 'en' });
      clock.advance(TTL_MS + MINUTE_MS);
      const fresh = buildSession(clock.now(), {
        session_id: old.session_id,
        language: 'zh',
      });

      await sut.create(fresh);

      await expect(sut.findById(old.session_id)).resolves.toEqual(fresh);
      await expect(fixture.countStored(old.session_id)).resolves.toBe(1);
    });

    it('should let exactly one of 20 concurrent creates with one id succeed', async () => {
      const sessions = Array.from({ length: 20 }, (_, index) =>
        buildSession(clock.now(), {
          session_id: 'session-contested',
          metadata: { attempt: String(index) },
        }),
      );

      const results = await Promise.allSettled(
        sessions.map((session) => sut.create(session)),
      );

      const created = results.filter((r) => r.status === 'fulfilled');
      const errors = results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r as PromiseRejectedResult).reason);
      expect(created).toHaveLength(1);
      expect(errors).toHaveLength(19);
      expect(errors.filter((e) => !(e instanceof SessionExistsError))).toEqual(
        [],
      );
      await expect(fixture.countStored('session-contested')).resolves.toBe(1);
    });

    it('should let exactly one of 20 concurrent creates replace an expired session', async () => {
      await stored({ session_id: 'session-reused' });
      clock.advance(TTL_MS + MINUTE_MS);
      const sessions = Array.from({ length: 20 }, (_, index) =>
        buildSession(clock.now(), {
          session_id: 'session-reused',
          metadata: { attempt: String(index) },
        }),
      );

      const results = await Promise.allSettled(
        sessions.map((session) => sut.create(session)),
      );

      const created = results.filter((r) => r.status === 'fulfilled');
      const errors = results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r as PromiseRejectedResult).reason);
      expect(created).toHaveLength(1);
      expect(errors.filter((e) => !(e instanceof SessionExistsError))).toEqual(
        [],
      );
      await expect(fixture.countStored('session-reused')).resolves.toBe(1);
    });
  });

  describe('findById', () => {
    it('should return null for an unknown id', async () => {
      await stored();

      const found = await sut.findById('session-unknown');

      expect(found).toBeNull();
    });

    it('should return null for a session stored 1 s past its expiry', async () => {
      const insertedAt = clock.now();
      const session = await stored({
        expires_at: new Date(insertedAt.getTime() - 1_000),
      });

      const found = await sut.findById(session.session_id);

      expect(found).toBeNull();
      await expect(
        findAsOf(new Date(insertedAt.getTime() - 2_000), session.session_id),
      ).resolves.toEqual(session);
    });

    it('should return null from the very moment the session expires', async () => {
      const session = await stored();
      clock.set(session.expires_at);

      const found = await sut.findById(session.session_id);

      expect(found).toBeNull();
    });

    it('should return a copy that cannot change the stored session', async () => {
      const session = await stored({ answers: { q1: 'A' } });
      const copy = await sut.findById(session.session_id);

      copy!.answers.q2 = 'B';
      copy!.step = 'DONE';

      await expect(sut.findById(session.session_id)).resolves.toEqual(session);
    });
  });

  describe('update', () => {
    it('should apply the changes and raise the version by one', async () => {
      const session = await stored();
      clock.advanceMinutes(2);
      const changes = {
        step: 'QUIZ' as const,
        current_question: 'q1',
        quiz_started_at: clock.now(),
        updated_at: clock.now(),
        expires_at: new Date(clock.now().getTime() + TTL_MS),
      };

      const updated = await sut.update(session.session_id, 1, changes);

      expect(updated).toEqual({ ...session, ...changes, version: 2 });
      await expect(sut.findById(session.session_id)).resolves.toEqual(updated);
    });

    it('should keep the fields the changes leave out', async () => {
      const session = await stored({
        answers: { q1: 'A' },
        metadata: { channel: 'web' },
      });

      const updated = await sut.update(session.session_id, 1, {
        current_q_index: 1,
      });

      expect(updated).toEqual({
        ...session,
        current_q_index: 1,
        version: 2,
      });
    });

    it('should throw SessionConflictError for a stale version and change nothing', async () => {
      const session = await stored();
      const current = await sut.update(session.session_id, 1, {
        step: 'QUIZ',
      });

      const attempt = sut.update(session.session_id, 1, { step: 'DONE' });

      await expect(attempt).rejects.toBeInstanceOf(SessionConflictError);
      await expect(sut.findById(session.session_id)).resolves.toEqual(current);
    });

    it('should throw SessionNotFoundError for an unknown id', async () => {
      await stored();

      const attempt = sut.update('session-unknown', 1, { step: 'QUIZ' });

      await expect(attempt).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(fixture.countStored('session-unknown')).resolves.toBe(0);
    });

    it('should throw SessionNotFoundError for a deleted session', async () => {
      const session = await stored();
      await sut.delete(session.session_id);

      const attempt = sut.update(session.session_id, 1, { step: 'QUIZ' });

      await expect(attempt).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(fixture.countStored(session.session_id)).resolves.toBe(0);
    });

    it('should throw SessionNotFoundError for an expired session and leave it unchanged', async () => {
      const createdAt = clock.now();
      const session = await stored();
      clock.set(new Date(session.expires_at.getTime() + 1_000));

      const attempt = sut.update(session.session_id, 1, {
        step: 'QUIZ',
        expires_at: new Date(clock.now().getTime() + TTL_MS),
      });

      await expect(attempt).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(sut.findById(session.session_id)).resolves.toBeNull();
      await expect(findAsOf(createdAt, session.session_id)).resolves.toEqual(
        session,
      );
    });

    it('should let exactly one of 50 concurrent updates from one version win, 20 times over', async () => {
      for (let round = 1; round <= 20; round += 1) {
        const session = await stored({ session_id: `session-cas-${round}` });

        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, worker) =>
            sut.update(session.session_id, session.version, {
              metadata: { winner: `worker_${worker}` },
            }),
          ),
        );

        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o) => o.status === 'rejected');
        const after = await sut.findById(session.session_id);
        expect({
          round,
          winners: winners.length,
          conflicts: losers.every(
            (o) => o.reason instanceof SessionConflictError,
          ),
          version: after!.version,
          stored: after!.metadata.winner,
        }).toEqual({
          round,
          winners: 1,
          conflicts: true,
          version: session.version + 1,
          stored: (winners[0] as PromiseFulfilledResult<Session>).value.metadata
            .winner,
        });
      }
    });

    it(
      'should record all of 50 concurrent changes through SessionService, 20 times over',
      async () => {
        const service = new SessionService(sut, clock, {
          ...SERVICE_OPTIONS,
        });

        for (let round = 1; round <= 20; round += 1) {
          const session = await stored({
            session_id: `session-svc-${round}`,
          });

          await Promise.all(
            Array.from({ length: 50 }, (_, worker) =>
              service.change(session.session_id, (current) => ({
                changes: {
                  metadata: {
                    ...current.metadata,
                    [`worker_${worker}`]: 'done',
                  },
                },
                outcome: undefined,
              })),
            ),
          );

          const after = await sut.findById(session.session_id);
          expect({
            round,
            version: after!.version,
            recorded: Object.keys(after!.metadata).length,
          }).toEqual({ round, version: session.version + 50, recorded: 50 });
        }
      },
      CONCURRENCY_TIMEOUT_MS,
    );
  });

  describe('delete', () => {
    it('should remove a live session and return true', async () => {
      const session = await stored();
      const other = await stored();

      const deleted = await sut.delete(session.session_id);

      expect(deleted).toBe(true);
      await expect(sut.findById(session.session_id)).resolves.toBeNull();
      await expect(sut.findById(other.session_id)).resolves.toEqual(other);
    });

    it('should return false when the session was already deleted', async () => {
      const session = await stored();
      await sut.delete(session.session_id);

      const deleted = await sut.delete(session.session_id);

      expect(deleted).toBe(false);
    });

    it('should return false for an unknown id', async () => {
      await stored();

      const deleted = await sut.delete('session-unknown');

      expect(deleted).toBe(false);
    });

    it('should return false for an expired session', async () => {
      const session = await stored();
      clock.set(session.expires_at);

      const deleted = await sut.delete(session.session_id);

      expect(deleted).toBe(false);
    });
  });

  describe('deleteExpired', () => {
    it('should remove the sessions expired by now and count them', async () => {
      const start = clock.now();
      const early = await stored({
        expires_at: new Date(start.getTime() + 5 * MINUTE_MS),
      });
      const due = await stored({
        expires_at: new Date(start.getTime() + 10 * MINUTE_MS),
      });
      const live = await stored({
        expires_at: new Date(start.getTime() + 11 * MINUTE_MS),
      });
      clock.set(due.expires_at);

      const removed = await sut.deleteExpired();

      expect(removed).toBe(2);
      await expect(findAsOf(start, early.session_id)).resolves.toBeNull();
      await expect(findAsOf(start, due.session_id)).resolves.toBeNull();
      await expect(sut.findById(live.session_id)).resolves.toEqual(live);
    });

    it('should return 0 and keep every session when none has expired', async () => {
      const sessions = [await stored(), await stored()];

      const removed = await sut.deleteExpired();

      expect(removed).toBe(0);
      expect(sortById(await collectAll())).toEqual(sortById(sessions));
    });
  });

  describe('list', () => {
    it('should return live sessions newest first with their total', async () => {
      const oldest = await stored();
      clock.advanceMinutes(1);
      const middle = await stored();
      clock.advanceMinutes(1);
      const newest = await stored();

      const page = await sut.list({}, { page: 1, limit: 10 });

      expect(page).toEqual({
        page: 1,
        limit: 10,
        total: 3,
        items: [newest, middle, oldest],
      });
    });

    it('should filter by mode, step and language', async () => {
      const welcomeEn = await stored({ step: 'WELCOME', language: 'en' });
      clock.advanceMinutes(1);
      const quizZh = await stored({ step: 'QUIZ', language: 'zh' });
      clock.advanceMinutes(1);
      const doneZh = await stored({ step: 'DONE', language: 'zh' });
      const all = { page: 1, limit: 10 };

      const byStep = await sut.list({ step: 'QUIZ' }, all);
      const byLanguage = await sut.list({ language: 'zh' }, all);
      const byBoth = await sut.list({ step: 'DONE', language: 'zh' }, all);
      const byMode = await sut.list({ mode: 'COLOR' }, all);

      expect(byStep.items).toEqual([quizZh]);
      expect(byLanguage.items).toEqual([doneZh, quizZh]);
      expect(byBoth).toEqual({ ...all, total: 1, items: [doneZh] });
      expect(byMode.items).toEqual([doneZh, quizZh, welcomeEn]);
    });

    it('should page through the matching sessions', async () => {
      const sessions: Session[] = [];
      for (let index = 0; index < 5; index += 1) {
        sessions.push(await stored());
        clock.advanceMinutes(1);
      }
      const newestFirst = [...sessions].reverse();

      const pages = await Promise.all(
        [1, 2, 3, 4].map((page) => sut.list({}, { page, limit: 2 })),
      );

      expect(pages.map((p) => p.items)).toEqual([
        newestFirst.slice(0, 2),
        newestFirst.slice(2, 4),
        newestFirst.slice(4),
        [],
      ]);
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    });

    it('should leave expired sessions out of the items and the total', async () => {
      const start = clock.now();
      await stored({ expires_at: new Date(start.getTime() + MINUTE_MS) });
      clock.advanceMinutes(1);
      const live = await stored();

      const page = await sut.list({}, { page: 1, limit: 10 });

      expect(page).toEqual({ page: 1, limit: 10, total: 1, items: [live] });
    });
  });

  describe('stats', () => {
    it('should count live sessions by mode, step and language', async () => {
      await stored({ step: 'WELCOME', language: 'en' });
      await stored({ step: 'WELCOME', language: 'en' });
      await stored({ step: 'QUIZ', language: 'zh' });
      await stored({ step: 'DONE', language: 'en' });
      await stored({
        step: 'DONE',
        language: 'zh',
        expires_at: new Date(clock.now().getTime() + MINUTE_MS),
      });
      clock.advanceMinutes(1);

      const stats = await sut.stats();

      expect(stats).toEqual({
        total: 4,
        active: 3,
        completed: 1,
        by_mode: { COLOR: 4 },
        by_step: { WELCOME: 2, QUIZ: 1, DONE: 1 },
        by_language: { en: 3, zh: 1 },
      });
    });

    it('should report zero counts when no session is live', async () => {
      await stored({ expires_at: new Date(clock.now().getTime() + 1_000) });
      clock.advance(1_000);

      const stats = await sut.stats();

      expect(stats).toEqual({
        total: 0,
        active: 0,
        completed: 0,
        by_mode: {},
        by_step: {},
        by_language: {},
      });
    });
  });

  describe('importSession', () => {
    it('should copy a session that is absent', async () => {
      const session = buildCompletedSession(clock.now(), { version: 7 });

      const outcome = await sut.importSession(session);

      expect(outcome).toBe('copied');
      await expect(sut.findById(session.session_id)).resolves.toEqual(session);
    });

    it('should replace a stored copy with a lower version', async () => {
      const current = await stored({ version: 3, step: 'QUIZ' });
      const newer = buildCompletedSession(clock.now(), {
        session_id: current.session_id,
        version: 4,
      });

      const outcome = await sut.importSession(newer);

      expect(outcome).toBe('copied');
      await expect(sut.findById(current.session_id)).resolves.toEqual(newer);
      await expect(fixture.countStored(current.session_id)).resolves.toBe(1);
    });

    it.each([
      ['the same', 3],
      ['a lower', 2],
    ])(
      'should skip a session with %s version than the stored copy',
      async (_label, version) => {
        const current = await stored({ version: 3, step: 'QUIZ' });
        const incoming = buildCompletedSession(clock.now(), {
          session_id: current.session_id,
          version,
        });

        const outcome = await sut.importSession(incoming);

        expect(outcome).toBe('skipped');
        await expect(sut.findById(current.session_id)).resolves.toEqual(
          current,
        );
      },
    );

    it('should skip a session that has already expired', async () => {
      const start = clock.now();
      const session = buildSession(start, {
        expires_at: new Date(start.getTime() - 1_000),
      });

      const outcome = await sut.importSession(session);

      expect(outcome).toBe('skipped');
      await expect(
        findAsOf(new Date(start.getTime() - 2_000), session.session_id),
      ).resolves.toBeNull();
    });

    it('should replace a stored copy that has expired, whatever its version', async () => {
      const old = await stored({ version: 9 });
      clock.advance(TTL_MS + MINUTE_MS);
      const incoming = buildSession(clock.now(), {
        session_id: old.session_id,
        version: 2,
      });

      const outcome = await sut.importSession(incoming);

      expect(outcome).toBe('copied');
      await expect(sut.findById(old.session_id)).resolves.toEqual(incoming);
    });

    it('should keep one copy when 20 imports of one id and version race', async () => {
      const session = buildCompletedSession(clock.now(), {
        session_id: 'session-imported',
        version: 5,
      });

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          sut.importSession(structuredClone(session)),
        ),
      );

      expect(outcomes.filter((o) => o === 'copied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(19);
      await expect(fixture.countStored('session-imported')).resolves.toBe(1);
      await expect(sut.findById('session-imported')).resolves.toEqual(session);
    });
  });

  describe('listAll', () => {
    it('should yield every live session and no expired one', async () => {
      const start = clock.now();
      await stored({ expires_at: new Date(start.getTime() + MINUTE_MS) });
      clock.advanceMinutes(1);
      const live = [
        await stored(),
        await stored({ step: 'DONE' }),
        await stored({ language: 'zh' }),
      ];

      const all = await collectAll();

      expect(sortById(all)).toEqual(sortById(live));
    });

    it('should yield nothing from an empty store', async () => {
      const all = await collectAll();

      expect(all).toEqual([]);
    });
  });

  describe('stored time fields', () => {
    it('should keep every time field a date through create, update and import', async () => {
      const created = await sut.create(buildCompletedSession(clock.now()));
      const plain = await stored();
      clock.advanceMinutes(3);
      const now = clock.now();
      const changes = {
        step: 'QUIZ' as const,
        quiz_started_at: now,
        chat_history: [
          { role: 'user' as const, content: 'Start the quiz', at: now },
        ],
        updated_at: now,
        expires_at: new Date(now.getTime() + TTL_MS),
      };
      const imported = buildCompletedSession(now, { version: 4 });

      const updated = await sut.update(plain.session_id, 1, changes);
      await sut.importSession(imported);

      await expect(fixture.findNonDateTimes()).resolves.toEqual([]);
      expect(sortById(await collectAll())).toEqual(
        sortById([created, updated, imported]),
      );
    });
  });
});

/**
 * One writer's compare-and-set: read, write on top of what was read,
 * and start over whenever another writer got there first.
 */
function sortById(sessions: Session[]): Session[] {
  return [...sessions].sort((a, b) => a.session_id.localeCompare(b.session_id));
}
