import { pickOne, randomIndex, shuffled } from '@/quiz/random-index';
import { seededRandom } from '@/quiz/seeded-random';

describe(randomIndex.name, () => {
  const sut = randomIndex;

  it('should map [0, 1) onto 0 to length - 1', () => {
    const values = [0, 0.2, 0.5, 0.999999];

    const indexes = values.map((value) => sut(() => value, 5));

    expect(indexes).toEqual([0, 1, 2, 4]);
  });

  it.each([1, -0.1, Number.NaN, Infinity])(
    'should throw when random returns %s',
    (value) => {
      const act = () => sut(() => value, 5);

      expect(act).toThrow(/expected a number in \[0, 1\)/);
    },
  );
});

describe(pickOne.name, () => {
  const sut = pickOne;

  it('should pick the item the random value points at', () => {
    const items = ['a', 'b', 'c'];

    const picked = sut(() => 0.5, items);

    expect(picked).toBe('b');
  });
});

describe(shuffled.name, () => {
  const sut = shuffled;

  it('should return a permutation and leave the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6];

    const result = sut(seededRandom(9), items);

    expect([...result].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should put every item first for some seed', () => {
    const items = ['a', 'b', 'c', 'd'];
    const seeds = Array.from({ length: 200 }, (_, seed) => seed);

    const firsts = seeds.map((seed) => sut(seededRandom(seed), items)[0]);

    expect(new Set(firsts)).toEqual(new Set(items));
  });
});
