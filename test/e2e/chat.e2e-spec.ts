import { randomUUID } from 'node:crypto';
import { ChatController } from '@/chat/chat.controller';
import { Language } from '@/common/language';
import { renderOutcome, quizMessage } from '@/quiz/quiz-messages';
import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import { errorBody } from '@test/factories/error-body.factory';
import {
  chat,
  finishQuizByButtons,
  Http,
  httpOf,
  startSession,
} from '@test/factories/jti-api.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const REFUSALS: [Language, string][] = [
  ['zh', '不要'],
  ['zh', '不想玩'],
  ['zh', '算了，下次吧'],
  ['en', 'no'],
  ['en', "don't start"],
  ['en', 'Not now, thanks'],
  ['en', 'No, I do not want to begin'],
];

function categoryOf(questionId: string): string | undefined {
  return QUIZ_QUESTIONS.find((q) => q.id === questionId)?.category;
}

describe.each(MEMORY_AND_MONGO)(`${ChatController.name} (%s)`, (_, options) => {
  let testApp: TestApp;
  let sut: Http;

  beforeAll(async () => {
    testApp = await createTestApp(options);
    sut = httpOf(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('POST /chat', () => {
    it('should answer small talk in WELCOME with the greeting', async () => {
      const sessionId = await startSession(sut, { language: 'en' });

      const response = await chat(sut, sessionId, 'hello there');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: quizMessage('welcome', 'en'),
        session: expect.objectContaining({
          session_id: sessionId,
          step: 'WELCOME',
          quiz_id: null,
          turn_count: 1,
          version: 2,
          chat_history: [
            expect.objectContaining({ role: 'assistant' }),
            {
              role: 'user',
              content: 'hello there',
              at: expect.any(String),
            },
            {
              role: 'assistant',
              content: quizMessage('welcome', 'en'),
              at: expect.any(String),
            },
          ],
        }),
        tool_calls: [],
      });
    });

    it('should start the quiz on a start word and draw five questions', async () => {
      const sessionId = await startSession(sut, { language: 'zh' });

      const response = await chat(sut, sessionId, '好啊，開始測驗');

      const session = response.body.session;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: expect.stringContaining('第 1/5 題：'),
        session: expect.objectContaining({
          step: 'QUIZ',
          quiz_id: expect.any(String),
          current_q_index: 0,
          current_question: session.selected_questions[0],
          paused: false,
          answers: {},
        }),
        tool_calls: [
          {
            tool: 'start_quiz',
            args: { session_id: sessionId },
            result: {
              success: true,
              quiz_id: session.quiz_id,
              questions: session.selected_questions,
            },
          },
        ],
      });
      expect(categoryOf(session.selected_questions[0])).toBe('personality');
      expect(new Set(session.selected_questions.map(categoryOf)).size).toBe(5);
    });

    it.each(REFUSALS)(
      'should not start the quiz on the %s refusal %j',
      async (language, refusal) => {
        const sessionId = await startSession(sut, { language });

        const response = await chat(sut, sessionId, refusal);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          message: quizMessage('refused', language),
          session: expect.objectContaining({
            step: 'WELCOME',
            quiz_id: null,
            selected_questions: [],
            current_question: null,
            turn_count: 1,
          }),
          tool_calls: [],
        });
      },
    );

    it('should still start the quiz after a refusal', async () => {
      const sessionId = await startSession(sut, { language: 'en' });
      await chat(sut, sessionId, 'no').expect(200);

      const response = await chat(sut, sessionId, 'start');

      expect(response.status).toBe(200);
      expect(response.body.session).toEqual(
        expect.objectContaining({ step: 'QUIZ', turn_count: 2 }),
      );
    });

    it('should switch the language before replying', async () => {
      const sessionId = await startSession(sut, { language: 'zh' });

      const response = await chat(sut, sessionId, 'start', 'en');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: expect.stringContaining('Question 1/5: '),
        session: expect.objectContaining({ language: 'en', step: 'QUIZ' }),
        tool_calls: [expect.objectContaining({ tool: 'start_quiz' })],
      });
    });

    it('should show the result again to a done session', async () => {
      const sessionId = await startSession(sut, { language: 'en' });
      const done = await finishQuizByButtons(sut, sessionId);

      const response = await chat(sut, sessionId, 'what was my colour?');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: renderOutcome(done.body.session.result),
        session: expect.objectContaining({
          step: 'DONE',
          result: done.body.session.result,
          turn_count: 7,
        }),
        tool_calls: [],
      });
    });

    it('should keep only the last ten messages of the history', async () => {
      const sessionId = await startSession(sut, { language: 'en' });
      for (let n = 1; n <= 5; n++) {
        await chat(sut, sessionId, `small talk ${n}`).expect(200);
      }

      const response = await chat(sut, sessionId, 'small talk 6');

      const history = response.body.session.chat_history;
      expect(history).toHaveLength(10);
      expect(
        history.filter((m: { role: string }) => m.role === 'user'),
      ).toEqual(
        [2, 3, 4, 5, 6].map((n) =>
          expect.objectContaining({ content: `small talk ${n}` }),
        ),
      );
      expect(response.body.session.turn_count).toBe(6);
    });

    it('should refuse a message longer than the limit, naming it', async () => {
      const sessionId = await startSession(sut);

      const response = await chat(sut, sessionId, 'x'.repeat(20_001));

      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        errorBody(400, 'VALIDATION_FAILED', 'message must be at most 20000'),
      );
    });

    it('should accept a message of exactly the limit', async () => {
      const sessionId = await startSession(sut);

      const response = await chat(sut, sessionId, 'x'.repeat(20_000));

      expect(response.status).toBe(200);
      expect(response.body.session.turn_count).toBe(1);
    });

    it('should answer 404 SESSION_NOT_FOUND for an unknown session', async () => {
      const unknown = randomUUID();

      const response = await chat(sut, unknown, 'start');

      expect(response.status).toBe(404);
      expect(response.body).toEqual(
        errorBody(404, 'SESSION_NOT_FOUND', unknown),
      );
    });
  });
});
