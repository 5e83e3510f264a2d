/** Injection token for the random source the quiz draws with: () => [0, 1). */
export const QUIZ_RANDOM = Symbol('QUIZ_RANDOM');

/** Number of questions in one quiz. */
export const QUIZ_LENGTH = 5;

/** The category every quiz draws exactly one question from. */
export const PERSONALITY_CATEGORY = 'personality';
