import { QuizError } from '@/quiz/quiz.errors';

/** Turns one value of a [0, 1) random source into an index below `length`. */
export function randomIndex(random: () => number, length: number): number {
  const value = random();
  if (!(value >= 0 && value < 1)) {
    throw new QuizError(
      'QUIZ_INVALID_RANDOM',
      `Random source returned ${value}, expected a number in [0, 1)`,
    );
  }

  return Math.floor(value * length);
}

/** Picks one item; `items` must not be empty. */
export function pickOne<T>(random: () => number, items: readonly T[]): T {
  return items[randomIndex(random, items.length)];
}

/** A shuffled copy (Fisher-Yates), so the caller's array stays untouched. */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let last = copy.length - 1; last > 0; last--) {
    const other = randomIndex(random, last + 1);
    [copy[last], copy[other]] = [copy[other], copy[last]];
  }

  return copy;
}
