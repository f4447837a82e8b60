import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { hierarchyFromColumns, rollup, trend } from '../../src/index.ts';
import { closest, editDistance } from '../../src/kernels/suggest.ts';
import { thrown } from '../_support/errors.ts';

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as 1 each', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // the textbook Levenshtein example
    expect(editDistance('Aukland', 'Auckland')).toBe(1);
    expect(editDistance('Kiev', 'Kyiv')).toBe(2);
    expect(editDistance('Amercia', 'America')).toBe(1); // one swap, 2 for plain Levenshtein
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, not unrestricted Damerau (2)
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('gives up past the limit with limit + 1', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('property: a metric-like distance, symmetric, 0 only for equal strings, ≤ the longer length', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(editDistance(a, b, d)).toBe(d);
        if (d > 0) expect(editDistance(a, b, d - 1)).toBe(d);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('closest', () => {
  const zones = ['Europe/Paris', 'Europe/Kyiv', 'Pacific/Auckland', 'America/New_York', 'UTC'];

  it('closest(word, candidates) finds the meant candidate, letter case ignored first', () => {
    expect(closest('Europe/Kiev', zones)).toBe('Europe/Kyiv');
    expect(closest('europe/paris', zones)).toBe('Europe/Paris');
    expect(closest('Pacific/Aukland', zones)).toBe('Pacific/Auckland');
    expect(closest('Amercia/New_York', zones)).toBe('America/New_York');
    expect(closest('utc', zones)).toBe('UTC');
    expect(closest('timezone', ['timeZone', 'weekStartsOn', 'from', 'to'])).toBe('timeZone');
    expect(closest('Timezone', ['timezones', 'timeZone'])).toBe('timeZone');
  });

  it('closest returns undefined when nothing is close, or for the word itself', () => {
    expect(closest('Mars/Olympus', zones)).toBeUndefined();
    expect(closest('bogus', ['scheme', 'weights'])).toBeUndefined();
    expect(closest('UTC', ['UTC'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});

describe('suggestions in error messages', () => {
  it("an unrecognized option key says: did you mean 'timeZone'?", () => {
    const e = thrown(() =>
      trend([{ score: 9, at: 0 }], { period: 'month', timezone: 'UTC' } as never),
    );
    expect(e.code).toBe('invalid_option');
    expect(e.message).toBe(
      `trend: options must be an object without the unknown key "timezone" (did you mean 'timeZone'?), received an object`,
    );
    expect(
      thrown(() =>
        rollup(hierarchyFromColumns([{ s: 'a' }], { levels: ['s'] }), [], {
          minsample: 3,
        } as never),
      ).message,
    ).toContain("(did you mean 'minSample'?)");
    // nested: the keys of the object at the path
    expect(
      thrown(() =>
        hierarchyFromColumns([{ s: 'a' }], { levels: ['s'], root: { Id: 'x' } } as never),
      ).message,
    ).toContain(
      'options.root must be an object without the unknown key "Id" (did you mean \'id\'?)',
    );
  });

  it('no suggestion when no known key is close', () => {
    const e = thrown(() => trend([{ score: 9, at: 0 }], { period: 'month', bogus: 1 } as never));
    expect(e.message).not.toContain('did you mean');
  });

  it('an unknown time zone suggests the nearest IANA zone of the runtime', () => {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    const run = (timeZone: string) =>
      thrown(() => trend([{ score: 9, at: 0 }], { period: 'month', timeZone }));
    const e = run('Pacific/Aukland');
    expect(e.code).toBe('invalid_time_zone');
    expect(e.message).toBe(
      `trend: timeZone must be an IANA time zone name, received "Pacific/Aukland"; did you mean 'Pacific/Auckland'?`,
    );
    expect(run('europe/pariss').message).toContain("did you mean 'Europe/Paris'?");
    // Kiev or Kyiv, whichever name the runtime's time-zone data lists
    const kyiv = zones.has('Europe/Kyiv') ? 'Europe/Kyiv' : 'Europe/Kiev';
    expect(run('Europe/Kyivv').message).toContain(`did you mean '${kyiv}'?`);
    expect(run('Mars/Olympus').message).not.toContain('did you mean');
  });

  it('the zone list is read only when a zone is refused', () => {
    const spy = vi.spyOn(Intl, 'supportedValuesOf');
    try {
      trend([{ score: 9, at: 0 }], { period: 'month', timeZone: 'Europe/Paris' });
      expect(spy).not.toHaveBeenCalled();
      thrown(() => trend([{ score: 9, at: 0 }], { period: 'month', timeZone: 'Europe/Pari' }));
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
