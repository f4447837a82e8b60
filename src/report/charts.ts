// The charts of a unit's page: a Vega-Lite spec for `render`, and the same data as a table
// (shown when there is no `render`, and under each rendered chart for screen readers).
import type { Formats } from './format.ts';
import type { ReportModel, UnitModel } from './read.ts';

/** @internal A chart of a page: its title, Vega-Lite spec and data table. */
export interface ChartBlock {
  readonly title: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** @internal The unit's NPS per period with its interval band; `null` with fewer than 1 point. */
export function trendChart(unit: UnitModel, f: Formats, confidence: number): ChartBlock | null {
  if (unit.trend === null) return null;
  const values = unit.trend.flatMap((p, order) =>
    p.nps === null || p.low === null || p.high === null
      ? []
      : [{ period: p.label, order, nps: p.nps, low: p.low, high: p.high }],
  );
  if (values.length === 0) return null;
  const x = { field: 'period', type: 'ordinal', sort: { field: 'order' }, title: f.m.period };
  return {
    title: f.m.trend,
    spec: {
      $schema: SCHEMA,
      width: 560,
      height: 200,
      data: { values },
      encoding: { x },
      layer: [
        {
          mark: { type: 'area', opacity: 0.25 },
          encoding: {
            y: { field: 'low', type: 'quantitative', title: f.m.nps },
            y2: { field: 'high' },
          },
        },
        {
          mark: { type: 'line', point: true },
          encoding: { y: { field: 'nps', type: 'quantitative' } },
        },
      ],
    },
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
): ChartBlock | null {
  const parent = unit.parentId === null ? null : (model.byId.get(unit.parentId) ?? null);
  const reference = parent ?? unit;
  const peers = (parent === null ? unit.children : parent.children).flatMap((id) => {
    const u = model.byId.get(id);
    return u === undefined ? [] : [u];
  });
  if (peers.length === 0) return null;
  const values = peers.flatMap((u) =>
    u.nps === null || u.low === null || u.high === null
      ? []
      : [{ unit: u.label, nps: u.nps, low: u.low, high: u.high, self: u.id === unit.id }],
  );
  if (values.length === 0) return null;
  const y = { field: 'unit', type: 'nominal', sort: null, title: null };
  const layers: unknown[] = [
    {
      mark: 'rule',
      encoding: {
        y,
        x: { field: 'low', type: 'quantitative', title: f.m.nps },
        x2: { field: 'high' },
      },
    },
    {
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        y,
        x: { field: 'nps', type: 'quantitative' },
        color: { field: 'self', type: 'nominal', legend: null },
      },
    },
  ];
  if (reference.nps !== null)
    layers.push({
      data: { values: [{ nps: reference.nps }] },
      mark: { type: 'rule', strokeDash: [4, 4] },
      encoding: { x: { field: 'nps', type: 'quantitative' } },
    });
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
    spec: {
      $schema: SCHEMA,
      width: 480,
      height: { step: 22 },
      data: { values },
      layer: layers,
    },
    head: [f.m.unit, f.m.nps, f.m.interval(f.percent(model.confidence)), 'n', f.m.vsParent],
    rows: [
      rowOf(reference, parent === null ? reference.label : f.m.parentRow(reference.label), true),
      ...peers.map((u) => rowOf(u, u.label, false)),
    ],
  };
}
