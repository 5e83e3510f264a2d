import { LANGUAGES } from '@/common/language';
import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import {
  QUIZ_MESSAGES,
  QuizMessageKey,
  quizMessage,
  renderNotUnderstood,
  renderOutcome,
  renderQuestion,
} from '@/quiz/quiz-messages';
import { QuizOutcome } from '@/quiz/quiz.types';

const question = QUIZ_QUESTIONS[0];
const keys = Object.keys(QUIZ_MESSAGES) as QuizMessageKey[];

const outcome: QuizOutcome = {
  result_id: 'result-cool',
  dimension: 'cool',
  title: 'Cool and Fresh',
  description: 'Calm and crisp.',
  colors: [
    { name: 'Mint', hex: '#98D8C8' },
    { name: 'Mist Grey', hex: '#B8BCC2' },
  ],
  scores: { metal: 1, cool: 9, warm: 2, dark: 0, colorful: 3 },
  language: 'en',
};

describe('QUIZ_MESSAGES', () => {
  const sut = QUIZ_MESSAGES;

  it('should hold every message of the flow', () => {
    const expected = [
      'welcome',
      'started',
      'notUnderstood',
      'paused',
      'resumed',
      'nothingToResume',
      'alreadyCompleted',
      'refused',
      'help',
    ];

    expect(Object.keys(sut)).toEqual(expect.arrayContaining(expected));
  });

  it.each(keys)('should write %s in both languages', (key) => {
    const texts = LANGUAGES.map((lang) => sut[key][lang].trim());

    expect(texts.every((text) => text.length > 0)).toBe(true);
  });

  it('should tell how to start in the welcome', () => {
    const { zh, en } = sut.welcome;

    expect(zh).toContain('開始');
    expect(en).toContain('start');
  });
});

describe(quizMessage.name, () => {
  const sut = quizMessage;

  it.each(LANGUAGES)('should return the %s text of a key', (lang) => {
    const text = sut('paused', lang);

    expect(text).toBe(QUIZ_MESSAGES.paused[lang]);
  });
});

describe(renderQuestion.name, () => {
  const sut = renderQuestion;

  it('should number the question 1-based and list the options', () => {
    const text = sut(question, 1, 5, 'en');

    expect(text).toBe(
      [
        `Question 2/5: ${question.prompt.en}`,
        ...question.options.map((o) => `${o.id}. ${o.label.en}`),
      ].join('\n'),
    );
  });

  it('should render in Chinese', () => {
    const text = sut(question, 0, 5, 'zh');

    expect(text.split('\n')).toEqual([
      `第 1/5 題：${question.prompt.zh}`,
      ...question.options.map((o) => `${o.id}. ${o.label.zh}`),
    ]);
  });
});

describe(renderNotUnderstood.name, () => {
  const sut = renderNotUnderstood;

  it.each(LANGUAGES)('should re-ask with the question in %s', (lang) => {
    const rendered = renderQuestion(question, 2, 5, lang);

    const text = sut(rendered, lang);

    expect(text).toBe(`${QUIZ_MESSAGES.notUnderstood[lang]}\n\n${rendered}`);
  });
});

describe(renderOutcome.name, () => {
  const sut = renderOutcome;

  it('should show the title, description and colours in English', () => {
    const text = sut(outcome);

    expect(text).toBe(
      [
        'Your colour type: Cool and Fresh',
        'Calm and crisp.',
        '',
        'Recommended colours:',
        '- Mint (#98D8C8)',
        '- Mist Grey (#B8BCC2)',
      ].join('\n'),
    );
  });

  it('should follow the outcome language', () => {
    const zh: QuizOutcome = {
      ...outcome,
      title: '清新冷調派',
      description: '冷靜清爽。',
      colors: [{ name: '薄荷綠', hex: '#98D8C8' }],
      language: 'zh',
    };

    const text = sut(zh);

    expect(text).toBe(
      '你的色彩類型：清新冷調派\n冷靜清爽。\n\n推薦顏色：\n・薄荷綠（#98D8C8）',
    );
  });
});
