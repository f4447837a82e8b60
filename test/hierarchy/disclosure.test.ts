import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { crossTab } from '../../src/hierarchy/crossTab.ts';
import { publishTables } from '../../src/hierarchy/publishTables.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';
import { type Group, recoverable } from '../_attacker.ts';
import {
  type Answer,
  CHANNELS,
  hierarchyOf,
  naturalGroups,
  ownGroup,
  pairGroup,
  totalGroup,
  type World,
  worldArb,
} from './_world.ts';

const rep = (nodeId: string, scores: readonly number[], at: number, extra = {}) =>
  scores.map((score) => ({ nodeId, score, at, ...extra }));
const times = (k: number, score: number) => Array.from({ length: k }, () => score);

/** What rollup publishes, as groups of answers (a vsParent reveals the part under that parent). */
function rollupGroups(w: World, r: ReturnType<typeof rollup>): Group<Answer>[] {
  const out: Group<Answer>[] = [];
  for (const n of r.nodes) {
    if (n.total !== null) out.push(totalGroup(w, n.id));
    if (n.own !== null) out.push(ownGroup(n.id));
    if (n.vsParent !== null) out.push(pairGroup(w, n.id, n.parentId));
  }
  return out;
}

function trendGroups(w: World, t: ReturnType<typeof trendByNode>): Group<Answer>[] {
  return t.nodes.flatMap((n) =>
    n.points.flatMap((p, k) => (p.suppressed ? [] : [totalGroup(w, n.id, { month: k })])),
  );
}

function crossGroups(w: World, t: ReturnType<typeof crossTab>): Group<Answer>[] {
  const out: Group<Answer>[] = [];
  for (const row of t.rows) {
    row.cells.forEach((c, j) => {
      if (!c.suppressed) out.push(totalGroup(w, row.id, { channel: t.segments[j] ?? '' }));
    });
    if (!row.total.suppressed) out.push(totalGroup(w, row.id, { channel: null }));
  }
  t.columns.forEach((c, j) => {
    if (!c.suppressed)
      out.push({ name: `column ${String(j)}`, has: (a) => a.channel === t.segments[j] });
  });
  if (!t.total.suppressed) {
    out.push({ name: 'grand total', has: (a) => CHANNELS.includes(a.channel) });
  }
  return out;
}

describe('suppression: the reproductions of the review (issue 10)', () => {
  it('dated rollup: a moved store’s few answers under its former region stay hidden', () => {
    // hq → north {n1, n2}, south {s2}; S under north until the change (answers 10, 2, 2), under
    // south after it (30 answers); n1, n2, s2 40 each; minSample 5.
    const before = Date.UTC(2025, 0, 10);
    const after = Date.UTC(2025, 2, 10);
    const answers = [
      ...rep('S', [10, 2, 2], before),
      ...rep('S', [...times(20, 9), ...times(10, 4)], after),
      ...rep('n1', [...times(25, 10), ...times(15, 3)], after),
      ...rep('n2', [...times(10, 8), ...times(30, 6)], before),
      ...rep('s2', [...times(20, 7), ...times(20, 1)], after),
    ].map((a) => ({ ...a, channel: 'A' }));
    const w: World = {
      nodes: [
        { id: 'hq', before: null, after: null },
        { id: 'north', before: 'hq', after: 'hq' },
        { id: 'south', before: 'hq', after: 'hq' },
        { id: 'n1', before: 'north', after: 'north' },
        { id: 'n2', before: 'north', after: 'north' },
        { id: 's2', before: 'south', after: 'south' },
        { id: 'S', before: 'north', after: 'south' },
      ],
      answers,
    };
    const r = rollup(buildHierarchy(hierarchyOf(w)), answers, { minSample: 5 });
    expect(recoverable(answers, rollupGroups(w, r), naturalGroups(w), 5)).toEqual([]);
    // Before: S's total (33), its comparison with south (its 30 answers there), north and n1
    // were all published, so S under north = 33 − 30 and then n2 = north − n1 − 3.
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('S')?.total?.n).toBe(33);
    expect(by.get('hq')?.n).toBe(153);
    const pinned = [
      by.get('S')?.suppressed,
      by.get('S')?.vsParent === null,
      by.get('north')?.suppressed,
    ];
    expect(pinned).toContain(true);
  });

  it('trendByNode: a store closed mid-month is not north minus the stores still open', () => {
    // A under north until Jan 20 with 2 answers in January, B in north with 30, C in south with 30
    const jan20 = Date.UTC(2025, 0, 20);
    const h = buildHierarchy([
      { id: 'hq', parentId: null },
      { id: 'north', parentId: 'hq' },
      { id: 'south', parentId: 'hq' },
      { id: 'A', parentId: 'north', validTo: jan20 },
      { id: 'B', parentId: 'north' },
      { id: 'C', parentId: 'south' },
    ]);
    const rows = [
      ...rep('A', [10, 3], Date.UTC(2025, 0, 5)),
      ...rep('B', times(30, 9), Date.UTC(2025, 0, 25)),
      ...rep('C', times(30, 4), Date.UTC(2025, 0, 25)),
    ];
    const t = trendByNode(h, rows, { period: 'month', minSample: 5 });
    const at = new Map(t.nodes.map((n) => [n.id, n.points[0]]));
    // before: north 32 and B 30 published, A = north − B. Now one of them is withheld.
    expect(at.get('north')?.suppressed === true || at.get('B')?.suppressed === true).toBe(true);
    expect(at.get('hq')?.n).toBe(62);
    expect(at.get('C')?.n).toBe(30);
  });

  it('crossTab: no cell is two row remainders minus two column remainders', () => {
    // stores s1–s4 × channels A–D: 20 answers per cell except s1/s2 × A/B and s3/s4 × C/D (2
    // each) and s1 × C = [10, 2, 2]
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      ...['s1', 's2', 's3', 's4'].map((id) => ({ id, parentId: 'all' })),
    ]);
    const rows: { nodeId: string; score: number; channel: string }[] = [];
    for (const s of ['s1', 's2', 's3', 's4']) {
      for (const ch of ['A', 'B', 'C', 'D']) {
        const small =
          (['s1', 's2'].includes(s) && ['A', 'B'].includes(ch)) ||
          (['s3', 's4'].includes(s) && ['C', 'D'].includes(ch));
        const scores =
          s === 's1' && ch === 'C'
            ? [10, 2, 2]
            : Array.from({ length: small ? 2 : 20 }, (_, i) => (i % 10) + 1);
        for (const score of scores) rows.push({ nodeId: s, score, channel: ch });
      }
    }
    const t = crossTab(h, rows, { by: 'channel', minSample: 5 });
    const published: Group<(typeof rows)[number]>[] = [];
    for (const row of t.rows) {
      const under = (x: (typeof rows)[number]) => row.id === 'all' || x.nodeId === row.id;
      row.cells.forEach((c, j) => {
        if (!c.suppressed) {
          published.push({
            name: `${row.id}×${String(j)}`,
            has: (x) => under(x) && x.channel === t.segments[j],
          });
        }
      });
      if (!row.total.suppressed) published.push({ name: `${row.id} total`, has: under });
    }
    t.columns.forEach((c, j) => {
      if (!c.suppressed)
        published.push({ name: `col ${String(j)}`, has: (x) => x.channel === t.segments[j] });
    });
    if (!t.total.suppressed) published.push({ name: 'total', has: () => true });
    const targets = ['s1', 's2', 's3', 's4'].flatMap((s) =>
      ['A', 'B', 'C', 'D'].map((ch) => ({
        name: `${s}×${ch}`,
        has: (x: (typeof rows)[number]) => x.nodeId === s && x.channel === ch,
      })),
    );
    expect(recoverable(rows, published, targets, 5)).toEqual([]);
    // the 3 answers of s1 × C are withheld, and the grand total is still published
    expect(t.rows.find((r) => r.id === 's1')?.cells[2]?.suppressed).toBe(true);
    expect(t.total.n).toBe(7 * 20 + 8 * 2 + 3);
  });
});

describe('suppression: an attacker solving the linear system recovers no small group (properties)', () => {
  const minSampleArb = fc.integer({ min: 2, max: 6 });

  it('rollup, on random dated and undated organisations', () => {
    fc.assert(
      fc.property(fc.boolean(), minSampleArb, (dated, minSample) => {
        fc.assert(
          fc.property(worldArb(dated), (w) => {
            const r = rollup(buildHierarchy(hierarchyOf(w)), w.answers, { minSample });
            expect(recoverable(w.answers, rollupGroups(w, r), naturalGroups(w), minSample)).toEqual(
              [],
            );
          }),
          { numRuns: 40 },
        );
      }),
      { numRuns: 6 },
    );
  });

  it('trendByNode, with structures changing inside a month', () => {
    fc.assert(
      fc.property(worldArb(true), minSampleArb, (w, minSample) => {
        const t = trendByNode(buildHierarchy(hierarchyOf(w)), w.answers, {
          period: 'month',
          from: Date.UTC(2025, 0, 1),
          to: Date.UTC(2025, 3, 1),
          minSample,
        });
        const targets = [0, 1, 2].flatMap((month) => naturalGroups(w, { month }));
        expect(recoverable(w.answers, trendGroups(w, t), targets, minSample)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('crossTab, on random dated trees and channels', () => {
    fc.assert(
      fc.property(worldArb(true), minSampleArb, (w, minSample) => {
        const t = crossTab(buildHierarchy(hierarchyOf(w)), w.answers as never, {
          by: 'channel',
          minSample,
        });
        const targets = [...CHANNELS, null].flatMap((channel) => naturalGroups(w, { channel }));
        expect(recoverable(w.answers, crossGroups(w, t), targets, minSample)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('publishTables: the tables published together are protected together', () => {
  it('a hidden month is not the all-time total minus the other months (review reproduction)', () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 's1', parentId: 'all' },
      { id: 's2', parentId: 'all' },
    ]);
    const rows = [
      ...rep('s1', times(6, 9), Date.UTC(2025, 0, 5)),
      ...rep('s1', [3, 4], Date.UTC(2025, 1, 5)),
      ...rep('s1', times(6, 8), Date.UTC(2025, 2, 5)),
      ...rep('s2', times(9, 10), Date.UTC(2025, 0, 5)),
      ...rep('s2', times(9, 7), Date.UTC(2025, 1, 5)),
      ...rep('s2', times(9, 2), Date.UTC(2025, 2, 5)),
    ];
    // Separately, each table is protected on its own, but together s1's February (2 answers)
    // is its all-time total (14) minus January (6) and March (6).
    const alone = trendByNode(h, rows, { period: 'month', minSample: 5 });
    const s1 = alone.nodes.find((n) => n.id === 's1');
    expect(s1?.points.map((p) => p.n)).toEqual([6, null, 6]);
    expect(rollup(h, rows, { minSample: 5 }).nodes.find((n) => n.id === 's1')?.n).toBe(14);
    const t = publishTables(h, rows, { minSample: 5, trend: { period: 'month' } });
    const w: World = {
      nodes: [
        { id: 'all', before: null, after: null },
        { id: 's1', before: 'all', after: 'all' },
        { id: 's2', before: 'all', after: 'all' },
      ],
      answers: rows.map((x) => ({ ...x, channel: 'A' })),
    };
    const published = [
      ...rollupGroups(w, t.rollup),
      ...trendGroups(w, t.trendByNode as ReturnType<typeof trendByNode>),
    ];
    const targets = [
      ...naturalGroups(w),
      ...[0, 1, 2].flatMap((month) => naturalGroups(w, { month })),
    ];
    expect(recoverable(w.answers, published, targets, 5)).toEqual([]);
    // the unprotected figures are exactly the separate tables'
    const figures = (x: { n: number | null; nps: number | null }) => [x.n, x.nps];
    const sep = rollup(h, rows, { minSample: 5 });
    t.rollup.nodes.forEach((n, i) => {
      if (!n.suppressed) expect(figures(n)).toEqual(figures(sep.nodes[i] as typeof n));
    });
  });

  it('rollup, cube and cross-table together, on random dated organisations (property)', () => {
    fc.assert(
      fc.property(worldArb(true), fc.integer({ min: 2, max: 6 }), (w, minSample) => {
        // some answers without a channel, and a cube that ends before March
        const answers = w.answers.map((a, i) => (i % 7 === 3 ? { ...a, channel: '' } : a));
        const input = answers.map((a) => (a.channel === '' ? { ...a, channel: undefined } : a));
        const wm = { ...w, answers };
        const end = Date.UTC(2025, 2, 1);
        const t = publishTables(buildHierarchy(hierarchyOf(w)), input as never, {
          minSample,
          trend: { period: 'month', from: Date.UTC(2025, 0, 1), to: end - 1 },
          crossTabs: [{ by: 'channel' }],
        });
        const published = [
          ...rollupGroups(wm, t.rollup),
          ...trendGroups(wm, t.trendByNode as ReturnType<typeof trendByNode>),
          ...crossGroups(wm, t.crossTabs[0] as ReturnType<typeof crossTab>),
        ];
        if (t.trendByNode?.outsideN !== null) {
          published.push({ name: 'outside', has: (a: Answer) => a.at >= end });
        }
        if (t.crossTabs[0]?.missing !== null) {
          published.push({ name: 'missing', has: (a: Answer) => a.channel === '' });
        }
        const targets = [
          ...naturalGroups(w),
          ...[0, 1, 2].flatMap((month) => naturalGroups(w, { month })),
          ...[...CHANNELS, null, ''].flatMap((channel) => naturalGroups(wm, { channel })),
        ];
        expect(recoverable(answers, published, targets, minSample)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('answers without a channel and outside the calendar are protected too (review reproductions)', () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 's1', parentId: 'all' },
      { id: 's2', parentId: 'all' },
    ]);
    const jan = Date.UTC(2025, 0, 5);
    const rows = [
      ...rep('s1', times(10, 9), jan, { channel: 'web' }),
      ...rep('s1', times(10, 7), jan, { channel: 'shop' }),
      ...rep('s1', [2, 2], jan),
      ...rep('s2', times(10, 10), jan, { channel: 'web' }),
      ...rep('s2', times(10, 5), jan, { channel: 'shop' }),
    ];
    // before: rollup s1 = 22, its cross-table row = 20 → its 2 answers without a channel
    const t = publishTables(h, rows, { minSample: 5, crossTabs: [{ by: 'channel' }] });
    const s1 = t.rollup.nodes.find((n) => n.id === 's1');
    const row = t.crossTabs[0]?.rows.find((r) => r.id === 's1');
    expect(s1?.suppressed === true || row?.total.suppressed === true).toBe(true);
    expect(t.crossTabs[0]?.missing).toBeNull();
    // s1: 10 in January, 10 in February, 2 in March; the cube stops at February
    const by = (m: number) => Date.UTC(2025, m, 5);
    const rows2 = [
      ...rep('s1', times(10, 9), by(0)),
      ...rep('s1', times(10, 9), by(1)),
      ...rep('s1', [2, 2], by(2)),
      ...['s2'].flatMap((s) => [0, 1, 2].flatMap((m) => rep(s, times(10, 9), by(m)))),
    ];
    const t2 = publishTables(h, rows2, {
      minSample: 5,
      trend: { period: 'month', to: Date.UTC(2025, 1, 28) },
    });
    const w: World = {
      nodes: [
        { id: 'all', before: null, after: null },
        { id: 's1', before: 'all', after: 'all' },
        { id: 's2', before: 'all', after: 'all' },
      ],
      answers: rows2.map((x) => ({ ...x, channel: 'A' })),
    };
    const published = [
      ...rollupGroups(w, t2.rollup),
      ...trendGroups(w, t2.trendByNode as ReturnType<typeof trendByNode>),
    ];
    if (t2.trendByNode?.outsideN !== null) {
      published.push({ name: 'outside', has: (a) => a.at >= Date.UTC(2025, 2, 1) });
    }
    const targets = [0, 1, 2].flatMap((month) => naturalGroups(w, { month }));
    expect(recoverable(w.answers, published, targets, 5)).toEqual([]);
  });

  it('without minSample, the tables are the separate functions’ results', () => {
    fc.assert(
      fc.property(worldArb(true), (w) => {
        const h = buildHierarchy(hierarchyOf(w));
        const trend = {
          period: 'month',
          from: Date.UTC(2025, 0, 1),
          to: Date.UTC(2025, 3, 1),
        } as const;
        const t = publishTables(h, w.answers as never, { trend, crossTabs: [{ by: 'channel' }] });
        expect(t.rollup).toEqual(rollup(h, w.answers));
        expect(t.trendByNode).toEqual(trendByNode(h, w.answers, trend));
        expect(t.crossTabs[0]).toEqual(crossTab(h, w.answers as never, { by: 'channel' }));
      }),
      { numRuns: 30 },
    );
  });
});

describe('publishTables: options', () => {
  it('an error names its place among the tables asked for', () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 's1', parentId: 'all' },
    ]);
    const rows = [{ nodeId: 's1', score: 9, at: Date.UTC(2025, 0, 5), channel: 'web' }];
    const err = (() => {
      try {
        publishTables(h, rows, {
          minSample: 2,
          crossTabs: [{ by: 'channel' }, { by: 'channel', level: 7 }],
        });
      } catch (e) {
        return e as { code?: string; path?: unknown };
      }
      return null;
    })();
    expect(err?.code).toBe('invalid_level');
    expect(err?.path).toEqual(['crossTabs', 1, 'level']);
    expect(() =>
      publishTables(h, rows, { minSample: 2, trend: { period: 'fortnight' as never } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});
