import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@/common/errors/domain.error';
import { ValidationFailedError } from '@/common/errors/validation-failed.error';
import { ToolCall } from '@/conversation-log/conversation-turn';
import { Session, SessionChanges } from '@/session/session.types';
import { QuizEngine } from './quiz-engine';
import { quizMessage, renderOutcome } from './quiz-messages';
import { QUIZ_LENGTH } from './quiz.constants';

/** What one quiz move changes and what the user is told. */
export interface MoveResult {
  changes: SessionChanges;
  reply: string;
  toolCalls: ToolCall[];
}

/** A move as a pure function of the current session and the time. */
export type QuizMove = (session: Session, now: Date) => MoveResult;

/** Moves over the quiz engine; each refuses a step it does not fit (409). */
@Injectable()
export class QuizMoves {
  constructor(private readonly engine: QuizEngine) {}

  start(): QuizMove {
    return (session, now) => {
      this.refuseIfDone(session);
      if (session.step !== 'WELCOME') {
        throw stepConflict('A quiz is already in progress');
      }

      const questions = this.engine.draw();
      const quizId = randomUUID();
      const first = this.engine.renderQuestion(
        questions[0],
        0,
        QUIZ_LENGTH,
        session.language,
      );

      return {
        changes: {
          step: 'QUIZ',
          quiz_id: quizId,
          selected_questions: questions,
          current_q_index: 0,
          current_question: questions[0],
          answers: {},
          paused: false,
          quiz_started_at: now,
        },
        reply: `${quizMessage('started', session.language)}\n\n${first}`,
        toolCalls: [
          call('start_quiz', session, { quiz_id: quizId, questions }),
        ],
      };
    };
  }

  answer(optionId: string): QuizMove {
    return (session, now) => {
      this.refuseIfDone(session);
      this.requireActiveQuiz(session);
      const questionId = session.current_question as string;
      if (!this.engine.isValidOption(questionId, optionId)) {
        const options = this.engine
          .question(questionId)
          .options.map((option) => option.id);
        throw new ValidationFailedError(
          ['option_id'],
          `option_id must be one of ${options.join(', ')} ` +
            `(the options of question ${questionId})`,
        );
      }

      const answers = { ...session.answers, [questionId]: optionId };
      const recorded = call('record_answer', session, {
        question_id: questionId,
        option_id: optionId,
      });
      const nextIndex = session.current_q_index + 1;
      if (nextIndex >= session.selected_questions.length) {
        return this.finish(session, answers, now, recorded);
      }

      const nextId = session.selected_questions[nextIndex];
      return {
        changes: {
          answers,
          current_q_index: nextIndex,
          current_question: nextId,
        },
        reply: this.engine.renderQuestion(
          nextId,
          nextIndex,
          session.selected_questions.length,
          session.language,
        ),
        toolCalls: [recorded],
      };
    };
  }

  pause(): QuizMove {
    return (session) => {
      this.refuseIfDone(session);
      this.requireActiveQuiz(session);

      return {
        changes: { paused: true },
        reply: quizMessage('paused', session.language),
        toolCalls: [call('pause_quiz', session, {})],
      };
    };
  }

  resume(): QuizMove {
    return (session) => {
      this.refuseIfDone(session);
      if (session.step !== 'QUIZ' || !session.paused) {
        throw stepConflict('There is no paused quiz to resume');
      }

      return {
        changes: { paused: false },
        reply: `${quizMessage('resumed', session.language)}\n\n${this.currentQuestion(session)}`,
        toolCalls: [call('resume_quiz', session, {})],
      };
    };
  }

  /** The option a chat reply names on the current question, if any. */
  readAnswer(session: Session, text: string): string | null {
    if (!session.current_question) return null;

    return this.engine.readAnswer(session.current_question, text);
  }

  /** The question being asked, rendered in the session language. */
  currentQuestion(session: Session): string {
    return this.engine.renderQuestion(
      session.current_question as string,
      session.current_q_index,
      session.selected_questions.length,
      session.language,
    );
  }

  /**
   * The last answer moves the session through SCORING to DONE in the same
   * update, so a session is never left half-scored.
   */
  private finish(
    session: Session,
    answers: Record<string, string>,
    now: Date,
    recorded: ToolCall,
  ): MoveResult {
    const outcome = this.engine.outcome(answers, session.language);

    return {
      changes: {
        answers,
        step: 'DONE',
        current_q_index: session.selected_questions.length,
        current_question: null,
        color_scores: outcome.scores,
        result_id: outcome.result_id,
        result: outcome,
        quiz_completed_at: now,
      },
      reply: renderOutcome(outcome),
      toolCalls: [
        recorded,
        call('score_quiz', session, {
          step: 'SCORING',
          result_id: outcome.result_id,
          scores: outcome.scores,
        }),
      ],
    };
  }

  private refuseIfDone(session: Session): void {
    if (session.step === 'DONE') {
      throw new DomainError(
        'QUIZ_ALREADY_COMPLETED',
        'This session has already completed its quiz; start a new session',
      );
    }
  }

  private requireActiveQuiz(session: Session): void {
    if (session.step !== 'QUIZ') {
      throw stepConflict('No quiz is in progress; start one first');
    }
    if (session.paused) {
      throw stepConflict('The quiz is paused; resume it first');
    }
  }
}

function stepConflict(message: string): DomainError {
  return new DomainError('QUIZ_STEP_CONFLICT', message);
}

function call(
  tool: string,
  session: Session,
  result: Record<string, unknown>,
): ToolCall {
  return {
    tool,
    args: { session_id: session.session_id },
    result: { success: true, ...result },
  };
}
