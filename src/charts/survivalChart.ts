import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import type { FollowUpMetrics } from '../followup/followUpMetrics.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  type ChartDatum,
  type ChartOptions,
  type ChartSpec,
  chartShape,
  nullableNumber,
  readResult,
  spec,
  unitName,
  unknownNode,
} from './_spec.ts';

/** Options of {@link survivalChart}. */
export interface SurvivalChartOptions extends ChartOptions {
  /** The node whose curve to draw (default: the overall figures). */
  readonly nodeId?: string | undefined;
  /** Which time: `'resolution'` (default) or `'contact'` (first contact). */
  readonly event?: 'contact' | 'resolution' | undefined;
  /**
   * The target in wall-clock hours, drawn as a vertical rule (the curve is in wall-clock hours;
   * a target in business hours or days has no single place on it).
   */
  readonly slaHours?: number | undefined;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<SurvivalChartOptions>()(
    z.strictObject({
      ...chartShape(),
      nodeId: z.optional(z.string()),
      event: z.optional(z.enum(['contact', 'resolution'])),
      slaHours: z.optional(z.number().check(z.gt(0))),
    }),
  ),
);

const timeToEvent = () =>
  z.nullable(
    z.object({
      events: z.number(),
      censored: z.number(),
      withinSla: z.nullable(
        z.object({ share: nullableNumber(), low: nullableNumber(), high: nullableNumber() }),
      ),
      curve: z.nullable(
        z.array(
          z.object({
            time: z.number().check(z.gte(0)),
            survival: z.number().check(z.gte(0), z.lte(1)),
            low: nullableNumber(),
            high: nullableNumber(),
            atRisk: z.number(),
            events: z.number(),
            censored: z.number(),
          }),
        ),
      ),
    }),
  );
const figures = () => ({
  suppressed: z.boolean(),
  contact: timeToEvent(),
  resolution: timeToEvent(),
});

const metricsSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    confidence: z.number(),
    overall: z.object(figures()),
    nodes: z.nullable(
      z.array(z.object({ id: z.string(), name: z.nullable(z.string()), ...figures() })),
    ),
  }),
);

const pct = (v: number) => `${String(Math.round(v * 1000) / 10)}%`;
const hours = (h: number) => `${String(Math.round(h * 10) / 10)} h`;

/**
 * The Kaplan–Meier curve of {@link followUpMetrics} as a Vega-Lite v6 chart: the share of cases
 * still without first contact (or still unresolved) against the hours since opening, as a
 * step-after line from (0, 1), over the band of its pointwise Greenwood interval where the
 * result has one, with the censored cases (open at `now`) as ticks and the SLA target as a
 * vertical rule. The curve reads straight from the result: the chart estimates nothing.
 *
 * @param result - A {@link FollowUpMetrics}.
 * @param options - `nodeId`, `event` (`'resolution'`), `slaHours`, `title`, `width`, `height`.
 * @returns The spec; `data.values` holds the curve's steps `{ time, survival, low, high,
 *   atRisk, events, censored }`; the SLA layer's own data `{ slaHours, withinSla, low, high }`.
 * @throws {@link NpsInputError} `invalid_input` (not a follow-up result), `unknown_node`
 *   (also when the result has no nodes), `empty` (the figures are suppressed or hold no curve:
 *   node curves are withheld under `minSample`), `invalid_option`.
 * @example
 * ```ts
 * const h = 3_600_000;
 * const cases = [1, 2, 3].map((k) => ({
 *   caseId: `c${String(k)}`, nodeId: 'a', openedAt: 0, resolvedAt: k * 10 * h,
 * }));
 * const m = followUpMetrics(cases, { now: 100 * h, sla: { resolution: { hours: 24 } } });
 * const chart = survivalChart(m, { slaHours: 24 });
 * chart.data.values.map((d) => [d.time, d.atRisk, d.events]); //=> [[0, 3, 0], [10, 3, 1], [20, 2, 1], [30, 1, 1]]
 * chart.data.values.map((d) => d.survival === null ? null : Math.round(Number(d.survival) * 100)); //=> [100, 67, 33, 0]
 * ```
 */
export function survivalChart(result: FollowUpMetrics, options?: SurvivalChartOptions): ChartSpec {
  const fn = 'survivalChart';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const r = readResult(metricsSchema(), result, fn, 'followUpMetrics');
  const event = o.event ?? 'resolution';
  let group: z.output<ReturnType<typeof metricsSchema>>['overall'] = r.overall;
  let name = 'all cases';
  if (o.nodeId !== undefined) {
    const node = r.nodes?.find((n) => n.id === o.nodeId);
    if (node === undefined) throw unknownNode(fn, o.nodeId, ['nodeId']);
    group = node;
    name = unitName(node);
  }
  const t = group[event];
  const curve = t?.curve ?? null;
  if (group.suppressed || t === null || curve === null)
    throw new NpsInputError({
      code: 'empty',
      message: `${fn}: the ${event} curve of ${describe(name)} is ${group.suppressed ? 'suppressed' : 'not in the result'}, received ${t === null ? 'null figures' : 'curve: null'} (node curves are withheld under minSample; chart the overall curve)`,
      path: o.nodeId === undefined ? ['overall', event] : ['nodes', o.nodeId, event],
    });
  const values: ChartDatum[] = curve.map((s) => ({ ...s }));
  const what = event === 'contact' ? 'without first contact' : 'unresolved';
  const last = curve[curve.length - 1];
  const median = curve.find((s) => s.survival <= 0.5);
  const sla = o.slaHours;
  const within = t.withinSla;
  const description =
    `Kaplan–Meier curve of the share of ${name} still ${what} against hours since opening: ` +
    `${String(t.events)} events, ${String(t.censored)} censored. ` +
    (median === undefined
      ? `More than half still ${what} at ${hours(last?.time ?? 0)}.`
      : `Half ${event === 'contact' ? 'contacted' : 'resolved'} by ${hours(median.time)}.`) +
    (sla === undefined
      ? ''
      : ` Target ${hours(sla)}` +
        (within?.share == null
          ? '.'
          : `: ${pct(within.share)} within it${within.low === null || within.high === null ? '' : ` (${pct(within.low)} to ${pct(within.high)})`}.`));
  const x = {
    field: 'time',
    type: 'quantitative',
    title: 'Hours since opening',
    scale: { zero: true },
  };
  const y = {
    type: 'quantitative',
    scale: { domain: [0, 1] },
    axis: { format: '%' },
    title: `Share ${what}`,
  };
  const layer: unknown[] = [
    {
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.2, color: '#4c78a8' },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } },
    },
    {
      mark: { type: 'line', interpolate: 'step-after', color: '#4c78a8' },
      encoding: {
        x,
        y: { ...y, field: 'survival' },
        tooltip: [
          { field: 'time', title: 'Hours', format: '.1f' },
          { field: 'survival', title: 'Share', format: '.1%' },
          { field: 'atRisk', title: 'At risk' },
        ],
      },
    },
    {
      transform: [{ filter: 'datum.censored > 0' }],
      mark: { type: 'tick', orient: 'vertical', color: '#4c78a8', size: 8 },
      encoding: { x, y: { ...y, field: 'survival' } },
    },
  ];
  if (sla !== undefined)
    layer.push({
      data: {
        values: [
          {
            slaHours: sla,
            withinSla: within?.share ?? null,
            low: within?.low ?? null,
            high: within?.high ?? null,
          },
        ],
      },
      mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
      encoding: {
        x: { ...x, field: 'slaHours' },
        tooltip: [
          { field: 'slaHours', title: 'Target (hours)' },
          { field: 'withinSla', title: 'Within target', format: '.1%' },
        ],
      },
    });
  const title = `${event === 'contact' ? 'Time to first contact' : 'Time to resolution'}: ${name}`;
  return spec(o, title, description, values, layer);
}
