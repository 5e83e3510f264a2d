import { Language } from '@/common/language';

/** One tool the service ran while answering a turn. */
export interface ToolCall {
  tool: string;
  args: Record<string, unknown>;
  result: Record<string, unknown>;
}

/** What the log keeps of the session right after the turn. */
export interface SessionSnapshot {
  step: string;
  version: number;
  current_q_index: number;
  answers_count: number;
  current_question_id: string | null;
  color_result_id: string | null;
  paused: boolean;
}

/** One exchange of a session's conversation: a user message and a reply. */
export interface ConversationTurn {
  session_id: string;
  mode: string;
  language: Language;
  /** 1, 2, 3... per session, with no gap or duplicate. */
  turn_number: number;
  timestamp: Date;
  user_message: string;
  agent_response: string;
  tool_calls: ToolCall[];
  session_snapshot: SessionSnapshot | null;
  error: string | null;
}

export interface TurnQuery {
  session_id?: string;
  mode?: string;
  language?: Language;
  from?: Date;
  to?: Date;
}
