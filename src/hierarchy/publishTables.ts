import * as z from 'zod/mini';
import { intervalOptionsOf } from '../core/figures.ts';
import * as calendar from '../kernels/calendar.ts';
import {
  CellSet,
  hiddenFlag,
  PRIMARY,
  PUBLISHED,
  protectCells,
  type TreeCells,
  treeCells,
} from '../kernels/disclosure.ts';
import { calendarShape, intervalShape, placementShape, readShape } from '../kernels/options.ts';
import { placeResponses } from '../kernels/placement.ts';
import { asResponses, unitsAt } from '../kernels/responses.ts';
import { EXCLUDED } from '../kernels/scores.ts';
import { compiledOf, type Epoch, type Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, omitKeys, parseWith } from '../kernels/validate.ts';
import { type TrendByNodeResult, trendByNodeOf } from '../trend/trendByNode.ts';
import type { TrendPeriod } from '../types.ts';
import { resolveLevel } from './_levelUnits.ts';
import { type CrossTabResult, crossTabOf } from './crossTab.ts';
import { type RollupOptions, type RollupResult, rollupOf } from './rollup.ts';
import { type SegmentedResponses, segmentKeys } from './segments.ts';

/** The node × period cube of {@link publishTables}: its calendar. */
export interface PublishedTrend {
  /** The calendar period of each point. */
  readonly period: TrendPeriod;
  /** IANA time zone of the calendar (default `'UTC'`). */
  readonly timeZone?: string | undefined;
  /** First day of the week, 0 = Sunday … 6 = Saturday (default 1). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | undefined;
  /** First instant covered; default: the earliest response. */
  readonly from?: Date | number | undefined;
  /** Last instant covered; default: the latest response. */
  readonly to?: Date | number | undefined;
}

/** One cross-table of {@link publishTables}. */
export interface PublishedCrossTab {
  /** The categorical field of the columns. */
  readonly by: string;
  /** The rows: the nodes of this level (name or depth); default: every node. */
  readonly level?: string | number | undefined;
}

/** Options of {@link publishTables}: the rollup's, plus the other tables published beside it. */
export interface PublishTablesOptions extends RollupOptions {
  /** Publish the node × period cube ({@link trendByNode}) with this calendar. */
  readonly trend?: PublishedTrend | undefined;
  /** Publish these cross-tables ({@link crossTab}). */
  readonly crossTabs?: readonly PublishedCrossTab[] | undefined;
}

/** The result of {@link publishTables}: the tables, suppressed as one system. */
export interface PublishedTables {
  /** The rollup ({@link rollup}). */
  readonly rollup: RollupResult;
  /** The node × period cube, or `null` when no `trend` was asked for. */
  readonly trendByNode: TrendByNodeResult | null;
  /** The cross-tables, in the order asked for. */
  readonly crossTabs: readonly CrossTabResult[];
}

const trendSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<PublishedTrend>()(
    z.strictObject({
      ...calendarShape(),
      from: z.optional(z.unknown()),
      to: z.optional(z.unknown()),
    }),
  ),
);

const crossSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<PublishedCrossTab>()(
    z.strictObject({
      by: z.string(),
      level: z.optional(z.union([z.string(), z.number()])),
    }),
  ),
);

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<PublishTablesOptions>()(
    z.strictObject({
      ...intervalShape(),
      ...placementShape(),
      ...readShape(),
      trend: z.optional(trendSchema()),
      crossTabs: z.optional(z.readonly(z.array(crossSchema()))),
    }),
  ),
);

/** Atoms (node × structure × period × segments) with the attributes the cells need. */
interface Atoms {
  readonly n: number[];
  readonly node: number[];
  readonly epoch: number[];
  readonly period: number[];
  /** Per cross-table: each atom's segment (−1: none). */
  readonly segment: number[][];
}

/**
 * Publish a rollup, a node × period cube and cross-tables of the same responses side by side,
 * with one suppression for all of them: no figure withheld for a small sample can be derived
 * from everything published together, by any linear combination of the tables' figures (a
 * month as the all-time total minus the other months, a cross-table cell from the rollup's
 * node totals, a moved store's answers under its former region…).
 *
 * Each table is exactly what {@link rollup}, {@link trendByNode} and {@link crossTab} return
 * with the same options, except that the suppression is computed over all of them at once
 * (statistical disclosure control of linked tables, Hundepool et al. 2012, ch. 4 and 6; the
 * rule and what it protects are in docs/hierarchy.md). Publishing the same tables one call at a
 * time, each suppressed on its own, does not give that guarantee.
 *
 * Cost: the audit is linear in the cells for subtraction chains; the exact elimination it
 * needs for combinations across tables repeats until no small group is determined. Measured on
 * 2,126 nodes × 24 months with one million answers and most store-months below minSample 30:
 * about 16 s for the rollup and cube together (0.2 s and 0.8 s for each alone).
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param responses - Rows, columns or tallies, as {@link rollup}; with `at` when a `trend` is
 *   asked for, and the fields of the cross-tables.
 * @param options - The rollup's options (`minSample`, scheme, interval, structure, asOf…),
 *   `trend` (the cube's calendar) and `crossTabs` (`by`, `level`).
 * @returns The tables: `rollup`, `trendByNode` (or `null`), `crossTabs`.
 * @throws {@link NpsInputError} as the three table functions; `too_large` when the tables are
 *   too large to check together.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null },
 *   { id: 's1', parentId: 'all' },
 *   { id: 's2', parentId: 'all' },
 * ]);
 * const rows = [
 *   ...Array.from({ length: 6 }, () => ({ nodeId: 's1', score: 9, at: Date.UTC(2025, 0, 5) })),
 *   ...Array.from({ length: 2 }, () => ({ nodeId: 's1', score: 3, at: Date.UTC(2025, 1, 5) })),
 *   ...Array.from({ length: 6 }, () => ({ nodeId: 's2', score: 10, at: Date.UTC(2025, 0, 5) })),
 *   ...Array.from({ length: 6 }, () => ({ nodeId: 's2', score: 7, at: Date.UTC(2025, 1, 5) })),
 * ];
 * const t = publishTables(h, rows, { minSample: 5, trend: { period: 'month' } });
 * // s1 has 8 answers in all, 2 in February: its February is withheld, and so is January,
 * // since all time minus January would give February
 * t.rollup.nodes.map((n) => n.n); //=> [20, 8, 12]
 * t.trendByNode?.nodes[1]?.points.map((p) => p.n); //=> [null, null]
 * ```
 */
export function publishTables(
  hierarchy: Hierarchy,
  responses: SegmentedResponses,
  options: PublishTablesOptions,
): PublishedTables {
  const fn = 'publishTables';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const c = compiledOf(fn, hierarchy);
  const crosses = o.crossTabs ?? [];
  const input = asResponses(
    fn,
    responses,
    crosses.map((x) => x.by),
  );
  const common = omitKeys(options, ['trend', 'crossTabs']) as RollupOptions;
  const r = intervalOptionsOf(fn, common);
  const minSample = o.minSample ?? 0;
  const trendOptions = o.trend === undefined ? undefined : { ...common, ...options.trend };
  const results = (
    flags: Flags | undefined,
  ): {
    rollup: RollupResult;
    trendByNode: TrendByNodeResult | null;
    crossTabs: CrossTabResult[];
  } => ({
    rollup: rollupOf(fn, hierarchy, input, common, flags?.rollup),
    trendByNode:
      trendOptions === undefined
        ? null
        : trendByNodeOf(fn, hierarchy, input, trendOptions as never, flags?.trend),
    crossTabs: crosses.map((x, i) =>
      crossTabOf(fn, hierarchy, input, { ...common, ...x }, flags?.cross[i]),
    ),
  });
  if (minSample <= 0) return results(undefined);
  const placed = placeResponses(fn, c, input, {
    ...o,
    scheme: r.scheme,
    read: o,
    needAt: o.trend !== undefined,
  });
  const { norm, key, epochs, report } = placed;
  const size = c.ids.length;
  // the period of each response (−1: outside the cube's calendar)
  const len = norm.length;
  const period = new Int32Array(len).fill(0);
  let P = 0;
  if (o.trend !== undefined) {
    const cal = calendar.calendarOf(fn, o.trend);
    const at = norm.at ?? new Float64Array(len);
    const bounds = calendar.calendarBounds(fn, cal, at, o.trend.from, o.trend.to);
    P = bounds === null ? 0 : bounds.length - 1;
    for (let i = 0; i < len; i++)
      period[i] = bounds === null ? -1 : calendar.bucketOf(bounds, at[i] ?? 0);
  }
  const segs = crosses.map((x) => segmentKeys(fn, input, x.by, norm));
  // each cross-table's level, checked here so that an error names its place in the options
  let max = 0;
  for (const x of report.order) max = Math.max(max, report.depth[x] ?? 0);
  crosses.forEach((x, i) => resolveLevel(fn, c.levels, max, x.level, ['crossTabs', i, 'level']));
  // atoms: the distinct (node, structure, period, segments…) of the responses
  const atoms: Atoms = { n: [], node: [], epoch: [], period: [], segment: crosses.map(() => []) };
  const ids = new Map<string, number>();
  for (let i = 0; i < len; i++) {
    const k = key[i] ?? -1;
    if (k < 0 || norm.category?.[i] === EXCLUDED) continue;
    const units = unitsAt(norm, i);
    if (units <= 0) continue;
    const parts = [k, period[i] ?? -1, ...segs.map((s) => s.key[i] ?? -1)];
    const sig = parts.join(',');
    let a = ids.get(sig);
    if (a === undefined) {
      a = atoms.n.length;
      ids.set(sig, a);
      atoms.n.push(0);
      atoms.node.push(k % size);
      atoms.epoch.push(Math.floor(k / size));
      atoms.period.push(period[i] ?? -1);
      segs.forEach((s, j) => atoms.segment[j]?.push(s.key[i] ?? -1));
    }
    atoms.n[a] = (atoms.n[a] ?? 0) + units;
  }
  // atoms in node, then period order: the exact elimination of the audit fills in far less
  sortAtoms(atoms);
  const atomN = Float64Array.from(atoms.n);
  const cells = new CellSet();
  const initial: number[] = [];
  const subset = (keep: (a: number) => boolean) => {
    const out = { atom: [] as number[], node: [] as number[], epoch: [] as Epoch[] };
    for (let a = 0; a < atomN.length; a++) {
      if (!keep(a)) continue;
      out.atom.push(a);
      out.node.push(atoms.node[a] ?? 0);
      out.epoch.push(epochs[atoms.epoch[a] ?? 0] as Epoch);
    }
    return out;
  };
  const tree = (
    keep: (a: number) => boolean,
    opts: Parameters<typeof treeCells>[6],
    hideEmpty: boolean,
  ): TreeCells => {
    const s = subset(keep);
    const tc = treeCells(cells, size, report, s.atom, s.node, s.epoch, opts);
    if (hideEmpty) {
      for (const x of report.order) {
        const t = tc.total[x] as number;
        if (cells.start[t + 1] === cells.start[t]) initial[t] = PRIMARY;
      }
    }
    return tc;
  };
  // the rollup (empty nodes are withheld, as rollup does)
  const rollupCells = tree(() => true, { ownPublished: true, via: true }, true);
  // the cube, period by period (empty points withheld, as trendByNode does)
  const trendCells: TreeCells[] = [];
  for (let k = 0; k < P; k++) {
    trendCells.push(tree((a) => atoms.period[a] === k, { ownPublished: false, via: false }, true));
  }
  // answers outside the cube's calendar: their count is published (`outsideN`), and each
  // node's part of them is a group the rollup minus the cube would otherwise reveal
  const hiddenOnly = { ownPublished: false, via: false, shown: false };
  const outside = (a: number) => atoms.period[a] === -1;
  const outsideCell = o.trend === undefined ? -1 : cells.add(subset(outside).atom, PUBLISHED);
  if (o.trend !== undefined) tree(outside, hiddenOnly, false);
  // the cross-tables: one tree per segment and the margin, and the column totals
  // (every level's cells count as published, as crossTab does)
  const crossCells = crosses.map((_, i) => {
    const opts = { ownPublished: false, via: false };
    const seg = atoms.segment[i] as number[];
    const S = (segs[i] as { names: string[] }).names.length;
    const trees: TreeCells[] = [];
    const columns: number[] = [];
    for (let j = 0; j <= S; j++) {
      const keep = j < S ? (a: number) => seg[a] === j : (a: number) => (seg[a] ?? -1) >= 0;
      trees.push(tree(keep, opts, false));
      columns.push(cells.add(subset(keep).atom, PUBLISHED));
    }
    // answers without a value: their count is published (`missing`), each node's part of them
    // is a group (the rollup minus the row margin)
    const none = (a: number) => seg[a] === -1;
    const missing = cells.add(subset(none).atom, PUBLISHED);
    tree(none, hiddenOnly, false);
    return { trees, columns, missing };
  });
  const init = new Uint8Array(cells.size);
  initial.forEach((v, k) => {
    init[k] = v;
  });
  const state = protectCells(cells, atomN, minSample, init);
  const flag = (cell: number) => hiddenFlag(state[cell]);
  const byNode = (tc: TreeCells, which: 'total' | 'own' | 'via') =>
    Uint8Array.from({ length: size }, (_, x) => {
      const cell = tc[which][x] as number;
      return cell < 0 ? 0 : flag(cell);
    });
  return results({
    rollup: {
      total: byNode(rollupCells, 'total'),
      own: byNode(rollupCells, 'own'),
      via: byNode(rollupCells, 'via'),
    },
    trend: {
      points: trendCells.map((tc) => byNode(tc, 'total')),
      outside: flag(outsideCell),
    },
    cross: crossCells.map(({ trees, columns, missing }) => ({
      cell: (x: number, j: number) => flag(trees[j]?.total[x] ?? -1),
      column: (j: number) => flag(columns[j] ?? -1),
      missing: flag(missing),
    })),
  });
}

interface Flags {
  readonly rollup: Parameters<typeof rollupOf>[4];
  readonly trend: Parameters<typeof trendByNodeOf>[4];
  readonly cross: Parameters<typeof crossTabOf>[4][];
}

/** Reorder the atoms by node, structure, period and segments (in place). */
function sortAtoms(atoms: Atoms): void {
  const idx = atoms.n.map((_, a) => a);
  const keys = (a: number) => [
    atoms.node[a] ?? 0,
    atoms.epoch[a] ?? 0,
    atoms.period[a] ?? 0,
    ...atoms.segment.map((s) => s[a] ?? 0),
  ];
  idx.sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) {
      const d = (ka[i] ?? 0) - (kb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  const permute = (arr: number[]) => {
    const copy = arr.slice();
    idx.forEach((a, k) => {
      arr[k] = copy[a] ?? 0;
    });
  };
  permute(atoms.n);
  permute(atoms.node);
  permute(atoms.epoch);
  permute(atoms.period);
  for (const s of atoms.segment) permute(s);
}
