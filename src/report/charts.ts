// The charts of a unit's page: the Vega-Lite spec of src/charts for `render`, and the same
// data as a table (shown when there is no `render`, and under each rendered chart).
import type { ChartSpec } from '../charts/_spec.ts';
import { comparisonChart as comparisonSpec } from '../charts/comparisonChart.ts';
import { trendChart as trendSpec } from '../charts/trendChart.ts';
import type { RollupResult } from '../hierarchy/rollup.ts';
import type { DetectShiftsResult } from '../trend/detectShifts.ts';
import type { TrendByNodeResult } from '../trend/trendByNode.ts';
import type { Formats } from './format.ts';
import type { ReportModel, UnitModel } from './read.ts';

/** @internal A chart of a page: its title, Vega-Lite spec and data table. */
export interface ChartBlock {
  readonly title: string;
  readonly spec: ChartSpec;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** @internal The unit's NPS per period with its interval band and alerts; `null` with no published point. */
export function trendChart(
  unit: UnitModel,
  f: Formats,
  confidence: number,
  cube: TrendByNodeResult,
  shifts: DetectShiftsResult | null,
): ChartBlock | null {
  if (unit.trend === null || unit.trend.every((p) => p.nps === null)) return null;
  return {
    title: f.m.trend,
    spec: trendSpec(cube, {
      nodeId: unit.id,
      title: f.m.trend,
      ...(shifts === null ? {} : { alerts: shifts }),
    }),
    head: [f.m.period, f.m.nps, f.m.interval(f.percent(confidence)), 'n'],
    rows: unit.trend.map((p) => [
      p.label,
      p.suppressed ? f.m.withheld : p.nps === null ? '–' : f.points(p.nps),
      p.low === null || p.high === null ? '–' : f.range(p.low, p.high),
      p.n === null ? '–' : f.count(p.n),
    ]),
  };
}

/**
 * @internal The unit beside its siblings with the parent's NPS as a rule (for a root: its
 * children beside it); `null` when nothing is published to compare.
 */
export function comparisonChart(
  unit: UnitModel,
  model: ReportModel,
  f: Formats,
  rollup: RollupResult,
): ChartBlock | null {
  const parent = unit.parentId === null ? null : (model.byId.get(unit.parentId) ?? null);
  const reference = parent ?? unit;
  const peers = (parent === null ? unit.children : parent.children).flatMap((id) => {
    const u = model.byId.get(id);
    return u === undefined ? [] : [u];
  });
  if (peers.length === 0) return null;
  if (peers.every((u) => u.nps === null)) return null;
  const rowOf = (u: UnitModel, name: string, isReference: boolean): string[] => [
    name,
    u.suppressed ? f.m.withheld : u.nps === null ? '–' : f.points(u.nps),
    u.low === null || u.high === null ? '–' : f.range(u.low, u.high),
    u.n === null ? '–' : f.count(u.n),
    u.vsParent === null || isReference
      ? '–'
      : `${f.points(u.vsParent.difference, true)}${u.vsParent.qValue < 1 - model.confidence ? ` ${f.m.significantMark}` : ''}`,
  ];
  return {
    title: parent === null ? f.m.comparisonChildren : f.m.comparison,
    spec: comparisonSpec(rollup, unit.id, {
      show: parent === null ? 'children' : 'siblings',
      title: parent === null ? f.m.comparisonChildren : f.m.comparison,
    }),
    head: [f.m.unit, f.m.nps, f.m.interval(f.percent(model.confidence)), 'n', f.m.vsParent],
    rows: [
      rowOf(reference, parent === null ? reference.label : f.m.parentRow(reference.label), true),
      ...peers.map((u) => rowOf(u, u.label, false)),
    ],
  };
}
