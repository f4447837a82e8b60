import { bisectBoundary } from '../kernels/root.ts';

/**
 * Tango's (1998) restricted maximum-likelihood estimate of the detractor share d̃ given
 * Δ = p − d, for counts b (promoters), c (detractors) of n: the larger root of
 * A·q² + B·q + C = 0 with A = 2n, B = −b − c + (2n − b + c)·Δ, C = −c·Δ·(1 − Δ)
 * (Tango 1998, eq. 6, with the discordant pair counts b, c; passives play the concordant pairs).
 * The root is taken in the form that avoids cancellation.
 */
function restrictedDetractorShare(b: number, c: number, n: number, delta: number): number {
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * delta;
  const C = -c * delta * (1 - delta);
  const root = Math.sqrt(Math.max(0, B * B - 4 * A * C));
  // (−B + √disc)/(2A), rewritten as −2C/(B + √disc) when B > 0.
  const q = B > 0 ? (-2 * C) / (B + root) : (root - B) / (2 * A);
  return Math.max(0, q);
}

/**
 * Tango's score interval for Δ = p − d of a trinomial (promoters b, detractors c, n in all):
 * the set of Δ with |(b − c)/n − Δ| ≤ z·√(V(Δ)/n), V(Δ) = 2·d̃(Δ) + Δ(1 − Δ), d̃ the restricted
 * MLE. T. Tango (1998), "Equivalence test and confidence interval for the difference in
 * proportions for the paired-sample design", Statistics in Medicine 17, 891–908. Limits found by
 * bisection to the last representable point (the statistic is infinite at Δ = ±1 unless the
 * estimate is there). Returns [low, high] on −1..1.
 * @internal
 */
export function tangoInterval(b: number, c: number, n: number, z: number): [number, number] {
  const est = (b - c) / n;
  const inside = (delta: number): boolean => {
    const v = 2 * restrictedDetractorShare(b, c, n, delta) + delta * (1 - delta);
    const dev = est - delta;
    return dev * dev * n <= z * z * Math.max(0, v);
  };
  const low = est <= -1 ? -1 : bisectBoundary(inside, est, -1);
  const high = est >= 1 ? 1 : bisectBoundary(inside, est, 1);
  return [low, high];
}
