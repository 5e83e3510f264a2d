export type ChatIntent = 'start' | 'refuse' | 'pause' | 'resume' | 'none';

type MatchedIntent = Exclude<ChatIntent, 'none'>;

/**
 * Words that signal each intent. Latin words match whole words only,
 * case-insensitively; Chinese words match anywhere in the message.
 */
export const INTENT_WORDS: Readonly<Record<MatchedIntent, readonly string[]>> =
  {
    refuse: [
      ...['不要', '不想', '算了', '不用', '不玩', '不必', '免了', '先不'],
      ...['沒興趣', '没兴趣', '下次', '改天', '取消', '跳過', '跳过'],
      ...['no', 'nope', 'nah', "don't", 'dont', 'do not', "won't", 'wont'],
      ...['not now', 'not today', 'skip', 'later', 'cancel'],
      ...['not interested', 'never mind', 'nevermind'],
    ],
    pause: [
      ...['中斷', '中断', '暫停', '暂停', '休息', '等一下', '先停'],
      ...['pause', 'stop', 'break', 'hold on'],
    ],
    resume: [
      ...['繼續', '继续', '接續', '接续'],
      ...['continue', 'resume', 'go on', 'carry on'],
    ],
    start: [
      ...['開始', '开始', '測驗', '测验', '測試', '测试', '玩', '出題', '出题'],
      ...['start', 'quiz', 'play', 'begin', "let's go", 'lets go'],
      ...['go ahead', 'why not'],
    ],
  };

/**
 * Short replies that mean "start" only when they are the whole message:
 * "好" alone agrees, but "你好" greets and "ok, what is this?" asks.
 */
export const START_REPLIES: readonly string[] = [
  ...['好', '好啊', '好的', '好喔', '好呀', '可以', '來吧', '来吧'],
  ...['ok', 'okay', 'sure', 'yes', 'yep', 'yeah'],
];

/**
 * Agreeing phrases that contain a refusal word ("要不要玩?" asks "shall we
 * play?"); they are blanked out before the refusal words are looked for.
 */
export const AGREEING_PHRASES: readonly string[] = [
  ...['要不要', '想不想', '沒問題', '没问题'],
  ...['no problem', 'no worries'],
];

// A refusal overrides everything ("don't start"), and returning to a
// paused quiz outranks starting one ("let's go on").
const PRECEDENCE: readonly MatchedIntent[] = [
  'refuse',
  'pause',
  'resume',
  'start',
];

const LATIN_EDGE = '[\\p{Script=Latin}\\p{N}]';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Latin words must not touch other Latin letters or digits. */
function wholeWord(word: string): string {
  const body = escape(word).replace(/ /g, '\\s+');

  return `(?<!${LATIN_EDGE})${body}(?!${LATIN_EDGE})`;
}

function phrasePattern(words: readonly string[]): RegExp {
  const alternatives = words.map((word) =>
    /[a-z]/.test(word) ? wholeWord(word) : escape(word),
  );

  return new RegExp(alternatives.join('|'), 'u');
}

const INTENT_PATTERNS = PRECEDENCE.map(
  (intent) => [intent, phrasePattern(INTENT_WORDS[intent])] as const,
);
const AGREEING_PATTERN = new RegExp(phrasePattern(AGREEING_PHRASES), 'gu');

function normalize(message: string): string {
  return message
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .trim();
}

/** What a free-text chat message asks the quiz to do, if anything. */
export function detectIntent(message: string): ChatIntent {
  const text = normalize(message);
  const bare = text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
  if (START_REPLIES.includes(bare)) {
    return 'start';
  }

  const scanned = text.replace(AGREEING_PATTERN, ' ');
  const match = INTENT_PATTERNS.find(([, pattern]) => pattern.test(scanned));

  return match ? match[0] : 'none';
}
