import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally } from '../../src/core/tally.ts';
import { normalCdf } from '../../src/kernels/normal.ts';
import { makeTally } from '../../src/kernels/tallies.ts';
import { windowTestP } from '../../src/trend/windowTest.ts';

const PD = 'promoters-and-detractors';

describe('windowTestP (mid-p of the exact conditional test)', () => {
  // References: test/reference/windowTestMidp.R (R 4.2.2, stats::phyper / dhyper, and a
  // brute-force enumeration of the 2 × 3 table for the classic scheme).
  it('ten-point scheme: Fisher mid-p of the promoters × detractors table, as R', () => {
    const cases: [number, number, number, number, number, number, number][] = [
      // recent P, D; reference P, D; drop, rise, both
      [20, 60, 180, 60, 1.3309798898056917e-15, 0.99999999999999867, 2.6619597796113835e-15],
      [30, 20, 200, 80, 0.057120574439043156, 0.94287942556095661, 0.11424114887808631],
      [20, 60, 60, 20, 8.3980979899661493e-11, 0.99999999991601907, 1.6796195979932299e-10],
    ];
    for (const [p1, d1, p2, d2, drop, rise, both] of cases) {
      const a = makeTally(p1, 7, d1); // passives are outside the base: they change nothing
      const b = makeTally(p2, 3, d2);
      expect(windowTestP(a, b, PD, 'drop')?.p).toBeCloseTo(drop, drop < 1e-6 ? 24 : 12);
      expect(windowTestP(a, b, PD, 'rise')?.p).toBeCloseTo(rise, 12);
      expect(windowTestP(a, b, PD, 'both')?.p).toBeCloseTo(both, both < 1e-6 ? 24 : 12);
      // Relative precision in the far tail, where Benjamini–Hochberg works.
      expect((windowTestP(a, b, PD, 'drop')?.p ?? 0) / drop).toBeCloseTo(1, 9);
    }
  });

  it('classic scheme: T = P − D of the recent side given the pooled counts, as R', () => {
    const r = windowTestP(makeTally(10, 5, 8), makeTally(40, 20, 15), 'all', 'both');
    expect(r?.p).toBeCloseTo(0.21566764327690738, 12);
    expect(windowTestP(makeTally(10, 5, 8), makeTally(40, 20, 15), 'all', 'drop')?.p).toBeCloseTo(
      0.10783382163845369,
      12,
    );
  });

  it('the statistic is the uncorrected pooled score z (by hand)', () => {
    // Pooled P 200, D 120 of 320 → 0.25, σ² = 1 − 0.25² = 0.9375; 1/80 + 1/240 = 1/60;
    // se = √(0.9375/60) = 0.125; d = −0.5 − 0.5 = −1: z = −8.
    const r = windowTestP(makeTally(20, 0, 60), makeTally(180, 0, 60), PD, 'both');
    expect(r?.z).toBeCloseTo(-8, 12);
  });

  it('weighted tallies use the normal p of the score z', () => {
    const a = tally([10, 10, 9, 2, 3, 1, 8], { weights: [1, 2, 1, 1, 2, 1, 1] });
    const b = tally([10, 9, 9, 9, 2, 8, 8, 10, 3], { weights: [1, 1, 2, 1, 1, 1, 2, 1, 1] });
    const r = windowTestP(a, b, PD, 'drop');
    expect(r?.p).toBeCloseTo(normalCdf(r?.z ?? Number.NaN), 15);
  });

  it('classic tables too large to enumerate (over 10⁶ cells) use the normal p of the score z', () => {
    const r = windowTestP(makeTally(1500, 500, 1000), makeTally(4000, 1000, 2900), 'all', 'rise');
    expect(r?.p).toBeCloseTo(normalCdf(-(r?.z ?? Number.NaN)), 15);
  });

  it('an empty side gives null', () => {
    expect(windowTestP(makeTally(0, 4, 0), makeTally(5, 0, 5), PD, 'both')).toBeNull();
  });

  it('properties: drop + rise = 1; mirroring promoters and detractors swaps them', () => {
    const side = fc.tuple(fc.nat(60), fc.nat(10), fc.nat(60));
    fc.assert(
      fc.property(side, side, fc.boolean(), ([p1, o1, d1], [p2, o2, d2], all) => {
        const base = all ? 'all' : PD;
        const a = makeTally(p1, o1, d1);
        const b = makeTally(p2, o2, d2);
        const drop = windowTestP(a, b, base, 'drop');
        const rise = windowTestP(a, b, base, 'rise');
        if (drop === null || rise === null) return;
        expect(drop.p + rise.p).toBeCloseTo(1, 12);
        const both = windowTestP(a, b, base, 'both')?.p ?? Number.NaN;
        expect(both).toBeCloseTo(Math.min(1, 2 * Math.min(drop.p, rise.p)), 14);
        const mirrored = windowTestP(makeTally(d1, o1, p1), makeTally(d2, o2, p2), base, 'rise');
        expect(mirrored?.p).toBeCloseTo(drop.p, 12);
        expect(mirrored?.z).toBeCloseTo(-drop.z, 12);
      }),
      { seed: 10, numRuns: 200 },
    );
  });
});
