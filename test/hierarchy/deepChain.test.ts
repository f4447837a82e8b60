// A hierarchy 100,000 levels deep (each node the parent of the next): building it, rolling it up
// and every reader of the rollup must run in linear time and memory, without recursion per level
// (which would overflow the stack) and without a root-to-node array per node (O(nodes × depth),
// which ran V8 out of memory).
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { contributions } from '../../src/hierarchy/contributions.ts';
import { crossTab } from '../../src/hierarchy/crossTab.ts';
import { funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rollupTable } from '../../src/hierarchy/rollupTable.ts';
import { rank, shrinkage } from '../../src/hierarchy/shrinkage.ts';
import { varianceComponents } from '../../src/hierarchy/varianceComponents.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';

const N = 100_000;
const MID = N / 2;
const id = (i: number): string => `n${String(i)}`;
const chain = Array.from({ length: N }, (_, i) => ({
  id: id(i),
  parentId: i === 0 ? null : id(i - 1),
}));
// leaf: one promoter; middle: one detractor and one passive (ten-point scheme: 1 detractor, 7 passive)
const responses = [
  { nodeId: id(N - 1), score: 10 },
  { nodeId: id(MID), score: 1 },
  { nodeId: id(MID), score: 7 },
];

describe('a chain of 100,000 nodes', () => {
  const h = buildHierarchy(chain);
  const r = rollup(h, responses);
  const at = new Map(r.nodes.map((n) => [n.id, n]));

  it('builds, with depth and ancestors from the hierarchy accessors', () => {
    expect(h.depth(id(N - 1))).toBe(N - 1);
    expect(h.parent(id(N - 1))).toBe(id(N - 2));
    expect(h.ancestors(id(3))).toEqual([id(2), id(1), id(0)]);
    expect(h.roots()).toEqual([id(0)]);
  });

  it('rolls up with the right totals at the root, the middle and below it', () => {
    expect(r.nodes).toHaveLength(N);
    // root and every node down to the middle: P1 Pa1 D1 → base P + D = 2, NPS 0
    expect(at.get(id(0))?.total).toEqual({ promoters: 1, passives: 1, detractors: 1, n: 3 });
    expect(at.get(id(0))?.nps).toBe(0);
    expect(at.get(id(MID))?.total).toEqual({ promoters: 1, passives: 1, detractors: 1, n: 3 });
    expect(at.get(id(MID))?.own).toEqual({ promoters: 0, passives: 1, detractors: 1, n: 2 });
    // below the middle only the leaf's promoter: NPS 100
    expect(at.get(id(MID + 1))?.total).toEqual({ promoters: 1, passives: 0, detractors: 0, n: 1 });
    expect(at.get(id(N - 1))?.nps).toBe(100);
    expect(at.get(id(N - 1))?.depth).toBe(N - 1);
    expect(at.get(id(N - 1))?.parentId).toBe(id(N - 2));
  });

  it('suppresses with minSample without recursing: everything below the middle has n = 1 < 2', () => {
    const s = new Map(rollup(h, responses, { minSample: 2 }).nodes.map((n) => [n.id, n]));
    expect(s.get(id(0))?.total?.n).toBe(3);
    expect(s.get(id(MID))?.suppressed).toBe(false);
    expect(s.get(id(MID + 1))?.suppressed).toBe(true);
    expect(s.get(id(N - 1))?.total).toBeNull();
  });

  it('every reader of the rollup handles the depth', () => {
    const c = new Map(contributions(r).map((x) => [x.id, x]));
    // n1 is the root's only child: without it the root keeps no one in its base
    expect(c.get(id(1))?.parentWithout).toBeNull();
    // the leaf holds the subtree's only response, so its parent without it has no base either
    expect(c.get(id(N - 1))?.parentWithout).toBeNull();
    expect(shrinkage(r, { level: N - 1 }).units.map((u) => u.id)).toEqual([id(N - 1)]);
    expect(rank(r, { level: 1, by: 'nps' })).toEqual([{ id: id(1), rank: 1, value: 0 }]);
    expect(funnel(r, { level: MID }).units.map((u) => u.id)).toEqual([id(MID)]);
    const v = varianceComponents(r);
    expect(v.levels).toHaveLength(N);
    // ten-point base: the leaf's promoter (y = 100) and the middle's detractor (y = −100). Down
    // to the middle every level has one unit; below it two (the middle's own answer and the
    // leaf's chain), one per answer: no level can be told from the residual, so all are null and
    // the residual is the REML variance of the two answers, (100² + 100²) / 1.
    expect(v.n).toBe(2);
    expect(v.levels[MID]?.units).toBe(1);
    expect(v.levels[MID + 1]?.units).toBe(2);
    expect(v.levels.every((l) => l.variance === null)).toBe(true);
    expect(v.residual).toEqual({ variance: 20000, share: 1 });
    const t = rollupTable(r, { separator: '/' });
    expect(t).toHaveLength(N);
    expect(t[2]?.path).toBe('n0/n1/n2');
    expect(t[N - 1]?.path.length).toBe(chain.reduce((s, n) => s + n.id.length + 1, -1));
    expect(t[N - 1]?.rank).toBe(1);
  });
});

describe('a dated hierarchy with more structures × nodes than fit is refused up front', () => {
  it("rollup, crossTab and trendByNode replayed per response: too_large, naming structure: 'as-of'", () => {
    // 4,000 stores, each opening on its own day: about 4,000 structures × 4,001 nodes = 1.6e7
    const day = 86_400_000;
    const nodes = [
      { id: 'hq', parentId: null },
      ...Array.from({ length: 4000 }, (_, i) => ({
        id: `s${String(i)}`,
        parentId: 'hq',
        validFrom: Date.UTC(2020, 0, 1) + i * day,
      })),
    ];
    const h = buildHierarchy(nodes);
    const rows = [{ nodeId: 's1', score: 9, at: Date.UTC(2031, 0, 1), channel: 'web' }];
    for (const call of [
      () => rollup(h, rows),
      () => crossTab(h, rows, { by: 'channel' }),
      () => trendByNode(h, rows, { period: 'month' }),
    ]) {
      let e: unknown;
      try {
        call();
      } catch (err) {
        e = err;
      }
      expect((e as { code?: string }).code).toBe('too_large');
      expect((e as Error).message).toContain("structure: 'as-of'");
    }
    // one structure: fine
    expect(rollup(h, rows, { structure: 'as-of' }).nodes[0]?.total?.n).toBe(1);
  });
});
