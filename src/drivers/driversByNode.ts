import * as z from 'zod/mini';
import { describe } from '../_lib/describe.ts';
import { parseWith } from '../_lib/validate.ts';
import { isNpsInputError, NpsInputError, type NpsInputErrorCode } from '../errors.ts';
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
  /** Node (store, region…) id per input row, same length as the input. */
  readonly nodes: ArrayLike<string>;
  /**
   * Parent id per node id (`null` for a root). When given, each node is analysed on the pooled
   * responses of its whole subtree, and ancestors without responses of their own appear too.
   */
  readonly parents?: ReadonlyMap<string, string | null> | undefined;
  /** Smallest number of complete responses for a node to be analysed (default 30). */
  readonly minN?: number | undefined;
}

/** One node's driver analysis. */
export interface NodeDrivers {
  /** The node id. */
  readonly id: string;
  /** Its parent id (`null` for a root or when no `parents` were given). */
  readonly parentId: string | null;
  /** Sufficient statistics of the node (its subtree, when `parents` were given). */
  readonly stats: DriverStats;
  /** The analysis, or `null` when the node was skipped. */
  readonly importance: RelativeImportanceResult | null;
  /**
   * Why the node was skipped: `'too_few_responses'` (n < minN) or the error code of a
   * degenerate node (e.g. `'constant_driver'` when every response rated a driver the same).
   */
  readonly skipped: 'too_few_responses' | NpsInputErrorCode | null;
}

/**
 * Driver analysis for every node of an organisation (stores, regions, divisions) that has enough
 * responses: the responses are split by node, each node's {@link DriverStats} are computed once,
 * pooled up the tree with {@link mergeDriverStats} (exact) when `parents` is given, and
 * {@link relativeImportance} runs on each node's statistics — cheap, because it works on the
 * p × p matrix. Nodes below `minN` or degenerate on their own data are reported, not thrown.
 *
 * @param input - Rows or columns.
 * @param options - `nodes` (id per row), `parents`, `minN` (30), and the options of
 *   {@link relativeImportance} (`metric` defaults to `'lmg'`).
 * @returns One entry per node: own nodes in order of first appearance, then ancestors.
 * @throws {@link NpsInputError} `length_mismatch` when `nodes` and the input differ in length,
 *   `cycle` for a cyclic `parents` map, and the errors of {@link driverStats}.
 * @example
 * ```ts
 * const rows = Array.from({ length: 8 }, (_, i) => ({ score: i % 4, ratings: { a: i % 4 } }));
 * const nodes = ['s1', 's1', 's1', 's1', 's2', 's2', 's2', 's2'];
 * const r = driversByNode(rows, { nodes, minN: 3, parents: new Map([['s1', 'north'], ['s2', 'north']]) });
 * r.map((x) => [x.id, x.stats.n]); //=> [['s1', 4], ['s2', 4], ['north', 8]]
 * ```
 */
export function driversByNode(
  input: readonly DriverRow[] | DriverColumns,
  options: DriversByNodeOptions,
): NodeDrivers[] {
  const fn = 'driversByNode';
  const o = parseWith(
    z.object({
      nodes: z.unknown(),
      parents: z.optional(z.unknown()),
      minN: z.optional(z.int().check(z.gte(1))),
    }),
    { nodes: options.nodes, parents: options.parents, minN: options.minN },
    fn,
    'options',
  );
  const nodes = options.nodes;
  const parents = options.parents;
  if (parents !== undefined && !(o.parents instanceof Map))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.parents must be a Map from node id to parent id, received ${describe(o.parents)}`,
      path: ['parents'],
      received: o.parents,
    });
  const minN = o.minN ?? 30;
  const resolved = resolveStatsOptions(
    {
      outcome: options.outcome,
      drivers: options.drivers,
      scheme: options.scheme,
      notApplicable: options.notApplicable,
    },
    fn,
  );
  // Validate everything once and fix the driver list for every node.
  const all = computeDriverStats(input, resolved, fn);
  const fixed = { ...resolved, drivers: all.drivers };
  const total = isColumns(input) ? input.score.length : input.length;
  if (typeof nodes !== 'object' || nodes.length !== total)
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: options.nodes must have one node id per row (${String(total)}), received ${describe(nodes)}`,
      path: ['nodes'],
      received: nodes,
    });
  const members = new Map<string, number[]>();
  for (let i = 0; i < total; i++) {
    const id = String(nodes[i]);
    let m = members.get(id);
    if (m === undefined) {
      m = [];
      members.set(id, m);
    }
    m.push(i);
  }
  const own = new Map<string, DriverStats>();
  for (const [id, idx] of members) {
    let part: readonly DriverRow[] | DriverColumns;
    if (isColumns(input)) {
      const ratings = new Map<string, Float64Array>();
      for (const d of all.drivers) {
        const col = get(input.ratings, d);
        ratings.set(
          d,
          Float64Array.from(idx, (i) => col?.[i] ?? Number.NaN),
        );
      }
      part = { score: idx.map((i) => input.score[i] ?? Number.NaN), ratings };
    } else
      part = idx.flatMap((i) => {
        const row = input[i];
        return row === undefined ? [] : [row];
      });
    own.set(id, computeDriverStats(part, fixed, fn));
  }
  const pooled = new Map<string, DriverStats>(own);
  const order = [...own.keys()];
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
  const metricOptions = { metric: options.metric ?? 'lmg' } as const;
  return order.map((id): NodeDrivers => {
    const stats = pooled.get(id) ?? all;
    const parentId = parents?.get(id) ?? null;
    if (stats.n < minN)
      return { id, parentId, stats, importance: null, skipped: 'too_few_responses' };
    try {
      return { id, parentId, stats, importance: run(stats, metricOptions, fn), skipped: null };
    } catch (e) {
      if (!isNpsInputError(e)) throw e;
      return { id, parentId, stats, importance: null, skipped: e.code };
    }
  });
}
