import { NpsInputError } from '../errors.ts';
import { checkOptionsObject } from '../kernels/validate.ts';
import type { SchemeOptions } from './classify.ts';
import { resolveScheme } from './resolveScheme.ts';
import type { NpsBase } from './scheme.ts';
import { type Scores, type Tally, toTally } from './tally.ts';

/**
 * The NPS of a tally under a base, on −100..100, or `null` when the base is empty. Computed with
 * one division, `100 × (P − D) / base`, which is correctly rounded where `(P − D) / base × 100`
 * is not. Weighted tallies use the weighted sums; there 100·x / x can round to 1 ulp past 100
 * (x = 5.951282213072364 gives 100.00000000000001), so the result is clamped to ±100.
 * @internal
 */
export function npsOfTally(t: Tally, base: NpsBase): number | null {
  const w = t.weights;
  const p = w ? w.promoters : t.promoters;
  const d = w ? w.detractors : t.detractors;
  const denom = base === 'all' ? p + d + (w ? w.passives : t.passives) : p + d;
  if (denom === 0) return null;
  return Math.max(-100, Math.min(100, (100 * (p - d)) / denom));
}

/** @internal The error for the NPS of an empty base (`which` names the argument, e.g. `'b'`). */
export function emptyBase(fn: string, t: Tally, base: NpsBase, which?: string): NpsInputError {
  const inBase = base === 'all' ? t.n : t.promoters + t.detractors;
  const why =
    t.n === 0
      ? 'there are no responses'
      : inBase === 0
        ? `all ${String(t.n)} responses are passives, which this scheme leaves out of the base`
        : `all ${String(inBase)} responses in the base carry zero weight`;
  return new NpsInputError({
    code: 'empty',
    message: `${fn}: the NPS${which === undefined ? '' : ` of ${which}`} needs at least one respondent in its base, but ${why}`,
    received: t,
    ...(which === undefined ? {} : { path: [which] }),
  });
}

/**
 * The Net Promoter Score, on −100..100.
 *
 * Under the default ten-point scheme NPS = 100 × (P − D) / (P + D) (passives left out); under a
 * scheme with base `'all'` (e.g. {@link classicScheme}) NPS = 100 × (P − D) / (P + Pa + D). With a
 * weighted tally the counts are replaced by sums of weights. One division is used, so results
 * are correctly rounded (16.666666666666668, not …664).
 *
 * @param input - A {@link Tally} or the scores themselves.
 * @param options - `scheme` (default {@link tenPointScheme}).
 * @returns The NPS, a number in [−100, 100].
 * @throws {@link NpsInputError} `empty` when the base has no respondents (no responses, or
 *   passives only under the ten-point scheme); `invalid_score` for a bad score; `invalid_input`
 *   when `input` is neither a tally nor a collection of scores; `invalid_count` /
 *   `invalid_weight` for a malformed tally; `invalid_option` when `options` is not an object.
 * @example
 * ```ts
 * nps([10, 9, 8, 7, 3]); //=> 50   (3 promoters, 1 detractor; the passive is outside the base)
 * nps([10, 9, 8, 3], { scheme: classicScheme }); //=> 25
 * nps(tallyFromCounts({ promoters: 50, passives: 30, detractors: 20 })); //=> 42.857142857142854
 * ```
 */
export function nps(input: Tally | Scores, options?: SchemeOptions): number {
  checkOptionsObject('nps', options, ['scheme']);
  const scheme = resolveScheme(options?.scheme, 'nps');
  const t = toTally('nps', input, scheme);
  const value = npsOfTally(t, scheme.base);
  if (value === null) throw emptyBase('nps', t, scheme.base);
  return value;
}
