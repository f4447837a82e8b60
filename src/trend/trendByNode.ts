import * as z from 'zod/mini';
import { cellFiguresOf, intervalOptionsOf, withheldCell } from '../core/figures.ts';
import { intervalOfTally, type NpsInterval, type ResolvedInterval } from '../core/npsInterval.ts';
import type { Tally } from '../core/tally.ts';
import * as kernel from '../kernels/calendar.ts';
import { CellSet, hiddenFlag, protectCells, treeCells } from '../kernels/disclosure.ts';
import {
  copyGroups,
  countGroups,
  type GroupCounts,
  groupN,
  groupTally,
  poolVectors,
} from '../kernels/groups.ts';
import { checkSize } from '../kernels/limits.ts';
import { placementShape, readShape } from '../kernels/options.ts';
import {
  asOfEpoch as asOfEpochOf,
  checkStructures,
  excludedCount,
  NotValid,
  unknownExclusions,
} from '../kernels/placement.ts';
import {
  asResponses,
  isDictionary,
  normalizeResponses,
  type ResponsesInput,
  unitsAt,
} from '../kernels/responses.ts';
import { categoryTable } from '../kernels/scores.ts';
import { suppress } from '../kernels/suppress.ts';
import {
  type CompiledHierarchy,
  compiledOf,
  type Epoch,
  epochAt,
  epochOfIndex,
  type Hierarchy,
} from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type {
  CalendarInfo,
  Exclusion,
  GroupFigures,
  HierarchyTableInfo,
  NodeInfo,
  PeriodSpan,
  SuppressionReason,
} from '../types.ts';
import { fastColumns, type TrendOptions, trendShape } from './trend.ts';

/** Options of {@link trendByNode}: the calendar of {@link trend} plus the rollup options. */
export interface TrendByNodeOptions extends TrendOptions {
  /**
   * Which structure a dated hierarchy rolls responses up through: `'at-response'` (default;
   * each response through the structure valid at its `at`) or `'as-of'` (every response through
   * the structure valid at `asOf`), as in `rollup`.
   */
  readonly structure?: 'at-response' | 'as-of' | undefined;
  /** The date of the structure for `'as-of'`, and of the node list reported; default: latest. */
  readonly asOf?: Date | number | undefined;
  /** What to do with a response whose node is missing, unknown or not valid at its date: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** Minimum number of responses for a node's figures in a period to be published (default 0). */
  readonly minSample?: number | undefined;
}

/** One node in one period: its {@link GroupFigures} (pooled over its subtree) and why withheld. */
export interface NodeTrendPoint extends GroupFigures {
  /** Why the figures are withheld (see `minSample`), else `null`. */
  readonly suppression: SuppressionReason | null;
}

/** One node's series in a {@link TrendByNodeResult}. */
export interface NodeTrend extends NodeInfo {
  /** One point per period, aligned with {@link TrendByNodeResult.periods}. */
  readonly points: readonly NodeTrendPoint[];
}

/** The node × period cube of {@link trendByNode}: plain JSON-serialisable data. */
export interface TrendByNodeResult extends HierarchyTableInfo, CalendarInfo {
  /** Every period from the first to the last, in order. */
  readonly periods: readonly PeriodSpan[];
  /** Every node of the reported structure, parents before children, each with one point per period. */
  readonly nodes: readonly NodeTrend[];
  /**
   * Responses outside the periods covered (before `from`'s period or after `to`'s); `null` when
   * withheld: with `minSample`, a count of 1 to minSample − 1 is a small group of its own.
   */
  readonly outsideN: number | null;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<TrendByNodeOptions>()(
    z.strictObject({
      ...trendShape(),
      ...placementShape(),
      ...readShape(),
    }),
  ),
);

/**
 * @internal The node × period count cube (for trendByNode and the per-node trend analyses).
 * Layout is node-major: group `g = x · periods + k` for node index `x` (of the compiled
 * hierarchy) and period `k`; `total[3g + c]` counts category `c` (0 detractor, 1 passive,
 * 2 promoter) pooled over the node's subtree, `own[3g + c]` the node's own responses (only when
 * asked for), each a group store (Σw and Σw² too when weighted).
 */
export interface NodePeriodCube {
  readonly compiled: CompiledHierarchy;
  /** The structure the node list is reported in (at `asOf`, default latest). */
  readonly report: Epoch;
  readonly calendar: kernel.Calendar;
  /** Period boundaries in epoch ms (periods + 1). */
  readonly bounds: Float64Array;
  readonly periods: number;
  readonly total: GroupCounts;
  readonly own: GroupCounts | null;
  readonly excluded: Exclusion[];
  readonly excludedN: number;
  readonly outsideN: number;
  readonly interval: ResolvedInterval;
  readonly minSample: number;
  /** With minSample: the unpooled node × slice counts and each slice's period and epoch. */
  readonly atoms: CubeAtoms | null;
}

/** @internal The unpooled node × slice counts (`counts[3(x·S + s) + c]`), for the protection. */
interface CubeAtoms {
  readonly counts: Float64Array;
  readonly slices: number;
  readonly period: Int32Array;
  readonly epoch: Int32Array;
}

/** @internal Node validity of every structure, flat: `[e · size + x]`. */
function activeFlat(c: CompiledHierarchy): Uint8Array {
  const size = c.ids.length;
  const active = new Uint8Array(c.epochs.length * size);
  for (let e = 0; e < c.epochs.length; e++) active.set(epochOfIndex(c, e).active, e * size);
  return active;
}

/**
 * @internal Slices: the period boundaries merged with the structure changes inside them, so
 * each slice lies in one period and one structure. Returns the slice boundaries, each slice's
 * period and epoch (`fixedEpoch` for every slice unless `perResponse`).
 */
function slicesOf(
  c: CompiledHierarchy,
  bounds: Float64Array,
  perResponse: boolean,
  fixedEpoch: number,
): Slices {
  const P = bounds.length - 1;
  const lo = bounds[0] as number;
  const hi = bounds[P] as number;
  const cuts: number[] = [];
  if (perResponse) {
    for (const s of c.starts) if (s > lo && s < hi) cuts.push(s);
  }
  if (cuts.length === 0) {
    const period = new Int32Array(P);
    for (let k = 0; k < P; k++) period[k] = k;
    // One structure over the whole range: the one at its start (or the fixed one).
    const e = perResponse ? epochAt(c, lo) : fixedEpoch;
    return { sb: bounds, period, epoch: new Int32Array(P).fill(e) };
  }
  const all = [...bounds, ...cuts].sort((a, b) => a - b);
  const sb: number[] = [];
  for (const t of all) if (sb.length === 0 || t !== sb[sb.length - 1]) sb.push(t);
  const S = sb.length - 1;
  const period = new Int32Array(S);
  const epoch = new Int32Array(S);
  let k = 0;
  for (let s = 0; s < S; s++) {
    const t = sb[s] as number;
    while ((bounds[k + 1] as number) <= t) k++;
    period[s] = k;
    epoch[s] = epochAt(c, t);
  }
  return { sb: Float64Array.from(sb), period, epoch };
}

/** @internal Sum slices into periods: group x·P + period[s] gets the counts of group x·S + s. */
function fold(g: GroupCounts, size: number, S: number, P: number, period: Int32Array): GroupCounts {
  if (S === P) return g;
  const f = (a: Float64Array | null) => (a === null ? null : foldArray(a, size, S, P, period));
  return { counts: f(g.counts) as Float64Array, sw: f(g.sw), sw2: f(g.sw2) };
}

function foldArray(arr: Float64Array, size: number, S: number, P: number, period: Int32Array) {
  const out = new Float64Array(size * P * 3);
  for (let x = 0; x < size; x++) {
    for (let s = 0; s < S; s++) {
      const a = 3 * (x * S + s);
      const b = 3 * (x * P + (period[s] as number));
      out[b] = (out[b] as number) + (arr[a] as number);
      out[b + 1] = (out[b + 1] as number) + (arr[a + 1] as number);
      out[b + 2] = (out[b + 2] as number) + (arr[a + 2] as number);
    }
  }
  return out;
}

/**
 * @internal Build the {@link NodePeriodCube}: one pass over the responses (grid bucketing of
 * each instant into a slice, node validity, count), then one pooling pass per structure over
 * whole period vectors. `wantOwn` also keeps the unpooled counts.
 */
export function nodePeriodCube(
  fn: string,
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: TrendByNodeOptions,
  wantOwn = false,
  guessBounds = true,
): NodePeriodCube {
  const c = compiledOf(fn, hierarchy);
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const calendar = kernel.calendarOf(fn, o);
  const interval = intervalOptionsOf(fn, options);
  const minSample = o.minSample ?? 0;
  const asOfEpoch = asOfEpochOf(fn, c, options.asOf);
  const dated = c.epochs.length > 1;
  const perResponse = dated && (o.structure ?? 'at-response') === 'at-response';
  if (perResponse) checkStructures(fn, c);
  const ctx = { compiled: c, asOfEpoch, calendar, interval, minSample, wantOwn };
  // Fast path: unweighted columns with a dictionary-encoded nodeId and a Float64Array `at`.
  // Anything unusual (bad value, unknown node, node not valid at its date) falls through to
  // the general path, which raises the precise error or records the exclusions.
  const input = asResponses(fn, responses);
  const fast = fastColumns(input);
  if (fast !== null && isDictionary(fast.nodeId) && fast.nodeId.codes.length === fast.at.length) {
    // Without from/to the periods span the responses: guess them from a sample of `at` and check
    // the guess while counting (saves a pass over `at`); a wrong guess counts again, exactly.
    const guess = guessBounds && options.from === undefined && options.to === undefined;
    const boundsOf = (at: Float64Array) => cubeBounds(fn, calendar, at, options, c.ids.length);
    const guessed = guess ? sampleBounds(fast.at, boundsOf) : null;
    const exact = guessed === null;
    // An error here (a bad instant, too many periods) is left to the general path, which
    // reports the first bad response as rows do.
    const bounds = guessed ?? tryBounds(fast.at, boundsOf);
    if (bounds !== null) {
      const { values, codes } = fast.nodeId;
      const remap = new Int32Array(values.length);
      for (let v = 0; v < values.length; v++) remap[v] = c.indexOf.get(values[v] as string) ?? -1;
      const slices = slicesOf(c, bounds, perResponse, asOfEpoch);
      const S = slices.period.length;
      const counts = new Float64Array(c.ids.length * S * 3);
      const validity = dated
        ? {
            active: activeFlat(c),
            sliceEpoch: slices.epoch,
            size: c.ids.length,
            validAt: (x: number, t: number) =>
              epochOfIndex(c, perResponse ? epochAt(c, t) : asOfEpoch).active[x] === 1,
          }
        : null;
      const table = categoryTable(interval.scheme);
      const min = interval.scheme.scale[0];
      const g = kernel.periodGrid(slices.sb);
      const outsideN = kernel.countColumns(
        fast.score,
        fast.at,
        codes,
        remap,
        table,
        min,
        g,
        S,
        counts,
        validity,
      );
      if (outsideN === 0 || (exact && outsideN > 0)) {
        if (exact || spansAll(counts, slices, c.ids.length)) {
          return finishCube(ctx, bounds, slices, { counts, sw: null, sw2: null }, [], outsideN);
        }
      }
      if (!exact && outsideN >= 0)
        return nodePeriodCube(fn, hierarchy, responses, options, wantOwn, false);
    }
  }
  const norm = normalizeResponses(fn, input, {
    scheme: interval.scheme,
    indexOf: c.indexOf,
    at: 'required',
    read: o,
  });
  const exclude = o.onUnknownNode === 'exclude';
  const excluded = unknownExclusions(fn, norm.unknown, exclude);
  const at = norm.at as Float64Array;
  // No periods (no responses and no from/to): nothing to count.
  const bounds = cubeBounds(fn, calendar, at, options, c.ids.length) ?? new Float64Array(0);
  const P = Math.max(0, bounds.length - 1);
  const size = c.ids.length;
  const slices =
    P === 0
      ? { sb: bounds, period: new Int32Array(0), epoch: new Int32Array(0) }
      : slicesOf(c, bounds, perResponse, asOfEpoch);
  const S = Math.max(0, slices.sb.length - 1);
  const { lo, hi, inv, grid } =
    S === 0
      ? { lo: Infinity, hi: -Infinity, inv: 0, grid: new Int32Array(0) }
      : kernel.periodGrid(slices.sb);
  const sb = slices.sb;
  // Node validity per slice (dated hierarchies only): active[epoch · size + x].
  const active = dated ? activeFlat(c) : null;
  const sliceEpoch = slices.epoch;
  const node = norm.node as Int32Array;
  const len = norm.length;
  const key = new Int32Array(len);
  const invalid = new NotValid();
  let outsideN = 0;
  for (let i = 0; i < len; i++) {
    const x = node[i] as number;
    const t = at[i] as number;
    if (x < 0) {
      key[i] = -1;
      continue;
    }
    let b = -1;
    if (t >= lo && t < hi) {
      b = grid[((t - lo) * inv) | 0] as number;
      while (t < (sb[b] as number)) b--;
      while (t >= (sb[b + 1] as number)) b++;
    }
    if (active !== null) {
      const e = b >= 0 ? (sliceEpoch[b] as number) : perResponse ? epochAt(c, t) : asOfEpoch;
      if (active[e * size + x] !== 1) {
        key[i] = -1;
        invalid.note(x, unitsAt(norm, i), i);
        continue;
      }
    }
    if (b < 0) {
      outsideN += unitsAt(norm, i);
      key[i] = -1;
    } else key[i] = x * S + b;
  }
  excluded.push(...invalid.exclusions(fn, c.ids, exclude, perResponse), ...norm.excluded);
  const g = countGroups(norm, key, size * S);
  return finishCube(ctx, bounds, slices, g, excluded, outsideN);
}

/**
 * Most node × period points one call may return (see {@link trendByNode}'s `@throws`): each
 * point is an object of about 230 bytes (measured), so 5,000,000 points are about 1.2 GB.
 */
const MAX_POINTS = 5_000_000;

/** {@link calendarBounds}, refusing up front (`too_large`) a cube of more than {@link MAX_POINTS} points. */
function cubeBounds(
  fn: string,
  calendar: kernel.Calendar,
  at: Float64Array,
  options: TrendByNodeOptions,
  nodes: number,
): Float64Array | null {
  const bounds = kernel.calendarBounds(fn, calendar, at, options.from, options.to);
  if (bounds !== null) {
    checkSize(
      fn,
      'nodes × periods',
      nodes * (bounds.length - 1),
      MAX_POINTS,
      'choose a longer period, a narrower from/to, or the trend of fewer nodes',
    );
  }
  return bounds;
}

/** Elements of `at` {@link sampleBounds} reads. */
const SAMPLE = 4096;

/**
 * Period boundaries spanning an evenly spaced sample of `at` (its first and last elements
 * included), or `null` when there is nothing to sample or the sample raises an error (the
 * exact path then reports it for the whole column).
 */
function sampleBounds(
  at: Float64Array,
  boundsOf: (at: Float64Array) => Float64Array | null,
): Float64Array | null {
  const len = at.length;
  if (len <= SAMPLE) return null;
  const step = len / SAMPLE;
  const sample = new Float64Array(SAMPLE + 1);
  for (let k = 0; k < SAMPLE; k++) sample[k] = at[Math.floor(k * step)] as number;
  sample[SAMPLE] = at[len - 1] as number;
  return tryBounds(sample, boundsOf);
}

/** `boundsOf(at)`, or `null` when it raises an error (the general path then reports it). */
function tryBounds(
  at: Float64Array,
  boundsOf: (at: Float64Array) => Float64Array | null,
): Float64Array | null {
  try {
    return boundsOf(at);
  } catch {
    return null;
  }
}

/**
 * Whether the first and last periods of guessed boundaries hold responses, given that every
 * response fell inside them: then the earliest response lies in the first period and the
 * latest in the last, so the boundaries are exactly those spanning all the responses.
 */
function spansAll(counts: Float64Array, slices: Slices, size: number): boolean {
  const S = slices.period.length;
  const last = (slices.period[S - 1] as number) | 0;
  let first = 0;
  let end = 0;
  for (let s = 0; s < S; s++) {
    const k = slices.period[s] as number;
    if (k !== 0 && k !== last) continue;
    let n = 0;
    for (let x = 0; x < size; x++) {
      const j = 3 * (x * S + s);
      n += (counts[j] as number) + (counts[j + 1] as number) + (counts[j + 2] as number);
    }
    if (k === 0) first += n;
    if (k === last) end += n;
  }
  return first > 0 && end > 0;
}

interface CubeContext {
  readonly compiled: CompiledHierarchy;
  readonly asOfEpoch: number;
  readonly calendar: kernel.Calendar;
  readonly interval: ResolvedInterval;
  readonly minSample: number;
  readonly wantOwn: boolean;
}

interface Slices {
  readonly sb: Float64Array;
  readonly period: Int32Array;
  readonly epoch: Int32Array;
}

/** @internal Pool the slice counts up their structures and fold slices into periods. */
function finishCube(
  ctx: CubeContext,
  bounds: Float64Array,
  slices: Slices,
  g: GroupCounts,
  excluded: Exclusion[],
  outsideN: number,
): NodePeriodCube {
  const { compiled: c, asOfEpoch, calendar, interval, minSample, wantOwn } = ctx;
  const size = c.ids.length;
  const P = Math.max(0, bounds.length - 1);
  const S = slices.period.length;
  const sliceEpoch = slices.epoch;
  const keepOwn = wantOwn || minSample > 0;
  const own = keepOwn ? fold(copyGroups(g), size, S, P, slices.period) : null;
  const atoms =
    minSample > 0
      ? { counts: g.counts.slice(), slices: S, period: slices.period, epoch: sliceEpoch }
      : null;
  // Pool each run of slices sharing a structure through that structure.
  for (let s0 = 0; s0 < S; ) {
    const e = sliceEpoch[s0] as number;
    let s1 = s0 + 1;
    while (s1 < S && sliceEpoch[s1] === e) s1++;
    const ep = epochOfIndex(c, e);
    for (const arr of [g.counts, g.sw, g.sw2]) {
      if (arr !== null) poolVectors(arr, ep, 3 * S, 3 * s0, 3 * (s1 - s0));
    }
    s0 = s1;
  }
  return {
    compiled: c,
    report: epochOfIndex(c, asOfEpoch),
    calendar,
    bounds,
    periods: P,
    total: fold(g, size, S, P, slices.period),
    own,
    excluded,
    excludedN: excludedCount(excluded),
    outsideN,
    interval,
    minSample,
    atoms,
  };
}

/**
 * NPS of every node of a hierarchy in every calendar period: the node × period cube, pooled up
 * the hierarchy (a node's point = its own responses plus all its descendants' in that period).
 *
 * Periods are those of {@link trend} (exact in the named IANA zone, every period between `from`
 * and `to` present, `start` inclusive, `end` exclusive); nodes and their pooling rules are those
 * of {@link rollup} (pooled counts, never averaged NPS; dated structures roll each response up
 * through the structure valid at its `at`, or at `asOf` with `structure: 'as-of'`; `minSample`
 * suppression with complementary suppression, applied period by period). Empty cells have
 * `n: 0` and `nps: null`. Intervals as {@link npsInterval}.
 *
 * Method: one pass over the responses buckets each instant through a lookup grid over the
 * precomputed period boundaries (no Date per response) and counts it into a flat typed-array
 * cube (nodes × periods × 3, plus Σw and Σw² when weighted); the cube is then pooled children
 * before parents, adding whole period vectors. O(n + nodes × periods) time and
 * nodes × periods × 3 numbers of memory (×3 when weighted).
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param responses - Rows `{ nodeId, score, at, weight? }[]`, columns or tallies `{ nodeId, at, tally }[]`; `at` is required.
 * @param options - Calendar (`period`, `timeZone`, `weekStartsOn`, `from`, `to`), interval
 *   (`scheme`, `confidence`, `method`) and rollup options (`structure`, `asOf`, `onUnknownNode`, `minSample`).
 * @returns A {@link TrendByNodeResult}: `periods` (`start`, `end`, `label`), and `nodes` each
 *   with `points` (`total`, `nps`, `low`, `high`, `se`, suppression) aligned with `periods`.
 * @throws {@link NpsInputError} `invalid_time_zone`; `invalid_date` (missing or invalid `at`,
 *   `from`, `to`, `asOf`); `unknown_node` for a response whose node is unknown, missing or not
 *   valid at its date (unless `onUnknownNode: 'exclude'`); `invalid_score`, `invalid_weight`,
 *   `length_mismatch`; `invalid_option` (e.g. an unknown period); `too_large` when nodes ×
 *   periods passes 5,000,000 (each point is an object of about 230 bytes, so the largest result
 *   accepted is about 1.2 GB; e.g. 5,000 nodes × 1,000 days), checked before the cube is counted.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null },
 *   { id: 's1', parentId: 'all' },
 *   { id: 's2', parentId: 'all' },
 * ]);
 * const r = trendByNode(h, [
 *   { nodeId: 's1', score: 10, at: Date.UTC(2025, 0, 5) },
 *   { nodeId: 's2', score: 3, at: Date.UTC(2025, 0, 9) },
 *   { nodeId: 's2', score: 9, at: Date.UTC(2025, 2, 1) },
 * ], { period: 'month' });
 * r.periods.map((p) => p.start); //=> ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z']
 * r.periods.map((p) => p.label); //=> ['2025-01', '2025-02', '2025-03']
 * r.nodes.map((n) => [n.id, n.points.map((p) => p.nps)]);
 * //=> [['all', [0, null, 100]], ['s1', [100, null, null]], ['s2', [-100, null, 100]]]
 * ```
 */
export function trendByNode(
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: TrendByNodeOptions,
): TrendByNodeResult {
  return trendByNodeOf('trendByNode', hierarchy, responses, options);
}

/**
 * @internal Hidden flags of a cube given from outside (the protection of several tables
 * published together): per period, by node; and whether `outsideN` is withheld.
 */
export interface CubeHidden {
  readonly points: readonly Uint8Array[];
  readonly outside: number;
}

/** @internal {@link trendByNode}, with the hidden flags given (`override`). */
export function trendByNodeOf(
  fn: string,
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: TrendByNodeOptions,
  override?: CubeHidden,
): TrendByNodeResult {
  const cube = nodePeriodCube(fn, hierarchy, responses, options);
  const c = cube.compiled;
  const { bounds, periods: P, total, report, minSample } = cube;
  const zone = cube.calendar.zone;
  const periods = kernel.periodSpans(cube.calendar, bounds);
  const hidden = override?.points ?? protectCube(cube);
  const outside = cube.outsideN;
  const outsideHidden = override?.outside ?? (outside > 0 && outside < minSample ? 1 : 0);
  // Cells with the same unweighted counts have the same interval: small cells repeat a lot
  // (a store-month with 20 responses has at most 231 possible tallies), so remember them.
  // The key is a small integer (counts under 1024 each), which V8 hashes without allocating;
  // larger cells are few and rarely repeat.
  const memo = new Map<number, NpsInterval | null>();
  const summaryOf = (t: Tally): NpsInterval | null => {
    const { promoters: p, passives: pa, detractors: d } = t;
    if (t.weights !== undefined || p >= 1024 || pa >= 1024 || d >= 1024) {
      return intervalOfTally(t, cube.interval);
    }
    const key = (p << 20) | (pa << 10) | d;
    let s = memo.get(key);
    if (s === undefined) {
      s = intervalOfTally(t, cube.interval);
      memo.set(key, s);
    }
    return s;
  };
  const nodes = nodeList(c, report, (x) => {
    const points: NodeTrendPoint[] = [];
    for (let k = 0; k < P; k++) {
      const h = hidden[k]?.[x] ?? 0;
      if (h !== 0) {
        points.push(withheldCell(h === 1 ? 'min_sample' : 'complementary'));
        continue;
      }
      const t = groupTally(total, x * P + k);
      points.push(cellFiguresOf(t, cube.interval, summaryOf(t)));
    }
    return points;
  });
  return {
    period: cube.calendar.period,
    timeZone: zone,
    periods,
    nodes,
    excluded: cube.excluded,
    excludedN: cube.excludedN,
    outsideN: outsideHidden === 0 ? outside : null,
    levels: c.levels,
    minSample,
    base: cube.interval.scheme.base,
    method: cube.interval.method,
    confidence: cube.interval.confidence,
  };
}

/**
 * Suppression of the cube: the fast local rule period by period on the reported structure,
 * then the one protection rule of kernels/disclosure.ts over the node × slice atoms (so a store
 * that moved inside a period, or a node's own answers, cannot be recovered either). Hidden
 * flags per period, by node.
 */
function protectCube(cube: NodePeriodCube): Uint8Array[] {
  const { compiled: c, total, own, report, minSample, atoms, periods: P } = cube;
  const hidden: Uint8Array[] = [];
  if (minSample <= 0 || own === null || atoms === null) return hidden;
  const size = c.ids.length;
  const S = atoms.slices;
  const totalN = new Float64Array(size);
  const ownN = new Float64Array(size);
  const cells = new CellSet();
  const atomN = new Float64Array(size * S);
  const byPeriod: { atom: number[]; node: number[]; epoch: Epoch[] }[] = Array.from(
    { length: P },
    () => ({ atom: [], node: [], epoch: [] }),
  );
  for (let x = 0; x < size; x++) {
    for (let s = 0; s < S; s++) {
      const k = x * S + s;
      const j = 3 * k;
      const n = (atoms.counts[j] ?? 0) + (atoms.counts[j + 1] ?? 0) + (atoms.counts[j + 2] ?? 0);
      atomN[k] = n;
      if (n <= 0) continue;
      const b = byPeriod[atoms.period[s] as number];
      b?.atom.push(k);
      b?.node.push(x);
      b?.epoch.push(epochOfIndex(c, atoms.epoch[s] as number));
    }
  }
  const totals: Int32Array[] = [];
  const initial: number[] = [];
  for (let k = 0; k < P; k++) {
    for (let x = 0; x < size; x++) {
      totalN[x] = groupN(total, x * P + k);
      ownN[x] = groupN(own, x * P + k);
    }
    const fast = suppress(report, totalN, ownN, minSample).total;
    const b = byPeriod[k] as { atom: number[]; node: number[]; epoch: Epoch[] };
    const tc = treeCells(cells, size, report, b.atom, b.node, b.epoch, {
      ownPublished: false,
      via: false,
    });
    for (let x = 0; x < size; x++) initial[tc.total[x] as number] = fast[x] ?? 0;
    totals.push(tc.total);
  }
  const state = protectCells(cells, atomN, minSample, Uint8Array.from(initial));
  for (let k = 0; k < P; k++) {
    const flags = new Uint8Array(size);
    const tc = totals[k] as Int32Array;
    for (let x = 0; x < size; x++) flags[x] = hiddenFlag(state[tc[x] as number]);
    hidden.push(flags);
  }
  return hidden;
}

function nodeList(
  c: CompiledHierarchy,
  report: Epoch,
  pointsOf: (x: number) => NodeTrendPoint[],
): NodeTrend[] {
  const nodes: NodeTrend[] = [];
  for (const x of report.order) {
    const p = report.parent[x] as number;
    nodes.push({
      id: c.ids[x] ?? '',
      name: c.name[x] ?? null,
      parentId: p < 0 ? null : (c.ids[p] ?? null),
      level: c.level[x] ?? null,
      depth: report.depth[x] as number,
      points: pointsOf(x),
    });
  }
  return nodes;
}
