import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { type CrossTabResult, crossTab } from '../../src/hierarchy/crossTab.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { caseArbWith, codeOf, move, movedStoreTree, regionTree, unitTally } from './_fixtures.ts';

const h = buildHierarchy(regionTree);
const rows = [
  { nodeId: 'n1', score: 10, channel: 'web' },
  { nodeId: 'n1', score: 9, channel: 'web' },
  { nodeId: 'n1', score: 2, channel: 'store' },
  { nodeId: 'n2', score: 7, channel: 'web' },
  { nodeId: 'n2', score: 1, channel: 'store' },
  { nodeId: 's1', score: 8, channel: 'store' },
  { nodeId: 'north', score: 10, channel: '__proto__' },
  { nodeId: 's1', score: 3 },
];

const caseArb = caseArbWith(
  fc.record({ channel: fc.constantFrom('web', 'store', 'phone', '__proto__') }),
);

describe('crossTab', () => {
  it('hand-computed cells, margins and missing values', () => {
    const t = crossTab(h, rows, { by: 'channel' });
    expect(t.segments).toEqual(['web', 'store', '__proto__']);
    const by = new Map(t.rows.map((r) => [r.id, r]));
    // north: web n1 P2 + n2 Pa1 → P2 Pa1 (NPS 100); store: n1 D1 + n2 D1 (−100); own P1 (__proto__)
    const north = by.get('north');
    expect(north?.cells.map((c) => c.total)).toEqual([
      { promoters: 2, passives: 1, detractors: 0, n: 3 },
      { promoters: 0, passives: 0, detractors: 2, n: 2 },
      { promoters: 1, passives: 0, detractors: 0, n: 1 },
    ]);
    expect(north?.cells.map((c) => c.nps)).toEqual([100, -100, 100]);
    // margin: P3 Pa1 D2 → 100·1/5 = 20, as rollup's north (every north response has a channel)
    expect(north?.total.nps).toBe(20);
    expect(north?.total.total).toEqual(rollup(h, rows).nodes[1]?.total);
    // s1's answer without a channel is in no cell: s1 web empty, store P1
    expect(by.get('s1')?.cells.map((c) => c.total?.n)).toEqual([0, 1, 0]);
    expect(by.get('s1')?.cells[0]?.nps).toBeNull();
    expect(t.missing).toBe(1);
    // columns: web P2 Pa1, store P1 D2, __proto__ P1; grand total = hq's margin
    expect(t.columns.map((c) => c.total?.n)).toEqual([3, 3, 1]);
    expect(t.total.total).toEqual(by.get('hq')?.total.total);
    expect(t.total.total?.n).toBe(7);
    // level filter
    expect(crossTab(h, rows, { by: 'channel', level: 'store' }).rows.map((r) => r.id)).toEqual([
      'n1',
      'n2',
      's1',
    ]);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('hand-checked suppression along rows and down columns', () => {
    // minSample 2 on the stores' table: n1 web 2, store 1 → store hidden (primary), so the row
    // n1 (margin 3) needs a second hidden cell: web (2) is hidden too.
    const t = crossTab(h, rows, { by: 'channel', level: 'store', minSample: 2 });
    const n1 = t.rows.find((r) => r.id === 'n1');
    expect(n1?.cells.map((c) => c.suppressed)).toEqual([true, true, false]);
    expect(n1?.cells[0]).toMatchObject({ total: null, nps: null, low: null, high: null });
    expect(n1?.total.suppressed).toBe(false);
  });

  it('properties: cells sum to the node margin, equal a brute-force count, and rows, columns and tallies agree', () => {
    fc.assert(
      fc.property(caseArb, ([nodes, resp]) => {
        const hh = buildHierarchy(nodes);
        const frozen = structuredClone(resp);
        const t = crossTab(hh, resp, { by: 'channel' });
        expect(resp).toEqual(frozen);
        const r = rollup(hh, resp);
        const totals = new Map(r.nodes.map((n) => [n.id, n.total]));
        for (const row of t.rows) {
          for (const key of ['promoters', 'passives', 'detractors', 'n'] as const) {
            const sum = row.cells.reduce((s, c) => s + (c.total?.[key] ?? 0), 0);
            expect(row.total.total?.[key]).toBe(sum);
            expect(row.total.total?.[key]).toBe(totals.get(row.id)?.[key]);
          }
          row.cells.forEach((c, j) => {
            const mine = resp.filter(
              (x) => x.channel === t.segments[j] && hh.path(x.nodeId).includes(row.id),
            );
            expect(c.total?.n).toBe(mine.length);
            expect(c.total?.promoters).toBe(mine.filter((x) => x.score >= 8).length);
          });
        }
        const cols = {
          score: resp.map((x) => x.score),
          nodeId: resp.map((x) => x.nodeId),
          channel: resp.map((x) => x.channel),
        };
        expect(crossTab(hh, cols as never, { by: 'channel' })).toEqual(t);
        const tallies = resp.map((x) => ({
          nodeId: x.nodeId,
          channel: x.channel,
          tally: unitTally(x.score),
        }));
        expect(crossTab(hh, tallies as never, { by: 'channel' })).toEqual(t);
      }),
    );
  });

  it('suppression cannot be undone by subtraction within rows or columns (property)', () => {
    fc.assert(
      fc.property(caseArb, ([nodes, resp, minSample]) => {
        const hh = buildHierarchy(nodes);
        const full = crossTab(hh, resp, { by: 'channel' });
        const t: CrossTabResult = crossTab(hh, resp, { by: 'channel', minSample });
        const fullBy = new Map(full.rows.map((r) => [r.id, r]));
        const by = new Map(t.rows.map((r) => [r.id, r]));
        const W = t.segments.length;
        // a line: a published total and published parts (plus the count of unpublished own parts)
        const check = (
          total: { hidden: boolean; n: number },
          parts: { hidden: boolean; n: number }[],
          ownN: number,
        ) => {
          // only groups of 1 to minSample − 1 answers are protected: a cell withheld as a
          // complement holds at least minSample and may be derivable
          const hidden = parts.filter((p) => p.hidden && p.n > 0);
          if (ownN === 0 && !total.hidden && hidden.length === 1) {
            expect(hidden[0]?.n ?? 0).toBeGreaterThanOrEqual(minSample);
          }
          if (ownN === 0 && total.hidden && total.n > 0 && total.n < minSample) {
            expect(hidden.length).toBeGreaterThan(0);
          }
        };
        const cellOf = (id: string, j: number) => {
          const a = by.get(id);
          const f = fullBy.get(id);
          const c = j < W ? a?.cells[j] : a?.total;
          const fc0 = j < W ? f?.cells[j] : f?.total;
          return { hidden: c?.suppressed ?? false, n: fc0?.total?.n ?? 0 };
        };
        for (const row of t.rows) {
          const f = fullBy.get(row.id);
          // primary suppression of every published cell
          [...row.cells, row.total].forEach((c, j) => {
            const n = (j < W ? f?.cells[j] : f?.total)?.total?.n ?? 0;
            if (n > 0 && n < minSample) expect(c.suppressed).toBe(true);
            if (c.suppressed) expect(c.total).toBeNull();
          });
          // along the row: margin = Σ cells
          check(
            cellOf(row.id, W),
            row.cells.map((_, j) => cellOf(row.id, j)),
            0,
          );
          // down the column within the tree: node = own + Σ children, per segment and margin
          const kids = t.rows.filter((k) => k.parentId === row.id);
          for (let j = 0; j <= W; j++) {
            const childSum = kids.reduce((s, k) => s + cellOf(k.id, j).n, 0);
            const ownN = cellOf(row.id, j).n - childSum;
            check(
              cellOf(row.id, j),
              kids.map((k) => cellOf(k.id, j)),
              ownN,
            );
          }
        }
        // column margins and grand total
        const gm = (
          c: { suppressed: boolean },
          fcell: { total: { n: number } | null } | undefined,
        ) => ({
          hidden: c.suppressed,
          n: fcell?.total?.n ?? 0,
        });
        check(
          gm(t.total, full.total),
          t.columns.map((c, j) => gm(c, full.columns[j])),
          0,
        );
        const roots = t.rows.filter((r) => r.parentId === null);
        for (let j = 0; j < W; j++) {
          check(
            gm(t.columns[j] as never, full.columns[j]),
            roots.map((r) => cellOf(r.id, j)),
            0,
          );
        }
      }),
    );
  });

  it('dated replay: a moved store’s answers under its former region are protected in every column', () => {
    // one channel; north = n1 (10) + s's 2 answers before its move; south = s after (5) + t (10)
    const d = buildHierarchy(
      movedStoreTree([
        { id: 'n1', parentId: 'north' },
        { id: 't', parentId: 'south' },
      ]),
    );
    const at = (k: number, nodeId: string, score: number, when: number) =>
      Array.from({ length: k }, () => ({ nodeId, score, at: when, channel: 'web' }));
    const resp = [
      ...at(2, 's', 1, move - 1),
      ...at(5, 's', 10, move),
      ...at(10, 'n1', 9, move),
      ...at(10, 't', 9, move),
    ];
    const x = crossTab(d, resp, { by: 'channel', minSample: 3 });
    const row = new Map(x.rows.map((r) => [r.id, r]));
    // north's web cell (12) minus n1's (10) would reveal the 2 answers: n1 is hidden too
    expect(row.get('north')?.cells[0]?.total?.n).toBe(12);
    expect(row.get('n1')?.cells[0]?.suppressed).toBe(true);
    expect(row.get('n1')?.total.suppressed).toBe(true);
    // without suppression the split is visible in the counts
    const open = crossTab(d, resp, { by: 'channel' });
    expect(open.rows.find((r) => r.id === 'north')?.total.total?.n).toBe(12);
    expect(open.rows.find((r) => r.id === 'n1')?.total.total?.n).toBe(10);
  });

  it('errors', () => {
    expect(codeOf(() => crossTab(h, rows, { by: '' }))).toBe('invalid_option');
    expect(codeOf(() => crossTab(h, rows, { by: 'channel', level: 'city' }))).toBe('invalid_level');
    expect(codeOf(() => crossTab(h, rows, { by: 'channel', level: 7 }))).toBe('invalid_level');
    expect(
      codeOf(() =>
        crossTab(h, [{ nodeId: 'n1', score: 9, channel: 3 }] as never, { by: 'channel' }),
      ),
    ).toBe('invalid_input');
    expect(
      codeOf(() => crossTab(h, [{ nodeId: 'zz', score: 9, channel: 'web' }], { by: 'channel' })),
    ).toBe('unknown_node');
    const ex = crossTab(h, [{ nodeId: 'zz', score: 9, channel: 'web' }], {
      by: 'channel',
      onUnknownNode: 'exclude',
    });
    expect(ex.excludedN).toBe(1);
    expect(ex.total.total?.n).toBe(0);
  });
});
