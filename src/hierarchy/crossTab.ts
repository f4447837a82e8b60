import * as z from 'zod/mini';
import { figuresOf, WITHHELD } from '../core/figures.ts';
import {
  CellSet,
  hiddenFlag,
  PUBLISHED,
  protectCells,
  type TreeCells,
  treeCells,
} from '../kernels/disclosure.ts';
import {
  countGroups,
  groupN,
  groupSlice,
  groupTally,
  type PooledCounts,
  poolEpochs,
} from '../kernels/groups.ts';
import { intervalShape, placementShape, readShape } from '../kernels/options.ts';
import { asResponses, unitsAt } from '../kernels/responses.ts';
import { type CellRelation, replayedCells, suppressCells } from '../kernels/suppress.ts';
import { sumTallies } from '../kernels/tallies.ts';
import type { Epoch, Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, omitKeys, parseWith } from '../kernels/validate.ts';
import type { Excluded, GroupFigures, NodeInfo, Tally } from '../types.ts';
import { resolveLevel } from './_levelUnits.ts';
import { placeForRollup, type RollupOptions } from './rollup.ts';
import { type SegmentedResponses, segmentKeys } from './segments.ts';

/** Options of {@link crossTab}. */
export interface CrossTabOptions extends RollupOptions {
  /** The categorical field of the columns (touchpoint, channel, product, customer type…). */
  readonly by: string;
  /** The rows: the nodes of this level (name or depth); default: every node. */
  readonly level?: string | number | undefined;
}

/** One cell of a {@link crossTab}. NPS figures on −100..100; `null` where withheld or empty. */
export interface CrossTabCell extends GroupFigures {
  /** The segment value (`null` for a row's margin: all its segments together). */
  readonly segment: string | null;
}

/** One row (node) of a {@link crossTab}. */
export interface CrossTabRow extends NodeInfo {
  /** The node's pooled subtree by segment, in the order of {@link CrossTabResult.segments}. */
  readonly cells: readonly CrossTabCell[];
  /** The row's margin: every response of the subtree that carries a segment value. */
  readonly total: CrossTabCell;
}

/** The result of {@link crossTab}: plain JSON-serialisable data. */
export interface CrossTabResult extends Excluded {
  /** The field of the columns. */
  readonly by: string;
  /** Segment values, in order of first appearance. */
  readonly segments: readonly string[];
  /** One row per reported node (parents before children). */
  readonly rows: readonly CrossTabRow[];
  /** The column margins: every placed response by segment, in the order of `segments`. */
  readonly columns: readonly CrossTabCell[];
  /** The grand total of the table. */
  readonly total: CrossTabCell;
  /**
   * Placed responses without a value for the field (in no cell; counted, never dropped); `null`
   * when withheld: with `minSample`, a count of 1 to minSample − 1 is a small group of its own.
   */
  readonly missing: number | null;
  /** The minimum sample applied. */
  readonly minSample: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<CrossTabOptions>()(
    z.strictObject({
      by: z.string().check(z.minLength(1)),
      level: z.optional(z.union([z.string(), z.int().check(z.gte(0))])),
      // rollup's own keys, checked by placeForRollup
      ...intervalShape(),
      ...placementShape(),
      ...readShape(),
    }),
  ),
);

/**
 * Cross-tabulate the hierarchy by a segment field — each region's NPS by touchpoint: for every
 * node (or the nodes of one level) and every segment value, the pooled tally of the node's
 * subtree in that segment with its NPS and interval, plus row margins (the node over all
 * segments), column margins (each segment over the whole organisation) and the grand total.
 * Responses are placed on the hierarchy exactly as in {@link rollup} (three input shapes, dated
 * structures, `onUnknownNode`); the segment comes from the `by` field of rows and tally entries or
 * the `by` column (strings or dictionary-encoded), as in {@link segments}.
 *
 * Suppression: with `minSample`, the rule of docs/hierarchy.md is applied to every additive
 * relation of the table at once — each row (margin = Σ cells), each column within the tree
 * (node = its own responses + Σ children, per segment and for the margins), and the column
 * margins (grand total = Σ columns, column = Σ roots). Cells with 0 < n < minSample are hidden;
 * then, until nothing changes, a relation with a visible total and exactly one hidden non-empty
 * part hides its smallest visible non-empty part (or its total), and a hidden non-empty total
 * with no hidden part hides its smallest part. So no hidden cell is a published total minus
 * published cells, along a row or down a column. Own-response cells are never published but take
 * part in the relations as if they were (conservative). Suppression is computed on the whole
 * tree, so tables of different levels of one data set are consistent with each other.
 * Complexity: O(n + nodes × segments × passes).
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param responses - Rows, columns or tally entries carrying `nodeId` and the `by` field.
 * @param options - `by`, `level`, `minSample`, and the options of {@link rollup}.
 * @returns A {@link CrossTabResult}.
 * @throws {@link NpsInputError} `invalid_option` (missing `by`), `invalid_level`,
 *   `invalid_input` (a non-string segment value), and the errors of {@link rollup}.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const t = crossTab(h, [
 *   { nodeId: 'a', score: 10, channel: 'web' }, { nodeId: 'a', score: 2, channel: 'store' },
 *   { nodeId: 'b', score: 9, channel: 'web' }, { nodeId: 'b', score: 9, channel: 'web' },
 * ], { by: 'channel', level: 1 });
 * t.segments; //=> ['web', 'store']
 * t.rows.map((r) => [r.id, r.cells.map((c) => c.nps), r.total.nps]);
 * //=> [['a', [100, -100], 0], ['b', [100, null], 100]]
 * ```
 */
export function crossTab(
  hierarchy: Hierarchy,
  responses: SegmentedResponses,
  options: CrossTabOptions,
): CrossTabResult {
  return crossTabOf('crossTab', hierarchy, responses, options);
}

/**
 * @internal Hidden flags of a cross-table given from outside (the protection of several
 * tables published together): `cell(x, j)` for node x and segment j (j = segments: the row
 * margin), `column(j)` likewise for the column margins and the grand total.
 */
export interface CrossTabHidden {
  readonly cell: (x: number, j: number) => number;
  readonly column: (j: number) => number;
  /** Whether `missing` is withheld. */
  readonly missing: number;
}

/** @internal {@link crossTab}, with the hidden flags given (`override`). */
export function crossTabOf(
  fn: string,
  hierarchy: Hierarchy,
  responses: SegmentedResponses,
  options: CrossTabOptions,
  override?: CrossTabHidden,
): CrossTabResult {
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const input = asResponses(fn, responses, [o.by]);
  // Only rollup's keys go on, so that its strict schema does not see `by` and `level`.
  const placed = placeForRollup(fn, hierarchy, input, omitKeys(options, ['by', 'level']));
  const { c, r, norm, key, epochs, report, minSample } = placed;
  const { key: seg, names } = segmentKeys(fn, input, o.by, norm);
  const size = c.ids.length;
  const S = names.length;
  const block = epochs.length * size;
  // Blocks 0..S−1: one per segment; block S: the margin (every response with a segment).
  const key2 = new Int32Array(norm.length);
  const keyM = new Int32Array(norm.length);
  let placedMissing = 0;
  for (let i = 0; i < norm.length; i++) {
    const k = key[i] ?? -1;
    const g = seg[i] ?? -1;
    key2[i] = k < 0 || g < 0 ? -1 : g * block + k;
    keyM[i] = k < 0 || g < 0 ? -1 : S * block + k;
    if (k >= 0 && g < 0) placedMissing += unitsAt(norm, i);
  }
  const groups = countGroups(norm, [key2, keyM], (S + 1) * block);
  const counts = groups.counts;
  // Replayed per response through a dated structure: a node's total is not its own plus its
  // reported children's (moved and closed units), see suppressReplayed in suppress.ts.
  const replayed = epochs.length > 1;
  const pooled: PooledCounts[] = [];
  for (let g = 0; g <= S; g++) {
    pooled.push(poolEpochs(epochs, size, groupSlice(groups, g * block, (g + 1) * block)));
  }
  const roots: number[] = [];
  const kids: number[][] = Array.from({ length: size }, () => []);
  for (const x of report.order) {
    const p = report.parent[x] ?? -1;
    if (p < 0) roots.push(x);
    else kids[p]?.push(x);
  }
  // the column margins: the pooled totals of the roots
  const margins = pooled.map((p) => sumTallies(roots.map((x) => groupTally(p.total, x))));
  // Cells: T(x, j) at x·(S+1) + j, O(x, j) at size·(S+1) + x·(S+1) + j, G(j) at 2·size·(S+1) + j.
  // Replayed per response (a dated structure whose epochs differ), each column instead holds the
  // exact pair structure of suppress.ts (replayedCells): C cells per column, column j at j·C.
  const W = S + 1;
  const columnCells = replayed
    ? Array.from({ length: W }, (_, j) =>
        replayedCells(epochs, counts.subarray(j * block * 3, (j + 1) * block * 3), size),
      )
    : [];
  const C = columnCells[0]?.n.length ?? 0;
  const T = replayed ? (x: number, j: number) => j * C + x : (x: number, j: number) => x * W + j;
  const O = replayed
    ? (x: number, j: number) => j * C + size + x
    : (x: number, j: number) => size * W + x * W + j;
  const G = replayed ? (j: number) => W * C + j : (j: number) => 2 * size * W + j;
  const n = new Float64Array(replayed ? W * C + W : 2 * size * W + W);
  const relations: CellRelation[] = [];
  const segs = Array.from({ length: S }, (_, j) => j);
  for (let j = 0; j <= S; j++) {
    const p = pooled[j] as PooledCounts;
    n[G(j)] = (margins[j] as Tally).n;
    const cc = columnCells[j];
    if (cc !== undefined) {
      n.set(cc.n, j * C);
      for (const rel of cc.relations) {
        relations.push({ total: j * C + rel.total, parts: rel.parts.map((k) => j * C + k) });
      }
      continue;
    }
    for (const x of report.order) {
      n[T(x, j)] = groupN(p.total, x);
      n[O(x, j)] = groupN(p.own, x);
    }
  }
  if (replayed) {
    // every cell of the margin column is the sum of its segments' cells
    for (let i = 0; i < C; i++) {
      relations.push({ total: S * C + i, parts: segs.map((j) => j * C + i) });
    }
  } else {
    for (const x of report.order) {
      relations.push({ total: T(x, S), parts: segs.map((j) => T(x, j)) });
      relations.push({ total: O(x, S), parts: segs.map((j) => O(x, j)) });
      for (let j = 0; j <= S; j++) {
        relations.push({
          total: T(x, j),
          parts: [O(x, j), ...(kids[x] ?? []).map((k) => T(k, j))],
        });
      }
    }
  }
  relations.push({ total: G(S), parts: segs.map(G) });
  for (let j = 0; j <= S; j++) relations.push({ total: G(j), parts: roots.map((x) => T(x, j)) });
  const fast = suppressCells(n, relations, minSample);
  let max = 0;
  for (const x of report.order) max = Math.max(max, report.depth[x] ?? 0);
  const depth = o.level === undefined ? -1 : resolveLevel(fn, c.levels, max, o.level);
  // The one protection rule over the atoms (segment × structure × node), from the fast flags.
  const hidden = new Uint8Array(n.length);
  // Every node's cells count as published whatever `level` is shown, so tables of different
  // levels of the same data withhold the same cells and cannot be set against each other.
  const shown = { ownPublished: false, via: false };
  if (override !== undefined) {
    for (let j = 0; j <= S; j++) {
      for (const x of report.order) hidden[T(x, j)] = override.cell(x, j);
      hidden[G(j)] = override.column(j);
    }
  } else if (minSample > 0) {
    const atomN = new Float64Array(S * block);
    const cells = new CellSet();
    const all = { atom: [] as number[], node: [] as number[], epoch: [] as Epoch[] };
    const tcs: TreeCells[] = [];
    const gs: number[] = [];
    for (let j = 0; j < S; j++) {
      const col = { atom: [] as number[], node: [] as number[], epoch: [] as Epoch[] };
      for (let k = 0; k < block; k++) {
        const a = j * block + k;
        const v = (counts[3 * a] ?? 0) + (counts[3 * a + 1] ?? 0) + (counts[3 * a + 2] ?? 0);
        atomN[a] = v;
        if (v <= 0) continue;
        for (const list of [col, all]) {
          list.atom.push(a);
          list.node.push(k % size);
          list.epoch.push(epochs[Math.floor(k / size)] as Epoch);
        }
      }
      tcs.push(treeCells(cells, size, report, col.atom, col.node, col.epoch, shown));
      gs.push(cells.add(col.atom, PUBLISHED));
    }
    tcs.push(treeCells(cells, size, report, all.atom, all.node, all.epoch, shown));
    gs.push(cells.add(all.atom, PUBLISHED));
    const initial = new Uint8Array(cells.size);
    for (let j = 0; j <= S; j++) {
      const tc = tcs[j] as TreeCells;
      for (const x of report.order) initial[tc.total[x] as number] = fast[T(x, j)] ?? 0;
      initial[gs[j] as number] = fast[G(j)] ?? 0;
    }
    const state = protectCells(cells, atomN, minSample, initial);
    for (let j = 0; j <= S; j++) {
      const tc = tcs[j] as TreeCells;
      for (const x of report.order) hidden[T(x, j)] = hiddenFlag(state[tc.total[x] as number]);
      hidden[G(j)] = hiddenFlag(state[gs[j] as number]);
    }
  }
  const cell = (t: Tally, segment: string | null, h: number): CrossTabCell =>
    h !== 0 ? { segment, ...WITHHELD } : { segment, ...figuresOf(t, r) };
  const totalOf = (j: number, x: number): Tally => groupTally((pooled[j] as PooledCounts).total, x);
  const rows: CrossTabRow[] = [];
  for (const x of report.order) {
    const p = report.parent[x] ?? -1;
    const id = c.ids[x] ?? '';
    const d = report.depth[x] ?? 0;
    if (depth >= 0 && d !== depth) continue;
    rows.push({
      id,
      name: c.name[x] ?? null,
      parentId: p < 0 ? null : (c.ids[p] ?? null),
      level: c.level[x] ?? null,
      depth: d,
      cells: names.map((s, j) => cell(totalOf(j, x), s, hidden[T(x, j)] ?? 0)),
      total: cell(totalOf(S, x), null, hidden[T(x, S)] ?? 0),
    });
  }
  return {
    by: o.by,
    segments: names,
    rows,
    columns: names.map((s, j) => cell(margins[j] as Tally, s, hidden[G(j)] ?? 0)),
    total: cell(margins[S] as Tally, null, hidden[G(S)] ?? 0),
    missing:
      (override?.missing ?? (placedMissing > 0 && placedMissing < minSample ? 1 : 0)) === 0
        ? placedMissing
        : null,
    excluded: placed.excluded,
    excludedN: placed.excludedN,
    minSample,
  };
}
