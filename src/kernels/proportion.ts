/**
 * @internal Intervals for a binomial proportion x / n, the one place their formulas live (the
 * NPS interval of a passive-excluded base maps this one by 2π − 1; follow-up recovery reports
 * it as it is).
 */

/**
 * The Wilson score interval for a binomial proportion π from x successes in n > 0 trials, at
 * critical value `zc` = Φ⁻¹(1 − α/2): the π with |x/n − π| ≤ zc·√(π(1 − π)/n), i.e.
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), limits clamped to [0, 1] (they reach
 * 0 and 1 only at x = 0 and x = n, where rounding could overshoot). Equal to R's
 * `prop.test(x, n, correct = FALSE)$conf.int`.
 * Source: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22, 209–212; recommended over the Wald interval by L. D. Brown, T. T. Cai
 * and A. DasGupta (2001), "Interval estimation for a binomial proportion", Statistical Science
 * 16(2), 101–133.
 */
export function wilsonInterval(x: number, n: number, zc: number): [low: number, high: number] {
  const p = x / n;
  const z2 = zc * zc;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (zc / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
