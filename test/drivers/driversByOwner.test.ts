import { describe, expect, it } from 'vitest';
import {
  driverPerformance,
  driversByOwner,
  importancePerformance,
  relativeWeights,
  shapley,
} from '../../src/index.ts';

const imp = {
  drivers: [
    { driver: 'politeness', raw: 0.2 },
    { driver: 'price', raw: 0.15 },
    { driver: 'assortment', raw: 0.1 },
    { driver: '__proto__', raw: 0.05 },
  ],
};

describe('driversByOwner', () => {
  it('sums importance by owning level, largest first; unowned drivers under null', () => {
    const owners = new Map([
      ['politeness', 'store'],
      ['price', 'head office'],
      ['assortment', 'head office'],
      ['delivery', 'logistics'], // not in the result: ignored
    ]);
    const r = driversByOwner(imp, owners);
    expect(r.map((o) => o.owner)).toEqual(['head office', 'store', null]);
    expect(r[0]?.raw).toBeCloseTo(0.25, 15);
    expect(r[0]?.share).toBeCloseTo(0.5, 15);
    expect(r[0]?.drivers).toEqual(['price', 'assortment']);
    expect(r[2]?.drivers).toEqual(['__proto__']);
    expect(r.reduce((s, o) => s + o.share, 0)).toBeCloseTo(1, 15);
  });

  it('works on a shapley result: level shares sum to 1', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      score: (i % 5) + (i % 3) + ((i * 7) % 4),
      ratings: { a: i % 5, b: i % 3, c: (i * 7) % 4 },
    }));
    const r = driversByOwner(shapley(rows), new Map([['a', 'store']]));
    expect(r.reduce((s, o) => s + o.share, 0)).toBeCloseTo(1, 12);
  });

  it('rejects a plain object', () => {
    expect(() =>
      driversByOwner(imp, { politeness: 'store' } as unknown as Map<string, string>),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('rejects a non-finite importance instead of returning NaN shares', () => {
    const bad = { drivers: [...imp.drivers, { driver: 'speed', raw: Number.NaN }] };
    expect(() => driversByOwner(bad, new Map([['speed', 'store']]))).toThrow(
      expect.objectContaining({ code: 'non_finite', path: ['importance', 'drivers', 'speed'] }),
    );
  });
});

describe('importancePerformance', () => {
  const perf = new Map([
    ['politeness', 6],
    ['price', 8],
    ['assortment', 5],
    ['__proto__', 9],
  ]);
  it('splits at the means by default (importance 0.125, performance 7)', () => {
    expect(importancePerformance(imp, perf).map((d) => d.quadrant)).toEqual([
      'fix_first',
      'maintain',
      'low_priority',
      'possible_overkill',
    ]);
  });
  it('uses configured cut points', () => {
    const r = importancePerformance(imp, perf, { importanceCut: 0.05, performanceCut: 5.5 });
    expect(r.map((d) => d.quadrant)).toEqual(['maintain', 'maintain', 'fix_first', 'maintain']);
  });
  it('errors on a driver without performance', () => {
    expect(() => importancePerformance(imp, new Map([['price', 1]]))).toThrow(
      expect.objectContaining({ code: 'unknown_driver' }),
    );
  });
});

describe('importancePerformance: cut points', () => {
  const perf = new Map([
    ['politeness', 6],
    ['price', 8],
    ['assortment', 5],
    ['__proto__', 9],
  ]);
  it("'median' cuts: importance median 0.125, performance median 7", () => {
    const r = importancePerformance(imp, perf, {
      importanceCut: 'median',
      performanceCut: 'median',
    });
    expect(r.map((d) => d.quadrant)).toEqual([
      'fix_first',
      'maintain',
      'low_priority',
      'possible_overkill',
    ]);
    // median differs from mean here: performance 1, 2, 3, 100 → mean 26.5, median 2.5
    const skewed = new Map([
      ['politeness', 1],
      ['price', 2],
      ['assortment', 3],
      ['__proto__', 100],
    ]);
    expect(importancePerformance(imp, skewed).map((d) => d.quadrant)).toEqual([
      'fix_first',
      'fix_first',
      'low_priority',
      'possible_overkill',
    ]);
    expect(
      importancePerformance(imp, skewed, { performanceCut: 'median' }).map((d) => d.quadrant),
    ).toEqual(['fix_first', 'fix_first', 'possible_overkill', 'possible_overkill']);
  });
  it('rejects a bad cut', () => {
    expect(() =>
      importancePerformance(imp, perf, { importanceCut: 'mode' as unknown as 'mean' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});

describe('driverPerformance', () => {
  const rows = [
    { score: 9, ratings: { speed: 9, price: 6 } },
    { score: 7, ratings: { speed: 7, price: null } },
    { score: 10, ratings: { speed: 10, price: 8 } },
    { score: 3, ratings: { speed: 2, price: 0 } },
  ];
  it('mean rating and top-box share over the responses that rate each driver', () => {
    expect([...driverPerformance(rows)]).toEqual([
      ['speed', 7],
      ['price', 14 / 3],
    ]);
    expect([...driverPerformance(rows, { notApplicable: [0] })]).toEqual([
      ['speed', 7],
      ['price', 7],
    ]);
    expect([...driverPerformance(rows, { measure: 'top-box' })]).toEqual([
      ['speed', 0.5],
      ['price', 0],
    ]);
    expect([
      ...driverPerformance(rows, { measure: 'top-box', topBox: 8, drivers: ['price'] }),
    ]).toEqual([['price', 1 / 3]]);
    const cols = { score: [1, 2], ratings: { a: [Number.NaN, Number.NaN], b: [1, 2] } };
    expect(driverPerformance(cols).get('a')).toBeNaN();
  });
  it('feeds the fix-first matrix (top-box performance against relative weights)', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      score: (i % 10) + 1,
      ratings: { speed: (i % 10) + 1, price: ((i * 3) % 10) + 1 },
    }));
    const q = importancePerformance(
      relativeWeights(many),
      driverPerformance(many, { measure: 'top-box' }),
    );
    expect(q.map((d) => d.driver)).toEqual(['speed', 'price']);
    expect(q[0]?.performance).toBeCloseTo(0.2, 14);
  });
  it('errors', () => {
    expect(() => driverPerformance(rows, { measure: 'max' as unknown as 'mean' })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => driverPerformance(rows, { drivers: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'unknown_driver' }),
    );
  });
});
