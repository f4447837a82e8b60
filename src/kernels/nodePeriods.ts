/**
 * @internal Suppression of the tables that report records (follow-up cases, audits) per node of
 * one structure and per period: the cells over the atoms node × period (a node's own records in
 * a period) are the whole, every node's pooled subtree, every period and, for a cube, every
 * node's pooled subtree in each period. One place for the tables outside the response engine,
 * so they protect their small groups as rollup and trendByNode do (kernels/disclosure.ts).
 */
import type { NodeInfo, PeriodSpan, TrendPeriod } from '../types.ts';
import { bucketOf, type Calendar, calendarBounds, calendarOf, periodSpans } from './calendar.ts';
import { CellSet, hiddenFlag, PUBLISHED, protectCells, treeCells } from './disclosure.ts';
import { poolUp } from './placement.ts';
import type { CompiledHierarchy, Epoch } from './tree.ts';

/** @internal Records grouped by their node (`node[i]`, −1: not placed), and every placed record. */
export function recordsByNode(
  node: ArrayLike<number>,
  size: number,
): { own: number[][]; placed: number[] } {
  const own: number[][] = Array.from({ length: size }, () => []);
  const placed: number[] = [];
  for (let i = 0; i < node.length; i++) {
    const x = node[i] as number;
    if (x < 0) continue;
    own[x]?.push(i);
    placed.push(i);
  }
  return { own, placed };
}

/** @internal Each node's records pooled over its subtree (children into parents). */
export function subtreeRecords(ep: Epoch, own: readonly (readonly number[])[]): number[][] {
  const subtree: number[][] = own.map((l) => [...l]);
  poolUp(ep, (p, x) => {
    for (const i of subtree[x] ?? []) subtree[p]?.push(i);
  });
  return subtree;
}

/**
 * @internal The calendar periods of placed records: each record's period (−1 outside or not
 * placed), the boundaries and the calendar, or all `null` without a `period`.
 */
export function recordPeriods(
  fn: string,
  o: {
    period?: TrendPeriod | undefined;
    timeZone?: string | undefined;
    weekStartsOn?: number | undefined;
  },
  at: ArrayLike<number>,
  placed: readonly number[],
): {
  cal: Calendar | null;
  bounds: Float64Array | null;
  bucket: Int32Array | null;
  periods: number;
} {
  if (o.period === undefined) return { cal: null, bounds: null, bucket: null, periods: 0 };
  const cal = calendarOf(fn, {
    period: o.period,
    timeZone: o.timeZone,
    weekStartsOn: o.weekStartsOn,
  });
  const bounds = calendarBounds(
    fn,
    cal,
    Float64Array.from(placed, (i) => at[i] as number),
    undefined,
    undefined,
  );
  const bucket = new Int32Array(at.length).fill(-1);
  if (bounds !== null) for (const i of placed) bucket[i] = bucketOf(bounds, at[i] as number);
  return { cal, bounds, bucket, periods: bounds === null ? 0 : bounds.length - 1 };
}

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

/** @internal A table of records by node and period: the figures `F` of every group. */
export interface RecordTable<F> {
  /** The records placed on a node, in input order. */
  readonly placed: readonly number[];
  readonly overall: F;
  /** Every node of the structure, parents first, pooled over its subtree. */
  readonly nodes: (NodeInfo & F & { readonly periods: F[] | null })[];
  /** Per period (`null` without a period). */
  readonly periods: (PeriodSpan & F)[] | null;
}

/**
 * @internal The tables of records (audits, invitations) by node, period and node × period: the
 * records grouped, the groups protected by `minSample` ({@link protectNodePeriods}), and each
 * group's figures from `figuresOf(group, flag)` (flag: a hiddenFlag code).
 */
export function recordTable<F extends object>(
  fn: string,
  c: CompiledHierarchy,
  ep: Epoch,
  o: {
    period?: TrendPeriod | undefined;
    timeZone?: string | undefined;
    weekStartsOn?: number | undefined;
  },
  node: ArrayLike<number>,
  at: ArrayLike<number>,
  minSample: number,
  figuresOf: (group: readonly number[], flag: number) => F,
): RecordTable<F> {
  const size = c.ids.length;
  const { own, placed } = recordsByNode(node, size);
  const { cal, bounds, bucket, periods } = recordPeriods(fn, o, at, placed);
  const flags = protectNodePeriods(size, ep, own, bucket, periods, minSample, true);
  const byPeriod = (group: readonly number[]): number[][] => {
    const out: number[][] = Array.from({ length: periods }, () => []);
    if (bucket !== null) for (const i of group) out[bucket[i] as number]?.push(i);
    return out;
  };
  const subtree = subtreeRecords(ep, own);
  const nodes: (NodeInfo & F & { readonly periods: F[] | null })[] = [];
  for (const x of ep.order) {
    const p = ep.parent[x] as number;
    const mine = subtree[x] ?? [];
    nodes.push({
      id: c.ids[x] as string,
      name: c.name[x] ?? null,
      parentId: p < 0 ? null : (c.ids[p] as string),
      level: c.level[x] ?? null,
      depth: ep.depth[x] as number,
      ...figuresOf(mine, flags.node[x] as number),
      periods:
        cal === null
          ? null
          : byPeriod(mine).map((g, k) => figuresOf(g, flags.cube[x * periods + k] as number)),
    });
  }
  let periodRows: (PeriodSpan & F)[] | null = null;
  if (cal !== null) {
    const groups = byPeriod(placed);
    const spans = bounds === null ? [] : periodSpans(cal, bounds);
    periodRows = spans.map((sp, k) => ({
      ...sp,
      ...figuresOf(groups[k] ?? [], flags.period[k] as number),
    }));
  }
  return { placed, overall: figuresOf(placed, flags.overall), nodes, periods: periodRows };
}
