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
   * Expected distribution of answers (of group a, for a difference). Default: the worst case,
   * promoters = detractors = 0.5 with no passives (per-respondent variance 1 under either base).
   */
  readonly expected?: ExpectedShares | undefined;
  /** For a difference: the expected distribution of group b (default: the same as `expected`). */
  readonly expectedB?: ExpectedShares | undefined;
  /**
   * Size of the population surveyed (of each group, for a difference): applies the
   * finite-population correction n = N·n₀ / (n₀ + N − 1). An integer ≥ 1.
   */
  readonly population?: number | undefined;
}

/** What one group of a sample-size plan expects. */
export interface SampleSizeGroup {
  /**
   * Respondents expected in the NPS base, ⌈m⌉ with m = n·(1 − passive share) before rounding
   * (equal to `n` under base `'all'`).
   */
  readonly baseN: number;
  /**
   * Variance of one answer inside the base, on the −1..1 scale: (p + d) − (p − d)² with the
   * shares of the base.
   */
  readonly variance: number;
  /** Expected share of passives among all respondents. */
  readonly passiveShare: number;
}

/** A sample-size plan: how many respondents to survey. */
export interface SampleSize extends SampleSizeGroup {
  /** Respondents to survey (per group for a difference), an integer ≥ 1. */
  readonly n: number;
  /** The required size before rounding up (after the finite-population correction). */
  readonly exact: number;
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

const WORST_CASE: ExpectedShares = { promoters: 0.5, passives: 0, detractors: 0.5 };

interface GroupMoments {
  /** variance of one answer inside the base (−1..1 scale) */
  readonly variance: number;
  /** expected share of respondents in the base */
  readonly inBase: number;
  readonly passiveShare: number;
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
 * `n` is rounded up (at least 1). Under the passive-excluded base the base needed is m = n·e
 * (`baseN`), and n = ⌈m / (1 − passive share)⌉. Default `expected` is the worst case p = d = 0.5
 * (σ²/e = 1), giving the familiar n = ⌈(z / E)²⌉. See docs/comparisons.md for a worked table.
 *
 * @param target - `{ marginOfError }` or `{ difference, power? }` (NPS points; power default 0.8).
 * @param options - `scheme`, `confidence` (default 0.95), `expected`, `expectedB`, `population`.
 * @returns A {@link SampleSize}: `n` (per group for a difference), `baseN`, `variance`, ….
 * @throws {@link NpsInputError} `invalid_option` for a non-positive margin, a zero difference,
 *   power outside (0, 1), shares that are negative or do not sum to 1 (within 1e-9), a
 *   distribution with nobody in the base, or a population that is not an integer ≥ 1.
 * @example
 * ```ts
 * sampleSize({ marginOfError: 5 }).n; //=> 1537   (⌈(1.959964 / 0.05)²⌉)
 * sampleSize({ marginOfError: 5 }, { population: 2000 }).n; //=> 870   (2000·n₀ / (n₀ + 1999))
 * const plan = sampleSize(
 *   { marginOfError: 5 },
 *   { expected: { promoters: 0.5, passives: 0.3, detractors: 0.2 } },
 * );
 * plan.variance; //=> 0.8163265306122449   (1 − (0.3 / 0.7)²)
 * plan.baseN; //=> 1255   (m = 1536.58 × 0.8163 = 1254.35)
 * plan.n; //=> 1792   (⌈1254.35 / 0.7⌉)
 * sampleSize({ difference: 10 }).n; //=> 1570   (⌈(1.959964 + 0.841621)² × 2 / 0.1²⌉)
 * ```
 */
export function sampleSize(target: SampleSizeTarget, options?: SampleSizeOptions): SampleSize {
  const t = parseTarget(target);
  const o = parseWith(optionsSchema(), options ?? {}, 'sampleSize', 'options');
  const scheme = resolveScheme(options?.scheme, 'sampleSize');
  const base = scheme.base;
  const confidence = o.confidence ?? 0.95;
  const zAlpha = zForConfidence(confidence);
  const ga = groupMoments(o.expected ?? WORST_CASE, base, 'expected');
  const gb =
    t.difference === null
      ? null
      : groupMoments(o.expectedB ?? o.expected ?? WORST_CASE, base, 'expectedB');
  let n0: number;
  if (t.margin !== null) {
    const e = t.margin / 100;
    n0 = (zAlpha * zAlpha * (ga.variance / ga.inBase)) / (e * e);
  } else {
    const zPower = normalQuantile(t.power as number);
    const delta = (t.difference as number) / 100;
    const v = ga.variance / ga.inBase + (gb as GroupMoments).variance / (gb as GroupMoments).inBase;
    n0 = ((zAlpha + zPower) ** 2 * v) / (delta * delta);
  }
  const pop = o.population;
  const exact = pop === undefined ? n0 : (pop * n0) / (n0 + pop - 1);
  const n = Math.max(1, ceilish(exact));
  const group = (g: GroupMoments): SampleSizeGroup => ({
    baseN: Math.max(1, ceilish(exact * g.inBase)),
    variance: g.variance,
    passiveShare: g.passiveShare,
  });
  return {
    n,
    exact,
    ...group(ga),
    b: gb === null ? null : group(gb),
    base,
    confidence,
    power: t.power,
    marginOfError: t.margin,
    difference: t.difference,
    population: pop ?? null,
  };
}
