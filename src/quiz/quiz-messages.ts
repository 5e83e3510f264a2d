import { Language, LocalizedText } from '@/common/language';
import { QUIZ_LENGTH } from '@/quiz/quiz.constants';
import { QuizOutcome, QuizQuestion } from '@/quiz/quiz.types';

/** Every fixed sentence the quiz flow sends, in every language. */
export const QUIZ_MESSAGES = {
  welcome: {
    zh: `歡迎！這是一個 ${QUIZ_LENGTH} 題的色彩品味小測驗，幫你找出最適合你的顏色與質感。輸入「開始」就能開始作答。`,
    en: `Welcome! This ${QUIZ_LENGTH}-question colour-taste quiz helps you find the colours and finishes that suit you. Type "start" to begin.`,
  },
  started: {
    zh: '好的，我們開始吧！請回覆選項字母（A–E）、數字（1–5）或選項內容。',
    en: "Great, let's begin! Reply with the option's letter (A–E), its number (1–5) or its text.",
  },
  notUnderstood: {
    zh: '抱歉，我沒看懂這個答案。請回覆 A–E 其中一個字母、1–5 的數字，或直接輸入選項內容：',
    en: "Sorry, I couldn't match that to an option. Please reply with a letter from A to E, a number from 1 to 5, or the option's text:",
  },
  paused: {
    zh: '測驗已暫停，你的作答都保留著。想繼續時，輸入「繼續」就可以了。',
    en: 'The quiz is paused and your answers are saved. Type "continue" whenever you are ready.',
  },
  resumed: {
    zh: '歡迎回來！我們從上次的題目接著作答。',
    en: "Welcome back! Let's pick up where you left off.",
  },
  nothingToResume: {
    zh: '目前沒有暫停中的測驗。輸入「開始」就能開始新的測驗。',
    en: 'There is no paused quiz to continue. Type "start" to begin a new one.',
  },
  alreadyCompleted: {
    zh: '你已經完成這次的測驗了。每段對話只能作答一次，結果會維持不變。',
    en: 'You have already completed the quiz. Each conversation can take it only once, so your result stays as it is.',
  },
  refused: {
    zh: '沒問題，測驗完全自由參加。如果改變主意，隨時輸入「開始」就可以了。',
    en: 'No problem, the quiz is entirely optional. If you change your mind, just type "start".',
  },
  help: {
    zh: '使用方式：\n・輸入「開始」開始測驗\n・作答時回覆 A–E、1–5 或選項內容\n・輸入「暫停」暫停測驗\n・輸入「繼續」接著作答',
    en: 'How it works:\n- type "start" to begin the quiz\n- answer with a letter A–E, a number 1–5 or the option\'s text\n- type "pause" to take a break\n- type "continue" to pick up where you left off',
  },
  outcomeHeading: { zh: '你的色彩類型：', en: 'Your colour type: ' },
  colorsHeading: { zh: '推薦顏色：', en: 'Recommended colours:' },
} as const satisfies Record<string, LocalizedText>;

export type QuizMessageKey = keyof typeof QUIZ_MESSAGES;

const QUESTION_HEADINGS: Record<
  Language,
  (n: number, total: number) => string
> = {
  zh: (n, total) => `第 ${n}/${total} 題：`,
  en: (n, total) => `Question ${n}/${total}: `,
};

const COLOR_LINES: Record<Language, (name: string, hex: string) => string> = {
  zh: (name, hex) => `・${name}（${hex}）`,
  en: (name, hex) => `- ${name} (${hex})`,
};

/** One fixed message in one language. */
export function quizMessage(key: QuizMessageKey, language: Language): string {
  return QUIZ_MESSAGES[key][language];
}

/** A question with its options, one per line; `index` is 0-based. */
export function renderQuestion(
  question: QuizQuestion,
  index: number,
  total: number,
  language: Language,
): string {
  const heading = QUESTION_HEADINGS[language](index + 1, total);
  const options = question.options.map(
    (option) => `${option.id}. ${option.label[language]}`,
  );

  return [heading + question.prompt[language], ...options].join('\n');
}

/** The re-ask after an unreadable answer, followed by the question again. */
export function renderNotUnderstood(
  renderedQuestion: string,
  language: Language,
): string {
  return `${QUIZ_MESSAGES.notUnderstood[language]}\n\n${renderedQuestion}`;
}

/** The result with its description and recommended colours. */
export function renderOutcome(outcome: QuizOutcome): string {
  const { language } = outcome;
  const colors = outcome.colors.map((color) =>
    COLOR_LINES[language](color.name, color.hex),
  );

  return [
    QUIZ_MESSAGES.outcomeHeading[language] + outcome.title,
    outcome.description,
    '',
    QUIZ_MESSAGES.colorsHeading[language],
    ...colors,
  ].join('\n');
}
