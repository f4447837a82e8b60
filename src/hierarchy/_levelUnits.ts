/**
 * Private helpers shared by the functions that read a rollup result (funnel, shrinkage, rank,
 * contributions, varianceComponents, rollupTable, compareToParent): check the argument is a
 * rollup result, and resolve a level name or depth.
 * @internal
 */

import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import type { RollupNode, RollupResult } from './rollup.ts';

/** @internal The nodes of a rollup result, or `invalid_input` when it is not one. */
export function rollupNodes(fn: string, result: RollupResult): readonly RollupNode[] {
  if (
    typeof result !== 'object' ||
    (result as unknown) === null ||
    !Array.isArray((result as { nodes?: unknown }).nodes) ||
    !Array.isArray((result as { levels?: unknown }).levels) ||
    !(result as unknown as { nodes: unknown[] }).nodes.every(isRollupNode)
  ) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: result must be the result of rollup(), received ${describe(result)}`,
      received: result,
    });
  }
  return result.nodes;
}

const count = (x: unknown): boolean => typeof x === 'number' && x >= 0 && Number.isFinite(x);

/** A tally as rollup writes it, or null (suppressed or absent). */
function isTallyOrNull(t: unknown): boolean {
  if (t === null) return true;
  if (typeof t !== 'object') return false;
  const { promoters, passives, detractors, n } = t as Record<string, unknown>;
  return count(promoters) && count(passives) && count(detractors) && count(n);
}

/** The fields of a rollup node that the readers of a result use, checked. */
function isRollupNode(n: unknown, _: number, all: readonly unknown[]): boolean {
  if (typeof n !== 'object' || n === null) return false;
  const r = n as Record<string, unknown>;
  const nps = r.nps;
  return (
    typeof r.id === 'string' &&
    // A depth is a whole number below the node count (a forged Infinity would loop forever).
    Number.isInteger(r.depth) &&
    (r.depth as number) >= 0 &&
    (r.depth as number) < all.length &&
    (nps === null || (typeof nps === 'number' && nps >= -100 && nps <= 100)) &&
    isTallyOrNull(r.own) &&
    isTallyOrNull(r.total)
  );
}

/** The deepest depth of a rollup's nodes. */
function maxDepth(nodes: readonly RollupNode[]): number {
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
  path: readonly (string | number)[] = ['level'],
): number {
  if (level === undefined) return max;
  const where = path.join('.');
  if (typeof level === 'number') {
    if (!(level >= 0 && level <= max)) {
      throw new NpsInputError({
        code: 'invalid_level',
        message: `${fn}: ${where} must be a depth from 0 to ${String(max)}, received ${describe(level)}`,
        path: [...path],
        received: level,
      });
    }
    return level;
  }
  const d = levels.indexOf(level);
  if (d < 0) {
    throw new NpsInputError({
      code: 'invalid_level',
      message: `${fn}: ${where} must be one of ${levels.map((l) => JSON.stringify(l)).join(', ')}, received ${describe(level)}`,
      path: [...path],
      received: level,
    });
  }
  return d;
}
