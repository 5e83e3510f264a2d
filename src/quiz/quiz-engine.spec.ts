import { Test } from '@nestjs/testing';
import { QUIZ_QUESTIONS, QUIZ_RESULTS } from '@/quiz/quiz-bank';
import { QuizEngine } from '@/quiz/quiz-engine';
import { QUIZ_LENGTH, QUIZ_RANDOM } from '@/quiz/quiz.constants';
import { QuizError } from '@/quiz/quiz.errors';
import { seededRandom } from '@/quiz/seeded-random';

describe(QuizEngine.name, () => {
  let sut: QuizEngine;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        QuizEngine,
        { provide: QUIZ_RANDOM, useValue: seededRandom(11) },
      ],
    }).compile();
    sut = moduleRef.get(QuizEngine);
  });

  describe('draw', () => {
    it('should draw QUIZ_LENGTH known ids, personality first', () => {
      const ids = sut.draw();

      expect(ids).toHaveLength(QUIZ_LENGTH);
      expect(sut.question(ids[0]).category).toBe('personality');
    });

    it('should use the injected random source', () => {
      const other = new QuizEngine(seededRandom(11));

      const ids = sut.draw();

      expect(ids).toEqual(other.draw());
    });
  });

  describe('question', () => {
    it('should return the question with that id', () => {
      const question = sut.question('mood-02');

      expect(question).toBe(QUIZ_QUESTIONS.find((q) => q.id === 'mood-02'));
    });

    it('should throw on an unknown id', () => {
      const act = () => sut.question('nope');

      expect(act).toThrow(QuizError);
      expect(act).toThrow('Unknown quiz question "nope"');
    });
  });

  describe('readAnswer', () => {
    it('should read a reply against the named question', () => {
      const answers = ['b', '３', '平靜', 'Cosy'].map((text) =>
        sut.readAnswer('mood-02', text),
      );

      expect(answers).toEqual(['B', 'C', 'A', 'B']);
    });

    it('should return null for an unreadable reply', () => {
      const answer = sut.readAnswer('mood-02', 'maybe');

      expect(answer).toBeNull();
    });

    it('should throw on an unknown question', () => {
      const act = () => sut.readAnswer('nope', 'A');

      expect(act).toThrow(QuizError);
    });
  });

  describe('isValidOption', () => {
    it.each(['A', 'B', 'C', 'D', 'E'])('should accept %s', (optionId) => {
      const valid = sut.isValidOption('travel-01', optionId);

      expect(valid).toBe(true);
    });

    it.each([
      ['travel-01', 'F'],
      ['travel-01', 'a'],
      ['travel-01', ''],
      ['nope', 'A'],
    ])('should reject %s/%j', (questionId, optionId) => {
      const valid = sut.isValidOption(questionId, optionId);

      expect(valid).toBe(false);
    });
  });

  describe('outcome', () => {
    const answers = {
      'personality-04': 'E',
      'lifestyle-02': 'C',
      'fashion-01': 'C',
      'space-03': 'B',
      'mood-02': 'A',
    };

    it('should score the answers and localise the result in English', () => {
      const result = sut.outcome(answers, 'en');

      expect(result).toEqual({
        result_id: 'result-cool',
        dimension: 'cool',
        title: QUIZ_RESULTS.cool.title.en,
        description: QUIZ_RESULTS.cool.description.en,
        colors: QUIZ_RESULTS.cool.colors.map((c) => ({
          name: c.name.en,
          hex: c.hex,
        })),
        scores: { metal: 0, cool: 15, warm: 0, dark: 0, colorful: 0 },
        language: 'en',
      });
    });

    it('should localise the result in Chinese', () => {
      const result = sut.outcome(answers, 'zh');

      expect(result.title).toBe(QUIZ_RESULTS.cool.title.zh);
      expect(result.description).toBe(QUIZ_RESULTS.cool.description.zh);
      expect(result.colors[0].name).toBe(QUIZ_RESULTS.cool.colors[0].name.zh);
      expect(result.language).toBe('zh');
    });

    it('should throw on an unknown option', () => {
      const act = () => sut.outcome({ 'mood-02': 'Z' }, 'en');

      expect(act).toThrow(
        expect.objectContaining({ code: 'QUIZ_UNKNOWN_OPTION' }),
      );
    });
  });

  describe('renderQuestion', () => {
    it('should render the named question', () => {
      const text = sut.renderQuestion('mood-02', 3, 5, 'en');

      expect(text.split('\n')[0]).toBe(
        'Question 4/5: Which word best fits your mood today?',
      );
      expect(text.split('\n')).toHaveLength(6);
    });
  });
});
