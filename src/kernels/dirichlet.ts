// The difference θ₁ − θ₃ of a Dirichlet(a, b, c) vector (internal kernel for the Bayesian
// NPS interval).

import { betaQuantile, logBeta, logBetaKernel, regularizedBeta } from './beta.ts';
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
 * away from the density's mode, so its tails are never skipped). A density shape c < 1 is
 * singular at t = 0: when a ≥ 1, or the range starts above 0 (δ < 0), the mirror image
 * F(δ; a, b, c) = 1 − F(−δ; c, b, a) is computed instead, which conditions on the other
 * category or starts the range at 0; there the singular piece [0, t₁] (t₁ = min(hi, 1/(a + b)),
 * the scale of θ₃'s peak) is integrated in u with t = t₁·u^(1/c), which removes t^(c−1), and the
 * rest as above. Absolute accuracy about 1e-13.
 */
export function dirichletDifferenceCdf(delta: number, a: number, b: number, c: number): number {
  if (delta <= -1) return 0;
  if (delta >= 1) return 1;
  if (c < 1 && (a >= 1 || delta < 0)) return 1 - dirichletDifferenceCdf(-delta, c, b, a);
  const lo = Math.max(0, -delta);
  const hi = (1 - delta) / 2;
  const ab = a + b;
  const lbab = logBeta(a, b);
  const h = (t: number): number => regularizedBeta((delta + t) / (1 - t), a, b, lbab);
  // P(θ₃ > hi) = 1 − I_hi(c, a + b) = I_{1−hi}(a + b, c), without cancellation.
  const tail = regularizedBeta(1 - hi, ab, c);
  let body = 0;
  let from = lo;
  if (c < 1) {
    // here lo = 0. Beta_pdf(t; c, a + b)·dt = k·((1 − t)/(1 − t₁))^(a+b)/(1 − t)·du with
    // t = t₁·u^(1/c) and k = t₁^c·(1 − t₁)^(a+b) / (c·B(c, a + b)), every factor computed
    // without the cancellation of huge logarithms (see logBetaKernel).
    const t1 = Math.min(hi, 1 / ab);
    const k = Math.exp(logBetaKernel(t1, c, ab) - Math.log(c));
    const inv = 1 / c;
    body =
      k *
      integrate(
        (u) => {
          const t = t1 * u ** inv;
          return Math.exp(ab * Math.log1p((t1 - t) / (1 - t1)) - Math.log1p(-t)) * h(t);
        },
        0,
        1,
        1e-12 / Math.max(k, 1),
      );
    from = t1;
  }
  if (from < hi) {
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
    for (let k = 1; mu - k * sd > from || mu + k * sd < hi; k *= 2)
      breaks.push(mu - k * sd, mu + k * sd);
    const pdf = (t: number): number => Math.exp(logBetaKernel(t, c, ab)) / (t * (1 - t));
    body += integrate((t) => pdf(t) * h(t), from, hi, 1e-12, breaks);
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
 * The terms {@link cornishFisherQuantile} leaves out are third order: γ₃(z⁴ − 6z² + 3)/120,
 * γ₁γ₂(z⁴ − 5z² + 2)/24 and γ₁³(12z⁴ − 53z² + 17)/324 standard deviations, where the cumulants
 * of Σdᵢθᵢ, with |dᵢ| ≤ 2, bound |γ₁| ≤ 4/√D₂, |γ₂| ≤ 24/D₂ and |γ₃| ≤ 192/D₂^(3/2). Together
 * they are below CF_ERROR·(1 + z⁴)·D₂^(−3/2) standard deviations; the expansion is used
 * whenever that is below a fifth of the accuracy claimed, a peak too narrow for quadrature
 * to add anything but rounding (at 1e12 respondents with a million in each of two categories).
 */
const CF_ERROR = 10;

/** Below this D₂ the expansion is not used at all (|γ₁| may pass 0.04: the series is no guide). */
const CF_FROM = 1e4;

/**
 * Half the absolute accuracy claimed for the limits of θ₁ − θ₃ (1e-11 on −1..1, 1e-9 NPS
 * points): a quantile known to lie within this of the mean is taken from the moments.
 */
const NEGLIGIBLE_REACH = 5e-12;

/**
 * The q-quantile of θ₁ − θ₃ for (θ₁, θ₂, θ₃) ~ Dirichlet(a, b, c): the root of
 * {@link dirichletDifferenceCdf}(δ) = q by Brent's method, to 1e-13; for very large posteriors
 * (D₂ = Σ dᵢ²αᵢ ≥ 1e7, see {@link cornishFisherQuantile}) the Cornish–Fisher expansion, which is
 * exact to far below the quadrature's accuracy there.
 */
export function dirichletDifferenceQuantile(q: number, a: number, b: number, c: number): number {
  const mean = (a - c) / (a + b + c);
  const d2 = (1 - mean) * (1 - mean) * a + mean * mean * b + (1 + mean) * (1 + mean) * c;
  const [mu, sd] = dirichletDifferenceMoments(a, b, c);
  const z = normalQuantile(q);
  if (
    d2 >= NORMAL_REGIME ||
    (d2 >= CF_FROM && (CF_ERROR * (1 + z ** 4) * sd) / d2 ** 1.5 <= NEGLIGIBLE_REACH / 5)
  ) {
    return cornishFisherQuantile(q, a, b, c, d2);
  }
  // Cantelli: every q-quantile of a law with this mean and SD lies within `reach` of the mean,
  // and so does mu ± z·sd; when reach is below half the accuracy claimed for the limits, that
  // is the answer (a posterior piled on one category of a huge sample, where quadrature of a
  // peak 1e-12 wide would only add rounding).
  const tail = Math.min(q, 1 - q);
  const reach = sd * Math.sqrt((1 - tail) / tail);
  if (reach <= NEGLIGIBLE_REACH) return Math.min(1, Math.max(-1, mu + z * sd));
  // no middle category: θ₁ − θ₃ = 2θ₁ − 1 with θ₁ ~ Beta(a, c)
  if (b === 0) return 2 * betaQuantile(q, a, c) - 1;
  const f = (x: number): number => dirichletDifferenceCdf(x, a, b, c) - q;
  // to 1e-13, and to 1e-7 SD when the posterior is narrower than that
  const tol = Math.min(1e-13, 1e-7 * sd);
  // Bracket from the normal approximation outwards, doubling the step, then Brent.
  let x0 = Math.min(1, Math.max(-1, mu + normalQuantile(q) * sd));
  let f0 = x0 <= -1 ? -q : x0 >= 1 ? 1 - q : f(x0);
  let step = (f0 < 0 ? 0.1 : -0.1) * sd;
  for (let iter = 0; iter < 64; iter++) {
    const x1 = Math.min(1, Math.max(-1, x0 + step));
    const f1 = x1 <= -1 ? -q : x1 >= 1 ? 1 - q : f(x1);
    if ((f0 <= 0 && f1 >= 0) || (f0 >= 0 && f1 <= 0)) {
      return x0 < x1 ? brentRoot(f, x0, x1, tol, f0, f1) : brentRoot(f, x1, x0, tol, f1, f0);
    }
    x0 = x1;
    f0 = f1;
    step *= 2;
  }
  return brentRoot(f, -1, 1, tol, -q, 1 - q);
}

/** Mean and standard deviation of θ₁ − θ₃ for (θ₁, θ₂, θ₃) ~ Dirichlet(a, b, c). */
export function dirichletDifferenceMoments(a: number, b: number, c: number): [number, number] {
  const n = a + b + c;
  // Var θᵢ = αᵢ(n − αᵢ) / (n²(n + 1)), Cov(θ₁, θ₃) = −α₁α₃ / (n²(n + 1)).
  const v = (a * (n - a) + c * (n - c) + 2 * a * c) / (n * n * (n + 1));
  return [(a - c) / n, Math.sqrt(v)];
}
