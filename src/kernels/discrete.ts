// Exact discrete distributions for control limits: the binomial CDF, the distribution of
// P − D among m answers that are each +1 / 0 / −1, and Spiegelhalter's interpolated quantile
// (internal kernel).

import { regularizedBeta } from './beta.ts';

/**
 * P(X ≤ k) for X ~ Binomial(m, π), m a whole number ≥ 0: I_{1−π}(m − k, k + 1) for
 * 0 ≤ k < m (the regularized incomplete beta; Abramowitz & Stegun 26.5.24), 0 below 0 and 1
 * from m up.
 * @internal
 */
export function binomialCdf(k: number, m: number, pi: number): number {
  if (k < 0) return 0;
  if (k >= m) return 1;
  return regularizedBeta(1 - pi, m - k, k + 1);
}

/** A lower quantile on an integer lattice with Spiegelhalter's interpolation. */
export interface InterpolatedQuantile {
  /** The p-quantile r = min{k : F(k) ≥ p}. */
  readonly r: number;
  /** The interpolated limit r − α, α = (F(r) − p) / (F(r) − F(r − 1)) ∈ [0, 1). */
  readonly limit: number;
}

/**
 * The interpolated lower p-quantile of a distribution on the integers lo..hi with CDF `cdf`
 * (non-decreasing, cdf(hi) ≥ p): r = min{k : F(k) ≥ p} by bisection, and the limit r − α with
 * α = (F(r) − p) / (F(r) − F(r − 1)) (D. J. Spiegelhalter (2005), "Funnel plots for comparing
 * institutional performance", Statistics in Medicine 24, 1185–1202, appendix A.1.1). The limit
 * lies in (r − 1, r], and an observation k is below it exactly when k < r, that is when
 * P(X ≤ k) < p: the one-sided exact test at level p. 0 < p < 1.
 * @internal
 */
export function interpolatedQuantile(
  cdf: (k: number) => number,
  lo: number,
  hi: number,
  p: number,
): InterpolatedQuantile {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (cdf(mid) >= p) b = mid;
    else a = mid + 1;
  }
  const fr = cdf(a);
  const before = a > lo ? cdf(a - 1) : 0;
  return { r: a, limit: a - (fr - p) / (fr - before) };
}

/** Probabilities below this are dropped from the recursion (their total stays below 1e-35). */
const NEGLIGIBLE = 1e-40;

/**
 * The exact distribution of S = promoters − detractors among m answers drawn independently,
 * each a promoter, passive or detractor with probabilities p, pa and d (sum 1), for every m in
 * `sizes` (ascending, distinct whole numbers ≥ 1): the convolution recursion
 * f_m(s) = p·f_{m−1}(s − 1) + pa·f_{m−1}(s) + d·f_{m−1}(s + 1), f_0 = δ₀, run once up to the
 * largest size. Probabilities below 1e-40 are dropped from the two ends as it runs, so the cost
 * is about 27·√(p + d − (p − d)²)·m^1.5 multiply-adds up to size m. For each size,
 * `visit(m, pmf, offset, lo, hi)` receives P(S = s) = pmf[offset + s] for lo ≤ offset + s ≤ hi
 * (0 outside); the array is reused, so read it inside `visit`.
 * @internal
 */
export function differenceDistributions(
  sizes: readonly number[],
  p: number,
  pa: number,
  d: number,
  visit: (m: number, pmf: Float64Array, offset: number, lo: number, hi: number) => void,
): void {
  const max = sizes[sizes.length - 1] ?? 0;
  const offset = max + 1;
  let cur = new Float64Array(2 * max + 3);
  let next = new Float64Array(2 * max + 3);
  cur[offset] = 1;
  let lo = offset;
  let hi = offset;
  let nextLo = offset;
  let nextHi = offset - 1; // `next` holds nothing yet
  let k = 0;
  for (let m = 1; m <= max; m++) {
    let nlo = lo - 1;
    let nhi = hi + 1;
    for (let i = nextLo; i < nlo; i++) next[i] = 0;
    for (let i = nhi + 1; i <= nextHi; i++) next[i] = 0;
    // cur is 0 outside lo..hi, and the array has a spare cell at each end
    for (let i = nlo; i <= nhi; i++) {
      next[i] = p * (cur[i - 1] as number) + pa * (cur[i] as number) + d * (cur[i + 1] as number);
    }
    while (nlo < nhi && (next[nlo] as number) < NEGLIGIBLE) next[nlo++] = 0;
    while (nhi > nlo && (next[nhi] as number) < NEGLIGIBLE) next[nhi--] = 0;
    nextLo = lo;
    nextHi = hi;
    lo = nlo;
    hi = nhi;
    const swap = cur;
    cur = next;
    next = swap;
    if (m === sizes[k]) {
      visit(m, cur, offset, lo, hi);
      k++;
    }
  }
}
