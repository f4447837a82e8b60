import { resolveScheme } from './resolveScheme.ts';
import type { Scheme } from './scheme.ts';

export type { NpsCategory, SchemeOptions } from '../types.ts';

import { invalidScore } from '../kernels/scores.ts';
import type { NpsCategory } from '../types.ts';

/**
 * Classify one likelihood-to-recommend score as promoter, passive or detractor.
 *
 * Scores must be integers on the scheme's scale; nothing is rounded into a band (6.5 is an
 * error, not a passive).
 *
 * @param score - The answer, an integer on the scheme's scale.
 * @param scheme - The scoring scheme (default {@link tenPointScheme}: 8–10 / 6–7 / 1–5).
 * @returns `'promoter'`, `'passive'` or `'detractor'`.
 * @throws {@link NpsInputError} with code `invalid_score` for NaN, non-numbers, non-integers and
 *   scores off the scale.
 * @example
 * ```ts
 * classify(8); //=> 'promoter'   (ten-point scheme: 8–10)
 * classify(7); //=> 'passive'
 * classify(8, classicScheme); //=> 'passive'   (classic: 9–10 promote)
 * ```
 */
export function classify(score: number, scheme?: Scheme): NpsCategory {
  const s = resolveScheme(scheme, 'classify', 'scheme');
  if (
    typeof score !== 'number' ||
    !Number.isInteger(score) ||
    score < s.scale[0] ||
    score > s.scale[1]
  ) {
    throw invalidScore('classify', score, s);
  }
  if (score >= s.promoters[0] && score <= s.promoters[1]) return 'promoter';
  if (score >= s.passives[0] && score <= s.passives[1]) return 'passive';
  return 'detractor';
}
