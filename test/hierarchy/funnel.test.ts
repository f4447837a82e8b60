import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rep, storeTree } from './_fixtures.ts';

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
