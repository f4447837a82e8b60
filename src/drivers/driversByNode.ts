import * as z from 'zod/mini';
import { isNpsInputError, NpsInputError, type NpsInputErrorCode } from '../errors.ts';
import {
  type CompiledHierarchy,
  compiledOf,
  epochAt,
  epochOfIndex,
  type Hierarchy,
} from '../hierarchy/buildHierarchy.ts';
import type { Exclusion } from '../hierarchy/rollup.ts';
import { describe } from '../kernels/describe.ts';
import { placementShape } from '../kernels/options.ts';
import { type DictionaryColumn, isDictionary, missingCode, toEpoch } from '../kernels/responses.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import {
  computeDriverStats,
  type DriverColumns,
  type DriverRow,
  type DriverStats,
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
  /**
   * @deprecated Pass a {@link Hierarchy} from `buildHierarchy` as the first argument instead.
   * Parent id per node id (`null` for a root), for the form `driversByNode(rows, options)`:
   * each node is analysed on the pooled responses of its whole subtree, and ancestors without
   * responses of their own appear too.
   */
  readonly parents?: ReadonlyMap<string, string | null> | undefined;
  /** With a dated hierarchy: the date whose structure pools the nodes (default: the latest). */
  readonly asOf?: Date | number | undefined;
  /**
   * What to do with a row whose node is missing, not in the hierarchy, or not in its structure
   * at `asOf`: `'error'` (default: `unknown_node`) or `'exclude'` (the row is left out of every
   * node and counted in the result's `excluded` and `excludedN`, as `rollup` does). `'exclude'`
   * needs the hierarchy form.
   */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** Smallest number of complete responses for a node to be analysed (default 30). */
  readonly minN?: number | undefined;
}

/** The result of {@link driversByNode} with a hierarchy: plain JSON-serialisable data. */
export interface DriversByNodeResult {
  /** Every node of the structure at `asOf`, level by level from the root. */
  readonly nodes: readonly NodeDrivers[];
  /** Rows left out (only with `onUnknownNode: 'exclude'`), grouped by reason and node id, as in `rollup`. */
  readonly excluded: readonly Exclusion[];
  /** Total rows left out. */
  readonly excludedN: number;
}

/** One node's driver analysis. */
export interface NodeDrivers {
  /** The node id. */
  readonly id: string;
  /** Its parent id (`null` for a root, or in the form without a hierarchy or parents). */
  readonly parentId: string | null;
  /** The node's level name from the hierarchy (`null` when unnamed or without a hierarchy). */
  readonly level: string | null;
  /** Sufficient statistics of the node's subtree (its own responses without a tree). */
  readonly stats: DriverStats;
  /** The analysis, or `null` when the node was skipped. */
  readonly importance: RelativeImportanceResult | null;
  /**
   * Why the node was skipped: `'too_few_responses'` (n < minN) or the error code of a
   * degenerate node (e.g. `'constant_driver'` when every response rated a driver the same).
   */
  readonly skipped: 'too_few_responses' | NpsInputErrorCode | null;
}

const optionsSchema = /* @__PURE__ */ lazy(() => {
  // the same `asOf` and `onUnknownNode` schemas as rollup and trendByNode
  const { asOf, onUnknownNode } = placementShape();
  return z.optional(
    exactKeys<DriversByNodeOptions>()(
      z.strictObject({
        nodes: z.optional(z.unknown()),
        parents: z.optional(z.unknown()),
        asOf,
        onUnknownNode,
        minN: z.optional(z.int().check(z.gte(1))),
        // checked by resolveStatsOptions and (per node) by relativeImportance
        metric: z.optional(z.unknown()),
        outcome: z.optional(z.unknown()),
        drivers: z.optional(z.unknown()),
        scheme: z.optional(z.unknown()),
        notApplicable: z.optional(z.unknown()),
        // per-node statistics are pooled co-moments, which are listwise by construction
        missing: z.optional(z.literal('listwise')),
      }),
    ),
  );
});

/**
 * Whether the first argument is the hierarchy of the current form (anything but rows or
 * columns, which are the input of the deprecated form); it is then checked by the hierarchy
 * module and read through its compiled form only.
 */
function isHierarchyArgument(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isColumns(x);
}

/** Nodes of the structure at `asOf` (default: the latest), each root then its subtree breadth-first. */
function treeOf(c: CompiledHierarchy, asOf: number | undefined): Tree {
  const ep = epochOfIndex(c, asOf === undefined ? c.epochs.length - 1 : epochAt(c, asOf));
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
  const idOf = (x: number): string => c.ids[x] ?? '';
  return {
    order: order.map(idOf),
    parent: (id) => {
      const p = ep.parent[c.indexOf.get(id) ?? -1] ?? -1;
      return p < 0 ? null : idOf(p);
    },
    level: (id) => c.level[c.indexOf.get(id) ?? -1] ?? null,
  };
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
): readonly DriverRow[] | DriverColumns {
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

/** A stand-in hierarchy for the deprecated parents-map form. */
interface Tree {
  readonly order: readonly string[];
  parent(id: string): string | null;
  level(id: string): string | null;
}

/**
 * Driver analysis for every node of an organisation (stores, regions, divisions) that has enough
 * responses: the responses are split by node, each node's {@link DriverStats} are computed once,
 * pooled up the hierarchy with {@link mergeDriverStats} (exact: a region is analysed on all its
 * stores' responses), and {@link relativeImportance} runs on each node's statistics — cheap,
 * because it works on the p × p matrix. Nodes below `minN`, or degenerate on their own data,
 * are reported with the reason instead of failing the whole call.
 *
 * Two forms: `driversByNode(hierarchy, input, options?)` with a {@link Hierarchy} from
 * `buildHierarchy` (every node of the structure at `asOf`, level by level from the root, nodes
 * without responses included with `n: 0`), and the deprecated `driversByNode(input, { parents })`
 * with a Map id → parent id (own nodes in order of first appearance, then their ancestors; without
 * `parents`, own nodes only). Rows carry their node in `nodeId` (columns: a `nodeId` column,
 * plain or dictionary-encoded), or `options.nodes` gives one id per row.
 *
 * A row whose node is missing, not in the hierarchy, or not in its structure at `asOf` is an
 * `unknown_node` error, or with `onUnknownNode: 'exclude'` is left out and reported in
 * `excluded` (grouped by reason — `'missing_node'`, `'unknown_node'`, `'node_not_valid'` — and
 * node id, with the count and first index) and `excludedN`, as in `rollup`: never dropped
 * silently. The result is then exactly that of the input without those rows.
 *
 * @param hierarchy - The organisation, from `buildHierarchy`.
 * @param input - Rows or columns.
 * @param options - `nodes`, `asOf`, `onUnknownNode` (`'error'`), `minN` (30), and the options of
 *   {@link relativeImportance} (`metric` defaults to `'lmg'`).
 * @returns `nodes`, one entry per node, and the rows left out (`excluded`, `excludedN`).
 * @throws {@link NpsInputError} `unknown_node` for a row whose node is missing, not in the
 *   hierarchy or not in its structure at `asOf` (unless `onUnknownNode: 'exclude'`),
 *   `length_mismatch` when `nodes` and the input differ in length, `invalid_option` for
 *   `missing: 'pairwise'` (nodes are analysed from pooled co-moments, which are listwise), and
 *   the errors of {@link driverStats} (every row is validated, excluded or not).
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
 * const r = driversByNode(h, rows, { minN: 3 });
 * r.nodes.map((x) => [x.id, x.level, x.stats.n]); //=> [['north', 'region', 8], ['s1', 'store', 4], ['s2', 'store', 4]]
 * // a row of a store the hierarchy does not know: counted, not analysed (default: an error)
 * const more = [...rows, { nodeId: 's9', score: 1, ratings: { a: 3 } }];
 * const x = driversByNode(h, more, { minN: 3, onUnknownNode: 'exclude' });
 * x.excluded; //=> [{ reason: 'unknown_node', nodeId: 's9', n: 1, firstIndex: 8 }]
 * x.nodes.map((n) => n.stats.n); //=> [8, 4, 4]
 * ```
 */
export function driversByNode(
  hierarchy: Hierarchy,
  input: readonly DriverRow[] | DriverColumns,
  options?: DriversByNodeOptions,
): DriversByNodeResult;
/**
 * @deprecated Use `driversByNode(hierarchy, input, options)` with a hierarchy from
 * `buildHierarchy`. This form takes the tree as `options.parents`, a Map id → parent id.
 *
 * @param input - Rows or columns.
 * @param options - `nodes` (id per row), `parents`, `minN`, and the options of
 *   {@link relativeImportance}.
 * @returns One entry per node: own nodes in order of first appearance, then ancestors.
 * @throws {@link NpsInputError} as the hierarchy form, and `cycle` for a cyclic `parents` map,
 *   `invalid_option` for `onUnknownNode: 'exclude'` (exclusions need the hierarchy form).
 */
export function driversByNode(
  input: readonly DriverRow[] | DriverColumns,
  options: DriversByNodeOptions,
): NodeDrivers[];
export function driversByNode(
  first: Hierarchy | readonly DriverRow[] | DriverColumns,
  second?: readonly DriverRow[] | DriverColumns | DriversByNodeOptions,
  third?: DriversByNodeOptions,
): DriversByNodeResult | NodeDrivers[] {
  const fn = 'driversByNode';
  const hierarchy = isHierarchyArgument(first) ? compiledOf(fn, first) : undefined;
  const input = (hierarchy === undefined ? first : second) as readonly DriverRow[] | DriverColumns;
  const options = (hierarchy === undefined ? second : third) as DriversByNodeOptions | undefined;
  const o = parseWith(optionsSchema(), options, fn, 'options');
  if (o?.parents !== undefined && !(o.parents instanceof Map))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.parents must be a Map from node id to parent id, received ${describe(o.parents)}`,
      path: ['parents'],
      received: o.parents,
    });
  const parents = o?.parents as ReadonlyMap<string, string | null> | undefined;
  if (hierarchy !== undefined && parents !== undefined)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.parents must be left out when a hierarchy is given, received a Map`,
      path: ['parents'],
      received: parents,
    });
  const exclude = o?.onUnknownNode === 'exclude';
  if (hierarchy === undefined && exclude)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.onUnknownNode must be 'error' or left out without a hierarchy (pass a buildHierarchy result first to exclude rows), received 'exclude'`,
      path: ['onUnknownNode'],
      received: o.onUnknownNode,
    });
  let asOf: number | undefined;
  if (o?.asOf !== undefined) {
    asOf = toEpoch(o.asOf);
    if (!Number.isFinite(asOf))
      throw new NpsInputError({
        code: 'invalid_date',
        message: `${fn}: options.asOf must be a valid Date or epoch milliseconds, received ${describe(o.asOf)}`,
        path: ['asOf'],
        received: o.asOf,
      });
  }
  const minN = o?.minN ?? 30;
  const resolved = resolveStatsOptions(
    {
      outcome: options?.outcome,
      drivers: options?.drivers,
      scheme: options?.scheme,
      notApplicable: options?.notApplicable,
    },
    fn,
  );
  // Validate every row once (so errors name input indexes), whether or not it is excluded.
  const checked = computeDriverStats(input, resolved, fn);
  const total = isColumns(input) ? input.score.length : input.length;
  const ids = nodeIdsOf(input, o?.nodes, total, fn);
  let tree: Tree | undefined;
  // 1 for a row left out (onUnknownNode: 'exclude'), else absent
  let dropped: Uint8Array | undefined;
  const excluded: Exclusion[] = [];
  let excludedN = 0;
  if (hierarchy !== undefined) {
    tree = treeOf(hierarchy, asOf);
    const active = new Set(tree.order);
    // grouped by node id in order of first appearance, as rollup groups them: ids missing or
    // not in the hierarchy first, then ids not in the structure at asOf
    type Group = { -readonly [K in keyof Exclusion]: Exclusion[K] };
    const unknown = new Map<string | undefined, Group>();
    const notValid = new Map<string | undefined, Group>();
    for (let i = 0; i < total; i++) {
      const raw = ids[i];
      if (raw !== undefined && active.has(raw)) continue;
      // `nodeId: null` (e.g. from a SQL export) is missing, like an absent nodeId
      const id = (raw as unknown) === null ? undefined : raw;
      const reason =
        id === undefined
          ? 'missing_node'
          : hierarchy.indexOf.has(id)
            ? 'node_not_valid'
            : 'unknown_node';
      if (!exclude)
        throw new NpsInputError({
          code: 'unknown_node',
          message: `${fn}: response at index ${String(i)} ${
            reason === 'missing_node'
              ? 'must have a nodeId, received none'
              : reason === 'unknown_node'
                ? `must belong to a node of the hierarchy, received ${describe(id)}`
                : `must belong to a node that exists ${asOf === undefined ? 'in the latest structure' : 'at asOf'}, received ${describe(id)}`
          } (pass onUnknownNode: 'exclude' to count such responses as excluded)`,
          index: i,
          path: [i, 'nodeId'],
          received: raw,
        });
      dropped ??= new Uint8Array(total);
      dropped[i] = 1;
      excludedN++;
      const groups = reason === 'node_not_valid' ? notValid : unknown;
      const g = groups.get(id);
      if (g === undefined) groups.set(id, { reason, nodeId: id ?? null, n: 1, firstIndex: i });
      else g.n++;
    }
    excluded.push(...unknown.values(), ...notValid.values());
  } else {
    for (let i = 0; i < total; i++)
      if (ids[i] === undefined)
        throw new NpsInputError({
          code: 'unknown_node',
          message: `${fn}: response at index ${String(i)} must have a node id, received none`,
          index: i,
          path: [i, 'nodeId'],
          received: undefined,
        });
  }
  // Fix the driver list for every node from the rows analysed (as if the excluded were absent).
  let all = checked;
  if (dropped !== undefined) {
    const kept: number[] = [];
    for (let i = 0; i < total; i++) if (dropped[i] !== 1) kept.push(i);
    all = computeDriverStats(subsetOf(input, kept, checked.drivers), resolved, fn);
  }
  const fixed = { ...resolved, drivers: all.drivers };
  const members = new Map<string, number[]>();
  for (let i = 0; i < total; i++) {
    if (dropped?.[i] === 1) continue;
    const id = ids[i] as string;
    let m = members.get(id);
    if (m === undefined) {
      m = [];
      members.set(id, m);
    }
    m.push(i);
  }
  const own = new Map<string, DriverStats>();
  for (const [id, idx] of members)
    own.set(id, computeDriverStats(subsetOf(input, idx, all.drivers), fixed, fn));
  const pooled = new Map<string, DriverStats>(own);
  let order: string[];
  let parentOf: (id: string) => string | null;
  let levelOf: (id: string) => string | null = () => null;
  if (tree !== undefined) {
    // Parents before children: merging children into parents in reverse order pools subtrees.
    const t = tree;
    order = [...t.order];
    parentOf = (id) => t.parent(id);
    levelOf = (id) => t.level(id);
    const empty = computeDriverStats([], fixed, fn);
    for (const id of order) if (!pooled.has(id)) pooled.set(id, empty);
    for (let q = order.length - 1; q >= 0; q--) {
      const id = order[q] as string;
      const parent = t.parent(id);
      if (parent === null) continue;
      pooled.set(parent, mergeDriverStats(pooled.get(parent) ?? empty, pooled.get(id) ?? empty));
    }
  } else {
    order = [...own.keys()];
    parentOf = (id) => parents?.get(id) ?? null;
    if (parents !== undefined) {
      const limit = parents.size + 1;
      for (const [id, s] of own) {
        let cur = parents.get(id) ?? null;
        let steps = 0;
        while (cur !== null) {
          if (++steps > limit)
            throw new NpsInputError({
              code: 'cycle',
              message: `${fn}: options.parents must not contain a cycle, received one through ${describe(id)}`,
              path: ['parents'],
              received: id,
            });
          const prev = pooled.get(cur);
          if (prev === undefined) order.push(cur);
          pooled.set(cur, prev === undefined ? s : mergeDriverStats(prev, s));
          cur = parents.get(cur) ?? null;
        }
      }
    }
  }
  const metricOptions = { metric: options?.metric ?? 'lmg' } as const;
  const nodes = order.map((id): NodeDrivers => {
    const stats = pooled.get(id) ?? all;
    const node = { id, parentId: parentOf(id), level: levelOf(id), stats };
    if (stats.n < minN) return { ...node, importance: null, skipped: 'too_few_responses' };
    try {
      return { ...node, importance: run(stats, metricOptions, fn), skipped: null };
    } catch (e) {
      if (!isNpsInputError(e)) throw e;
      return { ...node, importance: null, skipped: e.code };
    }
  });
  return hierarchy === undefined ? nodes : { nodes, excluded, excludedN };
}
