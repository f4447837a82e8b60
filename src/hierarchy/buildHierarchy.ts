/**
 * Organisation hierarchies (store → region → division → head office), possibly dated.
 *
 * INTERNAL CONTRACT (relied on by src/hierarchy/rollup.ts and src/trend/trendByNode; keep stable).
 * `compiledOf(hierarchy)` returns a {@link CompiledHierarchy}:
 * - `ids: string[]` distinct node ids; node index `i` ↔ `ids[i]`; `indexOf: Map<string, number>`.
 *   Index order = order of first appearance in the definition.
 * - `level: (string | null)[]`, `name: (string | null)[]` per node index (from its latest entry).
 * - `epochs: Epoch[]`, at least one. An undated hierarchy has exactly one epoch covering all time.
 *   A dated hierarchy has one epoch per interval between consecutive validity boundaries;
 *   `epochs[k]` covers `[from, to)` in epoch ms (`from = -Infinity` for the first, `to = Infinity`
 *   for the last). `starts: Float64Array` holds every epoch's `from` (sorted) for binary search:
 *   use {@link epochAt}.
 * - Per epoch: `active: Uint8Array` (1 if the node exists in that epoch), `parent: Int32Array`
 *   (−1 for roots and inactive nodes), `depth: Int32Array` (0 for roots, −1 inactive), and
 *   `order: Int32Array` listing the active nodes with parents before children. Pooling a subtree
 *   total is one reverse pass: `for k from order.length−1 down to 0: i = order[k];
 *   if (parent[i] ≥ 0) total[parent[i]] += total[i]`.
 *   A dated epoch's arrays are built on first read and kept (every epoch is validated up front,
 *   in one sweep that costs O(changes) at a boundary where only leaves open or close), so
 *   20,000 distinct validFrom dates are not 20,000 × nodes of arrays until something reads them.
 * Everything is immutable once built.
 */

import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { toEpoch } from '../kernels/responses.ts';
import {
  type Branded,
  COMPILED,
  type CompiledHierarchy,
  type Epoch,
  epochAt,
  epochOfIndex,
} from '../kernels/tree.ts';
import { checkPrototype } from '../kernels/validate.ts';
import type { AsOfOptions, Hierarchy } from '../types.ts';

/** One node of a hierarchy definition. */
export interface HierarchyNodeInput {
  /** The node's id: any non-empty string (`'__proto__'` and `'constructor'` are fine). */
  readonly id: string;
  /** The parent's id, or `null` for a root. */
  readonly parentId: string | null;
  /** The level's name, e.g. `'store'` or `'region'`; every node at one depth must share it. */
  readonly level?: string | undefined;
  /** A display name. */
  readonly name?: string | undefined;
  /** Start of validity (inclusive), `Date` or epoch ms; default: always. */
  readonly validFrom?: Date | number | undefined;
  /** End of validity (exclusive), `Date` or epoch ms; default: forever. */
  readonly validTo?: Date | number | undefined;
}

/** Options of {@link buildHierarchy}. */
export interface BuildHierarchyOptions {
  /** Allow several roots (a forest). Default `false`: exactly one root at every date. */
  readonly forest?: boolean | undefined;
}

export type { AsOfOptions, Hierarchy } from '../types.ts';

/** The keys of {@link BuildHierarchyOptions} (an exhaustive record, so tsc catches a new key). */
const FOREST_KEYS: Readonly<Record<keyof BuildHierarchyOptions, true>> = { forest: true };
/** The keys of {@link AsOfOptions}. */
const AS_OF_KEYS: Readonly<Record<keyof AsOfOptions, true>> = { asOf: true };

/** Throw `invalid_option` naming the first own key of `options` that is not in `known` (a misspelt option). */
function unknownKeys(fn: string, options: object, known: Readonly<Record<string, true>>): void {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(known, key)) {
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options must be an object without the unknown key ${JSON.stringify(key)}, received ${describe(options)}`,
        path: [],
        received: options,
      });
    }
  }
}

function err(
  code:
    | 'invalid_id'
    | 'duplicate_id'
    | 'unknown_parent'
    | 'cycle'
    | 'multiple_roots'
    | 'invalid_level'
    | 'invalid_date'
    | 'invalid_input'
    | 'empty',
  message: string,
  received: unknown,
  index?: number,
): NpsInputError {
  return new NpsInputError({
    code,
    message: `buildHierarchy: ${message}`,
    received,
    ...(index === undefined ? {} : { index, path: [index] }),
  });
}

const show = (ids: readonly string[]): string =>
  ids
    .slice(0, 5)
    .map((x) => JSON.stringify(x))
    .join(', ') + (ids.length > 5 ? ` and ${String(ids.length - 5)} more` : '');

const isoOf = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

/** The entries of a definition, copied into typed arrays (entry `e` = `nodes[e]`). */
interface EntryTable {
  readonly ids: readonly string[];
  /** The node index of each entry. */
  readonly entryNode: Int32Array;
  /** The parent's node index of each entry: −1 for a root, −2 for an id that is no node. */
  readonly entryParent: Int32Array;
  readonly from: Float64Array;
  readonly to: Float64Array;
  /** Every structure's start, sorted; `starts[0] = −Infinity`. */
  readonly starts: Float64Array;
}

/** What the messages of a failed check need (only while building). */
interface Messages {
  readonly forest: boolean;
  readonly dated: boolean;
  readonly parentIds: readonly (string | null)[];
}

/** One structure's arrays (see {@link Epoch}) and which entry defines each active node. */
interface Built {
  readonly active: Uint8Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly order: Int32Array;
  readonly entryOf: Int32Array;
}

/** A structure whose arrays are built on first use and kept. */
class LazyEpoch implements Epoch {
  readonly from: number;
  readonly to: number;
  private built: Built | undefined;
  private readonly make: () => Built;
  constructor(from: number, to: number, make: () => Built, built: Built | undefined) {
    this.from = from;
    this.to = to;
    this.make = make;
    this.built = built;
  }
  private arrays(): Built {
    this.built ??= this.make();
    return this.built;
  }
  get active(): Uint8Array {
    return this.arrays().active;
  }
  get parent(): Int32Array {
    return this.arrays().parent;
  }
  get depth(): Int32Array {
    return this.arrays().depth;
  }
  get order(): Int32Array {
    return this.arrays().order;
  }
}

/** Entries grouped by the structure index where `at[e]` falls (counting sort): `list[start[k]..start[k+1])`. */
function bucket(
  at: Float64Array,
  count: number,
  starts: Float64Array,
): { start: Int32Array; list: Int32Array } {
  const indexOf = new Map<number, number>();
  for (let k = 1; k < count; k++) indexOf.set(starts[k] ?? 0, k);
  // −Infinity falls in structure 0 and +Infinity in none (index `count`).
  const where = (t: number): number => (t === -Infinity ? 0 : (indexOf.get(t) ?? count));
  const start = new Int32Array(count + 2);
  for (const t of at) {
    const k = where(t);
    start[k + 1] = (start[k + 1] ?? 0) + 1;
  }
  for (let k = 0; k <= count; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, count + 1);
  const list = new Int32Array(at.length);
  for (let e = 0; e < at.length; e++) {
    const k = where(at[e] ?? 0);
    const slot = fill[k] ?? 0;
    list[slot] = e;
    fill[k] = slot + 1;
  }
  return { start, list };
}

/**
 * Structure `k` in full: O(entries + nodes). With `messages` (while building) it throws what is
 * wrong with it (every structure was checked so, so afterwards it cannot fail). Iterative: a chain
 * of any depth is fine.
 */
function compileEpoch(t: EntryTable, k: number, messages: Messages | null): Built {
  const { ids } = t;
  const lo = t.starts[k] ?? -Infinity;
  const hi = k + 1 < t.starts.length ? (t.starts[k + 1] ?? Infinity) : Infinity;
  const dated = messages?.dated ?? true;
  const size = ids.length;
  const active = new Uint8Array(size);
  const parent = new Int32Array(size).fill(-1);
  const entryOf = new Int32Array(size).fill(-1);
  for (let e = 0; e < t.entryNode.length; e++) {
    if ((t.from[e] ?? 0) <= lo && (t.to[e] ?? 0) >= hi) {
      const x = t.entryNode[e] ?? 0;
      if (active[x] === 1) {
        throw err(
          'duplicate_id',
          `node id ${JSON.stringify(ids[x])} is defined twice${dated ? ` for the same date (${isoOf(lo)})` : ''} (indexes ${String(entryOf[x])} and ${String(e)})`,
          ids[x],
          e,
        );
      }
      active[x] = 1;
      entryOf[x] = e;
    }
  }
  const roots: number[] = [];
  const childStart = new Int32Array(size + 1);
  for (let x = 0; x < size; x++) {
    if (active[x] !== 1) continue;
    const e = entryOf[x] ?? 0;
    const px = t.entryParent[e] ?? -1;
    if (px === -1) {
      roots.push(x);
      continue;
    }
    if (px < 0 || active[px] !== 1) {
      const parentId = messages?.parentIds[e] ?? null;
      throw err(
        'unknown_parent',
        px < 0
          ? `node ${JSON.stringify(ids[x])} has parent ${JSON.stringify(parentId)}, which is not a node`
          : `node ${JSON.stringify(ids[x])} has parent ${JSON.stringify(parentId)}, which does not exist on ${isoOf(lo)}`,
        parentId,
        e,
      );
    }
    parent[x] = px;
    childStart[px + 1] = (childStart[px + 1] ?? 0) + 1;
  }
  if (roots.length > 1 && messages !== null && !messages.forest) {
    throw err(
      'multiple_roots',
      `a hierarchy must have one root (pass { forest: true } to allow several), found ${String(roots.length)}: ${show(roots.map((r) => ids[r] ?? ''))}`,
      roots.map((r) => ids[r]),
    );
  }
  for (let x = 0; x < size; x++)
    childStart[x + 1] = (childStart[x + 1] ?? 0) + (childStart[x] ?? 0);
  const fill = childStart.slice(0, size);
  const kids = new Int32Array(childStart[size] ?? 0);
  for (let x = 0; x < size; x++) {
    const px = parent[x] ?? -1;
    if (px >= 0) {
      const slot = fill[px] ?? 0;
      kids[slot] = x;
      fill[px] = slot + 1;
    }
  }
  const depth = new Int32Array(size).fill(-1);
  const order = new Int32Array(size);
  let length = 0;
  for (const r of roots) {
    depth[r] = 0;
    order[length++] = r;
  }
  // Breadth-first over the queue `order[0..length)`, which grows as children are appended.
  for (let q = 0; q < length; q++) {
    const x = order[q] ?? 0;
    for (let s = childStart[x] ?? 0; s < (childStart[x + 1] ?? 0); s++) {
      const c = kids[s] ?? 0;
      depth[c] = (depth[x] ?? 0) + 1;
      order[length++] = c;
    }
  }
  let activeCount = 0;
  for (let x = 0; x < size; x++) activeCount += active[x] ?? 0;
  if (length < activeCount) {
    const inCycle: string[] = [];
    for (let x = 0; x < size; x++)
      if (active[x] === 1 && depth[x] === -1) inCycle.push(ids[x] ?? '');
    throw err(
      'cycle',
      `parent links form a cycle${dated ? ` on ${isoOf(lo)}` : ''} through ${show(inCycle)}${roots.length === 0 ? ', and no node is a root (parentId null)' : ''}`,
      inCycle,
    );
  }
  return { active, parent, depth, order: order.slice(0, length), entryOf };
}

/**
 * Build and validate a hierarchy of units (stores, regions, divisions…) for {@link rollup}.
 *
 * Nodes may carry validity intervals `[validFrom, validTo)`: a store moving to another region on
 * a date is two entries with the same id, different parents and adjoining intervals. The
 * structure is then compiled into one snapshot per interval between changes, and every
 * snapshot is validated on its own (one entry per id, known parents valid at the same time, no
 * cycles, one root unless `forest`). A hierarchy has at least one node, so some snapshot has a
 * root; a dated one may still be empty at some dates (before every node's `validFrom`, or from
 * the last `validTo` on): `roots({ asOf })` at such a date is `[]`.
 *
 * @param nodes - `{ id, parentId | null, level?, name?, validFrom?, validTo? }[]`, not empty.
 * @param options - `forest: true` to allow several roots.
 * @returns A {@link Hierarchy} with O(1) accessors.
 * @throws {@link NpsInputError} `empty` when `nodes` is an empty array (a hierarchy needs a
 *   root); naming the offending ids: `invalid_id` (empty or non-string id), `duplicate_id` (an
 *   id twice at the same date), `unknown_parent` (a parent that does not exist while its child
 *   does), `cycle` (also when every node has a parent, so none is a root), `multiple_roots`,
 *   `invalid_level` (a level name used at two depths, or two names at one depth),
 *   `invalid_date` (bad or empty validity interval, or a Proxy posing as a Date);
 *   `invalid_option` when `Object.prototype` carries an enumerable property (which every node
 *   and options object would inherit).
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, level: 'company' },
 *   { id: 'north', parentId: 'all', level: 'region' },
 *   { id: 's1', parentId: 'north', level: 'store' },
 *   { id: 's2', parentId: 'north', level: 'store' },
 * ]);
 * h.children('north'); //=> ['s1', 's2']
 * h.path('s2'); //=> ['all', 'north', 's2']
 * h.levels; //=> ['company', 'region', 'store']
 * ```
 */
export function buildHierarchy(
  nodes: readonly HierarchyNodeInput[],
  options?: BuildHierarchyOptions,
): Hierarchy {
  // Every node object would inherit a polluted key (a `validFrom` or `level` for all of them).
  checkPrototype('buildHierarchy');
  if (!Array.isArray(nodes)) {
    throw err(
      'invalid_input',
      `nodes must be an array of { id, parentId }, received ${describe(nodes)}`,
      nodes,
    );
  }
  if (
    options !== undefined &&
    (typeof options !== 'object' ||
      (options as unknown) === null ||
      (options.forest !== undefined && typeof options.forest !== 'boolean'))
  ) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `buildHierarchy: options.forest must be a boolean, received ${describe((options as { forest?: unknown } | null)?.forest ?? options)}`,
      path: ['forest'],
      received: options,
    });
  }
  if (options !== undefined) unknownKeys('buildHierarchy', options, FOREST_KEYS);
  // No nodes would be a hierarchy without a root, which every reader then has to special-case.
  // (With nodes, some structure always has a root: each entry is active in some snapshot, and a
  // snapshot whose nodes all have parents fails below as `cycle` or `unknown_parent`.)
  if (nodes.length === 0) {
    throw err(
      'empty',
      'nodes must contain at least one node (a root has parentId null), received an empty array',
      nodes,
    );
  }
  const forest = options?.forest === true;
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const entryNode: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const level: (string | null)[] = [];
  const name: (string | null)[] = [];
  let dated = false;
  const list = nodes as readonly unknown[];
  for (let e = 0; e < list.length; e++) {
    const n = list[e] as HierarchyNodeInput | null | undefined;
    if (typeof n !== 'object' || n === null) {
      throw err(
        'invalid_input',
        `node at index ${String(e)} must be an object { id, parentId }, received ${describe(n)}`,
        n,
        e,
      );
    }
    const id = n.id as unknown;
    if (typeof id !== 'string' || id === '') {
      throw err(
        'invalid_id',
        `node id at index ${String(e)} must be a non-empty string, received ${describe(id)}`,
        id,
        e,
      );
    }
    const p = n.parentId as unknown;
    if (p !== null && (typeof p !== 'string' || p === '')) {
      throw err(
        'invalid_id',
        `parentId of node ${JSON.stringify(id)} (index ${String(e)}) must be a non-empty string or null, received ${describe(p)}`,
        p,
        e,
      );
    }
    for (const key of ['level', 'name'] as const) {
      const v = n[key] as unknown;
      if (v !== undefined && typeof v !== 'string') {
        throw err(
          'invalid_input',
          `${key} of node ${JSON.stringify(id)} must be a string, received ${describe(v)}`,
          v,
          e,
        );
      }
    }
    const f = n.validFrom === undefined ? -Infinity : toEpoch(n.validFrom);
    const t = n.validTo === undefined ? Infinity : toEpoch(n.validTo);
    if (f !== f || t !== t || !(f < t)) {
      throw err(
        'invalid_date',
        `validity of node ${JSON.stringify(id)} (index ${String(e)}) must be valid dates with validFrom < validTo, received ${describe(n.validFrom)} to ${describe(n.validTo)}`,
        n,
        e,
      );
    }
    if (n.validFrom !== undefined || n.validTo !== undefined) dated = true;
    let x = indexOf.get(id);
    if (x === undefined) {
      x = ids.length;
      ids.push(id);
      indexOf.set(id, x);
      level.push(null);
      name.push(null);
    }
    entryNode.push(x);
    from.push(f);
    to.push(t);
    if (n.level !== undefined) level[x] = n.level;
    if (n.name !== undefined) name[x] = n.name;
  }
  // Level names must be consistent per id across entries.
  for (let e = 0; e < list.length; e++) {
    const n = list[e] as HierarchyNodeInput;
    const x = entryNode[e] ?? 0;
    if (n.level !== undefined && n.level !== level[x]) {
      throw err(
        'invalid_level',
        `node ${JSON.stringify(n.id)} has two level names, ${JSON.stringify(n.level)} and ${JSON.stringify(level[x])}`,
        n.level,
        e,
      );
    }
  }
  // Each entry's parent as a node index: −1 for a root, −2 for an id that is no node. Copied, so
  // that a structure built later (lazily) never reads the caller's objects again.
  const entryParent = new Int32Array(list.length);
  const parentIds: (string | null)[] = [];
  for (let e = 0; e < list.length; e++) {
    const p = (list[e] as HierarchyNodeInput).parentId;
    parentIds.push(p);
    entryParent[e] = p === null ? -1 : (indexOf.get(p) ?? -2);
  }
  const bounds = new Set<number>();
  for (let e = 0; e < from.length; e++) {
    const f = from[e] ?? 0;
    const t = to[e] ?? 0;
    if (Number.isFinite(f)) bounds.add(f);
    if (Number.isFinite(t)) bounds.add(t);
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  const starts = [-Infinity, ...cuts];
  const table: EntryTable = {
    ids,
    entryNode: Int32Array.from(entryNode),
    entryParent,
    from: Float64Array.from(from),
    to: Float64Array.from(to),
    starts: Float64Array.from(starts),
  };
  const messages: Messages = { forest, dated, parentIds };
  const depthLevel = new Map<number, string>();
  const levelDepth = new Map<string, number>();
  let journal: (readonly [number, string])[] = [];
  /** Check the level names of `nodes` at their depths against every structure checked so far. */
  const checkLevels = (nodes: Iterable<number>, depth: Int32Array, throwing: boolean): boolean => {
    for (const x of nodes) {
      const lv = level[x];
      const d = depth[x] ?? 0;
      if (lv === null || lv === undefined) continue;
      const atDepth = depthLevel.get(d);
      const ofLevel = levelDepth.get(lv);
      if ((atDepth !== undefined && atDepth !== lv) || (ofLevel !== undefined && ofLevel !== d)) {
        if (throwing) {
          throw err(
            'invalid_level',
            atDepth !== undefined && atDepth !== lv
              ? `nodes at depth ${String(d)} have different level names: ${JSON.stringify(atDepth)} and ${JSON.stringify(lv)} (node ${JSON.stringify(ids[x])})`
              : `level ${JSON.stringify(lv)} is used at depths ${String(ofLevel)} and ${String(d)} (node ${JSON.stringify(ids[x])})`,
            ids[x],
          );
        }
        return false;
      }
      if (atDepth === undefined) {
        depthLevel.set(d, lv);
        levelDepth.set(lv, d);
        journal.push([d, lv]);
      }
    }
    return true;
  };
  // Validate every structure in one sweep over the boundaries, carrying the current structure
  // from one to the next: a boundary where only leaves open or close (stores opening one by one)
  // costs O(changes), so 20,000 entries with their own validFrom are not 20,000 full passes. Any
  // other boundary (a region moving with its stores, or anything wrong) compiles that structure in
  // full, with the messages of the full check. Structures are built on first use (LazyEpoch).
  const size = ids.length;
  const count = starts.length;
  const begins = bucket(table.from, count, table.starts);
  const ends = bucket(table.to, count, table.starts);
  const entryOf = new Int32Array(size).fill(-1);
  const childCount = new Int32Array(size);
  const depth = new Int32Array(size).fill(-1);
  let rootCount = 0;
  const epochs: Epoch[] = [];
  for (let k = 0; k < count; k++) {
    const lo = starts[k] ?? -Infinity;
    const hi = k + 1 < count ? (starts[k + 1] ?? Infinity) : Infinity;
    let fast = k > 0;
    let built: Built | undefined;
    const opened: number[] = [];
    const closed: number[] = [];
    if (fast) {
      for (let s = ends.start[k] ?? 0; s < (ends.start[k + 1] ?? 0); s++) {
        const e = ends.list[s] ?? 0;
        const x = table.entryNode[e] ?? 0;
        entryOf[x] = -1;
        const p = entryParent[e] ?? -1;
        if (p >= 0) childCount[p] = (childCount[p] ?? 0) - 1;
        else rootCount--;
        closed.push(x);
      }
      for (let s = begins.start[k] ?? 0; s < (begins.start[k + 1] ?? 0); s++) {
        const e = begins.list[s] ?? 0;
        const x = table.entryNode[e] ?? 0;
        const p = entryParent[e] ?? -1;
        if (entryOf[x] !== -1 || p === -2) fast = false;
        entryOf[x] = e;
        if (p >= 0) childCount[p] = (childCount[p] ?? 0) + 1;
        else if (p === -1) rootCount++;
        opened.push(x);
      }
      // Only childless nodes may open or close here; a parent must exist while its child does.
      for (const x of closed) if ((childCount[x] ?? 0) > 0) fast = false;
      for (const x of opened) {
        const p = entryParent[entryOf[x] ?? 0] ?? -1;
        if ((childCount[x] ?? 0) > 0 || (p >= 0 && entryOf[p] === -1)) fast = false;
      }
      if (rootCount > 1 && !forest) fast = false;
      if (fast) {
        for (const x of closed) depth[x] = -1;
        for (const x of opened) {
          const p = entryParent[entryOf[x] ?? 0] ?? -1;
          depth[x] = p < 0 ? 0 : (depth[p] ?? 0) + 1;
        }
        journal = [];
        if (!checkLevels(opened, depth, false)) {
          for (const [d, lv] of journal) {
            depthLevel.delete(d);
            levelDepth.delete(lv);
          }
          fast = false;
        }
      }
    }
    if (!fast) {
      // The full check of this structure, which throws what is wrong with it.
      built = compileEpoch(table, k, messages);
      journal = [];
      checkLevels(built.order, built.depth, true);
      entryOf.set(built.entryOf);
      depth.set(built.depth);
      childCount.fill(0);
      rootCount = 0;
      for (const x of built.order) {
        const p = built.parent[x] ?? -1;
        if (p >= 0) childCount[p] = (childCount[p] ?? 0) + 1;
        else rootCount++;
      }
    }
    // (an undated hierarchy keeps its one structure, which every call reads)
    epochs.push(
      new LazyEpoch(lo, hi, () => compileEpoch(table, k, null), count === 1 ? built : undefined),
    );
  }
  let maxDepth = -1;
  for (const d of depthLevel.keys()) maxDepth = Math.max(maxDepth, d);
  const levels: (string | null)[] = [];
  for (let d = 0; d <= maxDepth; d++) levels.push(depthLevel.get(d) ?? null);
  const compiled: CompiledHierarchy = {
    ids,
    indexOf,
    level,
    name,
    epochs,
    starts: table.starts,
    levels,
  };
  return makeHierarchy(compiled, dated);
}

function makeHierarchy(c: CompiledHierarchy, dated: boolean): Hierarchy {
  const epochOf = (o?: AsOfOptions): Epoch => {
    if (typeof o === 'object' && (o as unknown) !== null) unknownKeys('hierarchy', o, AS_OF_KEYS);
    if (o?.asOf === undefined) return epochOfIndex(c, c.epochs.length - 1);
    const t = toEpoch(o.asOf);
    if (t !== t) {
      throw new NpsInputError({
        code: 'invalid_date',
        message: `hierarchy: asOf must be a valid Date or epoch milliseconds, received ${describe(o.asOf)}`,
        path: ['asOf'],
        received: o.asOf,
      });
    }
    return epochOfIndex(c, epochAt(c, t));
  };
  const idx = (id: string, ep?: Epoch): number => {
    const x = c.indexOf.get(id);
    if (x === undefined || (ep !== undefined && ep.active[x] !== 1)) {
      throw new NpsInputError({
        code: 'unknown_node',
        message: `hierarchy: node ${describe(id)} ${x === undefined ? 'is not in the hierarchy' : 'does not exist at that date'}`,
        received: id,
      });
    }
    return x;
  };
  const childrenOf = (ep: Epoch): Int32Array[] => {
    // Built lazily per call: children lists are linear in the output anyway.
    const counts = new Int32Array(c.ids.length);
    for (const x of ep.order) {
      const p = ep.parent[x] ?? -1;
      if (p >= 0) counts[p] = (counts[p] ?? 0) + 1;
    }
    const lists = Array.from(counts, (k) => new Int32Array(k));
    const fill = new Int32Array(c.ids.length);
    for (let x = 0; x < c.ids.length; x++) {
      const p = ep.parent[x] ?? -1;
      if (p >= 0 && ep.active[x] === 1) {
        const list = lists[p] as Int32Array;
        list[fill[p] ?? 0] = x;
        fill[p] = (fill[p] ?? 0) + 1;
      }
    }
    return lists;
  };
  const cache = new WeakMap<Epoch, Int32Array[]>();
  const kidsOf = (ep: Epoch): Int32Array[] => {
    let k = cache.get(ep);
    if (k === undefined) {
      k = childrenOf(ep);
      cache.set(ep, k);
    }
    return k;
  };
  const name = (x: number): string => c.ids[x] ?? '';
  const descendantsOf = (ep: Epoch, x: number): number[] => {
    const kids = kidsOf(ep);
    const out: number[] = [];
    const stack = [x];
    // Breadth-first keeps parents before children.
    for (const y of stack) {
      for (const k of kids[y] ?? []) {
        stack.push(k);
        out.push(k);
      }
    }
    return out;
  };
  const h: Branded = {
    kind: 'npskit.hierarchy',
    ids: c.ids,
    levels: c.levels,
    dated,
    [COMPILED]: c,
    has: (id) => c.indexOf.has(id),
    roots: (o) => {
      const ep = epochOf(o);
      return [...ep.order].filter((x) => ep.parent[x] === -1).map(name);
    },
    parent: (id, o) => {
      const ep = epochOf(o);
      const p = ep.parent[idx(id, ep)] ?? -1;
      return p < 0 ? null : name(p);
    },
    children: (id, o) => {
      const ep = epochOf(o);
      return [...(kidsOf(ep)[idx(id, ep)] ?? [])].map(name);
    },
    ancestors: (id, o) => {
      const ep = epochOf(o);
      const out: string[] = [];
      for (let p = ep.parent[idx(id, ep)] ?? -1; p >= 0; p = ep.parent[p] ?? -1) out.push(name(p));
      return out;
    },
    descendants: (id, o) => {
      const ep = epochOf(o);
      return descendantsOf(ep, idx(id, ep)).map(name);
    },
    depth: (id, o) => {
      const ep = epochOf(o);
      return ep.depth[idx(id, ep)] ?? 0;
    },
    path: (id, o) => {
      const ep = epochOf(o);
      const out: string[] = [];
      for (let p = idx(id, ep); p >= 0; p = ep.parent[p] ?? -1) out.push(name(p));
      return out.reverse();
    },
    leaves: (id, o) => {
      const ep = epochOf(o);
      const kids = kidsOf(ep);
      const pool =
        id === undefined ? [...ep.order] : [idx(id, ep), ...descendantsOf(ep, idx(id, ep))];
      return pool.filter((x) => (kids[x]?.length ?? 0) === 0).map(name);
    },
    level: (id) => c.level[idx(id)] ?? null,
    name: (id) => c.name[idx(id)] ?? null,
  };
  return Object.freeze(h);
}
