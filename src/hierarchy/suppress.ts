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
import type { Epoch } from './buildHierarchy.ts';

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
 * @internal The suppression rule on a structure replayed per response (dated, with moves), where
 * a node's total is not its own responses plus its reported children's totals. Besides the
 * published cells T(x) (pooled total) and O(x) (own responses), three derived cells that are never
 * published take part: V(c), the part of child c's total that rolled up through its reported parent
 * (`via`); M(c) = T(c) − V(c), the part that rolled up elsewhere (a moved store's answers under its
 * former region); and R(x) = T(x) − O(x) − Σ V(c), the part of x's total from nodes no longer its
 * children. Relations: T(x) = O(x) + Σ V(c) + R(x) and T(c) = V(c) + M(c). Derived cells with
 * 0 < n < minSample are sensitive (a small group identifiable by subtraction) and start hidden;
 * then {@link suppressCells} applies the rule to every relation, with the node-level rules of
 * {@link suppress} (a total below minSample, empty included, is hidden; a hidden node's own cell
 * is hidden), until nothing changes.
 */
export function suppressReplayed(
  ep: Epoch,
  totalN: Float64Array,
  ownN: Float64Array,
  viaN: Float64Array,
  minSample: number,
): Suppression {
  const size = totalN.length;
  if (minSample <= 0) return { total: new Uint8Array(size), own: new Uint8Array(size) };
  // cells: T(x) = x, O(x) = size + x, V(x) = 2·size + x, M(x) = 3·size + x, R(x) = 4·size + x
  const n = new Float64Array(5 * size);
  const kids: number[][] = Array.from({ length: size }, () => []);
  for (const x of ep.order) {
    const p = ep.parent[x] ?? -1;
    if (p >= 0) kids[p]?.push(x);
  }
  const relations: CellRelation[] = [];
  for (const x of ep.order) {
    n[x] = totalN[x] ?? 0;
    n[size + x] = ownN[x] ?? 0;
    let r = (totalN[x] ?? 0) - (ownN[x] ?? 0);
    for (const c of kids[x] ?? []) r -= viaN[c] ?? 0;
    n[4 * size + x] = Math.max(0, r);
    relations.push({
      total: x,
      parts: [size + x, ...(kids[x] ?? []).map((c) => 2 * size + c), 4 * size + x],
    });
    if ((ep.parent[x] ?? -1) >= 0) {
      n[2 * size + x] = viaN[x] ?? 0;
      n[3 * size + x] = Math.max(0, (totalN[x] ?? 0) - (viaN[x] ?? 0));
      relations.push({ total: x, parts: [2 * size + x, 3 * size + x] });
    }
  }
  let hidden: Uint8Array = new Uint8Array(5 * size);
  for (const x of ep.order) if ((totalN[x] ?? 0) < minSample) hidden[x] = 1;
  for (;;) {
    hidden = suppressCells(n, relations, minSample, hidden);
    let changed = false;
    for (const x of ep.order) {
      if (hidden[x] !== 0 && hidden[size + x] === 0) {
        hidden[size + x] = 2;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { total: hidden.slice(0, size), own: hidden.slice(size, 2 * size) };
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
