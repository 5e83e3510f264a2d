import { randomUUID } from 'node:crypto';
import { ConversationsController } from '@/conversation-log/conversations.controller';
import { SessionsAdminController } from '@/session/sessions-admin.controller';
import { errorBody } from '@test/factories/error-body.factory';
import {
  adminGet,
  API,
  finishQuizByButtons,
  getSession,
  Http,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const ADMIN_PATHS = [
  'sessions',
  'sessions/stats',
  'conversations',
  'conversations/export',
];

interface Turn {
  session_id: string;
  turn_number: number;
  timestamp: string;
}

function idsOf(items: { session_id: string }[]): string[] {
  return items.map((item) => item.session_id);
}

function turnKeys(items: Turn[]): [string, number, string][] {
  return items.map((t) => [t.session_id, t.turn_number, t.timestamp]);
}

describe('admin endpoints', () => {
  describe('without ADMIN_API_KEY', () => {
    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['unset', undefined],
    ])(
      'should answer 403 ADMIN_DISABLED on every route when %s',
      async (_case, key) => {
        const testApp = await createTestApp({ env: { ADMIN_API_KEY: key } });
        const sut = httpOf(testApp);

        try {
          const responses = [];
          for (const path of ADMIN_PATHS) {
            responses.push(
              await sut.get(`${API}/${path}`).set('X-API-Key', 'anything'),
            );
          }

          expect(responses.map((r) => [r.status, r.body])).toEqual(
            ADMIN_PATHS.map(() => [
              403,
              errorBody(403, 'ADMIN_DISABLED', 'set ADMIN_API_KEY to enable'),
            ]),
          );
        } finally {
          await testApp.close();
        }
      },
    );
  });

  describe('with ADMIN_API_KEY', () => {
    let testApp: TestApp;
    let sut: Http;

    beforeAll(async () => {
      testApp = await createTestApp();
      sut = httpOf(testApp);
    });

    afterAll(async () => {
      await testApp.close();
    });

    it.each([
      ['no header', undefined],
      ['an empty key', ''],
      ['a wrong key', 'wrong-key'],
      ['the key in upper case', 'TEST-ADMIN-KEY-123'],
      ['the key with a suffix', 'test-admin-key-1234'],
    ])(
      'should answer 401 ADMIN_KEY_INVALID on every route with %s',
      async (_case, key) => {
        const responses = [];
        for (const path of ADMIN_PATHS) {
          const request = sut.get(`${API}/${path}`);
          responses.push(
            await (key === undefined ? request : request.set('X-API-Key', key)),
          );
        }

        expect(responses.map((r) => [r.status, r.body])).toEqual(
          ADMIN_PATHS.map(() => [
            401,
            errorBody(401, 'ADMIN_KEY_INVALID', 'X-API-Key'),
          ]),
        );
      },
    );
  });
});

describe.each(MEMORY_AND_MONGO)('admin reports (%s)', (_, options) => {
  let testApp: TestApp;
  let sut: Http;
  /** Oldest first: zh WELCOME, en WELCOME, zh QUIZ, en DONE, en paused. */
  let ids: string[];

  beforeAll(async () => {
    testApp = await createTestApp(options);
    sut = httpOf(testApp);
    const clock = testApp.clock;

    const welcomeZh = await startSession(sut, { language: 'zh' });
    clock.advanceMinutes(1);
    const welcomeEn = await startSession(sut, { language: 'en' });
    clock.advanceMinutes(1);
    const quizZh = await startSession(sut, { language: 'zh' });
    clock.advanceMinutes(1);
    await pressButton(sut, 'start', quizZh).expect(200);
    clock.advanceMinutes(1);
    const doneEn = await startSession(sut, { language: 'en' });
    clock.advanceMinutes(1);
    await finishQuizByButtons(sut, doneEn);
    clock.advanceMinutes(1);
    const pausedEn = await startSession(sut, { language: 'en' });
    clock.advanceMinutes(1);
    await pressButton(sut, 'start', pausedEn).expect(200);
    await pressButton(sut, 'pause', pausedEn).expect(200);

    ids = [welcomeZh, welcomeEn, quizZh, doneEn, pausedEn];
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe(SessionsAdminController.name, () => {
    describe('GET /sessions', () => {
      it('should list live sessions newest first with whole sessions', async () => {
        const response = await adminGet(sut, 'sessions');

        const newest = await getSession(sut, ids[4]);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          page: 1,
          limit: 20,
          total: 5,
          items: [
            newest.body,
            ...ids
              .slice(0, 4)
              .reverse()
              .map(() => expect.any(Object)),
          ],
        });
        expect(idsOf(response.body.items)).toEqual([...ids].reverse());
      });

      it.each([
        ['step QUIZ', { step: 'QUIZ' }, [4, 2]],
        ['step DONE', { step: 'DONE' }, [3]],
        ['language en', { language: 'en' }, [4, 3, 1]],
        ['step WELCOME in zh', { step: 'WELCOME', language: 'zh' }, [0]],
        ['mode COLOR', { mode: 'COLOR' }, [4, 3, 2, 1, 0]],
        ['step SCORING', { step: 'SCORING' }, []],
      ])('should filter by %s', async (_case, query, expected) => {
        const response = await adminGet(sut, 'sessions', query);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          page: 1,
          limit: 20,
          total: expected.length,
          items: expected.map((i) =>
            expect.objectContaining({ session_id: ids[i] }),
          ),
        });
      });

      it.each([
        [1, [4, 3]],
        [2, [2, 1]],
        [3, [0]],
        [4, []],
      ])('should return page %i of two', async (page, expected) => {
        const response = await adminGet(sut, 'sessions', { page, limit: 2 });

        expect(response.status).toBe(200);
        expect({ ...response.body, items: idsOf(response.body.items) }).toEqual(
          {
            page,
            limit: 2,
            total: 5,
            items: expected.map((i) => ids[i]),
          },
        );
      });
    });

    describe('GET /sessions/stats', () => {
      it('should count live sessions by state, mode, step and language', async () => {
        const response = await adminGet(sut, 'sessions/stats');

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          total: 5,
          active: 4,
          completed: 1,
          by_mode: { COLOR: 5 },
          by_step: { WELCOME: 2, QUIZ: 2, DONE: 1 },
          by_language: { zh: 2, en: 3 },
        });
      });
    });
  });

  describe(ConversationsController.name, () => {
    /** Every turn: zh quiz start, six of the done quiz, start and pause. */
    function allTurns(): [string, number, string][] {
      return [
        [ids[2], 1, '2026-03-01T08:03:00.000Z'],
        ...[1, 2, 3, 4, 5, 6].map((n): [string, number, string] => [
          ids[3],
          n,
          '2026-03-01T08:05:00.000Z',
        ]),
        [ids[4], 1, '2026-03-01T08:07:00.000Z'],
        [ids[4], 2, '2026-03-01T08:07:00.000Z'],
      ];
    }

    describe('GET /conversations', () => {
      it("should return one session's turns by turn number", async () => {
        const response = await adminGet(sut, 'conversations', {
          session_id: ids[3],
        });

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          page: 1,
          limit: 20,
          total: 6,
          items: [1, 2, 3, 4, 5, 6].map((n) =>
            expect.objectContaining({
              session_id: ids[3],
              turn_number: n,
              language: 'en',
              mode: 'COLOR',
              user_message: n === 1 ? '[start_quiz]' : '[answer A]',
              error: null,
            }),
          ),
        });
      });

      it.each([
        ['language zh', { language: 'zh' }, [0]],
        ['language en', { language: 'en' }, [1, 2, 3, 4, 5, 6, 7, 8]],
        ['mode COLOR', { mode: 'COLOR' }, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
        ['mode OTHER', { mode: 'OTHER' }, []],
        [
          'from inclusive and to exclusive',
          { from: '2026-03-01T08:05:00.000Z', to: '2026-03-01T08:07:00.000Z' },
          [1, 2, 3, 4, 5, 6],
        ],
        ['from only', { from: '2026-03-01T08:07:00Z' }, [7, 8]],
        ['to only', { to: '2026-03-01T08:05:00Z' }, [0]],
        ['an unknown session', { session_id: randomUUID() }, []],
      ])('should filter by %s', async (_case, query, expected) => {
        const response = await adminGet(sut, 'conversations', query);

        expect(response.status).toBe(200);
        expect({
          ...response.body,
          items: turnKeys(response.body.items),
        }).toEqual({
          page: 1,
          limit: 20,
          total: expected.length,
          items: expected.map((i) => allTurns()[i]),
        });
      });

      it('should page through a wide query in a stable order', async () => {
        const response = await adminGet(sut, 'conversations', {
          page: 3,
          limit: 3,
        });

        expect(response.status).toBe(200);
        expect({
          ...response.body,
          items: turnKeys(response.body.items),
        }).toEqual({
          page: 3,
          limit: 3,
          total: 9,
          items: allTurns().slice(6, 9),
        });
      });
    });

    describe('GET /conversations/export', () => {
      it('should stream every matching turn as JSONL', async () => {
        const listed = await adminGet(sut, 'conversations', { limit: 100 });

        const response = await adminGet(sut, 'conversations/export');

        const lines = response.text.split('\n');
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(
          'application/x-ndjson; charset=utf-8',
        );
        expect(response.headers['content-disposition']).toBe(
          'attachment; filename="conversations.jsonl"',
        );
        expect(lines.pop()).toBe('');
        expect(lines.map((line) => JSON.parse(line))).toEqual(
          listed.body.items,
        );
        expect(turnKeys(listed.body.items)).toEqual(allTurns());
      });

      it('should export only the filtered turns', async () => {
        const response = await adminGet(sut, 'conversations/export', {
          language: 'zh',
        });

        expect(response.status).toBe(200);
        expect(
          turnKeys(
            response.text
              .trimEnd()
              .split('\n')
              .map((line) => JSON.parse(line)),
          ),
        ).toEqual([allTurns()[0]]);
      });

      it('should export nothing for an unknown session', async () => {
        const response = await adminGet(sut, 'conversations/export', {
          session_id: randomUUID(),
        });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toMatch(
          /^application\/x-ndjson/,
        );
        expect(response.text).toBe('');
      });
    });
  });
});
