import { Language, LocalizedText } from '@/common/language';

/** The five colour-taste dimensions every answer scores. */
export const COLOR_DIMENSIONS = [
  'metal',
  'cool',
  'warm',
  'dark',
  'colorful',
] as const;

export type ColorDimension = (typeof COLOR_DIMENSIONS)[number];

export type ColorScores = Record<ColorDimension, number>;

export interface QuizOption {
  /** Letter shown on the button: A, B, C... */
  id: string;
  label: LocalizedText;
  dimension: ColorDimension;
  points: number;
}

export interface QuizQuestion {
  id: string;
  category: string;
  prompt: LocalizedText;
  options: QuizOption[];
}

export interface RecommendedColor {
  name: LocalizedText;
  hex: string;
}

export interface QuizResultProfile {
  /** Stable id, the dimension it belongs to: `result-metal`... */
  id: string;
  dimension: ColorDimension;
  title: LocalizedText;
  description: LocalizedText;
  colors: RecommendedColor[];
}

/** A result as kept in a session and a quiz record, in one language. */
export interface QuizOutcome {
  result_id: string;
  dimension: ColorDimension;
  title: string;
  description: string;
  colors: { name: string; hex: string }[];
  scores: ColorScores;
  language: Language;
}
