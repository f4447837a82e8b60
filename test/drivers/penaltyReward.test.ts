import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import { penaltyReward } from '../../src/index.ts';

describe('penaltyReward', () => {
  it('one driver: penalty and reward are differences of group means from the middle group', () => {
    const rows = [
      { score: 2, ratings: { speed: 3 } },
      { score: 4, ratings: { speed: 5 } },
      { score: 7, ratings: { speed: 7 } },
      { score: 9, ratings: { speed: 8 } },
      { score: 10, ratings: { speed: 9 } },
      { score: 10, ratings: { speed: 10 } },
      { score: 8, ratings: { speed: null } },
    ];
    const r = penaltyReward(rows);
    const d = r.drivers[0];
    // low mean 3, middle mean 8, high mean 10 → penalty −5, reward 2
    expect(d?.penalty).toBeCloseTo(-5, 12);
    expect(d?.reward).toBeCloseTo(2, 12);
    expect(d?.lowShare).toBeCloseTo(2 / 6, 14);
    expect(d?.highShare).toBeCloseTo(2 / 6, 14);
    expect(d?.factor).toBe('basic');
    expect(r.n).toBe(6);
    expect(r.excluded).toBe(1);
  });

  it('three drivers: the joint dummy regression matches lm() in R (datasets::attitude)', () => {
    // datasets::attitude (Chatterjee & Price 1977; shipped with base R): rating, complaints,
    // learning, raises per department. Reference: Rscript test/drivers/reference/penaltyReward.R
    // (lm(rating ~ low/high dummies), low = 55, high = 70), R 4.2.2.
    const data = [
      [43, 51, 39, 61],
      [63, 64, 54, 63],
      [71, 70, 69, 76],
      [61, 63, 47, 54],
      [81, 78, 66, 71],
      [43, 55, 44, 54],
      [58, 67, 56, 66],
      [71, 75, 55, 70],
      [72, 82, 67, 71],
      [67, 61, 47, 62],
      [64, 53, 58, 58],
      [67, 60, 39, 59],
      [69, 62, 42, 55],
      [68, 83, 45, 59],
      [77, 77, 72, 79],
      [81, 90, 72, 60],
      [74, 85, 69, 79],
      [65, 60, 75, 55],
      [65, 70, 57, 75],
      [50, 58, 54, 64],
      [50, 40, 34, 43],
      [64, 61, 62, 66],
      [53, 66, 50, 63],
      [40, 37, 58, 50],
      [63, 54, 48, 66],
      [66, 77, 63, 88],
      [78, 75, 74, 80],
      [48, 57, 45, 51],
      [85, 85, 71, 77],
      [82, 82, 59, 64],
    ];
    const rows = data.map(([rating, complaints, learning, raises]) => ({
      score: rating ?? Number.NaN,
      ratings: { complaints, learning, raises },
    }));
    const r = penaltyReward(rows, { low: 55, high: 70 });
    const coef = [
      -8.6622042532298025, 12.001495995335562, -1.9758876238990979, 7.426051799797464,
      -5.4046398870715384, -3.2135053855832032,
    ];
    r.drivers.forEach((d, j) => {
      expect(Math.abs(d.penalty - (coef[2 * j] ?? Number.NaN))).toBeLessThan(1e-11);
      expect(Math.abs(d.reward - (coef[2 * j + 1] ?? Number.NaN))).toBeLessThan(1e-11);
    });
    expect(Math.abs(r.r2 - 0.71172090067735783)).toBeLessThan(1e-12);
    r.drivers.forEach((d, j) => {
      expect(Math.abs(d.lowShare - ([6, 14, 7][j] ?? Number.NaN) / 30)).toBeLessThan(1e-15);
      expect(Math.abs(d.highShare - ([13, 5, 10][j] ?? Number.NaN) / 30)).toBeLessThan(1e-15);
    });
    // complaints: reward 12.0 ≥ 2 × 8.7? no → performance; learning: 7.4 ≥ 2 × 2.0 → excitement;
    // raises: penalty 5.4, reward negative → basic
    expect(r.drivers.map((d) => d.factor)).toEqual(['performance', 'excitement', 'basic']);
  });

  it('recovers simulated basic, performance and excitement factors', () => {
    const rng = seededRandom(3);
    const rows = Array.from({ length: 4000 }, () => {
      const rate = (): number => 1 + Math.floor(rng() * 10);
      const a = rate();
      const b = rate();
      const c = rate();
      const effect = (v: number, pen: number, rew: number): number =>
        v <= 6 ? pen : v >= 9 ? rew : 0;
      const score =
        50 + effect(a, -20, 2) + effect(b, -10, 10) + effect(c, -2, 20) + normalDraw(rng);
      return { score, ratings: { a, b, c } };
    });
    const r = penaltyReward(rows);
    expect(r.drivers.map((d) => d.factor)).toEqual(['basic', 'performance', 'excitement']);
    expect(r.drivers[0]?.penalty).toBeCloseTo(-20, 0);
    expect(r.drivers[2]?.reward).toBeCloseTo(20, 0);
  });

  it('errors: no low ratings, bad cut points', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ score: i, ratings: { a: 7 + (i % 4) } }));
    expect(() => penaltyReward(rows)).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: penaltyReward: driver "a" must have some but not all complete rows rated at or below 6, received none]`,
    );
    expect(() => penaltyReward(rows, { low: 9, high: 9 })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });
});
