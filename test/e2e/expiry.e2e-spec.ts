import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { errorBody } from '@test/factories/error-body.factory';
import {
  adminGet,
  API,
  chat,
  getSession,
  Http,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { mongoDbOf } from '@test/factories/mongo-db.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const TTL_MINUTES = 30;

/** Every route that reads or changes one session, by session id. */
function everyRoute(http: Http, sessionId: string): (() => request.Test)[] {
  return [
    () => getSession(http, sessionId),
    () => chat(http, sessionId, 'A'),
    () => pressButton(http, 'answer', sessionId, 'A'),
    () => pressButton(http, 'pause', sessionId),
    () => http.post(`${API}/session/${sessionId}/touch`),
  ];
}

/** Sends the requests one after the other: status and body of each. */
async function answersOf(
  routes: (() => request.Test)[],
): Promise<[number, unknown][]> {
  const answers: [number, unknown][] = [];
  for (const send of routes) {
    const response = await send();
    answers.push([response.status, response.body]);
  }

  return answers;
}

describe.each(MEMORY_AND_MONGO)('session expiry (%s)', (_, options) => {
  let testApp: TestApp;
  let http: Http;

  beforeEach(async () => {
    testApp = await createTestApp(options);
    http = httpOf(testApp);
  });

  afterEach(async () => {
    await testApp.close();
  });

  it('should forget a session left untouched for the TTL', async () => {
    const sessionId = await startSession(http);
    await pressButton(http, 'start', sessionId).expect(200);
    testApp.clock.advanceMinutes(TTL_MINUTES);

    const answers = await answersOf(everyRoute(http, sessionId));

    expect(answers).toEqual(
      everyRoute(http, sessionId).map(() => [
        404,
        errorBody(404, 'SESSION_NOT_FOUND', sessionId),
      ]),
    );
  });

  it('should keep the session until the last millisecond of the TTL', async () => {
    const sessionId = await startSession(http);
    testApp.clock.advance(TTL_MINUTES * 60_000 - 1);

    const before = await getSession(http, sessionId);
    testApp.clock.advance(1);
    const after = await getSession(http, sessionId);

    expect(before.status).toBe(200);
    expect(after.status).toBe(404);
    expect(after.body).toEqual(errorBody(404, 'SESSION_NOT_FOUND'));
  });

  it('should restart the TTL on every chat turn', async () => {
    const sessionId = await startSession(http);
    testApp.clock.advanceMinutes(29);
    await chat(http, sessionId, 'hello').expect(200);
    testApp.clock.advanceMinutes(29);

    const alive = await getSession(http, sessionId);
    testApp.clock.advanceMinutes(1);
    const gone = await getSession(http, sessionId);

    expect(alive.status).toBe(200);
    expect(alive.body).toEqual(
      expect.objectContaining({
        turn_count: 1,
        updated_at: '2026-03-01T08:29:00.000Z',
        expires_at: '2026-03-01T08:59:00.000Z',
      }),
    );
    expect(gone.status).toBe(404);
  });

  it('should restart the TTL on a touch and on a button', async () => {
    const sessionId = await startSession(http);
    testApp.clock.advanceMinutes(29);
    await http.post(`${API}/session/${sessionId}/touch`).expect(200);
    testApp.clock.advanceMinutes(29);
    await pressButton(http, 'start', sessionId).expect(200);
    testApp.clock.advanceMinutes(29);

    const response = await pressButton(http, 'answer', sessionId, 'B');

    expect(response.status).toBe(200);
    expect(response.body.session).toEqual(
      expect.objectContaining({
        current_q_index: 1,
        expires_at: '2026-03-01T09:57:00.000Z',
      }),
    );
  });

  it('should not extend the TTL on a read', async () => {
    const sessionId = await startSession(http);
    testApp.clock.advanceMinutes(29);
    await getSession(http, sessionId).expect(200);
    testApp.clock.advanceMinutes(1);

    const response = await getSession(http, sessionId);

    expect(response.status).toBe(404);
  });

  it('should leave expired sessions out of the admin list and stats', async () => {
    const expired = await startSession(http, { language: 'zh' });
    await pressButton(http, 'start', expired).expect(200);
    testApp.clock.advanceMinutes(20);
    const live = await startSession(http, { language: 'en' });
    testApp.clock.advanceMinutes(10);

    const list = await adminGet(http, 'sessions');
    const stats = await adminGet(http, 'sessions/stats');

    expect(list.status).toBe(200);
    expect({
      ...list.body,
      items: list.body.items.map((s: { session_id: string }) => s.session_id),
    }).toEqual({
      page: 1,
      limit: 20,
      total: 1,
      items: [live],
    });
    expect(stats.body).toEqual({
      total: 1,
      active: 1,
      completed: 0,
      by_mode: { COLOR: 1 },
      by_step: { WELCOME: 1 },
      by_language: { en: 1 },
    });
  });
});

describe('session expiry before the TTL monitor runs (mongo)', () => {
  let testApp: TestApp;
  let http: Http;

  beforeEach(async () => {
    testApp = await createTestApp({ mongoSession: true, mongoLogs: true });
    http = httpOf(testApp);
  });

  afterEach(async () => {
    await testApp.close();
  });

  /** Copies a live session in QUIZ into a new id whose TTL passed 1 s ago. */
  async function insertExpiredCopy(): Promise<string> {
    const liveId = await startSession(http, { language: 'en' });
    await pressButton(http, 'start', liveId).expect(200);
    const sessions = mongoDbOf(testApp).collection('sessions');
    const live = await sessions.findOne({ session_id: liveId });
    if (!live) throw new Error('The live session was not stored');
    const { _id, ...shape } = live;
    void _id;
    const expiredId = randomUUID();
    await sessions.insertOne({
      ...shape,
      session_id: expiredId,
      expires_at: new Date(testApp.clock.now().getTime() - 1_000),
    });

    return expiredId;
  }

  it('should answer 404 to reads and moves and leave the document as it was', async () => {
    const expiredId = await insertExpiredCopy();
    const sessions = mongoDbOf(testApp).collection('sessions');
    const stored = await sessions.findOne({ session_id: expiredId });

    const answers = await answersOf(everyRoute(http, expiredId));

    expect(answers).toEqual(
      everyRoute(http, expiredId).map(() => [
        404,
        errorBody(404, 'SESSION_NOT_FOUND', expiredId),
      ]),
    );
    expect(await sessions.findOne({ session_id: expiredId })).toEqual(stored);
  });

  it('should leave the document out of the admin list and stats', async () => {
    const expiredId = await insertExpiredCopy();

    const list = await adminGet(http, 'sessions');
    const stats = await adminGet(http, 'sessions/stats');

    expect(list.body.total).toBe(1);
    expect(
      list.body.items.map((s: { session_id: string }) => s.session_id),
    ).not.toContain(expiredId);
    expect(stats.body).toEqual(
      expect.objectContaining({ total: 1, by_step: { QUIZ: 1 } }),
    );
  });
});
