import { describe } from '../_lib/describe.ts';
import { NpsInputError } from '../errors.ts';

/**
 * Benjamini–Hochberg adjusted p-values (q-values) controlling the false discovery rate.
 *
 * Method: sort the m p-values ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎; then
 * q₍ᵢ₎ = min over j ≥ i of min(1, (m / j) · p₍ⱼ₎), returned in the input order. A test is a
 * discovery at FDR level α when q ≤ α. `null` entries (tests that could not be run, e.g. an
 * empty group) are passed through as `null` and do not count in m.
 * Source: Y. Benjamini and Y. Hochberg (1995), "Controlling the false discovery rate: a
 * practical and powerful approach to multiple testing", JRSS B 57(1), 289–300; identical to
 * R's `p.adjust(p, method = "BH")`.
 *
 * @param pValues - p-values in [0, 1] (or `null` for tests not run).
 * @returns q-values in the same order (`null` where the input was `null`).
 * @throws {@link NpsInputError} `invalid_input` for a p-value outside [0, 1] or NaN.
 * @example
 * ```ts
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.2]); //=> [0.04, 0.05333333333333333, 0.05333333333333333, 0.2]
 * benjaminiHochberg([0.5, null]); //=> [0.5, null]
 * ```
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  if (!Array.isArray(pValues)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `benjaminiHochberg: pValues must be an array of numbers in [0, 1], received ${describe(pValues)}`,
      received: pValues,
    });
  }
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `benjaminiHochberg: p-value at index ${String(i)} must be a number in [0, 1], received ${describe(p)}`,
        index: i,
        path: [i],
        received: p,
      });
    }
    idx.push(i);
  });
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  idx.sort((a, b) => (pValues[a] ?? 0) - (pValues[b] ?? 0));
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r] ?? 0;
    // (m / i) · p, in R's order of operations, so results match p.adjust bit for bit.
    running = Math.min(running, (m / (r + 1)) * (pValues[i] ?? 0));
    out[i] = running;
  }
  return out;
}
