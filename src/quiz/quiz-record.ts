import { Language } from '@/common/language';
import { QuizOutcome } from './quiz.types';

/** A completed quiz, kept apart from its session for reporting. */
export interface QuizRecord {
  session_id: string;
  quiz_id: string;
  language: Language;
  started_at: Date;
  completed_at: Date;
  duration_seconds: number;
  /** Question id to option id. */
  answers: Record<string, string>;
  result: QuizOutcome;
}
