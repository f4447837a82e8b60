import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  differenceDistributions,
  interpolatedQuantile,
} from '../../src/kernels/discrete.ts';

/** C(m, k)·π^k·(1 − π)^(m − k) by a product (independent of the incomplete beta). */
function dbinom(k: number, m: number, pi: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c *= (m - k + i) / i;
  return c * pi ** k * (1 - pi) ** (m - k);
}

describe('discrete kernels', () => {
  it('binomialCdf is the running sum of the binomial pmf (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (m, pi) => {
          let s = 0;
          for (let k = 0; k <= m; k++) {
            s += dbinom(k, m, pi);
            expect(binomialCdf(k, m, pi)).toBeCloseTo(s, 12);
          }
          expect(binomialCdf(-1, m, pi)).toBe(0);
          expect(binomialCdf(m, m, pi)).toBe(1);
        },
      ),
    );
  });

  it('interpolatedQuantile: Spiegelhalter appendix A.1.1 by hand', () => {
    // B(5, 0.8), p = 0.001: F(0) = 0.00032, F(1) = 0.00672 → r = 1,
    // α = (0.00672 − 0.001)/(0.00672 − 0.00032) = 0.89375, limit 0.10625.
    const q = interpolatedQuantile((k) => binomialCdf(k, 5, 0.8), 0, 5, 0.001);
    expect(q.r).toBe(1);
    expect(q.limit).toBeCloseTo(0.10625, 12);
  });

  it('differenceDistributions: total 1, mean m(p − d), variance m·((p + d) − (p − d)²)', () => {
    const sizes = [1, 2, 7, 50, 400];
    const seen: number[] = [];
    differenceDistributions(sizes, 0.5, 0.3, 0.2, (m, pmf, offset, lo, hi) => {
      seen.push(m);
      let t = 0;
      let mean = 0;
      let sq = 0;
      for (let i = lo; i <= hi; i++) {
        const f = pmf[i] ?? 0;
        t += f;
        mean += f * (i - offset);
        sq += f * (i - offset) ** 2;
      }
      expect(t).toBeCloseTo(1, 12);
      expect(mean).toBeCloseTo(0.3 * m, 9);
      expect(sq - mean * mean).toBeCloseTo(m * (0.7 - 0.09), 8);
    });
    expect(seen).toEqual(sizes);
    // m = 2 by hand: P(S = 2) = 0.25, P(S = 1) = 2·0.5·0.3 = 0.3, P(S = 0) = 0.09 + 2·0.5·0.2 = 0.29
    differenceDistributions([2], 0.5, 0.3, 0.2, (_, pmf, offset) => {
      expect(pmf[offset + 2]).toBeCloseTo(0.25, 15);
      expect(pmf[offset + 1]).toBeCloseTo(0.3, 15);
      expect(pmf[offset]).toBeCloseTo(0.29, 15);
      expect(pmf[offset - 1]).toBeCloseTo(0.12, 15);
      expect(pmf[offset - 2]).toBeCloseTo(0.04, 15);
    });
  });
});
