import * as z from 'zod/mini';
import { checkSize } from '../kernels/limits.ts';
import { seedOption } from '../kernels/options.ts';
import { seededRandom } from '../kernels/random.ts';
import { exactKeys, parseWith } from '../kernels/validate.ts';
import {
  type DriverInput,
  deferredModelShape,
  requireOptions,
  statsOptionsOf,
} from './driverStats.ts';
import {
  type DriverDirection,
  type DriverFitSummary,
  type DriverModelOptions,
  fitModel,
  modelReport,
} from './relativeImportance.ts';

/**
 * The most work {@link shapleySample} accepts: permutations × p³/3 multiply-adds (the sweeps of
 * one ordering of p drivers), about 50 seconds at the 2e8 multiply-adds per second measured on
 * a 2-core build machine.
 */
const MAX_SHAPLEY_SAMPLE_WORK = 1e10;

/** Options of {@link shapleySample}. */
export interface ShapleySampleOptions extends DriverModelOptions {
  /** Seed of the random orderings (required): an integer from 0 to 2^32 − 1. */
  readonly seed: number;
  /** Number of random orderings (default 2000). */
  readonly permutations?: number | undefined;
}

/** One driver's sampled Shapley value. */
export interface DriverShapleyEstimate extends DriverDirection {
  /** The driver's name. */
  readonly driver: string;
  /** Estimated LMG / Shapley share of R² (mean R² gain over the sampled orderings). */
  readonly raw: number;
  /** Monte Carlo standard error of `raw` (sd of the gains / √permutations). */
  readonly se: number;
  /** raw / Σ raw. */
  readonly share: number;
  /** 1 for the largest estimate. */
  readonly rank: number;
}

/** The result of {@link shapleySample}. */
export interface ShapleySampleResult extends DriverFitSummary {
  /** Orderings sampled. */
  readonly permutations: number;
  /** Per driver, in input order (the estimates sum to `r2` exactly). */
  readonly drivers: readonly DriverShapleyEstimate[];
}

/**
 * Shapley / LMG values estimated from random orderings of the drivers (Castro, Gómez & Tejada
 * 2009), for more drivers than the exact {@link shapley} handles (p > 24). Each ordering adds the
 * drivers one by one with sweep updates of the correlation matrix (Goodnight 1979) and credits
 * each with its R² gain; the gains of every ordering sum to R², so the estimates do too. Seeded
 * and reproducible; each estimate reports its Monte Carlo standard error.
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - `seed` (required), `permutations` (default 2000), and the options of
 *   {@link relativeImportance} without `metric`.
 * @returns `{ outcome, n, excludedN, r2, permutations, drivers: [{ driver, raw, se, share, rank,
 *   beta, correlation, sign, suppressed }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `invalid_option` without options
 *   or a seed, or a seed that is not an integer from 0 to 2^32 − 1; `too_large`, before any
 *   work, when permutations × p³/3 passes
 *   1e10 (2000 orderings of up to 246 drivers, 1e6 orderings of up to 31; about 50 s).
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 0 } },
 *   { score: 2, ratings: { a: 2, b: 0 } },
 *   { score: 1, ratings: { a: 0, b: 1 } },
 *   { score: 2, ratings: { a: 1, b: 1 } },
 * ];
 * const s = shapleySample(rows, { seed: 1, permutations: 400 });
 * s.drivers.map((d) => d.rank); //=> [1, 2]  (exact values: 0.75, 0.25)
 * Math.round(s.drivers.reduce((t, d) => t + d.raw, 0) * 1e9) / 1e9; //=> 1  (= R²)
 * ```
 */
export function shapleySample(
  input: DriverInput,
  options: ShapleySampleOptions,
): ShapleySampleResult {
  const fn = 'shapleySample';
  requireOptions(options, fn, 'a seed');
  const o = parseWith(
    exactKeys<ShapleySampleOptions>()(
      z.strictObject({
        seed: seedOption(),
        permutations: z.optional(z.int().check(z.gte(2))),
        ...deferredModelShape(),
      }),
    ),
    options,
    fn,
    'options',
  );
  const perms = o.permutations ?? 2000;
  const model = fitModel(
    input,
    { ...statsOptionsOf(options), missing: options.missing, metric: 'first' },
    fn,
    ({ p }) => {
      checkSize(
        fn,
        'permutations × drivers³ / 3',
        Math.ceil((perms * p * p * p) / 3),
        MAX_SHAPLEY_SAMPLE_WORK,
        'use fewer permutations (the standard errors shrink as 1/√permutations), or relativeWeights',
      );
    },
  );
  const { p, corr, names } = model.prep;
  const s = p + 1;
  const rng = seededRandom(o.seed);
  const work = new Float64Array(s * s);
  const order = new Int32Array(p);
  const sum = new Float64Array(p);
  const sumSq = new Float64Array(p);
  for (let t = 0; t < perms; t++) {
    for (let i = 0; i < p; i++) order[i] = i;
    for (let i = p - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const tmp = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = tmp;
    }
    work.set(corr);
    for (let step = 0; step < p; step++) {
      const j = order[step] ?? 0;
      const rowJ = j * s;
      const piv = work[rowJ + j] ?? 0;
      const cjy = work[rowJ + p] ?? 0;
      const gain = (cjy * cjy) / piv;
      sum[j] = (sum[j] ?? 0) + gain;
      sumSq[j] = (sumSq[j] ?? 0) + gain * gain;
      // Sweep j out of the remaining drivers and the outcome (full symmetric update).
      for (let q = step + 1; q < p; q++) {
        const a = order[q] ?? 0;
        const f = (work[a * s + j] ?? 0) / piv;
        for (let r = step + 1; r < p; r++) {
          const b = order[r] ?? 0;
          work[a * s + b] = (work[a * s + b] ?? 0) - f * (work[rowJ + b] ?? 0);
        }
        work[a * s + p] = (work[a * s + p] ?? 0) - f * cjy;
      }
      for (let q = step + 1; q < p; q++) {
        const a = order[q] ?? 0;
        work[rowJ + a] = 0;
        work[a * s + j] = 0;
      }
    }
  }
  const raw = names.map((_, j) => (sum[j] ?? 0) / perms);
  const total = raw.reduce((a, b) => a + b, 0);
  return modelReport(model, { permutations: perms }, raw, (j) => {
    const mean = raw[j] ?? 0;
    const variance = Math.max(0, ((sumSq[j] ?? 0) - perms * mean * mean) / (perms - 1));
    return {
      raw: mean,
      se: Math.sqrt(variance / perms),
      share: total === 0 ? 0 : mean / total,
    };
  });
}
