/**
 * @internal Placement: which node (and which dated structure) each response belongs to, and what
 * is set aside. One module for rollup, crossTab, segments, trendByNode, driversByNode and every
 * later capability, so unknown, missing and not-yet-valid nodes are treated alike everywhere:
 * an `unknown_node` error by default, or (`onUnknownNode: 'exclude'`) an {@link Exclusion} with
 * its reason, node id, count and first index. Score exclusions of the reader
 * (`onInvalidScore: 'exclude'`) join the same list.
 */
import { NpsInputError } from '../errors.ts';
import type { Exclusion, ReadOptions, ResponsesInput, Scheme } from '../types.ts';
import { describe } from './describe.ts';
import { checkSize } from './limits.ts';
import { type NormalizedResponses, normalizeResponses, toEpoch, unitsAt } from './responses.ts';
import { type CompiledHierarchy, type Epoch, epochAt, epochOfIndex } from './tree.ts';

/** The placement options as a public function received them (parsed by `placementShape`). */
export interface PlacementOptions {
  readonly structure?: 'at-response' | 'as-of' | undefined;
  readonly asOf?: unknown;
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
}

/** The message tail that says how to set such responses aside instead of failing. */
const EXCLUDE_HINT = "(pass onUnknownNode: 'exclude' to count such responses as excluded)";

/**
 * Responses whose node id is absent or not in the hierarchy (`unknown` of the reader): the
 * `unknown_node` error for the first, or with `exclude` one exclusion per id.
 */
export function unknownExclusions(
  fn: string,
  unknown: ReadonlyMap<string | undefined, { count: number; firstIndex: number }>,
  exclude: boolean,
  noun = 'response',
): Exclusion[] {
  const excluded: Exclusion[] = [];
  for (const [id, u] of unknown) {
    // absent, or `nodeId: null` (e.g. from a SQL export): the reader files both under undefined
    const missing = id === undefined;
    if (!exclude) {
      throw new NpsInputError({
        code: 'unknown_node',
        message: missing
          ? `${fn}: ${noun} at index ${String(u.firstIndex)} has no nodeId ${EXCLUDE_HINT}`
          : `${fn}: ${noun} at index ${String(u.firstIndex)} has nodeId ${describe(id)}, which is not in the hierarchy ${EXCLUDE_HINT}`,
        index: u.firstIndex,
        path: [u.firstIndex, 'nodeId'],
        received: id,
      });
    }
    excluded.push({
      reason: missing ? 'missing_node' : 'unknown_node',
      nodeId: missing ? null : id,
      n: u.count,
      firstIndex: u.firstIndex,
    });
  }
  return excluded;
}

/** Responses at nodes that do not exist at the date they are placed at (dated hierarchies). */
export class NotValid {
  private readonly byNode = new Map<number, { n: number; firstIndex: number }>();

  /** Note `n` responses of record `i` at node `x`. */
  note(x: number, n: number, i: number): void {
    const v = this.byNode.get(x);
    if (v === undefined) this.byNode.set(x, { n, firstIndex: i });
    else v.n += n;
  }

  /** The `unknown_node` error for the first, or with `exclude` one exclusion per node. */
  exclusions(
    fn: string,
    ids: readonly string[],
    exclude: boolean,
    perResponse: boolean,
    noun = 'response',
  ): Exclusion[] {
    const out: Exclusion[] = [];
    for (const [x, v] of this.byNode) {
      if (!exclude) {
        throw new NpsInputError({
          code: 'unknown_node',
          message: `${fn}: ${noun} at index ${String(v.firstIndex)} has nodeId ${describe(ids[x])}, which does not exist at ${perResponse ? 'its date' : 'the asOf date'} ${EXCLUDE_HINT}`,
          index: v.firstIndex,
          path: [v.firstIndex, 'nodeId'],
          received: ids[x],
        });
      }
      out.push({
        reason: 'node_not_valid',
        nodeId: ids[x] ?? null,
        n: v.n,
        firstIndex: v.firstIndex,
      });
    }
    return out;
  }
}

/** The responses in a list of exclusions. */
export function excludedCount(excluded: readonly Exclusion[]): number {
  let n = 0;
  for (const e of excluded) n += e.n;
  return n;
}

/** The index of the structure at `asOf` (default: the latest), or the `invalid_date` error. */
export function asOfEpoch(fn: string, c: CompiledHierarchy, asOf: unknown): number {
  if (asOf === undefined) return c.epochs.length - 1;
  const t = toEpoch(asOf);
  if (t !== t) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: options.asOf must be a valid Date or epoch milliseconds, received ${describe(asOf)}`,
      path: ['asOf'],
      received: asOf,
    });
  }
  return epochAt(c, t);
}

/** Responses placed on a hierarchy: each record's group key and what was set aside. */
export interface PlacedResponses {
  readonly c: CompiledHierarchy;
  readonly norm: NormalizedResponses;
  /** Per record: epoch index × size + node index, or −1 (unknown, missing, not valid, excluded). */
  readonly key: Int32Array;
  /** The epochs rolled up through (one, unless replayed per response). */
  readonly epochs: readonly Epoch[];
  /** The reported structure. */
  readonly report: Epoch;
  /** Node and score exclusions, in that order. */
  readonly excluded: readonly Exclusion[];
  readonly excludedN: number;
}

/**
 * Read every response and place it on a node and structure: with `structure: 'at-response'`
 * (default) on a dated hierarchy, through the structure valid at its `at` (then required);
 * otherwise through the structure at `asOf`. `group` lets rows and columns of an undated
 * hierarchy count straight into per-node arrays (`norm.grouped`).
 */
export function placeResponses(
  fn: string,
  c: CompiledHierarchy,
  responses: ResponsesInput,
  options: PlacementOptions & {
    readonly scheme: Scheme;
    readonly read?: ReadOptions | undefined;
    /** Read `at` even when the structure does not need it (a calendar does). */
    readonly needAt?: boolean | undefined;
  },
  group = false,
): PlacedResponses {
  const reportEpoch = asOfEpoch(fn, c, options.asOf);
  const perResponse = c.epochs.length > 1 && (options.structure ?? 'at-response') === 'at-response';
  if (perResponse) checkStructures(fn, c);
  const norm = normalizeResponses(fn, responses, {
    scheme: options.scheme,
    indexOf: c.indexOf,
    at: perResponse || options.needAt === true ? 'required' : 'ignore',
    group: group && c.epochs.length === 1 ? c.ids.length : undefined,
    read: options.read,
  });
  const size = c.ids.length;
  const node = norm.node ?? new Int32Array(0);
  const len = norm.length;
  const exclude = options.onUnknownNode === 'exclude';
  const excluded = unknownExclusions(fn, norm.unknown, exclude);
  const epochs = perResponse ? c.epochs : [epochOfIndex(c, reportEpoch)];
  let key = node;
  const invalid = new NotValid();
  if (perResponse) {
    key = new Int32Array(len);
    const at = norm.at ?? new Float64Array(0);
    let e = 0;
    let ep = epochOfIndex(c, 0);
    for (let i = 0; i < len; i++) {
      const x = node[i] ?? -1;
      if (x < 0) {
        key[i] = -1;
        continue;
      }
      const t = at[i] ?? 0;
      if (!(t >= ep.from && t < ep.to)) {
        e = epochAt(c, t);
        ep = epochOfIndex(c, e);
      }
      if (ep.active[x] !== 1) {
        key[i] = -1;
        invalid.note(x, unitsAt(norm, i), i);
        continue;
      }
      key[i] = e * size + x;
    }
  } else if (c.epochs.length > 1) {
    const ep = epochOfIndex(c, reportEpoch);
    for (let i = 0; i < len; i++) {
      const x = node[i] ?? -1;
      if (x >= 0 && ep.active[x] !== 1) {
        if (key === node) key = Int32Array.from(node);
        key[i] = -1;
        invalid.note(x, unitsAt(norm, i), i);
      }
    }
  }
  excluded.push(...invalid.exclusions(fn, c.ids, exclude, perResponse), ...norm.excluded);
  return {
    c,
    norm,
    key,
    epochs,
    report: epochOfIndex(c, reportEpoch),
    excluded,
    excludedN: excludedCount(excluded),
  };
}

/**
 * Visit every (parent, child) pair of a structure children first, so that adding each child's
 * figures into its parent pools whole subtrees: the one tree-pooling walk (rollup's counts,
 * trendByNode's period vectors and driversByNode's co-moments all pool through it).
 */
export function poolUp(ep: Epoch, add: (parent: number, child: number) => void): void {
  const { order, parent } = ep;
  for (let k = order.length - 1; k >= 0; k--) {
    const x = order[k] ?? 0;
    const p = parent[x] ?? -1;
    if (p >= 0) add(p, x);
  }
}

/** The most structures × nodes counted per response (three numbers each, more when weighted). */
const MAX_STRUCTURE_CELLS = 10_000_000;

/**
 * Refuse up front a dated hierarchy replayed per response whose structures × nodes would not
 * fit in memory (`too_large`), naming the way out.
 */
export function checkStructures(fn: string, c: CompiledHierarchy): void {
  checkSize(
    fn,
    'structures × nodes of a dated hierarchy replayed per response',
    c.epochs.length * c.ids.length,
    MAX_STRUCTURE_CELLS,
    "pass structure: 'as-of' to roll every response up through one structure",
  );
}
