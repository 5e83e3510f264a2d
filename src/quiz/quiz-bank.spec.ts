import { LANGUAGES } from '@/common/language';
import { QUIZ_QUESTIONS, QUIZ_RESULTS } from '@/quiz/quiz-bank';
import { PERSONALITY_CATEGORY } from '@/quiz/quiz.constants';
import { COLOR_DIMENSIONS, QuizQuestion } from '@/quiz/quiz.types';

const HEX = /^#[0-9A-F]{6}$/;

function allTexts(question: QuizQuestion): string[] {
  const texts = [question.prompt, ...question.options.map((o) => o.label)];

  return texts.flatMap((text) => LANGUAGES.map((lang) => text[lang]));
}

describe('QUIZ_QUESTIONS', () => {
  const sut = QUIZ_QUESTIONS;

  it('should hold at least 15 questions with unique ids', () => {
    const ids = sut.map((q) => q.id);

    expect(sut.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should span at least 5 categories including personality', () => {
    const categories = new Set(sut.map((q) => q.category));

    expect(categories.size).toBeGreaterThanOrEqual(5);
    expect(categories).toContain(PERSONALITY_CATEGORY);
  });

  it('should hold at least 3 personality questions', () => {
    const personality = sut.filter((q) => q.category === PERSONALITY_CATEGORY);

    expect(personality.length).toBeGreaterThanOrEqual(3);
  });

  it.each(sut.map((q) => [q.id, q]))(
    'should give %s options A to E covering each dimension once',
    (_id, question) => {
      const ids = question.options.map((o) => o.id);
      const dimensions = question.options.map((o) => o.dimension);

      expect(ids).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect([...dimensions].sort()).toEqual([...COLOR_DIMENSIONS].sort());
    },
  );

  it.each(sut.map((q) => [q.id, q]))(
    'should give every option of %s 1 to 3 points',
    (_id, question) => {
      const points = question.options.map((o) => o.points);

      expect(points.every((p) => Number.isInteger(p))).toBe(true);
      expect(Math.min(...points)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...points)).toBeLessThanOrEqual(3);
    },
  );

  it.each(sut.map((q) => [q.id, q]))(
    'should write every text of %s in both languages',
    (_id, question) => {
      const texts = allTexts(question);

      expect(texts.every((text) => text.trim().length > 0)).toBe(true);
    },
  );

  it.each(sut.map((q) => [q.id, q]))(
    'should keep the labels of %s distinct across both languages',
    (_id, question) => {
      const labels = question.options.flatMap((o) =>
        LANGUAGES.map((lang) => o.label[lang].toLowerCase()),
      );

      expect(new Set(labels).size).toBe(labels.length);
    },
  );
});

describe('QUIZ_RESULTS', () => {
  const sut = QUIZ_RESULTS;

  it.each(COLOR_DIMENSIONS)('should describe %s in both languages', (dim) => {
    const result = sut[dim];

    expect(result.id).toBe(`result-${dim}`);
    expect(result.dimension).toBe(dim);
    for (const lang of LANGUAGES) {
      expect(result.title[lang].trim()).not.toBe('');
      expect(result.description[lang].trim()).not.toBe('');
    }
  });

  it.each(COLOR_DIMENSIONS)('should recommend 3 to 5 colours for %s', (dim) => {
    const colors = sut[dim].colors;

    expect(colors.length).toBeGreaterThanOrEqual(3);
    expect(colors.length).toBeLessThanOrEqual(5);
    for (const color of colors) {
      expect(color.hex).toMatch(HEX);
      expect(color.name.zh.trim()).not.toBe('');
      expect(color.name.en.trim()).not.toBe('');
    }
  });

  it.each(COLOR_DIMENSIONS)('should keep %s to 1-3 sentences', (dim) => {
    const { zh, en } = sut[dim].description;

    expect(zh.split('。').filter(Boolean).length).toBeLessThanOrEqual(3);
    expect(en.split(/[.!?](?:\s|$)/).filter(Boolean).length).toBeLessThan(4);
  });
});
