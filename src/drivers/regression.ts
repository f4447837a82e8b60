import * as z from 'zod/mini';
import { studentTTwoSided } from '../_lib/beta.ts';
import { choleskyInverse } from '../_lib/matrix.ts';
import { parseWith } from '../_lib/validate.ts';
import { categoryTable } from '../core/scheme.ts';
import { NpsInputError } from '../errors.ts';
import {
  computeDriverStats,
  type DriverColumns,
  type DriverOutcome,
  type DriverRow,
  type DriverStats,
  get,
  isColumns,
  outcomeValue,
  resolveStatsOptions,
} from './driverStats.ts';
import { fullModel, prepare, type RelativeImportanceOptions } from './relativeImportance.ts';

/** One driver's coefficient in the full linear model. */
export interface DriverCoefficient {
  /** The driver's name. */
  readonly driver: string;
  /** Coefficient in outcome units per rating point. */
  readonly coefficient: number;
  /** Standardized coefficient (β, in standard deviations). */
  readonly beta: number;
  /** Standard error of `coefficient`. */
  readonly se: number;
  /** t statistic, coefficient / se. */
  readonly t: number;
  /** Two-sided p-value of t with n − p − 1 degrees of freedom. */
  readonly pValue: number;
  /** Variance inflation factor 1 / (1 − R²ⱼ) = (R⁻¹)ⱼⱼ. */
  readonly vif: number;
}

/** The result of {@link driverRegression}. */
export interface DriverRegressionResult {
  /** The outcome modelled. */
  readonly outcome: DriverOutcome;
  /** Complete rows used. */
  readonly n: number;
  /** Rows excluded for missing ratings (listwise). */
  readonly excluded: number;
  /** R² (0..1). */
  readonly r2: number;
  /** Adjusted R², 1 − (1 − R²)(n − 1)/(n − p − 1). */
  readonly adjustedR2: number;
  /** Residual standard error σ̂, in outcome units. */
  readonly sigma: number;
  /** Residual degrees of freedom n − p − 1. */
  readonly df: number;
  /** Intercept, in outcome units. */
  readonly intercept: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverCoefficient[];
}

/**
 * Ordinary least squares of the outcome on the drivers, from the sufficient statistics:
 * b = C_xx⁻¹ c_xy (C the co-moments), σ̂² = (c_yy − bᵀc_xy)/(n − p − 1),
 * se(bⱼ) = σ̂ √((C_xx⁻¹)ⱼⱼ), t = b/se with a two-sided Student-t p-value, β = bⱼ sⱼ/s_y, and the
 * variance inflation factor VIFⱼ = (R⁻¹)ⱼⱼ (Marquardt 1970). Matches R's `summary(lm(...))`.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - As {@link relativeImportance}, without `metric`.
 * @returns `{ outcome, n, excluded, r2, adjustedR2, sigma, df, intercept, drivers: [{ driver,
 *   coefficient, beta, se, t, pValue, vif }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}.
 * @example
 * ```ts
 * const rows = [
 *   { score: 3, ratings: { a: 1 } }, { score: 5, ratings: { a: 2 } },
 *   { score: 7, ratings: { a: 3 } }, { score: 10, ratings: { a: 4 } },
 * ];
 * const r = driverRegression(rows);
 * r.drivers[0].coefficient; //=> 2.3
 * r.intercept; //=> 0.5
 * ```
 */
export function driverRegression(
  input: readonly DriverRow[] | DriverColumns | DriverStats,
  options?: Omit<RelativeImportanceOptions, 'metric'>,
): DriverRegressionResult {
  const fn = 'driverRegression';
  if (options?.missing === 'pairwise')
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.missing must be 'listwise' (standard errors need one sample), received 'pairwise'`,
      path: ['missing'],
      received: 'pairwise',
    });
  const prep = prepare(input, { ...options, metric: 'first' }, fn);
  const fm = fullModel(prep, fn);
  const { p, names, stats } = prep;
  const n = stats.n;
  const k = stats.means.length;
  const idx = names.map((d) => stats.drivers.indexOf(d) + 1);
  const syy = stats.comoments[0] ?? 0;
  const sy = Math.sqrt(syy);
  const df = n - p - 1;
  const sigma2 = ((1 - fm.r2) * syy) / df;
  const rinv = choleskyInverse(fm.l, p);
  let intercept = stats.means[0] ?? 0;
  const drivers = names.map((driver, j): DriverCoefficient => {
    const v = idx[j] ?? 0;
    const sj = Math.sqrt(stats.comoments[v * k + v] ?? 0);
    const beta = fm.beta[j] ?? 0;
    const coefficient = (beta * sy) / sj;
    intercept -= coefficient * (stats.means[v] ?? 0);
    const vif = rinv[j * p + j] ?? 0;
    const se = Math.sqrt((sigma2 * vif) / (sj * sj));
    const t = coefficient / se;
    return { driver, coefficient, beta, se, t, pValue: studentTTwoSided(t, df), vif };
  });
  return {
    outcome: stats.outcome,
    n,
    excluded: stats.excluded,
    r2: fm.r2,
    adjustedR2: 1 - ((1 - fm.r2) * (n - 1)) / df,
    sigma: Math.sqrt(sigma2),
    df,
    intercept,
    drivers,
  };
}

/** One driver's correlation with the outcome. */
export interface DriverCorrelation {
  /** The driver's name. */
  readonly driver: string;
  /** Correlation with the outcome (−1..1). */
  readonly r: number;
  /** Two-sided p-value of t = r √((n − 2)/(1 − r²)), n − 2 degrees of freedom. */
  readonly pValue: number;
  /** 1 for the largest |r|. */
  readonly rank: number;
}

/** Options of {@link driverCorrelations}. */
export interface DriverCorrelationsOptions extends Omit<RelativeImportanceOptions, 'metric'> {
  /** `'pearson'` (default) or `'spearman'` (rank correlation; needs rows or columns). */
  readonly method?: 'pearson' | 'spearman' | undefined;
}

/** The result of {@link driverCorrelations}. */
export interface DriverCorrelationsResult {
  /** The method used. */
  readonly method: 'pearson' | 'spearman';
  /** The outcome. */
  readonly outcome: DriverOutcome;
  /** Complete rows used (listwise over the selected drivers). */
  readonly n: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverCorrelation[];
}

/** Average ranks (ties share the mean rank), 1-based. */
function ranks(xs: Float64Array): Float64Array {
  const order = Array.from(xs.keys()).sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0));
  const out = new Float64Array(xs.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1] ?? 0] === xs[order[i] ?? 0]) j++;
    const r = (i + j) / 2 + 1;
    for (let q = i; q <= j; q++) out[order[q] ?? 0] = r;
    i = j + 1;
  }
  return out;
}

/**
 * Correlation of each driver with the outcome, Pearson (from the statistics) or Spearman (Pearson
 * correlation of average ranks, Spearman 1904), with the two-sided p-value of
 * t = r √((n − 2)/(1 − r²)) on n − 2 degrees of freedom (for Spearman this is the large-sample
 * approximation R's `cor.test(..., exact = FALSE)` uses). Rows are used listwise.
 *
 * @param input - Rows, columns, or {@link DriverStats} (Pearson only).
 * @param options - `method`, and the options of {@link relativeImportance} without `metric`.
 * @returns `{ method, outcome, n, drivers: [{ driver, r, pValue, rank }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `invalid_input` for Spearman on statistics.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 4 } }, { score: 2, ratings: { a: 2, b: 3 } },
 *   { score: 3, ratings: { a: 3, b: 1 } }, { score: 4, ratings: { a: 4, b: 2 } },
 * ];
 * driverCorrelations(rows, { method: 'spearman' }).drivers.map((d) => Math.round(d.r * 100) / 100); //=> [1, -0.8]
 * ```
 */
export function driverCorrelations(
  input: readonly DriverRow[] | DriverColumns | DriverStats,
  options?: DriverCorrelationsOptions,
): DriverCorrelationsResult {
  const fn = 'driverCorrelations';
  const o = parseWith(
    z.optional(z.object({ method: z.optional(z.enum(['pearson', 'spearman'])) })),
    options === undefined ? undefined : { method: options.method },
    fn,
    'options',
  );
  const method = o?.method ?? 'pearson';
  const rest = {
    outcome: options?.outcome,
    drivers: options?.drivers,
    scheme: options?.scheme,
    notApplicable: options?.notApplicable,
    missing: options?.missing,
  };
  let source: readonly DriverRow[] | DriverColumns | DriverStats = input;
  if (method === 'spearman') {
    if ('comoments' in input)
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: input for Spearman correlations must be rows or columns, received statistics`,
        received: input,
      });
    source = rankColumns(input, rest, fn);
  }
  const prep = prepare(
    source,
    method === 'spearman' ? { metric: 'first' } : { ...rest, metric: 'first' },
    fn,
  );
  const { p, corr, names, stats } = prep;
  const n = stats.n;
  const rs = names.map((_, j) => corr[j * (p + 1) + p] ?? 0);
  const order = rs
    .map((_, j) => j)
    .sort((a, b) => Math.abs(rs[b] ?? 0) - Math.abs(rs[a] ?? 0) || a - b);
  const rank = new Array<number>(p);
  order.forEach((j, i) => (rank[j] = i + 1));
  return {
    method,
    outcome: stats.outcome,
    n,
    drivers: names.map((driver, j) => {
      const r = rs[j] ?? 0;
      const t = r * Math.sqrt((n - 2) / (1 - r * r));
      return { driver, r, pValue: studentTTwoSided(t, n - 2), rank: rank[j] ?? 0 };
    }),
  };
}

/** Complete rows → rank-transformed columns (outcome recoded first), as score outcome. */
function rankColumns(
  input: readonly DriverRow[] | DriverColumns,
  rest: Omit<RelativeImportanceOptions, 'metric'>,
  fn: string,
): DriverStats {
  const resolved = resolveStatsOptions(rest, fn);
  const stats = computeDriverStats(input, resolved, fn);
  const drivers = stats.drivers;
  const table = resolved.outcome === 'score' ? undefined : categoryTable(resolved.scheme);
  const na = resolved.notApplicable;
  const total = isColumns(input) ? input.score.length : input.length;
  const ys: number[] = [];
  const xs: number[][] = drivers.map(() => []);
  const vals = new Array<number>(drivers.length);
  for (let i = 0; i < total; i++) {
    let missing = false;
    for (let j = 0; j < drivers.length; j++) {
      const d = drivers[j] ?? '';
      const v: number | null | undefined = isColumns(input)
        ? get(input.ratings, d)?.[i]
        : (() => {
            const row = input[i];
            return row === undefined ? undefined : get(row.ratings, d);
          })();
      if (v === null || v === undefined || v !== v || na.includes(v)) missing = true;
      else vals[j] = v;
    }
    if (missing) continue;
    const s = isColumns(input) ? input.score[i] : input[i]?.score;
    ys.push(outcomeValue(s, resolved, table, fn, i));
    for (let j = 0; j < drivers.length; j++) xs[j]?.push(vals[j] ?? 0);
  }
  const ratings = new Map<string, Float64Array>();
  drivers.forEach((d, j) => ratings.set(d, ranks(Float64Array.from(xs[j] ?? []))));
  const ranked = computeDriverStats(
    { score: ranks(Float64Array.from(ys)), ratings },
    { ...resolved, outcome: 'score', drivers },
    fn,
  );
  return { ...ranked, outcome: stats.outcome, excluded: stats.excluded };
}
