// Degenerate fits (issue 10 §7): a perfect fit is a defined result (never NaN), and ratings far
// from 0 are not "constant" because their mean is large.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DriverRow, driverRegression, relativeImportance } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const grid = [1, 2, 3, 4, 5, 6, 7, 8];
const other = (i: number) => (i * 7) % 5;

describe('a perfect fit', () => {
  // score = 1 + 2a + 3b exactly: R's summary(lm(score ~ a + b)) gives coefficients 1, 2, 3,
  // residual SE ~1e-16 and t values of order 1e16 ("essentially perfect fit" warning).
  const rows: DriverRow[] = grid.map((a, i) => ({
    score: 1 + 2 * a + 3 * other(i),
    ratings: { a, b: other(i) },
  }));

  it('gives exact coefficients, se 0, t and pValue null, perfectFit true: no NaN, no Infinity', () => {
    const r = driverRegression(rows);
    expect(r.perfectFit).toBe(true);
    expect(r.r2).toBe(1);
    expect(r.sigma).toBe(0);
    expect(r.intercept).toBeCloseTo(1, 12);
    expect(r.drivers.map((d) => d.coefficient)).toEqual([
      expect.closeTo(2, 12),
      expect.closeTo(3, 12),
    ]);
    for (const d of r.drivers) {
      expect(d.se).toBe(0);
      expect(d.t).toBeNull();
      expect(d.pValue).toBeNull();
    }
    // plain JSON: nothing lost to NaN → null conversion
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('a near-perfect fit with real noise keeps its t statistics', () => {
    const noisy = rows.map((row, i) => ({
      ...row,
      score: row.score + (i % 2 === 0 ? 1e-3 : -1e-3),
    }));
    const r = driverRegression(noisy);
    expect(r.perfectFit).toBe(false);
    expect(r.sigma).toBeGreaterThan(0);
    for (const d of r.drivers) {
      expect(Number.isFinite(d.t)).toBe(true);
      expect(d.pValue).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('ratings far from 0', () => {
  const shifted = (offset: number): DriverRow[] =>
    grid.map((a, i) => ({
      score: 2 * a + other(i) + (i % 3),
      ratings: { a: a + offset, b: other(i) + offset },
    }));

  it('ratings at 1e13 ± 5 are not constant', () => {
    const rows: DriverRow[] = [-5, -3, 0, 2, 5, 1, -1, 4].map((d, i) => ({
      score: d + (i % 3),
      ratings: { x: 1e13 + d },
    }));
    expect(() => driverRegression(rows)).not.toThrow();
    expect(driverRegression(rows).drivers[0]?.coefficient).toBeGreaterThan(0);
  });

  it('a rating that is truly constant at 1e13 still is (constant_driver)', () => {
    const rows: DriverRow[] = grid.map((a) => ({ score: a, ratings: { x: 1e13, y: a } }));
    expect(thrown(() => driverRegression(rows)).code).toBe('constant_driver');
  });

  it('coefficients, se, t, p and R² at offset 1e13 equal those at 0 to 1e-9 relative; the intercept moves by −Σ b·offset', () => {
    const r0 = driverRegression(shifted(0));
    const r13 = driverRegression(shifted(1e13));
    expect(r13.r2).toBeCloseTo(r0.r2, 12);
    r0.drivers.forEach((d, j) => {
      const e = r13.drivers[j];
      for (const key of ['coefficient', 'se', 't', 'pValue', 'vif'] as const) {
        const a = d[key] as number;
        expect(Math.abs(((e?.[key] as number) - a) / a)).toBeLessThan(1e-9);
      }
    });
    const moved = r0.intercept - 1e13 * r0.drivers.reduce((s, d) => s + d.coefficient, 0);
    // the intercept is a difference of terms of size 1e13: about 1e-3 absolute rounding
    expect(Math.abs(r13.intercept - moved)).toBeLessThan(1e-2);
  });

  it('relative importance does not depend on an offset of the ratings (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(-1e12, -1e6, 1, 1e9, 1e13), (offset) => {
        const a = relativeImportance(shifted(0), { metric: 'lmg' });
        const b = relativeImportance(shifted(offset), { metric: 'lmg' });
        a.drivers.forEach((d, j) => {
          expect(b.drivers[j]?.raw).toBeCloseTo(d.raw, 9);
        });
      }),
      { numRuns: 10 },
    );
  });
});
