import { describe, expect, it } from 'vitest';
import { driversByOwner, importancePerformance, shapley } from '../../src/index.ts';

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
      'fix-first',
      'maintain',
      'low-priority',
      'possible-overkill',
    ]);
  });
  it('uses configured cut points', () => {
    const r = importancePerformance(imp, perf, { importanceCut: 0.05, performanceCut: 5.5 });
    expect(r.map((d) => d.quadrant)).toEqual(['maintain', 'maintain', 'fix-first', 'maintain']);
  });
  it('errors on a driver without performance', () => {
    expect(() => importancePerformance(imp, new Map([['price', 1]]))).toThrow(
      expect.objectContaining({ code: 'unknown_driver' }),
    );
  });
});
