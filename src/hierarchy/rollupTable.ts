import * as z from 'zod/mini';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { rollupNodes } from './_levelUnits.ts';
import type { RollupResult } from './rollup.ts';
import { shrinkLevels } from './shrinkage.ts';

/** Options of {@link rollupTable}. */
export interface RollupTableOptions {
  /** Separator of the `path` column (default `' / '`). */
  readonly separator?: string | undefined;
}

/** One row of the flat report table. NPS figures on −100..100; `null` where withheld or empty. */
export interface RollupTableRow {
  /** The node id. */
  readonly node: string;
  /** The node's display path from the root, joined with the separator. */
  readonly path: string;
  /** The level name, or `null`. */
  readonly level: string | null;
  /** Depth: 0 for a root. */
  readonly depth: number;
  /** Responses in the subtree. */
  readonly n: number | null;
  /** Promoters in the subtree. */
  readonly promoters: number | null;
  /** Passives in the subtree. */
  readonly passives: number | null;
  /** Detractors in the subtree. */
  readonly detractors: number | null;
  /** NPS of the pooled subtree. */
  readonly nps: number | null;
  /** Lower confidence limit. */
  readonly low: number | null;
  /** Upper confidence limit. */
  readonly high: number | null;
  /** Whether the figures are withheld (small sample or complementary suppression). */
  readonly suppressed: boolean;
  /** NPS minus the parent's NPS, in NPS points (`vsParent` of {@link RollupNode}); `null` for roots, withheld or empty rows. */
  readonly vsParent: number | null;
  /** Lower confidence limit of `vsParent`. */
  readonly vsParentLow: number | null;
  /** Upper confidence limit of `vsParent`. */
  readonly vsParentHigh: number | null;
  /** Two-sided p-value of "no difference from the parent". */
  readonly pValue: number | null;
  /** Benjamini–Hochberg q-value of `pValue` across the compared nodes of the same depth. */
  readonly qValue: number | null;
  /** Empirical-Bayes estimate toward the parent ({@link shrinkage}); `null` for roots and withheld rows. */
  readonly shrunk: number | null;
  /** Rank by `shrunk` among the visible units of the same level (1 = best); `null` when `shrunk` is. */
  readonly rank: number | null;
}

const tableSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<RollupTableOptions>()(z.strictObject({ separator: z.optional(z.string()) })),
);

/**
 * A report-ready flat table of a rollup, one row per node in hierarchy order (parents before
 * children): node, path, level, counts, NPS with interval, suppression, the difference from the
 * parent with its interval, p- and q-value (`vsParent` of {@link rollup}), the shrunk estimate and
 * its rank within the level. Every value is a string, number, boolean or `null`, ready for
 * dashboards, CSV and spreadsheet exports.
 *
 * @param result - A {@link RollupResult}.
 * @param options - `separator` of the path (default `' / '`).
 * @returns One {@link RollupTableRow} per node.
 * @throws {@link NpsInputError} `invalid_input` for something that is not a rollup result;
 *   `invalid_option`.
 * @example
 * ```ts
 * const h = buildHierarchy([{ id: 'all', parentId: null }, { id: 's1', parentId: 'all' }]);
 * const t = rollupTable(rollup(h, [{ nodeId: 's1', score: 10 }, { nodeId: 's1', score: 3 }]));
 * t.map((row) => [row.path, row.n, row.nps]); //=> [['all', 2, 0], ['all / s1', 2, 0]]
 * ```
 */
export function rollupTable(result: RollupResult, options?: RollupTableOptions): RollupTableRow[] {
  const fn = 'rollupTable';
  parseWith(tableSchema(), options ?? {}, fn, 'options');
  const nodes = rollupNodes(fn, result);
  const sep = options?.separator ?? ' / ';
  const shrunk = new Map<string, number>();
  const ranks = new Map<string, number>();
  // Every level in one pass (a level at a time would be O(nodes × depth) on a deep hierarchy).
  for (const level of shrinkLevels(result).values()) {
    const units = [...level.units].sort((a, b) => b.shrunk - a.shrunk);
    units.forEach((u, i) => {
      shrunk.set(u.id, u.shrunk);
      const prev = units[i - 1];
      ranks.set(u.id, prev?.shrunk === u.shrunk ? (ranks.get(prev.id) ?? i + 1) : i + 1);
    });
  }
  // Each path extends its parent's (parents come first), so V8 shares the prefix instead of
  // copying it: O(nodes) memory for the table even on a chain, until a caller flattens them.
  const paths = new Map<string, string>();
  for (const n of nodes) {
    const up = n.parentId === null ? undefined : paths.get(n.parentId);
    paths.set(n.id, up === undefined ? n.id : up + sep + n.id);
  }
  return nodes.map((n) => ({
    node: n.id,
    path: paths.get(n.id) ?? n.id,
    level: n.level,
    depth: n.depth,
    n: n.total?.n ?? null,
    promoters: n.total?.promoters ?? null,
    passives: n.total?.passives ?? null,
    detractors: n.total?.detractors ?? null,
    nps: n.nps,
    low: n.low,
    high: n.high,
    suppressed: n.suppressed,
    vsParent: n.vsParent?.difference ?? null,
    vsParentLow: n.vsParent?.low ?? null,
    vsParentHigh: n.vsParent?.high ?? null,
    pValue: n.vsParent?.pValue ?? null,
    qValue: n.vsParent?.qValue ?? null,
    shrunk: shrunk.get(n.id) ?? null,
    rank: ranks.get(n.id) ?? null,
  }));
}
