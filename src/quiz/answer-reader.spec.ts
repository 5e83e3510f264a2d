import { normalizeAnswerText, readAnswer } from '@/quiz/answer-reader';
import { QUIZ_QUESTIONS } from '@/quiz/quiz-bank';
import { ColorDimension, QuizOption, QuizQuestion } from '@/quiz/quiz.types';

function option(
  id: string,
  zh: string,
  en: string,
  dimension: ColorDimension,
): QuizOption {
  return { id, label: { zh, en }, dimension, points: 2 };
}

const question: QuizQuestion = {
  id: 'sample',
  category: 'test',
  prompt: { zh: '選一種燈光', en: 'Pick a light' },
  options: [
    option('A', '溫暖的黃光', 'Warm light', 'warm'),
    option('B', '自然白光', 'Daylight', 'cool'),
    option('C', '氣氛燈', 'Mood lights', 'colorful'),
    option('D', '間接照明', 'A run by the river', 'dark'),
    option('E', '水晶吊燈', 'Crystal chandelier', 'metal'),
  ],
};

const threeOptions: QuizQuestion = {
  ...question,
  options: question.options.slice(0, 3),
};

describe(readAnswer.name, () => {
  const sut = readAnswer;

  it.each([
    ['A', 'A'],
    ['b', 'B'],
    ['C', 'C'],
    ['d', 'D'],
    ['E', 'E'],
  ])('should read the letter %s as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it.each([
    ['1', 'A'],
    ['2', 'B'],
    ['3', 'C'],
    ['4', 'D'],
    ['5', 'E'],
  ])('should read the digit %s as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it.each([
    ['Ａ', 'A'],
    ['ｂ', 'B'],
    ['Ｅ', 'E'],
    ['１', 'A'],
    ['５', 'E'],
    ['選項　３', 'C'],
    ['Ｄ．', 'D'],
  ])('should read the full-width form %s as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it.each([
    ['  B  ', 'B'],
    ['B.', 'B'],
    ['b!', 'B'],
    ['(c)', 'C'],
    ['「D」', 'D'],
    ['E。', 'E'],
    ['\n2\t', 'B'],
    ['"a"?', 'A'],
  ])('should tolerate the punctuation in %j', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it.each([
    ['option B', 'B'],
    ['Option 3', 'C'],
    ['the answer is d', 'D'],
    ['answer: e', 'E'],
    ['my answer is A', 'A'],
    ['I choose b', 'B'],
    ['pick 4', 'D'],
    ['選B', 'B'],
    ['選項 2', 'B'],
    ['選項：5', 'E'],
    ['我選 C', 'C'],
    ['我選擇A', 'A'],
    ['我要選 d', 'D'],
    ['选项1', 'A'],
    ['答案是 E', 'E'],
  ])('should read the lead-in %j as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it.each([
    ['溫暖的黃光', 'A'],
    ['自然白光。', 'B'],
    ['  氣氛燈！', 'C'],
    ['Warm light', 'A'],
    ['DAYLIGHT', 'B'],
    ['mood lights.', 'C'],
    ['crystal  chandelier!', 'E'],
    ['我選 水晶吊燈', 'E'],
    ['option Mood lights', 'C'],
  ])('should read the label %j as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it('should prefer a whole label over a leading letter', () => {
    const answer = sut(question, 'A run by the river');

    expect(answer).toBe('D');
  });

  it.each([
    ['B. Daylight', 'B'],
    ['2) 自然白光', 'B'],
    ['E、水晶吊燈', 'E'],
  ])('should read the letter with its label %j as %s', (text, expected) => {
    const answer = sut(question, text);

    expect(answer).toBe(expected);
  });

  it('should refuse a letter paired with another option label', () => {
    const answer = sut(question, 'A. Daylight');

    expect(answer).toBeNull();
  });

  it.each(['F', 'f', 'Ｆ', '6', '６', '0', 'option F', '選項 6', 'Z'])(
    'should refuse %j, which is not an option',
    (text) => {
      const answer = sut(question, text);

      expect(answer).toBeNull();
    },
  );

  it.each(['D', '4', 'E', '5'])(
    'should refuse %j on a question with three options',
    (text) => {
      const answer = sut(threeOptions, text);

      expect(answer).toBeNull();
    },
  );

  it.each([
    '',
    '   ',
    '?',
    'AB',
    'A or B',
    '12',
    'B is nice',
    'maybe',
    'Warm',
    '黃光',
    'I like daylight',
    'option',
    '選項',
  ])('should refuse the unclear reply %j', (text) => {
    const answer = sut(question, text);

    expect(answer).toBeNull();
  });

  it('should read every label of the bank in both languages', () => {
    const misses = QUIZ_QUESTIONS.flatMap((q) =>
      q.options.flatMap((o) =>
        [o.label.zh, o.label.en]
          .filter((label) => sut(q, label) !== o.id)
          .map((label) => `${q.id}/${o.id}: ${label}`),
      ),
    );

    expect(misses).toEqual([]);
  });
});

describe(normalizeAnswerText.name, () => {
  const sut = normalizeAnswerText;

  it('should fold width, case, quotes, spacing and edge punctuation', () => {
    const text = '  ＯＰＴＩＯＮ　Ｂ’s   pick！！ ';

    const normalized = sut(text);

    expect(normalized).toBe("option b's pick");
  });
});
