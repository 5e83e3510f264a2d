import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Language } from '@/common/language';
import { quizMessage } from '@/quiz/quiz-messages';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { ColorDimension, QuizOutcome } from '@/quiz/quiz.types';
import {
  answerStep,
  ChatStep,
  playChat,
  PlayedTurn,
  SessionJson,
} from '@test/factories/chat-script.factory';
import { errorBody } from '@test/factories/error-body.factory';
import {
  adminGet,
  chat,
  flushTurnLog,
  getSession,
  Http,
  httpOf,
  pressButton,
  startSession,
} from '@test/factories/jti-api.factory';
import { mongoDbOf } from '@test/factories/mongo-db.factory';
import { AnswerForm, pointsFor } from '@test/factories/quiz-answer.factory';
import { STORE_COMBOS } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

interface LanguageCase {
  language: Language;
  start: string;
  pause: string;
  resume: string;
  unreadable: string;
  heading: (n: number) => string;
  /** Every answer picks this dimension, so the result is known. */
  dimension: ColorDimension;
  forms: AnswerForm[];
  result: Omit<QuizOutcome, 'scores' | 'language' | 'description'> & {
    descriptionPart: string;
    heading: string;
  };
}

const LANGUAGE_CASES: [string, LanguageCase][] = [
  [
    'zh',
    {
      language: 'zh',
      start: '開始',
      pause: '暫停',
      resume: '繼續',
      unreadable: '我不確定耶',
      heading: (n) => `第 ${n}/5 題：`,
      dimension: 'warm',
      forms: ['letter', 'digit', 'full-width letter', 'option text', 'lead-in'],
      result: {
        result_id: 'result-warm',
        dimension: 'warm',
        title: '溫暖大地派',
        descriptionPart: '大地色',
        heading: '你的色彩類型：溫暖大地派',
        colors: [
          { name: '奶油白', hex: '#F3E5C8' },
          { name: '駝色', hex: '#C19A6B' },
          { name: '陶土紅', hex: '#C4623F' },
          { name: '琥珀', hex: '#D99A3E' },
        ],
      },
    },
  ],
  [
    'en',
    {
      language: 'en',
      start: "OK, let's go!",
      pause: 'pause',
      resume: 'continue',
      unreadable: 'maybe purple?',
      heading: (n) => `Question ${n}/5: `,
      dimension: 'cool',
      forms: [
        'lower-case letter',
        'full-width digit',
        'option text',
        'full-width letter',
        'lead-in',
      ],
      result: {
        result_id: 'result-cool',
        dimension: 'cool',
        title: 'Cool and Fresh',
        descriptionPart: 'Blues, greens and greys',
        heading: 'Your colour type: Cool and Fresh',
        colors: [
          { name: 'Glacier Blue', hex: '#A5D8E6' },
          { name: 'Sage Green', hex: '#9CAF88' },
          { name: 'Mist Grey', hex: '#B8BCC2' },
          { name: 'Mint', hex: '#98D8C8' },
        ],
      },
    },
  ],
];

function answers(lang: LanguageCase, forms = lang.forms): ChatStep[] {
  return forms.map((form) => answerStep(form, lang.dimension, lang.language));
}

/**
 * Start, two answers, a pause with an answer sent while paused, a resume,
 * an unreadable reply, the last three answers, and a second start.
 */
function longScript(lang: LanguageCase): ChatStep[] {
  const [first, second, ...rest] = answers(lang);

  return [
    lang.start,
    first,
    second,
    lang.pause,
    answerStep('digit', lang.dimension, lang.language),
    lang.resume,
    lang.unreadable,
    ...rest,
    lang.start,
  ];
}

function expectedOutcome(
  lang: LanguageCase,
  questionIds: string[],
): QuizOutcome {
  const { descriptionPart, heading, ...result } = lang.result;
  void heading;

  return {
    ...result,
    description: expect.stringContaining(descriptionPart),
    scores: {
      metal: 0,
      cool: 0,
      warm: 0,
      dark: 0,
      colorful: 0,
      [lang.dimension]: pointsFor(questionIds, lang.dimension),
    },
    language: lang.language,
  };
}

function startingWith(text: string): string {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  return expect.stringMatching(new RegExp(`^${escaped}`));
}

/** Step, question index and number of answers after each turn. */
function progressOf(turns: PlayedTurn[]): [string, number, number][] {
  return turns.map(({ body: { session } }) => [
    session.step,
    session.current_q_index,
    Object.keys(session.answers).length,
  ]);
}

/** The log record a played turn must have left, as the API returns it. */
function expectedTurn(turn: PlayedTurn, turnNumber: number): object {
  const session = turn.body.session;

  return {
    session_id: session.session_id,
    mode: 'COLOR',
    language: session.language,
    turn_number: turnNumber,
    timestamp: turn.at.toISOString(),
    user_message: turn.sent,
    agent_response: turn.body.message,
    tool_calls: turn.body.tool_calls,
    session_snapshot: {
      step: session.step,
      version: session.version,
      current_q_index: session.current_q_index,
      answers_count: Object.keys(session.answers).length,
      current_question_id: session.current_question,
      color_result_id: session.result_id,
      paused: session.paused,
    },
    error: null,
  };
}

async function playLongScript(
  http: Http,
  testApp: TestApp,
  lang: LanguageCase,
): Promise<{ sessionId: string; turns: PlayedTurn[] }> {
  const sessionId = await startSession(http, { language: lang.language });
  const turns = await playChat(
    http,
    testApp.clock,
    sessionId,
    longScript(lang),
  );

  return { sessionId, turns };
}

describe.each(STORE_COMBOS)('quiz played by chat (%s)', (_name, options) => {
  let testApp: TestApp;
  let http: Http;

  beforeEach(async () => {
    testApp = await createTestApp(options);
    http = httpOf(testApp);
  });

  afterEach(async () => {
    await testApp.close();
  });

  describe.each(LANGUAGE_CASES)('in %s', (_language, lang) => {
    it('should play a whole quiz to a result with every answer form', async () => {
      const sessionId = await startSession(http, { language: lang.language });

      const turns = await playChat(http, testApp.clock, sessionId, [
        lang.start,
        ...answers(lang),
      ]);

      const done = turns[5].body;
      const questions = done.session.selected_questions;
      expect(progressOf(turns)).toEqual([
        ['QUIZ', 0, 0],
        ['QUIZ', 1, 1],
        ['QUIZ', 2, 2],
        ['QUIZ', 3, 3],
        ['QUIZ', 4, 4],
        ['DONE', 5, 5],
      ]);
      expect(turns[0].body.message).toEqual(
        expect.stringContaining(
          `${quizMessage('started', lang.language)}\n\n${lang.heading(1)}`,
        ),
      );
      expect(done).toEqual({
        message: expect.stringContaining(lang.result.heading),
        session: expect.objectContaining({
          session_id: sessionId,
          step: 'DONE',
          language: lang.language,
          current_question: null,
          paused: false,
          result_id: lang.result.result_id,
          result: expectedOutcome(lang, questions),
          color_scores: expectedOutcome(lang, questions).scores,
          quiz_started_at: turns[0].at.toISOString(),
          quiz_completed_at: turns[5].at.toISOString(),
          turn_count: 6,
          version: 7,
        }),
        tool_calls: [
          {
            tool: 'record_answer',
            args: { session_id: sessionId },
            result: {
              success: true,
              question_id: questions[4],
              option_id: expect.stringMatching(/^[A-E]$/),
            },
          },
          {
            tool: 'score_quiz',
            args: { session_id: sessionId },
            result: {
              success: true,
              step: 'SCORING',
              result_id: lang.result.result_id,
              scores: expectedOutcome(lang, questions).scores,
            },
          },
        ],
      });
    });

    it('should keep progress through a pause and a resume', async () => {
      const sessionId = await startSession(http, { language: lang.language });
      const [first, second, ...rest] = answers(lang);

      const turns = await playChat(http, testApp.clock, sessionId, [
        lang.start,
        first,
        second,
        lang.pause,
        answerStep('digit', lang.dimension, lang.language),
        lang.resume,
        ...rest,
      ]);

      const [, , beforePause, paused, whilePaused, resumed] = turns;
      expect(paused.body.message).toBe(quizMessage('paused', lang.language));
      expect(whilePaused.body.message).toBe(
        quizMessage('paused', lang.language),
      );
      expect(resumed.body.message).toEqual(
        startingWith(
          `${quizMessage('resumed', lang.language)}\n\n${lang.heading(3)}`,
        ),
      );
      expect(
        [paused, whilePaused, resumed].map(({ body: { session } }) => ({
          paused: session.paused,
          index: session.current_q_index,
          question: session.current_question,
          answers: session.answers,
        })),
      ).toEqual([
        {
          paused: true,
          index: 2,
          question: beforePause.body.session.current_question,
          answers: beforePause.body.session.answers,
        },
        {
          paused: true,
          index: 2,
          question: beforePause.body.session.current_question,
          answers: beforePause.body.session.answers,
        },
        {
          paused: false,
          index: 2,
          question: beforePause.body.session.current_question,
          answers: beforePause.body.session.answers,
        },
      ]);
      expect(progressOf(turns.slice(-3))).toEqual([
        ['QUIZ', 3, 3],
        ['QUIZ', 4, 4],
        ['DONE', 5, 5],
      ]);
    });

    it('should ask the same question again after an unreadable answer', async () => {
      const sessionId = await startSession(http, { language: lang.language });
      const [first, second] = answers(lang);

      const turns = await playChat(http, testApp.clock, sessionId, [
        lang.start,
        first,
        lang.unreadable,
        second,
      ]);

      const [, answered, unreadable, next] = turns;
      expect(unreadable.body).toEqual({
        message: startingWith(
          `${quizMessage('notUnderstood', lang.language)}\n\n${lang.heading(2)}`,
        ),
        session: expect.objectContaining({
          step: 'QUIZ',
          current_q_index: 1,
          current_question: answered.body.session.current_question,
          answers: answered.body.session.answers,
        }),
        tool_calls: [],
      });
      expect(unreadable.body.message).toEqual(
        expect.stringContaining(answered.body.message),
      );
      expect(progressOf([next])).toEqual([['QUIZ', 2, 2]]);
    });

    it('should refuse a second quiz once the first is done', async () => {
      const sessionId = await startSession(http, { language: lang.language });
      const turns = await playChat(http, testApp.clock, sessionId, [
        lang.start,
        ...answers(lang),
      ]);
      const done = turns[5].body.session;

      const byChat = await chat(http, sessionId, lang.start);
      const byButton = await pressButton(http, 'start', sessionId);
      const after = await getSession(http, sessionId);

      expect(byChat.status).toBe(200);
      expect(byChat.body).toEqual({
        message: quizMessage('alreadyCompleted', lang.language),
        session: expect.objectContaining({
          step: 'DONE',
          quiz_id: done.quiz_id,
          answers: done.answers,
          result: done.result,
        }),
        tool_calls: [],
      });
      expect(byChat.body.message).toMatch(/already completed|已經完成/);
      expect(byButton.status).toBe(409);
      expect(byButton.body).toEqual(
        errorBody(409, 'QUIZ_ALREADY_COMPLETED', 'already completed'),
      );
      expect(after.body).toEqual(
        expect.objectContaining({
          step: 'DONE',
          quiz_id: done.quiz_id,
          selected_questions: done.selected_questions,
          answers: done.answers,
          result: done.result,
        }),
      );
    });

    it('should log every turn in order, read back and exported', async () => {
      const { sessionId, turns } = await playLongScript(http, testApp, lang);

      const page = await adminGet(http, 'conversations', {
        session_id: sessionId,
        limit: 100,
      });
      const exported = await adminGet(http, 'conversations/export', {
        session_id: sessionId,
      });

      expect(page.status).toBe(200);
      expect(page.body).toEqual({
        page: 1,
        limit: 100,
        total: turns.length,
        items: turns.map((turn, index) => expectedTurn(turn, index + 1)),
      });
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toMatch(
        /^application\/x-ndjson/,
      );
      expect(exported.text.endsWith('\n')).toBe(true);
      expect(
        exported.text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(page.body.items);
    });

    it('should save one quiz result with its answers and duration', async () => {
      const sessionId = await startSession(http, { language: lang.language });
      const turns = await playChat(http, testApp.clock, sessionId, [
        lang.start,
        ...answers(lang),
      ]);
      const done: SessionJson = turns[5].body.session;

      const records = await testApp.app
        .get(QuizResultStore)
        .findBySession(sessionId);

      expect(records).toEqual([
        {
          session_id: sessionId,
          quiz_id: done.quiz_id,
          language: lang.language,
          started_at: turns[0].at,
          completed_at: turns[5].at,
          duration_seconds: 5 * 60,
          answers: done.answers,
          result: expectedOutcome(lang, done.selected_questions),
        },
      ]);
      expect(Object.keys(records[0].answers)).toEqual(done.selected_questions);
    });
  });
});

describe.each(STORE_COMBOS.filter(([, options]) => !options.mongoLogs))(
  'JSONL conversation log (%s)',
  (_name, options) => {
    let testApp: TestApp;
    let http: Http;

    beforeEach(async () => {
      testApp = await createTestApp(options);
      http = httpOf(testApp);
    });

    afterEach(async () => {
      await testApp.close();
    });

    it.each(LANGUAGE_CASES)(
      'should write one whole JSON line per turn in %s',
      async (_language, lang) => {
        const { sessionId, turns } = await playLongScript(http, testApp, lang);
        const directory = testApp.env.CONVERSATION_LOG_DIR as string;
        await flushTurnLog(testApp);

        const files = await readdir(directory);
        const text = await readFile(join(directory, files[0]), 'utf8');

        expect(files).toEqual([`20260301_080100_${sessionId}.jsonl`]);
        expect(files[0]).toMatch(/^\d{8}_\d{6}_[0-9a-f-]{36}\.jsonl$/);
        expect(text.endsWith('\n')).toBe(true);
        expect(
          text
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line)),
        ).toEqual(turns.map((turn, index) => expectedTurn(turn, index + 1)));
      },
    );
  },
);

/** Time fields per collection; the TTL index only sees BSON dates. */
const TIME_FIELDS: Record<string, string[]> = {
  sessions: [
    'created_at',
    'updated_at',
    'expires_at',
    'quiz_started_at',
    'quiz_completed_at',
    'chat_history.at',
  ],
  conversations: ['timestamp'],
  quizzes: ['started_at', 'completed_at'],
};

describe.each(STORE_COMBOS.filter(([, o]) => o.mongoSession || o.mongoLogs))(
  'MongoDB documents of a played quiz (%s)',
  (_name, options) => {
    let testApp: TestApp;
    let http: Http;

    beforeEach(async () => {
      testApp = await createTestApp(options);
      http = httpOf(testApp);
    });

    afterEach(async () => {
      await testApp.close();
    });

    it('should keep sessions, turns and results in their collections', async () => {
      const { sessionId, turns } = await playLongScript(
        http,
        testApp,
        LANGUAGE_CASES[0][1],
      );
      await flushTurnLog(testApp);
      const db = mongoDbOf(testApp);

      const counts = {
        sessions: await db.collection('sessions').countDocuments(),
        conversations: await db.collection('conversations').countDocuments({
          session_id: sessionId,
        }),
        quizzes: await db.collection('quizzes').countDocuments({
          session_id: sessionId,
        }),
      };

      expect(counts).toEqual({
        sessions: options.mongoSession ? 1 : 0,
        conversations: options.mongoLogs ? turns.length : 0,
        quizzes: options.mongoSession ? 1 : 0,
      });
    });

    it('should store every time field as a BSON date', async () => {
      const { sessionId } = await playLongScript(
        http,
        testApp,
        LANGUAGE_CASES[1][1],
      );
      await http.post(`/api/jti/session/${sessionId}/touch`).expect(200);
      await flushTurnLog(testApp);
      const db = mongoDbOf(testApp);

      const report: Record<string, { total: number; dated: number }> = {};
      const notDates: Record<string, number> = {};
      for (const [name, fields] of Object.entries(TIME_FIELDS)) {
        const collection = db.collection(name);
        notDates[name] = await collection.countDocuments({
          $or: fields.map((field) => ({
            [field]: { $not: { $type: 'date' } },
          })),
        });
        report[name] = {
          total: await collection.countDocuments(),
          dated: await collection.countDocuments({
            $and: fields.map((field) => ({ [field]: { $type: 'date' } })),
          }),
        };
      }
      const histories = await db
        .collection('sessions')
        .find({}, { projection: { chat_history: 1 } })
        .toArray();

      const sessions = options.mongoSession ? 1 : 0;
      const turns = options.mongoLogs ? 11 : 0;
      expect(notDates).toEqual({ sessions: 0, conversations: 0, quizzes: 0 });
      expect(report).toEqual({
        sessions: { total: sessions, dated: sessions },
        conversations: { total: turns, dated: turns },
        quizzes: { total: sessions, dated: sessions },
      });
      expect(
        histories
          .flatMap((doc) => doc.chat_history as { at: unknown }[])
          .map((message) => message.at instanceof Date),
      ).toEqual(Array(sessions * 10).fill(true));
    });
  },
);
