// Small dense linear-algebra kernel for symmetric matrices stored row-major in Float64Array.
// Internal: no validation beyond what the callers need; every routine is allocation-light.

/**
 * Cholesky factorisation A = L Lᵀ of a symmetric n×n matrix (row-major). Returns the lower
 * factor, or the index of the first pivot that is not positive relative to `tolerance` times
 * the original diagonal entry (a singular or indefinite matrix); `failedAt` is −1 on success.
 */
export function cholesky(
  a: Float64Array,
  n: number,
  tolerance = 1e-10,
): { readonly l: Float64Array; readonly failedAt: number } {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) {
      const v = l[j * n + k] ?? 0;
      d -= v * v;
    }
    const original = a[j * n + j] ?? 0;
    if (!(d > tolerance * Math.abs(original)) || !(d > 0)) return { l, failedAt: j };
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      l[i * n + j] = s / ljj;
    }
  }
  return { l, failedAt: -1 };
}

/** Solve L Lᵀ x = b given the Cholesky factor L (row-major n×n). */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i] ?? 0;
  }
  return inv;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations (Golub & Van Loan,
 * Matrix Computations, §8.5). Returns eigenvalues and the eigenvectors as the columns of `vectors`
 * (row-major), accurate to a few ulps for the small, well-conditioned matrices used here.
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
): { readonly values: Float64Array; readonly vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const x = m[p * n + q] ?? 0;
        off += x * x;
      }
    if (off === 0 || off < 1e-300) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q] ?? 0;
        if (apq === 0) continue;
        const app = m[p * n + p] ?? 0;
        const aqq = m[q * n + q] ?? 0;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p] ?? 0;
          const mkq = m[k * n + q] ?? 0;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k] ?? 0;
          const mqk = m[q * n + k] ?? 0;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i] ?? 0;
  return { values, vectors: v };
}

/**
 * A symmetric matrix function V f(Λ) Vᵀ from an eigen-decomposition, e.g. the square root
 * (f = √) or inverse square root (f = 1/√) of a positive-definite matrix.
 */
export function symmetricFunction(
  eigen: { readonly values: Float64Array; readonly vectors: Float64Array },
  n: number,
  f: (lambda: number) => number,
): Float64Array {
  const out = new Float64Array(n * n);
  const { values, vectors } = eigen;
  for (let k = 0; k < n; k++) {
    const fk = f(values[k] ?? 0);
    for (let i = 0; i < n; i++) {
      const vik = (vectors[i * n + k] ?? 0) * fk;
      for (let j = 0; j < n; j++)
        out[i * n + j] = (out[i * n + j] ?? 0) + vik * (vectors[j * n + k] ?? 0);
    }
  }
  return out;
}
