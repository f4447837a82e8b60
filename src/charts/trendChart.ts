import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { DetectShiftsResult } from '../trend/detectShifts.ts';
import type { TrendResult } from '../trend/trend.ts';
import type { TrendByNodeResult } from '../trend/trendByNode.ts';
import {
  type ChartDatum,
  type ChartOptions,
  type ChartSpec,
  chartShape,
  figureColumns,
  figuresShape,
  npsText,
  nullableNumber,
  points,
  readResult,
  spec,
  unitName,
  unknownNode,
} from './_spec.ts';

/** Options of {@link trendChart}. */
export interface TrendChartOptions extends ChartOptions {
  /** The node to chart, required for a {@link TrendByNodeResult} (not allowed for a plain trend). */
  readonly nodeId?: string | undefined;
  /**
   * Alerts from {@link detectShifts} on the same series or cube: the node's alerts (all of them
   * for a plain trend) are drawn as a rule at the start of their recent window.
   */
  readonly alerts?: DetectShiftsResult | undefined;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<TrendChartOptions>()(
    z.strictObject({
      ...chartShape(),
      nodeId: z.optional(z.string()),
      alerts: z.optional(z.unknown()),
    }),
  ),
);

const span = () => ({ start: z.string(), end: z.string(), label: z.string() });

const trendSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    period: z.string(),
    points: z.array(z.object({ ...span(), ...figuresShape() })),
  }),
);

const cubeSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    period: z.string(),
    confidence: z.number(),
    periods: z.array(z.object(span())),
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.nullable(z.string()),
        points: z.array(z.object(figuresShape())),
      }),
    ),
  }),
);

const alertsSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    alerts: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['drop', 'rise']),
        detector: z.string(),
        difference: z.number(),
        since: z.string(),
        qValue: nullableNumber(),
      }),
    ),
  }),
);

interface Series {
  readonly name: string;
  readonly period: string;
  readonly confidence: number | null;
  readonly rows: ChartDatum[];
  readonly starts: Map<string, string>;
}

function seriesOf(fn: string, result: unknown, nodeId: string | undefined): Series {
  const isCube = typeof result === 'object' && result !== null && Object.hasOwn(result, 'nodes');
  if (!isCube) {
    const r = readResult(trendSchema(), result, fn, 'trend');
    if (nodeId !== undefined)
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options.nodeId applies to the result of trendByNode(), received ${describe(nodeId)} with a plain trend`,
        path: ['nodeId'],
        received: nodeId,
      });
    return {
      name: 'all responses',
      period: r.period,
      confidence: null,
      rows: r.points.map((p) => row(p.label, p.start, p.end, p)),
      starts: new Map(r.points.map((p) => [p.start, p.label])),
    };
  }
  const r = readResult(cubeSchema(), result, fn, 'trendByNode');
  if (nodeId === undefined)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.nodeId must name the node to chart from the result of trendByNode(), received undefined`,
      path: ['nodeId'],
    });
  const node = r.nodes.find((x) => x.id === nodeId);
  if (node === undefined) throw unknownNode(fn, nodeId, ['nodeId']);
  if (node.points.length !== r.periods.length)
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: result must hold one point per period for node ${describe(nodeId)}, received ${String(node.points.length)} for ${String(r.periods.length)} periods (pass the result of trendByNode())`,
      path: ['nodes'],
    });
  return {
    name: unitName(node),
    period: r.period,
    confidence: r.confidence,
    rows: r.periods.map((s, i) =>
      row(s.label, s.start, s.end, node.points[i] as (typeof node.points)[number]),
    ),
    starts: new Map(r.periods.map((s) => [s.start, s.label])),
  };
}

/** `'1 period'`, `'3 periods'`. */
const periods = (n: number): string => `${String(n)} ${n === 1 ? 'period' : 'periods'}`;

function row(
  period: string,
  start: string,
  end: string,
  p: Parameters<typeof figureColumns>[0],
): ChartDatum {
  return { period, start, end, ...figureColumns(p) };
}

/**
 * A node's NPS per period (or a plain trend's) as a Vega-Lite v6 chart: a line through the
 * published points over the band of their confidence interval (`low`..`high`), with the alerts
 * of {@link detectShifts} as dashed rules at the start of their recent window (red for a drop,
 * green for a rise). Suppressed and empty periods are gaps in the line and the band, never
 * zeros: their rows carry `nps: null` and a `status` of `'suppressed'` or `'empty'`.
 *
 * The x axis is ordinal over the periods' calendar labels (`'2026-03'`, `'2026-W11'`), so the
 * chart reads the same whatever the viewer's time zone; the y axis spans −100..100.
 *
 * @param result - A {@link TrendResult}, or a {@link TrendByNodeResult} with `options.nodeId`.
 * @param options - `nodeId`, `alerts`, `title`, `width`, `height`.
 * @returns The spec; `data.values` holds one row per period `{ period, start, end, nps, low,
 *   high, n, baseN, status }`; the alerts layer's own data `{ period, kind, detector,
 *   difference, since, qValue }`.
 * @throws {@link NpsInputError} `invalid_input` (not a trend result), `unknown_node`,
 *   `invalid_option` (bad options, `nodeId` missing for a cube or given for a plain trend, an
 *   alert whose `since` is not a period of the series).
 * @example
 * ```ts
 * const rows = [10, 9, 2, 10, 1, 1].map((score, i) => ({ score, at: Date.UTC(2025, i % 3, 10) }));
 * const chart = trendChart(trend(rows, { period: 'month' }));
 * chart.$schema; //=> 'https://vega.github.io/schema/vega-lite/v6.json'
 * chart.data.values.map((d) => d.nps); //=> [100, 0, -100]
 * chart.data.values.map((d) => d.period); //=> ['2025-01', '2025-02', '2025-03']
 * ```
 */
export function trendChart(
  result: TrendResult | TrendByNodeResult,
  options?: TrendChartOptions,
): ChartSpec {
  const fn = 'trendChart';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const s = seriesOf(fn, result, o.nodeId);
  const alerts: ChartDatum[] = [];
  if (options?.alerts !== undefined) {
    const a = readResult(alertsSchema(), options.alerts, fn, 'detectShifts');
    a.alerts.forEach((alert, i) => {
      if (o.nodeId !== undefined && alert.id !== o.nodeId) return;
      const period = s.starts.get(alert.since);
      if (period === undefined)
        throw new NpsInputError({
          code: 'invalid_option',
          message: `${fn}: options.alerts must come from detectShifts() on the same series, received an alert since ${describe(alert.since)}, which starts no period of it`,
          path: ['alerts', 'alerts', i, 'since'],
          received: alert.since,
        });
      alerts.push({
        period,
        kind: alert.kind,
        detector: alert.detector,
        difference: alert.difference,
        since: alert.since,
        qValue: alert.qValue,
      });
    });
  }
  const shown = s.rows.filter((r) => r.status === 'published');
  const last = shown[shown.length - 1];
  const gaps = s.rows.length - shown.length;
  const description =
    `NPS of ${s.name} per ${s.period}, ${periods(s.rows.length)}` +
    (s.rows.length > 0
      ? ` from ${String(s.rows[0]?.period)} to ${String(s.rows[s.rows.length - 1]?.period)}`
      : '') +
    (last === undefined
      ? '; no published value.'
      : `; last published ${String(last.period)}: ${npsText(last.nps as number, last.low as number | null, last.high as number | null, s.confidence)}.`) +
    (gaps > 0 ? ` ${periods(gaps)} suppressed or empty, shown as gaps.` : '') +
    (alerts.length > 0
      ? ` Alerts: ${alerts.map((a) => `${String(a.kind)} of ${points(Math.abs(a.difference as number))} points since ${String(a.period)}`).join('; ')}.`
      : '');
  const x = {
    field: 'period',
    type: 'ordinal',
    sort: null,
    title: `Period (${s.period})`,
    axis: { labelAngle: s.rows.length > 8 ? -45 : 0 },
  };
  const y = { type: 'quantitative', scale: { domain: [-100, 100] }, title: 'NPS' };
  const tooltip = [
    { field: 'period', title: 'Period' },
    { field: 'nps', title: 'NPS', format: '.1f' },
    { field: 'low', title: 'Low', format: '.1f' },
    { field: 'high', title: 'High', format: '.1f' },
    { field: 'n', title: 'Respondents' },
    { field: 'status', title: 'Status' },
  ];
  const layer: unknown[] = [
    {
      mark: { type: 'area', opacity: 0.2, color: '#4c78a8', aria: false },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } },
    },
    {
      mark: { type: 'line', color: '#4c78a8', aria: false },
      encoding: { x, y: { ...y, field: 'nps' } },
    },
    {
      mark: { type: 'point', filled: true, color: '#4c78a8' },
      encoding: { x, y: { ...y, field: 'nps' }, tooltip },
    },
  ];
  if (alerts.length > 0)
    layer.push({
      data: { values: alerts },
      // the q-value as read: '–' for a control chart (it has none), '< 0.001' below that
      transform: [
        {
          calculate:
            "datum.qValue === null ? '–' : datum.qValue < 0.001 ? '< 0.001' : format(datum.qValue, '.3f')",
          as: 'q',
        },
      ],
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 2 },
      encoding: {
        x,
        color: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: ['drop', 'rise'], range: ['#d62728', '#2ca02c'] },
          title: 'Alert',
        },
        tooltip: [
          { field: 'kind', title: 'Alert' },
          { field: 'detector', title: 'Detector' },
          { field: 'difference', title: 'Change (points)', format: '.1f' },
          { field: 'q', title: 'q-value' },
        ],
      },
    });
  return spec(o, `NPS of ${s.name} per ${s.period}`, description, s.rows, layer);
}
