import * as z from 'zod/mini';
import { compareTallies, type NpsComparison } from '../core/compareNps.ts';
import { figuresOf, intervalOptionsOf, WITHHELD } from '../core/figures.ts';
import type { NpsIntervalOptions, ResolvedInterval } from '../core/npsInterval.ts';
import type { Tally } from '../core/tally.ts';
import { CellSet, hiddenFlag, protectCells, treeCells } from '../kernels/disclosure.ts';
import {
  countGroups,
  groupN,
  groupTally,
  type PooledCounts,
  poolEpochs,
} from '../kernels/groups.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { intervalShape, placementShape, readShape } from '../kernels/options.ts';
import { type PlacedResponses, placeResponses } from '../kernels/placement.ts';
import { type ResponsesInput } from '../kernels/responses.ts';
import { type Suppression, suppress, suppressReplayed } from '../kernels/suppress.ts';
import { compiledOf, type Epoch, type Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { type AdjustedComparison, adjustComparisons } from '../stats/adjustComparisons.ts';

export type { Exclusion, ExclusionReason } from '../types.ts';

import type {
  GroupFigures,
  HierarchyTableInfo,
  NodeInfo,
  ReadOptions,
  SuppressionReason,
} from '../types.ts';

/** Options of {@link rollup}. */
export interface RollupOptions extends NpsIntervalOptions, ReadOptions {
  /**
   * Which structure a dated hierarchy rolls responses up through: `'at-response'` (default;
   * each response through the structure valid at its `at`, which is then required) or `'as-of'`
   * (every response through the structure valid at `asOf`).
   */
  readonly structure?: 'at-response' | 'as-of' | undefined;
  /** The date of the structure for `'as-of'`, and of the node list reported; default: latest. */
  readonly asOf?: Date | number | undefined;
  /** What to do with a response whose node is missing or unknown: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** Minimum number of responses for a node's figures to be published (default 0: none hidden). */
  readonly minSample?: number | undefined;
}

/** One node of a {@link RollupResult}. NPS figures are on −100..100, shares on 0..1. */
export interface RollupNode extends NodeInfo, GroupFigures {
  /** Tally of the responses attached to this node itself (`null` when suppressed). */
  readonly own: Tally | null;
  /** Share of the parent's responses: n / parent's n (`null` for roots or when suppressed). */
  readonly share: number | null;
  /** Why the figures are withheld (`null` when they are not). */
  readonly suppression: SuppressionReason | null;
  /** Whether the node's own-responses tally is withheld (its `own` is then `null`). */
  readonly ownSuppressed: boolean;
  /**
   * The node against its parent, overlap-aware (the node's responses are inside the parent's),
   * with a Benjamini–Hochberg q-value across the nodes of the same depth; `null` for roots,
   * empty nodes, and when the node or its parent is suppressed (see {@link ParentComparison}).
   */
  readonly vsParent: ParentComparison | null;
  /**
   * Whether all of the node's pooled responses rolled up through its reported parent: `false`
   * only under a dated structure replayed per response (`structure: 'at-response'`), for a node
   * some of whose responses rolled up through another parent (a store that moved region); then
   * its `total` is not part of its parent's and {@link contributions} gives it no figures.
   * `true` for roots.
   */
  readonly inParent: boolean;
}

/**
 * A node compared with its parent: NPS(node) − NPS(parent) in NPS points, with the variance of
 * the nested comparison (the node is part of its parent), as `compareNps(node, parent,
 * { relation: 'nested' })` computes it. `z` and `pValue` equal those of the node against the
 * rest of its parent; `qValue` is the Benjamini–Hochberg adjustment of `pValue` across the
 * compared nodes of the same depth. Under a dated structure replayed per response, the node's
 * responses that rolled up through another parent are left out of the comparison (and when
 * fewer than `minSample` remain, there is no comparison).
 */
export type ParentComparison = AdjustedComparison;

/**
 * The result of {@link rollup}: plain JSON-serialisable data. `excluded` holds responses left
 * out with `onUnknownNode: 'exclude'` or `onInvalidScore: 'exclude'`.
 */
export interface RollupResult extends HierarchyTableInfo {
  /** Every node of the reported structure, parents before children. */
  readonly nodes: readonly RollupNode[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<RollupOptions>()(
    z.strictObject({
      ...intervalShape(),
      ...placementShape(),
      ...readShape(),
    }),
  ),
);

/** Whether node `x` has the same three counts in `a` and `b`. */
function sameCounts(a: Float64Array, b: Float64Array, x: number): boolean {
  return a[3 * x] === b[3 * x] && a[3 * x + 1] === b[3 * x + 1] && a[3 * x + 2] === b[3 * x + 2];
}

/**
 * Each visible non-root node against its visible parent (nested comparison of the core), with
 * BH q-values across the compared nodes of each depth; indexed by node, `null` where none.
 * `totals` are the nodes' pooled tallies (reused, not rebuilt).
 */
function parentComparisons(
  report: Epoch,
  pooled: PooledCounts,
  totals: readonly Tally[],
  hidden: RollupHidden,
  r: ResolvedInterval,
): (ParentComparison | null)[] {
  const zCrit = zForConfidence(r.confidence);
  const base = r.scheme.base;
  const out = new Array<ParentComparison | null>(totals.length).fill(null);
  // per depth: the compared nodes and their comparisons, one Benjamini–Hochberg family each
  const families: { x: number[]; c: NpsComparison[] }[] = [];
  for (const x of report.order) {
    const p = report.parent[x] ?? -1;
    if (p < 0 || (hidden.total[x] ?? 0) !== 0 || (hidden.total[p] ?? 0) !== 0) continue;
    // A moved node's responses under this parent are a subset published nowhere else: the
    // comparison publishes it (parent's NPS + difference), so it is a cell of the protection.
    if ((hidden.via[x] ?? 0) !== 0) continue;
    const a = pooled.via === null ? (totals[x] as Tally) : groupTally(pooled.via, x);
    const cmp = compareTallies(
      a,
      totals[p] as Tally,
      base,
      'nested',
      zCrit,
      r.confidence,
      'rollup',
    );
    if (cmp === null) continue;
    const d = report.depth[x] ?? 0;
    const family = (families[d] ??= { x: [], c: [] });
    family.x.push(x);
    family.c.push(cmp);
  }
  // (forEach skips the depths without comparisons)
  families.forEach((family) => {
    adjustComparisons(family.c).forEach((c, i) => {
      out[family.x[i] ?? -1] = c;
    });
  });
  return out;
}

/** @internal Hidden flags of a rollup by node: totals, own tallies and the vsParent subsets (0 visible). */
export interface RollupHidden {
  readonly total: Uint8Array;
  readonly own: Uint8Array;
  readonly via: Uint8Array;
}

/**
 * The rollup's cells over its atoms (node × structure) through the one protection rule of
 * kernels/disclosure.ts, starting from the fast local rule's flags.
 */
function protectRollup(
  epochs: readonly Epoch[],
  report: Epoch,
  size: number,
  counts: Float64Array,
  minSample: number,
  fast: Suppression,
): RollupHidden {
  const via = new Uint8Array(size);
  if (minSample <= 0) return { ...fast, via };
  const atomN = new Float64Array(epochs.length * size);
  const atom: number[] = [];
  const node: number[] = [];
  const epoch: Epoch[] = [];
  for (const [e, ep] of epochs.entries()) {
    for (let x = 0; x < size; x++) {
      const k = e * size + x;
      const n = (counts[3 * k] ?? 0) + (counts[3 * k + 1] ?? 0) + (counts[3 * k + 2] ?? 0);
      atomN[k] = n;
      if (n > 0) {
        atom.push(k);
        node.push(x);
        epoch.push(ep);
      }
    }
  }
  const cells = new CellSet();
  const tc = treeCells(cells, size, report, atom, node, epoch, { ownPublished: true, via: true });
  const initial = new Uint8Array(cells.size);
  for (let x = 0; x < size; x++) {
    initial[tc.total[x] as number] = fast.total[x] ?? 0;
    initial[tc.own[x] as number] = fast.own[x] ?? 0;
  }
  const state = protectCells(cells, atomN, minSample, initial);
  const total = new Uint8Array(size);
  const own = new Uint8Array(size);
  for (let x = 0; x < size; x++) {
    total[x] = hiddenFlag(state[tc.total[x] as number]);
    own[x] = hiddenFlag(state[tc.own[x] as number]);
    const v = tc.via[x] as number;
    via[x] = v < 0 ? 0 : hiddenFlag(state[v]);
  }
  return { total, own, via };
}

/** @internal Responses placed for a rollup-like table: the placement and the resolved options. */
export interface RollupPlacement extends PlacedResponses {
  readonly r: ResolvedInterval;
  readonly minSample: number;
}

/** @internal Validate rollup options and place every response (shared by rollup and crossTab). */
export function placeForRollup(
  fn: string,
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: RollupOptions | undefined,
  group = false,
): RollupPlacement {
  const c = compiledOf(fn, hierarchy);
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const r = intervalOptionsOf(fn, options);
  const placed = placeResponses(fn, c, responses, { ...o, scheme: r.scheme, read: o }, group);
  return { ...placed, r, minSample: o.minSample ?? 0 };
}

/**
 * Roll NPS up an organisation: for every node, the tally of its own responses, the pooled
 * tally of its whole subtree, and the NPS with a confidence interval of the pooled tally.
 *
 * Pooling rule: a parent's NPS is always computed from pooled counts (its own responses plus
 * all descendants' responses), never by averaging children's NPS. Responses may attach to any
 * node. Intervals use the core methods ({@link npsInterval}).
 *
 * Dated hierarchies: with `structure: 'at-response'` (default) each response rolls up through
 * the structure valid at its `at`; with `'as-of'` through the structure valid at `asOf`. Nodes
 * are reported in the structure at `asOf` (default: the latest); responses of a node that no
 * longer exists still count in its former ancestors' totals.
 *
 * Small samples: with `minSample`, nodes with fewer responses are suppressed and complementary
 * suppression hides further cells so no suppressed figure can be recovered by subtraction (rule
 * in docs/hierarchy.md).
 *
 * Fair comparison: `vsParent` compares each visible node with its visible parent, overlap-aware
 * (the node's responses are inside the parent's: the core's nested comparison, whose z equals
 * that of the node against the rest of its parent), with Benjamini–Hochberg q-values
 * (Benjamini and Hochberg 1995) across the compared nodes of the same depth.
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param responses - Rows `{ nodeId, score, at?, weight? }[]`, columns, or tallies `{ nodeId, at?, tally }[]`.
 * @param options - Scheme and interval options, `structure`, `asOf`, `onUnknownNode`, `minSample`.
 * @returns A {@link RollupResult}.
 * @throws {@link NpsInputError} `unknown_node` for a response whose node is unknown, missing or
 *   not valid at its date (unless `onUnknownNode: 'exclude'`); `invalid_score`,
 *   `invalid_weight`, `invalid_date`, `length_mismatch` for bad responses; `invalid_option`.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null },
 *   { id: 's1', parentId: 'all' },
 *   { id: 's2', parentId: 'all' },
 * ]);
 * const r = rollup(h, [
 *   { nodeId: 's1', score: 10 }, { nodeId: 's1', score: 9 },
 *   { nodeId: 's2', score: 3 }, { nodeId: 'all', score: 7 },
 * ]);
 * r.nodes.map((n) => [n.id, n.total?.n, n.nps]);
 * //=> [['all', 4, 33.333333333333336], ['s1', 2, 100], ['s2', 1, -100]]
 * // each node against its parent (nested comparison), in NPS points
 * r.nodes.map((n) => n.vsParent?.difference ?? null); //=> [null, 66.66666666666666, -133.33333333333334]
 * ```
 */
export function rollup(
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options?: RollupOptions,
): RollupResult {
  return rollupOf('rollup', hierarchy, responses, options);
}

/**
 * @internal {@link rollup}, with the hidden flags given (`override`, from the protection of
 * several tables published together) instead of computed for this table alone.
 */
export function rollupOf(
  fn: string,
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: RollupOptions | undefined,
  override?: RollupHidden,
): RollupResult {
  const { c, r, minSample, norm, key, epochs, report, excluded, excludedN } = placeForRollup(
    fn,
    hierarchy,
    responses,
    options,
    true,
  );
  const size = c.ids.length;
  const g = norm.grouped ?? countGroups(norm, key, epochs.length * size);
  const pooled = poolEpochs(epochs, size, g, epochs.length > 1 ? report.parent : undefined);
  const totalN = new Float64Array(size);
  const ownN = new Float64Array(size);
  for (let x = 0; x < size; x++) {
    totalN[x] = groupN(pooled.total, x);
    ownN[x] = groupN(pooled.own, x);
  }
  // Replayed per response, a moved node's answers are split between parents (suppress.ts).
  const hidden =
    override ??
    protectRollup(
      epochs,
      report,
      size,
      g.counts,
      minSample,
      epochs.length > 1
        ? suppressReplayed(epochs, report, g.counts, minSample)
        : suppress(report, totalN, ownN, minSample),
    );
  const totals: Tally[] = [];
  for (let x = 0; x < size; x++) totals.push(groupTally(pooled.total, x));
  const vs = parentComparisons(report, pooled, totals, hidden, r);
  const nodes: RollupNode[] = [];
  for (const x of report.order) {
    const p = report.parent[x] ?? -1;
    const id = c.ids[x] ?? '';
    const total = totals[x] as Tally;
    const h = hidden.total[x] ?? 0;
    const ownHidden = (hidden.own[x] ?? 0) !== 0;
    const parentN = p < 0 ? 0 : (totalN[p] ?? 0);
    // the figures' fields written out, not spread: a spread in the middle of a literal takes
    // V8's slow generic copy, and a rollup builds thousands of nodes
    const f = h === 0 ? figuresOf(total, r) : WITHHELD;
    nodes.push({
      id,
      name: c.name[x] ?? null,
      parentId: p < 0 ? null : (c.ids[p] ?? null),
      level: c.level[x] ?? null,
      depth: report.depth[x] ?? 0,
      total: f.total,
      n: f.n,
      baseN: f.baseN,
      nps: f.nps,
      low: f.low,
      high: f.high,
      se: f.se,
      suppressed: f.suppressed,
      own: ownHidden ? null : groupTally(pooled.own, x),
      share:
        h === 0 && p >= 0 && (hidden.total[p] ?? 0) === 0 && parentN > 0 ? total.n / parentN : null,
      suppression: h === 0 ? null : h === 1 ? 'min_sample' : 'complementary',
      ownSuppressed: ownHidden,
      vsParent: vs[x] ?? null,
      inParent:
        p < 0 || pooled.via === null || sameCounts(pooled.via.counts, pooled.total.counts, x),
    });
  }
  return {
    nodes,
    excluded,
    excludedN,
    levels: c.levels,
    minSample,
    base: r.scheme.base,
    method: r.method,
    confidence: r.confidence,
  };
}
