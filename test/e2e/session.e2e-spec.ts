import { randomUUID } from 'node:crypto';
import { quizMessage } from '@/quiz/quiz-messages';
import { SessionController } from '@/session/session.controller';
import { errorBody } from '@test/factories/error-body.factory';
import {
  API,
  getSession,
  Http,
  httpOf,
  startSession,
} from '@test/factories/jti-api.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const CREATED_AT = '2026-03-01T08:00:00.000Z';
const EXPIRES_AT = '2026-03-01T08:30:00.000Z';
const UUID_V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A session just started at the fake clock's first instant. */
function freshSession(sessionId: string, language: 'zh' | 'en'): object {
  return {
    session_id: sessionId,
    mode: 'COLOR',
    step: 'WELCOME',
    language,
    quiz_id: null,
    current_q_index: 0,
    answers: {},
    selected_questions: [],
    current_question: null,
    paused: false,
    color_scores: null,
    result_id: null,
    result: null,
    quiz_started_at: null,
    quiz_completed_at: null,
    chat_history: [
      {
        role: 'assistant',
        content: quizMessage('welcome', language),
        at: CREATED_AT,
      },
    ],
    metadata: {},
    turn_count: 0,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    expires_at: EXPIRES_AT,
    version: 1,
  };
}

describe.each(MEMORY_AND_MONGO)(
  `${SessionController.name} (%s)`,
  (_, options) => {
    let testApp: TestApp;
    let sut: Http;

    beforeAll(async () => {
      testApp = await createTestApp(options);
    });

    beforeEach(() => {
      testApp.clock.set(new Date(CREATED_AT));
      sut = httpOf(testApp);
    });

    afterAll(async () => {
      await testApp.close();
    });

    describe('POST /start_session', () => {
      it('should create a session in WELCOME and greet in Chinese by default', async () => {
        const response = await sut.post(`${API}/start_session`).send({});

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          session_id: expect.stringMatching(UUID_V4),
          mode: 'COLOR',
          step: 'WELCOME',
          message: quizMessage('welcome', 'zh'),
        });
      });

      it('should greet in the language asked for', async () => {
        const response = await sut
          .post(`${API}/start_session`)
          .send({ language: 'en', mode: 'COLOR' });

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          session_id: expect.stringMatching(UUID_V4),
          mode: 'COLOR',
          step: 'WELCOME',
          message: quizMessage('welcome', 'en'),
        });
        expect(response.body.message).toMatch(/^Welcome!/);
      });

      it('should give every session its own id', async () => {
        const ids: string[] = [];

        for (let i = 0; i < 5; i++) ids.push(await startSession(sut));

        expect(new Set(ids).size).toBe(5);
      });

      it('should echo a safe request id and replace an unsafe one', async () => {
        const safe = await sut
          .post(`${API}/start_session`)
          .set('X-Request-Id', 'trace-42.a_b')
          .send({});
        const unsafe = await sut
          .post(`${API}/start_session`)
          .set('X-Request-Id', 'bad id <script>')
          .send({});

        expect(safe.headers['x-request-id']).toBe('trace-42.a_b');
        expect(unsafe.headers['x-request-id']).toMatch(UUID_V4);
      });
    });

    describe('GET /start_session', () => {
      it('should create a session with the defaults', async () => {
        const response = await sut.get(`${API}/start_session`);

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          session_id: expect.stringMatching(UUID_V4),
          mode: 'COLOR',
          step: 'WELCOME',
          message: quizMessage('welcome', 'zh'),
        });
      });
    });

    describe('GET /session/:session_id', () => {
      it('should return the whole session', async () => {
        const sessionId = await startSession(sut, { language: 'en' });

        const response = await getSession(sut, sessionId);

        expect(response.status).toBe(200);
        expect(response.body).toEqual(freshSession(sessionId, 'en'));
      });

      it('should answer 404 SESSION_NOT_FOUND for an unknown id', async () => {
        const unknown = randomUUID();

        const response = await getSession(sut, unknown);

        expect(response.status).toBe(404);
        expect(response.body).toEqual(
          errorBody(404, 'SESSION_NOT_FOUND', unknown),
        );
      });
    });

    describe('DELETE /session/:session_id', () => {
      it('should delete the session and answer 204 with no body', async () => {
        const sessionId = await startSession(sut);

        const response = await sut.delete(`${API}/session/${sessionId}`);
        const after = await getSession(sut, sessionId);

        expect(response.status).toBe(204);
        expect(response.text).toBe('');
        expect(after.status).toBe(404);
        expect(after.body).toEqual(errorBody(404, 'SESSION_NOT_FOUND'));
      });

      it('should answer 404 SESSION_NOT_FOUND the second time', async () => {
        const sessionId = await startSession(sut);
        await sut.delete(`${API}/session/${sessionId}`).expect(204);

        const response = await sut.delete(`${API}/session/${sessionId}`);

        expect(response.status).toBe(404);
        expect(response.body).toEqual(
          errorBody(404, 'SESSION_NOT_FOUND', sessionId),
        );
      });
    });

    describe('POST /session/:session_id/touch', () => {
      it('should extend the life by a full TTL and change nothing else', async () => {
        const sessionId = await startSession(sut, { language: 'zh' });
        testApp.clock.advanceMinutes(10);

        const response = await sut.post(`${API}/session/${sessionId}/touch`);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          ...freshSession(sessionId, 'zh'),
          updated_at: '2026-03-01T08:10:00.000Z',
          expires_at: '2026-03-01T08:40:00.000Z',
          version: 2,
        });
      });

      it('should answer 404 SESSION_NOT_FOUND for an unknown id', async () => {
        const unknown = randomUUID();

        const response = await sut.post(`${API}/session/${unknown}/touch`);

        expect(response.status).toBe(404);
        expect(response.body).toEqual(
          errorBody(404, 'SESSION_NOT_FOUND', unknown),
        );
      });
    });
  },
);
