import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/_lib/random.ts';
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
