import { seededRandom } from '@/quiz/seeded-random';

function take(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe(seededRandom.name, () => {
  const sut = seededRandom;

  it('should repeat its sequence for the same seed', () => {
    const first = take(sut(5), 20);

    const second = take(sut(5), 20);

    expect(second).toEqual(first);
  });

  it('should differ between seeds', () => {
    const first = take(sut(1), 5);

    const second = take(sut(2), 5);

    expect(second).not.toEqual(first);
  });

  it.each([0, 1, -1, 2 ** 40])(
    'should stay within [0, 1) and not stall for seed %s',
    (seed) => {
      const values = take(sut(seed), 1000);

      expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(new Set(values).size).toBe(1000);
    },
  );
});
