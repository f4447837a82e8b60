/**
 * Small-sample suppression with complementary suppression (internal).
 *
 * Cells: for a node X, its "cells" are the totals of its children and X's own responses;
 * total(X) = own(X) + Σ total(children). A cell is sensitive when its count n > 0 is hidden.
 *
 * Rule (applied until nothing changes):
 * 1. Primary: a node whose total n < minSample is hidden (code 1); a node's own-responses
 *    tally is hidden when 0 < own n < minSample, and always when the node is hidden.
 * 2. A visible node must not have exactly one hidden non-empty cell (it would equal the node
 *    minus the visible cells): hide the next-smallest non-empty visible cell as well (code 2);
 *    if there is none, hide the node itself (code 2), which moves the problem one level up.
 * 3. A hidden non-empty node must have at least one hidden non-empty cell (else it equals the
 *    sum of its visible cells): hide its smallest non-empty cell (code 2), recursively.
 * Both rules only ever hide more, so the loop terminates.
 * @internal
 */
import type { Epoch } from './tree.ts';

/** @internal Hidden flags per node: 0 visible, 1 below minSample, 2 complementary. */
export interface Suppression {
  readonly total: Uint8Array;
  readonly own: Uint8Array;
}

/** @internal Apply the suppression rule on one structure. */
export function suppress(
  ep: Epoch,
  totalN: Float64Array,
  ownN: Float64Array,
  minSample: number,
): Suppression {
  const size = totalN.length;
  const total = new Uint8Array(size);
  const own = new Uint8Array(size);
  if (minSample <= 0) return { total, own };
  const kids: number[][] = Array.from({ length: size }, () => []);
  for (const x of ep.order) {
    const p = ep.parent[x] ?? -1;
    if (p >= 0) kids[p]?.push(x);
  }
  for (const x of ep.order) {
    if ((totalN[x] ?? 0) < minSample) total[x] = 1;
    const o = ownN[x] ?? 0;
    if (o > 0 && o < minSample) own[x] = 1;
  }
  const OWN = -1;
  let changed = true;
  while (changed) {
    changed = false;
    for (const x of ep.order) {
      if ((total[x] ?? 0) !== 0 && own[x] === 0) {
        own[x] = 2;
        changed = true;
      }
      const cells = kids[x] ?? [];
      let hiddenCells = 0;
      let best = -2;
      let bestN = Infinity;
      const ox = ownN[x] ?? 0;
      if (ox > 0) {
        if (own[x] !== 0) hiddenCells++;
        else if (ox < bestN) {
          best = OWN;
          bestN = ox;
        }
      }
      for (const c of cells) {
        const n = totalN[c] ?? 0;
        if (n <= 0) continue;
        if (total[c] !== 0) hiddenCells++;
        else if (n < bestN) {
          best = c;
          bestN = n;
        }
      }
      const visible = total[x] === 0;
      const need = visible ? hiddenCells === 1 : (totalN[x] ?? 0) > 0 && hiddenCells === 0;
      if (!need) continue;
      // Only a real change counts, so the loop always terminates.
      if (best === OWN) own[x] = 2;
      else if (best >= 0) total[best] = 2;
      else if (visible) total[x] = 2;
      else continue;
      changed = true;
    }
  }
  return { total, own };
}

/**
 * @internal The suppression rule on a structure replayed per response (a dated hierarchy whose
 * epochs differ), where a node's total is not its own responses plus its reported children's
 * totals. The exact additive structure is kept instead: for every (child, parent) pair that
 * occurs in some epoch, the cell P(c, q) = the part of c's pooled total that rolled up with q as
 * its direct parent (summed over epochs); Z(c) = the part of c's total from epochs where it was a
 * root. Relations: T(x) = O(x) + Σ_c P(c, x) and T(c) = Σ_q P(c, q) + Z(c), for every node,
 * reported or not (a closed unit still sits in its former parents' totals). Published cells are
 * the reported nodes' T and O; every other cell (pairs, Z, closed units' T and O) is never
 * published, and is sensitive when 0 < n < minSample (a small group identifiable by
 * subtraction, e.g. a moved store's few answers under its former region). The rule of
 * {@link suppressCells} then runs on all relations, with the node rules of {@link suppress} (a
 * reported total below minSample, empty included, is hidden; a hidden node's own cell is hidden).
 * `counts` holds per-epoch node counts: `counts[3(e·size + x) + c]`.
 */
export function suppressReplayed(
  epochs: readonly Epoch[],
  report: Epoch,
  counts: Float64Array,
  minSample: number,
): Suppression {
  const size = report.parent.length;
  if (minSample <= 0) return { total: new Uint8Array(size), own: new Uint8Array(size) };
  const { n, relations } = replayedCells(epochs, counts, size);
  const totalN = n.subarray(0, size);
  let hidden: Uint8Array = new Uint8Array(n.length);
  for (const x of report.order) if ((totalN[x] ?? 0) < minSample) hidden[x] = 1;
  for (;;) {
    hidden = suppressCells(n, relations, minSample, hidden);
    let changed = false;
    for (const x of report.order) {
      if (hidden[x] !== 0 && hidden[size + x] === 0) {
        hidden[size + x] = 2;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { total: hidden.slice(0, size), own: hidden.slice(size, 2 * size) };
}

/**
 * @internal The cells and additive relations of one column of counts replayed per response
 * (see {@link suppressReplayed}): T(x) at x, O(x) at size + x, Z(x) at 2·size + x, and the
 * (child, parent) pair cells from 3·size on, in an order that depends only on the structure.
 */
export function replayedCells(
  epochs: readonly Epoch[],
  counts: Float64Array,
  size: number,
): { n: Float64Array; relations: CellRelation[] } {
  const totalN = new Float64Array(size);
  const ownN = new Float64Array(size);
  const pairOf = new Map<number, number>();
  const pairN: number[] = [];
  const pairChild: number[] = [];
  const pairParent: number[] = [];
  const rootN = new Float64Array(size);
  const work = new Float64Array(size);
  for (const [e, ep] of epochs.entries()) {
    const off = e * size * 3;
    for (let x = 0; x < size; x++) {
      const v =
        (counts[off + 3 * x] ?? 0) +
        (counts[off + 3 * x + 1] ?? 0) +
        (counts[off + 3 * x + 2] ?? 0);
      work[x] = v;
      ownN[x] = (ownN[x] ?? 0) + v;
    }
    for (let k = ep.order.length - 1; k >= 0; k--) {
      const x = ep.order[k] ?? 0;
      const p = ep.parent[x] ?? -1;
      const v = work[x] ?? 0;
      totalN[x] = (totalN[x] ?? 0) + v;
      if (p < 0) {
        rootN[x] = (rootN[x] ?? 0) + v;
        continue;
      }
      work[p] = (work[p] ?? 0) + v;
      const key = x * size + p;
      let j = pairOf.get(key);
      if (j === undefined) {
        j = pairN.length;
        pairOf.set(key, j);
        pairN.push(0);
        pairChild.push(x);
        pairParent.push(p);
      }
      pairN[j] = (pairN[j] ?? 0) + v;
    }
  }
  const np = pairN.length;
  const n = new Float64Array(3 * size + np);
  n.set(totalN, 0);
  n.set(ownN, size);
  n.set(rootN, 2 * size);
  for (let j = 0; j < np; j++) n[3 * size + j] = pairN[j] ?? 0;
  const asParent: number[][] = Array.from({ length: size }, () => []);
  const asChild: number[][] = Array.from({ length: size }, () => []);
  for (let j = 0; j < np; j++) {
    asParent[pairParent[j] ?? 0]?.push(3 * size + j);
    asChild[pairChild[j] ?? 0]?.push(3 * size + j);
  }
  const relations: CellRelation[] = [];
  for (let x = 0; x < size; x++) {
    relations.push({ total: x, parts: [size + x, ...(asParent[x] ?? [])] });
    if ((asChild[x]?.length ?? 0) > 0) {
      relations.push({ total: x, parts: [...(asChild[x] ?? []), 2 * size + x] });
    }
  }
  return { n, relations };
}

/** @internal A linear relation between cells: `n[total] = Σ n[parts]`. */
export interface CellRelation {
  readonly total: number;
  readonly parts: readonly number[];
}

/**
 * @internal The suppression rule of {@link suppress} on any set of additive relations between
 * cells (a cross-table's rows and columns, a tree's parent = own + Σ children): primary
 * suppression of cells with 0 < n < minSample (code 1), then until nothing changes, for each
 * relation: a visible total with exactly one hidden non-empty part hides the smallest visible
 * non-empty part as well, or the total when there is none (code 2); a hidden non-empty total
 * with no hidden non-empty part hides its smallest non-empty part (code 2). Afterwards no
 * relation has a visible total and exactly one hidden non-empty part, nor a hidden non-empty
 * total whose parts are all visible, so no hidden cell is one subtraction away from visible ones.
 */
export function suppressCells(
  n: Float64Array,
  relations: readonly CellRelation[],
  minSample: number,
  initial?: Uint8Array,
): Uint8Array {
  const hidden = initial === undefined ? new Uint8Array(n.length) : initial.slice();
  if (minSample <= 0) return hidden;
  for (let i = 0; i < n.length; i++) {
    const v = n[i] ?? 0;
    if (v > 0 && v < minSample && hidden[i] === 0) hidden[i] = 1;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of relations) {
      let hiddenParts = 0;
      let best = -1;
      let bestN = Infinity;
      for (const k of parts) {
        const v = n[k] ?? 0;
        if (v <= 0) continue;
        if (hidden[k] !== 0) hiddenParts++;
        else if (v < bestN) {
          best = k;
          bestN = v;
        }
      }
      const visible = hidden[total] === 0;
      const need = visible ? hiddenParts === 1 : (n[total] ?? 0) > 0 && hiddenParts === 0;
      if (!need) continue;
      const target = best >= 0 ? best : visible ? total : -1;
      if (target < 0) continue;
      hidden[target] = 2;
      changed = true;
    }
  }
  return hidden;
}
