// Counts near the limit of exact doubles (issue 10 §7): a tally's total must stay ≤ 2^53 − 1
// wherever counts are added up, and every interval method must be right at every total a tally
// accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  mergeTallies,
  rollup,
  type Tally,
  tallyFromCounts,
  tallyFromHistogram,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describe('a tally holds at most 2^53 − 1 respondents', () => {
  it('tallyFromCounts refuses counts whose total would lose units (the passive of 5e15 + 1 + 5e15)', () => {
    const e = thrown(() => tallyFromCounts({ promoters: 5e15, passives: 1, detractors: 5e15 }));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(
      /^tallyFromCounts: the counts of a tally must add up to at most 2\^53 − 1/,
    );
    // each count alone is a safe integer: only the total is out of range
    expect(Number.isSafeInteger(5e15)).toBe(true);
  });

  it('a total of exactly 2^53 − 1 is accepted, one more is refused', () => {
    const t = tallyFromCounts({ promoters: MAX - 2, passives: 1, detractors: 1 });
    expect(t.n).toBe(MAX);
    expect(t.n - t.promoters - t.detractors).toBe(1); // every unit kept
    expect(
      thrown(() => tallyFromCounts({ promoters: MAX - 1, passives: 1, detractors: 1 })).code,
    ).toBe('invalid_count');
  });

  it('counts beyond 2^53 − 1 are refused one by one, with the key as path', () => {
    const e = thrown(() => tallyFromCounts({ promoters: 2 ** 53, passives: 0, detractors: 0 }));
    expect(e.code).toBe('invalid_count');
    expect(e.path).toEqual(['promoters']);
  });

  it('mergeTallies refuses valid tallies whose sum passes 2^53 − 1', () => {
    const a = tallyFromCounts({ promoters: 5e15, passives: 1, detractors: 0 });
    const b = tallyFromCounts({ promoters: 0, passives: 0, detractors: 5e15 });
    const e = thrown(() => mergeTallies(a, b));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(/^mergeTallies: /);
  });

  it('mergeTallies refuses weighted sums that overflow when added', () => {
    const big: Tally = tallyFromCounts({
      promoters: 1,
      passives: 0,
      detractors: 0,
      weights: {
        promoters: 1e154,
        passives: 0,
        detractors: 0,
        promotersSquared: 1e308,
        passivesSquared: 0,
        detractorsSquared: 0,
      },
    });
    const e = thrown(() => mergeTallies(big, big));
    expect(e.code).toBe('invalid_weight');
    expect(e.path).toEqual(['weights', 'promotersSquared']);
  });

  it('tallyFromHistogram: the same rule and message', () => {
    const e = thrown(() => tallyFromHistogram({ 10: 5e15, 7: 1, 3: 5e15 }));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(/^tallyFromHistogram: the counts of a tally must add up/);
  });

  it('pooling up a hierarchy refuses a node whose pooled total passes 2^53 − 1', () => {
    const h = buildHierarchy([
      { id: 'root', parentId: null },
      { id: 'a', parentId: 'root' },
      { id: 'b', parentId: 'root' },
    ]);
    const half = { promoters: 5e15, passives: 0, detractors: 0 };
    expect(
      thrown(() =>
        rollup(h, [
          { nodeId: 'a', tally: half },
          { nodeId: 'b', tally: { ...half, passives: 1 } },
        ]),
      ).code,
    ).toBe('invalid_count');
  });

  it('every accepted tally keeps every unit: n − promoters − detractors = passives (property)', () => {
    const count = fc.oneof(fc.nat(), fc.integer({ min: 0, max: MAX }));
    fc.assert(
      fc.property(count, count, count, (p, pa, d) => {
        const exact = BigInt(p) + BigInt(pa) + BigInt(d);
        if (exact > BigInt(MAX)) {
          expect(
            thrown(() => tallyFromCounts({ promoters: p, passives: pa, detractors: d })).code,
          ).toBe('invalid_count');
          return;
        }
        const t = tallyFromCounts({ promoters: p, passives: pa, detractors: d });
        expect(BigInt(t.n)).toBe(exact);
        expect(t.n - t.promoters - t.detractors).toBe(pa);
      }),
    );
  });
});
