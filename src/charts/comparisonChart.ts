import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import type { RollupResult } from '../hierarchy/rollup.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  type ChartDatum,
  type ChartOptions,
  type ChartSpec,
  chartShape,
  figureColumns,
  figuresShape,
  npsText,
  readResult,
  spec,
  uniqueLabels,
  unitName,
  unknownNode,
} from './_spec.ts';

/** Options of {@link comparisonChart}. */
export interface ComparisonChartOptions extends ChartOptions {
  /**
   * `'children'`: the node's children against the node; `'siblings'`: the node among its
   * parent's children (highlighted) against the parent. Default: `'children'` when the node
   * has children in the result, else `'siblings'`.
   */
  readonly show?: 'children' | 'siblings' | undefined;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<ComparisonChartOptions>()(
    z.strictObject({ ...chartShape(), show: z.optional(z.enum(['children', 'siblings'])) }),
  ),
);

const rollupSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    confidence: z.number(),
    minSample: z.number(),
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.nullable(z.string()),
        parentId: z.nullable(z.string()),
        ...figuresShape(),
      }),
    ),
  }),
);

type Node = z.output<ReturnType<typeof rollupSchema>>['nodes'][number];

/**
 * A unit's children against it, or a unit among its siblings against their parent, as a
 * Vega-Lite v6 chart: one row per unit with its NPS as a point and its confidence interval as
 * an error bar, and the parent's NPS as a vertical rule. A suppressed unit is listed with the
 * note "suppressed" and no value (its row carries `nps`, `low`, `high`, `n` and `baseN` as
 * null), an empty one with "no responses". NPS is pooled from the counts (rollup), never an
 * average of the children.
 *
 * @param result - A {@link RollupResult}.
 * @param nodeId - The unit.
 * @param options - `show` (`'children'` or `'siblings'`), `title`, `width`, `height`.
 * @returns The spec; `data.values` holds one row per unit `{ id, label, nps, low, high, n,
 *   baseN, status, note, highlight }` in hierarchy order; the parent layer's own data
 *   `{ id, label, nps }`.
 * @throws {@link NpsInputError} `invalid_input` (not a rollup result), `unknown_node`,
 *   `invalid_option` (bad options; `'siblings'` of a root, `'children'` of a leaf).
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, name: 'Group' },
 *   { id: 'a', parentId: 'all', name: 'Store A' },
 *   { id: 'b', parentId: 'all', name: 'Store B' },
 *   { id: 'c', parentId: 'all', name: 'Kiosk' },
 * ]);
 * const rows = [10, 10, 1, 9].map((score) => ({ nodeId: 'a', score }))
 *   .concat([10, 1, 1].map((score) => ({ nodeId: 'b', score })), [{ nodeId: 'c', score: 1 }]);
 * // the kiosk's one answer is withheld under minSample 2, and Store B with it (else the
 * // group's figures minus Store A's would give the kiosk's away)
 * const chart = comparisonChart(rollup(h, rows, { minSample: 2 }), 'all');
 * chart.data.values.map((d) => [d.label, d.nps, d.note]); //=> [['Store A', 50, null], ['Store B', null, 'suppressed'], ['Kiosk', null, 'suppressed']]
 * // a store among its siblings, highlighted
 * comparisonChart(rollup(h, rows), 'a').data.values.map((d) => d.highlight); //=> [true, false, false]
 * ```
 */
export function comparisonChart(
  result: RollupResult,
  nodeId: string,
  options?: ComparisonChartOptions,
): ChartSpec {
  const fn = 'comparisonChart';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const r = readResult(rollupSchema(), result, fn, 'rollup');
  const node = typeof nodeId === 'string' ? r.nodes.find((n) => n.id === nodeId) : undefined;
  if (node === undefined) throw unknownNode(fn, nodeId, ['nodeId']);
  const childrenOf = (id: string) => r.nodes.filter((n) => n.parentId === id);
  const show = o.show ?? (childrenOf(node.id).length > 0 ? 'children' : 'siblings');
  const parent =
    show === 'children' ? node : r.nodes.find((n) => n.id === node.parentId && n.id !== node.id);
  if (parent === undefined)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.show 'siblings' needs a node with a parent, received the root ${describe(node.id)} (show its children instead)`,
      path: ['show'],
      received: show,
    });
  const units = childrenOf(parent.id).filter((n) => n.id !== parent.id);
  if (units.length === 0)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.show 'children' needs a node with children, received ${describe(node.id)}, which has none (show its siblings instead)`,
      path: ['show'],
      received: show,
    });
  const labels = uniqueLabels([...units, parent]);
  const values: ChartDatum[] = units.map((u, i) => {
    const f = figureColumns(u);
    return {
      id: u.id,
      label: labels[i] ?? u.id,
      ...f,
      note: f.status === 'suppressed' ? 'suppressed' : f.status === 'empty' ? 'no responses' : null,
      highlight: show === 'siblings' && u.id === node.id,
    };
  });
  const parentLabel = labels[units.length] ?? parent.id;
  const parentShown = !parent.suppressed && parent.nps !== null;
  const describeUnit = (u: Node, label: string) =>
    u.suppressed
      ? `${label}: suppressed`
      : u.nps === null
        ? `${label}: no responses`
        : `${label}: ${npsText(u.nps, u.low, u.high, r.confidence)}`;
  const description =
    (show === 'children'
      ? `The ${String(units.length)} units of ${parentLabel} against it. `
      : `${unitName(node)} among the ${String(units.length)} units of ${parentLabel}, against it. `) +
    `${describeUnit(parent, parentLabel)}. ` +
    units.map((u, i) => describeUnit(u, labels[i] ?? u.id)).join('; ') +
    '.';
  const x = { type: 'quantitative', scale: { domain: [-100, 100] }, title: 'NPS' };
  const y = { field: 'label', type: 'nominal', sort: null, title: null };
  const layer: unknown[] = [
    {
      mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' },
      encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' } },
    },
    {
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        y,
        x: { ...x, field: 'nps' },
        color: {
          field: 'highlight',
          type: 'nominal',
          scale: { domain: [false, true], range: ['#4c78a8', '#e45756'] },
          legend: null,
        },
        tooltip: [
          { field: 'label', title: 'Unit' },
          { field: 'nps', title: 'NPS', format: '.1f' },
          { field: 'low', title: 'Low', format: '.1f' },
          { field: 'high', title: 'High', format: '.1f' },
          { field: 'n', title: 'Respondents' },
        ],
      },
    },
    {
      transform: [{ filter: 'datum.note !== null' }],
      mark: { type: 'text', align: 'left', fontStyle: 'italic', color: '#666' },
      encoding: { y, x: { value: 4 }, text: { field: 'note' } },
    },
  ];
  if (parentShown)
    layer.push({
      data: { values: [{ id: parent.id, label: parentLabel, nps: parent.nps }] },
      mark: { type: 'rule', color: '#333', strokeDash: [6, 3] },
      encoding: {
        x: { ...x, field: 'nps' },
        tooltip: [
          { field: 'label', title: 'Parent' },
          { field: 'nps', title: 'NPS', format: '.1f' },
        ],
      },
    });
  const title =
    show === 'children' ? `Units of ${parentLabel}` : `${unitName(node)} among its siblings`;
  return spec(o, title, description, values, layer, Math.max(120, 32 * units.length));
}
