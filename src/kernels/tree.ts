/**
 * @internal The compiled form of a hierarchy, the kernel every placement and pooling reads:
 * node ids and their index, level and name per node, and one {@link Epoch} (structure) per
 * interval between validity boundaries (one for an undated hierarchy), each with its parent
 * array and a parents-before-children order, built lazily on first use by `buildHierarchy`.
 *
 * Contract: `ids[i]` ↔ index `i` (order of first appearance), `indexOf` its inverse;
 * `epochs[k]` covers `[from, to)` in epoch ms, `starts` holds every epoch's `from` (sorted) for
 * {@link epochAt}; per epoch `active[x]` is 1 when node x exists, `parent[x]` is −1 for roots
 * and inactive nodes, `depth[x]` is 0 for roots and −1 inactive, `order` lists the active nodes
 * parents first. Everything is immutable once built.
 */
import { NpsInputError } from '../errors.ts';
import type { Hierarchy } from '../types.ts';
import { describe } from './describe.ts';

/** @internal One structure, valid on `[from, to)`. */
export interface Epoch {
  readonly from: number;
  readonly to: number;
  readonly active: Uint8Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly order: Int32Array;
}

/** @internal The compiled form (see the contract at the top of this file). */
export interface CompiledHierarchy {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly level: readonly (string | null)[];
  readonly name: readonly (string | null)[];
  readonly epochs: readonly Epoch[];
  readonly starts: Float64Array;
  readonly levels: readonly (string | null)[];
}

/** @internal The key under which a built hierarchy carries its compiled form. */
export const COMPILED: unique symbol = Symbol('npskit.compiledHierarchy');

/** @internal A hierarchy with its compiled form. */
export type Branded = Hierarchy & { readonly [COMPILED]: CompiledHierarchy };

/** @internal The compiled form of a hierarchy, or an error when `h` is not one. */
export function compiledOf(fn: string, h: unknown): CompiledHierarchy {
  const c =
    typeof h === 'object' && h !== null ? (h as Partial<Branded>)[COMPILED] : (undefined as never);
  if (c === undefined) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: hierarchy must be built with buildHierarchy(), received ${describe(h)}`,
      received: h,
    });
  }
  return c;
}

/** @internal Index of the epoch containing instant `t` (epoch ms). */
export function epochAt(c: CompiledHierarchy, t: number): number {
  const s = c.starts;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s[mid] ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** @internal Epoch `k` (always exists for indexes from {@link epochAt}). */
export function epochOfIndex(c: CompiledHierarchy, k: number): Epoch {
  const ep = c.epochs[k];
  if (ep === undefined) throw new RangeError(`npskit internal: no epoch ${String(k)}`);
  return ep;
}

export type { Hierarchy } from '../types.ts';
