/**
 * @internal The group-tally store: counts per group × category (`counts[3g + c]`, c = 0
 * detractor, 1 passive, 2 promoter) and, when weighted, Σw and Σw² per group × category. One
 * store for every grouped table (rollup's nodes, trend's periods, trendByNode's node × period
 * cells, segments, crossTab's cells): accumulate read responses into it, pool it up a tree,
 * read a group's {@link Tally} out of it.
 */
import type { Tally } from '../types.ts';
import type { NormalizedResponses } from './responses.ts';
import { EXCLUDED } from './scores.ts';
import { makeTally } from './tallies.ts';
import type { Epoch } from './tree.ts';

/** Counts (and weighted sums) per group × category. */
export interface GroupCounts {
  /** Responses per group and category: `counts[3g + c]`. */
  readonly counts: Float64Array;
  /** Σw per group and category, or `null` when unweighted. */
  sw: Float64Array | null;
  /** Σw² per group and category, or `null` when unweighted. */
  sw2: Float64Array | null;
}

/** An empty store of `groups` groups. */
export function emptyGroups(groups: number, weighted: boolean): GroupCounts {
  const len = groups * 3;
  return {
    counts: new Float64Array(len),
    sw: weighted ? new Float64Array(len) : null,
    sw2: weighted ? new Float64Array(len) : null,
  };
}

/** Whether the read responses carry weights. */
function isWeighted(r: NormalizedResponses): boolean {
  return r.weight !== null || r.weightSums !== null;
}

/** The groups `[from, to)` of a store, as a store (views, not copies). */
export function groupSlice(g: GroupCounts, from: number, to: number): GroupCounts {
  return {
    counts: g.counts.subarray(3 * from, 3 * to),
    sw: g.sw?.subarray(3 * from, 3 * to) ?? null,
    sw2: g.sw2?.subarray(3 * from, 3 * to) ?? null,
  };
}

/** A copy of a store. */
export function copyGroups(g: GroupCounts): GroupCounts {
  return { counts: g.counts.slice(), sw: g.sw?.slice() ?? null, sw2: g.sw2?.slice() ?? null };
}

/**
 * Add one response of category `cat` and weight `w` (or none: weight 1) to group `x` (< 0:
 * none). The first weight turns the store weighted: every earlier response had weight 1, so
 * Σw = Σw² = the counts so far.
 */
export function addResponse(g: GroupCounts, x: number, cat: number, w: number | undefined): void {
  if (w !== undefined && g.sw === null) {
    g.sw = g.counts.slice();
    g.sw2 = g.counts.slice();
  }
  if (x < 0) return;
  const j = 3 * x + cat;
  g.counts[j] = (g.counts[j] ?? 0) + 1;
  if (g.sw !== null && g.sw2 !== null) {
    const wi = w ?? 1;
    g.sw[j] = (g.sw[j] ?? 0) + wi;
    g.sw2[j] = (g.sw2[j] ?? 0) + wi * wi;
  }
}

/**
 * Accumulate read responses into `groups` groups: record `i` goes to group `key[i]` (< 0: to
 * none) of each key array given. Records set aside for their score are skipped.
 */
export function countGroups(
  r: NormalizedResponses,
  keys: Int32Array | readonly Int32Array[],
  groups: number,
): GroupCounts {
  const g = emptyGroups(groups, isWeighted(r));
  for (const key of keys instanceof Int32Array ? [keys] : keys) accumulate(r, key, g);
  return g;
}

/** Accumulate read responses into an existing store (see {@link countGroups}). */
function accumulate(r: NormalizedResponses, key: Int32Array, g: GroupCounts): void {
  const { counts, sw, sw2 } = g;
  const len = r.length;
  const cat = r.category;
  if (cat !== null) {
    const w = r.weight;
    if (w === null || sw === null || sw2 === null) {
      for (let i = 0; i < len; i++) {
        const k = key[i] ?? -1;
        const c = cat[i] ?? EXCLUDED;
        if (k >= 0 && c !== EXCLUDED) {
          const j = 3 * k + c;
          counts[j] = (counts[j] ?? 0) + 1;
        }
      }
    } else {
      for (let i = 0; i < len; i++) {
        const k = key[i] ?? -1;
        const c = cat[i] ?? EXCLUDED;
        if (k < 0 || c === EXCLUDED) continue;
        const j = 3 * k + c;
        const wi = w[i] ?? 0;
        counts[j] = (counts[j] ?? 0) + 1;
        sw[j] = (sw[j] ?? 0) + wi;
        sw2[j] = (sw2[j] ?? 0) + wi * wi;
      }
    }
    return;
  }
  const c3 = r.counts;
  if (c3 === null) return;
  const ws = r.weightSums;
  for (let i = 0; i < len; i++) {
    const k = key[i] ?? -1;
    if (k < 0) continue;
    for (let c = 0; c < 3; c++) {
      const j = 3 * k + c;
      counts[j] = (counts[j] ?? 0) + (c3[3 * i + c] ?? 0);
      if (ws !== null && sw !== null && sw2 !== null) {
        sw[j] = (sw[j] ?? 0) + (ws[6 * i + c] ?? 0);
        sw2[j] = (sw2[j] ?? 0) + (ws[6 * i + 3 + c] ?? 0);
      }
    }
  }
}

/** Responses in group `k`. */
export function groupN(g: GroupCounts, k: number): number {
  const c = g.counts;
  return (c[3 * k] ?? 0) + (c[3 * k + 1] ?? 0) + (c[3 * k + 2] ?? 0);
}

/** The tally of group `k`. */
export function groupTally(g: GroupCounts, k: number): Tally {
  const { counts, sw, sw2 } = g;
  const d = counts[3 * k] ?? 0;
  const pa = counts[3 * k + 1] ?? 0;
  const p = counts[3 * k + 2] ?? 0;
  if (sw === null || sw2 === null) return makeTally(p, pa, d);
  return makeTally(p, pa, d, {
    promoters: sw[3 * k + 2] ?? 0,
    passives: sw[3 * k + 1] ?? 0,
    detractors: sw[3 * k] ?? 0,
    promotersSquared: sw2[3 * k + 2] ?? 0,
    passivesSquared: sw2[3 * k + 1] ?? 0,
    detractorsSquared: sw2[3 * k] ?? 0,
  });
}

/** Each store's arrays, in the order counts, Σw, Σw² (the weighted ones only when present). */
function arraysOf(g: GroupCounts): Float64Array[] {
  const out = [g.counts];
  if (g.sw !== null) out.push(g.sw);
  if (g.sw2 !== null) out.push(g.sw2);
  return out;
}

/** Own and pooled counts per node (index as in the compiled hierarchy). */
export interface PooledCounts {
  /** Each node's own responses. */
  readonly own: GroupCounts;
  /** Each node's pooled subtree. */
  readonly total: GroupCounts;
  /**
   * With `reportParent`: per node, the part of its pooled counts that rolled up into its parent
   * of the reported structure (epochs where its parent was another node contribute nothing);
   * `null` without it.
   */
  readonly via: GroupCounts | null;
}

/**
 * Pool per-epoch node counts (`g` holds `epochs.length × size` groups, epoch-major) up each
 * epoch's structure and sum the epochs. With `reportParent` (the parent array of the reported
 * structure), also the part of each node's pooled counts that rolled up into that parent.
 */
export function poolEpochs(
  epochs: readonly Epoch[],
  size: number,
  g: GroupCounts,
  reportParent?: Int32Array,
): PooledCounts {
  const weighted = g.sw !== null;
  const own = emptyGroups(size, weighted);
  const total = emptyGroups(size, weighted);
  const via = reportParent === undefined ? null : emptyGroups(size, weighted);
  const src = arraysOf(g);
  const ownOut = arraysOf(own);
  const totalOut = arraysOf(total);
  const viaOut = via === null ? null : arraysOf(via);
  const work = new Float64Array(size * 3);
  for (const [a, from] of src.entries()) {
    const o = ownOut[a] as Float64Array;
    const t = totalOut[a] as Float64Array;
    const v = viaOut?.[a] ?? null;
    for (const [e, ep] of epochs.entries()) {
      const off = e * size * 3;
      for (let j = 0; j < size * 3; j++) {
        const x = from[off + j] ?? 0;
        work[j] = x;
        o[j] = (o[j] ?? 0) + x;
      }
      poolVectors(work, ep, 3);
      for (let j = 0; j < size * 3; j++) t[j] = (t[j] ?? 0) + (work[j] ?? 0);
      if (v !== null && reportParent !== undefined) {
        for (let x = 0; x < size; x++) {
          const p = ep.parent[x] ?? -1;
          if (p < 0 || p !== reportParent[x] || ep.active[x] !== 1) continue;
          for (let c = 0; c < 3; c++) v[3 * x + c] = (v[3 * x + c] ?? 0) + (work[3 * x + c] ?? 0);
        }
      }
    }
  }
  return { own, total, via };
}

/**
 * Pool node vectors up a structure in place, children before parents: node x's vector is
 * `arr[x·stride + offset …+ width)`, added into its parent's (width defaults to the stride).
 */
export function poolVectors(
  arr: Float64Array,
  ep: Epoch,
  stride: number,
  offset = 0,
  width = stride,
): void {
  const { order, parent } = ep;
  for (let k = order.length - 1; k >= 0; k--) {
    const x = order[k] ?? 0;
    const p = parent[x] ?? -1;
    if (p < 0) continue;
    const src = x * stride + offset;
    const dst = p * stride + offset;
    for (let j = 0; j < width; j++) arr[dst + j] = (arr[dst + j] ?? 0) + (arr[src + j] ?? 0);
  }
}
