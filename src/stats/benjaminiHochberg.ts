import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { stableOrder } from '../kernels/order.ts';

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
  // (`unknown`: after the Array.isArray check TypeScript would type the entries `any`)
  const ps: readonly unknown[] = pValues;
  const m0 = ps.length;
  // The non-null p-values (checked) and where they stand; ordered below (stable), then the
  // running minimum from the top. Tied p-values get the same q: the larger multiplier m / i of
  // the earlier ones cannot lower the running minimum set by the last of them.
  const at = new Int32Array(m0);
  const all = new Float64Array(m0);
  let m = 0;
  for (let i = 0; i < m0; i++) {
    const p = ps[i];
    if (p === null) continue;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `benjaminiHochberg: p-value at index ${String(i)} must be a number in [0, 1], received ${describe(p)}`,
        index: i,
        path: [i],
        received: p,
      });
    }
    at[m] = i;
    // (+ 0 reads a p-value of −0 as 0, so no q-value comes out as −0)
    all[m++] = p + 0;
  }
  const vals = all.subarray(0, m);
  const order = stableOrder(vals);
  const out = new Array<number | null>(m0).fill(null);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const j = order[r] ?? 0;
    // (m / i) · p, in R's order of operations, so results match p.adjust bit for bit.
    running = Math.min(running, (m / (r + 1)) * (vals[j] ?? 0));
    out[at[j] ?? 0] = running;
  }
  return out;
}
