import { describe, expect, it } from 'vitest';
import { shapley, shapleySample } from '../../src/index.ts';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';

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

  it('refuses too much work up front with too_large (the issue: 1e7 permutations were accepted)', () => {
    const rows = rowsOf(1, 50, 3);
    // 1e7 orderings of 3 drivers: 9e7 multiply-adds, within the 1e10 limit (about 0.5 s), so
    // the bound is on work, not on the count alone: 4e10 / 27 orderings of 3 drivers is refused.
    const t0 = performance.now();
    let code = '';
    try {
      shapleySample(rows, { seed: 1, permutations: 1.5e9 });
    } catch (e) {
      code = (e as { code?: string }).code ?? '';
      expect((e as Error).message).toMatch(
        /permutations × drivers³ \/ 3 must be at most 10000000000, received 13500000000/,
      );
    }
    expect(code).toBe('too_large');
    expect(performance.now() - t0).toBeLessThan(500);
    // 2000 orderings (the default) of 250 drivers: 1.04e10 > 1e10, refused before the model is fit
    const wide = {
      drivers: Array.from({ length: 250 }, (_, j) => `d${String(j)}`),
      outcome: 'score' as const,
      n: 1000,
      excludedN: 0,
      means: new Array<number>(251).fill(0),
      comoments: Array.from({ length: 251 * 251 }, (_, i) => (i % 252 === 0 ? 1000 : 0)),
    };
    const t1 = performance.now();
    expect(() => shapleySample(wide, { seed: 1 })).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
    expect(performance.now() - t1).toBeLessThan(2000);
  });
});
