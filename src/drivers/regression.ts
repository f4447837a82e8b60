import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { studentTTwoSided } from '../kernels/beta.ts';
import { describe } from '../kernels/describe.ts';
import { choleskyInverse } from '../kernels/matrix.ts';
import { exactKeys, parseWith } from '../kernels/validate.ts';
import {
  type DriverData,
  type DriverInput,
  type DriverOutcome,
  deferredModelShape,
  extractColumns,
  resolveStatsOptions,
  statsOptionsOf,
} from './driverStats.ts';
import {
  checkEnoughRows,
  checkSomeDrivers,
  type DriverFitSummary,
  type DriverModelOptions,
  fitModel,
  fitSummary,
  prepare,
  ranksOf,
  withMetric,
} from './relativeImportance.ts';

/** One driver's coefficient in the full linear model. */
export interface DriverCoefficient {
  /** The driver's name. */
  readonly driver: string;
  /** Coefficient in outcome units per rating point. */
  readonly coefficient: number;
  /** Standardized coefficient (β, in standard deviations). */
  readonly beta: number;
  /** Standard error of `coefficient` (0 for a perfect fit). */
  readonly se: number;
  /** t statistic, coefficient / se; `null` for a perfect fit (see `perfectFit`). */
  readonly t: number | null;
  /**
   * Two-sided p-value of t with n − p − 1 degrees of freedom; `null` for a perfect fit (see
   * `perfectFit`).
   */
  readonly pValue: number | null;
  /** Variance inflation factor 1 / (1 − R²ⱼ) = (R⁻¹)ⱼⱼ. */
  readonly vif: number;
}

/** The result of {@link driverRegression}. */
export interface DriverRegressionResult extends DriverFitSummary {
  /** Adjusted R², 1 − (1 − R²)(n − 1)/(n − p − 1). */
  readonly adjustedR2: number;
  /** Residual standard error σ̂, in outcome units (0 for a perfect fit). */
  readonly sigma: number;
  /**
   * Whether the drivers reproduce the outcome exactly (1 − R² ≤ 1e-10, below what the
   * correlation-based fit resolves): the coefficients are exact, σ̂ and every `se` are 0, and
   * `t` and `pValue` are `null`, since a t statistic of ±∞ (or 0/0) tests nothing. In survey
   * data this usually means the outcome was among the drivers, or computed from them.
   */
  readonly perfectFit: boolean;
  /** Residual degrees of freedom n − p − 1. */
  readonly df: number;
  /** Intercept, in outcome units. */
  readonly intercept: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverCoefficient[];
}

/**
 * 1 − R² at or below which the fit is perfect: R² comes from the driver correlations, whose
 * rounding (about 1e-16 times the condition number) leaves 1 − R² of an exact fit at ±1e-15 or so.
 */
const PERFECT_FIT = 1e-10;

/**
 * Ordinary least squares of the outcome on the drivers, from the sufficient statistics:
 * b = C_xx⁻¹ c_xy (C the co-moments), σ̂² = (c_yy − bᵀc_xy)/(n − p − 1),
 * se(bⱼ) = σ̂ √((C_xx⁻¹)ⱼⱼ), t = b/se with a two-sided Student-t p-value, β = bⱼ sⱼ/s_y, and the
 * variance inflation factor VIFⱼ = (R⁻¹)ⱼⱼ (Marquardt 1970). Matches R's `summary(lm(...))`.
 * A perfect fit (1 − R² ≤ 1e-10) is a result, not an error: exact coefficients, `sigma` and
 * every `se` 0, `t` and `pValue` `null`, `perfectFit: true` (R's `summary.lm` warns "essentially
 * perfect fit: summary may be unreliable" and prints t values of order 1e15).
 * Co-moments are centred, so ratings far from 0 (1e13 ± 5) fit as well as ratings near it.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - As {@link relativeImportance}, without `metric`.
 * @returns `{ outcome, n, excludedN, r2, adjustedR2, sigma, perfectFit, df, intercept,
 *   drivers: [{ driver, coefficient, beta, se, t, pValue, vif }] }`.
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
  input: DriverInput,
  options?: DriverModelOptions,
): DriverRegressionResult {
  const fn = 'driverRegression';
  if (options?.missing === 'pairwise')
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.missing must be 'listwise' (standard errors need one sample), received 'pairwise'`,
      path: ['missing'],
      received: 'pairwise',
    });
  const { prep, fm } = fitModel(input, withMetric(options, 'first', fn), fn);
  const { p, names, stats } = prep;
  const n = stats.n;
  const k = stats.means.length;
  const idx = names.map((d) => stats.drivers.indexOf(d) + 1);
  const syy = stats.comoments[0] ?? 0;
  const sy = Math.sqrt(syy);
  const df = n - p - 1;
  const perfectFit = 1 - fm.r2 <= PERFECT_FIT;
  const sigma2 = perfectFit ? 0 : ((1 - fm.r2) * syy) / df;
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
    const t = perfectFit ? null : coefficient / se;
    const pValue = t === null ? null : studentTTwoSided(t, df);
    return { driver, coefficient, beta, se, t, pValue, vif };
  });
  return {
    ...fitSummary(prep, fm),
    adjustedR2: 1 - ((1 - fm.r2) * (n - 1)) / df,
    sigma: Math.sqrt(sigma2),
    perfectFit,
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
  /** Rows the correlation was computed on (differs between drivers only with pairwise deletion). */
  readonly n: number;
  /** 1 for the largest |r|. */
  readonly rank: number;
}

/** A correlation method of {@link driverCorrelations}: Pearson's r or Spearman's rank correlation. */
export type CorrelationMethod = 'pearson' | 'spearman';

/** Options of {@link driverCorrelations}. */
export interface DriverCorrelationsOptions extends DriverModelOptions {
  /** `'pearson'` (default) or `'spearman'` (rank correlation; needs rows or columns). */
  readonly method?: CorrelationMethod | undefined;
}

/** The result of {@link driverCorrelations}. */
export interface DriverCorrelationsResult {
  /** The method used. */
  readonly method: CorrelationMethod;
  /** The outcome. */
  readonly outcome: DriverOutcome;
  /**
   * Rows used: complete rows (listwise), or the smallest per-driver count (pairwise; each
   * driver's own count is in `drivers[j].n`).
   */
  readonly n: number;
  /** Rows set aside: total rows − n. */
  readonly excludedN: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverCorrelation[];
}

/**
 * Correlation of each driver with the outcome, Pearson or Spearman (the Pearson correlation of
 * average ranks, Spearman 1904), with the two-sided p-value of t = r √((n − 2)/(1 − r²)) on
 * n − 2 degrees of freedom (for Spearman this is the large-sample approximation R's
 * `cor.test(..., exact = FALSE)` uses).
 *
 * Missing ratings: listwise by default (every correlation on the rows complete for all selected
 * drivers); with `missing: 'pairwise'` each driver's correlation uses the rows that rate it, and
 * for Spearman the ranks are taken within those rows, as R's
 * `cor(x, y, method = 'spearman', use = 'pairwise.complete.obs')` does; each driver reports
 * its own `n` and its p-value uses it. Pearson listwise works from {@link DriverStats} too.
 *
 * @param input - Rows, columns, or {@link DriverStats} (Pearson, listwise only).
 * @param options - `method`, and the options of {@link relativeImportance} without `metric`.
 * @returns `{ method, outcome, n, excludedN, drivers: [{ driver, r, pValue, n, rank }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `invalid_input` for Spearman on
 *   statistics, `invalid_option` for pairwise deletion on statistics or options that are not
 *   an object (`null`…), `too_few_rows` when a
 *   driver has fewer than 3 pairwise rows.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 4 } }, { score: 2, ratings: { a: 2, b: 3 } },
 *   { score: 3, ratings: { a: 3, b: 1 } }, { score: 4, ratings: { a: 4, b: 2 } },
 *   { score: 5, ratings: { a: 5, b: null } },
 * ];
 * driverCorrelations(rows, { method: 'spearman' }).drivers.map((d) => Math.round(d.r * 100) / 100); //=> [1, -0.8]
 * const pw = driverCorrelations(rows, { method: 'spearman', missing: 'pairwise' });
 * pw.drivers.map((d) => d.n); //=> [5, 4]
 * ```
 */
export function driverCorrelations(
  input: DriverInput,
  options?: DriverCorrelationsOptions,
): DriverCorrelationsResult {
  const fn = 'driverCorrelations';
  const rawOptions: unknown = options;
  if (rawOptions !== undefined && (typeof rawOptions !== 'object' || rawOptions === null))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options must be an object or left out, received ${describe(options)}`,
      path: [],
      received: options,
    });
  const o = parseWith(
    z.optional(
      exactKeys<DriverCorrelationsOptions>()(
        z.strictObject({
          method: z.optional(z.enum(['pearson', 'spearman'])),
          ...deferredModelShape(),
        }),
      ),
    ),
    options,
    fn,
    'options',
  );
  const method = o?.method ?? 'pearson';
  const rest = { ...statsOptionsOf(options), missing: options?.missing };
  const pairwise = options?.missing === 'pairwise';
  if (method === 'pearson' && !pairwise) {
    const prep = prepare(input, { ...rest, metric: 'first' }, fn);
    const { p, corr, names, stats } = prep;
    const rs = names.map((_, j) => corr[j * (p + 1) + p] ?? 0);
    return correlationResult(
      method,
      stats.outcome,
      stats.n,
      stats.excludedN,
      names,
      rs,
      names.map(() => stats.n),
    );
  }
  const rawInput: unknown = input;
  if (typeof rawInput === 'object' && rawInput !== null && 'comoments' in rawInput)
    throw new NpsInputError({
      code: pairwise ? 'invalid_option' : 'invalid_input',
      message: pairwise
        ? `${fn}: options.missing 'pairwise' needs rows or columns, received statistics (which are listwise)`
        : `${fn}: input for Spearman correlations must be rows or columns, received statistics`,
      ...(pairwise ? { path: ['missing'] } : {}),
      received: pairwise ? 'pairwise' : input,
    });
  parseWith(z.optional(z.enum(['listwise', 'pairwise'])), rest.missing, fn, 'options.missing');
  const { stats, y, x } = extractColumns(
    input as DriverData, // statistics were rejected above
    resolveStatsOptions(statsOptionsOf(rest), fn),
    fn,
  );
  const names = stats.drivers;
  const p = names.length;
  checkSomeDrivers(names, fn);
  const total = y.length;
  if (!pairwise) checkEnoughRows(stats.n, p, fn);
  const complete = (i: number): boolean => {
    for (const col of x) if ((col[i] as number) !== (col[i] as number)) return false;
    return true;
  };
  const ns: number[] = [];
  const rs = names.map((driver, j) => {
    const col = x[j] as Float64Array;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < total; i++) {
      const v = col[i] as number;
      if (pairwise ? v === v : complete(i)) {
        xs.push(v);
        ys.push(y[i] as number);
      }
    }
    ns.push(xs.length);
    if (xs.length < 3)
      throw new NpsInputError({
        code: 'too_few_rows',
        message: `${fn}: rows rating driver ${describe(driver)} must number at least 3, received ${String(xs.length)}`,
        received: xs.length,
      });
    for (const [vals, what] of [
      [xs, `driver ${describe(driver)}`],
      [ys, 'the outcome'],
    ] as const)
      if (vals.every((v) => v === vals[0]))
        throw new NpsInputError({
          code: 'constant_driver',
          message: `${fn}: ${what} must vary across the rows used, received a constant`,
          received: what === 'the outcome' ? stats.outcome : driver,
        });
    return method === 'spearman' ? sampleRankCorrelation(xs, ys) : sampleCorrelation(xs, ys);
  });
  const n = Math.min(...ns);
  return correlationResult(method, stats.outcome, n, total - n, names, rs, ns);
}

function correlationResult(
  method: CorrelationMethod,
  outcome: DriverOutcome,
  n: number,
  excludedN: number,
  names: readonly string[],
  rs: readonly number[],
  ns: readonly number[],
): DriverCorrelationsResult {
  const rank = ranksOf(rs.map(Math.abs));
  return {
    method,
    outcome,
    n,
    excludedN,
    drivers: names.map((driver, j) => {
      const r = rs[j] ?? 0;
      const nj = ns[j] ?? n;
      const t = r * Math.sqrt((nj - 2) / (1 - r * r));
      return { driver, r, pValue: studentTTwoSided(t, nj - 2), n: nj, rank: rank[j] ?? 0 };
    }),
  };
}
