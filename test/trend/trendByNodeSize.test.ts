// trendByNode counts a node × period cube and returns one point object per cell: a request
// whose cube cannot fit in memory is refused up front with `too_large`, naming the limit,
// instead of running V8 out of memory.
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';
import { thrown } from '../_support/errors.ts';

const stores = (n: number) =>
  buildHierarchy([
    { id: 'all', parentId: null },
    ...Array.from({ length: n - 1 }, (_, i) => ({ id: `s${String(i)}`, parentId: 'all' })),
  ]);
const from = Date.UTC(1950, 0, 1);
const to = Date.UTC(2049, 11, 31);
// 1950-01-01 .. 2049-12-31 by day: 100 years, 25 of them leap years (2000 is one, 1900 is out)
const days = 100 * 365 + 25;

describe('trendByNode: size limit', () => {
  const h = stores(5001);

  it('5,001 nodes × 100 years by day is refused with too_large before any counting (rows)', () => {
    const started = performance.now();
    const e = thrown(() =>
      trendByNode(h, [{ nodeId: 's1', score: 9, at: from }], { period: 'day', from, to }),
    );
    expect(e.code).toBe('too_large');
    expect(e.received).toBe(5001 * days);
    expect(e.message).toBe(
      `trendByNode: nodes × periods must be at most 5000000, received ${String(5001 * days)}; choose a longer period, a narrower from/to, or the trend of fewer nodes`,
    );
    // refused, not attempted: far below the seconds (and gigabytes) the cube would take
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('the same through the columnar fast path, with the span taken from the responses', () => {
    const e = thrown(() =>
      trendByNode(
        h,
        {
          score: new Float64Array([9, 3]),
          at: new Float64Array([from, to]),
          nodeId: { codes: new Int32Array([1, 2]), values: ['all', 's0', 's1'] },
        },
        { period: 'day' },
      ),
    );
    expect([e.code, e.received]).toEqual(['too_large', 5001 * days]);
  });

  it('the limit counts nodes × periods: 100 years by year for the same 5,001 nodes is fine', () => {
    const r = trendByNode(h, [{ nodeId: 's1', score: 9, at: from }], { period: 'year', from, to });
    expect(r.periods).toHaveLength(100);
    expect(r.nodes.find((n) => n.id === 'all')?.points[0]?.total).toEqual({
      promoters: 1,
      passives: 0,
      detractors: 0,
      n: 1,
    });
  });
});
