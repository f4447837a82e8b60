import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicScheme } from '../../src/core/scheme.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { caseArb, codeOf, move, movedStoreTree, regionTree, rep, unitTally } from './_fixtures.ts';

const h = buildHierarchy(regionTree);

/** Rank of a small matrix (Gaussian elimination with partial pivoting). */
function rankOf(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let rk = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < m.length; c++) {
    let piv = -1;
    for (let i = rk; i < m.length; i++) if (Math.abs(m[i]?.[c] ?? 0) > 1e-9) piv = i;
    if (piv < 0) continue;
    [m[rk], m[piv]] = [m[piv] as number[], m[rk] as number[]];
    const pr = m[rk] as number[];
    for (let i = 0; i < m.length; i++) {
      const row = m[i] as number[];
      if (i === rk || Math.abs(row[c] ?? 0) < 1e-9) continue;
      const f = (row[c] ?? 0) / (pr[c] ?? 1);
      for (let j = c; j < cols; j++) row[j] = (row[j] ?? 0) - f * (pr[j] ?? 0);
    }
    rk++;
  }
  return rk;
}

const rows = [
  { nodeId: 'n1', score: 10 },
  { nodeId: 'n1', score: 9 },
  { nodeId: 'n1', score: 2 },
  { nodeId: 'n2', score: 7 },
  { nodeId: 'n2', score: 1 },
  { nodeId: 's1', score: 8 },
  { nodeId: 'north', score: 10 },
];

describe('rollup', () => {
  it('hand-computed rollup of a three-level tree', () => {
    const r = rollup(h, rows);
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    // north: own 1 promoter; n1: P2 D1; n2: Pa1 D1 → P3 Pa1 D2 → NPS 100·(3−2)/5 = 20
    expect(by.get('north')?.total).toEqual({ promoters: 3, passives: 1, detractors: 2, n: 6 });
    expect(by.get('north')?.nps).toBe(20);
    expect(by.get('north')?.own).toEqual({ promoters: 1, passives: 0, detractors: 0, n: 1 });
    // hq: P4 Pa1 D2 → 100·2/6
    expect(by.get('hq')?.nps).toBe((100 * 2) / 6);
    expect(by.get('hq')?.total?.n).toBe(7);
    expect(by.get('n2')?.nps).toBe(-100);
    expect(by.get('n1')?.share).toBe(3 / 6);
    expect(by.get('hq')?.share).toBeNull();
    // (no `path` on a rollup node any more: the hierarchy has it, and the parentId chain)
    expect(by.get('s1')?.parentId).toBe('south');
    expect(h.path('s1')).toEqual(['hq', 'south', 's1']);
    expect(r.nodes.map((n) => n.id)).toEqual(['hq', 'north', 'south', 'n1', 'n2', 's1']);
    // classic scheme: base all; n1: 10, 9 promoters, 2 detractor → 100/3
    const c = rollup(
      h,
      rows.map((x) => ({ ...x, score: x.score })),
      { scheme: classicScheme },
    );
    expect(c.nodes.find((n) => n.id === 'n1')?.nps).toBe(100 / 3);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('weighted responses pool weighted sums; rows and columns agree', () => {
    const w = rows.map((x, i) => ({ ...x, weight: 1 + i }));
    const r = rollup(h, w);
    const north = r.nodes.find((n) => n.id === 'north');
    // north: n1 P w1+w2=3, D w3=3; n2 Pa w4=4, D w5=5; own P w7=7 → P 10, Pa 4, D 8
    expect(north?.total?.weights).toEqual({
      promoters: 10,
      passives: 4,
      detractors: 8,
      promotersSquared: 1 + 4 + 49,
      passivesSquared: 16,
      detractorsSquared: 9 + 25,
    });
    expect(north?.nps).toBe((100 * 2) / 18);
    const cols = {
      score: w.map((x) => x.score),
      nodeId: w.map((x) => x.nodeId),
      weight: w.map((x) => x.weight),
    };
    expect(rollup(h, cols)).toEqual(r);
  });

  it('parent NPS is pooled, not the average of children', () => {
    const r = rollup(h, rows);
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    const avg = ((by.get('n1')?.nps ?? 0) + (by.get('n2')?.nps ?? 0)) / 2;
    expect(by.get('north')?.nps).not.toBe(avg);
  });

  it('properties: total = own + Σ children; equals a brute-force recount; rows, columns and tallies agree; input not mutated', () => {
    fc.assert(
      fc.property(caseArb, ([nodes, resp]) => {
        const hh = buildHierarchy(nodes);
        const frozen = structuredClone(resp);
        const r = rollup(hh, resp);
        expect(resp).toEqual(frozen);
        const by = new Map(r.nodes.map((n) => [n.id, n]));
        for (const n of r.nodes) {
          const kids = r.nodes.filter((k) => k.parentId === n.id);
          for (const key of ['promoters', 'passives', 'detractors', 'n'] as const) {
            const sum = kids.reduce((s, k) => s + (k.total?.[key] ?? 0), n.own?.[key] ?? 0);
            expect(n.total?.[key]).toBe(sum);
          }
          // brute force: responses whose node has n on its path
          const mine = resp.filter((x) => hh.path(x.nodeId).includes(n.id));
          expect(n.total?.promoters).toBe(mine.filter((x) => x.score >= 8).length);
          expect(n.total?.detractors).toBe(mine.filter((x) => x.score <= 5).length);
          expect(n.total?.n).toBe(mine.length);
        }
        expect(by.size).toBe(nodes.length);
        const cols = {
          score: Int8Array.from(resp, (x) => x.score),
          nodeId: resp.map((x) => x.nodeId),
        };
        expect(rollup(hh, cols)).toEqual(r);
        const tallies = resp.map((x) => ({
          nodeId: x.nodeId,
          tally: unitTally(x.score),
        }));
        expect(rollup(hh, tallies)).toEqual(r);
      }),
    );
  });

  it('suppression cannot be undone by subtraction (property)', () => {
    fc.assert(
      fc.property(caseArb, ([nodes, resp, minSample]) => {
        const hh = buildHierarchy(nodes);
        const full = rollup(hh, resp);
        const r = rollup(hh, resp, { minSample });
        const fullBy = new Map(full.nodes.map((n) => [n.id, n]));
        for (const n of r.nodes) {
          const f = fullBy.get(n.id);
          // every node below minSample is hidden
          if ((f?.total?.n ?? 0) < minSample) expect(n.suppressed).toBe(true);
          if (n.suppressed) {
            expect(n.total).toBeNull();
            expect(n.nps).toBeNull();
            expect(n.own).toBeNull();
          }
          // cells of n: own and children's totals; non-empty hidden cells
          const kids = r.nodes.filter((k) => k.parentId === n.id);
          const cells = [
            { hidden: n.own === null, n: f?.own?.n ?? 0 },
            ...kids.map((k) => ({ hidden: k.suppressed, n: fullBy.get(k.id)?.total?.n ?? 0 })),
          ];
          const hiddenNonEmpty = cells.filter((c) => c.hidden && c.n > 0).length;
          // visible node: subtraction leaves ≥ 2 unknowns, or none
          if (!n.suppressed) expect(hiddenNonEmpty === 0 || hiddenNonEmpty >= 2).toBe(true);
          // hidden non-empty node: not the sum of visible cells
          if (n.suppressed && (f?.total?.n ?? 0) > 0) expect(hiddenNonEmpty).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('suppression: no hidden non-empty figure is determined by any linear combination of the published ones (property)', () => {
    // The attacker's view: unknowns are the hidden node totals and hidden own-response cells; each
    // node gives total = own + Σ children's totals. A hidden value v is recoverable iff the unit
    // vector e_v lies in the row space of the relations restricted to the unknowns.
    fc.assert(
      fc.property(caseArb, ([nodes, resp, minSample]) => {
        const hh = buildHierarchy(nodes);
        const full = new Map(rollup(hh, resp).nodes.map((n) => [n.id, n]));
        const r = rollup(hh, resp, { minSample });
        const unknownIndex = new Map<string, number>();
        const truth: number[] = [];
        for (const n of r.nodes) {
          if (n.total === null) {
            unknownIndex.set(`T:${n.id}`, truth.length);
            truth.push(full.get(n.id)?.total?.n ?? 0);
          }
          if (n.own === null) {
            unknownIndex.set(`O:${n.id}`, truth.length);
            truth.push(full.get(n.id)?.own?.n ?? 0);
          }
        }
        const k = truth.length;
        if (k === 0) return;
        const rows: number[][] = [];
        for (const n of r.nodes) {
          const row = new Array<number>(k).fill(0);
          const add = (key: string, sign: number) => {
            const j = unknownIndex.get(key);
            if (j !== undefined) row[j] = (row[j] ?? 0) + sign;
          };
          add(`T:${n.id}`, 1);
          add(`O:${n.id}`, -1);
          for (const c of r.nodes) if (c.parentId === n.id) add(`T:${c.id}`, -1);
          if (row.some((v) => v !== 0)) rows.push(row);
        }
        const base = rankOf(rows);
        for (let j = 0; j < k; j++) {
          if ((truth[j] ?? 0) <= 0 || (truth[j] ?? 0) >= minSample) continue;
          const e = new Array<number>(k).fill(0);
          e[j] = 1;
          // e_j in the row space ⇔ appending it does not raise the rank
          expect(rankOf([...rows, e])).toBe(base + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('dated replay: a moved store’s answers under its former region cannot be recovered by subtraction', () => {
    // north: n1 (10) + s's 2 answers before the move; south: s after (5) + t (10). Publishing
    // north (12) and n1 (10) would reveal s's 2 answers under north (below minSample 3).
    const d = buildHierarchy(
      movedStoreTree([
        { id: 'n1', parentId: 'north' },
        { id: 't', parentId: 'south' },
      ]),
    );
    const resp = [
      ...rep('s', 1, 2).map((x) => ({ ...x, at: move - 1 })),
      ...rep('s', 10, 5).map((x) => ({ ...x, at: move })),
      ...rep('n1', 9, 10).map((x) => ({ ...x, at: move })),
      ...rep('t', 9, 10).map((x) => ({ ...x, at: move })),
    ];
    const by = new Map(rollup(d, resp, { minSample: 3 }).nodes.map((n) => [n.id, n]));
    expect(by.get('north')?.total?.n).toBe(12);
    expect(by.get('n1')?.suppression).toBe('complementary');
    expect(by.get('t')?.suppression).toBe('complementary');
    expect(by.get('s')?.total?.n).toBe(7);
  });

  it('dated replay: no hidden or split figure is a linear combination of the published ones (property)', () => {
    const base = [
      { id: 'n1', parentId: 'north' },
      { id: 't', parentId: 'south' },
    ];
    const withOld = buildHierarchy(
      movedStoreTree([...base, { id: 'old', parentId: 'north', validTo: move }]),
    );
    const withoutOld = buildHierarchy(movedStoreTree(base));
    // epoch 0 (before the move): s and old under north; epoch 1: s under south, old closed
    const parentIn = (e: number, id: string): string | null =>
      id === 'hq'
        ? null
        : id === 'north' || id === 'south'
          ? 'hq'
          : id === 's'
            ? e === 0
              ? 'north'
              : 'south'
            : id === 't'
              ? 'south'
              : 'north';
    let hasOld = true;
    const activeIn = (e: number, id: string) => id !== 'old' || (hasOld && e === 0);
    const all = ['hq', 'north', 'south', 's', 'n1', 't', 'old'];
    const respArb = fc.array(
      fc.record({
        nodeId: fc.constantFrom(...all),
        score: fc.integer({ min: 1, max: 10 }),
        e: fc.constantFrom(0, 1),
      }),
      { maxLength: 50 },
    );
    fc.assert(
      fc.property(respArb, fc.integer({ min: 1, max: 6 }), fc.boolean(), (raw, minSample, o) => {
        hasOld = o;
        const d = o ? withOld : withoutOld;
        const resp = raw
          .filter((x) => activeIn(x.e, x.nodeId))
          .map((x) => ({ nodeId: x.nodeId, score: x.score, at: x.e === 0 ? move - 1 : move }));
        const r = rollup(d, resp, { minSample });
        // variables: T_e(x), O_e(x) per epoch and active node
        const vars = new Map<string, number>();
        const truth: number[] = [];
        const ownIn = (e: number, x: string) =>
          resp.filter((q) => q.nodeId === x && (q.at < move ? 0 : 1) === e).length;
        const totalIn = (e: number, x: string): number =>
          ownIn(e, x) +
          all
            .filter((c) => activeIn(e, c) && parentIn(e, c) === x)
            .reduce((sum, c) => sum + totalIn(e, c), 0);
        for (const e of [0, 1]) {
          for (const x of all) {
            if (!activeIn(e, x)) continue;
            vars.set(`T${String(e)}:${x}`, truth.length);
            truth.push(totalIn(e, x));
            vars.set(`O${String(e)}:${x}`, truth.length);
            truth.push(ownIn(e, x));
          }
        }
        const k = truth.length;
        const vec = (terms: [string, number][]) => {
          const v = new Array<number>(k).fill(0);
          for (const [key, c] of terms) {
            const j = vars.get(key);
            if (j !== undefined) v[j] = (v[j] ?? 0) + c;
          }
          return v;
        };
        const rows: number[][] = [];
        for (const e of [0, 1]) {
          for (const x of all) {
            if (!activeIn(e, x)) continue;
            const kids = all.filter((c) => activeIn(e, c) && parentIn(e, c) === x);
            rows.push(
              vec([
                [`T${String(e)}:${x}`, 1],
                [`O${String(e)}:${x}`, -1],
                ...kids.map((c): [string, number] => [`T${String(e)}:${c}`, -1]),
              ]),
            );
          }
        }
        const targets: number[][] = [];
        for (const n of r.nodes) {
          const sumOf = (kind: 'T' | 'O') =>
            vec([0, 1].map((e): [string, number] => [`${kind}${String(e)}:${n.id}`, 1]));
          // protected: the withheld groups of 1 to minSample − 1 answers (a complement holds
          // at least minSample and may be derivable)
          const small = (v: number[]) => truthSum(v) > 0 && truthSum(v) < minSample;
          if (n.total !== null) rows.push(sumOf('T'));
          else if (small(sumOf('T'))) targets.push(sumOf('T'));
          if (n.own !== null) rows.push(sumOf('O'));
          else if (small(sumOf('O'))) targets.push(sumOf('O'));
        }
        function truthSum(v: number[]) {
          return v.reduce((acc, c, j) => acc + c * (truth[j] ?? 0), 0);
        }
        // split and closed parts: s per epoch, old before closing
        for (const key of ['T0:s', 'T1:s', 'T0:old']) {
          const v = vec([[key, 1]]);
          const t = truthSum(v);
          if (t > 0 && t < minSample) targets.push(v);
        }
        const base = rankOf(rows);
        for (const f of targets) expect(rankOf([...rows, f])).toBe(base + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('complementary suppression: hand-checked', () => {
    // north: n1 (3), n2 (2), own 1; minSample 3 → n2 hidden, own(north) hidden → north safe.
    const r = rollup(h, rows, { minSample: 3 });
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('n2')?.suppression).toBe('min_sample');
    expect(by.get('north')?.ownSuppressed).toBe(true);
    expect(by.get('n1')?.suppressed).toBe(false);
    // south (1 response) hidden; hq's cells: north (6, visible), south (hidden) → hide north too
    expect(by.get('south')?.suppression).toBe('min_sample');
    expect(by.get('north')?.suppression).toBe('complementary');
    // north hidden non-empty: needs a hidden cell — n2 and own already are
    expect(by.get('hq')?.suppressed).toBe(false);
  });

  it('unknown nodes are errors or counted as excluded, never dropped silently', () => {
    const bad = [...rows, { nodeId: 'zz', score: 9 }, { score: 3 }];
    expect(() => rollup(h, bad)).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: rollup: response at index 7 has nodeId "zz", which is not in the hierarchy (pass onUnknownNode: 'exclude' to count such responses as excluded)]`,
    );
    const r = rollup(h, bad, { onUnknownNode: 'exclude' });
    expect(r.excluded).toEqual([
      { reason: 'unknown_node', nodeId: 'zz', n: 1, firstIndex: 7 },
      { reason: 'missing_node', nodeId: null, n: 1, firstIndex: 8 },
    ]);
    expect(r.excludedN).toBe(2);
    // a null nodeId is missing too
    const nul = rollup(h, [{ nodeId: null as unknown as string, score: 3 }], {
      onUnknownNode: 'exclude',
    });
    expect(nul.excluded).toEqual([{ reason: 'missing_node', nodeId: null, n: 1, firstIndex: 0 }]);
    // absent and null nodeIds are one group (they used to be two entries alike)
    const both = rollup(
      h,
      [{ nodeId: 'n1', score: 9 }, { score: 3 }, { nodeId: null as unknown as string, score: 3 }],
      { onUnknownNode: 'exclude' },
    );
    expect(both.excluded).toEqual([{ reason: 'missing_node', nodeId: null, n: 2, firstIndex: 1 }]);
    expect(both.excludedN).toBe(2);
    expect(r.nodes[0]?.total?.n).toBe(7);
    expect(codeOf(() => rollup(h, rows, { minSample: -1 }))).toBe('invalid_option');
    // scores that are not numbers never reach arithmetic (a symbol or bigint threw a TypeError)
    for (const score of [Symbol('s'), 10n, '9', null]) {
      expect(codeOf(() => rollup(h, [{ nodeId: 'n1', score: score as never }]))).toBe(
        'invalid_score',
      );
      expect(codeOf(() => rollup(h, { score: [score as never], nodeId: ['n1'] }))).toBe(
        'invalid_score',
      );
    }
    expect(codeOf(() => rollup({} as never, rows))).toBe('invalid_input');
  });

  it('dated structures: at-response vs as-of', () => {
    const d = buildHierarchy(movedStoreTree([{ id: 'old', parentId: 'north', validTo: move }]));
    const resp = [
      { nodeId: 's', score: 10, at: move - 1000 },
      { nodeId: 's', score: 1, at: move + 1000 },
      { nodeId: 'old', score: 9, at: move - 5 },
    ];
    const a = rollup(d, resp);
    const by = new Map(a.nodes.map((n) => [n.id, n]));
    expect(by.get('north')?.total).toEqual({ promoters: 2, passives: 0, detractors: 0, n: 2 });
    expect(by.get('south')?.total).toEqual({ promoters: 0, passives: 0, detractors: 1, n: 1 });
    expect(by.has('old')).toBe(false);
    const b = rollup(d, resp.slice(0, 2), { structure: 'as-of', asOf: move });
    const bb = new Map(b.nodes.map((n) => [n.id, n]));
    expect(bb.get('south')?.total?.n).toBe(2);
    expect(bb.get('north')?.total?.n).toBe(0);
    expect(codeOf(() => rollup(d, resp, { structure: 'as-of', asOf: move }))).toBe('unknown_node');
    const c = rollup(d, resp, { structure: 'as-of', asOf: move, onUnknownNode: 'exclude' });
    expect(c.excluded).toEqual([{ reason: 'node_not_valid', nodeId: 'old', n: 1, firstIndex: 2 }]);
    expect(codeOf(() => rollup(d, [{ nodeId: 's', score: 3 }]))).toBe('invalid_date');
  });
});
