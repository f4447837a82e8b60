import { differenceOf, type NpsComparison, type NpsDifference } from '../core/compareNps.ts';
import { benjaminiHochberg } from './benjaminiHochberg.ts';

/**
 * A comparison of two NPS values with its Benjamini–Hochberg q-value among a family of
 * comparisons. `difference`, `low`, `high` and `se` are in NPS points.
 */
export interface AdjustedComparison extends NpsDifference {
  /** Benjamini–Hochberg adjusted p-value (0..1) across the family of comparisons. */
  readonly qValue: number;
}

/**
 * @internal Attach Benjamini–Hochberg q-values, computed across the whole list (one family),
 * to comparisons; `null` entries (comparisons not made) stay `null` and are not counted.
 */
export function adjustComparisons(
  list: readonly (NpsComparison | null)[],
): (AdjustedComparison | null)[] {
  const q = benjaminiHochberg(list.map((c) => c?.pValue ?? null));
  return list.map((c, i) => (c === null ? null : differenceOf(c, q[i] ?? 1)));
}
