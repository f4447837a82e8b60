// Inferred types of the public API (vitest typecheck runs this file through tsc).
import { describe, expectTypeOf, it } from 'vitest';
import {
  bootstrapImportance,
  buildHierarchy,
  classify,
  compareNps,
  type DriverCorrelation,
  type DriversByNodeResult,
  detectShifts,
  driverCorrelations,
  driverStats,
  driversByNode,
  type Exclusion,
  type ImportanceQuadrant,
  type NodeDrivers,
  type NpsCategory,
  type NpsComparison,
  type NpsInterval,
  type NpsSummary,
  nps,
  npsInterval,
  npsSummary,
  penaltyReward,
  type RollupResult,
  rollup,
  type ShiftAlert,
  type ShiftWindow,
  shapley,
  type Tally,
  type TrendPoint,
  tally,
  trend,
} from '../../src/index.ts';

describe('public API types', () => {
  it('core functions return their documented types', () => {
    expectTypeOf(classify(9)).toEqualTypeOf<NpsCategory>();
    expectTypeOf(classify(9)).toEqualTypeOf<'promoter' | 'passive' | 'detractor'>();
    expectTypeOf(tally([10, 3])).toEqualTypeOf<Tally>();
    expectTypeOf(nps([10, 3])).toEqualTypeOf<number>();
    expectTypeOf(npsInterval([10, 3])).toEqualTypeOf<NpsInterval>();
    expectTypeOf(npsSummary([])).toEqualTypeOf<NpsSummary>();
    expectTypeOf(npsSummary([]).nps).toEqualTypeOf<number | null>();
    expectTypeOf(compareNps([10], [3])).toEqualTypeOf<NpsComparison>();
  });

  it('scores may be arrays, typed arrays or tallies', () => {
    expectTypeOf(nps).toBeCallableWith(new Uint8Array([10]));
    expectTypeOf(nps).toBeCallableWith(tally([10]));
    // @ts-expect-error a string is not a score collection
    nps('10');
  });

  it('hierarchy and trend results', () => {
    const h = buildHierarchy([{ id: 'HQ', parentId: null }]);
    expectTypeOf(rollup(h, [{ nodeId: 'HQ', score: 9 }])).toEqualTypeOf<RollupResult>();
    const points = trend([{ score: 9, at: 0 }], { period: 'month' }).points;
    expectTypeOf(points).toEqualTypeOf<readonly TrendPoint[]>();
    expectTypeOf(points[0]?.nps).toEqualTypeOf<number | null | undefined>();
    expectTypeOf(points[0]?.se).toEqualTypeOf<number | null | undefined>();
    expectTypeOf(points[0]?.label).toEqualTypeOf<string | undefined>();
  });

  it('driversByNode with a hierarchy reports nodes and exclusions as rollup does', () => {
    const h = buildHierarchy([{ id: 'HQ', parentId: null }]);
    const r = driversByNode(h, [{ nodeId: 'HQ', score: 9, ratings: { a: 1 } }], {
      onUnknownNode: 'exclude',
    });
    expectTypeOf(r).toEqualTypeOf<DriversByNodeResult>();
    expectTypeOf(r.nodes).toEqualTypeOf<readonly NodeDrivers[]>();
    expectTypeOf(r.excluded).toEqualTypeOf<readonly Exclusion[]>();
    expectTypeOf(r.excludedN).toEqualTypeOf<number>();
    // @ts-expect-error onUnknownNode is 'error' or 'exclude'
    driversByNode(h, [], { onUnknownNode: 'drop' });
  });

  it('one result vocabulary: n, baseN, effectiveN, excludedN, minSample, snake_case codes', () => {
    expectTypeOf(npsInterval([9]).n).toEqualTypeOf<number>();
    expectTypeOf(npsInterval([9]).baseN).toEqualTypeOf<number>();
    expectTypeOf(npsInterval([9]).effectiveN).toEqualTypeOf<number>();
    expectTypeOf(npsSummary([9]).total).toEqualTypeOf<Tally>();
    expectTypeOf(npsSummary([9]).effectiveN).toEqualTypeOf<number>();
    const rows = [{ score: 9, ratings: { a: 1 } }];
    expectTypeOf(driverStats(rows).excludedN).toEqualTypeOf<number>();
    expectTypeOf(shapley(rows).excludedN).toEqualTypeOf<number>();
    expectTypeOf(driverCorrelations(rows).method).toEqualTypeOf<'pearson' | 'spearman'>();
    expectTypeOf(driverCorrelations(rows).drivers).toEqualTypeOf<readonly DriverCorrelation[]>();
    expectTypeOf(penaltyReward).toBeCallableWith(rows, { lowRating: 6, highRating: 9 });
    // @ts-expect-error rating cut-offs are lowRating / highRating, not the interval names
    penaltyReward(rows, { low: 6 });
    expectTypeOf(bootstrapImportance).toBeCallableWith(rows, {
      seed: 1,
      metric: 'penalty',
      lowRating: 5,
    });
    const shifts = detectShifts({ points: [] }, { minSample: 10 });
    expectTypeOf(shifts.alerts).toEqualTypeOf<readonly ShiftAlert[]>();
    expectTypeOf(shifts.skipped[0]?.reason).toEqualTypeOf<
      'too_few_periods' | 'min_sample' | 'no_parent' | undefined
    >();
    expectTypeOf<ShiftWindow['nps']>().toEqualTypeOf<number | null>();
    expectTypeOf<ShiftWindow['total']>().toEqualTypeOf<Tally>();
    // @ts-expect-error minN is now minSample
    detectShifts({ points: [] }, { minN: 10 });
    expectTypeOf<ImportanceQuadrant>().toEqualTypeOf<
      'fix_first' | 'maintain' | 'low_priority' | 'possible_overkill'
    >();
  });
});
