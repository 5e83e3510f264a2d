import { LANGUAGES } from '@/common/language';
import { QuizOption, QuizQuestion } from '@/quiz/quiz.types';

const EDGE_NOISE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

// Longer forms come first: the first alternative that matches is taken.
const ANSWER_PREFIX = new RegExp(
  '^(?:' +
    [
      'my\\s+(?:answer|choice)\\s+is',
      '(?:the\\s+)?(?:option|choice|answer)(?:\\s+is)?',
      '(?:i\\s+)?(?:choose|chose|pick|select|want|go\\s+with)',
      '我(?:要)?(?:選擇|选择|選|选)',
      '選項|选项|選擇|选择|選|选',
      '答案是?|答',
    ].join('|') +
    ')',
  'u',
);

const TOKEN_WITH_LABEL = /^([a-z]|\d+)[\s.)、:-]+(.+)$/u;

/** Folds width, case, curly quotes, spacing and surrounding punctuation. */
export function normalizeAnswerText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(EDGE_NOISE, '');
}

function optionByToken(
  question: QuizQuestion,
  token: string,
): QuizOption | undefined {
  if (/^[a-z]$/.test(token)) {
    return question.options.find((o) => o.id.toLowerCase() === token);
  }
  if (/^\d+$/.test(token)) {
    return question.options[Number(token) - 1];
  }

  return undefined;
}

function optionByLabel(
  question: QuizQuestion,
  text: string,
): QuizOption | undefined {
  return question.options.find((option) =>
    LANGUAGES.some((lang) => normalizeAnswerText(option.label[lang]) === text),
  );
}

/** "B. Cosy" is accepted only when the label belongs to B. */
function optionByTokenAndLabel(
  question: QuizQuestion,
  text: string,
): QuizOption | undefined {
  const match = TOKEN_WITH_LABEL.exec(text);
  if (!match) {
    return undefined;
  }

  const option = optionByToken(question, match[1]);
  const labelled = optionByLabel(question, match[2].replace(EDGE_NOISE, ''));

  return option && option === labelled ? option : undefined;
}

/**
 * Reads a chat reply as one option of `question` and returns its id, or null
 * when the reply names no option. Accepts a letter (A), a 1-based number (1),
 * their full-width forms, short lead-ins ("option B", "我選 C", "選項 2") and
 * an option label in any language.
 */
export function readAnswer(
  question: QuizQuestion,
  text: string,
): string | null {
  const whole = normalizeAnswerText(text);
  const rest = whole.replace(ANSWER_PREFIX, '').replace(EDGE_NOISE, '');
  for (const candidate of new Set([whole, rest])) {
    const option =
      optionByToken(question, candidate) ??
      optionByLabel(question, candidate) ??
      optionByTokenAndLabel(question, candidate);
    if (option) {
      return option.id;
    }
  }

  return null;
}
