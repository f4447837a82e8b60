import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import { shapley, shapleySample } from '../../src/index.ts';

function rowsOf(seed: number, n: number, p: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const common = normalDraw(rng);
    const x = Array.from({ length: p }, () => 0.5 * common + normalDraw(rng));
    const score = x.reduce((s, v, j) => s + ((j % 4) + 1) * 0.3 * v, 0) + normalDraw(rng);
    return { score, ratings: Object.fromEntries(x.map((v, j) => [`d${String(j)}`, v])) };
  });
}

describe('shapleySample', () => {
  it('estimates the exact LMG within a few standard errors, and sums to R²', () => {
    const rows = rowsOf(1, 400, 8);
    const exact = shapley(rows);
    const est = shapleySample(rows, { seed: 7, permutations: 4000 });
    expect(Math.abs(est.drivers.reduce((s, d) => s + d.raw, 0) - exact.r2)).toBeLessThan(1e-12);
    est.drivers.forEach((d, j) => {
      const e = exact.drivers[j]?.raw ?? Number.NaN;
      expect(d.se).toBeGreaterThan(0);
      expect(Math.abs(d.raw - e)).toBeLessThan(4 * d.se + 1e-12);
    });
  });

  it('is reproducible for a seed; runs above the exact limit (p = 30)', () => {
    const rows = rowsOf(2, 300, 30);
    expect(() => shapley(rows)).toThrow(/shapleySample/);
    const a = shapleySample(rows, { seed: 3, permutations: 200 });
    const b = shapleySample(rows, { seed: 3, permutations: 200 });
    expect(a).toEqual(b);
    expect(a.drivers).toHaveLength(30);
    expect(Math.abs(a.drivers.reduce((s, d) => s + d.raw, 0) - a.r2)).toBeLessThan(1e-12);
  });

  it('requires a seed', () => {
    expect(() => shapleySample(rowsOf(1, 50, 3), { seed: undefined as unknown as number })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });
});
