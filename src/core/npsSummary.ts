import {
  intervalOfTally,
  type NpsIntervalMethod,
  type NpsIntervalOptions,
  type ResolvedInterval,
  resolveIntervalOptions,
} from './npsInterval.ts';
import type { NpsBase } from './scheme.ts';
import { type Scores, type Tally, toTally } from './tally.ts';
import { baseCount } from './variance.ts';

/**
 * Counts and NPS of a group, as reports show them. Unlike {@link nps}, an empty base is data,
 * not an error: `nps`, `low`, `high` and `se` are then `null` and the counts are still there.
 * NPS figures are on −100..100.
 */
export interface NpsSummary {
  /** Number of promoters. */
  readonly promoters: number;
  /** Number of passives. */
  readonly passives: number;
  /** Number of detractors. */
  readonly detractors: number;
  /** The group's tally (the counts above, with weighted sums when weighted). */
  readonly total: Tally;
  /** All respondents (an unweighted count). */
  readonly n: number;
  /** The NPS, or `null` when the base is empty. */
  readonly nps: number | null;
  /** Lower confidence limit, or `null`. */
  readonly low: number | null;
  /** Upper confidence limit, or `null`. */
  readonly high: number | null;
  /** Standard error in NPS points, or `null`. */
  readonly se: number | null;
  /**
   * Respondents in the NPS base (an unweighted count: all respondents under base `'all'`,
   * P + D under `'promoters-and-detractors'`); 0 when empty.
   */
  readonly baseN: number;
  /** Kish effective size of the base (= `baseN` when unweighted; 0 when the base is empty). */
  readonly effectiveN: number;
  /** The base of the NPS. */
  readonly base: NpsBase;
  /** The interval method. */
  readonly method: NpsIntervalMethod;
  /** The confidence level. */
  readonly confidence: number;
}

/** @internal Summary of a tally with already-resolved options (hot loops resolve once). */
function summarizeTally(t: Tally, r: ResolvedInterval): NpsSummary {
  const i = intervalOfTally(t, r);
  return {
    promoters: t.promoters,
    passives: t.passives,
    detractors: t.detractors,
    total: t,
    n: t.n,
    nps: i?.nps ?? null,
    low: i?.low ?? null,
    high: i?.high ?? null,
    se: i?.se ?? null,
    baseN: baseCount(t, r.scheme.base),
    effectiveN: i?.effectiveN ?? 0,
    base: r.scheme.base,
    method: r.method,
    confidence: r.confidence,
  };
}

/**
 * Counts, NPS and confidence interval of a group in one object, with `nps: null` (not an error)
 * when the base is empty: what every row of a report needs.
 *
 * @param input - A {@link Tally} or the scores.
 * @param options - As {@link npsInterval}: `scheme`, `confidence`, `method`, `prior`.
 * @returns An {@link NpsSummary}.
 * @throws {@link NpsInputError} for malformed scores, tallies or options (never for emptiness).
 * @example
 * ```ts
 * npsSummary([]).nps; //=> null
 * const s = npsSummary([10, 9, 3, 7]);
 * [s.promoters, s.passives, s.detractors, s.n, s.baseN]; //=> [2, 1, 1, 4, 3]
 * s.nps; //=> 33.333333333333336
 * ```
 */
export function npsSummary(input: Tally | Scores, options?: NpsIntervalOptions): NpsSummary {
  const r = resolveIntervalOptions('npsSummary', options);
  return summarizeTally(toTally('npsSummary', input, r.scheme), r);
}
