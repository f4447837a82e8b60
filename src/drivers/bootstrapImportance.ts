import * as z from 'zod/mini';
import { describe } from '../_lib/describe.ts';
import { seededRandom } from '../_lib/random.ts';
import { parseWith } from '../_lib/validate.ts';
import { categoryTable } from '../core/scheme.ts';
import { isNpsInputError, NpsInputError } from '../errors.ts';
import {
  CoMoments,
  computeDriverStats,
  type DriverColumns,
  type DriverRow,
  type DriverStats,
  get,
  isColumns,
  outcomeValue,
  resolveStatsOptions,
} from './driverStats.ts';
import {
  type ImportanceMetric,
  type RelativeImportanceOptions,
  run,
} from './relativeImportance.ts';

/** Options of {@link bootstrapImportance}. */
export interface BootstrapImportanceOptions extends RelativeImportanceOptions {
  /** Number of bootstrap replicates (default 1000). */
  readonly replicates?: number | undefined;
  /** Seed of the resampling (required: every random draw in npskit is reproducible). */
  readonly seed: number;
  /** Confidence level of the percentile intervals (default 0.95). */
  readonly confidence?: number | undefined;
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
  /** The metric on the full sample. */
  readonly raw: number;
  /** Lower percentile bound. */
  readonly low: number;
  /** Upper percentile bound. */
  readonly high: number;
  /** Bootstrap standard error (standard deviation of the replicates). */
  readonly se: number;
}

/** The result of {@link bootstrapImportance}. */
export interface BootstrapImportanceResult {
  /** The metric. */
  readonly metric: ImportanceMetric;
  /** Complete rows used. */
  readonly n: number;
  /** R² of the full model on the full sample. */
  readonly r2: number;
  /** Replicates that produced a value (a resample can be degenerate, e.g. a constant driver). */
  readonly replicates: number;
  /** Replicates skipped as degenerate. */
  readonly failed: number;
  /** Confidence level. */
  readonly confidence: number;
  /** Per driver, in input order. */
  readonly drivers: readonly DriverImportanceInterval[];
}

function optionsSchema() {
  return z.object({
    replicates: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
    seed: z.number(),
    confidence: z.optional(z.number().check(z.gt(0), z.lt(1))),
    clusters: z.optional(z.unknown()),
  });
}

function isMissing(v: unknown, na: readonly number[]): boolean {
  return v === null || v === undefined || (typeof v === 'number' && (v !== v || na.includes(v)));
}

/** Percentile of sorted values, type 7 (linear interpolation, R's default). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

/**
 * Bootstrap confidence intervals for any relative-importance metric (Efron & Tibshirani 1993,
 * percentile method), resampling rows, or whole clusters (stores) when `clusters` is given.
 *
 * Each replicate only recomputes the (p + 1)² co-moment matrix of the resampled rows and the
 * metric on it, so replicates are cheap. Resamples in which a driver is constant or drivers are
 * collinear are skipped and counted in `failed`.
 *
 * @param input - Rows or columns (statistics cannot be resampled).
 * @param options - `seed` (required), `replicates` (default 1000), `confidence` (0.95),
 *   `clusters`, and the options of {@link relativeImportance}.
 * @returns `{ metric, n, r2, replicates, failed, confidence, drivers: [{ driver, raw, low, high, se }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `invalid_option` for bad options,
 *   `length_mismatch` when `clusters` and the input differ in length.
 * @example
 * ```ts
 * const rows = Array.from({ length: 40 }, (_, i) => ({
 *   score: (i % 7) + (i % 3),
 *   ratings: { a: i % 7, b: i % 3, c: i % 5 },
 * }));
 * const b = bootstrapImportance(rows, { metric: 'johnson', seed: 1, replicates: 200 });
 * b.drivers.every((d) => d.low <= d.raw && d.raw <= d.high); //=> true
 * ```
 */
export function bootstrapImportance(
  input: readonly DriverRow[] | DriverColumns,
  options: BootstrapImportanceOptions,
): BootstrapImportanceResult {
  const fn = 'bootstrapImportance';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const metric = options.metric ?? 'lmg';
  if (options.missing === 'pairwise')
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.missing must be 'listwise' for the bootstrap, received 'pairwise'`,
      path: ['missing'],
      received: 'pairwise',
    });
  const base = {
    outcome: options.outcome,
    drivers: options.drivers,
    scheme: options.scheme,
    notApplicable: options.notApplicable,
  };
  const resolved = resolveStatsOptions(base, fn);
  // Validates every value and fixes the driver list.
  const stats = computeDriverStats(input, resolved, fn);
  const full = run(stats, { metric }, fn);
  const drivers = stats.drivers;
  const k = drivers.length + 1;
  const na = resolved.notApplicable;
  const total = isColumns(input) ? input.score.length : input.length;
  const clusters = o.clusters as ArrayLike<string> | undefined;
  if (clusters !== undefined && clusters.length !== total)
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: options.clusters must have one id per row (${String(total)}), received ${describe(clusters.length)}`,
      path: ['clusters'],
      received: clusters.length,
    });
  // Complete rows as a dense n × k matrix (outcome first), with their cluster index.
  const data = new Float64Array(stats.n * k);
  const clusterOf = new Int32Array(stats.n);
  const clusterIds = new Map<string, number>();
  const table = resolved.outcome === 'score' ? undefined : categoryTable(resolved.scheme);
  const one = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < total; i++) {
    let missing = false;
    let score: number;
    if (isColumns(input)) {
      score = input.score[i] ?? Number.NaN;
      for (let j = 1; j < k; j++) {
        const col = get(input.ratings, drivers[j - 1] ?? '');
        const v = col?.[i];
        if (isMissing(v, na)) missing = true;
        one[j] = v ?? Number.NaN;
      }
    } else {
      const row = input[i];
      if (row === undefined) continue;
      score = row.score;
      for (let j = 1; j < k; j++) {
        const v = get(row.ratings, drivers[j - 1] ?? '');
        if (isMissing(v, na)) missing = true;
        one[j] = v ?? Number.NaN;
      }
    }
    if (missing) continue;
    one[0] = outcomeValue(score, resolved, table, fn, i);
    data.set(one, n * k);
    const id = clusters === undefined ? String(n) : String(clusters[i]);
    let c = clusterIds.get(id);
    if (c === undefined) {
      c = clusterIds.size;
      clusterIds.set(id, c);
    }
    clusterOf[n] = c;
    n++;
  }
  // Rows of each cluster.
  const g = clusterIds.size;
  const members: number[][] = Array.from({ length: g }, () => []);
  for (let r = 0; r < n; r++) members[clusterOf[r] ?? 0]?.push(r);
  const reps = o.replicates ?? 1000;
  const confidence = o.confidence ?? 0.95;
  const rng = seededRandom(o.seed);
  const values: Float64Array[] = drivers.map(() => new Float64Array(reps));
  let ok = 0;
  let failed = 0;
  const row = new Float64Array(k);
  for (let b = 0; b < reps; b++) {
    const acc = new CoMoments(k);
    for (let t = 0; t < g; t++) {
      const c = Math.floor(rng() * g);
      for (const r of members[c] ?? []) {
        for (let v = 0; v < k; v++) row[v] = data[r * k + v] ?? 0;
        acc.add(row);
      }
    }
    acc.flush();
    const comoments = new Array<number>(k * k);
    for (let i = 0; i < k; i++)
      for (let j = i; j < k; j++) {
        const v = acc.c[i * k + j] ?? 0;
        comoments[i * k + j] = v;
        comoments[j * k + i] = v;
      }
    const s: DriverStats = {
      drivers,
      outcome: stats.outcome,
      n: acc.n,
      excluded: 0,
      means: Array.from(acc.mean),
      comoments,
    };
    try {
      const res = run(s, { metric }, fn);
      res.drivers.forEach((d, j) => {
        const arr = values[j];
        if (arr) arr[ok] = d.raw;
      });
      ok++;
    } catch (e) {
      if (!isNpsInputError(e)) throw e;
      failed++;
    }
  }
  const alpha = (1 - confidence) / 2;
  return {
    metric,
    n: stats.n,
    r2: full.r2,
    replicates: ok,
    failed,
    confidence,
    drivers: drivers.map((driver, j) => {
      const sorted = (values[j] ?? new Float64Array(0)).slice(0, ok).sort();
      let mean = 0;
      for (const v of sorted) mean += v;
      mean /= ok;
      let ss = 0;
      for (const v of sorted) ss += (v - mean) ** 2;
      return {
        driver,
        raw: full.drivers[j]?.raw ?? Number.NaN,
        low: ok > 0 ? quantile(sorted, alpha) : Number.NaN,
        high: ok > 0 ? quantile(sorted, 1 - alpha) : Number.NaN,
        se: ok > 1 ? Math.sqrt(ss / (ok - 1)) : Number.NaN,
      };
    }),
  };
}
