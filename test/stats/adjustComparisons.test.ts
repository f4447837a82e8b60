import { describe, expect, it } from 'vitest';
import { compareNps } from '../../src/core/compareNps.ts';
import { adjustComparisons } from '../../src/stats/adjustComparisons.ts';

describe('adjustComparisons', () => {
  it('attaches BH q-values across the family; null entries pass through and do not count', () => {
    const a = compareNps([10, 10, 10, 9, 2], [1, 2, 3, 10]);
    const b = compareNps([10, 2], [9, 3]);
    const out = adjustComparisons([a, null, b]);
    expect(out[1]).toBeNull();
    // m = 2: q of the smaller p is min(2·p₍₁₎, p₍₂₎), q of the larger is p₍₂₎
    const [lo, hi] = a.pValue < b.pValue ? [a, b] : [b, a];
    const qLo = Math.min(2 * lo.pValue, hi.pValue);
    expect(out.map((c) => c?.qValue ?? null)).toEqual(
      a.pValue < b.pValue ? [qLo, null, hi.pValue] : [hi.pValue, null, qLo],
    );
    expect(out[0]).toEqual({
      difference: a.difference,
      low: a.low,
      high: a.high,
      se: a.se,
      z: a.z,
      pValue: a.pValue,
      qValue: out[0]?.qValue,
    });
    expect(adjustComparisons([])).toEqual([]);
  });
});
