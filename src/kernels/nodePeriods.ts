/**
 * @internal Suppression of the tables that report records (follow-up cases, audits) per node of
 * one structure and per period: the cells over the atoms node × period (a node's own records in
 * a period) are the whole, every node's pooled subtree, every period and, for a cube, every
 * node's pooled subtree in each period. One place for the tables outside the response engine,
 * so they protect their small groups as rollup and trendByNode do (kernels/disclosure.ts).
 */
import { CellSet, hiddenFlag, PUBLISHED, protectCells, treeCells } from './disclosure.ts';
import type { Epoch } from './tree.ts';

/** @internal Hidden flags (hiddenFlag codes) of every published group. */
export interface NodePeriodFlags {
  /** Per node: its subtree over all periods. */
  readonly node: Uint8Array;
  /** Per node × period (index x · periods + k): its subtree in the period (zeros without `cube`). */
  readonly cube: Uint8Array;
  /** Per period: every record in it. */
  readonly period: Uint8Array;
  /** Every record. */
  readonly overall: number;
}

/**
 * @internal The flags of the groups a node × period table publishes. `own[x]` lists node x's own
 * records, `bucket[i]` record i's period (null without periods); `ep` null: no node table.
 */
export function protectNodePeriods(
  size: number,
  ep: Epoch | null,
  own: readonly (readonly number[])[],
  bucket: Int32Array | null,
  periods: number,
  minSample: number,
  cube = false,
): NodePeriodFlags {
  const P = Math.max(1, periods);
  const flags = {
    node: new Uint8Array(size),
    cube: new Uint8Array(cube ? size * periods : 0),
    period: new Uint8Array(periods),
    overall: 0,
  };
  if (minSample <= 0) return flags;
  const atomN = new Float64Array(size * P);
  for (let x = 0; x < size; x++) {
    for (const i of own[x] ?? []) {
      const k = bucket === null ? 0 : (bucket[i] as number);
      atomN[x * P + k] = (atomN[x * P + k] as number) + 1;
    }
  }
  const atom: number[] = [];
  const atomNode: number[] = [];
  for (let a = 0; a < atomN.length; a++) {
    if ((atomN[a] as number) > 0) {
      atom.push(a);
      atomNode.push(Math.floor(a / P));
    }
  }
  const cells = new CellSet();
  const overallCell = cells.add(atom, PUBLISHED);
  const opts = { ownPublished: false, via: false };
  let total: Int32Array | null = null;
  const cubeCells: Int32Array[] = [];
  if (ep !== null) {
    total = treeCells(
      cells,
      size,
      ep,
      atom,
      atomNode,
      atom.map(() => ep),
      opts,
    ).total;
    for (let x = 0; x < size; x++) {
      if (ep.parent[x] === -1 && ep.active[x] === 1) {
        cells.follow(overallCell, total[x] as number);
        cells.follow(total[x] as number, overallCell);
      }
    }
  }
  const periodCell: number[] = [];
  if (bucket !== null) {
    for (let k = 0; k < periods; k++) {
      const mine: number[] = [];
      const mineNode: number[] = [];
      atom.forEach((a, j) => {
        if (a % P === k) {
          mine.push(a);
          mineNode.push(atomNode[j] as number);
        }
      });
      periodCell.push(cells.add(mine, PUBLISHED));
      if (cube && ep !== null) {
        const t = treeCells(
          cells,
          size,
          ep,
          mine,
          mineNode,
          mine.map(() => ep),
          opts,
        ).total;
        cubeCells.push(t);
      }
    }
  }
  const state = protectCells(cells, atomN, minSample);
  if (total !== null) {
    for (let x = 0; x < size; x++) flags.node[x] = hiddenFlag(state[total[x] as number]);
  }
  cubeCells.forEach((t, k) => {
    for (let x = 0; x < size; x++) flags.cube[x * periods + k] = hiddenFlag(state[t[x] as number]);
  });
  periodCell.forEach((c, k) => {
    flags.period[k] = hiddenFlag(state[c]);
  });
  flags.overall = hiddenFlag(state[overallCell]);
  return flags;
}
