/**
 * @internal The stable ascending order of `values`: the permutation `o` with
 * `values[o[0]] ≤ values[o[1]] ≤ …`, equal values in input order (R's `order()`). For the
 * thousands of p-values of a rollup, a merge sort of the indices on typed arrays is several
 * times faster than `Array.prototype.sort` with a comparator, and equal values need no special
 * case. `values` must not contain NaN.
 */
export function stableOrder(values: Float64Array): Int32Array {
  const n = values.length;
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  // insertion sort on runs of RUN, then bottom-up merges between two buffers
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = src[i] ?? 0;
      const v = values[x] ?? 0;
      let j = i - 1;
      while (j >= lo && (values[src[j] ?? 0] ?? 0) > v) {
        src[j + 1] = src[j] ?? 0;
        j--;
      }
      src[j + 1] = x;
    }
  }
  let dst = new Int32Array(n);
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n);
      const hi = Math.min(lo + 2 * w, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = src[i] ?? 0;
        const b = src[j] ?? 0;
        // `<`, not `<=`: on a tie the left (earlier) index goes first, so the sort is stable
        if ((values[b] ?? 0) < (values[a] ?? 0)) {
          dst[k++] = b;
          j++;
        } else {
          dst[k++] = a;
          i++;
        }
      }
      while (i < mid) dst[k++] = src[i++] ?? 0;
      while (j < hi) dst[k++] = src[j++] ?? 0;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
