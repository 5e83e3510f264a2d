import { QuizController } from '@/quiz/quiz.controller';
import { quizMessage } from '@/quiz/quiz-messages';
import { errorBody } from '@test/factories/error-body.factory';
import {
  adminGet,
  finishQuizByButtons,
  getSession,
  Http,
  httpOf,
  pressButton,
  QuizButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

type Setup = QuizButton[];

/** Moves that do not fit the step: what came before, the move, the reason. */
const STEP_CONFLICTS: [string, Setup, QuizButton, string][] = [
  ['answer before the quiz starts', [], 'answer', 'No quiz is in progress'],
  ['pause before the quiz starts', [], 'pause', 'No quiz is in progress'],
  ['resume before the quiz starts', [], 'resume', 'no paused quiz'],
  ['resume a quiz that is not paused', ['start'], 'resume', 'no paused quiz'],
  ['start a quiz in progress', ['start'], 'start', 'already in progress'],
  ['start a paused quiz', ['start', 'pause'], 'start', 'already in progress'],
  ['pause a paused quiz', ['start', 'pause'], 'pause', 'paused'],
  ['answer a paused quiz', ['start', 'pause'], 'answer', 'paused'],
];

const BAD_OPTIONS: [string, unknown, string][] = [
  ['a letter past the last option', 'F', 'option_id must be one of'],
  ['a letter that is no option', 'Z', 'option_id must be one of'],
  ['two letters', 'AB', 'option_id must be one of'],
  ['an empty string', '', 'option_id'],
  ['a number', 1, 'option_id'],
  ['nine characters', 'ABCDEFGHI', 'option_id'],
  ['null', null, 'option_id'],
];

describe.each(MEMORY_AND_MONGO)(`${QuizController.name} (%s)`, (_, options) => {
  let testApp: TestApp;
  let sut: Http;

  beforeAll(async () => {
    testApp = await createTestApp(options);
    sut = httpOf(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A button as the app sends it: only answer carries an option. */
  function press(button: QuizButton, sessionId: string) {
    const option = button === 'answer' ? 'A' : undefined;

    return pressButton(sut, button, sessionId, option);
  }

  describe('POST /quiz/start', () => {
    it('should start the quiz and ask the first question', async () => {
      const sessionId = await startSession(sut, { language: 'en' });

      const response = await pressButton(sut, 'start', sessionId);

      const session = response.body.session;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: expect.stringContaining(
          `${quizMessage('started', 'en')}\n\nQuestion 1/5: `,
        ),
        session: expect.objectContaining({
          session_id: sessionId,
          step: 'QUIZ',
          current_q_index: 0,
          current_question: session.selected_questions[0],
          paused: false,
          turn_count: 1,
          version: 2,
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
      expect(session.selected_questions).toHaveLength(5);
    });
  });

  describe('POST /quiz/answer', () => {
    it('should record the answer and ask the next question', async () => {
      const sessionId = await startSession(sut, { language: 'zh' });
      const started = await pressButton(sut, 'start', sessionId).expect(200);
      const [first, second] = started.body.session.selected_questions;

      const response = await pressButton(sut, 'answer', sessionId, ' b ');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        message: expect.stringMatching(/^第 2\/5 題：/),
        session: expect.objectContaining({
          step: 'QUIZ',
          answers: { [first]: 'B' },
          current_q_index: 1,
          current_question: second,
          turn_count: 2,
        }),
        tool_calls: [
          {
            tool: 'record_answer',
            args: { session_id: sessionId },
            result: { success: true, question_id: first, option_id: 'B' },
          },
        ],
      });
    });

    it('should finish the quiz on the fifth answer', async () => {
      const sessionId = await startSession(sut, { language: 'en' });

      const response = await finishQuizByButtons(sut, sessionId);

      const session = response.body.session;
      expect(response.body).toEqual({
        message: expect.stringMatching(/^Your colour type: /),
        session: expect.objectContaining({
          step: 'DONE',
          current_q_index: 5,
          current_question: null,
          result_id: session.result.result_id,
          color_scores: session.result.scores,
          turn_count: 6,
          version: 7,
        }),
        tool_calls: [
          expect.objectContaining({ tool: 'record_answer' }),
          {
            tool: 'score_quiz',
            args: { session_id: sessionId },
            result: {
              success: true,
              step: 'SCORING',
              result_id: session.result.result_id,
              scores: session.result.scores,
            },
          },
        ],
      });
      expect(Object.values(session.answers)).toEqual(['A', 'A', 'A', 'A', 'A']);
    });

    it.each(BAD_OPTIONS)(
      'should refuse %s with 400 naming option_id',
      async (_case, optionId, message) => {
        const sessionId = await startSession(sut);
        await pressButton(sut, 'start', sessionId).expect(200);

        const response = await sut
          .post('/api/jti/quiz/answer')
          .send({ session_id: sessionId, option_id: optionId });
        const after = await getSession(sut, sessionId);

        expect(response.status).toBe(400);
        expect(response.body).toEqual(
          errorBody(400, 'VALIDATION_FAILED', message),
        );
        expect(after.body).toEqual(
          expect.objectContaining({
            current_q_index: 0,
            answers: {},
            version: 2,
            turn_count: 1,
          }),
        );
      },
    );
  });

  describe('POST /quiz/pause and /quiz/resume', () => {
    it('should pause and resume on the same question', async () => {
      const sessionId = await startSession(sut, { language: 'en' });
      await pressButton(sut, 'start', sessionId).expect(200);
      const answered = await pressButton(sut, 'answer', sessionId, 'C');

      const paused = await pressButton(sut, 'pause', sessionId);
      const resumed = await pressButton(sut, 'resume', sessionId);

      expect(paused.status).toBe(200);
      expect(paused.body).toEqual({
        message: quizMessage('paused', 'en'),
        session: expect.objectContaining({
          paused: true,
          current_q_index: 1,
          answers: answered.body.session.answers,
        }),
        tool_calls: [
          {
            tool: 'pause_quiz',
            args: { session_id: sessionId },
            result: { success: true },
          },
        ],
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body).toEqual({
        message: `${quizMessage('resumed', 'en')}\n\n${answered.body.message}`,
        session: expect.objectContaining({
          paused: false,
          current_q_index: 1,
          answers: answered.body.session.answers,
        }),
        tool_calls: [
          {
            tool: 'resume_quiz',
            args: { session_id: sessionId },
            result: { success: true },
          },
        ],
      });
    });
  });

  describe('moves that do not fit the step', () => {
    it.each(STEP_CONFLICTS)(
      'should answer 409 QUIZ_STEP_CONFLICT to: %s',
      async (_case, setup, button, reason) => {
        const sessionId = await startSession(sut);
        for (const move of setup) {
          await pressButton(sut, move, sessionId).expect(200);
        }
        const before = await getSession(sut, sessionId);

        const response = await press(button, sessionId);
        const after = await getSession(sut, sessionId);

        expect(response.status).toBe(409);
        expect(response.body).toEqual(
          errorBody(409, 'QUIZ_STEP_CONFLICT', new RegExp(reason, 'i')),
        );
        expect(after.body).toEqual(before.body);
      },
    );

    it.each<QuizButton>(['start', 'answer', 'pause', 'resume'])(
      'should answer 409 QUIZ_ALREADY_COMPLETED to %s once done',
      async (button) => {
        const sessionId = await startSession(sut);
        await finishQuizByButtons(sut, sessionId);
        const before = await getSession(sut, sessionId);

        const response = await press(button, sessionId);
        const after = await getSession(sut, sessionId);

        expect(response.status).toBe(409);
        expect(response.body).toEqual(
          errorBody(409, 'QUIZ_ALREADY_COMPLETED', 'start a new session'),
        );
        expect(after.body).toEqual(before.body);
      },
    );
  });

  describe('conversation log', () => {
    it('should log each button as one turn with a bracketed message', async () => {
      const sessionId = await startSession(sut);
      await pressButton(sut, 'start', sessionId).expect(200);
      await pressButton(sut, 'answer', sessionId, 'd').expect(200);
      await pressButton(sut, 'pause', sessionId).expect(200);
      await pressButton(sut, 'answer', sessionId, 'A').expect(409);
      await pressButton(sut, 'resume', sessionId).expect(200);

      const response = await adminGet(sut, 'conversations', {
        session_id: sessionId,
      });

      expect(response.status).toBe(200);
      expect(
        response.body.items.map(
          (turn: { turn_number: number; user_message: string }) => [
            turn.turn_number,
            turn.user_message,
          ],
        ),
      ).toEqual([
        [1, '[start_quiz]'],
        [2, '[answer D]'],
        [3, '[pause_quiz]'],
        [4, '[resume_quiz]'],
      ]);
      expect(response.body.total).toBe(4);
    });
  });
});
