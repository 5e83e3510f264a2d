/** Spreads neighbouring seeds apart so their sequences start unrelated. */
function scramble(seed: number): number {
  let h = seed >>> 0;
  for (let round = 0; round < 3; round++) {
    h = Math.imul(h ^ (h >>> 16), 0x2c1b3c6d) >>> 0;
  }

  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * A small repeatable [0, 1) source (xorshift32) for tests and replays; not
 * for anything that must be unpredictable.
 */
export function seededRandom(seed: number): () => number {
  // xorshift is stuck at zero, so a zero state is moved off it.
  let state = scramble(seed) || 1;

  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;

    return state / 0x100000000;
  };
}
