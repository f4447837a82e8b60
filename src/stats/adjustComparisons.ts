import type { NpsComparison, NpsDifference } from '../core/compareNps.ts';
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
  // (the fields written out: a spread of a fresh object costs more than the comparison itself)
  return list.map((c, i) =>
    c === null
      ? null
      : {
          difference: c.difference,
          low: c.low,
          high: c.high,
          se: c.se,
          z: c.z,
          pValue: c.pValue,
          qValue: q[i] ?? 1,
        },
  );
}
