// The difference θ₁ − θ₃ of a Dirichlet(a, b, c) vector (internal kernel for the Bayesian
// NPS interval).

import { logBeta, regularizedBeta } from './beta.ts';
import { integrate } from './integrate.ts';
import { normalQuantile } from './normal.ts';
import { brentRoot } from './root.ts';

/**
 * P(θ₁ − θ₃ ≤ δ) for (θ₁, θ₂, θ₃) ~ Dirichlet(a, b, c), all shapes > 0.
 *
 * θ₃ ~ Beta(c, a + b) and, given θ₃ = t, θ₁ / (1 − t) ~ Beta(a, b) (the aggregation and
 * neutrality properties of the Dirichlet; e.g. Kotz, Balakrishnan & Johnson (2000),
 * "Continuous Multivariate Distributions", vol. 1, ch. 49), so
 *
 *   F(δ) = ∫₀¹ Beta_pdf(t; c, a + b) · I_{(δ + t)/(1 − t)}(a, b) dt.
 *
 * The incomplete beta is 0 for t ≤ −δ and 1 for t ≥ (1 − δ)/2, so the integral runs over
 * [max(0, −δ), (1 − δ)/2] and the rest is the closed-form tail P(θ₃ > (1 − δ)/2). The integral
 * is adaptive Gauss–Kronrod with break points around the peaks of both factors (doubling steps
 * away from the density's mode, so its tails are never skipped); when c < 1 and
 * the range starts at 0 the density's singularity t^(c−1) is removed by t = hi·s^(1/c).
 * Absolute accuracy about 1e-13.
 */
export function dirichletDifferenceCdf(delta: number, a: number, b: number, c: number): number {
  if (delta <= -1) return 0;
  if (delta >= 1) return 1;
  const lo = Math.max(0, -delta);
  const hi = (1 - delta) / 2;
  const ab = a + b;
  const lbab = logBeta(a, b);
  const h = (t: number): number => regularizedBeta((delta + t) / (1 - t), a, b, lbab);
  const logNorm = logBeta(c, ab);
  // P(θ₃ > hi) = 1 − I_hi(c, a + b) = I_{1−hi}(a + b, c), without cancellation.
  const tail = regularizedBeta(1 - hi, ab, c);
  let body: number;
  if (lo === 0 && c < 1) {
    const k = Math.exp(c * Math.log(hi) - Math.log(c) - logNorm);
    const inv = 1 / c;
    body =
      k *
      integrate(
        (s) => {
          const t = hi * s ** inv;
          return Math.exp((ab - 1) * Math.log1p(-t)) * h(t);
        },
        0,
        1,
        1e-12 / Math.max(k, 1),
      );
  } else {
    const n = a + b + c;
    const mu = c / n;
    const sd = Math.sqrt((mu * (1 - mu)) / (n + 1));
    // Where the incomplete-beta factor crosses 1/2-ish: (δ + t)/(1 − t) = a/(a + b).
    const m = a / ab;
    const th = (m - delta) / (1 + m);
    const sdh = Math.sqrt((m * (1 - m)) / (ab + 1)) * (1 - th);
    // Around the density's peak, steps doubling out to the ends of the range (so a long skewed
    // tail is never hidden between the nodes of one wide panel), and around the sigmoid.
    const breaks: number[] = [mu, th, th - 3 * sdh, th + 3 * sdh, th - 8 * sdh, th + 8 * sdh];
    for (let k = 1; mu - k * sd > lo || mu + k * sd < hi; k *= 2)
      breaks.push(mu - k * sd, mu + k * sd);
    const pdf = (t: number): number =>
      Math.exp((c - 1) * Math.log(t) + (ab - 1) * Math.log1p(-t) - logNorm);
    body = integrate((t) => pdf(t) * h(t), lo, hi, 1e-12, breaks);
  }
  return Math.min(1, Math.max(0, body + tail));
}

/**
 * Above this "information" D₂ = Σ dᵢ²αᵢ the posterior of θ₁ − θ₃ is normal to within a
 * Cornish–Fisher correction accurate far below 1e-9 NPS points, while adaptive quadrature of
 * its very narrow peak starts to lose digits (at D₂ ≈ 1e9 about 1e-7 points, at 1e12 whole
 * points); see {@link cornishFisherQuantile}.
 */
const NORMAL_REGIME = 1e7;

/**
 * The q-quantile of θ₁ − θ₃ by the second-order Cornish–Fisher expansion from its first four
 * cumulants. With θᵢ = Gᵢ / ΣG, Gᵢ ~ Gamma(αᵢ) independent, S = ΣG ~ Gamma(s) independent of θ
 * (Lukacs 1955), and dᵢ = cᵢ − μ for the coefficients c = (1, 0, −1) and mean μ = (α₁ − α₃)/s:
 * E[(Σdᵢθᵢ)^k]·s(s + 1)…(s + k − 1) = E[(ΣdᵢGᵢ)^k], whose cumulants are (k − 1)!·Dₖ with
 * Dₖ = Σ dᵢᵏ αᵢ. Hence μ₂ = D₂/(s(s+1)), μ₃ = 2D₃/(s(s+1)(s+2)),
 * μ₄ = (6D₄ + 3D₂²)/(s(s+1)(s+2)(s+3)), computed without cancellation; then
 * w = z + (z² − 1)γ₁/6 + (z³ − 3z)γ₂/24 − (2z³ − 5z)γ₁²/36 (Cornish & Fisher 1937; Johnson,
 * Kotz & Balakrishnan (1994), "Continuous Univariate Distributions", vol. 1, §12.5), with
 * |γ₁| ≤ 4/√D₂ and γ₂ ≤ 24/D₂, so the neglected terms are O(D₂^(−3/2)) standard deviations.
 */
function cornishFisherQuantile(q: number, a: number, b: number, c: number, d2: number): number {
  const s = a + b + c;
  const mu = (a - c) / s;
  const da = 1 - mu;
  const db = -mu;
  const dc = -1 - mu;
  const d3 = da * da * da * a + db * db * db * b + dc * dc * dc * c;
  const d4 = da ** 4 * a + db ** 4 * b + dc ** 4 * c;
  const m2 = d2 / s / (s + 1);
  const m3 = (2 * d3) / s / (s + 1) / (s + 2);
  const m4 = (6 * d4 + 3 * d2 * d2) / s / (s + 1) / (s + 2) / (s + 3);
  const sd = Math.sqrt(m2);
  const g1 = m3 / (m2 * sd);
  const g2 = m4 / (m2 * m2) - 3;
  const z = normalQuantile(q);
  const w =
    z +
    ((z * z - 1) * g1) / 6 +
    ((z * z * z - 3 * z) * g2) / 24 -
    ((2 * z * z * z - 5 * z) * g1 * g1) / 36;
  return Math.min(1, Math.max(-1, mu + sd * w));
}

/**
 * The q-quantile of θ₁ − θ₃ for (θ₁, θ₂, θ₃) ~ Dirichlet(a, b, c): the root of
 * {@link dirichletDifferenceCdf}(δ) = q by Brent's method, to 1e-13; for very large posteriors
 * (D₂ = Σ dᵢ²αᵢ ≥ 1e7, see {@link cornishFisherQuantile}) the Cornish–Fisher expansion, which is
 * exact to far below the quadrature's accuracy there.
 */
export function dirichletDifferenceQuantile(q: number, a: number, b: number, c: number): number {
  const mean = (a - c) / (a + b + c);
  const d2 = (1 - mean) * (1 - mean) * a + mean * mean * b + (1 + mean) * (1 + mean) * c;
  if (d2 >= NORMAL_REGIME) return cornishFisherQuantile(q, a, b, c, d2);
  const f = (x: number): number => dirichletDifferenceCdf(x, a, b, c) - q;
  // Bracket from the normal approximation outwards, doubling the step, then Brent.
  const [mu, sd] = dirichletDifferenceMoments(a, b, c);
  let x0 = Math.min(1, Math.max(-1, mu + normalQuantile(q) * sd));
  let f0 = x0 <= -1 ? -q : x0 >= 1 ? 1 - q : f(x0);
  let step = (f0 < 0 ? 0.1 : -0.1) * sd;
  for (let iter = 0; iter < 64; iter++) {
    const x1 = Math.min(1, Math.max(-1, x0 + step));
    const f1 = x1 <= -1 ? -q : x1 >= 1 ? 1 - q : f(x1);
    if ((f0 <= 0 && f1 >= 0) || (f0 >= 0 && f1 <= 0)) {
      return x0 < x1 ? brentRoot(f, x0, x1, 1e-13, f0, f1) : brentRoot(f, x1, x0, 1e-13, f1, f0);
    }
    x0 = x1;
    f0 = f1;
    step *= 2;
  }
  return brentRoot(f, -1, 1, 1e-13, -q, 1 - q);
}

/** Mean and standard deviation of θ₁ − θ₃ for (θ₁, θ₂, θ₃) ~ Dirichlet(a, b, c). */
export function dirichletDifferenceMoments(a: number, b: number, c: number): [number, number] {
  const n = a + b + c;
  // Var θᵢ = αᵢ(n − αᵢ) / (n²(n + 1)), Cov(θ₁, θ₃) = −α₁α₃ / (n²(n + 1)).
  const v = (a * (n - a) + c * (n - c) + 2 * a * c) / (n * n * (n + 1));
  return [(a - c) / n, Math.sqrt(v)];
}
