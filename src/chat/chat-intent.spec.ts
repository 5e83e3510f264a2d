import {
  AGREEING_PHRASES,
  detectIntent,
  INTENT_WORDS,
  START_REPLIES,
} from '@/chat/chat-intent';

describe(detectIntent.name, () => {
  const sut = detectIntent;

  it.each(INTENT_WORDS.start)('should read the start word %j', (word) => {
    const intent = sut(word);

    expect(intent).toBe('start');
  });

  it.each(START_REPLIES)('should read the short reply %j as start', (word) => {
    const intent = sut(`${word}!`);

    expect(intent).toBe('start');
  });

  it.each(INTENT_WORDS.refuse)('should read the refusal %j', (word) => {
    const intent = sut(word);

    expect(intent).toBe('refuse');
  });

  it.each(INTENT_WORDS.pause)('should read the pause word %j', (word) => {
    const intent = sut(word);

    expect(intent).toBe('pause');
  });

  it.each(INTENT_WORDS.resume)('should read the resume word %j', (word) => {
    const intent = sut(word);

    expect(intent).toBe('resume');
  });

  it.each([
    ['我們開始吧', 'start'],
    ['好啊，開始測驗', 'start'],
    ['来玩吧', 'start'],
    ["OK, let's go!", 'start'],
    ['Start the quiz please', 'start'],
    ['START', 'start'],
    ['Let’s go', 'start'],
    ['可以暫停一下嗎？', 'pause'],
    ['Stop.', 'pause'],
    ['I need a BREAK', 'pause'],
    ['請繼續', 'resume'],
    ['Please continue', 'resume'],
    ["let's go on", 'resume'],
  ])('should read the sentence %j as %s', (message, expected) => {
    const intent = sut(message);

    expect(intent).toBe(expected);
  });

  it.each([
    '不要開始',
    '不想玩',
    '算了，不用測驗',
    "don't start",
    'Don’t start the quiz',
    'dont play',
    'no quiz',
    'No, thanks. Let us not start',
    'not now, maybe start later',
    'skip the quiz',
    'cancel the test and quiz',
    'I do not want to begin',
  ])('should let the refusal in %j win over start', (message) => {
    const intent = sut(message);

    expect(intent).toBe('refuse');
  });

  it.each([
    ['不要暫停', 'refuse'],
    ["don't stop", 'refuse'],
    ['暫停，等下再繼續', 'pause'],
    ['continue the quiz', 'resume'],
    ['繼續玩', 'resume'],
  ])('should rank %j as %s', (message, expected) => {
    const intent = sut(message);

    expect(intent).toBe(expected);
  });

  it.each([
    ['要不要玩？', 'start'],
    ['想不想開始', 'start'],
    ['沒問題，開始吧', 'start'],
    ['No problem, start', 'start'],
    ['no worries, let’s play', 'start'],
  ])('should not take the agreeing %j as a refusal', (message, expected) => {
    const intent = sut(message);

    expect(intent).toBe(expected);
  });

  it('should list the agreeing phrases it blanks out', () => {
    expect(AGREEING_PHRASES).toEqual(
      expect.arrayContaining(['要不要', 'no problem']),
    );
  });

  it.each([
    'display',
    'replay',
    'playground',
    'restart',
    'starting',
    'stopwatch',
    'nonstop',
    'breakfast',
    'notice',
    'know',
    'nobody',
    'nothing',
    'laterally',
    'skipper',
    'cancellation',
    'beginner',
    'quizzical',
    'continued',
    'pauses',
    'bookshop',
  ])('should not match inside the word %j', (message) => {
    const intent = sut(message);

    expect(intent).toBe('none');
  });

  it.each([
    '',
    '   ',
    'hello',
    '你好',
    '好不好看？',
    'ok, what is this?',
    'is it okay to wear silver?',
    'yes I like blue',
    'what colours suit me?',
  ])('should find no intent in %j', (message) => {
    const intent = sut(message);

    expect(intent).toBe('none');
  });

  it.each([
    ['ＳＴＡＲＴ', 'start'],
    ['ｐａｕｓｅ', 'pause'],
    ['ｎｏ', 'refuse'],
    ['ｃｏｎｔｉｎｕｅ！', 'resume'],
  ])('should fold the full-width %j to %s', (message, expected) => {
    const intent = sut(message);

    expect(intent).toBe(expected);
  });
});
