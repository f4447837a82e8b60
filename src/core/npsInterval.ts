import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { dirichletDifferenceMoments, dirichletDifferenceQuantile } from '../kernels/dirichlet.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { confidenceOption } from '../kernels/options.ts';
import { wilsonInterval } from '../kernels/proportion.ts';
import { lazy, parseWith } from '../kernels/validate.ts';
import type { NpsIntervalMethod } from '../types.ts';
import type { SchemeOptions } from './classify.ts';
import { emptyBase, npsOfTally } from './nps.ts';
import { resolveScheme } from './resolveScheme.ts';
import type { NpsBase, Scheme } from './scheme.ts';
import { type Scores, type Tally, toTally } from './tally.ts';
import { tangoInterval } from './tango.ts';
import { answerVariance, npsMoments } from './variance.ts';

export type { NpsIntervalMethod } from '../types.ts';

/**
 * Dirichlet prior of the `'bayes'` interval: pseudo-counts added to promoters, passives and
 * detractors (each a positive number up to 2^53 − 1, the largest count a tally holds). Default 1 / 1 / 1, the uniform prior on the
 * shares. Under base `'promoters-and-detractors'` `passives` is not used.
 */
export interface NpsPrior {
  /** Prior pseudo-count of promoters (> 0). */
  readonly promoters: number;
  /** Prior pseudo-count of passives (> 0). */
  readonly passives: number;
  /** Prior pseudo-count of detractors (> 0). */
  readonly detractors: number;
}

/**
 * The options every interval or test at a confidence level shares: the scoring `scheme` and the
 * `confidence` level (a test's level is 1 − confidence).
 */
export interface ConfidenceOptions extends SchemeOptions {
  /** Confidence level in (0, 1) (default 0.95). */
  readonly confidence?: number | undefined;
}

/** Options of {@link npsInterval}. */
export interface NpsIntervalOptions extends ConfidenceOptions {
  /**
   * Interval method. Default: `'adjusted-wald'` for base `'all'`, `'wilson'` for base
   * `'promoters-and-detractors'`.
   */
  readonly method?: NpsIntervalMethod | undefined;
  /** Dirichlet prior for `method: 'bayes'` (default 1 / 1 / 1); ignored by other methods. */
  readonly prior?: NpsPrior | undefined;
}

/**
 * A confidence interval for the NPS. `nps`, `low`, `high` and `se` are on the −100..100 scale.
 */
export interface NpsInterval {
  /** The point estimate (the plain NPS of the counts, whatever the method). */
  readonly nps: number;
  /** Lower limit, clipped to −100. */
  readonly low: number;
  /** Upper limit, clipped to 100. */
  readonly high: number;
  /**
   * Standard error of the NPS, in NPS points: the method's own (Wald: the plain or linearised
   * one; adjusted Wald: of the adjusted counts; Tango and Wilson: at the estimate, equal to
   * Wald's for unweighted counts; Bayes: the posterior standard deviation).
   */
  readonly se: number;
  /** All respondents (promoters, passives and detractors; an unweighted count). */
  readonly n: number;
  /**
   * Respondents in the NPS base (an unweighted count): all respondents under base `'all'`,
   * P + D under `'promoters-and-detractors'`.
   */
  readonly baseN: number;
  /**
   * Kish effective size of the base, (Σw)² / Σw² over the base: what the interval's precision
   * rests on for weighted tallies; equal to `baseN` when unweighted.
   */
  readonly effectiveN: number;
  /** The base the NPS was computed on. */
  readonly base: NpsBase;
  /** The method used. */
  readonly method: NpsIntervalMethod;
  /** The confidence level. */
  readonly confidence: number;
}

/**
 * A prior pseudo-count: positive and, like any count, at most 2^53 − 1 (a prior worth more
 * respondents than a tally can hold is a mistake, e.g. a prior in percent of a population).
 */
const priorCount = () => z.number().check(z.gt(0), z.lte(Number.MAX_SAFE_INTEGER));

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    scheme: z.optional(z.unknown()),
    confidence: confidenceOption(),
    method: z.optional(z.enum(['wald', 'adjusted-wald', 'tango', 'bayes', 'wilson'])),
    prior: z.optional(
      z.strictObject({
        promoters: priorCount(),
        passives: priorCount(),
        detractors: priorCount(),
      }),
    ),
  }),
);

/** Effective counts of a tally's base: exact counts, or weighted shares × Kish n_eff. */
interface BaseCounts {
  readonly p: number;
  readonly pa: number;
  readonly d: number;
}

/** @internal Counts that intervals work on: raw counts, or for weighted tallies shares × Kish n. */
export function effectiveCounts(t: Tally, base: NpsBase): BaseCounts {
  const w = t.weights;
  if (w === undefined) return { p: t.promoters, pa: t.passives, d: t.detractors };
  const pa = base === 'all' ? w.passives : 0;
  const sum = w.promoters + w.detractors + pa;
  const sumSq = w.promotersSquared + w.detractorsSquared + (base === 'all' ? w.passivesSquared : 0);
  if (sum === 0) return { p: 0, pa: 0, d: 0 };
  const kish = sum * (sum / sumSq);
  return { p: (w.promoters / sum) * kish, pa: (pa / sum) * kish, d: (w.detractors / sum) * kish };
}

const clip = (x: number): number => Math.min(1, Math.max(-1, x));

/** Wald interval on the −1..1 scale from trinomial shares with base size m. */
function waldAll(c: BaseCounts, zc: number): [number, number, number] {
  const m = c.p + c.pa + c.d;
  const p = c.p / m;
  const d = c.d / m;
  const est = p - d;
  const se = Math.sqrt(answerVariance(p, d, est) / m);
  return [est - zc * se, est + zc * se, se];
}

/**
 * Wilson score interval for π = P / (P + D), mapped to the NPS by 2π − 1.
 * E. B. Wilson (1927), "Probable inference, the law of succession, and statistical inference",
 * JASA 22, 209–212.
 */
function wilsonBinary(p: number, d: number, zc: number): [number, number, number] {
  const m = p + d;
  const pi = p / m;
  const [lo, hi] = wilsonInterval(p, m, zc);
  return [2 * lo - 1, 2 * hi - 1, 2 * Math.sqrt((pi * (1 - pi)) / m)];
}

const DEFAULT_PRIOR: NpsPrior = { promoters: 1, passives: 1, detractors: 1 };

/**
 * Equal-tailed Bayesian interval and posterior SD of the NPS on −1..1 from (effective) counts.
 * Base all: (θp, θpa, θd) ~ Dirichlet(P + αp, Pa + αpa, D + αd), interval of θp − θd by
 * quadrature and root finding (src/kernels/dirichlet.ts). Passive-excluded base:
 * π ~ Beta(P + αp, D + αd), NPS = 2π − 1.
 */
function bayes(
  c: BaseCounts,
  base: NpsBase,
  confidence: number,
  prior: NpsPrior,
): [number, number, number] {
  const tail = (1 - confidence) / 2;
  const a = c.p + prior.promoters;
  const d = c.d + prior.detractors;
  // passive-excluded base: π ~ Beta(a, d), the Dirichlet difference with no middle category
  const b = base === 'promoters-and-detractors' ? 0 : c.pa + prior.passives;
  const sd = dirichletDifferenceMoments(a, b, d)[1];
  return [
    dirichletDifferenceQuantile(tail, a, b, d),
    dirichletDifferenceQuantile(1 - tail, a, b, d),
    sd,
  ];
}

/**
 * Interval limits on the −1..1 scale, and the standard error, for (effective) counts.
 * `'wald'` here is the plain multinomial Wald of the counts; {@link intervalOfTally} uses the
 * linearised variance instead for weighted tallies.
 */
function intervalOf(
  c: BaseCounts,
  base: NpsBase,
  method: NpsIntervalMethod,
  zc: number,
  confidence: number,
  prior: NpsPrior,
): [number, number, number] {
  const pd = base === 'promoters-and-detractors';
  const pa = pd ? 0 : c.pa;
  switch (method) {
    case 'wald':
      return waldAll({ p: c.p, pa, d: c.d }, zc);
    case 'adjusted-wald':
      // Rocks (2016): add 3/4 to promoters and detractors and 3/2 to passives, then Wald.
      return waldAll({ p: c.p + 0.75, pa: pd ? 0 : pa + 1.5, d: c.d + 0.75 }, zc);
    case 'tango': {
      const m = c.p + pa + c.d;
      const [lo, hi] = tangoInterval(c.p, c.d, m, zc);
      return [lo, hi, waldAll({ p: c.p, pa, d: c.d }, zc)[2]];
    }
    case 'bayes':
      return bayes(c, base, confidence, prior);
    case 'wilson':
      if (pd) return wilsonBinary(c.p, c.d, zc);
      throw new NpsInputError({
        code: 'invalid_option',
        message:
          "npsInterval: method 'wilson' needs a binary base ('promoters-and-detractors'); for base 'all' use 'adjusted-wald', 'wald', 'tango' or 'bayes'",
        path: ['method'],
        received: method,
      });
  }
}

/** @internal Resolved options of an interval. */
export interface ResolvedInterval {
  readonly scheme: Scheme;
  readonly confidence: number;
  readonly method: NpsIntervalMethod;
  readonly prior: NpsPrior;
}

/** @internal Validate interval options once. */
export function resolveIntervalOptions(
  fn: string,
  options: NpsIntervalOptions | undefined,
): ResolvedInterval {
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const scheme = resolveScheme(options?.scheme, fn);
  const method = o.method ?? (scheme.base === 'all' ? 'adjusted-wald' : 'wilson');
  return { scheme, confidence: o.confidence ?? 0.95, method, prior: o.prior ?? DEFAULT_PRIOR };
}

/** @internal The interval of a tally with resolved options, or null for an empty base. */
export function intervalOfTally(t: Tally, r: ResolvedInterval): NpsInterval | null {
  const est = npsOfTally(t, r.scheme.base);
  const m = npsMoments(t, r.scheme.base);
  if (est === null || m === null) return null;
  const zc = zForConfidence(r.confidence);
  let lo: number;
  let hi: number;
  let se: number;
  if (r.method === 'wald') {
    // Wald on the (weighted) estimate with its (linearised) variance.
    se = Math.sqrt(m.variance);
    lo = m.estimate - zc * se;
    hi = m.estimate + zc * se;
  } else {
    const c = effectiveCounts(t, r.scheme.base);
    [lo, hi, se] = intervalOf(c, r.scheme.base, r.method, zc, r.confidence, r.prior);
  }
  return {
    nps: est,
    low: 100 * clip(lo),
    high: 100 * clip(hi),
    se: 100 * se,
    n: t.n,
    baseN: m.n,
    effectiveN: m.effectiveN,
    base: r.scheme.base,
    method: r.method,
    confidence: r.confidence,
  };
}

/**
 * A confidence interval for the NPS.
 *
 * Methods (formulas, sources and coverage in docs/methodology.md); z = Φ⁻¹(1 − α/2):
 * - `'wald'`: estimate ± z·se with the multinomial variance per respondent (p + d) − (p − d)²
 *   (base `'all'`), or the binomial variance of 2π − 1 (passive-excluded base). Undercovers on
 *   small or skewed samples (87–94 % at n = 30).
 * - `'adjusted-wald'`: add 3/4 to promoters and detractors and 3/2 to passives (3/4 to each of
 *   P and D on the passive-excluded base), then Wald (B. Rocks (2016), "Interval estimation for
 *   the net promoter score", The American Statistician 70(4), 365–372). Default for base
 *   `'all'`. Centred on a shrunk estimate, so it can exclude an extreme raw NPS (1 promoter).
 * - `'tango'`: the score interval for Δ = p − d of the trinomial, {Δ : |(P − D)/n − Δ| ≤
 *   z·√((2·d̃ + Δ(1 − Δ))/n)} with d̃ the restricted MLE of the detractor share given Δ (closed
 *   form, a quadratic): T. Tango (1998), "Equivalence test and confidence interval for the
 *   difference in proportions for the paired-sample design", Statistics in Medicine 17,
 *   891–908, with promoters and detractors as the discordant pairs. Never leaves [−100, 100];
 *   on the passive-excluded base it is exactly Wilson's interval. Limits by bisection to
 *   machine precision.
 * - `'bayes'`: equal-tailed posterior interval of θp − θd under a Dirichlet(`prior`) prior
 *   (default 1 / 1 / 1): with a, b, c the posterior counts of promoters, passives, detractors,
 *   P(θp − θd ≤ δ) = ∫ Beta_pdf(t; c, a + b)·I_{(δ+t)/(1−t)}(a, b) dt by adaptive Gauss–Kronrod
 *   quadrature, quantiles by Brent's method (no random draws; limits accurate to 1e-9 points at
 *   every count a tally holds). Passive-excluded base: π ~ Beta(P + prior.promoters,
 *   D + prior.detractors), NPS = 2π − 1. `se` is the posterior standard deviation. Costs a few
 *   milliseconds per interval. For huge posteriors (D₂ = Σ dᵢ²αᵢ ≥ 1e7, about ten million
 *   respondents, or smaller where the bound on its error allows) the quantiles come from the
 *   second-order Cornish–Fisher expansion with the exact cumulants instead (Cornish & Fisher
 *   1937), and for posteriors narrower than the accuracy claimed from the mean and SD (see
 *   docs/methodology.md, "Numerics at large counts").
 * - `'wilson'`: the Wilson (1927) score interval for π = P / (P + D), mapped by 2π − 1.
 *   Default for the passive-excluded base; on base `'all'` it throws `invalid_option`.
 *
 * `nps` is always the plain (weighted) NPS of the counts. Limits are clipped to [−100, 100].
 * Weighted tallies: `'wald'` uses the weighted NPS and its Taylor-linearised variance
 * Σw²(y − R)² / (Σw)² (Woodruff 1971); the other methods use Kish effective counts, the
 * weighted shares of the base times n_eff = (Σw)² / Σw². `n` counts all respondents, `baseN`
 * the respondents in the base (both unweighted counts), `effectiveN` is n_eff (= `baseN` when
 * unweighted).
 *
 * @param input - A {@link Tally} or the scores.
 * @param options - `scheme`, `confidence` (default 0.95), `method`, `prior` (bayes only).
 * @returns `{ nps, low, high, se, n, baseN, effectiveN, base, method, confidence }`.
 * @throws {@link NpsInputError} `empty` when the base has no respondents; `invalid_option` for a
 *   confidence outside (0, 1), an unknown method, `'wilson'` on base `'all'`, or a prior that
 *   is not three positive numbers up to 2^53 − 1.
 * @example
 * ```ts
 * const t = tallyFromCounts({ promoters: 60, passives: 25, detractors: 15 });
 * const i = npsInterval(t, { scheme: classicScheme, method: 'wald' });
 * i.nps; //=> 45
 * i.se.toFixed(4); //=> '7.3993'   (100 × √((0.75 − 0.45²) / 100))
 * const tg = npsInterval(t, { scheme: classicScheme, method: 'tango' });
 * [tg.low.toFixed(4), tg.high.toFixed(4)]; //=> ['29.2569', '58.1257']
 * const b = npsInterval(t, { scheme: classicScheme, method: 'bayes' });
 * [b.low.toFixed(4), b.high.toFixed(4), b.se.toFixed(4)]; //=> ['28.7576', '57.3912', '7.3163']
 * const j = npsInterval(t, { method: 'bayes', prior: { promoters: 0.5, passives: 0.5, detractors: 0.5 } });
 * [j.nps, j.n, j.baseN, j.low.toFixed(4), j.high.toFixed(4)]; //=> [60, 100, 75, '39.8321', '75.6418']
 * npsInterval([10, 7, 3]).n; //=> 3   (all respondents; baseN is 2: the passive is outside the base)
 * ```
 */
export function npsInterval(input: Tally | Scores, options?: NpsIntervalOptions): NpsInterval {
  const r = resolveIntervalOptions('npsInterval', options);
  const t = toTally('npsInterval', input, r.scheme);
  const result = intervalOfTally(t, r);
  if (result === null) throw emptyBase('npsInterval', t, r.scheme.base);
  return result;
}
