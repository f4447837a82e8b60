import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { normalQuantile, zForConfidence } from '../kernels/normal.ts';
import { confidenceOption } from '../kernels/options.ts';
import { lazy, parseWith } from '../kernels/validate.ts';
import type { ConfidenceOptions } from './npsInterval.ts';
import { resolveScheme } from './resolveScheme.ts';
import type { NpsBase } from './scheme.ts';
import { answerVariance } from './variance.ts';

/**
 * What a survey must achieve: a margin of error for one NPS, or the power to detect a
 * difference between two independent groups. Both in NPS points.
 */
export type SampleSizeTarget =
  | {
      /** Half-width of the confidence interval of the NPS, in NPS points (> 0). */
      readonly marginOfError: number;
    }
  | {
      /** The smallest difference between two groups' NPS worth detecting, in NPS points. */
      readonly difference: number;
      /** Probability of detecting it, in (0, 1) (default 0.8). */
      readonly power?: number | undefined;
    };

/** Expected shares of promoters, passives and detractors among all respondents (sum 1). */
export interface ExpectedShares {
  /** Share of promoters, 0..1. */
  readonly promoters: number;
  /** Share of passives, 0..1. */
  readonly passives: number;
  /** Share of detractors, 0..1. */
  readonly detractors: number;
}

/** Options of {@link sampleSize}. */
export interface SampleSizeOptions extends ConfidenceOptions {
  /**
   * Expected distribution of answers (of group a, for a difference). Without it the plan takes
   * the worst case over the promoter/detractor split (promoters = detractors), with the passive
   * share from `passiveShare`, and under the ten-point scheme's passive-excluded base leaves
   * the total open (`n: null`) when that is not given either.
   */
  readonly expected?: ExpectedShares | undefined;
  /** For a difference: the expected distribution of group b (default: the same as `expected`). */
  readonly expectedB?: ExpectedShares | undefined;
  /**
   * Expected share of passives among all respondents, 0 ≤ share < 1, for a group whose full
   * distribution (`expected` / `expectedB`) is not given: the plan is then the worst case over
   * the split of the rest into promoters and detractors. Not together with `expected`.
   */
  readonly passiveShare?: number | undefined;
  /**
   * Size of the population surveyed (of each group, for a difference): applies the
   * finite-population correction n = N·n₀ / (n₀ + N − 1). An integer ≥ 1.
   */
  readonly population?: number | undefined;
}

/** What one group of a sample-size plan expects. */
export interface SampleSizeGroup {
  /**
   * Respondents needed in the NPS base, ⌈m⌉: m = n·(1 − passive share) before rounding when
   * the passive share is known (equal to `n` under base `'all'`); with it unknown, the base the
   * target needs by itself (for a difference, each group's base in a plan with equal bases).
   */
  readonly baseN: number;
  /**
   * Variance of one answer inside the base, on the −1..1 scale: (p + d) − (p − d)² with the
   * shares of the base.
   */
  readonly variance: number;
  /** Expected share of passives among all respondents; `null` when not given. */
  readonly passiveShare: number | null;
  /**
   * Whether `variance` is the worst case over the promoter/detractor split (no `expected` for
   * this group): then `baseN` (and `n`, when not `null`) are the most any such split needs,
   * given the passive share when one was given.
   */
  readonly worstCase: boolean;
}

/** A sample-size plan: how many respondents to survey. */
export interface SampleSize extends SampleSizeGroup {
  /**
   * Respondents to survey (per group for a difference), an integer ≥ 1; `null` when passives
   * are left out of the base and their share is not known (by `expected` or `passiveShare`):
   * the total then grows without bound as that share approaches 1, and only `baseN` is known.
   */
  readonly n: number | null;
  /**
   * The required number of respondents before rounding up (after the finite-population
   * correction); `null` with `n`.
   */
  readonly exact: number | null;
  /** Group b of a difference (`null` for a margin of error). */
  readonly b: SampleSizeGroup | null;
  /** The base of the scheme. */
  readonly base: NpsBase;
  /** The confidence level. */
  readonly confidence: number;
  /** The power (`null` for a margin of error). */
  readonly power: number | null;
  /** The target margin of error in NPS points (`null` for a difference). */
  readonly marginOfError: number | null;
  /** The target difference in NPS points (`null` for a margin of error). */
  readonly difference: number | null;
  /** The population size used for the finite-population correction, or `null`. */
  readonly population: number | null;
}

const SHARE_TOLERANCE = 1e-9;

function sharesSchema() {
  const share = z.number().check(z.gte(0), z.lte(1));
  return z
    .object({ promoters: share, passives: share, detractors: share })
    .check(
      z.refine(
        (s) => Math.abs(s.promoters + s.passives + s.detractors - 1) <= SHARE_TOLERANCE,
        'shares must sum to 1 (within 1e-9)',
      ),
    );
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    scheme: z.optional(z.unknown()),
    confidence: confidenceOption(),
    expected: z.optional(sharesSchema()),
    expectedB: z.optional(sharesSchema()),
    passiveShare: z.optional(z.number().check(z.gte(0), z.lt(1))),
    population: z.optional(z.int().check(z.gte(1))),
  }),
);

function badTarget(message: string, path: PropertyKey[], received: unknown): NpsInputError {
  return new NpsInputError({
    code: 'invalid_option',
    message: `sampleSize: ${message}`,
    path,
    received,
  });
}

interface Target {
  readonly margin: number | null;
  readonly difference: number | null;
  readonly power: number | null;
}

function parseTarget(target: unknown): Target {
  if (typeof target !== 'object' || target === null) {
    throw badTarget(
      `target must be { marginOfError } or { difference, power? }, received ${describe(target)}`,
      [],
      target,
    );
  }
  const t = target as Record<string, unknown>;
  const keys = Object.keys(t);
  const unknown = keys.find((k) => k !== 'marginOfError' && k !== 'difference' && k !== 'power');
  if (unknown !== undefined) {
    throw badTarget(
      `target must be { marginOfError } or { difference, power? }, received an unknown key ${JSON.stringify(unknown)}`,
      [unknown],
      target,
    );
  }
  const hasMargin = t.marginOfError !== undefined;
  const hasDifference = t.difference !== undefined;
  if (hasMargin === hasDifference) {
    throw badTarget(
      `target must have exactly one of marginOfError and difference, received ${hasMargin ? 'both' : 'neither'}`,
      [],
      target,
    );
  }
  if (hasMargin) {
    const m = t.marginOfError;
    if (t.power !== undefined) {
      throw badTarget(
        'target.power applies to a difference, not to a margin of error',
        ['power'],
        t.power,
      );
    }
    if (typeof m !== 'number' || !(m > 0) || m === Infinity) {
      throw badTarget(
        `target.marginOfError must be a finite number of NPS points > 0, received ${describe(m)}`,
        ['marginOfError'],
        m,
      );
    }
    return { margin: m, difference: null, power: null };
  }
  const d = t.difference;
  if (typeof d !== 'number' || !Number.isFinite(d) || d === 0 || Math.abs(d) > 200) {
    throw badTarget(
      `target.difference must be a non-zero number of NPS points within ±200, received ${describe(d)}`,
      ['difference'],
      d,
    );
  }
  const power = t.power ?? 0.8;
  if (typeof power !== 'number' || !(power > 0 && power < 1)) {
    throw badTarget(
      `target.power must be a number strictly between 0 and 1, received ${describe(power)}`,
      ['power'],
      power,
    );
  }
  return { margin: null, difference: d, power };
}

interface GroupMoments {
  /** variance of one answer inside the base (−1..1 scale) */
  readonly variance: number;
  /** expected share of respondents in the base, or null when unknown */
  readonly inBase: number | null;
  readonly passiveShare: number | null;
  readonly worstCase: boolean;
}

function groupMoments(s: ExpectedShares, base: NpsBase, path: string): GroupMoments {
  const inBase = base === 'all' ? 1 : s.promoters + s.detractors;
  if (!(inBase > 0)) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `sampleSize: options.${path} must leave someone in the base: with passives left out of the base, promoters + detractors must be > 0, received ${describe(s)}`,
      path: [path],
      received: s,
    });
  }
  const p = s.promoters / inBase;
  const d = s.detractors / inBase;
  return {
    variance: answerVariance(p, d),
    inBase,
    passiveShare: s.passives,
    worstCase: false,
  };
}

/**
 * The worst case over the promoter/detractor split: promoters = detractors. Inside the base the
 * variance (p + d) − (p − d)² is then p + d, its maximum for a given passive share: 1 on the
 * passive-excluded base, 1 − passives under base `'all'` (1 when the share is not given, its
 * maximum over every distribution).
 */
function worstCase(base: NpsBase, passiveShare: number | undefined): GroupMoments {
  if (base === 'all') {
    return {
      variance: 1 - (passiveShare ?? 0),
      inBase: 1,
      passiveShare: passiveShare ?? null,
      worstCase: true,
    };
  }
  return {
    variance: 1,
    inBase: passiveShare === undefined ? null : 1 - passiveShare,
    passiveShare: passiveShare ?? null,
    worstCase: true,
  };
}

/** ⌈x⌉, forgiving the last bits of floating-point noise above an integer (400.00000000000006 → 400). */
function ceilish(x: number): number {
  return Math.ceil(x * (1 - 1e-12));
}

/**
 * How many respondents to survey for a target margin of error of the NPS, or to detect a
 * difference between two independent groups with a given power.
 *
 * With the per-answer variance inside the base σ² = (p + d) − (p − d)² (shares of the base,
 * on the −1..1 scale) and e the share of respondents in the base (1 under base `'all'`,
 * 1 − passives otherwise), one surveyed respondent contributes σ²/e to the variance of the NPS
 * (the linearised variance of the ratio (P − D)/(P + D); Cochran 1977, "Sampling Techniques",
 * 3rd ed., ch. 6). Then
 * - margin E (NPS points): n₀ = z²·(σ²/e) / (E/100)², z = z₁₋α/₂ (Cochran 1977, §4.4);
 * - difference Δ per group: n₀ = (z₁₋α/₂ + z_power)²·(σ²_a/e_a + σ²_b/e_b) / (Δ/100)² (the
 *   unpooled two-sample normal approximation; Chow, Shao & Wang 2008, "Sample Size
 *   Calculations in Clinical Research", 2nd ed., §4.2);
 * - with a population N: n = N·n₀ / (n₀ + N − 1) (Cochran 1977, §4.4, eq. 4.2 with the
 *   finite-population correction).
 *
 * `n` is rounded up (at least 1) and `baseN` = ⌈n*·e⌉ is the base the plan needs, from the
 * unrounded n* (so it can be one below ⌈n·e⌉). Without
 * `expected` the plan takes the worst case over the promoter/detractor split, p = d, where σ²
 * is largest: 1 inside a passive-excluded base, 1 − passives under base `'all'`. Under base
 * `'all'` with nothing given that is σ² = 1, the largest over every distribution, so
 * n = ⌈(z/E)²⌉. Under the passive-excluded base (the ten-point default) the total also depends
 * on the passive share: n = m/(1 − passives) grows without bound as it approaches 1 (shares
 * 0.1 / 0.8 / 0.1 need 7683 respondents for ±5 points where the base needs 1537). Without
 * `expected` or `passiveShare` the plan gives the base the target needs (`baseN`, the worst
 * case over the split) and leaves `n` (and `exact`) `null`; for a difference it then plans
 * equal bases, m₀ = (z₁₋α/₂ + z_power)²·(σ²_a + σ²_b) / (Δ/100)² each, with the population
 * correction applied to the base as if everyone were in it (the most the base can need).
 * See docs/comparisons.md for a worked table.
 *
 * @param target - `{ marginOfError }` or `{ difference, power? }` (NPS points; power default 0.8).
 * @param options - `scheme`, `confidence` (default 0.95), `expected`, `expectedB`,
 *   `passiveShare`, `population`.
 * @returns A {@link SampleSize}: `n` (per group for a difference, or `null`), `baseN`,
 *   `variance`, `worstCase`, ….
 * @throws {@link NpsInputError} `invalid_option` for a non-positive margin, a zero difference,
 *   power outside (0, 1), shares that are negative or do not sum to 1 (within 1e-9), a
 *   distribution with nobody in the base, a passive share outside [0, 1) or given with
 *   `expected`, or a population that is not an integer ≥ 1.
 * @example
 * ```ts
 * // ten-point scheme (passives out of the base), nothing known about the answers:
 * const open = sampleSize({ marginOfError: 5 });
 * open.baseN; //=> 1537   (⌈(1.959964 / 0.05)²⌉ promoters and detractors, the worst case p = d)
 * open.n; //=> null   (the total depends on the passive share)
 * sampleSize({ marginOfError: 5 }, { passiveShare: 0.8 }).n; //=> 7683   (⌈1536.58 / 0.2⌉)
 * sampleSize({ marginOfError: 5 }, { scheme: classicScheme }).n; //=> 1537   (σ² ≤ 1 always)
 * sampleSize({ marginOfError: 5 }, { scheme: classicScheme, population: 2000 }).n; //=> 870
 * const plan = sampleSize(
 *   { marginOfError: 5 },
 *   { expected: { promoters: 0.5, passives: 0.3, detractors: 0.2 } },
 * );
 * plan.variance; //=> 0.8163265306122449   (1 − (0.3 / 0.7)²)
 * plan.baseN; //=> 1255   (m = 1536.58 × 0.8163 = 1254.35)
 * plan.n; //=> 1792   (⌈1254.35 / 0.7⌉)
 * sampleSize({ difference: 10 }).baseN; //=> 1570   (⌈(1.959964 + 0.841621)² × 2 / 0.1²⌉ each)
 * ```
 */
export function sampleSize(target: SampleSizeTarget, options?: SampleSizeOptions): SampleSize {
  const t = parseTarget(target);
  const o = parseWith(optionsSchema(), options ?? {}, 'sampleSize', 'options');
  if (o.expected !== undefined && o.passiveShare !== undefined) {
    throw new NpsInputError({
      code: 'invalid_option',
      message:
        'sampleSize: options.passiveShare applies to a group without expected shares; give either expected (with its passives) or passiveShare, not both',
      path: ['passiveShare'],
      received: o.passiveShare,
    });
  }
  const scheme = resolveScheme(options?.scheme, 'sampleSize');
  const base = scheme.base;
  const confidence = o.confidence ?? 0.95;
  const zAlpha = zForConfidence(confidence);
  const ga =
    o.expected === undefined
      ? worstCase(base, o.passiveShare)
      : groupMoments(o.expected, base, 'expected');
  const sharesB = o.expectedB ?? o.expected;
  const gb =
    t.difference === null
      ? null
      : sharesB === undefined
        ? worstCase(base, o.passiveShare)
        : groupMoments(sharesB, base, 'expectedB');
  // n₀ = k·Σ σ²/e, with k = z² / E² or (z₁₋α/₂ + z_power)² / Δ² (−1..1 scale)
  let k: number;
  if (t.margin !== null) {
    const e = t.margin / 100;
    k = (zAlpha * zAlpha) / (e * e);
  } else {
    const delta = (t.difference as number) / 100;
    k = (zAlpha + normalQuantile(t.power as number)) ** 2 / (delta * delta);
  }
  const groups = gb === null ? [ga] : [ga, gb];
  const pop = o.population;
  const corrected = (x: number): number => (pop === undefined ? x : (pop * x) / (x + pop - 1));
  let exact: number | null = null;
  // the base each group needs, before rounding
  const bases: number[] = [];
  if (groups.every((g) => g.inBase !== null)) {
    // equal numbers surveyed per group
    let v = 0;
    for (const g of groups) v += g.variance / (g.inBase as number);
    exact = corrected(k * v);
    for (const g of groups) bases.push(exact * (g.inBase as number));
  } else {
    // a passive share unknown: equal bases per group, the total left open
    let v = 0;
    for (const g of groups) v += g.variance;
    bases.push(corrected(k * v));
    bases.push(bases[0] as number);
  }
  const group = (g: GroupMoments, m: number): SampleSizeGroup => ({
    baseN: Math.max(1, ceilish(m)),
    variance: g.variance,
    passiveShare: g.passiveShare,
    worstCase: g.worstCase,
  });
  return {
    n: exact === null ? null : Math.max(1, ceilish(exact)),
    exact,
    ...group(ga, bases[0] as number),
    b: gb === null ? null : group(gb, bases[1] as number),
    base,
    confidence,
    power: t.power,
    marginOfError: t.margin,
    difference: t.difference,
    population: pop ?? null,
  };
}
