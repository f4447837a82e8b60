import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rank, shrinkage } from '../../src/hierarchy/shrinkage.ts';
import { rep, storeTree, unequal } from './_fixtures.ts';

const h = buildHierarchy(storeTree());

describe('shrinkage and rank', () => {
  it('hand-computed method-of-moments τ² and posterior means', () => {
    // a: 10 P; b: 10 D; c: 5 P 5 D → parent 15/15: mean 0, σ² = 1, vᵢ = 1/10, wᵢ = 10.
    // Q = 10·1 + 10·1 + 0 = 20, k = 3, Σw = 30 → τ² = 17/30; B = (17/30)/(17/30 + 3/30) = 0.85.
    const r = rollup(h, [
      ...rep('a', 10, 10),
      ...rep('b', 1, 10),
      ...rep('c', 9, 5),
      ...rep('c', 2, 5),
    ]);
    const s = shrinkage(r, { level: 'store' });
    expect(s.depth).toBe(1);
    expect(s.tau2).toBeCloseTo((1e4 * 17) / 30, 9);
    expect(s.units.map((u) => u.id)).toEqual(['a', 'b', 'c']);
    expect(s.units[0]?.reliability).toBeCloseTo(0.85, 12);
    expect(s.units[0]?.shrunk).toBeCloseTo(85, 10);
    expect(s.units[1]?.shrunk).toBeCloseTo(-85, 10);
    expect(s.units[2]?.shrunk).toBe(0);
  });

  it('unequal units agree with an independent R computation', () => {
    // R: x <- (P-D)/m; mu <- (sum(P)-sum(D))/sum(m); s2 <- (sum(P)+sum(D))/sum(m) - mu^2
    //    v <- s2/m; w <- 1/v; Q <- sum(w*(x-mu)^2); tau2 <- max(0,(Q-3)/sum(w)); B <- tau2/(tau2+v)
    //    1e4*tau2 = 344.1629; 100*(B*x+(1-B)*mu) = 47.13274 10.56931 30.16174; B = 0.5921616 0.3485043 0.7822143
    const s = shrinkage(rollup(h, unequal));
    expect(s.tau2).toBeCloseTo(344.1629, 3);
    expect(s.units.map((u) => u.shrunk)).toEqual([
      expect.closeTo(47.13274, 4),
      expect.closeTo(10.56931, 4),
      expect.closeTo(30.16174, 4),
    ]);
    expect(s.units.map((u) => u.reliability)).toEqual([
      expect.closeTo(0.5921616, 6),
      expect.closeTo(0.3485043, 6),
      expect.closeTo(0.7822143, 6),
    ]);
  });

  it('a store with few lucky answers does not top the league when ranked by shrunk NPS', () => {
    // a: 40 P 10 D (NPS 60); b: 2 P (NPS 100); c: 20 P 20 D (0)
    const r = rollup(h, [
      ...rep('a', 10, 40),
      ...rep('a', 1, 10),
      ...rep('b', 9, 2),
      ...rep('c', 9, 20),
      ...rep('c', 1, 20),
    ]);
    expect(rank(r, { level: 'store', by: 'nps' }).map((u) => u.id)).toEqual(['b', 'a', 'c']);
    expect(rank(r, { level: 'store' }).map((u) => u.id)[0]).toBe('a');
    expect(rank(r, { level: 1, by: 'lowerBound' }).map((u) => u.id)[0]).toBe('a');
  });

  it('ties share a rank; bad levels throw', () => {
    const r = rollup(h, [...rep('a', 10, 3), ...rep('b', 10, 3), ...rep('c', 1, 1)]);
    expect(rank(r, { by: 'nps' }).map((u) => u.rank)).toEqual([1, 1, 3]);
    expect(() => shrinkage(r, { level: 'region' })).toThrow(NpsInputError);
    expect(() => rank(r, { level: 5 })).toThrow(NpsInputError);
    expect(() => rank(r, { by: 'mean' as never })).toThrow(NpsInputError);
  });
});
