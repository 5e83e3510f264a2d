/** Parsers for raw environment strings; each returns a value or an error. */
export type Parsed<T> = { value: T } | { error: string };

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function parseBoolean(raw: string): Parsed<boolean> {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };

  return { error: 'must be one of true, false, 1, 0, yes, no' };
}

export function parseInteger(
  min: number,
  max: number,
): (raw: string) => Parsed<number> {
  return (raw) => {
    const text = raw.trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      return { error: `must be a whole number from ${min} to ${max}` };
    }

    return { value };
  };
}

export function parseString(raw: string): Parsed<string> {
  const value = raw.trim();

  return value ? { value } : { error: 'must not be empty' };
}

export function parseOneOf<T extends string>(
  choices: readonly T[],
): (raw: string) => Parsed<T> {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;

    return choices.includes(value)
      ? { value }
      : { error: `must be one of ${choices.join(', ')}` };
  };
}

export function parseMongoUri(raw: string): Parsed<string> {
  const value = raw.trim();
  if (!/^mongodb(\+srv)?:\/\/[^/?#]+/.test(value)) {
    return { error: 'must be a mongodb:// or mongodb+srv:// URI' };
  }

  return { value };
}

export function parseHttpUrl(raw: string): Parsed<string> {
  const value = raw.trim();
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return { value };
    }
  } catch {
    // fall through to the error below
  }

  return { error: 'must be an http:// or https:// URL' };
}

export function parseRedisUrl(raw: string): Parsed<string> {
  const value = raw.trim();

  return /^rediss?:\/\/.+/.test(value)
    ? { value }
    : { error: 'must be a redis:// or rediss:// URL' };
}

export function parseList(raw: string): Parsed<string[]> {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

  return { value: items };
}
