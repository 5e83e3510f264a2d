import { Session } from '@/session/session.types';
import { SessionSnapshot } from './conversation-turn';

/** The part of a session a turn record keeps. */
export function snapshotOf(session: Session): SessionSnapshot {
  return {
    step: session.step,
    version: session.version,
    current_q_index: session.current_q_index,
    answers_count: Object.keys(session.answers).length,
    current_question_id: session.current_question,
    color_result_id: session.result_id,
    paused: session.paused,
  };
}
