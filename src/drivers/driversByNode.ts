import * as z from 'zod/mini';
import { isNpsInputError, NpsInputError, type NpsInputErrorCode } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { metricOption, placementShape } from '../kernels/options.ts';
import { asOfEpoch, NotValid, poolUp, unknownExclusions } from '../kernels/placement.ts';
import { type DictionaryColumn, isDictionary, missingCode } from '../kernels/responses.ts';
import {
  type CompiledHierarchy,
  compiledOf,
  type Epoch,
  epochOfIndex,
  type Hierarchy,
} from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { Excluded, Exclusion, NodeInfo } from '../types.ts';
import {
  computeDriverStats,
  type DriverColumns,
  type DriverData,
  type DriverRow,
  type DriverStats,
  driverDataOf,
  extractColumns,
  get,
  isColumns,
  mergeDriverStats,
  resolveStatsOptions,
} from './driverStats.ts';
import {
  type RelativeImportanceOptions,
  type RelativeImportanceResult,
  run,
} from './relativeImportance.ts';

/** Options of {@link driversByNode}. */
export interface DriversByNodeOptions extends RelativeImportanceOptions {
  /**
   * Node (store, region…) id per input row, same length as the input. Default: each row's
   * `nodeId` (rows) or the `nodeId` column (columns; plain or dictionary-encoded).
   */
  readonly nodes?: ArrayLike<string> | DictionaryColumn | undefined;
  /** With a dated hierarchy: the date whose structure pools the nodes (default: the latest). */
  readonly asOf?: Date | number | undefined;
  /**
   * What to do with a row whose node is missing, not in the hierarchy, or not in its structure
   * at `asOf`: `'error'` (default: `unknown_node`) or `'exclude'` (the row is left out of every
   * node and counted in the result's `excluded` and `excludedN`, as `rollup` does).
   */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /**
   * Smallest number of responses in a node's pooled subtree for it to be analysed (default 30);
   * smaller nodes are reported with `skipped: 'min_sample'`. Listwise it counts complete
   * responses (the score and every driver rated); with `missing: 'pairwise'` the smallest number
   * of responses that rate a driver, or both drivers of a pair (the `n` the analysis reports).
   */
  readonly minSample?: number | undefined;
}

/** The result of {@link driversByNode} with a hierarchy: plain JSON-serialisable data. */
export interface DriversByNodeResult extends Excluded {
  /** Every node of the structure at `asOf`, level by level from the root. */
  readonly nodes: readonly NodeDrivers[];
}

/** One node's driver analysis. */
export interface NodeDrivers extends NodeInfo {
  /**
   * Sufficient statistics of the node's pooled subtree (complete responses: listwise, whatever
   * `missing` is).
   */
  readonly stats: DriverStats;
  /** The analysis, or `null` when the node was skipped. */
  readonly importance: RelativeImportanceResult | null;
  /**
   * Why the node was skipped: `'min_sample'` (n < minSample) or the error code of a
   * degenerate node (e.g. `'constant_driver'` when every response rated a driver the same).
   */
  readonly skipped: 'min_sample' | NpsInputErrorCode | null;
}

const optionsSchema = /* @__PURE__ */ lazy(() => {
  // the same `asOf` and `onUnknownNode` schemas as rollup and trendByNode
  const { asOf, onUnknownNode } = placementShape();
  return z.optional(
    exactKeys<DriversByNodeOptions>()(
      z.strictObject({
        nodes: z.optional(z.unknown()),
        asOf,
        onUnknownNode,
        minSample: z.optional(z.int().check(z.gte(1))),
        metric: metricOption(),
        // checked by resolveStatsOptions
        outcome: z.optional(z.unknown()),
        drivers: z.optional(z.unknown()),
        scheme: z.optional(z.unknown()),
        notApplicable: z.optional(z.unknown()),
        missing: z.optional(z.enum(['listwise', 'pairwise'])),
      }),
    ),
  );
});

/** Nodes of a structure, each root then its subtree breadth-first (level by level). */
function breadthFirst(c: CompiledHierarchy, ep: Epoch): number[] {
  const kids: number[][] = c.ids.map(() => []);
  for (let x = 0; x < c.ids.length; x++) {
    const p = ep.parent[x] ?? -1;
    if (p >= 0 && ep.active[x] === 1) kids[p]?.push(x);
  }
  const order: number[] = [];
  for (const root of ep.order) {
    if (ep.parent[root] !== -1) continue;
    const start = order.length;
    order.push(root);
    for (let q = start; q < order.length; q++)
      for (const k of kids[order[q] ?? 0] ?? []) order.push(k);
  }
  return order;
}

/** The node id of every input row, from `options.nodes` or the input's own `nodeId`. */
function nodeIdsOf(
  input: readonly DriverRow[] | DriverColumns,
  nodes: unknown,
  total: number,
  fn: string,
): (string | undefined)[] {
  const source: unknown = nodes ?? (isColumns(input) ? input.nodeId : undefined);
  const out = new Array<string | undefined>(total);
  if (source === undefined) {
    if (isColumns(input))
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: columns must have a nodeId column or options.nodes, received neither`,
        path: ['nodes'],
        received: undefined,
      });
    for (let i = 0; i < total; i++) out[i] = input[i]?.nodeId;
    return out;
  }
  if (isDictionary(source)) {
    if (source.codes.length !== total)
      throw new NpsInputError({
        code: 'length_mismatch',
        message: `${fn}: node ids must have one code per row (${String(total)}), received ${String(source.codes.length)}`,
        path: ['nodes'],
        received: source.codes.length,
      });
    // codes checked as rollup checks them: negative integers (and absent codes) are missing
    // nodes, anything else that is not an index of `values` is an error
    const nv = source.values.length;
    for (let i = 0; i < total; i++) {
      const c: unknown = source.codes[i];
      if (typeof c === 'number' && c >= 0 && c < nv && Number.isInteger(c))
        out[i] = source.values[c];
      else {
        missingCode(fn, c, nv, i); // throws unless the code marks a missing node
        out[i] = undefined;
      }
    }
    return out;
  }
  const ids = source as ArrayLike<unknown>;
  if (typeof source !== 'object' || source === null || ids.length !== total)
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: node ids must number one per row (${String(total)}), received ${describe(source)}`,
      path: ['nodes'],
      received: source,
    });
  for (let i = 0; i < total; i++) {
    const id = ids[i];
    out[i] = typeof id === 'string' ? id : typeof id === 'number' ? String(id) : undefined;
  }
  return out;
}

/** Rows `idx` of the input (columns: the given drivers' ratings only; missing values NaN). */
function subsetOf(
  input: readonly DriverRow[] | DriverColumns,
  idx: readonly number[],
  drivers: readonly string[],
): DriverData {
  if (isColumns(input)) {
    const ratings = new Map<string, Float64Array>();
    for (const d of drivers) {
      const col = get(input.ratings, d);
      ratings.set(
        d,
        Float64Array.from(idx, (i) => col?.[i] ?? Number.NaN),
      );
    }
    return { score: idx.map((i) => input.score[i] ?? Number.NaN), ratings };
  }
  return idx.flatMap((i) => {
    const row = input[i];
    return row === undefined ? [] : [row];
  });
}

/**
 * With `missing: 'pairwise'`: each node's pooled subtree as rows (its own and its descendants',
 * in input order) and the smallest number of them that rate a driver or both drivers of a pair,
 * the `n` a pairwise analysis reports. Co-moments pool only complete rows, so a pairwise node
 * is analysed from its rows, as {@link relativeImportance} with `missing: 'pairwise'` would on
 * them.
 */
function pairwiseRows(
  ep: Epoch,
  members: readonly (readonly number[])[],
  input: readonly DriverRow[] | DriverColumns,
  r: ReturnType<typeof resolveStatsOptions>,
  fn: string,
): ({ readonly data: DriverData; readonly n: number } | undefined)[] {
  const drivers = r.drivers ?? [];
  // which ratings each row has (after notApplicable), through the one column reader
  const { x } = extractColumns(input, r, fn);
  const subtree = members.map((idx) => [...idx]);
  poolUp(ep, (parent, child) => {
    subtree[parent]?.push(...(subtree[child] ?? []));
  });
  return subtree.map((idx) => {
    idx.sort((a, b) => a - b);
    let n = idx.length;
    for (let a = 0; a < x.length; a++) {
      const xa = x[a] as Float64Array;
      for (let b = a; b < x.length; b++) {
        const xb = x[b] as Float64Array;
        let both = 0;
        for (const i of idx) if (!Number.isNaN(xa[i]) && !Number.isNaN(xb[i])) both++;
        n = Math.min(n, both);
      }
    }
    return { data: subsetOf(input, idx, drivers), n };
  });
}

/**
 * Driver analysis for every node of an organisation (stores, regions, divisions) that has enough
 * responses: the responses are split by node, each node's {@link DriverStats} are computed once,
 * pooled up the hierarchy with {@link mergeDriverStats} (exact: a region is analysed on all its
 * stores' responses), and {@link relativeImportance} runs on each node's statistics — cheap,
 * because it works on the p × p matrix. Nodes below `minSample`, or degenerate on their own data,
 * are reported with the reason instead of failing the whole call.
 *
 Every node of the structure at `asOf` is reported, level by level from the root, nodes without
 * responses included with `n: 0`. Rows carry their node in `nodeId` (columns: a `nodeId` column,
 * plain or dictionary-encoded), or `options.nodes` gives one id per row; the same response rows
 * that feed `rollup` and `trend` feed this function when they carry `ratings`.
 *
 * A row whose node is missing, not in the hierarchy, or not in its structure at `asOf` is an
 * `unknown_node` error, or with `onUnknownNode: 'exclude'` is left out and reported in
 * `excluded` (grouped by reason — `'missing_node'`, `'unknown_node'`, `'node_not_valid'` — and
 * node id, with the count and first index) and `excludedN`, as in `rollup`: never dropped
 * silently. The result is then exactly that of the input without those rows.
 *
 * @param hierarchy - The organisation, from `buildHierarchy`.
 * @param data - Rows, columns or an Arrow table.
 * Missing ratings: listwise by default (each node's complete responses, pooled as co-moments).
 * With `missing: 'pairwise'` each node is analysed on its subtree's rows exactly as
 * {@link relativeImportance} with `missing: 'pairwise'` analyses them (every correlation from
 * the rows that rate both of its variables, R's `cor(use = 'pairwise.complete.obs')`), so a
 * node keeps every rating given: with 12 % blanks per driver, independently, listwise keeps
 * about 0.88^p of the rows, pairwise at least about 0.88². `stats` stays listwise.
 *
 * @param options - `nodes`, `asOf`, `onUnknownNode` (`'error'`), `minSample` (30), `missing`
 *   (`'listwise'`), and the options of {@link relativeImportance} (`metric` defaults to
 *   `'lmg'`).
 * @returns `nodes`, one entry per node, and the rows left out (`excluded`, `excludedN`).
 * @throws {@link NpsInputError} `unknown_node` for a row whose node is missing, not in the
 *   hierarchy or not in its structure at `asOf` (unless `onUnknownNode: 'exclude'`),
 *   `length_mismatch` when `nodes` and the input differ in length, `invalid_option` for
 *   options that do not match their schema, and the errors of {@link driverStats} (every row is
 *   validated, excluded or not). A node degenerate on its own data (for pairwise also
 *   `not_positive_definite`) is reported with the code in `skipped`, not thrown.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'north', parentId: null, level: 'region' },
 *   { id: 's1', parentId: 'north', level: 'store' },
 *   { id: 's2', parentId: 'north', level: 'store' },
 * ]);
 * const rows = Array.from({ length: 8 }, (_, i) => ({
 *   nodeId: i < 4 ? 's1' : 's2', score: i % 4, ratings: { a: i % 4 },
 * }));
 * const r = driversByNode(h, rows, { minSample: 3 });
 * r.nodes.map((x) => [x.id, x.level, x.stats.n]); //=> [['north', 'region', 8], ['s1', 'store', 4], ['s2', 'store', 4]]
 * // a row of a store the hierarchy does not know: counted, not analysed (default: an error)
 * const more = [...rows, { nodeId: 's9', score: 1, ratings: { a: 3 } }];
 * const x = driversByNode(h, more, { minSample: 3, onUnknownNode: 'exclude' });
 * x.excluded; //=> [{ reason: 'unknown_node', nodeId: 's9', n: 1, firstIndex: 8 }]
 * x.nodes.map((n) => n.stats.n); //=> [8, 4, 4]
 * ```
 */
export function driversByNode(
  hierarchy: Hierarchy,
  data: DriverData,
  options?: DriversByNodeOptions,
): DriversByNodeResult {
  const fn = 'driversByNode';
  const c = compiledOf(fn, hierarchy);
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const ep = epochOfIndex(c, asOfEpoch(fn, c, o?.asOf));
  const minSample = o?.minSample ?? 30;
  const statsOptions = {
    outcome: options?.outcome,
    scheme: options?.scheme,
    notApplicable: options?.notApplicable,
  };
  const resolved = resolveStatsOptions({ ...statsOptions, drivers: options?.drivers }, fn);
  const input = driverDataOf(fn, data, resolved.drivers);
  // Validate every row once (so errors name input indexes), whether or not it is excluded.
  const checked = computeDriverStats(input, resolved, fn);
  const total = isColumns(input) ? input.score.length : input.length;
  const ids = nodeIdsOf(input, o?.nodes, total, fn);
  // Placement, as rollup places responses: missing and unknown ids, then nodes not in the
  // structure at asOf; an error, or with onUnknownNode: 'exclude' the rows are left out.
  const node = new Int32Array(total);
  const unknown = new Map<string | undefined, { count: number; firstIndex: number }>();
  const notValid = new NotValid();
  for (let i = 0; i < total; i++) {
    // `nodeId: null` (e.g. from a SQL export) is missing, like an absent nodeId
    const raw: unknown = ids[i];
    const id = typeof raw === 'string' ? raw : undefined;
    const x = id === undefined ? -1 : (c.indexOf.get(id) ?? -1);
    node[i] = x >= 0 && ep.active[x] === 1 ? x : -1;
    if (x >= 0 && ep.active[x] !== 1) notValid.note(x, 1, i);
    else if (x < 0) {
      const u = unknown.get(id);
      if (u === undefined) unknown.set(id, { count: 1, firstIndex: i });
      else u.count++;
    }
  }
  const exclude = o?.onUnknownNode === 'exclude';
  const excluded: Exclusion[] = [
    ...unknownExclusions(fn, unknown, exclude),
    ...notValid.exclusions(fn, c.ids, exclude, false),
  ];
  let excludedN = 0;
  const members: number[][] = c.ids.map(() => []);
  for (let i = 0; i < total; i++) {
    const x = node[i] ?? -1;
    if (x >= 0) members[x]?.push(i);
    else excludedN++;
  }
  // Fix the driver list for every node from the rows analysed (as if the excluded were absent).
  const all =
    excludedN === 0
      ? checked
      : computeDriverStats(subsetOf(input, members.flat(), checked.drivers), resolved, fn);
  const fixed = { ...resolved, drivers: all.drivers };
  const empty = computeDriverStats([], fixed, fn);
  const pooled = members.map((idx) =>
    idx.length === 0 ? empty : computeDriverStats(subsetOf(input, idx, all.drivers), fixed, fn),
  );
  poolUp(ep, (parent, child) => {
    pooled[parent] = mergeDriverStats(pooled[parent] ?? empty, pooled[child] ?? empty);
  });
  const metricOptions = { metric: options?.metric ?? 'lmg' } as const;
  const pairwise = o?.missing === 'pairwise' ? pairwiseRows(ep, members, input, fixed, fn) : null;
  const nodes = breadthFirst(c, ep).map((x): NodeDrivers => {
    const stats = pooled[x] ?? empty;
    const p = ep.parent[x] ?? -1;
    const head = {
      id: c.ids[x] ?? '',
      name: c.name[x] ?? null,
      parentId: p < 0 ? null : (c.ids[p] ?? null),
      level: c.level[x] ?? null,
      depth: ep.depth[x] ?? 0,
      stats,
    };
    const rowsOfNode = pairwise?.[x];
    if ((rowsOfNode === undefined ? stats.n : rowsOfNode.n) < minSample)
      return { ...head, importance: null, skipped: 'min_sample' };
    try {
      const importance =
        rowsOfNode === undefined
          ? run(stats, metricOptions, fn)
          : run(
              rowsOfNode.data,
              { ...metricOptions, ...statsOptions, drivers: all.drivers, missing: 'pairwise' },
              fn,
            );
      return { ...head, importance, skipped: null };
    } catch (e) {
      if (!isNpsInputError(e)) throw e;
      return { ...head, importance: null, skipped: e.code };
    }
  });
  return { nodes, excluded, excludedN };
}
