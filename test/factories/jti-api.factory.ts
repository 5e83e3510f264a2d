import request from 'supertest';
import { TurnRecorder } from '@/conversation-log/turn-recorder.service';
import { TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';

/** Every route of the service lives under this prefix. */
export const API = '/api/jti';

/** A supertest client bound to one app, reused for every request. */
export type Http = ReturnType<typeof request>;

export type QuizButton = 'start' | 'answer' | 'pause' | 'resume';

/** Requests go to the in-process server; supertest binds it per request. */
export function httpOf(testApp: TestApp): Http {
  return request(testApp.app.getHttpServer());
}

/**
 * Binds the app on 127.0.0.1 and a free port and returns its base URL, for
 * concurrent requests and for tools outside the process.
 */
export async function listenOnLoopback(testApp: TestApp): Promise<string> {
  await testApp.app.listen(0, '127.0.0.1');
  const address = testApp.app.getHttpServer().address();
  if (!address || typeof address === 'string') {
    throw new Error('The test app is not listening on a TCP port');
  }

  return `http://127.0.0.1:${address.port}`;
}

/** Starts a session and returns its id; fails unless the answer is 201. */
export async function startSession(
  http: Http,
  body: Record<string, unknown> = {},
): Promise<string> {
  const response = await http
    .post(`${API}/start_session`)
    .send(body)
    .expect(201);

  return response.body.session_id as string;
}

export function chat(
  http: Http,
  sessionId: string,
  message: string,
  language?: string,
): request.Test {
  return http
    .post(`${API}/chat`)
    .send({ session_id: sessionId, message, ...(language && { language }) });
}

export function pressButton(
  http: Http,
  button: QuizButton,
  sessionId: string,
  optionId?: string,
): request.Test {
  const body =
    optionId === undefined
      ? { session_id: sessionId }
      : { session_id: sessionId, option_id: optionId };

  return http.post(`${API}/quiz/${button}`).send(body);
}

export function getSession(http: Http, sessionId: string): request.Test {
  return http.get(`${API}/session/${sessionId}`);
}

/** A GET on an admin route with the test key; `path` has no leading slash. */
export function adminGet(
  http: Http,
  path: string,
  query: Record<string, string | number> = {},
): request.Test {
  return http
    .get(`${API}/${path}`)
    .query(query)
    .set('X-API-Key', TEST_ADMIN_KEY);
}

/** Plays a whole quiz with the buttons, always option A; returns the body. */
export async function finishQuizByButtons(
  http: Http,
  sessionId: string,
): Promise<request.Response> {
  await pressButton(http, 'start', sessionId).expect(200);
  for (let answered = 1; answered < 5; answered++) {
    await pressButton(http, 'answer', sessionId, 'A').expect(200);
  }

  return pressButton(http, 'answer', sessionId, 'A').expect(200);
}

/**
 * Writes every queued conversation turn, as admin reads do first; needed
 * before reading the JSONL files or the collection directly.
 */
export function flushTurnLog(testApp: TestApp): Promise<void> {
  return testApp.app.get(TurnRecorder).flush();
}
