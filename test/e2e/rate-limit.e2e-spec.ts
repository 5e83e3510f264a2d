import { errorBody } from '@test/factories/error-body.factory';
import {
  API,
  chat,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

describe('rate limits', () => {
  let testApp: TestApp;

  afterEach(async () => {
    await testApp.close();
  });

  it('should count every session-creating route against one sessions limit', async () => {
    testApp = await createTestApp({
      env: { RATE_LIMIT_SESSIONS_PER_MINUTE: '3' },
    });
    const http = httpOf(testApp);

    const allowed = [
      (await http.post(`${API}/start_session`).send({})).status,
      (await http.get(`${API}/start_session`)).status,
      (await http.post(`${API}/start_session`).send({})).status,
    ];
    const refused = await http.get(`${API}/start_session`);

    expect(allowed).toEqual([201, 201, 201]);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(
      errorBody(429, 'TOO_MANY_REQUESTS', 'sessions limit of 3 per minute'),
    );
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('should count chat and every quiz button against one chat limit, apart from sessions', async () => {
    testApp = await createTestApp({
      env: {
        RATE_LIMIT_CHAT_PER_MINUTE: '3',
        RATE_LIMIT_SESSIONS_PER_MINUTE: '3',
      },
    });
    const http = httpOf(testApp);
    const sessionId = await startSession(http, { language: 'en' });

    const allowed = [
      (await chat(http, sessionId, 'hello')).status,
      (await pressButton(http, 'start', sessionId)).status,
      (await pressButton(http, 'pause', sessionId)).status,
    ];
    const refused = await pressButton(http, 'resume', sessionId);
    const anotherSession = await http.post(`${API}/start_session`).send({});

    expect(allowed).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(
      errorBody(429, 'TOO_MANY_REQUESTS', 'chat limit of 3 per minute'),
    );
    expect(anotherSession.status).toBe(201);
  });
});
