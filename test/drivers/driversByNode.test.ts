import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/_lib/random.ts';
import { driverStats, driversByNode, mergeDriverStats, shapley } from '../../src/index.ts';

function rowsOf(seed: number, n: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const a = normalDraw(rng);
    const b = normalDraw(rng);
    return { score: a + 0.5 * b + normalDraw(rng), ratings: { a, b } };
  });
}

describe('driversByNode', () => {
  const rows = rowsOf(1, 200);
  const nodes = rows.map((_, i) => (i < 80 ? 's1' : i < 190 ? 's2' : 's3'));
  const parents = new Map<string, string | null>([
    ['s1', 'north'],
    ['s2', 'north'],
    ['s3', 'south'],
    ['north', 'hq'],
    ['south', 'hq'],
    ['hq', null],
  ]);

  it('analyses each node with enough responses; pooled subtrees equal direct analysis', () => {
    const r = driversByNode(rows, { nodes, parents, minN: 30 });
    expect(r.map((x) => x.id)).toEqual(['s1', 's2', 's3', 'north', 'hq', 'south']);
    const s3 = r.find((x) => x.id === 's3');
    expect(s3?.skipped).toBe('too_few_responses');
    expect(s3?.importance).toBeNull();
    const hq = r.find((x) => x.id === 'hq');
    expect(hq?.stats.n).toBe(200);
    const direct = shapley(rows).drivers.map((d) => d.raw);
    hq?.importance?.drivers.forEach((d, j) => {
      expect(Math.abs(d.raw - (direct[j] ?? Number.NaN))).toBeLessThan(1e-12);
    });
    const north = r.find((x) => x.id === 'north');
    const merged = mergeDriverStats(
      driverStats(rows.slice(0, 80)),
      driverStats(rows.slice(80, 190)),
    );
    expect(north?.stats.n).toBe(merged.n);
    expect(north?.parentId).toBe('hq');
  });

  it('without parents: own nodes only; degenerate nodes are reported, not thrown', () => {
    const bad = rows.map((r, i) =>
      i < 80 ? { score: r.score, ratings: { a: 1, b: r.ratings.b } } : r,
    );
    const r = driversByNode(bad, { nodes, minN: 5, metric: 'johnson' });
    expect(r.map((x) => [x.id, x.skipped])).toEqual([
      ['s1', 'constant_driver'],
      ['s2', null],
      ['s3', null],
    ]);
    expect(r[1]?.importance?.metric).toBe('johnson');
  });

  it('columns give the same result as rows', () => {
    const cols = {
      score: rows.map((r) => r.score),
      ratings: { a: rows.map((r) => r.ratings.a), b: rows.map((r) => r.ratings.b) },
    };
    const a = driversByNode(rows, { nodes, minN: 30 });
    const b = driversByNode(cols, { nodes, minN: 30 });
    expect(b.map((x) => x.importance?.drivers.map((d) => d.raw))).toEqual(
      a.map((x) => x.importance?.drivers.map((d) => d.raw)),
    );
  });

  it('errors', () => {
    expect(() => driversByNode(rows, { nodes: ['x'] })).toThrow(
      expect.objectContaining({ code: 'length_mismatch' }),
    );
    const cyclic = new Map([
      ['s1', 'north'],
      ['north', 's1'],
    ]);
    expect(() => driversByNode(rows, { nodes, parents: cyclic })).toThrow(
      expect.objectContaining({ code: 'cycle' }),
    );
  });
});
