import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { checkTally, countScores, isTallyLike, sumTallies } from '../kernels/tallies.ts';
import { checkOptionsObject } from '../kernels/validate.ts';
import type { SchemeOptions, Scores, Tally, TallyCounts } from '../types.ts';
import { resolveScheme } from './resolveScheme.ts';
import type { Scheme } from './scheme.ts';

export type { Scores, Tally, TallyCounts, TallyWeights } from '../types.ts';

/** Options of {@link tally}. */
export interface TallyOptions extends SchemeOptions {
  /**
   * One **survey weight** per score (same length as the scores): 0, or a finite number from 1e-150
   * to 1e150 (only ratios matter; the bounds keep Σw² representable).
   *
   * Weights are survey weights (how many people each respondent stands for, e.g. from
   * post-stratification or raking), not counts: the tally still has one respondent per score,
   * and the interval's sample size is the Kish effective size. For a number of respondents per
   * score (`SELECT score, COUNT(*) … GROUP BY score`) use {@link tallyFromHistogram}: with
   * `tally([10, 9, 3], { weights: [50, 20, 5] })` n is 3, not 75, and every interval is far too
   * wide.
   */
  readonly weights?: ArrayLike<number> | Iterable<number> | undefined;
  /** Accept scores and weights that arrive as numeric strings (trimmed) or BigInts. */
  readonly coerce?: boolean | undefined;
}

/**
 * Count promoters, passives and detractors among scores.
 *
 * Accepts arrays, typed arrays (`Uint8Array`, `Float64Array`…), any array-like or iterable.
 * With `weights`, the tally also keeps per-category Σw and Σw² for weighted NPS, the Kish
 * effective sample size and linearised standard errors. Runs in O(n) with one table lookup
 * per score.
 *
 * @param scores - Integer scores on the scheme's scale.
 * @param options - `scheme` (default {@link tenPointScheme}) and optional `weights`.
 * @returns A new {@link Tally}.
 * @throws {@link NpsInputError} `invalid_score` (with the index) for a score off the scale or not
 *   an integer; `invalid_weight` for a weight that is negative, not finite, or positive but
 *   outside 1e-150..1e150 (its square must be representable), or weights whose sum of squares
 *   overflows; `length_mismatch` when weights and scores differ in length; `invalid_input` when
 *   `scores` is not a collection; `invalid_option` when `options` is not an object or `weights`
 *   is not a collection.
 * @example
 * ```ts
 * tally([10, 9, 7, 3, 1]);
 * //=> { promoters: 2, passives: 1, detractors: 2, n: 5 }
 * tally(new Uint8Array([10, 6]), { weights: [2, 1] }).weights?.promoters; //=> 2
 * ```
 */
export function tally(scores: Scores, options?: TallyOptions): Tally {
  checkOptionsObject('tally', options, ['scheme', 'weights', 'coerce']);
  const scheme = resolveScheme(options?.scheme, 'tally');
  return countScores('tally', scores, scheme, options?.weights, options?.coerce === true);
}

/**
 * A tally from counts computed elsewhere (a SQL `GROUP BY`, a CX platform export).
 *
 * @param counts - Non-negative integer counts, and optionally weighted sums.
 * @returns A validated {@link Tally} with `n` filled in.
 * @throws {@link NpsInputError} `invalid_input` when `counts` is not an object; `invalid_count`
 *   for negative, fractional or non-finite counts, and for counts whose total passes 2^53 − 1
 *   (`Number.MAX_SAFE_INTEGER`, beyond which adding counts loses units); `invalid_weight` for weighted sums that are
 *   negative or not finite, or impossible for the counts (a category with no responses must
 *   have Σw = Σw² = 0, otherwise (Σw)²/count ≤ Σw² ≤ (Σw)² within a relative 1e-9).
 * @example
 * ```ts
 * tallyFromCounts({ promoters: 60, passives: 25, detractors: 15 });
 * //=> { promoters: 60, passives: 25, detractors: 15, n: 100 }
 * ```
 */
export function tallyFromCounts(counts: TallyCounts): Tally {
  return checkTally('tallyFromCounts', counts, []);
}

/**
 * Merge tallies by adding their counts (and weighted sums). Associative and commutative, with
 * the empty tally as identity, so partial tallies from anywhere combine exactly (weighted sums
 * are floating-point additions, exact up to rounding in the last bits).
 *
 * @param tallies - Any number of tallies (none gives the empty tally).
 * @returns A new {@link Tally}; weighted if any input is weighted (unweighted inputs then count
 *   as weight 1 per response).
 * @throws {@link NpsInputError} `invalid_input` when an argument is not an object,
 *   `invalid_count` / `invalid_weight` when it is not a valid tally (as {@link tallyFromCounts}),
 *   `invalid_count` when the merged total passes 2^53 − 1 and `invalid_weight` when a merged
 *   weighted sum overflows.
 * @example
 * ```ts
 * mergeTallies(
 *   tallyFromCounts({ promoters: 3, passives: 1, detractors: 1 }),
 *   tallyFromCounts({ promoters: 1, passives: 0, detractors: 2 }),
 * );
 * //=> { promoters: 4, passives: 1, detractors: 3, n: 8 }
 * ```
 */
export function mergeTallies(...tallies: readonly Tally[]): Tally {
  return sumTallies(
    tallies.map((t, i) => checkTally('mergeTallies', t, [i])),
    'mergeTallies',
  );
}

/** @internal A tally from either a tally (validated) or scores (counted). */
export function toTally(fn: string, input: Tally | Scores, scheme: Scheme): Tally {
  if (isTallyLike(input)) return checkTally(fn, input, []);
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: input must be a Tally or a collection of scores, received ${describe(input)}`,
      received: input,
    });
  }
  return countScores(fn, input, scheme);
}
