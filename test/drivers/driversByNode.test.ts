import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  driverStats,
  driversByNode,
  mergeDriverStats,
  shapley,
} from '../../src/index.ts';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import { closeAll } from './_fixtures.ts';

function rowsOf(seed: number, n: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const a = normalDraw(rng);
    const b = normalDraw(rng);
    return { score: a + 0.5 * b + normalDraw(rng), ratings: { a, b } };
  });
}

describe('driversByNode(hierarchy, rows, { nodes })', () => {
  const rows = rowsOf(1, 200);
  const nodes = rows.map((_, i) => (i < 80 ? 's1' : i < 190 ? 's2' : 's3'));
  const h = buildHierarchy([
    { id: 'hq', parentId: null },
    { id: 'north', parentId: 'hq', name: 'North' },
    { id: 'south', parentId: 'hq' },
    { id: 's1', parentId: 'north' },
    { id: 's2', parentId: 'north' },
    { id: 's3', parentId: 'south' },
  ]);

  it('analyses each node with enough responses; pooled subtrees equal direct analysis', () => {
    const r = driversByNode(h, rows, { nodes, minSample: 30 }).nodes;
    expect(r.map((x) => x.id)).toEqual(['hq', 'north', 'south', 's1', 's2', 's3']);
    const s3 = r.find((x) => x.id === 's3');
    expect(s3?.skipped).toBe('min_sample');
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
    expect(north?.name).toBe('North');
  });

  it('degenerate nodes are reported, not thrown', () => {
    const bad = rows.map((r, i) =>
      i < 80 ? { score: r.score, ratings: { a: 1, b: r.ratings.b } } : r,
    );
    const r = driversByNode(h, bad, { nodes, minSample: 5, metric: 'johnson' }).nodes;
    expect(r.map((x) => [x.id, x.skipped])).toEqual([
      ['hq', null],
      ['north', null],
      ['south', null],
      ['s1', 'constant_driver'],
      ['s2', null],
      ['s3', null],
    ]);
    expect(r[4]?.importance?.metric).toBe('johnson');
  });

  it('columns give the same result as rows', () => {
    const cols = {
      score: rows.map((r) => r.score),
      ratings: { a: rows.map((r) => r.ratings.a), b: rows.map((r) => r.ratings.b) },
    };
    const a = driversByNode(h, rows, { nodes, minSample: 30 }).nodes;
    const b = driversByNode(h, cols, { nodes, minSample: 30 }).nodes;
    expect(b.map((x) => x.importance?.drivers.map((d) => d.raw))).toEqual(
      a.map((x) => x.importance?.drivers.map((d) => d.raw)),
    );
  });

  it('errors', () => {
    expect(() => driversByNode(h, rows, { nodes: ['x'] })).toThrow(
      expect.objectContaining({ code: 'length_mismatch' }),
    );
    expect(() => driversByNode(rows as never, { nodes } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('driversByNode(hierarchy, rows)', () => {
  const base = rowsOf(2, 260);
  const h = buildHierarchy([
    { id: 'hq', parentId: null, level: 'company' },
    { id: 'north', parentId: 'hq', level: 'region' },
    { id: 'south', parentId: 'hq', level: 'region' },
    { id: 's1', parentId: 'north', level: 'store' },
    { id: 's2', parentId: 'north', level: 'store' },
    { id: 's3', parentId: 'south', level: 'store' },
    { id: 's4', parentId: 'south', level: 'store' },
  ]);
  const storeOf = (i: number): string =>
    i < 90 ? 's1' : i < 180 ? 's2' : i < 250 ? 's3' : 'north';
  const rows = base.map((r, i) => ({ ...r, nodeId: storeOf(i) }));

  it('refuses an unknown metric up front (it skipped every node before)', () => {
    let err: { code?: unknown; path?: unknown } = {};
    try {
      driversByNode(h, rows, { metric: 'nope' as never });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('invalid_option');
    expect(err.path).toEqual(['metric']);
  });

  it("driversByNode(h, rows, { missing }) takes 'listwise' and 'pairwise', nothing else", () => {
    let code: unknown;
    try {
      driversByNode(h, rows, { missing: 'casewise' as never });
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expect(code).toBe('invalid_option');
    expect(driversByNode(h, rows, { missing: 'listwise', minSample: 30 }).nodes.length).toBe(7);
    // without blanks pairwise is listwise
    const pw = driversByNode(h, rows, { missing: 'pairwise', minSample: 30 });
    const lw = driversByNode(h, rows, { minSample: 30 });
    pw.nodes.forEach((x, i) => {
      expect(x.skipped).toBe(lw.nodes[i]?.skipped);
      x.importance?.drivers.forEach((d, j) => {
        expect(d.raw).toBeCloseTo(lw.nodes[i]?.importance?.drivers[j]?.raw ?? Number.NaN, 12);
      });
    });
  });

  it('every node of the structure, level by level, pooled over subtrees', () => {
    const result = driversByNode(h, rows, { minSample: 30 });
    expect([result.excluded, result.excludedN]).toEqual([[], 0]);
    const r = result.nodes;
    expect(r.map((x) => [x.id, x.parentId, x.level, x.stats.n, x.skipped])).toEqual([
      ['hq', null, 'company', 260, null],
      ['north', 'hq', 'region', 190, null],
      ['south', 'hq', 'region', 70, null],
      ['s1', 'north', 'store', 90, null],
      ['s2', 'north', 'store', 90, null],
      ['s3', 'south', 'store', 70, null],
      ['s4', 'south', 'store', 0, 'min_sample'],
    ]);
    // the root is analysed on every response, exactly as one direct analysis
    closeAll(
      r[0]?.importance?.drivers.map((d) => d.raw) ?? [],
      shapley(base).drivers.map((d) => d.raw),
      1e-12,
    );
    // a region's statistics are its own responses merged with its stores'
    const north = mergeDriverStats(
      mergeDriverStats(driverStats(base.slice(0, 90)), driverStats(base.slice(90, 180))),
      driverStats(base.slice(250)),
    );
    closeAll(r[1]?.stats.comoments ?? [], north.comoments, 1e-9);
    closeAll(
      r[1]?.importance?.drivers.map((d) => d.raw) ?? [],
      shapley(base.filter((_, i) => i < 180 || i >= 250)).drivers.map((d) => d.raw),
      1e-12,
    );
  });

  it('columns with a dictionary-encoded nodeId, and options.nodes, give the same result', () => {
    const values = ['s1', 's2', 's3', 'north'];
    const cols = {
      score: Float64Array.from(base, (r) => r.score),
      ratings: { a: base.map((r) => r.ratings.a), b: base.map((r) => r.ratings.b) },
      nodeId: { codes: Int32Array.from(base, (_, i) => values.indexOf(storeOf(i))), values },
    };
    const a = driversByNode(h, rows, { minSample: 30, metric: 'johnson' }).nodes;
    const b = driversByNode(h, cols, { minSample: 30, metric: 'johnson' }).nodes;
    const c = driversByNode(h, base, {
      minSample: 30,
      metric: 'johnson',
      nodes: base.map((_, i) => storeOf(i)),
    }).nodes;
    for (const other of [b, c])
      other.forEach((x, i) => {
        expect(x.id).toBe(a[i]?.id);
        closeAll(
          x.importance?.drivers.map((d) => d.raw) ?? [],
          a[i]?.importance?.drivers.map((d) => d.raw) ?? [],
          1e-12,
        );
      });
  });

  it('a dated hierarchy pools through the structure at asOf', () => {
    const dated = buildHierarchy([
      { id: 'hq', parentId: null },
      { id: 'north', parentId: 'hq' },
      { id: 'south', parentId: 'hq' },
      { id: 's1', parentId: 'north', validTo: Date.UTC(2025, 0, 1) },
      { id: 's1', parentId: 'south', validFrom: Date.UTC(2025, 0, 1) },
    ]);
    const rs = base.slice(0, 100).map((r) => ({ ...r, nodeId: 's1' }));
    const before = driversByNode(dated, rs, { asOf: Date.UTC(2024, 5, 1) }).nodes;
    const after = driversByNode(dated, rs).nodes;
    expect(before.find((x) => x.id === 'north')?.stats.n).toBe(100);
    expect(before.find((x) => x.id === 'south')?.stats.n).toBe(0);
    expect(after.find((x) => x.id === 'south')?.stats.n).toBe(100);
  });

  it('errors: unknown or missing node, an unknown option', () => {
    expect(() =>
      driversByNode(h, [...rows, { ...base[0], nodeId: 'nowhere' }] as typeof rows),
    ).toThrow(expect.objectContaining({ code: 'unknown_node', index: 260 }));
    expect(() => driversByNode(h, base)).toThrow(
      expect.objectContaining({ code: 'unknown_node', index: 0 }),
    );
    expect(() => driversByNode(h, rows, { parents: new Map([['s1', 'north']]) } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => driversByNode(h, { score: [1], ratings: { a: [1], b: [2] } })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });
});
