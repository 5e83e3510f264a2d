import { Injectable } from '@nestjs/common';
import { ToolCall } from '@/conversation-log/conversation-turn';
import { snapshotOf } from '@/conversation-log/session-snapshot';
import { TurnRecorder } from '@/conversation-log/turn-recorder.service';
import { withExchange } from '@/session/chat-history';
import { SessionService } from '@/session/session.service';
import { Session } from '@/session/session.types';
import { QuizMove } from './quiz-moves';
import { QuizRecord } from './quiz-record';
import { QuizResultKeeper } from './quiz-result-keeper';

/** What every chat and quiz move answers. */
export interface PlayResponse {
  message: string;
  session: Session;
  tool_calls: ToolCall[];
}

/**
 * Plays one move as one turn: the session change, the next turn number and
 * the chat history go in a single guarded update; then the turn is logged
 * and, when the move finished the quiz, its result is saved. Room in the
 * log queue is taken before the update, and a result the store cannot
 * take yet is kept for a retry, so nothing fails once the move is made.
 */
@Injectable()
export class QuizPlayService {
  constructor(
    private readonly sessions: SessionService,
    private readonly turns: TurnRecorder,
    private readonly results: QuizResultKeeper,
  ) {}

  async play(
    sessionId: string,
    userText: string,
    move: QuizMove,
  ): Promise<PlayResponse> {
    // Refused here, a full log queue cannot fail a move already made.
    await this.turns.reserve();
    const { session, outcome } = await this.sessions.change(
      sessionId,
      (current, now) => {
        const result = move(current, now);
        const reply = result.reply;
        return {
          changes: {
            ...result.changes,
            turn_count: current.turn_count + 1,
            chat_history: withExchange(
              current.chat_history,
              userText,
              reply,
              now,
            ),
          },
          outcome: { ...result, finished: result.changes.step === 'DONE' },
        };
      },
    );

    this.turns.record({
      session_id: session.session_id,
      mode: session.mode,
      language: session.language,
      turn_number: session.turn_count,
      timestamp: session.updated_at,
      user_message: userText,
      agent_response: outcome.reply,
      tool_calls: outcome.toolCalls,
      session_snapshot: snapshotOf(session),
      error: null,
    });
    if (outcome.finished) await this.results.keep(toQuizRecord(session));

    return {
      message: outcome.reply,
      session,
      tool_calls: outcome.toolCalls,
    };
  }
}

function toQuizRecord(session: Session): QuizRecord {
  const started = session.quiz_started_at ?? session.created_at;
  const completed = session.quiz_completed_at ?? session.updated_at;

  return {
    session_id: session.session_id,
    quiz_id: session.quiz_id ?? session.session_id,
    language: session.language,
    started_at: started,
    completed_at: completed,
    duration_seconds: (completed.getTime() - started.getTime()) / 1000,
    answers: session.answers,
    result: session.result!,
  };
}
