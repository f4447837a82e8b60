// Hypergeometric tails (internal): the exact conditional law of one side's successes in a 2 × 2
// table with fixed margins, shared by detectShifts' window test and gamingSignals.

/** A one-sided p split at the observed value: P(T < t), P(T = t), P(T > t) under H0. */
export interface Tails {
  readonly below: number;
  readonly at: number;
  readonly above: number;
}

/**
 * Hypergeometric tails of X = successes (promoters, top scores…) among the m respondents of the
 * first side, given the K successes among all N respondents (both sides' bases), at the
 * observed x. The weights are
 * built by the ratio recurrence from the mode, so they neither underflow nor lose the far
 * tail; O(support).
 */
export function hypergeometricTails(x: number, m: number, K: number, N: number): Tails {
  const lo = Math.max(0, m - (N - K));
  const hi = Math.min(K, m);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((m + 1) * (K + 1)) / (N + 2))));
  // f(i + 1) / f(i) = (K − i)(m − i) / ((i + 1)(N − K − m + i + 1))
  let below = 0;
  let above = 0;
  let at = 0;
  let total = 0;
  const add = (i: number, w: number) => {
    total += w;
    if (i < x) below += w;
    else if (i > x) above += w;
    else at += w;
  };
  add(mode, 1);
  let w = 1;
  for (let i = mode; i < hi && w > 1e-300; i++) {
    w *= ((K - i) * (m - i)) / ((i + 1) * (N - K - m + i + 1));
    add(i + 1, w);
  }
  w = 1;
  for (let i = mode; i > lo && w > 1e-300; i--) {
    w *= (i * (N - K - m + i)) / ((K - i + 1) * (m - i + 1));
    add(i - 1, w);
  }
  return { below: below / total, at: at / total, above: above / total };
}
