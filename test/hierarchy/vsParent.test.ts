import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNps } from '../../src/core/compareNps.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { benjaminiHochberg } from '../../src/stats/benjaminiHochberg.ts';
import { caseArb, move, movedStoreTree, regionTree, rep } from './_fixtures.ts';

// hq → north (stores n1, n2), south (store s1)
const h = buildHierarchy(regionTree);
// n1: 30 P, 10 Pa, 10 D; n2 (the rest of north): 20 P, 20 D; s1: 5 P, 5 D.
const rows = [
  ...rep('n1', 10, 30),
  ...rep('n1', 7, 10),
  ...rep('n1', 1, 10),
  ...rep('n2', 9, 20),
  ...rep('n2', 2, 20),
  ...rep('s1', 8, 5),
  ...rep('s1', 3, 5),
];

describe('rollup: vsParent', () => {
  it('hand-computed nested comparison of a store with its region', () => {
    // Ten-point scheme, base P + D. n1: m = 40, NPS 100·20/40 = 50, shares p .75 d .25,
    //   Var = (p + d − (p − d)²)/m = (1 − .25)/40 = 0.01875 (on −1..1).
    // n2 = north minus n1: m = 40, NPS 0, Var = (1 − 0)/40 = 0.025.
    // north: P 50, D 30, m 80, NPS 100·20/80 = 25.
    // NPS_n1 − NPS_north = (M_n2/M_north)(NPS_n1 − NPS_n2) = 0.5 · 50 = 25;
    // se(n1 − rest) = 100·√(0.01875 + 0.025) = 20.916500663351890 (R: 100*sqrt(0.75/40 + 1/40));
    // z = 50 / 20.9165… = 2.390457218668787 = the z of n1 against the rest (n2);
    // se of the difference = 0.5 · 20.9165… = 10.458250331675945;
    // p = 2·pnorm(−2.390457218668787) = 0.016827409482756853 (R).
    const r = rollup(h, rows);
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    const a = by.get('n1')?.vsParent;
    expect(a?.difference).toBeCloseTo(25, 12);
    expect(a?.se).toBeCloseTo(10.458250331675945, 10);
    expect(a?.z).toBeCloseTo(2.390457218668787, 12);
    expect(a?.pValue).toBeCloseTo(0.016827409482756853, 12);
    expect(a?.low).toBeCloseTo(25 - 1.959963984540054 * 10.458250331675945, 9);
    expect(a?.high).toBeCloseTo(25 + 1.959963984540054 * 10.458250331675945, 9);
    // the nested z equals the independent store-vs-rest z
    const rest = compareNps(
      { promoters: 30, passives: 10, detractors: 10, n: 50 },
      { promoters: 20, passives: 0, detractors: 20, n: 40 },
    );
    expect(a?.z).toBeCloseTo(rest.z, 12);
    expect(a?.pValue).toBeCloseTo(rest.pValue, 12);
    // n2 is the mirror image: difference −25, same p
    expect(by.get('n2')?.vsParent?.difference).toBeCloseTo(-25, 12);
    expect(by.get('n2')?.vsParent?.pValue).toBeCloseTo(0.016827409482756853, 12);
    // s1 is south's only store: same NPS as its parent, z 0, p 1
    expect(by.get('s1')?.vsParent).toMatchObject({ difference: 0, se: 0, z: 0, pValue: 1 });
    expect(by.get('hq')?.vsParent).toBeNull();
    // agrees with compareNps(…, { relation: 'nested' }) on the node's and parent's tallies
    const nested = compareNps(by.get('north')?.total as never, by.get('hq')?.total as never, {
      relation: 'nested',
    });
    expect(by.get('north')?.vsParent).toMatchObject({
      difference: nested.difference,
      se: nested.se,
      z: nested.z,
      pValue: nested.pValue,
    });
  });

  it('q-values are Benjamini–Hochberg across the compared nodes of each depth', () => {
    const r = rollup(h, rows);
    for (const depth of [1, 2]) {
      const level = r.nodes.filter((n) => n.depth === depth && n.vsParent !== null);
      const q = benjaminiHochberg(level.map((n) => n.vsParent?.pValue ?? null));
      expect(level.map((n) => n.vsParent?.qValue)).toEqual(q);
    }
    // stores: p = [0.0168…, 0.0168…, 1] → q = [0.0252…, 0.0252…, 1]
    const stores = r.nodes.filter((n) => n.depth === 2).map((n) => n.vsParent?.qValue);
    expect(stores[0]).toBeCloseTo((3 / 2) * 0.016827409482756853, 12);
    expect(stores[2]).toBe(1);
  });

  it('properties: suppressed nodes (or nodes under a suppressed parent) carry no vsParent; every other non-empty pair does; BH per depth', () => {
    fc.assert(
      fc.property(caseArb, ([nodes, resp, minSample]) => {
        const r = rollup(buildHierarchy(nodes), resp, { minSample });
        const by = new Map(r.nodes.map((n) => [n.id, n]));
        for (const n of r.nodes) {
          const parent = n.parentId === null ? undefined : by.get(n.parentId);
          if (parent === undefined || n.suppressed || parent.suppressed || n.nps === null) {
            expect(n.vsParent).toBeNull();
          } else {
            expect(n.vsParent).not.toBeNull();
            expect(n.vsParent?.difference).toBeCloseTo(n.nps - (parent.nps ?? 0), 9);
          }
        }
        const depths = new Set(r.nodes.map((n) => n.depth));
        for (const d of depths) {
          const level = r.nodes.filter((n) => n.depth === d && n.vsParent !== null);
          expect(level.map((n) => n.vsParent?.qValue)).toEqual(
            benjaminiHochberg(level.map((n) => n.vsParent?.pValue ?? null)),
          );
        }
      }),
    );
  });

  it('dated structures: a store that moved is compared on its answers under the current parent', () => {
    const d = buildHierarchy(movedStoreTree([{ id: 't', parentId: 'south' }]));
    const r = rollup(d, [
      ...rep('s', 10, 4).map((x) => ({ ...x, at: move - 1 })),
      ...rep('s', 1, 2).map((x) => ({ ...x, at: move + 1 })),
      ...rep('t', 9, 2).map((x) => ({ ...x, at: move + 1 })),
    ]);
    const s = r.nodes.find((n) => n.id === 's');
    // south: s's 2 detractors after the move + t's 2 promoters → NPS 0; s under south: −100
    expect(s?.nps).toBe((100 * (4 - 2)) / 6);
    expect(s?.vsParent?.difference).toBe(-100);
    // with minSample 3, s (6 answers) and south (2 + 4) are visible, but s's 2 answers under
    // south would be a small-sample figure (NPS(south) + difference): no comparison
    const m = rollup(
      d,
      [
        ...rep('s', 10, 4).map((x) => ({ ...x, at: move - 1 })),
        ...rep('s', 1, 2).map((x) => ({ ...x, at: move + 1 })),
        ...rep('t', 9, 4).map((x) => ({ ...x, at: move + 1 })),
      ],
      { minSample: 3 },
    );
    const ms = m.nodes.find((n) => n.id === 's');
    expect(ms?.suppressed).toBe(false);
    expect(ms?.vsParent).toBeNull();
    // and south (6) − t (4) or s (6) − north (s's 4 answers before the move) would reveal
    // those 2 answers: north and south are withheld, t stays published (hq = s + t)
    const by = new Map(m.nodes.map((n) => [n.id, n]));
    expect(by.get('north')?.suppression).toBe('complementary');
    expect(by.get('south')?.suppression).toBe('complementary');
    expect(by.get('t')?.n).toBe(4);
    expect(by.get('t')?.vsParent).toBeNull();
  });
});
