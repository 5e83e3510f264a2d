import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import { drawQuestionIds } from '@/quiz/quiz-draw';
import { PERSONALITY_CATEGORY } from '@/quiz/quiz.constants';
import { QuizError } from '@/quiz/quiz.errors';
import { QuizQuestion } from '@/quiz/quiz.types';
import { seededRandom } from '@/quiz/seeded-random';

const byId = new Map(QUIZ_QUESTIONS.map((q) => [q.id, q]));

function categoriesOf(ids: string[]): string[] {
  return ids.map((id) => byId.get(id)?.category ?? 'missing');
}

function bank(categories: string[]): QuizQuestion[] {
  return categories.map((category, index) => ({
    id: `${category}-${index}`,
    category,
    prompt: { zh: '題目', en: 'Prompt' },
    options: [],
  }));
}

describe(drawQuestionIds.name, () => {
  const sut = drawQuestionIds;
  const seeds = Array.from({ length: 1000 }, (_, seed) => seed);

  it('should keep every invariant over 1,000 seeds', () => {
    const draws = seeds.map((seed) => sut(QUIZ_QUESTIONS, seededRandom(seed)));

    for (const ids of draws) {
      const [first, ...others] = categoriesOf(ids);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      expect(first).toBe(PERSONALITY_CATEGORY);
      expect(others).not.toContain(PERSONALITY_CATEGORY);
      expect(others).not.toContain('missing');
      expect(new Set(others).size).toBe(4);
    }
  });

  it('should reach every question of the bank across seeds', () => {
    const seen = new Set(
      seeds.flatMap((seed) => sut(QUIZ_QUESTIONS, seededRandom(seed))),
    );

    expect(seen.size).toBe(QUIZ_QUESTIONS.length);
  });

  it('should draw the same ids for the same seed', () => {
    const first = sut(QUIZ_QUESTIONS, seededRandom(42));

    const second = sut(QUIZ_QUESTIONS, seededRandom(42));

    expect(second).toEqual(first);
  });

  it('should not reorder the bank it is given', () => {
    const questions = [...QUIZ_QUESTIONS];

    sut(questions, seededRandom(7));

    expect(questions).toEqual(QUIZ_QUESTIONS);
  });

  it('should take the first entries when random always returns 0', () => {
    const questions = bank(['personality', 'a', 'b', 'c', 'd', 'e']);

    const ids = sut(questions, () => 0);

    expect(ids).toEqual(['personality-0', 'b-2', 'c-3', 'd-4', 'e-5']);
  });

  it('should work with exactly one question per needed category', () => {
    const questions = bank(['a', 'b', 'personality', 'c', 'd']);

    const ids = sut(questions, seededRandom(3));

    expect(ids[0]).toBe('personality-2');
    expect([...ids].sort()).toEqual(questions.map((q) => q.id).sort());
  });

  it('should throw when the bank has no personality question', () => {
    const questions = bank(['a', 'b', 'c', 'd', 'e']);

    const act = () => sut(questions, seededRandom(1));

    expect(act).toThrow(QuizError);
    expect(act).toThrow(/needs a "personality" question/);
  });

  it('should throw when fewer than 4 other categories exist', () => {
    const questions = bank(['personality', 'a', 'a', 'b', 'c', 'c']);

    const act = () => sut(questions, seededRandom(1));

    expect(act).toThrow(/4 other categories, it has 1 and 3/);
  });

  it('should throw on an empty bank', () => {
    const act = () => sut([], seededRandom(1));

    expect(act).toThrow(
      expect.objectContaining({ code: 'QUIZ_BANK_INSUFFICIENT' }),
    );
  });

  it('should reject a random source outside [0, 1)', () => {
    const act = () => sut(QUIZ_QUESTIONS, () => 1);

    expect(act).toThrow(
      expect.objectContaining({ code: 'QUIZ_INVALID_RANDOM' }),
    );
  });
});
