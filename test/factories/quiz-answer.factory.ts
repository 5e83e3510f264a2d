import { Language } from '@/common/language';
import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import { ColorDimension, QuizQuestion } from '@/quiz/quiz.types';

/** The ways a user may type an answer in the chat. */
export type AnswerForm =
  | 'letter'
  | 'lower-case letter'
  | 'digit'
  | 'full-width letter'
  | 'full-width digit'
  | 'option text'
  | 'lead-in';

const FULL_WIDTH_A = 0xff21;
const FULL_WIDTH_ONE = 0xff11;

export function questionById(questionId: string): QuizQuestion {
  const question = QUIZ_QUESTIONS.find((q) => q.id === questionId);
  if (!question) throw new Error(`No quiz question ${questionId}`);

  return question;
}

/** Index of the option that scores `dimension` (each question has one). */
export function optionIndexFor(
  questionId: string,
  dimension: ColorDimension,
): number {
  const index = questionById(questionId).options.findIndex(
    (option) => option.dimension === dimension,
  );
  if (index < 0) throw new Error(`${questionId} has no ${dimension} option`);

  return index;
}

/** What a user types to pick the option at `index` in the given form. */
export function answerText(
  questionId: string,
  index: number,
  form: AnswerForm,
  language: Language,
): string {
  const option = questionById(questionId).options[index];
  switch (form) {
    case 'letter':
      return option.id;
    case 'lower-case letter':
      return option.id.toLowerCase();
    case 'digit':
      return String(index + 1);
    case 'full-width letter':
      return String.fromCharCode(FULL_WIDTH_A + index);
    case 'full-width digit':
      return String.fromCharCode(FULL_WIDTH_ONE + index);
    case 'option text':
      return option.label[language];
    case 'lead-in':
      return language === 'zh' ? `我選 ${option.id}` : `option ${option.id}`;
  }
}

/** Points a quiz earns on `dimension` when every answer picks it. */
export function pointsFor(
  questionIds: string[],
  dimension: ColorDimension,
): number {
  return questionIds
    .map((id) => questionById(id).options[optionIndexFor(id, dimension)])
    .reduce((sum, option) => sum + option.points, 0);
}
