import { Language } from '@/common/language';
import { ColorScores, QuizOutcome } from '@/quiz/quiz.types';

export const SESSION_MODES = ['COLOR'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const SESSION_STEPS = ['WELCOME', 'QUIZ', 'SCORING', 'DONE'] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  at: Date;
}

/** A quiz chat session as the service sees it, whatever stores it. */
export interface Session {
  session_id: string;
  mode: SessionMode;
  step: SessionStep;
  language: Language;
  quiz_id: string | null;
  /** Index into selected_questions of the question being asked. */
  current_q_index: number;
  /** Question id to option id. */
  answers: Record<string, string>;
  selected_questions: string[];
  current_question: string | null;
  paused: boolean;
  color_scores: ColorScores | null;
  result_id: string | null;
  result: QuizOutcome | null;
  quiz_started_at: Date | null;
  quiz_completed_at: Date | null;
  /** The most recent chat messages, oldest first, at most 10. */
  chat_history: ChatMessage[];
  metadata: Record<string, string>;
  /** Turns logged so far; the next turn is turn_count + 1. */
  turn_count: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  /** Grows by exactly one with every change. */
  version: number;
}

/** Fields a change may set; identity, creation and version are the store's. */
export type SessionChanges = Partial<
  Omit<Session, 'session_id' | 'mode' | 'created_at' | 'version'>
>;

export const CHAT_HISTORY_LIMIT = 10;

export interface SessionFilter {
  mode?: SessionMode;
  step?: SessionStep;
  language?: Language;
}

export interface PageRequest {
  page: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export interface SessionStats {
  total: number;
  active: number;
  completed: number;
  by_mode: Record<string, number>;
  by_step: Record<string, number>;
  by_language: Record<string, number>;
}

/** How an import of one session ended. */
export type ImportOutcome = 'copied' | 'skipped';
