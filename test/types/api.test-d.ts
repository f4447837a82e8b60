// Inferred types of the public API (vitest typecheck runs this file through tsc).
import { describe, expectTypeOf, it } from 'vitest';
import {
  bootstrapImportance,
  buildHierarchy,
  type CrossTabCell,
  type CrossTabOptions,
  type CrossTabResult,
  type CrossTabRow,
  classify,
  compareNps,
  type DetectShiftsOptions,
  type DriverCorrelation,
  type DriversByNodeResult,
  detectShifts,
  driverCorrelations,
  driverStats,
  driversByNode,
  type Exclusion,
  type ExclusionReason,
  type HierarchyFromColumnsOptions,
  type ImportanceQuadrant,
  type NodeDrivers,
  type NodeTrend,
  type NodeTrendPoint,
  type NpsCategory,
  type NpsComparison,
  type NpsInterval,
  type NpsSummary,
  nps,
  npsInterval,
  npsSummary,
  penaltyReward,
  type RollingPoint,
  type RollingResult,
  type RollingTrendOptions,
  type RollupNode,
  type RollupOptions,
  type RollupResult,
  rollup,
  type SegmentSummary,
  type SegmentsOptions,
  type SegmentsResult,
  type ShiftAlert,
  type ShiftWindow,
  shapley,
  type Tally,
  type TallyFromHistogramOptions,
  type TallyOptions,
  type TrendByNodeOptions,
  type TrendByNodeResult,
  type TrendOptions,
  type TrendPoint,
  type TrendResult,
  tally,
  trend,
} from '../../src/index.ts';
// Not (yet) re-exported by the index: the vocabulary types themselves.
import type {
  GroupFigures,
  PublishedFigures,
  ReadOptions,
  SuppressionReason,
} from '../../src/types.ts';

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
    expectTypeOf<NodeDrivers['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<'min_sample'>().toExtend<NodeDrivers['skipped']>();
    driversByNode(h, [], { minSample: 10 });
    // @ts-expect-error minN is now minSample
    driversByNode(h, [], { minN: 10 });
    // @ts-expect-error the parents-Map form is gone
    driversByNode([], { parents: new Map() });
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
    expectTypeOf<ShiftWindow>().toExtend<PublishedFigures>();
    // @ts-expect-error minN is now minSample
    detectShifts({ points: [] }, { minN: 10 });
    expectTypeOf<ImportanceQuadrant>().toEqualTypeOf<
      'fix_first' | 'maintain' | 'low_priority' | 'possible_overkill'
    >();
  });
});

describe('the result vocabulary (docs/vocabulary.md)', () => {
  it('every reported group extends GroupFigures', () => {
    expectTypeOf<RollupNode>().toExtend<GroupFigures>();
    expectTypeOf<TrendPoint>().toExtend<GroupFigures>();
    expectTypeOf<RollingPoint>().toExtend<GroupFigures>();
    expectTypeOf<NodeTrendPoint>().toExtend<GroupFigures>();
    expectTypeOf<SegmentSummary>().toExtend<GroupFigures>();
    expectTypeOf<CrossTabCell>().toExtend<GroupFigures>();
    // trend points are never withheld: their counts are always there
    expectTypeOf<TrendPoint>().toExtend<PublishedFigures>();
    expectTypeOf<RollingPoint>().toExtend<PublishedFigures>();
    expectTypeOf<RollupNode>().not.toExtend<PublishedFigures>();
  });

  it('group figures: n and baseN are counts, null only when withheld', () => {
    expectTypeOf<GroupFigures['total']>().toEqualTypeOf<Tally | null>();
    expectTypeOf<GroupFigures['n']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['baseN']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['nps']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['low']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['high']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['se']>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupFigures['suppressed']>().toEqualTypeOf<boolean>();
    expectTypeOf<RollupNode['n']>().toEqualTypeOf<number | null>();
    expectTypeOf<RollupNode['baseN']>().toEqualTypeOf<number | null>();
    expectTypeOf<TrendPoint['n']>().toEqualTypeOf<number>();
    expectTypeOf<TrendPoint['baseN']>().toEqualTypeOf<number>();
    expectTypeOf<TrendPoint['total']>().toEqualTypeOf<Tally>();
    expectTypeOf<TrendPoint['suppressed']>().toEqualTypeOf<false>();
    expectTypeOf<RollingPoint['baseN']>().toEqualTypeOf<number>();
    expectTypeOf<SegmentSummary['se']>().toEqualTypeOf<number | null>();
    expectTypeOf<CrossTabCell['se']>().toEqualTypeOf<number | null>();
    expectTypeOf(npsInterval([9]).baseN).toEqualTypeOf<number>();
    expectTypeOf(npsSummary([9]).baseN).toEqualTypeOf<number>();
  });

  it('suppression reasons and exclusion reasons are snake_case unions', () => {
    expectTypeOf<SuppressionReason>().toEqualTypeOf<'min_sample' | 'complementary'>();
    expectTypeOf<RollupNode['suppression']>().toEqualTypeOf<SuppressionReason | null>();
    expectTypeOf<NodeTrendPoint['suppression']>().toEqualTypeOf<SuppressionReason | null>();
    expectTypeOf<Exclusion['reason']>().toEqualTypeOf<ExclusionReason>();
    expectTypeOf<ExclusionReason>().toEqualTypeOf<
      | 'unknown_node'
      | 'missing_node'
      | 'node_not_valid'
      | 'missing_score'
      | 'invalid_score'
      | 'duplicate_respondent'
    >();
    expectTypeOf<Exclusion['nodeId']>().toEqualTypeOf<string | null>();
    expectTypeOf<Exclusion['n']>().toEqualTypeOf<number>();
    expectTypeOf<Exclusion['firstIndex']>().toEqualTypeOf<number>();
  });

  it('node results carry name and no path', () => {
    expectTypeOf<RollupNode['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<NodeTrend['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<CrossTabRow['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<RollupNode>().not.toHaveProperty('path');
    expectTypeOf<CrossTabRow>().not.toHaveProperty('path');
  });

  it('results that can set responses aside carry excluded and excludedN', () => {
    interface SetsAside {
      readonly excluded: readonly Exclusion[];
      readonly excludedN: number;
    }
    expectTypeOf<RollupResult>().toExtend<SetsAside>();
    expectTypeOf<TrendResult>().toExtend<SetsAside>();
    expectTypeOf<RollingResult>().toExtend<SetsAside>();
    expectTypeOf<TrendByNodeResult>().toExtend<SetsAside>();
    expectTypeOf<SegmentsResult>().toExtend<SetsAside>();
    expectTypeOf<CrossTabResult>().toExtend<SetsAside>();
  });

  it("results' arrays are readonly", () => {
    expectTypeOf<RollupResult['nodes']>().toEqualTypeOf<readonly RollupNode[]>();
    expectTypeOf<TrendResult['points']>().toEqualTypeOf<readonly TrendPoint[]>();
    expectTypeOf<RollingResult['points']>().toEqualTypeOf<readonly RollingPoint[]>();
    expectTypeOf<TrendByNodeResult['nodes']>().toEqualTypeOf<readonly NodeTrend[]>();
    expectTypeOf<NodeTrend['points']>().toEqualTypeOf<readonly NodeTrendPoint[]>();
    expectTypeOf<SegmentsResult['segments']>().toEqualTypeOf<readonly SegmentSummary[]>();
    expectTypeOf<CrossTabResult['rows']>().toEqualTypeOf<readonly CrossTabRow[]>();
    expectTypeOf<CrossTabRow['cells']>().toEqualTypeOf<readonly CrossTabCell[]>();
    expectTypeOf<RollupResult['excluded']>().toEqualTypeOf<readonly Exclusion[]>();
    expectTypeOf<TrendResult['points']>().not.toExtend<TrendPoint[]>();
    expectTypeOf<RollupResult['nodes']>().not.toExtend<RollupNode[]>();
  });

  it('one option name: minSample wherever a minimum applies', () => {
    expectTypeOf<RollupOptions>().toHaveProperty('minSample');
    expectTypeOf<TrendByNodeOptions>().toHaveProperty('minSample');
    expectTypeOf<SegmentsOptions>().toHaveProperty('minSample');
    expectTypeOf<CrossTabOptions>().toHaveProperty('minSample');
    expectTypeOf<DetectShiftsOptions>().toHaveProperty('minSample');
    expectTypeOf<RollupOptions['minSample']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<DetectShiftsOptions['minSample']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RollupResult['minSample']>().toEqualTypeOf<number>();
    expectTypeOf<RollupOptions>().not.toHaveProperty('minN');
    expectTypeOf<DetectShiftsOptions>().not.toHaveProperty('minN');
    expectTypeOf<RollupOptions['onUnknownNode']>().toEqualTypeOf<'error' | 'exclude' | undefined>();
    expectTypeOf<TrendByNodeOptions['onUnknownNode']>().toEqualTypeOf<
      'error' | 'exclude' | undefined
    >();
  });

  it('the response readers take coerce and onInvalidScore', () => {
    expectTypeOf<ReadOptions['coerce']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ReadOptions['onInvalidScore']>().toEqualTypeOf<'error' | 'exclude' | undefined>();
    expectTypeOf<RollupOptions>().toExtend<ReadOptions>();
    expectTypeOf<CrossTabOptions>().toExtend<ReadOptions>();
    expectTypeOf<SegmentsOptions>().toExtend<ReadOptions>();
    expectTypeOf<TrendOptions>().toExtend<ReadOptions>();
    expectTypeOf<RollingTrendOptions>().toExtend<ReadOptions>();
    expectTypeOf<TrendByNodeOptions>().toExtend<ReadOptions>();
    // the readers of counts and organisation columns take coerce only
    expectTypeOf<TallyOptions['coerce']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TallyFromHistogramOptions['coerce']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<HierarchyFromColumnsOptions['coerce']>().toEqualTypeOf<boolean | undefined>();
    const h = buildHierarchy([{ id: 'HQ', parentId: null }]);
    expectTypeOf(rollup).toBeCallableWith(h, [{ nodeId: 'HQ', score: 9 }], {
      coerce: true,
      onInvalidScore: 'exclude',
      onUnknownNode: 'exclude',
      minSample: 5,
    });
    // @ts-expect-error onInvalidScore is 'error' or 'exclude'
    rollup(h, [], { onInvalidScore: 'drop' });
  });
});
