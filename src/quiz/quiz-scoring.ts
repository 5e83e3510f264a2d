import { QuizError } from '@/quiz/quiz.errors';
import { ColorDimension, ColorScores, QuizQuestion } from '@/quiz/quiz.types';

/**
 * Tie-break order: when dimensions share the top score, the earliest here
 * wins. Fixed so the same answers always give the same result; the rarer,
 * more distinctive tastes come first, the broad neutral ones last.
 */
export const DIMENSION_PRIORITY: readonly ColorDimension[] = [
  'metal',
  'colorful',
  'dark',
  'warm',
  'cool',
];

export interface ScoredAnswers {
  scores: ColorScores;
  dimension: ColorDimension;
}

function emptyScores(): ColorScores {
  return { metal: 0, cool: 0, warm: 0, dark: 0, colorful: 0 };
}

/**
 * Sums the points of every chosen option per dimension and names the top
 * one. `answers` maps question id to option id; unknown ids throw.
 */
export function scoreAnswers(
  questions: readonly QuizQuestion[],
  answers: Readonly<Record<string, string>>,
): ScoredAnswers {
  const scores = emptyScores();
  for (const [questionId, optionId] of Object.entries(answers)) {
    const question = questions.find((q) => q.id === questionId);
    if (!question) {
      throw new QuizError(
        'QUIZ_UNKNOWN_QUESTION',
        `Unknown quiz question "${questionId}"`,
      );
    }

    const option = question.options.find((o) => o.id === optionId);
    if (!option) {
      throw new QuizError(
        'QUIZ_UNKNOWN_OPTION',
        `Question "${questionId}" has no option "${optionId}"`,
      );
    }

    scores[option.dimension] += option.points;
  }

  const dimension = DIMENSION_PRIORITY.reduce((best, candidate) =>
    scores[candidate] > scores[best] ? candidate : best,
  );

  return { scores, dimension };
}
