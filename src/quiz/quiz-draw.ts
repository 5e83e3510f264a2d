import { PERSONALITY_CATEGORY, QUIZ_LENGTH } from '@/quiz/quiz.constants';
import { QuizError } from '@/quiz/quiz.errors';
import { QuizQuestion } from '@/quiz/quiz.types';
import { pickOne, shuffled } from '@/quiz/random-index';

function groupByCategory(
  questions: readonly QuizQuestion[],
): Map<string, QuizQuestion[]> {
  const groups = new Map<string, QuizQuestion[]>();
  for (const question of questions) {
    const group = groups.get(question.category) ?? [];
    group.push(question);
    groups.set(question.category, group);
  }

  return groups;
}

/**
 * Draws the question ids of one quiz: one personality question, then one
 * question from each of four distinct other categories in random order.
 * The personality question always comes first: it is about the person, the
 * easiest to answer, and sets the tone for the rest.
 * Only `random` (values in [0, 1)) is used, so a seeded source replays.
 */
export function drawQuestionIds(
  questions: readonly QuizQuestion[],
  random: () => number,
): string[] {
  const groups = groupByCategory(questions);
  const personality = groups.get(PERSONALITY_CATEGORY) ?? [];
  groups.delete(PERSONALITY_CATEGORY);
  const othersNeeded = QUIZ_LENGTH - 1;
  if (personality.length === 0 || groups.size < othersNeeded) {
    throw new QuizError(
      'QUIZ_BANK_INSUFFICIENT',
      `Quiz bank needs a "${PERSONALITY_CATEGORY}" question and ${othersNeeded} other categories, it has ${personality.length} and ${groups.size}`,
    );
  }

  const first = pickOne(random, personality);
  const otherGroups = shuffled(random, [...groups.values()]);
  const others = otherGroups
    .slice(0, othersNeeded)
    .map((group) => pickOne(random, group));

  return [first, ...others].map((question) => question.id);
}
