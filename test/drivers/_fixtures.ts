// Shared fixtures of the driver tests: checked indexing, tolerance comparison, the swiss data as
// rows and columns, and seeded synthetic survey data.
import { expect } from 'vitest';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import type { DriverRow, ImportanceMetric } from '../../src/index.ts';
import { swiss } from './swiss.ts';

/** Every relative-importance metric. */
export const METRICS: readonly ImportanceMetric[] = [
  'lmg',
  'first',
  'last',
  'betasq',
  'pratt',
  'genizi',
  'car',
  'johnson',
];

/** Checked index (tests avoid non-null assertions). */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`index ${String(i)} out of range`);
  return v;
}

/** Every |actual − expected| ≤ tol, same lengths. */
export function closeAll(
  actual: readonly number[],
  expected: readonly number[],
  tol: number,
): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - at(expected, i))).toBeLessThanOrEqual(tol);
  });
}

/** Relative error |a − b| / |b|. */
export function rel(a: number | undefined, b: number): number {
  return Math.abs((a ?? Number.NaN) - b) / Math.max(1e-300, Math.abs(b));
}

/** Driver names of `swiss`, in column order (the outcome is Fertility). */
export const SWISS_NAMES = [
  'Agriculture',
  'Examination',
  'Education',
  'Catholic',
  'Infant.Mortality',
];

/** `swiss` as rows, Fertility the score; `missing` maps a driver to 0-based rows set to null. */
export function swissRows(missing?: ReadonlyMap<string, readonly number[]>): DriverRow[] {
  return swiss.map((r, i) => ({
    score: at(r, 0),
    ratings: Object.fromEntries(
      SWISS_NAMES.map((n, j) => [n, missing?.get(n)?.includes(i) === true ? null : at(r, j + 1)]),
    ),
  }));
}

/** `swiss` as columns (Float64Array per variable). */
export function swissColumns() {
  return {
    score: Float64Array.from(swiss.map((r) => at(r, 0))),
    ratings: new Map(
      SWISS_NAMES.map((n, i) => [n, Float64Array.from(swiss.map((r) => at(r, i + 1)))]),
    ),
  };
}

/** A synthetic row with numeric ratings d0, d1, … */
export interface NumRow {
  score: number;
  ratings: Record<string, number>;
}

/**
 * n rows of p correlated drivers d0…d(p−1) (a common factor with loading `common`) and
 * score = Σ coefsⱼ dⱼ + N(0, 1) (default coefficients (j + 1) / p).
 */
export function randomRows(
  seed: number,
  n: number,
  p: number,
  coefs?: readonly number[],
  common = 0.6,
): NumRow[] {
  const rng = seededRandom(seed);
  const rows: NumRow[] = [];
  for (let i = 0; i < n; i++) {
    const f = normalDraw(rng);
    const x = Array.from({ length: p }, () => common * f + normalDraw(rng));
    const score = x.reduce((s, v, j) => s + v * (coefs?.[j] ?? (j + 1) / p), 0) + normalDraw(rng);
    rows.push({ score, ratings: Object.fromEntries(x.map((v, j) => [`d${String(j)}`, v])) });
  }
  return rows;
}
