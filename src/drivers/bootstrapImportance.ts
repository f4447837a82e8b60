import { quantileSorted } from 'simple-statistics';
import * as z from 'zod/mini';
import type { ConfidenceOptions } from '../core/npsInterval.ts';
import { isNpsInputError, NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { checkSize } from '../kernels/limits.ts';
import { weightedCrossMoments } from '../kernels/moments.ts';
import { confidenceOption, IMPORTANCE_METRICS, seedOption } from '../kernels/options.ts';
import { seededRandom } from '../kernels/random.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  computeDriverStats,
  type DriverData,
  type DriverOutcome,
  type DriverStats,
  extractColumns,
  requireOptions,
  resolveStatsOptions,
  statsOptionsOf,
} from './driverStats.ts';
import {
  cutoffsShape,
  dummyColumns,
  penaltyRewardFit,
  type RatingCutoffs,
  resolveCutoffs,
} from './penaltyReward.ts';
import {
  type DriverModelOptions,
  fullModel,
  type ImportanceMetric,
  metricValues,
  prepare,
} from './relativeImportance.ts';

/**
 * The most work {@link bootstrapImportance} accepts: replicates × (work of one replicate), with
 * a replicate's work g·k² (merging the statistics of g resampling units over k variables) plus
 * its statistic's (p·2^p for `'lmg'` and `'dominance'`, k³ otherwise, and 10·n·k more for
 * `'spearman'`'s ranks): 20 to 100 seconds on a 2-core build machine (5e8 operations per
 * second measured for `'lmg'`, 1e8 for the statistics dominated by merging units).
 */
const MAX_BOOTSTRAP_WORK = 1e10;

/**
 * What {@link bootstrapImportance} resamples: any {@link ImportanceMetric}, or
 *
 * - `'dominance'`: general dominance (Budescu 1993), which equals `'lmg'`;
 * - `'correlation'`: the Pearson correlation of each driver with the outcome;
 * - `'spearman'`: the Spearman rank correlation (ranks recomputed in every replicate);
 * - `'beta'`: the standardized coefficient of the full OLS model;
 * - `'penalty'` / `'reward'`: the low / high dummy coefficients of {@link penaltyReward}.
 */
export type BootstrapStatistic =
  | ImportanceMetric
  | 'dominance'
  | 'correlation'
  | 'spearman'
  | 'beta'
  | 'penalty'
  | 'reward';

/** Options of {@link bootstrapImportance}. */
export interface BootstrapImportanceOptions
  extends DriverModelOptions,
    ConfidenceOptions,
    RatingCutoffs {
  /** The statistic to bootstrap (default `'lmg'`). */
  readonly metric?: BootstrapStatistic | undefined;
  /** Number of bootstrap replicates (default 1000). */
  readonly replicates?: number | undefined;
  /**
   * Seed of the resampling (required: every random draw in npskit is reproducible): an integer
   * from 0 to 2^32 − 1.
   */
  readonly seed: number;
  /**
   * Cluster id per input row (e.g. store id), same length as the input: whole clusters are
   * resampled with replacement instead of rows.
   */
  readonly clusters?: ArrayLike<string> | undefined;
}

/** One driver's bootstrap interval. */
export interface DriverImportanceInterval {
  /** The driver's name. */
  readonly driver: string;
  /** The statistic on the full sample (in the statistic's own units). */
  readonly raw: number;
  /** Lower percentile bound: the (1 − confidence)/2 quantile of the replicates (R type 7). */
  readonly low: number;
  /** Upper percentile bound: the (1 + confidence)/2 quantile of the replicates (R type 7). */
  readonly high: number;
  /** Bootstrap standard error (standard deviation of the replicates). */
  readonly se: number;
}

/** The result of {@link bootstrapImportance}. */
export interface BootstrapImportanceResult {
  /** The statistic bootstrapped. */
  readonly metric: BootstrapStatistic;
  /** The outcome modelled. */
  readonly outcome: DriverOutcome;
  /** Complete rows used. */
  readonly n: number;
  /** Rows set aside for missing ratings (listwise). */
  readonly excludedN: number;
  /** R² on the full sample: of the full linear model, or of the dummy model for penalty/reward. */
  readonly r2: number;
  /** What was resampled: `'rows'`, or `'clusters'` when `clusters` was given. */
  readonly resampling: 'rows' | 'clusters';
  /** Number of resampling units (complete rows, or clusters with a complete row). */
  readonly units: number;
  /** Replicates that produced a value (a resample can be degenerate, e.g. a constant driver). */
  readonly replicates: number;
  /** Replicates skipped as degenerate. */
  readonly failed: number;
  /** Confidence level. */
  readonly confidence: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverImportanceInterval[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<BootstrapImportanceOptions>()(
    z.strictObject({
      metric: z.optional(
        z.enum([
          ...IMPORTANCE_METRICS,
          'dominance',
          'correlation',
          'spearman',
          'beta',
          'penalty',
          'reward',
        ]),
      ),
      replicates: z.optional(z.int().check(z.gte(1))),
      seed: seedOption(),
      confidence: confidenceOption(),
      clusters: z.optional(z.unknown()),
      missing: z.optional(z.enum(['listwise', 'pairwise'])),
      ...cutoffsShape(),
      // checked by resolveStatsOptions
      outcome: z.optional(z.unknown()),
      drivers: z.optional(z.unknown()),
      scheme: z.optional(z.unknown()),
      notApplicable: z.optional(z.unknown()),
    }),
  ),
);

/**
 * Resampling units (rows or clusters) with their sufficient statistics, so that a replicate's
 * statistics are an exact weighted merge of the drawn units: with wᵤ copies of unit u,
 * N = Σ wᵤnᵤ, x̄ = Σ wᵤnᵤx̄ᵤ / N, C = Σ wᵤCᵤ + Σ wᵤnᵤ(x̄ᵤ − x̄)(x̄ᵤ − x̄)ᵀ.
 */
interface Units {
  readonly g: number;
  readonly k: number;
  readonly size: Float64Array;
  /** g × k unit means. */
  readonly mean: Float64Array;
  /** Upper-triangle co-moments per unit of more than one row (k × k each), else null. */
  readonly comoments: readonly (Float64Array | null)[];
  /** Unit of each complete row. */
  readonly unitOf: Int32Array;
}

function buildUnits(
  data: Float64Array,
  n: number,
  k: number,
  unitOf: Int32Array,
  g: number,
): Units {
  const size = new Float64Array(g);
  const mean = new Float64Array(g * k);
  for (let r = 0; r < n; r++) {
    const u = unitOf[r] as number;
    size[u] = (size[u] as number) + 1;
    for (let v = 0; v < k; v++)
      mean[u * k + v] = (mean[u * k + v] as number) + (data[r * k + v] as number);
  }
  for (let u = 0; u < g; u++)
    for (let v = 0; v < k; v++) mean[u * k + v] = (mean[u * k + v] as number) / (size[u] as number);
  const comoments: (Float64Array | null)[] = Array.from({ length: g }, (_, u) =>
    (size[u] as number) > 1 ? new Float64Array(k * k) : null,
  );
  for (let r = 0; r < n; r++) {
    const u = unitOf[r] as number;
    const c = comoments[u];
    if (c === null || c === undefined) continue;
    for (let a = 0; a < k; a++) {
      const da = (data[r * k + a] as number) - (mean[u * k + a] as number);
      for (let b = a; b < k; b++)
        c[a * k + b] =
          (c[a * k + b] as number) +
          da * ((data[r * k + b] as number) - (mean[u * k + b] as number));
    }
  }
  return { g, k, size, mean, comoments, unitOf };
}

/** Statistics of the multiset with `w[u]` copies of each unit (the full symmetric matrix). */
function mergeUnits(
  units: Units,
  w: Int32Array,
  names: readonly string[],
  outcome: DriverOutcome,
): DriverStats {
  const { g, k, size, mean: um, comoments: uc } = units;
  let n = 0;
  const mean = new Float64Array(k);
  for (let u = 0; u < g; u++) {
    const wu = w[u] as number;
    if (wu === 0) continue;
    const m = wu * (size[u] as number);
    n += m;
    for (let v = 0; v < k; v++) mean[v] = (mean[v] as number) + m * (um[u * k + v] as number);
  }
  for (let v = 0; v < k; v++) mean[v] = n > 0 ? (mean[v] as number) / n : 0;
  const c = new Float64Array(k * k);
  const d = new Float64Array(k);
  for (let u = 0; u < g; u++) {
    const wu = w[u] as number;
    if (wu === 0) continue;
    const m = wu * (size[u] as number);
    for (let v = 0; v < k; v++) d[v] = (um[u * k + v] as number) - (mean[v] as number);
    const cu = uc[u];
    for (let a = 0; a < k; a++) {
      const fa = m * (d[a] as number);
      for (let b = a; b < k; b++) c[a * k + b] = (c[a * k + b] as number) + fa * (d[b] as number);
    }
    if (cu !== null && cu !== undefined)
      for (let a = 0; a < k; a++)
        for (let b = a; b < k; b++)
          c[a * k + b] = (c[a * k + b] as number) + wu * (cu[a * k + b] as number);
  }
  const comoments = new Array<number>(k * k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const v = c[a * k + b] as number;
      comoments[a * k + b] = v;
      comoments[b * k + a] = v;
    }
  return { drivers: names, outcome, n, excludedN: 0, means: Array.from(mean), comoments };
}

/**
 * Spearman correlations of each driver with the outcome in the multiset with `rowWeight[r]`
 * copies of complete row r: average ranks from precomputed sort orders (ties, including the
 * copies of one row, share their mean rank), then the weighted Pearson correlation of the ranks.
 */
function weightedSpearman(
  data: Float64Array,
  n: number,
  k: number,
  order: readonly Int32Array[],
  rowWeight: Float64Array,
): Float64Array {
  const ranks: Float64Array[] = [];
  let total = 0;
  for (let r = 0; r < n; r++) total += rowWeight[r] as number;
  for (let v = 0; v < k; v++) {
    const ord = order[v] as Int32Array;
    const rk = new Float64Array(n);
    let before = 0;
    let i = 0;
    while (i < n) {
      const x = data[(ord[i] as number) * k + v] as number;
      let j = i;
      let tie = 0;
      while (j < n && data[(ord[j] as number) * k + v] === x)
        tie += rowWeight[ord[j++] as number] as number;
      const rank = before + (tie + 1) / 2;
      for (let q = i; q < j; q++) rk[ord[q] as number] = rank;
      before += tie;
      i = j;
    }
    ranks.push(rk);
  }
  const mid = (total + 1) / 2;
  const ry = ranks[0] as Float64Array;
  let syy = 0;
  for (let r = 0; r < n; r++) syy += (rowWeight[r] as number) * ((ry[r] as number) - mid) ** 2;
  const out = new Float64Array(k - 1);
  for (let v = 1; v < k; v++) {
    const { sxx, sxy } = weightedCrossMoments(rowWeight, ranks[v] as Float64Array, mid, ry, mid, n);
    if (!(sxx > 0 && syy > 0))
      throw new NpsInputError({
        code: 'constant_driver',
        message: 'bootstrapImportance: ranks must vary in the resample, received a constant',
        received: v,
      });
    out[v - 1] = sxy / Math.sqrt(sxx * syy);
  }
  return out;
}

/**
 * Bootstrap confidence intervals for every driver statistic of npskit (Efron & Tibshirani 1993,
 * percentile method): any relative-importance metric, general dominance, Pearson and Spearman
 * correlations, standardized OLS coefficients, and penalty–reward effects. Rows are resampled,
 * or whole clusters (stores) when `clusters` is given, which keeps the dependence of responses
 * within a store.
 *
 * Each replicate works on the (p + 1)² statistics, not on rows: the resampling units' means and
 * co-moments are computed once, and a replicate's statistics are their exact weighted merge
 * (Chan, Golub & LeVeque 1979): with wᵤ copies of unit u, N = Σ wᵤnᵤ, x̄ = Σ wᵤnᵤx̄ᵤ / N,
 * C = Σ wᵤCᵤ + Σ wᵤnᵤ(x̄ᵤ − x̄)(x̄ᵤ − x̄)ᵀ; the statistic is then computed from that matrix.
 * Spearman recomputes average ranks with weights in O(n) per variable from sort orders made
 * once. Cost O(B · g · p²) for g units, plus the statistic (2^p for `lmg`/`dominance`). Resamples
 * in which a driver is constant or drivers are collinear are skipped and counted in `failed`.
 *
 * @param input - Rows or columns (statistics cannot be resampled).
 * @param options - `seed` (required), `metric` (default `'lmg'`), `replicates` (1000),
 *   `confidence` (0.95), `clusters`, `lowRating`/`highRating` (penalty–reward cut-offs, 6 and 9),
 *   and the options of {@link relativeImportance}. Missing ratings are listwise.
 * @returns `{ metric, outcome, n, excludedN, r2, resampling, units, replicates, failed,
 *   confidence, drivers: [{ driver, raw, low, high, se }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance} (on the full sample);
 *   `invalid_option` for bad or missing options (the seed is required, an integer from 0 to
 *   2^32 − 1) or
 *   `missing: 'pairwise'`, `length_mismatch` when
 *   `clusters` and the input differ in length; `too_large`, before any replicate is drawn, when
 *   replicates × (work of one replicate) passes 1e10 operations (20 to 100 s): a replicate costs
 *   g·k² for g resampling units and k variables, plus p·2^p for `'lmg'` / `'dominance'` (so
 *   1000 replicates reach up to about 18 drivers there) or k³ for the other statistics, plus
 *   10·n·k for `'spearman'`.
 * @example
 * ```ts
 * const rows = Array.from({ length: 40 }, (_, i) => ({
 *   score: (i % 7) + (i % 3),
 *   ratings: { a: i % 7, b: i % 3, c: i % 5 },
 * }));
 * const b = bootstrapImportance(rows, { metric: 'johnson', seed: 1, replicates: 200 });
 * b.drivers.every((d) => d.low <= d.raw && d.raw <= d.high); //=> true
 * const c = bootstrapImportance(rows, { metric: 'correlation', seed: 1, replicates: 200 });
 * c.drivers.map((d) => Math.round(d.raw * 100) / 100); //=> [0.92, 0.35, 0.08]
 * c.drivers.map((d) => d.low < d.raw && d.raw < d.high); //=> [true, true, true]
 * ```
 */
export function bootstrapImportance(
  input: DriverData,
  options: BootstrapImportanceOptions,
): BootstrapImportanceResult {
  const fn = 'bootstrapImportance';
  requireOptions(options, fn, 'a seed');
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const metric = o.metric ?? 'lmg';
  if (o.missing === 'pairwise')
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.missing must be 'listwise' for the bootstrap, received 'pairwise'`,
      path: ['missing'],
      received: 'pairwise',
    });
  const isPr = metric === 'penalty' || metric === 'reward';
  const cuts = isPr ? resolveCutoffs(o, fn) : { low: 6, high: 9 };
  const resolved = resolveStatsOptions(statsOptionsOf(options), fn);
  // The variables (validated): the outcome first, then the drivers or their low/high dummies.
  const cols = isPr
    ? dummyColumns(input, resolved, cuts, fn)
    : (() => {
        const e = extractColumns(input, resolved, fn);
        return { drivers: e.stats.drivers, y: e.y, x: e.x };
      })();
  const drivers = cols.drivers;
  const vars = [cols.y, ...cols.x];
  // Variable names of the replicate statistics: the drivers (named in error messages), or
  // placeholders for the dummies (penaltyRewardFit names the drivers itself).
  const names = isPr ? cols.x.map((_, j) => String(j)) : drivers;
  const k = vars.length;
  const total = cols.y.length;
  const clusters = o.clusters as ArrayLike<string> | undefined;
  if (clusters !== undefined && (typeof clusters !== 'object' || clusters.length !== total))
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: options.clusters must have one id per row (${String(total)}), received ${describe(clusters)}`,
      path: ['clusters'],
      received: clusters,
    });
  // Complete rows as a dense n × k matrix, with their resampling unit.
  const data = new Float64Array(total * k);
  const unitOf = new Int32Array(total);
  const unitIds = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < total; i++) {
    let complete = true;
    for (let v = 1; v < k && complete; v++)
      complete = (vars[v] as Float64Array)[i] === (vars[v] as Float64Array)[i];
    if (!complete) continue;
    for (let v = 0; v < k; v++) data[n * k + v] = (vars[v] as Float64Array)[i] as number;
    if (clusters === undefined) unitOf[n] = n;
    else {
      const id = String(clusters[i]);
      let u = unitIds.get(id);
      if (u === undefined) {
        u = unitIds.size;
        unitIds.set(id, u);
      }
      unitOf[n] = u;
    }
    n++;
  }
  const g = clusters === undefined ? n : unitIds.size;
  const p = drivers.length;
  const reps = o.replicates ?? 1000;
  const statWork = metric === 'lmg' || metric === 'dominance' ? p * 2 ** p : k * k * k;
  checkSize(
    fn,
    'replicates × work per replicate',
    reps * (g * k * k + statWork + (metric === 'spearman' ? 10 * n * k : 0)),
    MAX_BOOTSTRAP_WORK,
    `each of the ${String(reps)} replicates costs about ${String(g * k * k + statWork)} operations here; use fewer replicates, or metric 'johnson' (close to 'lmg' at p³ per replicate)`,
  );
  const units = buildUnits(data, n, k, unitOf, g);
  const outcome = resolved.outcome;
  const order =
    metric === 'spearman'
      ? Array.from({ length: k }, (_, v) =>
          Int32Array.from(
            Array.from({ length: n }, (_, r) => r).sort(
              (a, b) => (data[a * k + v] as number) - (data[b * k + v] as number),
            ),
          ),
        )
      : [];
  const rowWeight = new Float64Array(n);
  // The statistic from a replicate's statistics (and, for Spearman, its unit copies).
  const statistic = (s: DriverStats, w: Int32Array): { values: Float64Array; r2: number } => {
    if (isPr) {
      const fit = penaltyRewardFit(s, drivers, cuts, 2, fn);
      return {
        values: Float64Array.from(fit.drivers, (d) =>
          metric === 'penalty' ? d.penalty : d.reward,
        ),
        r2: fit.r2,
      };
    }
    const prep = prepare(s, undefined, fn);
    const fm = fullModel(prep, fn);
    if (metric === 'spearman') {
      for (let r = 0; r < n; r++) rowWeight[r] = w[unitOf[r] as number] as number;
      return { values: weightedSpearman(data, n, k, order, rowWeight), r2: fm.r2 };
    }
    if (metric === 'correlation') return { values: fm.rxy, r2: fm.r2 };
    if (metric === 'beta') return { values: fm.beta, r2: fm.r2 };
    return { values: metricValues(metric === 'dominance' ? 'lmg' : metric, prep, fm), r2: fm.r2 };
  };
  // The full sample: statistics by the one-pass accumulator, as the non-bootstrap functions
  // compute them (same numbers, same errors, thrown to the caller).
  const fullStats = {
    ...computeDriverStats(
      { score: cols.y, ratings: new Map(names.map((d, j) => [d, cols.x[j] as Float64Array])) },
      { ...resolved, outcome: 'score', drivers: names, notApplicable: [] },
      fn,
    ),
    outcome,
  };
  const full = statistic(fullStats, new Int32Array(g).fill(1));
  const confidence = o.confidence ?? 0.95;
  const rng = seededRandom(o.seed);
  const values: Float64Array[] = drivers.map(() => new Float64Array(reps));
  const w = new Int32Array(g);
  let ok = 0;
  let failed = 0;
  for (let b = 0; b < reps; b++) {
    w.fill(0);
    for (let t = 0; t < g; t++) {
      const u = Math.floor(rng() * g);
      w[u] = (w[u] as number) + 1;
    }
    try {
      const res = statistic(mergeUnits(units, w, names, outcome), w).values;
      for (let j = 0; j < p; j++) (values[j] as Float64Array)[ok] = res[j] as number;
      ok++;
    } catch (e) {
      if (!isNpsInputError(e)) throw e;
      failed++;
    }
  }
  const alpha = (1 - confidence) / 2;
  return {
    metric,
    outcome,
    n,
    excludedN: total - n,
    r2: full.r2,
    resampling: clusters === undefined ? 'rows' : 'clusters',
    units: g,
    replicates: ok,
    failed,
    confidence,
    drivers: drivers.map((driver, j) => {
      // simple-statistics' quantileSorted is R's type 7 (linear interpolation between order
      // statistics at h = (B − 1)q), R's default quantile(type = 7).
      const sorted = Array.from((values[j] as Float64Array).slice(0, ok).sort());
      let mean = 0;
      for (const v of sorted) mean += v;
      mean /= ok;
      let ss = 0;
      for (const v of sorted) ss += (v - mean) ** 2;
      return {
        driver,
        raw: full.values[j] as number,
        low: ok > 0 ? quantileSorted(sorted, alpha) : Number.NaN,
        high: ok > 0 ? quantileSorted(sorted, 1 - alpha) : Number.NaN,
        se: ok > 1 ? Math.sqrt(ss / (ok - 1)) : Number.NaN,
      };
    }),
  };
}
