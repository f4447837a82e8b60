import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  symmetricEigen,
  symmetricFunction,
} from '../kernels/matrix.ts';
import { metricOption } from '../kernels/options.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  checkStats,
  computeDriverStats,
  type DriverData,
  type DriverInput,
  type DriverOutcome,
  type DriverStats,
  type DriverStatsOptions,
  extractColumns,
  resolveStatsOptions,
  statsOptionsOf,
  statsOptionsShape,
} from './driverStats.ts';
import { lmgExact, MAX_EXACT_DRIVERS } from './lmg.ts';

/**
 * A relative-importance metric (the names of R's relaimpo, plus Johnson's relative weights).
 *
 * - `'lmg'`: Shapley value / LMG share of R² (averaged over all orderings); = general dominance.
 * - `'first'`: r², the R² of the driver alone.
 * - `'last'`: the R² lost when the driver is dropped from the full model (squared semipartial).
 * - `'betasq'`: the squared standardized coefficient.
 * - `'pratt'`: standardized coefficient × correlation (Pratt 1987).
 * - `'genizi'`: Genizi's (1993) decomposition.
 * - `'car'`: squared CAR scores (Zuber & Strimmer 2010).
 * - `'johnson'`: Johnson's (2000) relative weights (equal to `'genizi'`).
 */
export type ImportanceMetric =
  | 'lmg'
  | 'first'
  | 'last'
  | 'betasq'
  | 'pratt'
  | 'genizi'
  | 'car'
  | 'johnson';

/**
 * Options of every linear driver model ({@link shapley}, {@link relativeWeights},
 * {@link dominanceAnalysis}, {@link driverRegression}…): the {@link DriverStatsOptions} and how
 * missing ratings are handled.
 */
export interface DriverModelOptions extends DriverStatsOptions {
  /**
   * Missing ratings: `'listwise'` (default; rows with any missing rating are dropped) or
   * `'pairwise'` (each correlation from the rows where both variables are present; rows or
   * columns input only; the matrix must be positive definite).
   */
  readonly missing?: 'listwise' | 'pairwise' | undefined;
}

/** Options of {@link relativeImportance}: a metric and the {@link DriverModelOptions}. */
export interface RelativeImportanceOptions extends DriverModelOptions {
  /** The metric (default `'lmg'`). */
  readonly metric?: ImportanceMetric | undefined;
}

/**
 * The direction of a driver's effect, reported beside importance measures that carry none
 * (Shapley values, relative weights, dominance).
 */
export interface DriverDirection {
  /** Standardized coefficient of the driver in the full model. */
  readonly beta: number;
  /** Pearson correlation of the driver with the outcome. */
  readonly correlation: number;
  /** Sign of the full-model coefficient: 1, −1 or 0 (importance itself carries no direction). */
  readonly sign: number;
  /** True when the coefficient's sign disagrees with the correlation's (suppression). */
  readonly suppressed: boolean;
}

/** One driver's importance. */
export interface DriverImportance extends DriverDirection {
  /** The driver's name. */
  readonly driver: string;
  /** The metric's value (a share of R² for the decomposing metrics; unitless). */
  readonly raw: number;
  /** raw / Σ raw, on 0..1 (0 when Σ raw = 0). */
  readonly share: number;
  /** 1 for the most important driver (ties keep input order). */
  readonly rank: number;
}

/** What every driver model reports about its fit and the rows it used. */
export interface DriverFitSummary {
  /** The outcome modelled. */
  readonly outcome: DriverOutcome;
  /** Rows used: complete rows (listwise), or the smallest pairwise count. */
  readonly n: number;
  /** Rows set aside for missing ratings (listwise), or total rows − n (pairwise). */
  readonly excludedN: number;
  /** R² of the full model (0..1). */
  readonly r2: number;
}

/** The result of {@link relativeImportance}. */
export interface RelativeImportanceResult extends DriverFitSummary {
  /** The metric used. */
  readonly metric: ImportanceMetric;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverImportance[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.optional(
    exactKeys<RelativeImportanceOptions>()(
      z.strictObject({
        metric: metricOption(),
        ...statsOptionsShape(),
        missing: z.optional(z.enum(['listwise', 'pairwise'])),
      }),
    ),
  ),
);

function isStats(x: unknown): x is DriverStats {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'comoments' in x;
}

/** @internal A prepared correlation problem. */
export interface Prepared {
  readonly stats: DriverStats;
  readonly names: readonly string[];
  readonly p: number;
  /** (p + 1)² correlation matrix, drivers first, outcome last. */
  readonly corr: Float64Array;
}

/** @internal The driver list must not be empty (`invalid_input`). */
export function checkSomeDrivers(names: readonly string[], fn: string): void {
  if (names.length === 0)
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: drivers must name at least one driver, received none`,
      received: names,
    });
}

/** @internal A model with p drivers needs more than p + 1 complete rows (`too_few_rows`). */
export function checkEnoughRows(n: number, p: number, fn: string): void {
  if (n <= p + 1)
    throw new NpsInputError({
      code: 'too_few_rows',
      message: `${fn}: complete rows must number more than drivers + 1 (${String(p + 1)}), received ${String(n)}`,
      received: n,
    });
}

/** @internal Validate input and build the correlation problem. */
export function prepare(
  input: DriverInput,
  options: RelativeImportanceOptions | undefined,
  fn: string,
): Prepared {
  const o = parseWith(optionsSchema(), options, fn, 'options');
  let stats: DriverStats;
  let names: readonly string[];
  if (isStats(input)) {
    checkStats(input, fn, 'statistics');
    if (o?.missing === 'pairwise')
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options.missing 'pairwise' needs rows or columns, received statistics (which are listwise)`,
        path: ['missing'],
        received: 'pairwise',
      });
    if (o?.outcome !== undefined && o.outcome !== input.outcome)
      throw new NpsInputError({
        code: 'incompatible_stats',
        message: `${fn}: options.outcome must match the statistics' outcome (${describe(input.outcome)}), received ${describe(o.outcome)}`,
        path: ['outcome'],
        received: o.outcome,
      });
    stats = input;
    // Same driver-list checks as for rows (a repeated name is invalid_option, not "collinear").
    names = resolveStatsOptions({ drivers: o?.drivers }, fn).drivers ?? input.drivers;
    for (const d of names)
      if (!input.drivers.includes(d))
        throw new NpsInputError({
          code: 'unknown_driver',
          message: `${fn}: driver must be one of the statistics' drivers, received ${describe(d)}`,
          path: ['drivers'],
          received: d,
        });
  } else {
    const rest = statsOptionsOf(o);
    if (o?.missing === 'pairwise') return preparePairwise(input, resolveStatsOptions(rest, fn), fn);
    stats = computeDriverStats(input, resolveStatsOptions(rest, fn), fn);
    names = stats.drivers;
  }
  const p = names.length;
  checkSomeDrivers(names, fn);
  checkEnoughRows(stats.n, p, fn);
  const k = stats.means.length;
  // Index of each variable in the statistics: outcome is 0, driver d is its position + 1.
  const idx = names.map((d) => stats.drivers.indexOf(d) + 1);
  idx.push(0);
  const s = p + 1;
  const sd = new Float64Array(s);
  for (let i = 0; i < s; i++) {
    const v = idx[i] ?? 0;
    // Co-moments are centred sums (shifted data, Chan et al.; exact 0 for a constant column
    // however large its values), so any spread counts: ratings at 1e13 ± 5 vary. A test
    // relative to the mean called them constant.
    const c = stats.comoments[v * k + v] ?? 0;
    if (!(c > 0)) {
      const what = i === p ? 'the outcome' : `driver ${describe(names[i])}`;
      throw new NpsInputError({
        code: 'constant_driver',
        message: `${fn}: ${what} must vary across complete rows, received a constant`,
        received: i === p ? stats.outcome : names[i],
      });
    }
    sd[i] = Math.sqrt(c);
  }
  const corr = new Float64Array(s * s);
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++)
      corr[i * s + j] =
        i === j
          ? 1
          : (stats.comoments[(idx[i] ?? 0) * k + (idx[j] ?? 0)] ?? 0) /
            ((sd[i] ?? 0) * (sd[j] ?? 0));
  return { stats, names, p, corr };
}

/**
 * Pairwise deletion: each correlation from the rows where both variables are present, with means
 * and standard deviations of that subset (as R's `cor(use = 'pairwise.complete.obs')`). n is the
 * smallest pairwise count. The (p + 1) × (p + 1) matrix must be positive definite.
 */
function preparePairwise(
  input: DriverData,
  r: ReturnType<typeof resolveStatsOptions>,
  fn: string,
): Prepared {
  const { stats, y, x } = extractColumns(input, r, fn);
  const names = stats.drivers;
  const p = names.length;
  checkSomeDrivers(names, fn);
  const vars = [...x, y];
  const s = p + 1;
  const total = y.length;
  const corr = new Float64Array(s * s);
  let nMin = Infinity;
  for (let a = 0; a < s; a++) {
    corr[a * s + a] = 1;
    const va = vars[a] ?? y;
    for (let b = a + 1; b < s; b++) {
      const vb = vars[b] ?? y;
      let n = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < total; i++) {
        const u = va[i] ?? Number.NaN;
        const w = vb[i] ?? Number.NaN;
        if (u === u && w === w) {
          n++;
          sa += u;
          sb += w;
        }
      }
      const ma = sa / n;
      const mb = sb / n;
      let caa = 0;
      let cbb = 0;
      let cab = 0;
      for (let i = 0; i < total; i++) {
        const u = (va[i] ?? Number.NaN) - ma;
        const w = (vb[i] ?? Number.NaN) - mb;
        if (u === u && w === w) {
          caa += u * u;
          cbb += w * w;
          cab += u * w;
        }
      }
      nMin = Math.min(nMin, n);
      for (const [c, v] of [
        [caa, a],
        [cbb, b],
      ] as const)
        if (!(c > 0)) {
          const what = v === p ? 'the outcome' : `driver ${describe(names[v])}`;
          throw new NpsInputError({
            code: 'constant_driver',
            message: `${fn}: ${what} must vary across the rows it shares with every other variable, received a constant`,
            received: v === p ? stats.outcome : names[v],
          });
        }
      const rab = cab / Math.sqrt(caa * cbb);
      corr[a * s + b] = rab;
      corr[b * s + a] = rab;
    }
  }
  if (!(nMin > p + 1))
    throw new NpsInputError({
      code: 'too_few_rows',
      message: `${fn}: rows shared by every pair of variables must number more than drivers + 1 (${String(p + 1)}), received ${String(nMin)}`,
      received: nMin,
    });
  const ch = cholesky(corr, s, 1e-10);
  if (ch.failedAt !== -1) {
    const at = ch.failedAt === p ? 'the outcome' : `driver ${describe(names[ch.failedAt])}`;
    throw new NpsInputError({
      code: 'not_positive_definite',
      message: `${fn}: the pairwise correlation matrix must be positive definite, received an indefinite matrix (failing at ${at}); use missing: 'listwise'`,
      received: ch.failedAt,
    });
  }
  return {
    stats: { ...stats, n: nMin, excludedN: total - nMin },
    names,
    p,
    corr,
  };
}

/** @internal Full-model pieces from the driver correlation matrix. */
export interface FullModel {
  readonly rxx: Float64Array;
  readonly rxy: Float64Array;
  readonly l: Float64Array;
  readonly beta: Float64Array;
  readonly r2: number;
}

/** @internal Full-model coefficients and R²; names collinear drivers. */
export function fullModel(prep: Prepared, fn: string): FullModel {
  const { p, corr, names } = prep;
  const s = p + 1;
  const rxx = new Float64Array(p * p);
  const rxy = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) rxx[i * p + j] = corr[i * s + j] ?? 0;
    rxy[i] = corr[i * s + p] ?? 0;
  }
  const ch = cholesky(rxx, p, 1e-10);
  if (ch.failedAt !== -1) {
    const j = ch.failedAt;
    // Name the drivers the failing one is a combination of: regress it on the earlier ones.
    const involved: string[] = [];
    if (j > 0) {
      const sub = new Float64Array(j * j);
      for (let a = 0; a < j; a++) for (let b = 0; b < j; b++) sub[a * j + b] = rxx[a * p + b] ?? 0;
      const chs = cholesky(sub, j, 1e-10);
      if (chs.failedAt === -1) {
        const rhs = new Float64Array(j);
        for (let a = 0; a < j; a++) rhs[a] = rxx[a * p + j] ?? 0;
        const coefs = choleskySolve(chs.l, j, rhs);
        for (let a = 0; a < j; a++)
          if (Math.abs(coefs[a] ?? 0) > 1e-6) involved.push(names[a] ?? '');
      }
    }
    involved.push(names[j] ?? '');
    throw new NpsInputError({
      code: 'collinear',
      message: `${fn}: drivers must not be perfectly collinear, received collinear drivers ${involved.map((d) => describe(d)).join(', ')}`,
      received: involved,
    });
  }
  const beta = choleskySolve(ch.l, p, rxy);
  let r2 = 0;
  for (let i = 0; i < p; i++) r2 += (beta[i] ?? 0) * (rxy[i] ?? 0);
  // a perfect fit can round to 1 + 2e-16
  return { rxx, rxy, l: ch.l, beta, r2: Math.min(1, r2) };
}

/** @internal What every model reports about its fit: outcome, rows used and set aside, R². */
export function fitSummary(prep: Prepared, fm: FullModel): DriverFitSummary {
  const { outcome, n, excludedN } = prep.stats;
  return { outcome, n, excludedN, r2: fm.r2 };
}

/** @internal A prepared problem and its full model. */
export interface FittedModel {
  readonly prep: Prepared;
  readonly fm: FullModel;
}

/**
 * @internal Validate and prepare the input, run `guard` on the prepared problem (limits that
 * must fail before the fit, such as the number of drivers), then fit the full model.
 */
export function fitModel(
  input: DriverInput,
  options: RelativeImportanceOptions | undefined,
  fn: string,
  guard?: (prep: Prepared) => void,
): FittedModel {
  const prep = prepare(input, options, fn);
  guard?.(prep);
  return { prep, fm: fullModel(prep, fn) };
}

/** @internal One driver of a ranked model: name, the model's own fields, rank and direction. */
export type RankedDriver<T> = { readonly driver: string } & T & {
    readonly rank: number;
  } & DriverDirection;

/**
 * @internal The result of a model that ranks its drivers: the fit summary, then `head`, then per
 * driver (input order) its name, `fields(j)`, its rank by `values` (1 = largest) and direction.
 */
export function modelReport<H extends object, T extends object>(
  { prep, fm }: FittedModel,
  head: H,
  values: ArrayLike<number>,
  fields: (j: number) => T,
): DriverFitSummary & H & { readonly drivers: RankedDriver<T>[] } {
  const rank = ranksOf(values);
  return {
    ...fitSummary(prep, fm),
    ...head,
    drivers: prep.names.map((driver, j) => ({
      driver,
      ...fields(j),
      rank: rank[j] ?? 0,
      ...directionOf(fm, j),
    })),
  };
}

/** The direction of driver j in the full model. */
function directionOf(fm: FullModel, j: number): DriverDirection {
  const beta = fm.beta[j] ?? 0;
  const correlation = fm.rxy[j] ?? 0;
  return {
    beta,
    correlation,
    sign: Math.sign(beta),
    suppressed: beta !== 0 && correlation !== 0 && Math.sign(beta) !== Math.sign(correlation),
  };
}

/** @internal Ranks by decreasing value (1 = largest; ties keep input order). */
export function ranksOf(values: ArrayLike<number>): number[] {
  const order = Array.from({ length: values.length }, (_, j) => j).sort(
    (a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b,
  );
  const rank = new Array<number>(values.length);
  order.forEach((j, i) => (rank[j] = i + 1));
  return rank;
}

/** @internal The raw values of a metric for a prepared problem. */
export function metricValues(
  metric: ImportanceMetric,
  prep: Prepared,
  fm: FullModel,
): Float64Array {
  const { p, corr } = prep;
  const { rxx, rxy, l, beta } = fm;
  const out = new Float64Array(p);
  switch (metric) {
    case 'lmg':
      return lmgExact(corr, p);
    case 'first':
      for (let j = 0; j < p; j++) out[j] = (rxy[j] ?? 0) ** 2;
      return out;
    case 'last': {
      const inv = choleskyInverse(l, p);
      for (let j = 0; j < p; j++) out[j] = (beta[j] ?? 0) ** 2 / (inv[j * p + j] ?? 0);
      return out;
    }
    case 'betasq':
      for (let j = 0; j < p; j++) out[j] = (beta[j] ?? 0) ** 2;
      return out;
    case 'pratt':
      for (let j = 0; j < p; j++) out[j] = (beta[j] ?? 0) * (rxy[j] ?? 0);
      return out;
    case 'car': {
      const e = symmetricEigen(rxx, p);
      const invSqrt = symmetricFunction(e, p, (x) => 1 / Math.sqrt(x));
      for (let j = 0; j < p; j++) {
        let w = 0;
        for (let k = 0; k < p; k++) w += (invSqrt[j * p + k] ?? 0) * (rxy[k] ?? 0);
        out[j] = w * w;
      }
      return out;
    }
    case 'genizi':
    case 'johnson': {
      // Johnson (2000): Λ = R^{1/2}, β* = R^{-1/2} r_xy, ε_j = Σ_k Λ_jk² β*_k².
      const e = symmetricEigen(rxx, p);
      const sqrt = symmetricFunction(e, p, (x) => Math.sqrt(x));
      const invSqrt = symmetricFunction(e, p, (x) => 1 / Math.sqrt(x));
      const bstar = new Float64Array(p);
      for (let k = 0; k < p; k++) {
        let w = 0;
        for (let i = 0; i < p; i++) w += (invSqrt[k * p + i] ?? 0) * (rxy[i] ?? 0);
        bstar[k] = w * w;
      }
      for (let j = 0; j < p; j++) {
        let v = 0;
        for (let k = 0; k < p; k++) v += (sqrt[j * p + k] ?? 0) ** 2 * (bstar[k] ?? 0);
        out[j] = v;
      }
      return out;
    }
  }
}

/**
 * Relative importance of the drivers of an outcome in a linear model: how much of R² each
 * driver accounts for, by the metrics analysts use (R's relaimpo, Grömping 2006).
 *
 * All metrics work from the correlation matrix R of the drivers and their correlations r with
 * the outcome (from {@link driverStats}), with β = R⁻¹r and R² = rᵀβ:
 * `first` = rⱼ²; `last` = βⱼ² / (R⁻¹)ⱼⱼ; `betasq` = βⱼ²; `pratt` = βⱼ rⱼ (Pratt 1987);
 * `car` = ((R^{-1/2} r)ⱼ)² (Zuber & Strimmer 2010); `genizi` = `johnson` = Σₖ (R^{1/2})ⱼₖ² ((R^{-1/2} r)ₖ)²
 * (Genizi 1993; Johnson 2000); `lmg` = the Shapley value of R², the average over all orderings
 * of the R² a driver adds (Lindeman, Merenda & Gold 1980), equal to Budescu's (1993) general
 * dominance, computed exactly over all 2^p subsets by sweep updates (p ≤ 24).
 * `lmg`, `pratt`, `genizi`, `johnson` and `car` sum to R².
 *
 * Importance carries no direction: each driver also reports its standardized coefficient,
 * correlation, the coefficient's sign and a `suppressed` flag when the two signs disagree.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - `metric` (default `'lmg'`), `outcome`, `drivers`, `scheme`, `notApplicable`.
 * @returns `{ metric, outcome, n, excluded, r2, drivers: [{ driver, raw, share, rank, beta,
 *   correlation, sign, suppressed }] }`.
 * @throws {@link NpsInputError} `too_few_rows` when n ≤ p + 1, `constant_driver` for a driver
 *   (or outcome) that does not vary, `collinear` for perfectly collinear drivers (named),
 *   `too_many_drivers` for `lmg` with p > 24, `unknown_driver`, `non_finite`,
 *   `incompatible_stats`, `invalid_option`.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 0 } },
 *   { score: 2, ratings: { a: 2, b: 0 } },
 *   { score: 1, ratings: { a: 0, b: 1 } },
 *   { score: 2, ratings: { a: 1, b: 1 } },
 * ];
 * const r = relativeImportance(rows, { metric: 'first' });
 * Math.round(r.r2 * 1e9) / 1e9; //=> 1  (score = a + b exactly)
 * r.drivers.map((d) => d.rank); //=> [1, 2]
 * ```
 */
export function relativeImportance(
  input: DriverInput,
  options?: RelativeImportanceOptions,
): RelativeImportanceResult {
  return run(input, options, 'relativeImportance');
}

/** @internal relativeImportance under the name of the calling function. */
export function run(
  input: DriverInput,
  options: RelativeImportanceOptions | undefined,
  fn: string,
): RelativeImportanceResult {
  const metric = options?.metric ?? 'lmg';
  const model = fitModel(input, options, fn, ({ p }) => {
    if (metric === 'lmg' && p > MAX_EXACT_DRIVERS)
      throw new NpsInputError({
        code: 'too_many_drivers',
        message: `${fn}: drivers for the exact LMG/Shapley decomposition must number at most ${String(MAX_EXACT_DRIVERS)} (2^p subsets), received ${String(p)}; use relativeWeights (Johnson's weights, which closely track LMG) or shapleySample (seeded permutation sampling with standard errors)`,
        received: p,
      });
  });
  const raw = metricValues(metric, model.prep, model.fm);
  let total = 0;
  for (const v of raw) total += v;
  return {
    metric,
    ...modelReport(model, {}, raw, (j) => {
      const value = raw[j] ?? 0;
      return { raw: value, share: total === 0 ? 0 : value / total };
    }),
  };
}

/**
 * @internal `options` with `metric` set by a function that fixes its method (shapley,
 * relativeWeights, dominanceAnalysis, driverRegression); a `metric` the caller passed would be
 * silently overridden, so it is an `invalid_option` error instead.
 */
export function withMetric(
  options: DriverModelOptions | undefined,
  metric: ImportanceMetric,
  fn: string,
): RelativeImportanceOptions {
  if (
    (options as unknown) !== null &&
    typeof options === 'object' &&
    Object.hasOwn(options, 'metric')
  )
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.metric must be left out (${fn} always uses '${metric}'; call relativeImportance to choose one), received ${describe((options as { metric?: unknown }).metric)}`,
      path: ['metric'],
      received: (options as { metric?: unknown }).metric,
    });
  return { ...options, metric };
}

/**
 * Shapley value (LMG) decomposition of R²: {@link relativeImportance} with metric `'lmg'`.
 * Each driver's raw value is its average R² gain over all orderings of the drivers
 * (Lindeman, Merenda & Gold 1980; Shapley 1953), equal to general dominance (Budescu 1993);
 * the values sum to the full-model R². Exact for up to 24 drivers.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - As {@link relativeImportance}, without `metric`.
 * @returns A {@link RelativeImportanceResult} with metric `'lmg'`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `too_many_drivers` above 24.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 0 } },
 *   { score: 2, ratings: { a: 2, b: 0 } },
 *   { score: 1, ratings: { a: 0, b: 1 } },
 *   { score: 2, ratings: { a: 1, b: 1 } },
 * ];
 * shapley(rows).drivers.map((d) => Math.round(d.share * 100)); //=> [75, 25]
 * ```
 */
export function shapley(
  input: DriverInput,
  options?: DriverModelOptions,
): RelativeImportanceResult {
  return run(input, withMetric(options, 'lmg', 'shapley'), 'shapley');
}

/**
 * Johnson's (2000) relative weights: {@link relativeImportance} with metric `'johnson'`. The
 * drivers are replaced by their closest orthogonal counterparts Z = X R^{-1/2}; each driver's
 * weight is Σₖ (R^{1/2})ⱼₖ² βₖ*², βₖ* the regression weights on Z. The weights sum to R², need
 * one eigen-decomposition (any number of drivers), and equal Genizi's (1993) decomposition.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - As {@link relativeImportance}, without `metric`.
 * @returns A {@link RelativeImportanceResult} with metric `'johnson'`.
 * @throws {@link NpsInputError} as {@link relativeImportance}.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 0 } },
 *   { score: 2, ratings: { a: 2, b: 0 } },
 *   { score: 1, ratings: { a: 0, b: 1 } },
 *   { score: 2, ratings: { a: 1, b: 1 } },
 * ];
 * relativeWeights(rows).drivers.map((d) => Math.round(d.raw * 100)); //=> [75, 25]
 * ```
 */
export function relativeWeights(
  input: DriverInput,
  options?: DriverModelOptions,
): RelativeImportanceResult {
  return run(input, withMetric(options, 'johnson', 'relativeWeights'), 'relativeWeights');
}
