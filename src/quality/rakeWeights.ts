import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { invalidWeight, isWeight } from '../kernels/scores.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { categorySums, type Margin, type RakeMargins, readMarginRows } from './margins.ts';

/** Bounds on the raked weights, as multiples of the mean weight (see {@link rakeWeights}). */
export interface RakeTrim {
  /** Smallest weight as a multiple of the mean weight, in [0, 1] (default none). */
  readonly lower?: number | undefined;
  /** Largest weight as a multiple of the mean weight, ≥ 1 (default none); 5 is a common cap. */
  readonly upper?: number | undefined;
}

/** Options of {@link rakeWeights}. */
export interface RakeWeightsOptions {
  /** Known population figures per variable (required). */
  readonly margins: RakeMargins;
  /**
   * Whether the margin figures are population `'shares'` (each margin sums to 1; the default) or
   * population `'totals'` (each margin sums to the same population size; the weights then sum to it).
   */
  readonly targets?: 'shares' | 'totals' | undefined;
  /**
   * Starting (design) weights, one per row, in row order: 0 or a finite number from 1e-150 to
   * 1e150. Default 1 for every row. With shares the raked weights keep their sum.
   */
  readonly weights?: ArrayLike<number> | undefined;
  /** Most passes over the margins, an integer from 1 to 100 000 (default 1000). */
  readonly maxIterations?: number | undefined;
  /**
   * Convergence: every category's weighted share within this distance of its target share, in
   * (0, 0.1] (default 1e-10).
   */
  readonly tolerance?: number | undefined;
  /** Bounds on the weights relative to the mean weight, applied after every pass. */
  readonly trim?: RakeTrim | undefined;
}

/** One category of a raked margin, in the order the margin lists them. */
export interface RakedCategory {
  /** The category, as written in the margin. */
  readonly category: string;
  /** Its target population share (0..1). */
  readonly target: number;
  /** Its share of the raked weights (0..1). */
  readonly achieved: number;
  /** Its share of the starting weights (0..1): the respondents before raking. */
  readonly initial: number;
  /** Respondents (rows with a positive starting weight) in the category. */
  readonly respondents: number;
}

/** One raked variable with its categories. */
export interface RakedMargin {
  /** The variable (the row field). */
  readonly variable: string;
  /** Its categories, in margin order. */
  readonly categories: readonly RakedCategory[];
}

/** What {@link rakeWeights} returns. */
export interface RakeWeightsResult {
  /**
   * One raked weight per row, in input order (rows with starting weight 0 keep 0). Pass them as
   * `weights` to `tally`, or as each row's `weight` to `rollup`, `trend` and the rest.
   */
  readonly weights: readonly number[];
  /** Passes over the margins performed (each pass adjusts every margin once, in order). */
  readonly iterations: number;
  /** Whether `maxError` came within `tolerance`. */
  readonly converged: boolean;
  /**
   * Largest |Σw in the category ÷ population − target share| over all categories, after the last
   * pass (0..1); the population is the totals' sum, or the starting weights' sum with shares.
   * Without trimming the weights sum to the population and this is the largest
   * |achieved − target|; weights held at a bound can leave the sum short of the population, and
   * then this gap is the larger.
   */
  readonly maxError: number;
  /** Respondents: rows with a positive raked weight. */
  readonly n: number;
  /** Kish effective sample size (Σw)² / Σw² over the rows. */
  readonly effectiveN: number;
  /** Kish design effect of the weighting, n / effectiveN = 1 + CV² of the weights (≥ 1). */
  readonly designEffect: number;
  /** Weights held at a trimming bound after the last pass (0 without `trim`). */
  readonly trimmed: number;
  /** Target, achieved and initial shares per variable and category. */
  readonly margins: readonly RakedMargin[];
}

const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_TOLERANCE = 1e-10;
const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<RakeWeightsOptions>()(
    z.strictObject({
      margins: z.unknown(),
      targets: z.optional(z.enum(['shares', 'totals'])),
      weights: z.optional(z.unknown()),
      maxIterations: z.optional(z.int().check(z.gte(1), z.lte(100_000))),
      tolerance: z.optional(z.number().check(z.gt(0), z.lte(0.1))),
      trim: z.optional(
        z.strictObject({
          lower: z.optional(z.number().check(z.gte(0), z.lte(1))),
          upper: z.optional(z.number().check(z.gte(1))),
        }),
      ),
    }),
  ),
);

const FN = 'rakeWeights';

/** The starting weights: the option's, checked, or all 1. */
function readWeights(value: unknown, n: number): Float64Array {
  const w = new Float64Array(n);
  if (value === undefined) return w.fill(1);
  const arr = value as ArrayLike<unknown> | null;
  if (
    typeof arr !== 'object' ||
    arr === null ||
    typeof (arr as { length?: unknown }).length !== 'number'
  ) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${FN}: options.weights must be an array of numbers (one per row), received ${describe(value)}`,
      path: ['weights'],
      received: value,
    });
  }
  if (arr.length !== n) {
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${FN}: options.weights must have one weight per row (${String(n)}), received ${String(arr.length)}`,
      path: ['weights'],
      received: value,
    });
  }
  for (let i = 0; i < n; i++) {
    const x = arr[i];
    if (!isWeight(x)) throw invalidWeight(FN, x, i);
    w[i] = x;
  }
  return w;
}

function emptyCategory(m: Margin, c: number, during: boolean): NpsInputError {
  const category = m.categories[c] ?? '';
  return new NpsInputError({
    code: 'empty_category',
    message: `${FN}: margins.${m.variable}.${category} has a target share of ${String(m.shares[c])} but ${during ? 'its respondents were all given weight 0 by categories of other margins with target 0' : 'no respondent (with a positive weight) is in it'}, so no weights can meet it; merge it with a neighbouring category or give it target 0`,
    path: ['margins', m.variable, category],
    received: category,
  });
}

/**
 * Raking (iterative proportional fitting) of respondent weights to known population shares on
 * several variables at once: region, age band, channel… Each pass adjusts the weights to every
 * margin in turn (post-stratification on one variable: each row's weight times target / current
 * weighted total of its category), and passes repeat until every category's weighted share is
 * within `tolerance` of its target or `maxIterations` passes have run. Method: Deming & Stephan
 * (1940), "On a least squares adjustment of a sampled frequency table when the expected marginal
 * totals are known", Ann. Math. Statist. 11(4); the same algorithm as R `survey::rake` (Lumley),
 * whose results these match to 1e-8 (test/reference/rake.R).
 *
 * **Non-convergence is reported, not thrown:** margins that the sample cannot meet together (a
 * variable confounded with another, trimming bounds too tight) end with `converged: false`, the
 * weights after `maxIterations` passes and the remaining `maxError`. Structural impossibilities
 * are errors: a margin category with a positive target and no respondent (`empty_category`).
 *
 * **Trimming** (`trim: { lower, upper }`) bounds the weights to [lower, upper] × the mean weight
 * the raking aims at (population size ÷ respondents; for shares the starting weights' sum ÷
 * respondents, so 1 for unit weights). The weights are clipped after every pass and raking
 * resumes, as in anesrake (Pasek, R package `anesrake`: `cap` applied within each iteration;
 * anesrake has only an upper cap, and rescales to mean 1 after capping), so the margins are met
 * with bounded weights when the bounds allow it, and `converged: false` tells when they do not.
 * The clipped weight is not redistributed (unlike `survey::trimWeights`, which trims once after
 * raking and spreads the excess over the others, so its margins drift off the targets).
 *
 * The result also gives the Kish (1965, Survey Sampling, §11.7) effective sample size
 * (Σw)² / Σw² and the design effect of the weighting n / effectiveN = 1 + CV²(w): the loss of
 * precision bought with the weighting. O(rows × variables) per pass.
 *
 * @param rows - One object per respondent, carrying each margin variable as a field whose value
 *   (a string, or a finite number matched by its decimal text) is a category of that margin.
 * @param options - `margins` (required), `targets` (`'shares'`, default, or `'totals'`),
 *   `weights` (starting weights, default 1), `maxIterations` (default 1000), `tolerance`
 *   (default 1e-10, in shares), `trim` (`{ lower?, upper? }` relative to the mean weight).
 * @returns The raked weights in row order and the convergence report ({@link RakeWeightsResult}).
 * @throws {@link NpsInputError} `invalid_input` when `rows` is not an array or a row is not an
 *   object; `empty` for no rows; `invalid_margin` for a margin that is not an object or Map, a
 *   target that is negative, NaN or infinite, shares not summing to 1 (within 1e-6) or totals that
 *   differ between margins; `unknown_category` for a row whose value is not a category of a
 *   margin (path `[index, variable]`); `empty_category` for a category with a positive target and
 *   no respondent (path `['margins', variable, category]`); `invalid_weight` / `length_mismatch`
 *   for bad starting weights; `invalid_option` for other bad options.
 * @example
 * ```ts
 * // 3 of 4 respondents are from the north, but the north is half the population
 * const rows = [{ region: 'north' }, { region: 'north' }, { region: 'north' }, { region: 'south' }];
 * const r = rakeWeights(rows, { margins: { region: { north: 0.5, south: 0.5 } } });
 * r.weights.map((w) => Math.round(w * 1000) / 1000); //=> [0.667, 0.667, 0.667, 2]
 * r.converged; //=> true
 * r.designEffect; //=> 1.3333333333333333
 * // the weights go straight into the weighted functions
 * tally([10, 9, 3, 10], { weights: r.weights }).weights?.detractors; //=> 0.6666666666666666
 * ```
 */
export function rakeWeights(
  rows: readonly object[],
  options: RakeWeightsOptions,
): RakeWeightsResult {
  const o = parseWith(optionsSchema(), options, FN, 'options');
  const { n, margins, total: marginSum, codes } = readMarginRows(FN, rows, o.margins, o.targets);
  const w = readWeights(o.weights, n);
  const w0 = w.slice();
  const maxIterations = o.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  const lower = o.trim?.lower ?? 0;
  const upper = o.trim?.upper ?? Infinity;
  const trimming = lower > 0 || upper < Infinity;

  // Structural check: a category with a positive target needs a respondent.
  const initial = margins.map((m, k) =>
    categorySums(w, codes[k] as Int32Array, m.categories.length),
  );
  let start = 0;
  for (let i = 0; i < n; i++) start += w[i] as number;
  if (!(start > 0)) {
    throw new NpsInputError({
      code: 'invalid_weight',
      message: `${FN}: the starting weights are all 0, so there is nobody to weight`,
      path: ['weights'],
      received: o.weights,
    });
  }
  margins.forEach((m, k) => {
    const s = initial[k] as Float64Array;
    for (let c = 0; c < s.length; c++) {
      if ((m.shares[c] as number) > 0 && (s[c] as number) === 0) throw emptyCategory(m, c, false);
    }
  });
  // Population size the weights sum to: the totals, or the starting weights' sum.
  const total = o.targets === 'totals' ? marginSum : start;

  let iterations = 0;
  let maxError = Infinity;
  let trimmed = 0;
  while (iterations < maxIterations) {
    for (let k = 0; k < margins.length; k++) {
      const m = margins[k] as Margin;
      const code = codes[k] as Int32Array;
      const sums = categorySums(w, code, m.categories.length);
      const factor = new Float64Array(sums.length);
      for (let c = 0; c < sums.length; c++) {
        const target = (m.shares[c] as number) * total;
        const s = sums[c] as number;
        if (s === 0) {
          if (target > 0) throw emptyCategory(m, c, true);
        } else factor[c] = target / s;
      }
      for (let i = 0; i < n; i++) w[i] = (w[i] as number) * (factor[code[i] as number] as number);
    }
    iterations++;
    if (trimming) trimmed = trim(w, total, lower, upper);
    maxError = marginsError(w, codes, margins, total);
    if (maxError <= tolerance) break;
  }

  let sw = 0;
  let positive = 0;
  const weights = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = w[i] as number;
    weights[i] = x;
    sw += x;
    if (x > 0) positive++;
  }
  // (Σw)² / Σw² as 1 / Σ(w/Σw)²: neither square overflows nor underflows for huge or tiny totals
  let sqq = 0;
  for (let i = 0; i < n; i++) sqq += ((w[i] as number) / sw) ** 2;
  const effectiveN = 1 / sqq;
  return {
    weights,
    iterations,
    converged: maxError <= tolerance,
    maxError,
    n: positive,
    effectiveN,
    designEffect: positive / effectiveN,
    trimmed,
    margins: margins.map((m, k) => {
      const sums = categorySums(w, codes[k] as Int32Array, m.categories.length);
      const init = initial[k] as Float64Array;
      const code = codes[k] as Int32Array;
      const counts = new Float64Array(m.categories.length);
      for (let i = 0; i < n; i++) {
        if ((w0[i] as number) > 0)
          counts[code[i] as number] = (counts[code[i] as number] as number) + 1;
      }
      return {
        variable: m.variable,
        categories: m.categories.map((category, c) => ({
          category,
          target: m.given[c] as number,
          achieved: (sums[c] as number) / sw,
          initial: (init[c] as number) / start,
          respondents: counts[c] as number,
        })),
      };
    }),
  };
}

/**
 * Clip the positive weights to [lower, upper] × the mean weight the raking aims at (the population
 * size over the rows with a positive weight); returns how many were clipped.
 */
function trim(w: Float64Array, total: number, lower: number, upper: number): number {
  let count = 0;
  for (const x of w) if (x > 0) count++;
  const mean = total / count;
  const lo = lower * mean;
  const hi = upper * mean;
  let clipped = 0;
  for (let i = 0; i < w.length; i++) {
    const x = w[i] as number;
    if (x === 0) continue;
    if (x > hi) {
      w[i] = hi;
      clipped++;
    } else if (x < lo) {
      w[i] = lo;
      clipped++;
    }
  }
  return clipped;
}

/** Largest |Σw in category / population − target share| over every margin's categories. */
function marginsError(
  w: Float64Array,
  codes: readonly Int32Array[],
  margins: readonly Margin[],
  total: number,
): number {
  let worst = 0;
  for (let k = 0; k < margins.length; k++) {
    const m = margins[k] as Margin;
    const sums = categorySums(w, codes[k] as Int32Array, m.categories.length);
    for (let c = 0; c < sums.length; c++) {
      const e = Math.abs((sums[c] as number) / total - (m.shares[c] as number));
      if (e > worst) worst = e;
    }
  }
  return worst;
}
