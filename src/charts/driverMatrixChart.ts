import { mean, median } from 'simple-statistics';
import * as z from 'zod/mini';
import type { DriverQuadrant, ImportancePerformanceOptions } from '../drivers/driversByOwner.ts';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  type ChartDatum,
  type ChartOptions,
  type ChartSpec,
  chartShape,
  readResult,
  spec,
} from './_spec.ts';

/**
 * Options of {@link driverMatrixChart}: the cut points `importancePerformance` was called with
 * (default `'mean'` of each), and the chart's title and size.
 */
export interface DriverMatrixChartOptions extends ChartOptions, ImportancePerformanceOptions {}

const cutOption = () =>
  z.optional(
    z.union([
      z.number().check(z.refine(Number.isFinite, 'expected a finite number')),
      z.enum(['mean', 'median']),
    ]),
  );

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<DriverMatrixChartOptions>()(
    z.strictObject({ ...chartShape(), importanceCut: cutOption(), performanceCut: cutOption() }),
  ),
);

const QUADRANTS = ['fix_first', 'maintain', 'low_priority', 'possible_overkill'] as const;
const QUADRANT_NAMES = ['Fix first', 'Maintain', 'Low priority', 'Possible overkill'] as const;

const matrixSchema = /* @__PURE__ */ lazy(() =>
  z.array(
    z.object({
      driver: z.string(),
      importance: z.number(),
      performance: z.number(),
      quadrant: z.enum(QUADRANTS),
    }),
  ),
);

/**
 * The importance–performance ("fix first") matrix of {@link importancePerformance} as a
 * Vega-Lite v6 chart (Martilla & James 1977): each driver as a labelled point, performance on
 * x and importance on y, coloured by quadrant, with the cut points as rules and the quadrants
 * named in the corners (fix first top left, maintain top right, low priority bottom left,
 * possible overkill bottom right). The cuts are recomputed from the drivers as the result did
 * (`'mean'` by default, `'median'`, or the numbers given), and each driver's quadrant must agree
 * with them, so the rules are where the result split.
 *
 * @param result - The array {@link importancePerformance} returns.
 * @param options - `importanceCut`, `performanceCut` (as given to `importancePerformance`),
 *   `title`, `width`, `height`.
 * @returns The spec; `data.values` holds one row per driver `{ driver, importance,
 *   performance, quadrant, quadrantName }`; the rules' own data `{ importanceCut,
 *   performanceCut }`.
 * @throws {@link NpsInputError} `invalid_input` (not a matrix), `empty` (no drivers),
 *   `invalid_option` (bad options, or cuts that do not split the drivers as the result did).
 * @example
 * ```ts
 * const imp = { drivers: [{ driver: 'speed', raw: 0.3 }, { driver: 'price', raw: 0.1 }] };
 * const perf = new Map([['speed', 6], ['price', 8]]);
 * const chart = driverMatrixChart(importancePerformance(imp, perf));
 * chart.data.values.map((d) => [d.driver, d.quadrantName]); //=> [['speed', 'Fix first'], ['price', 'Possible overkill']]
 * chart.layer.length; //=> 4
 * ```
 */
export function driverMatrixChart(
  result: readonly DriverQuadrant[],
  options?: DriverMatrixChartOptions,
): ChartSpec {
  const fn = 'driverMatrixChart';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const drivers = readResult(matrixSchema(), result, fn, 'importancePerformance');
  if (drivers.length === 0)
    throw new NpsInputError({
      code: 'empty',
      message: `${fn}: result must hold at least one driver, received none`,
      received: result,
    });
  // the cut points as importancePerformance computes them
  const cut = (c: number | 'mean' | 'median' | undefined, xs: number[]): number =>
    typeof c === 'number' ? c : c === 'median' ? median(xs) : mean(xs);
  const ic = cut(
    o.importanceCut,
    drivers.map((d) => d.importance),
  );
  const pc = cut(
    o.performanceCut,
    drivers.map((d) => d.performance),
  );
  drivers.forEach((d, i) => {
    const expected = QUADRANTS[(d.importance >= ic ? 0 : 2) + (d.performance >= pc ? 1 : 0)];
    if (d.quadrant !== expected)
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options.importanceCut and options.performanceCut must be those importancePerformance() used, received cuts ${describe(ic)} and ${describe(pc)}, which put driver ${describe(d.driver)} in ${String(expected)}, not ${d.quadrant}`,
        path: [i, 'quadrant'],
        received: d.quadrant,
      });
  });
  const values: ChartDatum[] = drivers.map((d) => ({
    driver: d.driver,
    importance: d.importance,
    performance: d.performance,
    quadrant: d.quadrant,
    quadrantName: QUADRANT_NAMES[QUADRANTS.indexOf(d.quadrant)] ?? d.quadrant,
  }));
  const inQuadrant = (q: (typeof QUADRANTS)[number]) =>
    drivers.filter((d) => d.quadrant === q).map((d) => d.driver);
  const description =
    `Importance against performance of ${String(drivers.length)} drivers, split at importance ${String(Math.round(ic * 1000) / 1000)} and performance ${String(Math.round(pc * 1000) / 1000)}. ` +
    QUADRANTS.map((q, k) => {
      const ds = inQuadrant(q);
      return `${String(QUADRANT_NAMES[k])}: ${ds.length === 0 ? 'none' : ds.join(', ')}`;
    }).join('; ') +
    '.';
  const x = {
    field: 'performance',
    type: 'quantitative',
    title: 'Performance',
    scale: { zero: false, padding: 24 },
  };
  const y = {
    field: 'importance',
    type: 'quantitative',
    title: 'Importance',
    scale: { padding: 24 },
  };
  const corner = (text: string, left: boolean, top: boolean) => ({
    mark: {
      type: 'text',
      align: left ? 'left' : 'right',
      baseline: top ? 'top' : 'bottom',
      fontWeight: 'bold',
      color: '#888',
    },
    encoding: {
      x: { value: left ? 4 : { expr: 'width - 4' } },
      y: { value: top ? 4 : { expr: 'height - 4' } },
      text: { value: text },
    },
    data: { values: [{}] },
  });
  const layer: unknown[] = [
    {
      data: { values: [{ importanceCut: ic, performanceCut: pc }] },
      layer: [
        {
          mark: { type: 'rule', color: '#666', strokeDash: [4, 3] },
          encoding: { x: { ...x, field: 'performanceCut' } },
        },
        {
          mark: { type: 'rule', color: '#666', strokeDash: [4, 3] },
          encoding: { y: { ...y, field: 'importanceCut' } },
        },
      ],
    },
    {
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        x,
        y,
        color: {
          field: 'quadrantName',
          type: 'nominal',
          title: 'Quadrant',
          scale: {
            domain: [...QUADRANT_NAMES],
            range: ['#d62728', '#2ca02c', '#9e9e9e', '#1f77b4'],
          },
        },
        tooltip: [
          { field: 'driver', title: 'Driver' },
          { field: 'importance', title: 'Importance', format: '.3f' },
          { field: 'performance', title: 'Performance', format: '.2f' },
          { field: 'quadrantName', title: 'Quadrant' },
        ],
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 },
      encoding: { x, y, text: { field: 'driver' } },
    },
    {
      layer: [
        corner('Fix first', true, true),
        corner('Maintain', false, true),
        corner('Low priority', true, false),
        corner('Possible overkill', false, false),
      ],
    },
  ];
  return spec(o, 'Drivers: importance and performance', description, values, layer);
}
