export type QuizErrorCode =
  | 'QUIZ_UNKNOWN_QUESTION'
  | 'QUIZ_UNKNOWN_OPTION'
  | 'QUIZ_BANK_INSUFFICIENT'
  | 'QUIZ_INVALID_RANDOM';

/** A quiz rule was broken; `code` is stable, the message is for people. */
export class QuizError extends Error {
  constructor(
    readonly code: QuizErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuizError';
  }
}
