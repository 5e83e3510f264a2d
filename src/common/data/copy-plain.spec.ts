import { copyPlain } from './copy-plain';

describe(copyPlain.name, () => {
  it('should copy nested objects, arrays and dates without sharing them', () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const original = {
      id: 's1',
      count: 2,
      flag: false,
      none: null,
      nested: { list: [1, { deep: 'x' }], at },
      history: [{ role: 'user', at }],
    };

    const sut = copyPlain(original);

    expect(sut).toEqual(original);
    expect(sut.nested).not.toBe(original.nested);
    expect(sut.nested.list[1]).not.toBe(original.nested.list[1]);
    expect(sut.nested.at).not.toBe(at);
    expect(sut.nested.at).toBeInstanceOf(Date);
    expect(sut.history[0].at.getTime()).toBe(at.getTime());
  });

  it('should copy a date made in another realm as a date', () => {
    const foreign = structuredClone({ at: new Date(0) });

    const sut = copyPlain(foreign);

    expect(sut.at).toBeInstanceOf(Date);
    expect(sut.at.getTime()).toBe(0);
  });
});
