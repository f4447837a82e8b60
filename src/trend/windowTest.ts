// The window (and parent) test of detectShifts: the exact conditional mid-p of two independent
// tallies under "no change" (internal).

import type { NpsBase } from '../core/scheme.ts';
import type { Tally } from '../core/tally.ts';
import { npsMoments } from '../core/variance.ts';
import { logGamma } from '../kernels/beta.ts';
import { hypergeometricTails, type Tails } from '../kernels/hypergeometric.ts';
import { normalCdf } from '../kernels/normal.ts';
import { sumTallies } from '../kernels/tallies.ts';
import { periodVariance } from './series.ts';

/** Which shift the test looks for: both ways (two-sided) or one (one-sided). */
type TestDirection = 'both' | 'drop' | 'rise';

/**
 * Enumerations larger than this many table cells fall back to the score z (by then the mid-p
 * and the z agree to the precision shown in docs/alerts.md).
 */
const MAX_TERMS = 1_000_000;

const logChoose = (n: number, k: number): number =>
  logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * Tails of T = P₁ − D₁ (the first side's NPS numerator) given both sides' sizes and the pooled
 * counts of promoters, passives and detractors: the multivariate hypergeometric law of the
 * first side's (P₁, D₁), enumerated (O(P₁ range × D₁ range)); null above MAX_TERMS.
 */
function trinomialTails(a: Tally, b: Tally): Tails | null {
  const m = a.promoters + a.passives + a.detractors;
  const P = a.promoters + b.promoters;
  const O = a.passives + b.passives;
  const D = a.detractors + b.detractors;
  const pHi = Math.min(P, m);
  const dHi = Math.min(D, m);
  if ((pHi + 1) * (dHi + 1) > MAX_TERMS) return null;
  const t = a.promoters - a.detractors;
  const lp = Array.from({ length: pHi + 1 }, (_, i) => logChoose(P, i));
  const ld = Array.from({ length: dHi + 1 }, (_, j) => logChoose(D, j));
  const oLo = Math.max(0, m - pHi - dHi);
  const oHi = Math.min(O, m);
  const lo = Array.from({ length: oHi - oLo + 1 }, (_, k) => logChoose(O, oLo + k));
  // The largest log term, subtracted before exp so that nothing underflows at the mode.
  const terms: number[] = [];
  let peak = -Infinity;
  for (let i = 0; i <= pHi; i++) {
    for (let j = 0; j <= dHi; j++) {
      const o = m - i - j;
      if (o < oLo || o > oHi) continue;
      const v = (lp[i] as number) + (ld[j] as number) + (lo[o - oLo] as number);
      terms.push(i - j, v);
      if (v > peak) peak = v;
    }
  }
  let below = 0;
  let above = 0;
  let at = 0;
  for (let k = 0; k < terms.length; k += 2) {
    const w = Math.exp((terms[k + 1] as number) - peak);
    const s = terms[k] as number;
    if (s < t) below += w;
    else if (s > t) above += w;
    else at += w;
  }
  const total = below + at + above;
  return { below: below / total, at: at / total, above: above / total };
}

/**
 * The pooled score z of two independent samples on the −1..1 scale:
 * z = d / (σ_pooled·√(1/n_a + 1/n_b)), d the difference of the two NPS, σ²_pooled the
 * per-response variance of the pooled tally (with the zero-variance floor of `trendTest`), n
 * the (Kish-effective) base sizes. Null when a side is empty.
 */
function scoreZ(a: Tally, b: Tally, pooled: Tally, base: NpsBase): number | null {
  const ma = npsMoments(a, base);
  const mb = npsMoments(b, base);
  const mp = npsMoments(pooled, base);
  const vp = periodVariance(pooled, base);
  if (ma === null || mb === null || mp === null || vp === null) return null;
  const inv = 1 / ma.effectiveN + 1 / mb.effectiveN;
  return (ma.estimate - mb.estimate) / Math.sqrt(vp * mp.effectiveN * inv);
}

/**
 * The p-value of "a's NPS differs from b's" for two independent tallies: Lancaster's (1961)
 * mid-p of the exact conditional test, P(T < t) + ½·P(T = t) for a drop (mirrored for a rise),
 * two-sided by doubling the smaller one (capped at 1). Conditioning on the pooled counts
 * removes the unknown shares (Agresti, "Categorical Data Analysis", 3rd ed., 2013, §3.5; the
 * mid-p there in §1.4.5): under base `'promoters-and-detractors'` this is Fisher's test of the
 * 2 × 2 table of promoters and detractors, with its mid-p; under base `'all'` the statistic is
 * T = P_a − D_a and its law is the multivariate hypergeometric of a's row of the 2 × 3 table.
 * The mid-p is used because Fisher's p (and the continuity-corrected z that mimics it) is
 * about half its nominal size at α = 0.05 on the base sizes of weekly alerts, while the mid-p
 * stays within a few percent of nominal and does not exceed it in the far tail
 * Benjamini–Hochberg relies on (exact sizes in docs/alerts.md). Weighted tallies, and tables
 * too large to enumerate, use the normal p of the uncorrected pooled score z, the large-sample
 * form of the mid-p. The reported z is that score z (variance pooled from a + b). Null when a
 * side is empty.
 * @internal
 */
export function windowTestP(
  a: Tally,
  b: Tally,
  base: NpsBase,
  direction: TestDirection,
): { readonly z: number; readonly p: number } | null {
  const z = scoreZ(a, b, sumTallies([a, b]), base);
  if (z === null) return null;
  let tails: Tails | null = null;
  if (a.weights === undefined && b.weights === undefined) {
    if (base === 'all') tails = trinomialTails(a, b);
    else {
      const m = a.promoters + a.detractors;
      const N = m + b.promoters + b.detractors;
      tails = hypergeometricTails(a.promoters, m, a.promoters + b.promoters, N);
    }
  }
  const drop = tails === null ? normalCdf(z) : tails.below + tails.at / 2;
  const rise = tails === null ? normalCdf(-z) : tails.above + tails.at / 2;
  const p = direction === 'drop' ? drop : direction === 'rise' ? rise : 2 * Math.min(drop, rise);
  return { z, p: Math.min(1, p) };
}
