import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { cholesky, choleskySolve } from '../kernels/matrix.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  computeDriverStats,
  type DriverData,
  type DriverStats,
  type DriverStatsOptions,
  extractColumns,
  type ResolvedStatsOptions,
  resolveStatsOptions,
  statsOptionsOf,
  statsOptionsShape,
} from './driverStats.ts';
import type { DriverFitSummary } from './relativeImportance.ts';

/** Kano-style factor of a driver from penalty–reward analysis. */
export type DriverFactor = 'basic' | 'performance' | 'excitement';

/**
 * The rating cut-offs of penalty–reward analysis ({@link penaltyReward}, and
 * {@link bootstrapImportance} with metric `'penalty'` or `'reward'`). Named `lowRating` and
 * `highRating` because `low` and `high` are interval limits in every npskit result.
 */
export interface RatingCutoffs {
  /** Ratings at or below this are "low" (dissatisfied). Default 6 (a 1..10 scale). */
  readonly lowRating?: number | undefined;
  /** Ratings at or above this are "high" (delighted). Default 9. Must be above `lowRating`. */
  readonly highRating?: number | undefined;
}

/** Options of {@link penaltyReward}. */
export interface PenaltyRewardOptions extends DriverStatsOptions, RatingCutoffs {
  /** A factor is basic (excitement) when its penalty (reward) is at least `ratio` times the other. Default 2. */
  readonly ratio?: number | undefined;
}

/** @internal The zod shape of the {@link RatingCutoffs}. */
export const cutoffsShape = () => ({
  lowRating: z.optional(z.number().check(z.refine(Number.isFinite, 'expected a finite number'))),
  highRating: z.optional(z.number().check(z.refine(Number.isFinite, 'expected a finite number'))),
});

/** @internal Resolved cut-offs (defaults 6 and 9), checked: `lowRating < highRating`. */
export function resolveCutoffs(o: RatingCutoffs | undefined, fn: string): Cutoffs {
  const low = o?.lowRating ?? 6;
  const high = o?.highRating ?? 9;
  if (!(low < high))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.lowRating must be below options.highRating (${String(high)}), received ${describe(low)}`,
      path: ['lowRating'],
      received: low,
    });
  return { low, high };
}

/** @internal Resolved rating cut-offs. */
export interface Cutoffs {
  readonly low: number;
  readonly high: number;
}

/** One driver's penalty and reward. */
export interface DriverPenaltyReward {
  /** The driver's name. */
  readonly driver: string;
  /** Coefficient of the low-rating dummy, in outcome units (usually negative). */
  readonly penalty: number;
  /** Coefficient of the high-rating dummy, in outcome units (usually positive). */
  readonly reward: number;
  /** Share of complete rows rating the driver low (0..1). */
  readonly lowShare: number;
  /** Share of complete rows rating the driver high (0..1). */
  readonly highShare: number;
  /** `basic` (hurts when poor, little credit when good), `excitement` (the reverse) or `performance`. */
  readonly factor: DriverFactor;
}

/** The result of {@link penaltyReward} (`r2` is the R² of the dummy regression). */
export interface PenaltyRewardResult extends DriverFitSummary {
  /** Per driver, in input order. */
  readonly drivers: readonly DriverPenaltyReward[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.optional(
    exactKeys<PenaltyRewardOptions>()(
      z.strictObject({
        ...cutoffsShape(),
        ratio: z.optional(z.number().check(z.gte(1))),
        ...statsOptionsShape(),
      }),
    ),
  ),
);

/**
 * Penalty–reward analysis (Brandt 1987; Mittal, Ross & Baldasare 1998): regress the outcome on two
 * dummies per driver — rating ≤ `lowRating` and rating ≥ `highRating` (middle ratings are the reference) —
 * by least squares on the co-moments of the dummies. The low coefficient is the penalty of a poor
 * rating, the high coefficient the reward of an excellent one, in outcome units (NPS points with
 * outcome `'nps'`). A driver whose penalty outweighs its reward `ratio`-fold is `basic` (a
 * must-be: it hurts when missing, earns little when present), the reverse is `excitement`,
 * otherwise `performance`.
 *
 * @param input - Rows or columns.
 * @param options - `lowRating` (6), `highRating` (9), `ratio` (2), `outcome`, `drivers`, `scheme`,
 *   `notApplicable`.
 * @returns `{ outcome, n, excludedN, r2, drivers: [{ driver, penalty, reward, lowShare, highShare, factor }] }`.
 * @throws {@link NpsInputError} `constant_driver` when no (or every) complete row rates a driver
 *   low or high, `collinear` for collinear dummies, `too_few_rows`, `invalid_option` when
 *   `lowRating` is not below `highRating`, and the errors of {@link driverStats}.
 * @example
 * ```ts
 * const rows = [
 *   { score: 2, ratings: { speed: 3 } }, { score: 2, ratings: { speed: 4 } },
 *   { score: 8, ratings: { speed: 7 } }, { score: 8, ratings: { speed: 8 } },
 *   { score: 9, ratings: { speed: 9 } }, { score: 9, ratings: { speed: 10 } },
 * ];
 * const r = penaltyReward(rows).drivers[0];
 * [Math.round(r.penalty), Math.round(r.reward), r.factor]; //=> [-6, 1, 'basic']
 * ```
 */
export function penaltyReward(
  input: DriverData,
  options?: PenaltyRewardOptions,
): PenaltyRewardResult {
  const fn = 'penaltyReward';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const cuts = resolveCutoffs(o, fn);
  const resolved = resolveStatsOptions(statsOptionsOf(o), fn);
  const { stats, drivers } = dummyStats(input, resolved, cuts, fn);
  return penaltyRewardFit(stats, drivers, cuts, o?.ratio ?? 2, fn);
}

/**
 * @internal The outcome and two dummies per driver (rating ≤ low, rating ≥ high; NaN when the
 * rating is missing), as columns: variable 0 the outcome, then low₁, high₁, low₂, high₂…
 */
export function dummyColumns(
  input: DriverData,
  resolved: ResolvedStatsOptions,
  { low, high }: Cutoffs,
  fn: string,
): { readonly drivers: readonly string[]; readonly y: Float64Array; readonly x: Float64Array[] } {
  // Validates every value and fixes the driver list.
  const { stats, y, x } = extractColumns(input, resolved, fn);
  const dummies: Float64Array[] = [];
  for (const col of x) {
    const lo = new Float64Array(col.length);
    const hi = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const v = col[i] as number;
      lo[i] = v === v ? (v <= low ? 1 : 0) : Number.NaN;
      hi[i] = v === v ? (v >= high ? 1 : 0) : Number.NaN;
    }
    dummies.push(lo, hi);
  }
  return { drivers: stats.drivers, y, x: dummies };
}

/** @internal Listwise statistics of the outcome and the low/high dummies. */
function dummyStats(
  input: DriverData,
  resolved: ResolvedStatsOptions,
  cuts: Cutoffs,
  fn: string,
): { readonly stats: DriverStats; readonly drivers: readonly string[] } {
  const { drivers, y, x } = dummyColumns(input, resolved, cuts, fn);
  const ratings = new Map<string, Float64Array>();
  x.forEach((c, j) => ratings.set(String(j), c));
  // The outcome is already recoded: the statistics of the dummies use it as a raw score.
  const stats = computeDriverStats(
    { score: y, ratings },
    { ...resolved, outcome: 'score', drivers: undefined, notApplicable: [] },
    fn,
  );
  return { stats: { ...stats, outcome: resolved.outcome }, drivers };
}

/**
 * @internal Penalty–reward least squares from the statistics of the outcome and the dummies
 * (variables low₁, high₁, low₂, high₂… in that order).
 */
export function penaltyRewardFit(
  stats: DriverStats,
  drivers: readonly string[],
  { low, high }: Cutoffs,
  ratio: number,
  fn: string,
): PenaltyRewardResult {
  const p = drivers.length;
  const k = 2 * p + 1;
  const n = stats.n;
  if (n <= 2 * p + 1)
    throw new NpsInputError({
      code: 'too_few_rows',
      message: `${fn}: complete rows must number more than 2 × drivers + 1 (${String(2 * p + 1)}), received ${String(n)}`,
      received: n,
    });
  const m = 2 * p;
  const cxx = new Float64Array(m * m);
  const cxy = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const caa = stats.comoments[(a + 1) * k + (a + 1)] ?? 0;
    if (!(caa > 1e-12 * n)) {
      const which = a % 2 === 0 ? `at or below ${String(low)}` : `at or above ${String(high)}`;
      const d = drivers[Math.floor(a / 2)] ?? '';
      throw new NpsInputError({
        code: 'constant_driver',
        message: `${fn}: driver ${describe(d)} must have some but not all complete rows rated ${which}, received ${stats.means[a + 1] === 0 ? 'none' : 'all'}`,
        received: d,
      });
    }
    cxy[a] = stats.comoments[(a + 1) * k] ?? 0;
    for (let b = 0; b < m; b++) cxx[a * m + b] = stats.comoments[(a + 1) * k + (b + 1)] ?? 0;
  }
  const ch = cholesky(cxx, m, 1e-10);
  if (ch.failedAt !== -1) {
    const d = drivers[Math.floor(ch.failedAt / 2)] ?? '';
    throw new NpsInputError({
      code: 'collinear',
      message: `${fn}: low/high dummies must not be collinear, received collinear dummies at driver ${describe(d)}`,
      received: d,
    });
  }
  const b = choleskySolve(ch.l, m, cxy);
  let ssr = 0;
  for (let a = 0; a < m; a++) ssr += (b[a] ?? 0) * (cxy[a] ?? 0);
  const syy = stats.comoments[0] ?? 0;
  return {
    outcome: stats.outcome,
    n,
    excludedN: stats.excludedN,
    r2: syy > 0 ? ssr / syy : 0,
    drivers: drivers.map((driver, j) => {
      const penalty = b[2 * j] ?? 0;
      const reward = b[2 * j + 1] ?? 0;
      const pen = Math.max(0, -penalty);
      const rew = Math.max(0, reward);
      const factor: DriverFactor =
        pen > 0 && pen >= ratio * rew
          ? 'basic'
          : rew > 0 && rew >= ratio * pen
            ? 'excitement'
            : 'performance';
      return {
        driver,
        penalty,
        reward,
        lowShare: stats.means[2 * j + 1] ?? 0,
        highShare: stats.means[2 * j + 2] ?? 0,
        factor,
      };
    }),
  };
}
