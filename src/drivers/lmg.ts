// Exact LMG / Shapley decomposition of R² over all 2^p subsets, by a depth-first traversal that
// carries the partial (residual) correlations of the drivers still to add (sweep updates).

/** The largest number of drivers for which the exact all-subsets decomposition is run. */
export const MAX_EXACT_DRIVERS = 24;

/**
 * One sweep step of the subset traversal (Goodnight 1979): from the residual matrix of a node
 * at `buf[mo…]` (upper triangle, rows/columns j..p, outcome last), write the residual matrix after
 * adding driver j at `buf[co…]`, for the drivers after j and the outcome:
 * c'_ab = c_ab − c_aj c_jb / c_jj (a ≤ b, a > j).
 */
function sweep(buf: Float64Array, mo: number, co: number, j: number, p: number, s: number): void {
  const rowJ = mo + j * s;
  const inv = 1 / (buf[rowJ + j] as number);
  for (let a = j + 1; a < p; a++) {
    const rowA = a * s;
    const f = (buf[rowJ + a] as number) * inv;
    for (let c = a; c <= p; c++)
      buf[co + rowA + c] = (buf[mo + rowA + c] as number) - f * (buf[rowJ + c] as number);
  }
}

/**
 * @internal LMG shares of R² for p drivers.
 *
 * `corr` is the (p + 1) × (p + 1) row-major correlation matrix with the drivers first and the
 * outcome LAST (index p). Returns the LMG value of each driver (they sum to the full-model R²).
 *
 * Method. For every subset S, LMG_j = Σ_{S∌j} w(|S|) [R²(S ∪ j) − R²(S)] with
 * w(k) = k! (p − k − 1)! / p! (Lindeman, Merenda & Gold 1980; Grömping 2006). Collecting the
 * terms of each subset, LMG_j = Σ_{S∋j} (w(|S| − 1) + w(|S|)) R²(S) − Σ_S w(|S|) R²(S), with
 * w(p) = 0. The first sum is accumulated through the subtree sums of the traversal (one add per
 * subset), the second by subset size. Subsets are visited in lexicographic depth-first order; a
 * node holds the residual covariance (in correlation units) of the outcome and of the drivers
 * after the node's last driver, given the node's subset. Adding driver j sweeps on j:
 * R²(S ∪ j) = R²(S) + c_jy² / c_jj and c'_kl = c_kl − c_kj c_jl / c_jj (Goodnight 1979), which
 * costs on average about three multiply-adds per subset. Scratch: one matrix per depth,
 * allocated once.
 */
export function lmgExact(corr: Float64Array, p: number): Float64Array {
  const s = p + 1;
  // w(k) for k = 0..p (w(p) = 0), via 1 / (p · C(p − 1, k)).
  const w = new Float64Array(p + 2);
  let binom = 1;
  for (let k = 0; k < p; k++) {
    w[k] = 1 / (p * binom);
    binom = (binom * (p - 1 - k)) / (k + 1);
  }
  // coef[k] = w(k − 1) + w(k) for a subset of size k ≥ 1.
  const coef = new Float64Array(p + 1);
  for (let k = 1; k <= p; k++) coef[k] = (w[k - 1] ?? 0) + (w[k] ?? 0);
  // One s×s scratch matrix per depth, in a single buffer: depth d starts at d·s².
  const ss = s * s;
  const buf = new Float64Array((p + 1) * ss);
  buf.set(corr);
  const sumBySize = new Float64Array(p + 1);
  const b = new Float64Array(p);

  // Visit the children of node (depth = |S|, matrix at buf[depth·s²], R² = r2), whose candidates
  // are drivers first..p−1. Returns the sum of coef·R² over all proper descendants.
  const visit = (depth: number, first: number, r2: number): number => {
    const mo = depth * ss;
    const co = mo + ss;
    const k = depth + 1;
    const ck = coef[k] ?? 0;
    let total = 0;
    let sizeSum = 0;
    for (let j = first; j < p; j++) {
      const rowJ = mo + j * s;
      const piv = buf[rowJ + j] as number;
      const cjy = buf[rowJ + p] as number;
      const r2c = r2 + (cjy * cjy) / piv;
      sizeSum += r2c;
      let sub = ck * r2c;
      if (j + 1 < p) {
        sweep(buf, mo, co, j, p, s);
        sub += visit(k, j + 1, r2c);
      }
      b[j] = (b[j] ?? 0) + sub;
      total += sub;
    }
    sumBySize[k] = (sumBySize[k] ?? 0) + sizeSum;
    return total;
  };
  visit(0, 0, 0);
  let common = 0;
  for (let k = 1; k < p; k++) common += (w[k] ?? 0) * (sumBySize[k] ?? 0);
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) out[j] = (b[j] ?? 0) - common;
  return out;
}

/**
 * @internal R² of every subset of the p drivers, indexed by bit mask (bit j = driver j), by the
 * same depth-first sweep traversal as {@link lmgExact}. `corr` as there (outcome last).
 */
export function allSubsetsR2(corr: Float64Array, p: number): Float64Array {
  const s = p + 1;
  const ss = s * s;
  const buf = new Float64Array((p + 1) * ss);
  buf.set(corr);
  const out = new Float64Array(2 ** p);
  const visit = (depth: number, first: number, r2: number, mask: number): void => {
    const mo = depth * ss;
    const co = mo + ss;
    for (let j = first; j < p; j++) {
      const rowJ = mo + j * s;
      const piv = buf[rowJ + j] as number;
      const cjy = buf[rowJ + p] as number;
      const r2c = r2 + (cjy * cjy) / piv;
      const m = mask + 2 ** j;
      out[m] = r2c;
      if (j + 1 < p) {
        sweep(buf, mo, co, j, p, s);
        visit(depth + 1, j + 1, r2c, m);
      }
    }
  };
  visit(0, 0, 0, 0);
  return out;
}
