import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rep, storeTree, unequal } from './_fixtures.ts';

const h = buildHierarchy(storeTree());

describe('funnel', () => {
  it('hand-computed limits (Spiegelhalter 2005)', () => {
    // a: 100 P; b: 100 D; c: 50 P 50 D → target 0, σ₀ = 1, m = 100 → se = 10 NPS points.
    const f = funnel(
      rollup(h, [
        ...rep('a', 10, 100),
        ...rep('b', 1, 100),
        ...rep('c', 9, 50),
        ...rep('c', 1, 50),
      ]),
      { level: 'store' },
    );
    expect(f.target).toBe(0);
    expect(f.sd).toBe(100);
    // qnorm(0.975) = 1.959963984540054, qnorm(0.999) = 3.090232306167813 (R)
    expect(f.units[2]?.inner[1]).toBeCloseTo(19.59963984540054, 10);
    expect(f.units[2]?.outer[0]).toBeCloseTo(-30.90232306167813, 10);
    expect(f.units.map((u) => u.position)).toEqual(['above-outer', 'below-outer', 'within']);
  });

  it('unequal units and custom coverage agree with an independent R computation', () => {
    // R: P <- c(30,5,61); D <- c(8,9,33); m <- P + D; p0 <- sum(P)/sum(m); d0 <- sum(D)/sum(m)
    //    th <- 100*(p0-d0); s0 <- sqrt(p0+d0-(p0-d0)^2)
    //    th + c(-1,1)*qnorm(0.95)*100*s0/sqrt(m[i]);  th + c(-1,1)*qnorm(0.995)*100*s0/sqrt(m[i])
    const f = funnel(rollup(h, unequal), { coverage: [0.9, 0.99] });
    expect(f.target).toBeCloseTo(31.506849315068493, 12);
    expect(f.sd).toBeCloseTo(94.90689356541793, 10);
    expect(f.units.map((u) => u.baseN)).toEqual([38, 14, 94]);
    const r = [
      [6.182796, 56.8309, -8.150441, 71.16414],
      [-10.21475, 73.22845, -33.82889, 96.84259],
      [15.40554, 47.60815, 6.292317, 56.72138],
    ];
    f.units.forEach((u, i) => {
      const [il, ih, ol, oh] = r[i] ?? [];
      expect(u.inner[0]).toBeCloseTo(il ?? Number.NaN, 4);
      expect(u.inner[1]).toBeCloseTo(ih ?? Number.NaN, 4);
      expect(u.outer[0]).toBeCloseTo(ol ?? Number.NaN, 4);
      expect(u.outer[1]).toBeCloseTo(oh ?? Number.NaN, 4);
    });
    // a: 57.89 (between 56.83 and 71.16), b: −28.57, c: 29.79
    expect(f.units.map((u) => u.position)).toEqual(['above-inner', 'below-inner', 'within']);
  });

  it('positions between the limits; bad options', () => {
    // a: 39 P 21 D (m 60, +30), b: 21 P 39 D (−30): target 0, se = 100/√60 ≈ 12.91:
    // inner ±25.30, outer ±39.90
    const f = funnel(
      rollup(h, [...rep('a', 10, 39), ...rep('a', 1, 21), ...rep('b', 10, 21), ...rep('b', 1, 39)]),
      { level: 1 },
    );
    expect(f.units.map((u) => u.position)).toEqual(['above-inner', 'below-inner']);
    const r = rollup(h, rep('a', 10, 3));
    expect(() => funnel(r, { level: 'region' })).toThrow(NpsInputError);
    expect(() => funnel(r, { coverage: [0.95, 1] })).toThrow(NpsInputError);
  });
});
