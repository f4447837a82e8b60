import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  defineScheme,
  NpsInputError,
  nps,
  npsInterval,
  npsSummary,
  tally,
  tallyFromCounts,
} from '../../src/index.ts';

describe('nps', () => {
  it('nps(scores) under the ten-point default leaves passives out of the base', () => {
    // 3 promoters (8, 9, 10), 2 passives (6, 7), 1 detractor (5): (3 − 1) / (3 + 1) = 50.
    expect(nps([8, 9, 10, 6, 7, 5])).toBe(50);
  });

  it('nps(scores, { scheme: classicScheme }) divides by all respondents', () => {
    // 2 promoters, 2 passives, 2 detractors of 6: (2 − 2)/6 = 0; then 3 P, 1 Pa, 2 D: 1/6.
    expect(nps([9, 10, 7, 8, 0, 6], { scheme: classicScheme })).toBe(0);
    expect(nps([9, 10, 10, 8, 0, 6], { scheme: classicScheme })).toBe(16.666666666666668);
  });

  it('nps uses one division: 100·(P − D)/n is correctly rounded', () => {
    // (1/6)·100 in floating point is 16.666666666666664; 100/6 is 16.666666666666668.
    expect(
      nps(tallyFromCounts({ promoters: 2, passives: 3, detractors: 1 }), { scheme: classicScheme }),
    ).toBe(100 / 6);
  });

  it('nps of a single response is ±100', () => {
    expect(nps([10])).toBe(100);
    expect(nps([1])).toBe(-100);
    expect(nps([0], { scheme: classicScheme })).toBe(-100);
  });

  it('nps of nothing, or of passives only under the ten-point base, throws code "empty"', () => {
    expect(() => nps([])).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: nps: the NPS needs at least one respondent in its base, but there are no responses]`,
    );
    expect(() => nps([6, 7, 7])).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: nps: the NPS needs at least one respondent in its base, but all 3 responses are passives, which this scheme leaves out of the base]`,
    );
    expect(nps([7, 8], { scheme: classicScheme })).toBe(0);
  });

  it('nps of a weighted tally uses the weights', () => {
    // Σw: promoters 3, passives 1, detractors 1 → classic (3 − 1)/5 = 40; ten-point (10 is P, 3 D).
    const t = tally([10, 9, 8, 3], { weights: [2, 1, 1, 1], scheme: classicScheme });
    expect(nps(t, { scheme: classicScheme })).toBe(40);
    expect(nps(tally([10, 3], { weights: [3, 1] }))).toBe(50);
    expect(() => nps(tally([10, 3], { weights: [0, 0] }))).toThrow(/zero weight/);
  });

  it('nps of weighted promoters only is exactly 100 (100·x / x can round past it)', () => {
    // (100 × 5.951282213072364) / 5.951282213072364 = 100.00000000000001 in floating point
    const x = 5.951282213072364;
    expect((100 * x) / x).toBeGreaterThan(100);
    expect(nps(tally([10], { weights: [x] }))).toBe(100);
    expect(nps(tally([1], { weights: [x] }))).toBe(-100);
    expect(npsSummary(tally([10, 9], { weights: [x, 0] })).nps).toBe(100);
  });

  it('nps works on a custom scheme', () => {
    const csat = defineScheme({
      scale: [1, 5],
      promoters: [5, 5],
      passives: [4, 4],
      detractors: [1, 3],
      base: 'all',
    });
    expect(nps([5, 5, 4, 1], { scheme: csat })).toBe(25);
  });

  it('nps rejects something that is neither scores nor a tally', () => {
    expect(() => nps(42 as never)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
    expect(() => nps({ promoters: -1, passives: 0, detractors: 0, n: -1 })).toThrow(NpsInputError);
  });

  it('nps stays in [−100, 100] for both presets (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (xs) => {
        const v = nps(xs, { scheme: classicScheme });
        return v >= -100 && v <= 100;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 })), (xs) => {
        const t = tally(xs);
        if (t.promoters + t.detractors === 0) return true;
        const v = nps(xs);
        return v >= -100 && v <= 100;
      }),
    );
  });

  it('rows and counts give the same NPS (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), (p, pa, d) => {
        fc.pre(p + d > 0);
        const scores = [
          ...Array<number>(p).fill(9),
          ...Array<number>(pa).fill(7),
          ...Array<number>(d).fill(2),
        ];
        const counts = tallyFromCounts({ promoters: p, passives: pa, detractors: d });
        expect(nps(scores)).toBe(nps(counts));
        expect(nps(scores, { scheme: classicScheme })).toBe(nps(counts, { scheme: classicScheme }));
        expect(nps(scores)).toBe((100 * (p - d)) / (p + d));
      }),
    );
  });
});

describe('npsSummary', () => {
  it('npsSummary([]) returns counts with nps null, not an error', () => {
    expect(npsSummary([])).toEqual({
      promoters: 0,
      passives: 0,
      detractors: 0,
      total: { promoters: 0, passives: 0, detractors: 0, n: 0 },
      n: 0,
      nps: null,
      low: null,
      high: null,
      se: null,
      baseN: 0,
      effectiveN: 0,
      base: 'promoters-and-detractors',
      method: 'wilson',
      confidence: 0.95,
    });
  });

  it('npsSummary(passives only) has nps null and the counts', () => {
    const s = npsSummary([6, 7]);
    expect([s.passives, s.nps, s.n, s.baseN]).toEqual([2, null, 2, 0]);
  });

  it('npsSummary and npsInterval agree: n is every respondent, baseN those in the base', () => {
    // the case: [10, 7, 3] under the ten-point scheme, the 7 is a passive
    const s = npsSummary([10, 7, 3]);
    const i = npsInterval([10, 7, 3]);
    expect([s.n, s.baseN, s.effectiveN]).toStrictEqual([3, 2, 2]);
    expect([i.n, i.baseN, i.effectiveN]).toStrictEqual([3, 2, 2]);
    expect(s.total).toStrictEqual(tally([10, 7, 3]));
  });

  it('weighted: baseN counts respondents, effectiveN is the Kish size of the base', () => {
    // base P + D: weights 2 (promoter) and 1 (detractor); Kish n = 3² / 5 = 1.8
    const t = tally([10, 7, 3], { weights: [2, 4, 1] });
    const s = npsSummary(t);
    expect([s.n, s.baseN]).toStrictEqual([3, 2]);
    expect(s.effectiveN).toBeCloseTo(1.8, 14);
    expect(npsInterval(t).effectiveN).toBe(s.effectiveN);
  });

  it('npsSummary agrees with nps and carries an interval around it', () => {
    const s = npsSummary([10, 10, 9, 3, 7], { scheme: classicScheme });
    expect(s.nps).toBe(40);
    expect(s.baseN).toBe(5);
    expect(s.method).toBe('adjusted-wald');
    expect(s.low).toBeLessThan(40);
    expect(s.high).toBeGreaterThan(40);
  });
});
