import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { contributions } from '../../src/hierarchy/contributions.ts';
import { funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rollupTable } from '../../src/hierarchy/rollupTable.ts';
import { rank, shrinkage } from '../../src/hierarchy/shrinkage.ts';
import { varianceComponents } from '../../src/hierarchy/varianceComponents.ts';
import { codeOf, rep, storeTree } from './_fixtures.ts';

const h = buildHierarchy(storeTree(['a', 'b', '__proto__']));

describe('rollupTable', () => {
  it('one flat row per node with counts, NPS, shrunk estimate and rank', () => {
    const r = rollup(h, [
      ...rep('a', 10, 10),
      ...rep('b', 1, 10),
      ...rep('__proto__', 9, 5),
      ...rep('__proto__', 2, 5),
    ]);
    const t = rollupTable(r, { separator: '>' });
    expect(t.map((x) => x.path)).toEqual(['all', 'all>a', 'all>b', 'all>__proto__']);
    expect(t[1]).toMatchObject({
      node: 'a',
      level: 'store',
      depth: 1,
      n: 10,
      promoters: 10,
      passives: 0,
      detractors: 0,
      nps: 100,
      suppressed: false,
      rank: 1,
    });
    expect(t[1]?.shrunk).toBe(shrinkage(r).units[0]?.shrunk);
    expect(t.map((x) => x.rank)).toEqual([null, 1, 3, 2]);
    // vs parent: a (NPS 100) against all (15 P, 15 D: NPS 0) → +100; the rest of all
    // (5 P, 15 D: NPS −50) gives z = 150 / (100·√((1 − 0.25)/20)) = 7.745966692414834
    expect(t[1]?.vsParent).toBe(100);
    expect(t[1]?.pValue).toBe(r.nodes[1]?.vsParent?.pValue);
    expect(r.nodes[1]?.vsParent?.z).toBeCloseTo(7.745966692414834, 12);
    expect(t.map((x) => x.qValue)).toEqual(r.nodes.map((n) => n.vsParent?.qValue ?? null));
    expect(t.map((x) => x.vsParentLow)).toEqual(r.nodes.map((n) => n.vsParent?.low ?? null));
    expect(t[0]).toMatchObject({ vsParent: null, vsParentHigh: null, pValue: null, qValue: null });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('suppressed rows carry no figures', () => {
    const r = rollup(h, [...rep('a', 10, 10), ...rep('b', 1, 2), ...rep('__proto__', 9, 10)], {
      minSample: 5,
    });
    const t = rollupTable(r);
    const b = t.find((x) => x.node === 'b');
    expect(b).toMatchObject({
      suppressed: true,
      n: null,
      nps: null,
      low: null,
      shrunk: null,
      rank: null,
      vsParent: null,
      vsParentLow: null,
      vsParentHigh: null,
      pValue: null,
      qValue: null,
    });
    expect(() => rollupTable({} as never)).toThrow(NpsInputError);
  });

  it('readers of a rollup result reject what is not one with invalid_input (no raw TypeError)', () => {
    const bad: unknown[] = [
      undefined,
      null,
      3,
      {},
      { nodes: [1] },
      { nodes: [Number.NaN] },
      { nodes: [null] },
    ];
    for (const x of bad) {
      for (const f of [rollupTable, varianceComponents, shrinkage, rank, contributions, funnel]) {
        expect(codeOf(() => (f as (r: unknown) => unknown)(x))).toBe('invalid_input');
      }
    }
    // a result without its levels array is not a rollup result
    expect(codeOf(() => funnel({ nodes: [] } as never, { level: 'x' }))).toBe('invalid_input');
  });
});
