// The public API of npskit: explicit named re-exports only (see docs/decisions).

// presentation: one analysis for a per-unit report
export {
  type Analysis,
  type AnalysisDriver,
  type AnalysisDriverInfo,
  type AnalysisDrivers,
  type AnalysisQuality,
  type AnalysisShiftOptions,
  type AnalysisUnit,
  type AnalyzeOptions,
  analyze,
  type UnitChange,
  type UnitDrivers,
} from './analysis/analyze.ts';
// charts: Vega-Lite v6 specs of results (plain JSON; render them with vega, e.g. src/render)
export type { ChartDatum, ChartOptions, ChartSpec } from './charts/_spec.ts';
export { type ComparisonChartOptions, comparisonChart } from './charts/comparisonChart.ts';
export { type DriverMatrixChartOptions, driverMatrixChart } from './charts/driverMatrixChart.ts';
export { type FunnelChartOptions, funnelChart } from './charts/funnelChart.ts';
export { type SurvivalChartOptions, survivalChart } from './charts/survivalChart.ts';
export { type TrendChartOptions, trendChart } from './charts/trendChart.ts';
// core: schemes, classification, tallies, NPS and its statistics
export { classify, type NpsCategory, type SchemeOptions } from './core/classify.ts';
export {
  type CompareNpsOptions,
  compareNps,
  type NpsComparison,
  type NpsDifference,
  type NpsRelation,
} from './core/compareNps.ts';
export { nps } from './core/nps.ts';
export {
  type ConfidenceOptions,
  type NpsInterval,
  type NpsIntervalMethod,
  type NpsIntervalOptions,
  type NpsPrior,
  npsInterval,
} from './core/npsInterval.ts';
export { type NpsSummary, npsSummary } from './core/npsSummary.ts';
export {
  type ExpectedShares,
  type SampleSize,
  type SampleSizeGroup,
  type SampleSizeOptions,
  type SampleSizeTarget,
  sampleSize,
} from './core/sampleSize.ts';
export {
  classicScheme,
  defineScheme,
  type NpsBase,
  type Scheme,
  type SchemeDefinition,
  type ScoreRange,
  tenPointScheme,
} from './core/scheme.ts';
export {
  mergeTallies,
  type Scores,
  type Tally,
  type TallyCounts,
  type TallyOptions,
  type TallyWeights,
  tally,
  tallyFromCounts,
} from './core/tally.ts';
export {
  type Histogram,
  type HistogramCount,
  type TallyFromHistogramOptions,
  tallyFromHistogram,
} from './core/tallyFromHistogram.ts';
// presentation: plain-language findings in en, ru, uk
export {
  type DescribeLocale,
  type DescribeOptions,
  describe,
  type Finding,
  type FindingFigures,
  type FindingKind,
} from './describe/describe.ts';
export {
  type BootstrapImportanceOptions,
  type BootstrapImportanceResult,
  type BootstrapStatistic,
  bootstrapImportance,
  type DriverImportanceInterval,
} from './drivers/bootstrapImportance.ts';
export {
  type DominanceResult,
  type DriverDominance,
  dominanceAnalysis,
} from './drivers/dominance.ts';
// drivers: sufficient statistics and relative importance of loyalty drivers
export {
  type DriverColumns,
  type DriverData,
  type DriverInput,
  type DriverOutcome,
  type DriverRow,
  type DriverStats,
  type DriverStatsOptions,
  type DriverSums,
  driverStats,
  driverStatsFromSums,
  mergeDriverStats,
} from './drivers/driverStats.ts';
export {
  type DriversByNodeOptions,
  type DriversByNodeResult,
  driversByNode,
  type NodeDrivers,
} from './drivers/driversByNode.ts';
export {
  type DriverPerformanceOptions,
  type DriverQuadrant,
  driverPerformance,
  driversByOwner,
  type ImportanceLike,
  type ImportancePerformanceOptions,
  type ImportanceQuadrant,
  importancePerformance,
  type OwnerImportance,
} from './drivers/driversByOwner.ts';
export {
  type DriverFactor,
  type DriverPenaltyReward,
  type PenaltyRewardOptions,
  type PenaltyRewardResult,
  penaltyReward,
  type RatingCutoffs,
} from './drivers/penaltyReward.ts';
export {
  type CorrelationMethod,
  type DriverCoefficient,
  type DriverCorrelation,
  type DriverCorrelationsOptions,
  type DriverCorrelationsResult,
  type DriverRegressionResult,
  driverCorrelations,
  driverRegression,
} from './drivers/regression.ts';
export {
  type DriverDirection,
  type DriverFitSummary,
  type DriverImportance,
  type DriverModelOptions,
  type ImportanceMetric,
  type RelativeImportanceOptions,
  type RelativeImportanceResult,
  relativeImportance,
  relativeWeights,
  shapley,
} from './drivers/relativeImportance.ts';
export {
  type DriverShapleyEstimate,
  type ShapleySampleOptions,
  type ShapleySampleResult,
  shapleySample,
} from './drivers/shapleySample.ts';
// errors
export {
  isNpsInputError,
  NpsInputError,
  type NpsInputErrorCode,
  type NpsInputErrorDetails,
  type NpsInputIssue,
} from './errors.ts';
// followup: time to contact and resolution of follow-up cases (Kaplan–Meier, log-rank)
export { type FollowUpCase, type Instant } from './followup/cases.ts';
export {
  type FollowUpFigures,
  type FollowUpMetrics,
  type FollowUpMetricsOptions,
  type FollowUpNode,
  type FollowUpPeriod,
  type FollowUpSla,
  followUpMetrics,
  type ShareEstimate,
  type SurvivalStep,
  type TimeQuantile,
  type TimeQuantiles,
  type TimeToEvent,
  type UnitComparison,
} from './followup/followUpMetrics.ts';
export {
  type EscalationStep,
  type FollowUpItem,
  type FollowUpPolicy,
  type FollowUpQueue,
  type FollowUpReason,
  type FollowUpResponse,
  followUpQueue,
  type LowRatingRule,
  type PriorityWeights,
  type RepeatDetractorRule,
} from './followup/followUpQueue.ts';
// follow-up: closing the loop
export {
  type CategoryCounts,
  type DetractorRecovery,
  type FollowUpRecoveryOptions,
  type FollowUpRecoveryResult,
  followUpRecovery,
  type LaterNpsComparison,
  type ProportionEstimate,
  type RecoveryPair,
  type TransitionMatrix,
  type TransitionRow,
} from './followup/followUpRecovery.ts';
export {
  type AsOfOptions,
  type BuildHierarchyOptions,
  buildHierarchy,
  type Hierarchy,
  type HierarchyNodeInput,
} from './hierarchy/buildHierarchy.ts';
export {
  type Contribution,
  type ContributionOptions,
  contributions,
} from './hierarchy/contributions.ts';
export {
  type CrossTabCell,
  type CrossTabOptions,
  type CrossTabResult,
  type CrossTabRow,
  crossTab,
} from './hierarchy/crossTab.ts';
export {
  type FunnelOptions,
  type FunnelResult,
  type FunnelUnit,
  funnel,
} from './hierarchy/funnel.ts';
export {
  type HierarchyFromColumnsOptions,
  type HierarchyRootOptions,
  hierarchyFromColumns,
  type OrganisationRow,
} from './hierarchy/hierarchyFromColumns.ts';
export {
  type PublishedCrossTab,
  type PublishedTables,
  type PublishedTrend,
  type PublishTablesOptions,
  publishTables,
} from './hierarchy/publishTables.ts';
export {
  type Exclusion,
  type ExclusionReason,
  type ParentComparison,
  type RollupNode,
  type RollupOptions,
  type RollupResult,
  rollup,
} from './hierarchy/rollup.ts';
export {
  type RollupTableOptions,
  type RollupTableRow,
  rollupTable,
} from './hierarchy/rollupTable.ts';
export {
  type SegmentedResponses,
  type SegmentSummary,
  type SegmentsOptions,
  type SegmentsResult,
  segments,
} from './hierarchy/segments.ts';
export {
  type LevelOptions,
  type RankedUnit,
  type RankOptions,
  rank,
  type ShrinkageMethod,
  type ShrinkageOptions,
  type ShrinkageResult,
  type ShrunkEstimate,
  shrinkage,
} from './hierarchy/shrinkage.ts';
export {
  type LevelComponent,
  type VarianceComponents,
  varianceComponents,
} from './hierarchy/varianceComponents.ts';
// business time: working days, hours and holidays in a zone, for follow-up SLAs
export {
  type BusinessAmount,
  type CalendarInput,
  type WorkingHours,
} from './kernels/businessTime.ts';
// hierarchy: organisation trees (possibly dated), response shapes, rollups
export {
  type DictionaryColumn,
  type ResponseColumns,
  type ResponseRow,
  type ResponsesInput,
  type TallyEntry,
} from './kernels/responses.ts';
export {
  type AuditLoyaltyLink,
  type AuditLoyaltyLinkOptions,
  auditLoyaltyLink,
  type LinkUnit,
  type StandardCorrelation,
  type UnitCorrelation,
} from './quality/auditLink.ts';
// quality: mystery-shopper audits, compliance rolled up and linked to loyalty
export {
  type Audit,
  type AuditComplianceOptions,
  type AuditComplianceResult,
  type AuditItem,
  type AuditScore,
  auditCompliance,
  type ComplianceFigures,
  type ComplianceNode,
  type CompliancePeriod,
  type StandardCompliance,
} from './quality/audits.ts';
// quality: gaming signals per unit and period
export {
  type BurstSignal,
  type GamingSignalsOptions,
  type GamingSignalsResult,
  type GamingUnit,
  gamingSignals,
  type NoDetractorsSignal,
  type PeriodEndSignal,
  type RepeatSignal,
  type TestedSignal,
  type TopShareSignal,
} from './quality/gamingSignals.ts';
// quality: response rates from the invitation list
export {
  type Invitation,
  type RateFigures,
  type RateNode,
  type RatePeriod,
  type ResponseRatesOptions,
  type ResponseRatesResult,
  responseRates,
} from './quality/invitations.ts';
export type { RakeMargin, RakeMargins } from './quality/margins.ts';
// quality: raking of respondent weights to population margins
export {
  type RakedCategory,
  type RakedMargin,
  type RakeTrim,
  type RakeWeightsOptions,
  type RakeWeightsResult,
  rakeWeights,
} from './quality/rakeWeights.ts';
// quality: responders against the invited population (non-response check)
export {
  type CompareRespondersOptions,
  type CompareRespondersResult,
  compareResponders,
  type ResponderCategory,
  type ResponderVariable,
} from './quality/responseRates.ts';
// quality: interviewer and channel effects
export {
  type SourceEffect,
  type SourceEffectsOptions,
  type SourceEffectsResult,
  type SourceIcc,
  type SourceTest,
  sourceEffects,
} from './quality/sourceEffects.ts';
// report: the self-contained HTML pack, one page per unit
export {
  type ReportAnalysis,
  type ReportChange,
  type ReportDrivers,
  type ReportFile,
  type ReportFinding,
  type ReportLocale,
  type ReportPack,
  type ReportPackOptions,
  type ReportQuality,
  type ReportUnitDrivers,
  reportPack,
} from './report/reportPack.ts';
// stats: multiple testing (shared by hierarchy, trend, segments)
export { type AdjustedComparison } from './stats/adjustComparisons.ts';
export { benjaminiHochberg } from './stats/benjaminiHochberg.ts';
// trend: period-over-period and year-over-year changes, early alerts, rolling windows
export {
  type PeriodChange,
  type TrendChange,
  type TrendChangesOptions,
  type TrendChangesResult,
  trendChanges,
} from './trend/changes.ts';
export {
  type CusumChartOptions,
  type DetectShiftsOptions,
  type DetectShiftsResult,
  detectShifts,
  type EwmaChartOptions,
  type ShiftAlert,
  type ShiftCube,
  type ShiftCubeNode,
  type ShiftCubePoint,
  type ShiftInput,
  type ShiftPeriod,
  type ShiftPoint,
  type ShiftSeries,
  type ShiftTrendInput,
  type ShiftUnit,
  type ShiftWindow,
  type ShiftWindowsUsed,
  type SkippedCheck,
  type SkipReason,
} from './trend/detectShifts.ts';
export {
  type DayWindow,
  type PeriodWindow,
  type RollingPoint,
  type RollingResult,
  type RollingTrendOptions,
  type RollingWindow,
  rollingTrend,
} from './trend/rolling.ts';
// trend: NPS per calendar period in an IANA time zone
export {
  type TrendOptions,
  type TrendPeriod,
  type TrendPoint,
  type TrendResult,
  trend,
} from './trend/trend.ts';
// trend: the node × period cube, pooled up a hierarchy
export {
  type NodeTrend,
  type NodeTrendPoint,
  type TrendByNodeOptions,
  type TrendByNodeResult,
  trendByNode,
} from './trend/trendByNode.ts';
// trend: weighted least-squares test for a linear trend
export { type TrendTestOptions, type TrendTestResult, trendTest } from './trend/trendTest.ts';
// the public types shared across the API (src/types.ts)
export type {
  ArrowTableLike,
  CalendarInfo,
  Excluded,
  GroupFigures,
  HierarchyTableInfo,
  NodeInfo,
  PeriodSpan,
  PublishedFigures,
  ReadOptions,
  RecordTableOptions,
  SuppressionReason,
} from './types.ts';
// warehouse: SQL for mergeable partials (tallies, driver sums) and reading their rows back
export {
  type DriverStatsFromSqlOptions,
  driverStatsFromSql,
  type SqlDriverStats,
  type SqlExclusion,
  type SqlRow,
  type SqlTallyEntries,
  type TallyEntriesFromSqlOptions,
  tallyEntriesFromSql,
} from './warehouse/fromSql.ts';
export {
  type WarehouseDialect,
  type WarehouseSql,
  type WarehouseSqlOptions,
  warehouseSql,
} from './warehouse/warehouseSql.ts';
