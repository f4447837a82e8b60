// A misspelt option key must be an `invalid_option` error naming the key, never silently ignored
// (the function would otherwise run with the default and return a plausible, wrong result).
// Every public function of src/hierarchy, src/trend and src/drivers that takes an options object
// is called with its valid options (test/robustness/_baselines.ts) plus one misspelt key.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';
import { baselines, callApi, hierarchy, nodeRows, shiftPoints } from './_baselines.ts';

/** Per function: the position of its options argument and a plausible misspelling of one of its keys. */
const OPTIONS: Readonly<Record<string, { readonly at: number; readonly typo: string }>> = {
  // hierarchy
  buildHierarchy: { at: 1, typo: 'forrest' },
  rollup: { at: 2, typo: 'minSampel' },
  contributions: { at: 1, typo: 'traget' },
  crossTab: { at: 2, typo: 'minSampel' },
  funnel: { at: 1, typo: 'coverge' },
  rollupTable: { at: 1, typo: 'seperator' },
  segments: { at: 1, typo: 'confidance' },
  shrinkage: { at: 1, typo: 'levle' },
  rank: { at: 1, typo: 'level_' },
  // trend
  trend: { at: 1, typo: 'timezone' },
  rollingTrend: { at: 1, typo: 'windows' },
  trendByNode: { at: 2, typo: 'onUnknownNodes' },
  trendChanges: { at: 1, typo: 'confidance' },
  trendTest: { at: 1, typo: 'scael' },
  detectShifts: { at: 1, typo: 'minn' },
  // drivers
  driverStats: { at: 1, typo: 'notApplicible' },
  relativeImportance: { at: 1, typo: 'metrics' },
  shapley: { at: 1, typo: 'driver' },
  relativeWeights: { at: 1, typo: 'outcomes' },
  dominanceAnalysis: { at: 1, typo: 'missng' },
  driverRegression: { at: 1, typo: 'shceme' },
  driverCorrelations: { at: 1, typo: 'methd' },
  shapleySample: { at: 1, typo: 'permutation' },
  bootstrapImportance: { at: 1, typo: 'replicate' },
  penaltyReward: { at: 1, typo: 'ration' },
  driversByNode: { at: 2, typo: 'minN' },
  driverPerformance: { at: 1, typo: 'topbox' },
  importancePerformance: { at: 2, typo: 'importanceCutoff' },
};

/** Public functions of these modules that take no options object. */
const NO_OPTIONS = new Set([
  'varianceComponents',
  'driversByOwner',
  'mergeDriverStats',
  'driverStatsFromSums',
]);

const MODULE_FNS = new Set([...Object.keys(OPTIONS), ...NO_OPTIONS]);

function expectUnknownKey(fn: string, args: readonly unknown[], key: string): void {
  const o = callApi(fn, args);
  expect(o.kind, `${fn} with ${key}`).toBe('nps');
  if (o.kind !== 'nps') return;
  expect(o.code).toBe('invalid_option');
  expect(o.message).toContain(JSON.stringify(key));
  expect(o.message.startsWith(`${fn}:`), o.message).toBe(true);
}

describe('unknown option keys', () => {
  it('the table covers every function of these modules that has a baseline, and only those', () => {
    for (const fn of MODULE_FNS) {
      expect(typeof (api as Record<string, unknown>)[fn], fn).toBe('function');
      expect(
        baselines.some((b) => b.fn === fn),
        `${fn} has a baseline`,
      ).toBe(true);
    }
  });

  const cases = baselines.filter((b) => Object.hasOwn(OPTIONS, b.fn));
  it.each(cases.map((b) => [`${b.fn} (${b.label})`, b] as const))('%s', (_name, b) => {
    const { at, typo } = OPTIONS[b.fn] as { at: number; typo: string };
    const base = b.args();
    const valid = (base[at] ?? {}) as Record<string, unknown>;
    const withOptions = (o: unknown) => {
      const args = base.slice();
      while (args.length < at) args.push(undefined);
      args[at] = o;
      return args;
    };
    // Valid options alone (also as a copy, as an explicit object) succeed...
    expect(callApi(b.fn, withOptions({ ...valid })).kind).toBe('ok');
    // ...and one misspelt key next to them is rejected, naming it.
    expectUnknownKey(b.fn, withOptions({ ...valid, [typo]: 1 }), typo);
    // An unknown key is rejected whatever its value, even undefined.
    expectUnknownKey(b.fn, withOptions({ ...valid, [typo]: undefined }), typo);
  });

  it('nested option objects are strict too (detectShifts ewma/cusum, rollingTrend window)', () => {
    const points = { points: shiftPoints() };
    const base = { recent: 1, baseline: 3 };
    expect(callApi('detectShifts', [points, { ...base, ewma: { lambda: 0.2 } }]).kind).toBe('ok');
    expect(
      callApi('detectShifts', [points, { ...base, chart: 'cusum', cusum: { h: 4 } }]).kind,
    ).toBe('ok');
    expectUnknownKey('detectShifts', [points, { ...base, ewma: { lamda: 0.2 } }], 'lamda');
    expectUnknownKey(
      'detectShifts',
      [points, { ...base, chart: 'cusum', cusum: { h: 4, K: 1 } }],
      'K',
    );
    const rows = [{ score: 9, at: Date.UTC(2025, 0, 6) }];
    expect(callApi('rollingTrend', [rows, { period: 'week', window: { days: 7 } }]).kind).toBe(
      'ok',
    );
    const bad = callApi('rollingTrend', [rows, { period: 'week', window: { day: 7 } }]);
    expect(bad.kind === 'nps' && bad.code).toBe('invalid_option');
  });

  it('the hierarchy accessors reject a misspelt asOf', () => {
    const h = hierarchy();
    expect(h.parent('a', { asOf: 0 })).toBe('all');
    for (const call of [
      () => h.parent('a', { asof: 0 } as never),
      () => h.children('all', { asOF: 0 } as never),
      () => h.leaves(undefined, { date: 0 } as never),
    ]) {
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(api.isNpsInputError(thrown)).toBe(true);
      expect((thrown as api.NpsInputError).code).toBe('invalid_option');
      expect((thrown as api.NpsInputError).message).toMatch(
        /^hierarchy: .*unknown key "(asof|asOF|date)"/,
      );
    }
  });

  it('a key of the options interface that used to be dropped now takes effect (rollup, segments: prior)', () => {
    // A strong prior pulls the bayes interval towards NPS 0 (equal promoter/detractor weight);
    // rollup and segments used to ignore `prior` and use 1/1/1.
    const prior = { promoters: 500, passives: 1, detractors: 500 };
    const r1 = api.rollup(hierarchy(), nodeRows(), { method: 'bayes' });
    const r2 = api.rollup(hierarchy(), nodeRows(), { method: 'bayes', prior });
    const n1 = r1.nodes.find((n) => n.id === 'a');
    const n2 = r2.nodes.find((n) => n.id === 'a');
    // node a: one promoter, one detractor: NPS 0, interval symmetric; the prior narrows it
    expect(n1?.nps).toBe(0);
    expect((n2?.high ?? 0) - (n2?.low ?? 0)).toBeLessThan(((n1?.high ?? 0) - (n1?.low ?? 0)) / 5);
    const s1 = api.segments(nodeRows(), { by: 'channel', method: 'bayes' });
    const s2 = api.segments(nodeRows(), { by: 'channel', method: 'bayes', prior });
    const w = (s: api.SegmentsResult) => s.segments.map((x) => (x.high ?? 0) - (x.low ?? 0));
    for (const [i, width] of w(s2).entries()) expect(width).toBeLessThan((w(s1)[i] ?? 0) / 3);
  });
});
