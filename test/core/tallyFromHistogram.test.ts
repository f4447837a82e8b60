import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  npsInterval,
  type Scheme,
  tally,
  tallyFromHistogram,
  tenPointScheme,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

/** The scores a histogram stands for, each repeated `count` times. */
function expand(counts: ReadonlyMap<number, number>): number[] {
  const out: number[] = [];
  for (const [score, c] of counts) for (let i = 0; i < c; i++) out.push(score);
  return out;
}

describe('tallyFromHistogram', () => {
  it('tallyFromHistogram(object) sums the ten-point bands 8–10 / 6–7 / 1–5 (hand count)', () => {
    // promoters 50 + 20 + 5 = 75; passives 10 + 4 = 14; detractors 3 + 2 + 1 = 6
    expect(tallyFromHistogram({ 10: 50, 9: 20, 8: 5, 7: 10, 6: 4, 5: 3, 3: 2, 1: 1 })).toEqual({
      promoters: 75,
      passives: 14,
      detractors: 6,
      n: 95,
    });
  });

  it('tallyFromHistogram(object, { scheme: classicScheme }) uses 0–6 / 7–8 / 9–10 and accepts 0', () => {
    expect(
      tallyFromHistogram({ 0: 4, 6: 1, 7: 2, 8: 3, 9: 5, 10: 6 }, { scheme: classicScheme }),
    ).toEqual({ promoters: 11, passives: 5, detractors: 5, n: 21 });
  });

  it('tallyFromHistogram(array) is indexed by score under both schemes', () => {
    // ten-point: index 0 is no score, left empty (a hole) or 0
    const ten = [0, 1, 0, 0, 0, 2, 3, 0, 4, 0, 5];
    expect(tallyFromHistogram(ten)).toEqual({ promoters: 9, passives: 3, detractors: 3, n: 15 });
    const holed: number[] = [];
    ten.forEach((c, s) => {
      if (s > 0) holed[s] = c;
    });
    expect(0 in holed).toBe(false);
    expect(tallyFromHistogram(holed)).toEqual(tallyFromHistogram(ten));
    // classic: index 0 is score 0, a detractor
    expect(tallyFromHistogram(ten, { scheme: classicScheme })).toEqual({
      promoters: 5,
      passives: 4,
      detractors: 6,
      n: 15,
    });
    expect(tallyFromHistogram(new Uint32Array(ten))).toEqual(tallyFromHistogram(ten));
  });

  it('tallyFromHistogram(Map) and an object give the same tally', () => {
    const m = new Map([
      [10, 7],
      [4, 2],
    ]);
    expect(tallyFromHistogram(m)).toEqual(tallyFromHistogram({ 10: 7, 4: 2 }));
    expect(tallyFromHistogram(new Map())).toEqual({
      promoters: 0,
      passives: 0,
      detractors: 0,
      n: 0,
    });
  });

  it('counts per score are not weights: the interval is that of the respondents', () => {
    // The trap of the issue: 10 distinct scores with counts as "weights" is n = 10 weighted
    // respondents, and the interval is as wide as ten answers allow.
    const counts = new Map([
      [10, 3100],
      [9, 1900],
      [8, 1400],
      [7, 900],
      [6, 400],
      [5, 300],
      [4, 150],
      [3, 100],
      [2, 50],
      [1, 100],
    ]);
    const fromHistogram = npsInterval(tallyFromHistogram(counts));
    const expanded = npsInterval(expand(counts));
    expect(fromHistogram).toEqual(expanded);
    // hand: P = 6400, D = 700, base P + D = 7100 → NPS = 100 × 5700 / 7100
    expect(fromHistogram.nps).toBe((100 * 5700) / 7100);
    expect(tallyFromHistogram(counts).n).toBe(8400);
    const weighted = tally([...counts.keys()], { weights: [...counts.values()] });
    expect(weighted.n).toBe(10);
    const asWeights = npsInterval(weighted);
    expect(asWeights.nps).toBe(fromHistogram.nps);
    expect(asWeights.high - asWeights.low).toBeGreaterThan(5 * (expanded.high - expanded.low));
  });

  const histogramOf = (scheme: Scheme) =>
    fc
      .array(fc.tuple(fc.integer({ min: scheme.scale[0], max: scheme.scale[1] }), fc.nat(60)), {
        maxLength: 12,
      })
      .map((pairs) => new Map(pairs));

  it.each([
    ['ten-point', tenPointScheme],
    ['classic', classicScheme],
  ] as const)(
    'property (%s): a histogram ≡ its expanded scores, in every input form',
    (_, scheme) => {
      fc.assert(
        fc.property(histogramOf(scheme), (counts) => {
          const expanded = expand(counts);
          const expected = tally(expanded, { scheme });
          const asArray: number[] = [];
          for (const [s, c] of counts) asArray[s] = c;
          const asObject = Object.fromEntries(counts);
          for (const form of [counts, asArray, asObject]) {
            expect(tallyFromHistogram(form, { scheme })).toEqual(expected);
          }
          if (expected.promoters + expected.detractors > 0) {
            expect(npsInterval(tallyFromHistogram(counts, { scheme }), { scheme })).toEqual(
              npsInterval(expanded, { scheme }),
            );
          }
        }),
        { seed: 20261201, numRuns: 200 },
      );
    },
  );

  it('coerce: true accepts trimmed digit strings and safe BigInts', () => {
    expect(tallyFromHistogram({ 10: ' 412 ', 2: 88n }, { coerce: true })).toEqual({
      promoters: 412,
      passives: 0,
      detractors: 88,
      n: 500,
    });
    const big = thrown(() => tallyFromHistogram({ 10: 2n ** 60n }, { coerce: true }));
    expect(big.code).toBe('invalid_count');
    expect(big.path).toEqual(['10']);
    for (const bad of ['4.5', '-3', '', '1e3', 'abc']) {
      expect(thrown(() => tallyFromHistogram({ 9: bad }, { coerce: true })).code).toBe(
        'invalid_count',
      );
    }
  });

  it('without coerce a numeric string or BigInt count says to pass coerce: true', () => {
    const e = thrown(() => tallyFromHistogram({ 10: '412' }));
    expect(e.code).toBe('invalid_count');
    expect(e.path).toEqual(['10']);
    expect(e.message).toMatchInlineSnapshot(
      `"tallyFromHistogram: the count of score 10 must be a non-negative integer count (a number); pass coerce: true to accept numeric strings, received "412""`,
    );
    expect(thrown(() => tallyFromHistogram({ 10: 5n })).message).toContain('pass coerce: true');
  });

  it('invalid_count for negative, fractional, NaN and infinite counts, with the key as path', () => {
    for (const bad of [-1, 2.5, Number.NaN, Infinity, null, true]) {
      const e = thrown(() => tallyFromHistogram({ 7: 1, 3: bad as number }));
      expect(e.code).toBe('invalid_count');
      expect(e.path).toEqual(['3']);
    }
    expect(thrown(() => tallyFromHistogram([0, 1, -2])).path).toEqual([2]);
  });

  it('invalid_count when the total passes 2^53 − 1', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(thrown(() => tallyFromHistogram({ 10: max, 9: max })).code).toBe('invalid_count');
  });

  it('invalid_score for a key that is not an integer score on the scale (path = the key)', () => {
    for (const key of ['11', '0', '-1', '7.5', '07', 'ten', '__proto__', ' 7']) {
      const e = thrown(() => tallyFromHistogram(JSON.parse(`{"${key}": 1}`) as never));
      expect(e.code).toBe('invalid_score');
      expect(e.path).toEqual([key]);
    }
    const m = thrown(() => tallyFromHistogram(new Map([['10', 1]]) as never));
    expect(m.code).toBe('invalid_score');
    expect(thrown(() => tallyFromHistogram(new Map([[11, 1]]))).path).toEqual([11]);
  });

  it('an array with a count at index 0 under the 1..10 scheme is an error, never dropped', () => {
    const e = thrown(() => tallyFromHistogram([5, 1, 1]));
    expect(e.code).toBe('invalid_score');
    expect(e.path).toEqual([0]);
    expect(e.message).toContain('indexed by score');
    expect(thrown(() => tallyFromHistogram([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3])).path).toEqual([
      11,
    ]);
    // zeros off the scale are no respondents
    expect(tallyFromHistogram([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]).n).toBe(1);
  });

  it('invalid_input for counts that are not a collection; invalid_option for bad options', () => {
    for (const bad of [null, undefined, 7, 'abc', { length: -1 }, new Set([10]), new Date(0)]) {
      expect(thrown(() => tallyFromHistogram(bad as never)).code).toBe('invalid_input');
    }
    expect(thrown(() => tallyFromHistogram({}, { coerce: 'yes' } as never)).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => tallyFromHistogram({}, { wieghts: 1 } as never)).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => tallyFromHistogram({}, { scheme: { scale: [1, 5] } as never })).code).toBe(
      'invalid_scheme',
    );
  });

  it('does not mutate its input', () => {
    const counts = Object.freeze({ 10: 3, 1: 1 });
    expect(tallyFromHistogram(counts).n).toBe(4);
    const bare = Object.assign(Object.create(null) as Record<number, number>, { 9: 2 });
    expect(tallyFromHistogram(bare).promoters).toBe(2);
  });
});
