import { NpsInputError } from '../errors.ts';
import type { DriverInput } from './driverStats.ts';
import { allSubsetsR2 } from './lmg.ts';
import {
  type DriverDirection,
  type DriverFitSummary,
  type DriverModelOptions,
  fitModel,
  modelReport,
  withMetric,
} from './relativeImportance.ts';

/** The largest number of drivers for {@link dominanceAnalysis} (it stores all 2^p R² values). */
const MAX_DOMINANCE_DRIVERS = 20;

/** One driver's dominance statistics. */
export interface DriverDominance extends DriverDirection {
  /** The driver's name. */
  readonly driver: string;
  /** General dominance: the mean of `conditional` (= the LMG / Shapley share of R²). */
  readonly general: number;
  /**
   * Conditional dominance: `conditional[k]` is the mean R² the driver adds to the models with
   * k other drivers, k = 0..p − 1 (`conditional[0]` = r², `conditional[p − 1]` = `last`).
   */
  readonly conditional: readonly number[];
  /** Drivers this driver completely dominates (adds more R² to every subset of the others). */
  readonly dominates: readonly string[];
  /** 1 for the largest general dominance. */
  readonly rank: number;
}

/** The result of {@link dominanceAnalysis}. */
export interface DominanceResult extends DriverFitSummary {
  /** Per driver, in input order. */
  readonly drivers: readonly DriverDominance[];
}

/**
 * Dominance analysis (Budescu 1993; Azen & Budescu 2003): compares the R² each driver adds to
 * every subset of the other drivers.
 *
 * With ΔR²ⱼ(S) = R²(S ∪ j) − R²(S): driver i completely dominates j when ΔR²ᵢ(S) > ΔR²ⱼ(S) for
 * every S ⊆ others \ {i, j}; conditional dominance of j at size k is the mean of ΔR²ⱼ(S) over the
 * C(p − 1, k) subsets of size k; general dominance is the mean of the conditional values, which
 * equals the LMG / Shapley value and sums to R². All 2^p subset R² values come from one
 * depth-first sweep traversal of the correlation matrix (as {@link shapley}).
 *
 * @param input - Rows, columns or {@link DriverStats}.
 * @param options - As {@link relativeImportance}, without `metric`.
 * @returns `{ outcome, n, excludedN, r2, drivers: [{ driver, general, conditional, dominates, rank,
 *   beta, correlation, sign, suppressed }] }`.
 * @throws {@link NpsInputError} as {@link relativeImportance}; `too_many_drivers` above 20 drivers.
 * @example
 * ```ts
 * const rows = [
 *   { score: 1, ratings: { a: 1, b: 0 } },
 *   { score: 2, ratings: { a: 2, b: 0 } },
 *   { score: 1, ratings: { a: 0, b: 1 } },
 *   { score: 2, ratings: { a: 1, b: 1 } },
 * ];
 * const d = dominanceAnalysis(rows);
 * d.drivers.map((x) => x.dominates); //=> [['b'], []]
 * d.drivers.map((x) => x.conditional.map((v) => Math.round(v * 100))); //=> [[50, 100], [0, 50]]
 * ```
 */
export function dominanceAnalysis(
  input: DriverInput,
  options?: DriverModelOptions,
): DominanceResult {
  const fn = 'dominanceAnalysis';
  const model = fitModel(input, withMetric(options, 'lmg', fn), fn, ({ p }) => {
    if (p > MAX_DOMINANCE_DRIVERS)
      throw new NpsInputError({
        code: 'too_many_drivers',
        message: `${fn}: drivers must number at most ${String(MAX_DOMINANCE_DRIVERS)} (all 2^p subsets are compared), received ${String(p)}; use relativeWeights for more drivers`,
        received: p,
      });
  });
  const { p, names, corr } = model.prep;
  const r2 = allSubsetsR2(corr, p);
  const full = 2 ** p;
  const conditional: Float64Array[] = names.map(() => new Float64Array(p));
  const pop = new Uint8Array(full);
  for (let m = 1; m < full; m++) pop[m] = (pop[m >> 1] ?? 0) + (m & 1);
  for (let j = 0; j < p; j++) {
    const bit = 2 ** j;
    const cj = conditional[j] ?? new Float64Array(p);
    for (let m = 0; m < full; m++) {
      if ((m & bit) !== 0) continue;
      const k = pop[m] ?? 0;
      cj[k] = (cj[k] ?? 0) + (r2[m + bit] ?? 0) - (r2[m] ?? 0);
    }
    // divide by C(p − 1, k)
    let binom = 1;
    for (let k = 0; k < p; k++) {
      cj[k] = (cj[k] ?? 0) / binom;
      binom = (binom * (p - 1 - k)) / (k + 1);
    }
  }
  const dominates: string[][] = names.map(() => []);
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const bi = 2 ** i;
      const bj = 2 ** j;
      let iWins = true;
      let jWins = true;
      for (let m = 0; m < full && (iWins || jWins); m++) {
        if ((m & bi) !== 0 || (m & bj) !== 0) continue;
        const d = (r2[m + bi] ?? 0) - (r2[m + bj] ?? 0);
        if (!(d > 0)) iWins = false;
        if (!(d < 0)) jWins = false;
      }
      if (iWins) dominates[i]?.push(names[j] ?? '');
      if (jWins) dominates[j]?.push(names[i] ?? '');
    }
  const general = conditional.map((c) => c.reduce((s, v) => s + v, 0) / p);
  return modelReport(model, {}, general, (j) => ({
    general: general[j] ?? 0,
    conditional: Array.from(conditional[j] ?? []),
    dominates: dominates[j] ?? [],
  }));
}
