import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { KeyedSerializer } from '@/common/concurrency/keyed-serializer';
import { Clock } from '@/common/clock/clock';
import {
  SessionConflictError,
  SessionNotFoundError,
} from '@/common/errors/store.errors';
import { Language } from '@/common/language';
import { SessionModuleOptions } from './session-module.options';
import { SESSION_MODULE_OPTIONS } from './session.module-definition';
import { SessionStore } from './session.store';
import { Session, SessionChanges, SessionMode } from './session.types';

/** What a change decided: the fields to set and what to tell the caller. */
export interface SessionDecision<R> {
  changes: SessionChanges;
  outcome: R;
}

/**
 * Retries after another instance changed the session first. Within one
 * instance changes to a session are queued, so retries only happen when
 * several instances share a store.
 */
const MAX_ATTEMPTS = 25;

@Injectable()
export class SessionService {
  private readonly queue = new KeyedSerializer();
  private readonly ttlMs: number;

  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    @Inject(SESSION_MODULE_OPTIONS) options: SessionModuleOptions,
  ) {
    this.ttlMs = options.ttlMinutes * 60_000;
  }

  async start(
    mode: SessionMode,
    language: Language,
    greeting: (session: Session) => SessionChanges,
  ): Promise<Session> {
    const now = this.clock.now();
    const session: Session = {
      session_id: randomUUID(),
      mode,
      step: 'WELCOME',
      language,
      quiz_id: null,
      current_q_index: 0,
      answers: {},
      selected_questions: [],
      current_question: null,
      paused: false,
      color_scores: null,
      result_id: null,
      result: null,
      quiz_started_at: null,
      quiz_completed_at: null,
      chat_history: [],
      metadata: {},
      turn_count: 0,
      created_at: now,
      updated_at: now,
      expires_at: this.expiryFrom(now),
      version: 1,
    };

    return this.store.create({ ...session, ...greeting(session) });
  }

  async get(sessionId: string): Promise<Session> {
    const session = await this.store.findById(sessionId);
    if (!session) throw new SessionNotFoundError(sessionId);

    return session;
  }

  async delete(sessionId: string): Promise<void> {
    const deleted = await this.queue.run(sessionId, () =>
      this.store.delete(sessionId),
    );
    if (!deleted) throw new SessionNotFoundError(sessionId);
  }

  /** Extends the session's life without changing anything else. */
  async touch(sessionId: string): Promise<Session> {
    const { session } = await this.change(sessionId, () => ({
      changes: {},
      outcome: undefined,
    }));

    return session;
  }

  /**
   * Applies one decision to the latest version of the session, as a single
   * version-guarded update; decide() runs again on the fresh copy whenever
   * another writer got there first.
   */
  async change<R>(
    sessionId: string,
    decide: (session: Session, now: Date) => SessionDecision<R>,
  ): Promise<{ session: Session; outcome: R }> {
    return this.queue.run(sessionId, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const current = await this.get(sessionId);
        const now = this.clock.now();
        const { changes, outcome } = decide(current, now);

        try {
          const session = await this.store.update(sessionId, current.version, {
            ...changes,
            updated_at: now,
            expires_at: this.expiryFrom(now),
          });
          return { session, outcome };
        } catch (error) {
          if (!(error instanceof SessionConflictError)) throw error;
        }
      }

      throw new SessionConflictError(sessionId);
    });
  }

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.ttlMs);
  }
}
