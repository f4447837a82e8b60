// Targeted bad inputs per documented category (scores, weights, ids, cycles, dates, time zones,
// singular or constant drivers, too few rows), empty groups as data, and the repros of the known
// defects. A defect is `it.fails` (it flips once src is fixed) or, when it hangs, `it.skip`.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';
import { callApi, driverRows4, hierarchy, violation } from './_baselines.ts';

const {
  buildHierarchy,
  classify,
  compareNps,
  driverCorrelations,
  driverStats,
  driverStatsFromSums,
  driversByNode,
  driversByOwner,
  importancePerformance,
  mergeDriverStats,
  nps,
  npsSummary,
  relativeImportance,
  rollup,
  rollupTable,
  shapleySample,
  bootstrapImportance,
  tally,
  tallyFromCounts,
  trend,
  varianceComponents,
} = api;

/** Runs `call` and returns the NpsInputError it throws (fails on anything else). */
function inputError(fn: string, call: () => unknown): api.NpsInputError {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(api.isNpsInputError(thrown), `${fn} threw ${String(thrown)}`).toBe(true);
  const e = thrown as api.NpsInputError;
  expect(e.message.startsWith(`${fn}:`)).toBe(true);
  expect(e.message.length).toBeGreaterThan(fn.length + 10);
  return e;
}

const h = () =>
  buildHierarchy([
    { id: 'r', parentId: null },
    { id: 'a', parentId: 'r' },
  ]);

describe('documented bad inputs get the documented code', () => {
  const cases: [string, string, () => unknown, string][] = [
    ['classify(11)', 'classify', () => classify(11), 'invalid_score'],
    ['classify(6.5)', 'classify', () => classify(6.5), 'invalid_score'],
    ["classify('7')", 'classify', () => classify('7' as never), 'invalid_score'],
    ['classify(NaN)', 'classify', () => classify(Number.NaN), 'invalid_score'],
    ['tally([10, , 9]) (hole)', 'tally', () => tally([10, undefined as never, 9]), 'invalid_score'],
    ['tally([-1])', 'tally', () => tally([-1]), 'invalid_score'],
    ['tally weights NaN', 'tally', () => tally([10], { weights: [Number.NaN] }), 'invalid_weight'],
    ['tally weights -1', 'tally', () => tally([10], { weights: [-1] }), 'invalid_weight'],
    ['tally weights short', 'tally', () => tally([10, 9], { weights: [1] }), 'length_mismatch'],
    [
      'tallyFromCounts fractional',
      'tallyFromCounts',
      () => tallyFromCounts({ promoters: 1.5, passives: 0, detractors: 0 }),
      'invalid_count',
    ],
    ['nps([]) is empty', 'nps', () => nps([]), 'empty'],
    ['nps(passives only)', 'nps', () => nps([7, 7]), 'empty'],
    [
      'npsSummary confidence 1',
      'npsSummary',
      () => npsSummary([10], { confidence: 1 }),
      'invalid_option',
    ],
    [
      'compareNps paired lengths differ',
      'compareNps',
      () => compareNps([10, 9], [10], { relation: 'paired' }),
      'length_mismatch',
    ],
    [
      'buildHierarchy duplicate id',
      'buildHierarchy',
      () =>
        buildHierarchy([
          { id: 'r', parentId: null },
          { id: 'r', parentId: null },
        ]),
      'duplicate_id',
    ],
    [
      'buildHierarchy unknown parent',
      'buildHierarchy',
      () =>
        buildHierarchy([
          { id: 'r', parentId: null },
          { id: 'a', parentId: 'zz' },
        ]),
      'unknown_parent',
    ],
    [
      'buildHierarchy cycle',
      'buildHierarchy',
      () =>
        buildHierarchy([
          { id: 'r', parentId: null },
          { id: 'a', parentId: 'b' },
          { id: 'b', parentId: 'a' },
        ]),
      'cycle',
    ],
    [
      'buildHierarchy two roots',
      'buildHierarchy',
      () =>
        buildHierarchy([
          { id: 'r', parentId: null },
          { id: 's', parentId: null },
        ]),
      'multiple_roots',
    ],
    [
      "buildHierarchy id ''",
      'buildHierarchy',
      () => buildHierarchy([{ id: '', parentId: null }]),
      'invalid_id',
    ],
    [
      'buildHierarchy invalid validFrom',
      'buildHierarchy',
      () => buildHierarchy([{ id: 'r', parentId: null, validFrom: new Date(Number.NaN) }]),
      'invalid_date',
    ],
    [
      'rollup unknown node',
      'rollup',
      () => rollup(h(), [{ nodeId: 'zz', score: 9 }]),
      'unknown_node',
    ],
    [
      'trend invalid date',
      'trend',
      () => trend([{ score: 9, at: new Date(Number.NaN) }], { period: 'month' }),
      'invalid_date',
    ],
    [
      "trend at 'not a date'",
      'trend',
      () => trend([{ score: 9, at: 'not a date' as never }], { period: 'month' }),
      'invalid_date',
    ],
    [
      'trend time zone Not/AZone',
      'trend',
      () => trend([{ score: 9, at: 0 }], { period: 'month', timeZone: 'Not/AZone' }),
      'invalid_time_zone',
    ],
    [
      "trend time zone ''",
      'trend',
      () => trend([{ score: 9, at: 0 }], { period: 'month', timeZone: '' }),
      'invalid_time_zone',
    ],
    [
      "trend period 'fortnight'",
      'trend',
      () => trend([{ score: 9, at: 0 }], { period: 'fortnight' as never }),
      'invalid_option',
    ],
    [
      'relativeImportance n ≤ p + 1',
      'relativeImportance',
      () => relativeImportance(driverRows4().slice(0, 3)),
      'too_few_rows',
    ],
    [
      'relativeImportance constant driver',
      'relativeImportance',
      () =>
        relativeImportance(
          Array.from({ length: 8 }, (_, i) => ({ score: i, ratings: { a: i, b: 3 } })),
        ),
      'constant_driver',
    ],
    [
      'relativeImportance collinear (singular)',
      'relativeImportance',
      () =>
        relativeImportance(
          Array.from({ length: 8 }, (_, i) => ({
            score: (i * 3) % 7,
            ratings: { a: i, b: 2 * i, c: i % 3 },
          })),
        ),
      'collinear',
    ],
    [
      'relativeImportance unknown driver',
      'relativeImportance',
      () => relativeImportance(driverRows4(), { drivers: ['zz'] }),
      'unknown_driver',
    ],
  ];
  it.each(cases)('%s', (_, fn, call, code) => {
    expect(inputError(fn, call).code).toBe(code);
  });
});

describe('empty groups are data, not errors', () => {
  it('npsSummary([]) has n 0 and nps null', () => {
    const s = npsSummary([]);
    expect([s.n, s.nps]).toEqual([0, null]);
  });
  it('tally([]) counts nothing', () => {
    expect(tally([])).toEqual({ promoters: 0, passives: 0, detractors: 0, n: 0 });
  });
  it('rollup with no responses gives n 0 / nps null nodes', () => {
    const r = rollup(h(), []);
    expect(r.nodes.map((n) => [n.id, n.total?.n ?? 0, n.nps])).toEqual([
      ['r', 0, null],
      ['a', 0, null],
    ]);
  });
  it('driverStats: a NaN rating is a missing rating (row excluded, not an error)', () => {
    const st = driverStats([{ score: 9, ratings: { a: Number.NaN } }]);
    expect([st.n, st.excludedN]).toEqual([0, 1]);
  });
  it('trend of no rows has no points', () => {
    expect(trend([], { period: 'month' }).points).toEqual([]);
  });
});

/** The call must throw an NpsInputError named after `fn` (used by the defect repros). */
function expectInputError(fn: string, args: unknown[]): void {
  expect(violation(fn, callApi(fn, args))).toBeNull();
  expect(callApi(fn, args).kind).toBe('nps');
}

describe('defects found by the sweep, now fixed (regression tests)', () => {
  // D1 src/core/tally.ts:107,128 (and the same check in src/kernels/responses.ts:319,
  // src/core/compareNps.ts:311/316, src/drivers/driverStats.ts:490/518): `s - min` runs before
  // `typeof s !== 'number'`, so a value with no number conversion throws a raw TypeError.
  it('D1 nps([Object.create(null)]) → invalid_score', () => {
    expectInputError('nps', [[Object.create(null)]]);
  });
  it('D1 tally([10n]) → invalid_score', () => {
    expectInputError('tally', [[10n]]);
  });
  it('D1 tally([10], { weights: [Symbol()] }) → invalid_weight', () => {
    expectInputError('tally', [[10], { weights: [Symbol('w')] }]);
  });
  it('D1 rollup(h, [{ nodeId: "a", score: Symbol() }]) → invalid_score', () => {
    expectInputError('rollup', [h(), [{ nodeId: 'a', score: Symbol('s') }]]);
  });
  it('D1 compareNps([10n], [9], { relation: "paired" }) → invalid_score', () => {
    expectInputError('compareNps', [[10n], [9], { relation: 'paired' }]);
  });
  // D2: options documented as optional are dereferenced before defaulting.
  it('D2 bootstrapImportance(rows) without options', () => {
    expect(callApi('bootstrapImportance', [driverRows4()]).kind).not.toBe('raw');
    expect(
      violation('bootstrapImportance', callApi('bootstrapImportance', [driverRows4()])),
    ).toBeNull();
  });
  it('D2 shapleySample(rows) without options', () => {
    expect(violation('shapleySample', callApi('shapleySample', [driverRows4()]))).toBeNull();
  });
  it('D2 driverCorrelations(rows, null) → invalid_option', () => {
    expectInputError('driverCorrelations', [driverRows4(), null]);
  });
  // D3: object arguments read without a shape check.
  it('D3 mergeDriverStats(undefined, undefined)', () => {
    expectInputError('mergeDriverStats', [undefined, undefined]);
  });
  it('D3 driverStatsFromSums({ drivers: ["a"], n: 2 }) (no sums)', () => {
    expectInputError('driverStatsFromSums', [{ drivers: ['a'], n: 2 }]);
  });
  it('D3 driversByOwner(undefined, new Map())', () => {
    expectInputError('driversByOwner', [undefined, new Map()]);
  });
  it('D3 importancePerformance({ drivers: 5 }, new Map())', () => {
    expectInputError('importancePerformance', [{ drivers: 5 }, new Map()]);
  });
  // Fixed by reading the hierarchy through its compiled form (as rollup does): the spread copy
  // keeps it, so the call works; a non-hierarchy is invalid_input.
  it('D3 driversByNode({ ...hierarchy(), roots: undefined }, rows)', () => {
    const rows = driverRows4().map((r, i) => ({ ...r, nodeId: i < 2 ? 'a' : 'b' }));
    expect(
      violation(
        'driversByNode',
        callApi('driversByNode', [{ ...hierarchy(), roots: undefined }, rows]),
      ),
    ).toBeNull();
    expectInputError('driversByNode', [{ roots: undefined }, driverRows4()]);
  });
  // D9: unknown option keys are silently dropped (zod z.object strips them), so a misspelt
  // option (e.g. `wieghts`) is lost without a word. Fix: z.strictObject in each option schema.
  it('D9 tally([10], { wieghts: [2] }) → invalid_option', () => {
    expectInputError('tally', [[10], { wieghts: [2] }]);
  });
  // D5: readers of a rollup result trust its fields.
  it('D5 rollupTable({ nodes: [1] }) → invalid_input', () => {
    expectInputError('rollupTable', [{ nodes: [1] }]);
  });
  it('D5 varianceComponents({ nodes: [NaN] }) → invalid_input', () => {
    expectInputError('varianceComponents', [{ nodes: [Number.NaN] }]);
  });
  it('D5 shrinkage() → invalid_input', () => {
    expectInputError('shrinkage', []);
  });
  // D6: driverStats columns with a null column.
  it('D6 driverStats({ score: null, ratings: { a: [1] } })', () => {
    expectInputError('driverStats', [{ score: null, ratings: { a: [1] } }]);
  });
  it('D6 driverStats({ score: [1, 2], ratings: { a: null } })', () => {
    expectInputError('driverStats', [{ score: [1, 2], ratings: { a: null } }]);
  });
  // D7 src/kernels/responses.ts:151 toEpoch accepts any finite number; times outside the Date
  // range (|t| > 8.64e15 ms) hang trend/trendByNode/rollingTrend, and the earliest valid Date
  // throws a raw RangeError from isoInZone (src/trend/trend.ts:163).
  it('D7 (was a hang; fixed in the working tree) epochs outside the Date range → invalid_date', () => {
    for (const at of [1e20, -8.64e15, 1e308]) {
      expect(inputError('trend', () => trend([{ score: 9, at }], { period: 'year' })).code).toBe(
        'invalid_date',
      );
    }
  });
  // D8 src/hierarchy/rollupTable.ts:81 loops d ≤ maxDepth(nodes) of an unchecked result.
  it('D8 (was a hang) rollupTable with a node depth of Infinity', () => {
    const r = rollup(h(), [{ nodeId: 'a', score: 9 }]);
    const forged = {
      ...r,
      nodes: r.nodes.map((n, i) => (i === 1 ? { ...n, depth: Infinity } : n)),
    };
    expectInputError('rollupTable', [forged]);
  });
});

describe('inputs are left alone by the defects above (sanity of the repro helpers)', () => {
  it('a valid call through the helper is not an error', () => {
    expect(callApi('nps', [[10, 9, 3]]).kind).toBe('ok');
    expect(rollupTable(rollup(h(), [{ nodeId: 'a', score: 9 }])).length).toBe(2);
    expect(
      varianceComponents(rollup(h(), [{ nodeId: 'a', score: 9 }])).residual.variance,
    ).toBeNull();
    expect(bootstrapImportance).toBeTypeOf('function');
    expect([shapleySample, driversByNode, driversByOwner, importancePerformance]).toHaveLength(4);
    expect([driverCorrelations, driverStatsFromSums, mergeDriverStats]).toHaveLength(3);
  });
});
