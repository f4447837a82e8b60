import { describe, expect, it } from 'vitest';
import { classicScheme } from '../../src/core/scheme.ts';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { contributions } from '../../src/hierarchy/contributions.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { move, movedStoreTree } from './_fixtures.ts';

const h = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 'a', parentId: 'all' },
  { id: 'b', parentId: 'all' },
]);
// a: P3 D1; b: P1 Pa2 D3 → all: P4 Pa2 D4
const rows = [
  ...[10, 9, 8, 2].map((score) => ({ nodeId: 'a', score })),
  ...[9, 7, 6, 1, 2, 3].map((score) => ({ nodeId: 'b', score })),
];

describe('contributions', () => {
  it('hand-computed, ten-point scheme', () => {
    const c = contributions(rollup(h, rows), { target: 50 });
    // parent NPS 0; without a: P1 D3 → −50 → contribution +50; without b: P3 D1 → 50 → −50
    expect(c.map((x) => [x.id, x.contribution, x.parentWithout])).toEqual([
      ['a', 50, -50],
      ['b', -50, 50],
    ]);
    // b at 50 with m = 4: P' = 3, D' = 1 → parent P6 D2 → 50
    expect(c[1]?.parentAtTarget).toBe(50);
    // a at 50: m = 4, already P3 D1 → parent unchanged 0
    expect(c[0]?.parentAtTarget).toBe(0);
  });

  it('classic scheme keeps passives in the base', () => {
    const r = rollup(
      h,
      rows.map((x) => ({ ...x })),
      { scheme: classicScheme },
    );
    // classic: a: 10,9 P; 8 Pa; 2 D → P2 Pa1 D1; b: 9 P; 7,6 → 7 Pa, 6 D; 1,2,3 D → P1 Pa1 D4
    // all: P3 Pa2 D5 (n 10) → −20; without a: P1 Pa1 D4 → −50 → +30
    const c = contributions(r, { target: 0 });
    expect(c[0]?.contribution).toBe(30);
    // b at 0: m = 5, P' = D' = 2.5 → all P4.5 Pa2 D3.5 → 10
    expect(c[1]?.parentAtTarget).toBe(10);
  });

  it('a node that moved (dated structure replayed per response) is not inside its parent: no figures', () => {
    const d = buildHierarchy(movedStoreTree([{ id: 't', parentId: 'south' }]));
    // s: 3 promoters under north before the move, 1 detractor under south after; t: 1 detractor
    const resp = [
      ...[10, 10, 10].map((score) => ({ nodeId: 's', score, at: move - 1 })),
      { nodeId: 's', score: 1, at: move },
      { nodeId: 't', score: 1, at: move },
    ];
    const r = rollup(d, resp);
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('s')?.inParent).toBe(false);
    expect(by.get('t')?.inParent).toBe(true);
    expect(by.get('south')?.inParent).toBe(true);
    const c = new Map(contributions(r).map((x) => [x.id, x]));
    expect(c.get('s')?.contribution).toBeNull();
    // south: D2 (−100); without t: D1 → −100 → 0
    expect(c.get('t')?.contribution).toBe(0);
    // hq: P3 D2 → 20; without south (D2): P3 → 100 → −80
    expect(c.get('south')?.contribution).toBe(-80);
    // restated in today's structure, s is wholly inside south
    const a = rollup(d, resp, { structure: 'as-of' });
    expect(a.nodes.every((n) => n.inParent)).toBe(true);
    // south: P3 D2 (20); without s (P3 D1): D1 → −100 → +120
    expect(contributions(a).find((x) => x.id === 's')?.contribution).toBe(120);
  });

  it('suppressed nodes get null figures; bad options throw', () => {
    const c = contributions(rollup(h, rows, { minSample: 5 }));
    expect(c[0]).toEqual({
      id: 'a',
      parentId: 'all',
      contribution: null,
      parentWithout: null,
      parentAtTarget: null,
    });
    expect(() => contributions(rollup(h, rows), { target: 101 })).toThrow(NpsInputError);
    expect(() => contributions({} as never)).toThrow(NpsInputError);
  });
});
