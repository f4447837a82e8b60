import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicScheme } from '../../src/core/scheme.ts';
import { type Tally, tallyFromCounts } from '../../src/core/tally.ts';
import { NpsInputError } from '../../src/errors.ts';
import { trendTest } from '../../src/trend/trendTest.ts';

const series = (tallies: Tally[]) => ({
  points: tallies.map((total) => ({ start: '', end: '', total })),
});
const t = (promoters: number, passives: number, detractors: number) =>
  tallyFromCounts({ promoters, passives, detractors });

// Reference: R 4.x, script below (run with Rscript), output copied digit for digit.
//   P <- c(12, 20, 0, 15, 9, 30, 11); A <- c(5, 3, 4, 6, 2, 7, 5); D <- c(8, 6, 0, 9, 12, 0, 4)
//   x <- 0:6; m <- P + D; y <- 100 * (P - D) / m
//   v <- (P / m + D / m - ((P - D) / m)^2) / m
//   pa <- P[6] + 0.75; da <- D[6] + 0.75; ma <- pa + da       # zero-variance floor, period 6
//   v[6] <- (pa / ma + da / ma - ((pa - da) / ma)^2) / ma
//   use <- m > 0; w <- 1 / (1e4 * v[use])
//   s <- summary(lm(y[use] ~ x[use], weights = w))
//   s$coefficients; s$sigma; s$coefficients[2, 2] / s$sigma
const R = {
  intercept: 20.655389801713753,
  slope: 13.915169309275756,
  se: 8.7445141488141349,
  t: 1.59130273820448065,
  p: 0.1867530203520876,
  seKnown: 3.086416209244724,
  pKnown: 6.5281405959058892e-6,
};

describe('trendTest', () => {
  const data = series([
    t(12, 5, 8),
    t(20, 3, 6),
    t(0, 4, 0), // passives only: empty base, skipped
    t(15, 6, 9),
    t(9, 2, 12),
    t(30, 7, 0), // all promoters: variance floored at the adjusted counts
    t(11, 5, 4),
  ]);

  it("matches R's lm(y ~ x, weights = 1/var) (estimated scale)", () => {
    const r = trendTest(data);
    expect(r.slope).toBeCloseTo(R.slope, 10);
    expect(r.intercept).toBeCloseTo(R.intercept, 10);
    expect(r.se).toBeCloseTo(R.se, 10);
    expect(r.statistic).toBeCloseTo(R.t, 10);
    expect(r.df).toBe(4);
    expect(r.pValue).toBeCloseTo(R.p, 9);
    expect(r.periods).toBe(6);
    expect(r.skipped).toStrictEqual([2]);
    expect(r.scale).toBe('estimated');
  });

  it('known scale: se = lm se / sigma, z test', () => {
    const r = trendTest(data, { scale: 'known' });
    expect(r.slope).toBeCloseTo(R.slope, 10);
    expect(r.se).toBeCloseTo(R.seKnown, 10);
    expect(r.pValue).toBeCloseTo(R.pKnown, 14);
    expect(r.df).toBeNull();
  });

  it('a perfectly linear series has the exact slope (hand-computed)', () => {
    // NPS 0, 20, 40 on bases of 100: slope 20 per period; known-scale se = 1/√Sxx with
    // w = 1/100, 1/96, 1/84 (variances (1 − nps²)/100 in NPS points²).
    const r = trendTest(series([t(50, 0, 50), t(60, 0, 40), t(70, 0, 30)]), { scale: 'known' });
    const [w0, w1, w2] = [1 / 100, 1 / 96, 1 / 84];
    const xbar = (w1 + 2 * w2) / (w0 + w1 + w2);
    const sxx = w0 * xbar ** 2 + w1 * (1 - xbar) ** 2 + w2 * (2 - xbar) ** 2;
    expect(r.slope).toBeCloseTo(20, 12);
    expect(r.intercept).toBeCloseTo(0, 12);
    expect(r.se).toBeCloseTo(1 / Math.sqrt(sxx), 12);
  });

  it('uses the scheme base: classic scheme counts passives', () => {
    const r = trendTest(series([t(5, 5, 0), t(5, 0, 5), t(0, 5, 5)]), {
      scheme: classicScheme,
      scale: 'known',
    });
    expect(r.periods).toBe(3);
    expect(r.slope).toBeLessThan(0);
  });

  it('reversing the series negates the slope (property)', () => {
    const cell = fc.tuple(fc.nat(40), fc.nat(10), fc.nat(40));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 3, maxLength: 12 }), (cells) => {
        const ts = cells.map(([p, a, d]) => t(p + 1, a, d + 1));
        const f = trendTest(series(ts));
        const b = trendTest(series([...ts].reverse()));
        expect(b.slope).toBeCloseTo(-f.slope, 8);
        expect(b.se).toBeCloseTo(f.se, 8);
        expect(b.pValue).toBeCloseTo(f.pValue, 8);
      }),
      { numRuns: 100 },
    );
  });

  it('errors: too few periods, malformed series, bad option', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(NpsInputError);
        return (e as NpsInputError).code;
      }
      return 'no error';
    };
    expect(code(() => trendTest(series([t(1, 0, 1), t(2, 0, 1), t(0, 3, 0)])))).toBe(
      'too_few_rows',
    );
    expect(code(() => trendTest(series([t(1, 0, 1), t(2, 0, 1)]), { scale: 'known' }))).toBe(
      'no error',
    );
    expect(
      code(() => trendTest({ points: [{ start: '', end: '', total: { promoters: -1 } }] })),
    ).toBe('invalid_count');
    expect(code(() => trendTest(null as never))).toBe('invalid_input');
    expect(code(() => trendTest(series([]), { scale: 'wrong' as never }))).toBe('invalid_option');
  });

  it('does not mutate its input', () => {
    const s = series([t(3, 1, 2), t(4, 0, 1), t(1, 1, 5)]);
    const copy = structuredClone(s);
    trendTest(Object.freeze(s));
    expect(s).toStrictEqual(copy);
  });
});
