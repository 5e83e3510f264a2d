import { DomainError } from './domain.error';

export class SessionNotFoundError extends DomainError {
  constructor(sessionId: string) {
    super('SESSION_NOT_FOUND', `Session ${sessionId} not found or expired`);
  }
}

/** The session changed under us more often than we were willing to retry. */
export class SessionConflictError extends DomainError {
  constructor(sessionId: string) {
    super(
      'SESSION_CONFLICT',
      `Session ${sessionId} is being changed by another request; retry`,
    );
  }
}

export class SessionExistsError extends DomainError {
  constructor(sessionId: string) {
    super('SESSION_EXISTS', `Session ${sessionId} already exists`);
  }
}

/** The backing store cannot answer now; the request may be retried. */
export class StoreUnavailableError extends DomainError {
  constructor(
    store: string,
    options?: { cause?: unknown; timedOut?: boolean },
  ) {
    super(
      'STORE_UNAVAILABLE',
      `The ${store} store is unavailable; retry shortly`,
      options,
    );
    this.timedOut = options?.timedOut ?? false;
  }

  /** True when the store did not answer in time (rather than refusing). */
  readonly timedOut: boolean;
}
