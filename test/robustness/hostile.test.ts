// Hostile values at every public path that reads them: each must raise a typed NpsInputError
// (never a raw TypeError from inside a loop, a Date method or zod), or, where the value is a
// legitimate one (a Date subclass), give the same result as the plain value.
//
// The first table runs before any other call in this file, so that it also covers an
// Object.prototype polluted before npskit's option schemas were first built (zod then threw a
// raw TypeError from inside its own class set-up).
import { afterEach, describe, expect, it } from 'vitest';
import { compareNps } from '../../src/core/compareNps.ts';
import { npsInterval } from '../../src/core/npsInterval.ts';
import { sampleSize } from '../../src/core/sampleSize.ts';
import { tally, tallyFromCounts } from '../../src/core/tally.ts';
import { driverStats } from '../../src/drivers/driverStats.ts';
import { relativeImportance } from '../../src/drivers/relativeImportance.ts';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { contributions } from '../../src/hierarchy/contributions.ts';
import { crossTab } from '../../src/hierarchy/crossTab.ts';
import { funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { rollupTable } from '../../src/hierarchy/rollupTable.ts';
import { segments } from '../../src/hierarchy/segments.ts';
import { rank, shrinkage } from '../../src/hierarchy/shrinkage.ts';
import { detectShifts } from '../../src/trend/detectShifts.ts';
import { rollingTrend } from '../../src/trend/rolling.ts';
import { trend } from '../../src/trend/trend.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';
import { thrown } from '../_support/errors.ts';

const DAY = 86_400_000;
// Built before Object.prototype is polluted below (buildHierarchy refuses a polluted one too).
const h = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 'a', parentId: 'all' },
]);
const rows = [
  { nodeId: 'a', score: 9, at: 0 },
  { nodeId: 'a', score: 3, at: DAY },
];
const t1 = tallyFromCounts({ promoters: 5, passives: 2, detractors: 3 });
const drows = [
  { score: 9, ratings: { a: 5, b: 3 } },
  { score: 3, ratings: { a: 2, b: 4 } },
  { score: 7, ratings: { a: 4, b: 2 } },
  { score: 10, ratings: { a: 5, b: 5 } },
];
const points = [1, 2, 3, 4].map((k) => ({
  start: `2025-0${String(k)}-01T00:00:00Z`,
  end: `2025-0${String(k + 1)}-01T00:00:00Z`,
  total: tallyFromCounts({ promoters: 60, passives: 0, detractors: 20 }),
}));
// A rollup result made before the pollution, for the functions that read one.
const r = rollup(h, rows);

/** Every public function that takes an options object, called with ordinary arguments. */
const withOptions: readonly (readonly [string, () => unknown])[] = [
  ['rollup', () => rollup(h, rows)],
  ['rollup with {}', () => rollup(h, rows, {})],
  ['trend', () => trend(rows, { period: 'day' })],
  ['trendByNode', () => trendByNode(h, rows, { period: 'day' })],
  ['rollingTrend', () => rollingTrend(rows, { period: 'day', window: { periods: 2 } })],
  ['npsInterval', () => npsInterval(t1)],
  ['compareNps', () => compareNps(t1, t1)],
  ['sampleSize', () => sampleSize({ marginOfError: 5 })],
  ['driverStats', () => driverStats(drows)],
  ['relativeImportance', () => relativeImportance(drows, { metric: 'lmg' })],
  ['detectShifts', () => detectShifts({ points }, { recent: 1, baseline: 3, chart: 'none' })],
  ['buildHierarchy', () => buildHierarchy([{ id: 'x', parentId: null }], {})],
  ['rollupTable', () => rollupTable(r)],
  ['contributions', () => contributions(r)],
  ['funnel', () => funnel(r)],
  ['shrinkage', () => shrinkage(r)],
  ['rank', () => rank(r)],
];

const pollutions = [
  ['foo', 1],
  ['period', 'x'],
] as const;

describe('a polluted Object.prototype (before and after the first call) is a typed invalid_option naming the key', () => {
  const proto = Object.prototype as Record<string, unknown>;
  for (const [key, value] of pollutions) {
    it.each(withOptions)(`Object.prototype.${key} = ${JSON.stringify(value)}: %s`, (_, call) => {
      proto[key] = value;
      let e: NpsInputError;
      try {
        e = thrown(call);
      } finally {
        Reflect.deleteProperty(proto, key);
      }
      expect(e.code).toBe('invalid_option');
      expect(e.path).toEqual([key]);
      expect(e.message).toContain(`Object.prototype has the enumerable property "${key}"`);
      // and once it is cleaned up, the same call works
      expect(call).not.toThrow();
    });
  }
  // Pollution before any schema is built at all: test/robustness/pollutedFirst.test.ts (own module graph).
  it('buildHierarchy refuses it too: every node would inherit a validFrom or level', () => {
    proto.validFrom = 0;
    let e: NpsInputError;
    try {
      e = thrown(() => buildHierarchy([{ id: 'x', parentId: null }]));
    } finally {
      delete proto.validFrom;
    }
    expect([e.code, e.path]).toEqual(['invalid_option', ['validFrom']]);
  });
});

afterEach(() => {
  // a failed assertion must never leave the prototype polluted for the next test
  for (const [key] of pollutions) Reflect.deleteProperty(Object.prototype, key);
});

// --- Dates that are not what they seem ---------------------------------------------------------

const proxyDate = (t: number): Date => new Proxy(new Date(t), {});
class SubDate extends Date {}
const dated = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 'a', parentId: 'all', validTo: 10 * DAY },
  { id: 'a', parentId: 'all', validFrom: 10 * DAY },
]);

/** Each call with a date-valued argument replaced by `d`; `field` is the path the error names. */
const dateReaders: readonly (readonly [string, (d: Date) => unknown, readonly PropertyKey[]])[] = [
  ['trend: at', (d) => trend([{ score: 9, at: d }], { period: 'day' }), [0, 'at']],
  [
    'trendByNode: at',
    (d) => trendByNode(h, [{ nodeId: 'a', score: 9, at: d }], { period: 'day' }),
    [0, 'at'],
  ],
  [
    'rollingTrend: at',
    (d) => rollingTrend([{ score: 9, at: d }], { period: 'day', window: { periods: 2 } }),
    [0, 'at'],
  ],
  ['rollup (dated): at', (d) => rollup(dated, [{ nodeId: 'a', score: 9, at: d }]), [0, 'at']],
  ['rollup: asOf', (d) => rollup(dated, rows, { asOf: d, structure: 'as-of' }), ['asOf']],
  ['trendByNode: asOf', (d) => trendByNode(h, rows, { period: 'day', asOf: d }), ['asOf']],
  ['hierarchy.parent: asOf', (d) => dated.parent('a', { asOf: d }), ['asOf']],
  ['hierarchy.roots: asOf', (d) => dated.roots({ asOf: d }), ['asOf']],
  ['trend: from', (d) => trend(rows, { period: 'day', from: d }), ['from']],
  ['trend: to', (d) => trend(rows, { period: 'day', to: d }), ['to']],
  ['trendByNode: from', (d) => trendByNode(h, rows, { period: 'day', from: d }), ['from']],
  ['trendByNode: to', (d) => trendByNode(h, rows, { period: 'day', to: d }), ['to']],
  [
    'rollingTrend: from',
    (d) => rollingTrend(rows, { period: 'day', window: { periods: 2 }, from: d }),
    ['from'],
  ],
  [
    'buildHierarchy: validFrom',
    (d) => {
      const x = buildHierarchy([{ id: 'all', parentId: null, validFrom: d }]);
      return [x.roots({ asOf: DAY - 1 }), x.roots({ asOf: DAY })];
    },
    [0],
  ],
  [
    'buildHierarchy: validTo',
    (d) => {
      const x = buildHierarchy([{ id: 'all', parentId: null, validTo: d }]);
      return [x.roots({ asOf: DAY - 1 }), x.roots({ asOf: DAY })];
    },
    [0],
  ],
];

describe('a Proxy around a Date is invalid_date; a Date subclass reads as the Date it is', () => {
  it.each(dateReaders)('Proxy: %s', (_, call, path) => {
    const e = thrown(() => call(proxyDate(DAY)));
    expect(e.code).toBe('invalid_date');
    expect(e.path).toEqual(path);
    expect(e.message).toContain('a Proxy or a forged prototype');
  });

  it.each(dateReaders)('subclass: %s', (_, call) => {
    expect(call(new SubDate(DAY))).toEqual(call(new Date(DAY)));
  });
});

// --- Symbol and BigInt weights and dictionary codes --------------------------------------------

const weightedRows = (w: unknown) => [
  { nodeId: 'a', score: 9, at: 0, channel: 'web', weight: w as number },
  { nodeId: 'a', score: 3, at: 0, channel: 'web', weight: 1 },
];
const weightedColumns = (w: unknown) => ({
  score: [9, 3],
  nodeId: ['a', 'a'],
  at: [0, 0],
  weight: [w as number, 1],
});
const dictionary = (c: unknown) => ({
  score: [9, 3],
  at: [0, 0],
  nodeId: { codes: [c as number, 0], values: ['a'] },
});

/** [label, call, expected code]: every path that reads a weight or a code. */
const valueReaders: readonly (readonly [string, () => unknown, string])[] = [
  [
    'tally: weights BigInt',
    () => tally([9, 3], { weights: [1n as unknown as number, 1] }),
    'invalid_weight',
  ],
  [
    'tally: weights Symbol',
    () => tally([9, 3], { weights: [Symbol('w') as unknown as number, 1] }),
    'invalid_weight',
  ],
  ['rollup: rows weight BigInt', () => rollup(h, weightedRows(2n)), 'invalid_weight'],
  ['trend: rows weight BigInt', () => trend(weightedRows(2n), { period: 'day' }), 'invalid_weight'],
  [
    'trendByNode: rows weight BigInt',
    () => trendByNode(h, weightedRows(2n), { period: 'day' }),
    'invalid_weight',
  ],
  [
    'segments: rows weight BigInt',
    () => segments(weightedRows(2n), { by: 'channel' }),
    'invalid_weight',
  ],
  [
    'crossTab: rows weight BigInt',
    () => crossTab(h, weightedRows(2n), { by: 'channel' }),
    'invalid_weight',
  ],
  ['rollup: columns weight BigInt', () => rollup(h, weightedColumns(2n)), 'invalid_weight'],
  [
    'trend: columns weight BigInt',
    () => trend(weightedColumns(2n), { period: 'day' }),
    'invalid_weight',
  ],
  [
    'trendByNode: columns weight BigInt',
    () => trendByNode(h, weightedColumns(2n), { period: 'day' }),
    'invalid_weight',
  ],
  ['rollup: rows weight Symbol', () => rollup(h, weightedRows(Symbol('w'))), 'invalid_weight'],
  [
    'trend: rows weight Symbol',
    () => trend(weightedRows(Symbol('w')), { period: 'day' }),
    'invalid_weight',
  ],
  [
    'trendByNode: rows weight Symbol',
    () => trendByNode(h, weightedRows(Symbol('w')), { period: 'day' }),
    'invalid_weight',
  ],
  [
    'segments: rows weight Symbol',
    () => segments(weightedRows(Symbol('w')), { by: 'channel' }),
    'invalid_weight',
  ],
  [
    'crossTab: rows weight Symbol',
    () => crossTab(h, weightedRows(Symbol('w')), { by: 'channel' }),
    'invalid_weight',
  ],
  [
    'rollup: columns weight Symbol',
    () => rollup(h, weightedColumns(Symbol('w'))),
    'invalid_weight',
  ],
  [
    'trendByNode: columns weight Symbol',
    () => trendByNode(h, weightedColumns(Symbol('w')), { period: 'day' }),
    'invalid_weight',
  ],
  [
    'trendByNode: dictionary code Symbol',
    () => trendByNode(h, dictionary(Symbol('c')), { period: 'day' }),
    'invalid_input',
  ],
  ['rollup: dictionary code BigInt', () => rollup(h, dictionary(0n)), 'invalid_input'],
  ['rollup: dictionary code Symbol', () => rollup(h, dictionary(Symbol('c'))), 'invalid_input'],
  [
    'trendByNode: dictionary code BigInt',
    () => trendByNode(h, dictionary(0n), { period: 'day' }),
    'invalid_input',
  ],
];

describe('Symbol and BigInt weights and dictionary codes are typed errors', () => {
  it.each(valueReaders)('%s', (_, call, code) => {
    expect(thrown(call).code).toBe(code);
  });
});

// --- options zod cannot read --------------------------------------------------------------------

describe('options that throw when read are a typed invalid_option, not the thrown error', () => {
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const throwing = {
    get confidence(): number {
      throw new Error('boom');
    },
  };
  it.each([
    ['a getter that throws', () => npsInterval(t1, throwing)],
    ['a revoked Proxy', () => npsInterval(t1, revoked)],
    ['a revoked Proxy (trend)', () => trend(rows, revoked as { period: 'day' })],
  ] as const)('%s', (_, call) => {
    const e = thrown(call);
    expect(e.code).toBe('invalid_option');
    expect(e.message).toMatch(/^(npsInterval|trend): options could not be read \(/);
  });
});
