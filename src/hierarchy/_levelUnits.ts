/**
 * Private helpers shared by the functions that read a rollup result (funnel, shrinkage, rank,
 * contributions, varianceComponents, rollupTable, compareToParent): check the argument is a
 * rollup result, and resolve a level name or depth.
 * @internal
 */
import { describe } from '../_lib/describe.ts';
import { NpsInputError } from '../errors.ts';
import type { RollupNode, RollupResult } from './rollup.ts';

/** @internal The nodes of a rollup result, or `invalid_input` when it is not one. */
export function rollupNodes(fn: string, result: RollupResult): readonly RollupNode[] {
  if (
    typeof result !== 'object' ||
    (result as unknown) === null ||
    !Array.isArray((result as { nodes?: unknown }).nodes) ||
    !(result as unknown as { nodes: unknown[] }).nodes.every(
      (n) => typeof n === 'object' && n !== null && typeof (n as { id?: unknown }).id === 'string',
    )
  ) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: result must be the result of rollup(), received ${describe(result)}`,
      received: result,
    });
  }
  return result.nodes;
}

/** @internal The deepest depth of a rollup's nodes. */
export function maxDepth(nodes: readonly RollupNode[]): number {
  let max = 0;
  for (const n of nodes) if (n.depth > max) max = n.depth;
  return max;
}

/**
 * @internal The depth of a level given by name or depth (default: the deepest), or
 * `invalid_level`. Also checks that `result` is a rollup result.
 */
export function levelDepth(
  fn: string,
  result: RollupResult,
  level: string | number | undefined,
): number {
  const nodes = rollupNodes(fn, result);
  const levels = Array.isArray(result.levels) ? result.levels : [];
  return resolveLevel(fn, levels, maxDepth(nodes), level);
}

/** @internal The depth of a level name or depth among `levels` (0..max), or `invalid_level`. */
export function resolveLevel(
  fn: string,
  levels: readonly (string | null)[],
  max: number,
  level: string | number | undefined,
): number {
  if (level === undefined) return max;
  if (typeof level === 'number') {
    if (!(level >= 0 && level <= max)) {
      throw new NpsInputError({
        code: 'invalid_level',
        message: `${fn}: level must be a depth from 0 to ${String(max)}, received ${describe(level)}`,
        path: ['level'],
        received: level,
      });
    }
    return level;
  }
  const d = levels.indexOf(level);
  if (d < 0) {
    throw new NpsInputError({
      code: 'invalid_level',
      message: `${fn}: level must be one of ${levels.map((l) => JSON.stringify(l)).join(', ')}, received ${describe(level)}`,
      path: ['level'],
      received: level,
    });
  }
  return d;
}
