import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareResponders } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const repeat = (k: number, row: Record<string, string>) => Array.from({ length: k }, () => row);

// 40 responders: region 30 north / 10 south; age 12 / 20 / 8; channel 25 / 12 / 3
const ages = [
  ...repeat(12, { age: 'young' }),
  ...repeat(20, { age: 'mid' }),
  ...repeat(8, { age: 'old' }),
];
const channels = [
  ...repeat(25, { channel: 'web' }),
  ...repeat(12, { channel: 'store' }),
  ...repeat(3, { channel: 'phone' }),
];
const rows = ages.map((a, i) => ({
  region: i < 30 ? 'north' : 'south',
  ...a,
  ...(channels[i] as Record<string, string>),
}));
const margins = {
  region: { north: 0.5, south: 0.5 },
  age: { young: 0.3, mid: 0.35, old: 0.35 },
  channel: { web: 0.5, store: 0.3, phone: 0.2 },
};

describe('compareResponders(rows, { margins })', () => {
  it('equals R chisq.test(x, p) per variable (test/reference/compareResponders.R)', () => {
    const r = compareResponders(rows, { margins });
    expect(r.n).toBe(40);
    const [region, age, channel] = r.variables;
    expect(region?.chiSquare).toBeCloseTo(10, 12);
    expect(region?.df).toBe(1);
    expect(region?.pValue).toBeCloseTo(0.00156540225800255, 12);
    expect(age?.chiSquare).toBeCloseTo(5.14285714285714, 12);
    expect(age?.df).toBe(2);
    expect(age?.pValue).toBeCloseTo(0.0764262869907681, 12);
    expect(channel?.chiSquare).toBeCloseTo(4.375, 12);
    expect(channel?.pValue).toBeCloseTo(0.112196890520344, 12);
    // expected phone responders 40 × 0.2 = 8 ≥ 5: Cochran's rule holds
    expect(channel?.smallExpected).toBe(false);
  });

  it('gives the shares side by side (hand-computed)', () => {
    const r = compareResponders(rows, { margins });
    // rounded to 12 decimals: 0.5 − 0.35 is 0.15000000000000002 in binary floating point
    const round = (x: number | null) => (x === null ? null : Math.round(x * 1e12) / 1e12);
    const got = (r.variables[1]?.categories ?? []).map((c) => ({
      ...c,
      share: round(c.share),
      expected: round(c.expected),
      difference: round(c.difference),
      ratio: round(c.ratio),
    }));
    expect(got).toEqual([
      {
        category: 'young',
        responders: 12,
        share: 0.3,
        population: 0.3,
        expected: 12,
        difference: 0,
        ratio: 1,
      },
      {
        category: 'mid',
        responders: 20,
        share: 0.5,
        population: 0.35,
        expected: 14,
        difference: 0.15,
        ratio: 1.428571428571,
      },
      {
        category: 'old',
        responders: 8,
        share: 0.2,
        population: 0.35,
        expected: 14,
        difference: -0.15,
        ratio: 0.571428571429,
      },
    ]);
  });

  it('accepts invited counts as totals; the shares and the test are the same', () => {
    const totals = { region: { north: 500, south: 500 } };
    const r = compareResponders(rows, { margins: totals, targets: 'totals' });
    expect(r.variables[0]?.chiSquare).toBeCloseTo(10, 12);
  });

  it('a population-0 category is left out of the test; with responders in it, an error', () => {
    const r = compareResponders(rows, { margins: { region: { north: 0.5, south: 0.5, east: 0 } } });
    expect(r.variables[0]?.df).toBe(1);
    expect(r.variables[0]?.categories[2]?.ratio).toBeNull();
    const e = thrown(() =>
      compareResponders(rows, { margins: { region: { north: 1, south: 0 } } }),
    );
    expect(e.code).toBe('invalid_margin');
    expect(e.path).toEqual(['margins', 'region', 'south']);
    const one = compareResponders([{ r: 'a' }], { margins: { r: { a: 1 } } });
    expect(one.variables[0]?.pValue).toBeNull();
    expect(one.variables[0]?.smallExpected).toBe(true);
  });

  it('totals whose sum overflows: invalid_margin on the margin, not a misleading population 0', () => {
    const e = thrown(() =>
      compareResponders([{ a: 'x' }, { a: 'y' }], {
        margins: { a: { x: 1e308, y: 1e308 } },
        targets: 'totals',
      }),
    );
    expect(e.code).toBe('invalid_margin');
    expect(e.path).toEqual(['margins', 'a']);
  });

  it('responders drawn in the population shares give X² = 0 and p = 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 5 }),
        (k) => {
          const total = k.reduce((a, b) => a + b, 0);
          const data = k.flatMap((c, j) => repeat(c, { v: `c${String(j)}` }));
          const m = { v: Object.fromEntries(k.map((c, j) => [`c${String(j)}`, c / total])) };
          const r = compareResponders(data, { margins: m });
          expect(r.variables[0]?.chiSquare).toBeCloseTo(0, 9);
          expect(r.variables[0]?.pValue).toBeCloseTo(1, 6);
        },
      ),
    );
  });

  it('bad input: typed errors', () => {
    expect(thrown(() => compareResponders([], { margins })).code).toBe('empty');
    expect(thrown(() => compareResponders([{ region: 'west' }], { margins })).code).toBe(
      'unknown_category',
    );
    expect(thrown(() => compareResponders(rows, { margins, weights: [1] } as never)).code).toBe(
      'invalid_option',
    );
  });
});
