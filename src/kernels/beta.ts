// Gamma and beta special functions: t and F p-values, beta densities, tails and quantiles
// (internal kernel).

import { brentRoot } from './root.ts';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Shapes from which {@link logBetaKernel} uses Stirling's series: there its remainder after the
 * x⁻⁹ term, 691/(360360·x¹¹), is below 2e-14.
 */
const STIRLING_FROM = 10;

/**
 * Stirling's correction ω(x) = ln Γ(x) − (x − ½)·ln x + x − ½·ln 2π for x ≥ {@link STIRLING_FROM}
 * (Abramowitz & Stegun 6.1.41).
 */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - (r * 1) / 1188)))) / x;
}

/** u − ln(1 + u) for u > −1, without the cancellation of the direct difference for small u. */
function log1pDeficit(u: number): number {
  if (Math.abs(u) > 0.25) return u - Math.log1p(u);
  // ln(1 + u) = 2·atanh(r), r = u / (2 + u); u − 2r = u·r; so u − ln(1 + u) = u·r − 2(r³/3 + r⁵/5 + …).
  const r = u / (2 + u);
  const r2 = r * r;
  let term = r * r2;
  let sum = 0;
  for (let k = 3; k < 40; k += 2) {
    const next = term / k;
    sum += next;
    if (Math.abs(next) <= 1e-17 * Math.abs(sum)) break;
    term *= r2;
  }
  return u * r - 2 * sum;
}

/**
 * ln(x^a·(1 − x)^b / B(a, b)), the prefactor of the incomplete beta, for 0 < x < 1. For large
 * shapes the direct sum a·ln x + b·ln(1 − x) − ln B(a, b) is a difference of terms of size
 * a·ln a: at a = b = 1e15 its rounding alone is several units, a factor e^±3 on the result.
 * Here, as in DiDonato & Morris's `brcomp` (ACM TOMS 708, 1992), it is regrouped around the
 * mode x₀ = a/(a + b): with Stirling's series for the gammas,
 * −a·δ(e/x₀) − b·δ(−e/y₀) + ½·ln(a·b/(a + b)) − ½·ln 2π − ω(a) − ω(b) + ω(a + b), where
 * e = x − x₀, y₀ = 1 − x₀ and δ(u) = u − ln(1 + u) ≥ 0 (the first-order terms a·e/x₀ and
 * b·e/y₀ cancel exactly), accurate to about 1e-15 relative at every size. When only one
 * shape is at least {@link STIRLING_FROM}, ln Γ(big) − ln Γ(big + small) is expanded the same way;
 * when both are small the direct sum is already exact.
 */
export function logBetaKernel(x: number, a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo >= STIRLING_FROM) {
    const s = a + b;
    const x0 = a / s;
    const y0 = b / s;
    const e = x - x0;
    return (
      -a * log1pDeficit(e / x0) -
      b * log1pDeficit(-e / y0) +
      0.5 * Math.log((a / s) * b) -
      0.5 * Math.log(2 * Math.PI) -
      stirlingCorrection(a) -
      stirlingCorrection(b) +
      stirlingCorrection(s)
    );
  }
  const direct = a * Math.log(x) + b * Math.log1p(-x);
  if (hi < STIRLING_FROM) return direct - logBeta(a, b);
  // ln Γ(hi) − ln Γ(hi + lo) = −(hi − ½)·ln(1 + lo/hi) − lo·ln(hi + lo) + lo + ω(hi) − ω(hi + lo)
  const gammaRatio =
    -(hi - 0.5) * Math.log1p(lo / hi) -
    lo * Math.log(hi + lo) +
    lo +
    stirlingCorrection(hi) -
    stirlingCorrection(hi + lo);
  return direct - logGamma(lo) - gammaRatio;
}

/**
 * The Beta(a, b) density x^(a−1)·(1 − x)^(b−1) / B(a, b) (0 outside [0, 1]; at the ends its
 * limit, +Infinity for a shape below 1).
 */
export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a < 1 ? Infinity : a === 1 ? Math.exp(-logBeta(1, b)) : 0;
  if (x === 1) return b < 1 ? Infinity : b === 1 ? Math.exp(-logBeta(a, 1)) : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. Pass `logB` =
 * {@link logBeta}(a, b) when calling many times with the same shapes.
 */
export function regularizedBeta(x: number, a: number, b: number, logB?: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(
    logB === undefined || Math.max(a, b) >= STIRLING_FROM
      ? logBetaKernel(x, a, b)
      : a * Math.log(x) + b * Math.log1p(-x) - logB,
  );
  if (x < (a + 1) / (a + b + 2)) return (bt * betaContinuedFraction(x, a, b)) / a;
  return 1 - (bt * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom: P(|T| ≥ |t|). */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Upper tail of the F distribution: P(F ≥ f) with (d1, d2) degrees of freedom. */
export function fSf(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  return regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * The p-quantile of Beta(a, b): the x with I_x(a, b) = p, by Brent's method on the regularized
 * incomplete beta (absolute accuracy about 1e-15).
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lb = logBeta(a, b);
  return brentRoot((x) => regularizedBeta(x, a, b, lb) - p, 0, 1, 1e-16, -p, 1 - p);
}
