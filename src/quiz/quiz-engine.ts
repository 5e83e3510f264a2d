import { Inject, Injectable } from '@nestjs/common';
import { Language } from '@/common/language';
import { readAnswer } from '@/quiz/answer-reader';
import { QUIZ_QUESTIONS, QUIZ_RESULTS } from '@/quiz/quiz-bank';
import { drawQuestionIds } from '@/quiz/quiz-draw';
import { renderQuestion } from '@/quiz/quiz-messages';
import { scoreAnswers } from '@/quiz/quiz-scoring';
import { QUIZ_RANDOM } from '@/quiz/quiz.constants';
import { QuizError } from '@/quiz/quiz.errors';
import { QuizOutcome, QuizQuestion } from '@/quiz/quiz.types';

/** The quiz rules over the built-in bank: draw, read, score, render. */
@Injectable()
export class QuizEngine {
  private readonly questions = new Map(
    QUIZ_QUESTIONS.map((question) => [question.id, question]),
  );

  constructor(@Inject(QUIZ_RANDOM) private readonly random: () => number) {}

  /** Question ids of a new quiz, personality question first. */
  draw(): string[] {
    return drawQuestionIds(QUIZ_QUESTIONS, this.random);
  }

  question(id: string): QuizQuestion {
    const question = this.questions.get(id);
    if (!question) {
      throw new QuizError(
        'QUIZ_UNKNOWN_QUESTION',
        `Unknown quiz question "${id}"`,
      );
    }

    return question;
  }

  /** The option id a chat reply names, or null to ask again. */
  readAnswer(questionId: string, text: string): string | null {
    return readAnswer(this.question(questionId), text);
  }

  /** False for an unknown question as well as an unknown option. */
  isValidOption(questionId: string, optionId: string): boolean {
    const question = this.questions.get(questionId);

    return question?.options.some((o) => o.id === optionId) ?? false;
  }

  outcome(
    answers: Readonly<Record<string, string>>,
    language: Language,
  ): QuizOutcome {
    const { scores, dimension } = scoreAnswers(QUIZ_QUESTIONS, answers);
    const result = QUIZ_RESULTS[dimension];

    return {
      result_id: result.id,
      dimension,
      title: result.title[language],
      description: result.description[language],
      colors: result.colors.map((color) => ({
        name: color.name[language],
        hex: color.hex,
      })),
      scores,
      language,
    };
  }

  /** `index` is 0-based; the heading shows it 1-based. */
  renderQuestion(
    questionId: string,
    index: number,
    total: number,
    language: Language,
  ): string {
    return renderQuestion(this.question(questionId), index, total, language);
  }
}
