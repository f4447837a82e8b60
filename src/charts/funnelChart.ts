import * as z from 'zod/mini';
import type { FunnelResult } from '../hierarchy/funnel.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  type ChartDatum,
  type ChartOptions,
  type ChartSpec,
  chartShape,
  points,
  readResult,
  spec,
} from './_spec.ts';

/** Options of {@link funnelChart}. */
export interface FunnelChartOptions extends ChartOptions {
  /** Display names of the units by id (a funnel result holds ids only); default: the ids. */
  readonly names?: ReadonlyMap<string, string> | undefined;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<FunnelChartOptions>()(
    z.strictObject({ ...chartShape(), names: z.optional(z.map(z.string(), z.string())) }),
  ),
);

const POSITIONS = ['above-outer', 'above-inner', 'within', 'below-inner', 'below-outer'] as const;
const limits = () => z.tuple([z.number(), z.number()]);

const funnelSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    target: z.number(),
    coverage: limits(),
    units: z.array(
      z.object({
        id: z.string(),
        baseN: z.number(),
        effectiveN: z.number().check(z.gt(0)),
        nps: z.number(),
        inner: limits(),
        outer: limits(),
        position: z.enum(POSITIONS),
      }),
    ),
  }),
);

const percent = (c: number) => `${String(Math.round(c * 1000) / 10)}%`;

/**
 * The funnel plot of one level as a Vega-Lite v6 chart: each unit's NPS against its base size
 * (the effective size with weights), the target as a horizontal rule, and the inner and outer
 * control limits of {@link funnel} as lines through the units' base sizes (solid inner, dashed
 * outer). Units beyond a limit are coloured (orange beyond the inner, red beyond the outer) and
 * labelled; the rest are grey. The limits are the exact ones the result holds at each unit's
 * size, joined by straight segments.
 *
 * @param result - A {@link FunnelResult}.
 * @param options - `names` (id → display name), `title`, `width`, `height`.
 * @returns The spec; `data.values` holds one row per unit `{ id, name, baseN, effectiveN, nps,
 *   innerLow, innerHigh, outerLow, outerHigh, position, outlier }`; the limits layer's own data
 *   `{ effectiveN, limit, value }`.
 * @throws {@link NpsInputError} `invalid_input` (not a funnel result), `invalid_option`.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const rows = [10, 10, 10, 1].map((score) => ({ nodeId: 'a', score }))
 *   .concat([1, 1, 1, 10].map((score) => ({ nodeId: 'b', score })));
 * const chart = funnelChart(funnel(rollup(h, rows)), { names: new Map([['a', 'Store A']]) });
 * chart.data.values.map((d) => [d.name, d.nps, d.position]); //=> [['Store A', 50, 'within'], ['b', -50, 'within']]
 * ```
 */
export function funnelChart(result: FunnelResult, options?: FunnelChartOptions): ChartSpec {
  const fn = 'funnelChart';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const r = readResult(funnelSchema(), result, fn, 'funnel');
  const values: ChartDatum[] = r.units.map((u) => ({
    id: u.id,
    name: o.names?.get(u.id) ?? u.id,
    baseN: u.baseN,
    effectiveN: u.effectiveN,
    nps: u.nps,
    innerLow: u.inner[0],
    innerHigh: u.inner[1],
    outerLow: u.outer[0],
    outerHigh: u.outer[1],
    position: u.position,
    outlier: u.position !== 'within',
  }));
  const bySize = r.units.slice().sort((a, b) => a.effectiveN - b.effectiveN);
  const lines: ChartDatum[] = [];
  for (const [limit, pick] of [
    ['inner low', (u: (typeof bySize)[number]) => u.inner[0]],
    ['inner high', (u: (typeof bySize)[number]) => u.inner[1]],
    ['outer low', (u: (typeof bySize)[number]) => u.outer[0]],
    ['outer high', (u: (typeof bySize)[number]) => u.outer[1]],
  ] as const)
    for (const u of bySize) lines.push({ effectiveN: u.effectiveN, limit, value: pick(u) });
  const outliers = values.filter((v) => v.outlier);
  const [inner, outer] = r.coverage;
  const description =
    `Funnel plot of ${String(values.length)} units: NPS against respondents in the base, ` +
    `target ${points(r.target)}, ${percent(inner)} and ${percent(outer)} control limits. ` +
    (outliers.length === 0
      ? 'No unit is beyond the limits.'
      : `Beyond the limits: ${outliers.map((v) => `${String(v.name)} (${points(v.nps as number)}, ${String(v.position)})`).join(', ')}.`);
  const x = {
    field: 'effectiveN',
    type: 'quantitative',
    title: 'Respondents in the base',
    scale: { zero: false, padding: 16 },
  };
  // the NPS axis spans the units and their limits (not −100..100), so that close limits show
  const y = { type: 'quantitative', scale: { zero: false, padding: 16 }, title: 'NPS' };
  const layer: unknown[] = [
    {
      data: { values: lines },
      mark: { type: 'line', color: '#888', strokeWidth: 1.5 },
      encoding: {
        x,
        y: { ...y, field: 'value' },
        detail: { field: 'limit', type: 'nominal' },
        strokeDash: {
          field: 'limit',
          type: 'nominal',
          scale: {
            domain: ['inner low', 'inner high', 'outer low', 'outer high'],
            range: [
              [1, 0],
              [1, 0],
              [5, 4],
              [5, 4],
            ],
          },
          legend: null,
        },
      },
    },
    {
      data: { values: [{ target: r.target }] },
      mark: { type: 'rule', color: '#333' },
      encoding: {
        y: { ...y, field: 'target' },
        tooltip: [{ field: 'target', title: 'Target', format: '.1f' }],
      },
    },
    {
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x,
        y: { ...y, field: 'nps' },
        color: {
          field: 'position',
          type: 'nominal',
          title: 'Position',
          scale: {
            domain: [...POSITIONS],
            range: ['#d62728', '#ff7f0e', '#9e9e9e', '#ff7f0e', '#d62728'],
          },
        },
        tooltip: [
          { field: 'name', title: 'Unit' },
          { field: 'nps', title: 'NPS', format: '.1f' },
          { field: 'baseN', title: 'Respondents in the base' },
          { field: 'position', title: 'Position' },
        ],
      },
    },
    {
      transform: [{ filter: 'datum.outlier' }],
      mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 11 },
      encoding: { x, y: { ...y, field: 'nps' }, text: { field: 'name' } },
    },
  ];
  return spec(o, 'Funnel plot: NPS against base size', description, values, layer);
}
