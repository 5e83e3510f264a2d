/** Languages the quiz and its messages are written in. */
export const LANGUAGES = ['zh', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Text in every supported language. */
export type LocalizedText = Record<Language, string>;
