// driversByNode(hierarchy, input, { onUnknownNode }): rows whose node is missing, unknown or not
// in the structure at asOf are an error (default) or, with 'exclude', left out and counted by
// reason and node id exactly as rollup reports them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  type DriverRow,
  driversByNode,
  type Exclusion,
  NpsInputError,
  rollup,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const closed = Date.UTC(2024, 0, 1);
/** hq → s1, s2, and `old`, a store closed on 1 January 2024. */
const h = buildHierarchy([
  { id: 'hq', parentId: null, level: 'company' },
  { id: 's1', parentId: 'hq', level: 'store' },
  { id: 's2', parentId: 'hq', level: 'store' },
  { id: 'old', parentId: 'hq', level: 'store', validTo: closed },
]);

// Kept rows: s1 (score, a) = (2, 1), (4, 2), (9, 3) and one with a missing rating; s2 = (6, 4),
// (9, 5), (10, 6). Left out: two rows of the unknown store 'zz', one without nodeId and one with
// nodeId null (both missing), two of 'old' (not in the latest structure). The left-out rows have
// ratings that would change every figure if they were counted.
const rows: DriverRow[] = [
  { nodeId: 's1', score: 2, ratings: { a: 1 } }, // 0
  { nodeId: 's1', score: 4, ratings: { a: 2 } }, // 1
  { nodeId: 'zz', score: 1, ratings: { a: 6 } }, // 2
  { nodeId: 's2', score: 6, ratings: { a: 4 } }, // 3
  { score: 1, ratings: { a: 6 } }, // 4
  { nodeId: 'old', score: 10, ratings: { a: 1 } }, // 5
  { nodeId: 's2', score: 9, ratings: { a: 5 } }, // 6
  { nodeId: 'zz', score: 2, ratings: { a: 5 } }, // 7
  // as a SQL export holds an unknown node
  { nodeId: null as unknown as string, score: 1, ratings: { a: 6 } }, // 8
  { nodeId: 's1', score: 9, ratings: { a: 3 } }, // 9
  { nodeId: 'old', score: 10, ratings: { a: 2 } }, // 10
  { nodeId: 's2', score: 10, ratings: { a: 6 } }, // 11
  { nodeId: 's1', score: 5, ratings: { a: null } }, // 12
];
const bad = new Set([2, 4, 5, 7, 8, 10]);
const kept = rows.filter((_, i) => !bad.has(i));

describe("driversByNode(h, rows, { onUnknownNode: 'exclude' })", () => {
  it('counts the rows left out by reason and node id, and analyses the rest (hand-computed)', () => {
    const r = driversByNode(h, rows, { minSample: 3, onUnknownNode: 'exclude' });
    // as rollup groups them: missing/unknown ids in order of first appearance, then not-valid ids
    expect(r.excluded).toEqual([
      { reason: 'unknown_node', nodeId: 'zz', n: 2, firstIndex: 2 },
      { reason: 'missing_node', nodeId: null, n: 2, firstIndex: 4 },
      { reason: 'node_not_valid', nodeId: 'old', n: 2, firstIndex: 5 },
    ] satisfies Exclusion[]);
    expect(r.excludedN).toBe(6);
    // 'old' is not in the latest structure, so it is not reported
    expect(r.nodes.map((x) => [x.id, x.stats.n, x.stats.excludedN, x.skipped])).toEqual([
      ['hq', 6, 1, null],
      ['s1', 3, 1, null],
      ['s2', 3, 0, null],
    ]);
    // One driver: raw LMG = r² = Sxy² / (Sxx·Syy) over the complete rows.
    // s1: a 1,2,3 (Sxx 2); score 2,4,9 (mean 5, Syy 9+1+16 = 26); Sxy = 3 + 0 + 4 = 7 → 49/52.
    // s2: a 4,5,6 (Sxx 2); score 6,9,10 (mean 25/3, Syy 78/9); Sxy = 7/3 + 5/3 = 4 → 48/52 = 12/13.
    // hq: a 1..6 (Sxx 17.5); score 2,4,9,6,9,10 (mean 20/3, Syy 318 − 6·400/9 = 154/3);
    //     Sxy = −5 − 6 − 4.5 + 3 + 13.5 + 25 = 26 → 676 / (17.5·154/3) = 2028/2695.
    const raw = r.nodes.map((x) => x.importance?.drivers[0]?.raw ?? Number.NaN);
    expect(raw[0]).toBeCloseTo(2028 / 2695, 12);
    expect(raw[1]).toBeCloseTo(49 / 52, 12);
    expect(raw[2]).toBeCloseTo(12 / 13, 12);
  });

  it('equals the result on the input without the excluded rows', () => {
    const a = driversByNode(h, rows, { minSample: 3, onUnknownNode: 'exclude' });
    const b = driversByNode(h, kept, { minSample: 3 });
    expect(a.nodes).toEqual(b.nodes);
    expect([b.excluded, b.excludedN]).toEqual([[], 0]);
  });

  it('a driver only excluded rows rate is not analysed, as if those rows were absent', () => {
    const more = [...rows, { nodeId: 'zz', score: 3, ratings: { a: 2, b: 7 } }];
    const r = driversByNode(h, more, { minSample: 3, onUnknownNode: 'exclude' });
    expect(r.nodes.map((x) => x.stats.drivers)).toEqual([['a'], ['a'], ['a']]);
    expect(r.excluded[0]).toEqual({ reason: 'unknown_node', nodeId: 'zz', n: 3, firstIndex: 2 });
    expect(r.nodes).toEqual(driversByNode(h, kept, { minSample: 3 }).nodes);
  });

  it('reports the same exclusions as rollup on the same rows', () => {
    const scores = rows.map((r) => ({ nodeId: r.nodeId as string, score: r.score }));
    const fromRollup = rollup(h, scores, { onUnknownNode: 'exclude', structure: 'as-of' });
    const r = driversByNode(h, rows, { minSample: 3, onUnknownNode: 'exclude' });
    // rollup (today) keeps an absent nodeId and `nodeId: null` in two 'missing_node' groups;
    // merged by (reason, nodeId) its exclusions are driversByNode's, in the same order
    const merged: Exclusion[] = [];
    for (const e of fromRollup.excluded) {
      const k = merged.findIndex((m) => m.reason === e.reason && m.nodeId === e.nodeId);
      const m = merged[k];
      if (m === undefined) merged.push(e);
      else merged[k] = { ...m, n: m.n + e.n, firstIndex: Math.min(m.firstIndex, e.firstIndex) };
    }
    expect(r.excluded).toEqual(merged);
    expect(r.excludedN).toBe(fromRollup.excludedN);
  });

  it('at an asOf when the closed store existed, its rows count and only zz and the missing are left out', () => {
    const r = driversByNode(h, rows, {
      minSample: 2,
      onUnknownNode: 'exclude',
      asOf: Date.UTC(2023, 5, 1),
    });
    expect(r.excluded.map((e) => [e.reason, e.nodeId, e.n])).toEqual([
      ['unknown_node', 'zz', 2],
      ['missing_node', null, 2],
    ]);
    expect(r.excludedN).toBe(4);
    expect(r.nodes.map((x) => [x.id, x.stats.n])).toEqual([
      ['hq', 8],
      ['s1', 3],
      ['s2', 3],
      ['old', 2],
    ]);
  });

  it('columns (plain and dictionary-encoded nodeId) and options.nodes exclude the same rows', () => {
    const ids = rows.map((r) => r.nodeId ?? undefined);
    const cols = {
      score: rows.map((r) => r.score),
      ratings: { a: rows.map((r) => (r.ratings as { a: number | null }).a ?? Number.NaN) },
    };
    const viaRows = driversByNode(h, rows, { minSample: 3, onUnknownNode: 'exclude' });
    const plain = driversByNode(
      h,
      { ...cols, nodeId: ids as string[] },
      { minSample: 3, onUnknownNode: 'exclude' },
    );
    const values = ['s1', 'zz', 's2', 'old'];
    const dict = driversByNode(
      h,
      {
        ...cols,
        nodeId: { codes: Int32Array.from(ids, (id) => values.indexOf(id ?? '')), values },
      },
      { minSample: 3, onUnknownNode: 'exclude' },
    );
    const viaNodes = driversByNode(
      h,
      rows.map(({ score, ratings }) => ({ score, ratings })),
      { minSample: 3, onUnknownNode: 'exclude', nodes: ids as string[] },
    );
    for (const other of [plain, dict, viaNodes]) {
      expect(other.excluded).toEqual(viaRows.excluded);
      expect(other.excludedN).toBe(6);
      expect(other.nodes.map((x) => x.stats)).toEqual(viaRows.nodes.map((x) => x.stats));
    }
  });

  it('dictionary codes are checked as rollup checks them: bad codes are errors, not missing nodes', () => {
    const cols = {
      score: [9, 9, 3, 8, 7, 2],
      ratings: { a: [1, 2, 3, 4, 5, 6] },
    };
    const values = ['s1', 's2'];
    for (const bad of [2, 7, Number.NaN, 1.5, -0.5, 2 ** 32]) {
      const codes = [0, 1, 0, bad, 1, 0];
      for (const onUnknownNode of ['error', 'exclude'] as const) {
        const e = thrown(() =>
          driversByNode(h, { ...cols, nodeId: { codes, values } }, { minSample: 2, onUnknownNode }),
        );
        expect(e.code).toBe('invalid_input');
        expect(e.index).toBe(3);
        // the same column is refused by rollup, with the same code
        expect(thrown(() => rollup(h, { score: cols.score, nodeId: { codes, values } })).code).toBe(
          'invalid_input',
        );
      }
    }
    // a negative integer code is a missing node, as in rollup
    const missing = driversByNode(
      h,
      { ...cols, nodeId: { codes: [0, 1, 0, -1, 1, 0], values } },
      { minSample: 2, onUnknownNode: 'exclude' },
    );
    expect(missing.excluded).toEqual([
      { reason: 'missing_node', nodeId: null, n: 1, firstIndex: 3 },
    ]);
  });
});

describe('driversByNode(h, rows) by default, and onUnknownNode: error', () => {
  it('throws unknown_node at the first row that cannot be placed', () => {
    for (const options of [{}, { onUnknownNode: 'error' as const }]) {
      const e = thrown(() => driversByNode(h, rows, { minSample: 3, ...options }));
      expect([e.code, e.index, e.path, e.received]).toEqual([
        'unknown_node',
        2,
        [2, 'nodeId'],
        'zz',
      ]);
      expect(e.message).toMatchInlineSnapshot(
        `"driversByNode: response at index 2 has nodeId "zz", which is not in the hierarchy (pass onUnknownNode: 'exclude' to count such responses as excluded)"`,
      );
    }
  });

  it('names a missing node and a node not in the structure at asOf', () => {
    expect(
      thrown(() => driversByNode(h, [kept[0], rows[4]] as DriverRow[])).message,
    ).toMatchInlineSnapshot(
      `"driversByNode: response at index 1 has no nodeId (pass onUnknownNode: 'exclude' to count such responses as excluded)"`,
    );
    const e = thrown(() => driversByNode(h, [kept[0], rows[5]] as DriverRow[]));
    expect([e.code, e.index, e.received]).toEqual(['unknown_node', 1, 'old']);
    expect(e.message).toMatchInlineSnapshot(
      `"driversByNode: response at index 1 has nodeId "old", which does not exist at the asOf date (pass onUnknownNode: 'exclude' to count such responses as excluded)"`,
    );
    expect(
      thrown(() => driversByNode(h, [kept[0], rows[5]] as DriverRow[], { asOf: closed })).message,
    ).toContain('has nodeId "old", which does not exist at the asOf date');
  });

  it('rows are validated whether or not they are excluded', () => {
    const withBadScore = rows.map((r, i) =>
      i === 2 ? { ...r, score: Number.POSITIVE_INFINITY } : r,
    );
    const e = thrown(() =>
      driversByNode(h, withBadScore, { minSample: 3, onUnknownNode: 'exclude' }),
    );
    expect([e.code, e.index]).toEqual(['non_finite', 2]);
  });

  it('refuses other values', () => {
    expect(
      thrown(() => driversByNode(h, kept, { onUnknownNode: 'drop' as unknown as 'exclude' })).code,
    ).toBe('invalid_option');
  });
});

describe('property: excluding equals removing', () => {
  const nodeArb = fc.constantFrom<string | null | undefined>(
    'hq',
    's1',
    's2',
    'old',
    'zz',
    '__proto__',
    null,
    undefined,
  );
  const rating = fc.option(fc.integer({ min: 1, max: 10 }), { nil: null });
  const rowArb = fc.record({
    nodeId: nodeArb,
    score: fc.integer({ min: 1, max: 10 }),
    ratings: fc.record({ a: rating, b: rating }, { requiredKeys: ['a'] }),
  });
  const outcome = (f: () => { nodes: unknown }) => {
    try {
      return f().nodes;
    } catch (e) {
      if (e instanceof NpsInputError) return { code: e.code };
      throw e;
    }
  };

  it('driversByNode(h, rows, exclude).nodes = driversByNode(h, rows without the excluded).nodes; counts add up', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.constantFrom(undefined, Date.UTC(2023, 5, 1)),
        fc.constantFrom('lmg', 'johnson', 'first'),
        (rs, asOf, metric) => {
          const input: DriverRow[] = rs.map(({ nodeId, ...r }) =>
            nodeId === undefined ? r : { ...r, nodeId: nodeId as string },
          );
          const valid = new Set(
            asOf === undefined ? ['hq', 's1', 's2'] : ['hq', 's1', 's2', 'old'],
          );
          const without = input.filter((r) => valid.has(r.nodeId as string));
          const options = { minSample: 4, metric, ...(asOf === undefined ? {} : { asOf }) };
          const a = outcome(() =>
            driversByNode(h, input, { ...options, onUnknownNode: 'exclude' }),
          );
          const b = outcome(() => driversByNode(h, without, options));
          expect(a).toEqual(b);
          if (!Array.isArray(a)) return;
          const r = driversByNode(h, input, { ...options, onUnknownNode: 'exclude' });
          expect(r.excludedN).toBe(input.length - without.length);
          expect(r.excluded.reduce((s, e) => s + e.n, 0)).toBe(r.excludedN);
          for (const e of r.excluded) {
            const at = input[e.firstIndex];
            expect(at?.nodeId ?? null).toBe(e.nodeId);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
