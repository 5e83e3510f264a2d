import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import { DIMENSION_PRIORITY, scoreAnswers } from '@/quiz/quiz-scoring';
import {
  COLOR_DIMENSIONS,
  ColorDimension,
  QuizQuestion,
} from '@/quiz/quiz.types';

/** Question `q<n>` whose option X scores 1 point for dimension X. */
function questionFor(n: number): QuizQuestion {
  return {
    id: `q${n}`,
    category: 'test',
    prompt: { zh: '題目', en: 'Prompt' },
    options: COLOR_DIMENSIONS.map((dimension) => ({
      id: dimension,
      label: { zh: dimension, en: dimension },
      dimension,
      points: 1,
    })),
  };
}

const questions = [1, 2, 3, 4, 5].map(questionFor);

function answersFor(
  dimensions: ColorDimension[],
): Record<string, ColorDimension> {
  return Object.fromEntries(dimensions.map((dim, i) => [`q${i + 1}`, dim]));
}

describe(scoreAnswers.name, () => {
  const sut = scoreAnswers;

  it('should sum the points of the chosen options per dimension', () => {
    const answers = {
      'personality-01': 'C',
      'lifestyle-03': 'A',
      'fashion-01': 'A',
      'space-02': 'D',
      'mood-02': 'E',
    };

    const { scores, dimension } = sut(QUIZ_QUESTIONS, answers);

    expect(scores).toEqual({
      metal: 8,
      cool: 0,
      warm: 0,
      dark: 4,
      colorful: 0,
    });
    expect(dimension).toBe('metal');
  });

  it('should pick the highest score regardless of priority', () => {
    const answers = answersFor(['metal', 'cool', 'cool', 'warm', 'dark']);

    const { scores, dimension } = sut(questions, answers);

    expect(scores).toEqual({
      metal: 1,
      cool: 2,
      warm: 1,
      dark: 1,
      colorful: 0,
    });
    expect(dimension).toBe('cool');
  });

  it('should list every dimension exactly once in the priority', () => {
    const priority = [...DIMENSION_PRIORITY].sort();

    expect(priority).toEqual([...COLOR_DIMENSIONS].sort());
    expect(DIMENSION_PRIORITY).toEqual([
      'metal',
      'colorful',
      'dark',
      'warm',
      'cool',
    ]);
  });

  const pairs = COLOR_DIMENSIONS.flatMap((a) =>
    COLOR_DIMENSIONS.filter((b) => a < b).map((b) => [a, b] as const),
  );

  it.each(pairs)('should break a %s/%s tie by priority', (a, b) => {
    const answers = answersFor([a, a, b, b]);
    const expected =
      DIMENSION_PRIORITY.indexOf(a) < DIMENSION_PRIORITY.indexOf(b) ? a : b;

    const { dimension } = sut(questions, answers);

    expect(dimension).toBe(expected);
  });

  it.each(DIMENSION_PRIORITY.map((dim, i) => [dim, i]))(
    'should give %s the win over every later dimension (rank %i)',
    (dim) => {
      const rest = DIMENSION_PRIORITY.slice(DIMENSION_PRIORITY.indexOf(dim));
      const answers = answersFor(rest);

      const { dimension } = sut(questions, answers);

      expect(dimension).toBe(dim);
    },
  );

  it('should fall back to the first priority with no answers', () => {
    const { scores, dimension } = sut(questions, {});

    expect(scores).toEqual({
      metal: 0,
      cool: 0,
      warm: 0,
      dark: 0,
      colorful: 0,
    });
    expect(dimension).toBe(DIMENSION_PRIORITY[0]);
  });

  it('should throw on an unknown question id', () => {
    const act = () => sut(questions, { nope: 'metal' });

    expect(act).toThrow(
      expect.objectContaining({ code: 'QUIZ_UNKNOWN_QUESTION' }),
    );
    expect(act).toThrow('Unknown quiz question "nope"');
  });

  it('should throw on an unknown option id', () => {
    const act = () => sut(QUIZ_QUESTIONS, { 'mood-01': 'F' });

    expect(act).toThrow(
      expect.objectContaining({ code: 'QUIZ_UNKNOWN_OPTION' }),
    );
    expect(act).toThrow('Question "mood-01" has no option "F"');
  });

  it('should match option ids exactly', () => {
    const act = () => sut(QUIZ_QUESTIONS, { 'mood-01': 'a' });

    expect(act).toThrow(/has no option "a"/);
  });
});
