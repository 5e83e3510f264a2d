import { ERROR_STATUS, ErrorCode } from './error-codes';

/** An error the API explains to its caller: a stable code and a message. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
