import type { NpsBase } from './scheme.ts';
import type { Tally } from './tally.ts';

/**
 * The variance of one answer y ∈ {+1, 0, −1} inside the NPS base, (p + d) − (p − d)², from the
 * shares p and d of promoters and detractors in the base (the multinomial variance per
 * respondent of the NPS on the −1..1 scale; Rocks 2016, The American Statistician 70(4),
 * 365–372). `mean` is p − d (pass it when it was computed another way, e.g. (P − D) / m, so the
 * result is bit-identical). Floored at 0 against rounding. The one place npskit writes this
 * formula: intervals, comparisons, sample sizes, shrinkage and trend weights all call it.
 * @internal
 */
export function answerVariance(p: number, d: number, mean: number = p - d): number {
  return Math.max(0, p + d - mean * mean);
}

/**
 * Respondents in a tally's NPS base (unweighted count): all respondents under base `'all'`,
 * promoters + detractors under `'promoters-and-detractors'`.
 * @internal
 */
export function baseCount(t: Tally, base: NpsBase): number {
  return base === 'all' ? t.promoters + t.passives + t.detractors : t.promoters + t.detractors;
}

/**
 * The NPS of a tally with its sampling variance, on the −1..1 scale (multiply by 100 for NPS
 * points, by 10 000 for the variance).
 * @internal
 */
export interface NpsMoments {
  /** The (weighted) NPS on −1..1: Σw·y / Σw over the base, y = +1 / 0 / −1. */
  readonly estimate: number;
  /**
   * Variance of the estimate on the −1..1 scale. Unweighted: ((p + d) − (p − d)²) / m with
   * shares of the base m. Weighted: the Taylor-linearised variance of the ratio estimator,
   * Σ w²·(y − R)² / (Σw)² (Woodruff 1971; Wolter 2007, "Introduction to Variance Estimation",
   * §6.11), which equals the unweighted formula when every weight is 1.
   */
  readonly variance: number;
  /** Responses in the base (unweighted count). */
  readonly n: number;
  /** Kish effective size of the base, (Σw)² / Σw²; equals `n` when unweighted. */
  readonly effectiveN: number;
}

/**
 * NPS and its variance from a tally's counts (or weighted sums), or `null` when the base is
 * empty (no respondents, or zero total weight). Under base `'promoters-and-detractors'`
 * passives are outside the base and contribute nothing.
 * @internal
 */
export function npsMoments(t: Tally, base: NpsBase): NpsMoments | null {
  const all = base === 'all';
  const n = t.promoters + t.detractors + (all ? t.passives : 0);
  const w = t.weights;
  if (w === undefined) {
    if (n === 0) return null;
    const p = t.promoters / n;
    const d = t.detractors / n;
    const est = (t.promoters - t.detractors) / n;
    return { estimate: est, variance: answerVariance(p, d, est) / n, n, effectiveN: n };
  }
  const pa = all ? w.passives : 0;
  const sum = w.promoters + w.detractors + pa;
  if (sum === 0) return null;
  const est = (w.promoters - w.detractors) / sum;
  const sq = w.promotersSquared + w.detractorsSquared + (all ? w.passivesSquared : 0);
  const num =
    w.promotersSquared * (1 - est) ** 2 +
    w.detractorsSquared * (1 + est) ** 2 +
    (all ? w.passivesSquared * est * est : 0);
  // Quotients in this order so that sums of large weights do not overflow when squared.
  return { estimate: est, variance: num / sum / sum, n, effectiveN: sum * (sum / sq) };
}
