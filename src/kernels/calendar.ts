/**
 * @internal The calendar kernel: period boundaries of days, weeks, months, quarters and years in
 * a named IANA time zone (exact across DST changes, from wall-clock arithmetic and the zone's
 * offsets by `tzOffset` of @date-fns/tz), their ISO strings and labels, and the O(1) bucketing
 * of instants into periods through a lookup grid. `trend`, `rollingTrend`, `trendByNode` and
 * `trendChanges` compute every period through this module.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { getWeek } from 'date-fns/getWeek';
import { getWeekYear } from 'date-fns/getWeekYear';
import { NpsInputError } from '../errors.ts';
import type { PeriodSpan, TrendPeriod } from '../types.ts';
import { describe } from './describe.ts';
import { toEpoch } from './responses.ts';
import { closest } from './suggest.ts';

/**
 * @internal Validate an IANA zone name; the error suggests the nearest zone the runtime knows
 * (computed only when the zone is refused).
 */
export function checkZone(fn: string, zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    const near =
      typeof Intl.supportedValuesOf === 'function'
        ? closest(zone, ['UTC', ...Intl.supportedValuesOf('timeZone')])
        : undefined;
    throw new NpsInputError({
      code: 'invalid_time_zone',
      message: `${fn}: timeZone must be an IANA time zone name, received ${describe(zone)}${near === undefined ? '' : `; did you mean '${near}'?`}`,
      path: ['timeZone'],
      received: zone,
    });
  }
}

function instant(fn: string, value: unknown, field: string): number {
  const ms = toEpoch(value);
  if (Number.isNaN(ms)) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: ${field} must be a valid Date or epoch milliseconds, received ${describe(value)}`,
      path: [field],
      received: value,
    });
  }
  return ms;
}

const DAY = 86_400_000;
/** @internal The farthest instant from 1970 a `Date` represents, either way (±271 821 years). */
export const DATE_LIMIT = 8.64e15;

/** @internal The zone's offset from UTC in ms at an instant (via `tzOffset` of @date-fns/tz). */
function offsetMs(zone: string, ms: number): number {
  return tzOffset(zone, new Date(ms)) * 60_000;
}

/*
 * Why period starts are computed here from `tzOffset` instead of date-fns' `startOfDay`,
 * `startOfWeek`, `startOfMonth`… and `addDays`, `addMonths`… with `{ in: tz(zone) }`: compared
 * boundary by boundary over 2008–2025 (day, week, month, quarter and year in Europe/Kyiv,
 * America/Santiago, Australia/Lord_Howe, Pacific/Apia, America/Havana and Asia/Gaza; the tests
 * keep that comparison for the cases where date-fns is right), date-fns agrees except on days:
 * - where midnight occurs twice (Asia/Gaza 2009-09-04, clocks 01:00 → 00:00), `startOfDay`
 *   returns the second midnight (22:00Z), leaving the hour whose wall clock reads 00:xx in the
 *   previous day; the day starts at the first (21:00Z);
 * - under a non-UTC process time zone (TZ=America/Santiago), `startOfDay` lands one hour late
 *   on days when the process zone changes its offset: Europe/Kyiv 2008-03-30 starts at
 *   23:00Z (01:00 local) instead of 22:00Z, Australia/Lord_Howe 2010-04-04 and 2019-04-07 at
 *   14:00Z instead of 13:00Z, Pacific/Apia 2019-04-07 likewise, and so `startOfWeek` with
 *   Sunday weeks on Lord Howe's first Sunday of April every year; under TZ=Australia/Lord_Howe,
 *   `startOfWeek` puts Santiago's Sunday week of 2019-04-07 a week early (2019-03-31T03:00Z).
 *   `TZDate` does its arithmetic
 *   through the process-local `Date` methods, so its result depends on the process zone.
 * Period starts must not depend on the process zone, so they are computed from wall-clock
 * arithmetic on UTC-encoded dates (`Date.UTC`, exact for the proleptic Gregorian calendar) and
 * one offset lookup per boundary (`tzOffset`, which reads `Intl` and is process-zone free). It
 * runs once per period, never per response.
 */

/**
 * @internal The first instant whose wall-clock time in `zone` is at or after the wall-clock
 * instant `wall` (UTC-encoded). In a DST gap (e.g. Santiago's missing midnight) that is the
 * transition; in an overlap, the earlier of the two instants.
 */
export function wallToInstant(zone: string, wall: number): number {
  const oA = offsetMs(zone, wall - DAY);
  const oB = offsetMs(zone, wall + DAY);
  const cA = wall - oA;
  const cB = wall - oB;
  const okA = offsetMs(zone, cA) === oA;
  const okB = offsetMs(zone, cB) === oB;
  if (okA && okB) return Math.min(cA, cB);
  if (okA) return cA;
  if (okB) return cB;
  // A gap: `wall` was skipped. The answer is the transition itself, the first instant with the
  // later offset, between the two readings (found by bisection; gaps are rare, so this is cheap).
  let lo = Math.min(cA, cB);
  let hi = Math.max(cA, cB);
  const after = offsetMs(zone, hi);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** @internal A running period number: days / weeks since epoch, months since year 0, … */
function periodIndex(period: TrendPeriod, zone: string, weekStartsOn: number, ms: number): number {
  const wall = ms + offsetMs(zone, ms);
  const day = Math.floor(wall / DAY);
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case 'day':
      return day;
    case 'week':
      // 1970-01-01 was a Thursday (day 4).
      return Math.floor((day + ((4 - weekStartsOn + 7) % 7)) / 7);
    case 'month':
      return 12 * y + m;
    case 'quarter':
      return 4 * y + Math.floor(m / 3);
    case 'year':
      return y;
  }
}

/**
 * @internal `Date.UTC(y, m, d)` for every year: `Date.UTC` reads the years 0–99 as 1900–1999.
 * Months and days out of range carry over as in `Date.UTC` (month −1 is December of `y − 1`).
 */
export function utcMs(y: number, m: number, d: number): number {
  const t = new Date(0);
  return t.setUTCFullYear(y, m, d);
}

/** @internal Wall-clock start (UTC-encoded ms) of period number `k`. */
function wallOf(period: TrendPeriod, k: number, weekStartsOn: number): number {
  switch (period) {
    case 'day':
      return k * DAY;
    case 'week':
      return (7 * k - ((4 - weekStartsOn + 7) % 7)) * DAY;
    // month k of year 0 carries into the right year for any k, negative ones too
    case 'month':
      return utcMs(0, k, 1);
    case 'quarter':
      return utcMs(0, 3 * k, 1);
    case 'year':
      return utcMs(k, 0, 1);
  }
}

/** @internal ISO 8601 with the zone's offset, e.g. '2025-03-30T00:00:00+02:00' ('Z' for 0). */
export function isoInZone(zone: string, ms: number): string {
  const off = offsetMs(zone, ms);
  // without the '.sssZ' tail (years outside 0–9999 have six digits and a sign, so not slice(0, 19))
  const s = new Date(ms + off).toISOString().slice(0, -5);
  if (off === 0) return `${s}Z`;
  // Local mean time before standard zones had offsets in seconds (Pacific/Apia −11:26:56):
  // written ±hh:mm:ss then, as java.time and Temporal write them.
  const a = Math.round(Math.abs(off) / 1000);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = String(Math.floor(a / 60) % 60).padStart(2, '0');
  const ss = a % 60 === 0 ? '' : `:${String(a % 60).padStart(2, '0')}`;
  return `${s}${off < 0 ? '-' : '+'}${hh}:${mm}${ss}`;
}

/** A year as ISO 8601 strings (and `Date#toISOString`) write it: `'2026'`, `'+010000'`, `'-000001'`. */
function isoYear(y: number): string {
  return y >= 0 && y <= 9999
    ? String(y).padStart(4, '0')
    : `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * @internal The labeller of a calendar's periods: `(start) => label`, the name on the zone's
 * calendar of the period starting at instant `start`: `'2026-03-15'`, `'2026-W11'`,
 * `'2026-03'`, `'2026-Q1'`, `'2026'`. Years are written as in the ISO strings of `start` and
 * `end` (signed, six digits outside 0–9999). Monday weeks are ISO weeks (`'2025-W01'` starts
 * on 2024-12-30); weeks starting on another day are numbered by date-fns' `getWeek` /
 * `getWeekYear` with that `weekStartsOn` and `firstWeekContainsDate: 4` (the rule
 * `trendChanges` matches years by).
 *
 * The date is the wall clock of `start` in the zone (its offset looked up once), so the process
 * zone never matters: date-fns' week functions read local-time fields, and are given a local
 * date at noon with the same year, month and day. (A zero-length period, a calendar day a zone
 * skipped such as Pacific/Apia's 2011-12-30, takes the label of the day that follows it.)
 */
export function periodLabeller(cal: Calendar): (start: number) => string {
  const { zone, period } = cal;
  const weekOptions = {
    weekStartsOn: cal.weekStartsOn as 0 | 1 | 2 | 3 | 4 | 5 | 6,
    firstWeekContainsDate: 4 as const,
  };
  return (start) => {
    const wall = new Date(start + offsetMs(zone, start));
    const y = wall.getUTCFullYear();
    const m = wall.getUTCMonth();
    switch (period) {
      case 'day':
        return `${isoYear(y)}-${pad2(m + 1)}-${pad2(wall.getUTCDate())}`;
      case 'month':
        return `${isoYear(y)}-${pad2(m + 1)}`;
      case 'quarter':
        return `${isoYear(y)}-Q${String(Math.floor(m / 3) + 1)}`;
      case 'year':
        return isoYear(y);
      case 'week': {
        const local = new Date(2000, 0, 1, 12);
        local.setFullYear(y, m, wall.getUTCDate());
        return cal.weekStartsOn === 1
          ? `${isoYear(getISOWeekYear(local))}-W${pad2(getISOWeek(local))}`
          : `${isoYear(getWeekYear(local, weekOptions))}-W${pad2(getWeek(local, weekOptions))}`;
      }
    }
  };
}

/**
 * @internal Sorted period-start epoch ms covering [fromMs, toMs], plus the end of the last
 * period (length = periods + 1). One offset lookup per period, exact in the zone.
 */
export function periodBoundaries(
  fn: string,
  period: TrendPeriod,
  zone: string,
  weekStartsOn: number,
  fromMs: number,
  toMs: number,
): Float64Array {
  const first = periodIndex(period, zone, weekStartsOn, fromMs);
  const at = (k: number): number => {
    const t = wallToInstant(zone, wallOf(period, first + k, weekStartsOn));
    // Callers keep every boundary inside the date range; a NaN here would loop forever.
    if (!Number.isNaN(t)) return t;
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: the periods from ${String(fromMs)} to ${String(toMs)} reach beyond the supported date range (epoch milliseconds between −${String(MAX_INSTANT)} and ${String(MAX_INSTANT)})`,
      received: fromMs,
    });
  };
  const out: number[] = [at(0)];
  for (let k = 1; ; k++) {
    const next = at(k);
    out.push(next);
    if (next > toMs) break;
  }
  return Float64Array.from(out);
}

/** @internal Index of the period containing `t` (binary search), or −1 when outside. */
export function bucketOf(bounds: Float64Array, t: number): number {
  const last = bounds.length - 1;
  if (!(t >= (bounds[0] ?? 0)) || !(t < (bounds[last] ?? 0))) return -1;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((bounds[mid] ?? 0) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * @internal A uniform grid over sorted boundaries for O(1) bucketing. The cell of an instant is
 * `cellOf(t) = ⌊(t − lo) · inv⌋` and `grid[c]` is the last bucket whose start lies in a cell
 * before `c`. Because `cellOf` is monotone (IEEE subtraction and multiplication by a positive
 * constant never reverse an order), a bucket starting in an earlier cell starts before any `t`
 * of cell `c`, so `grid[cellOf(t)]` never overshoots `t`'s bucket and a forward walk over the
 * exact boundaries (usually zero or one step) finds it. Cells are one hour (coarser for spans
 * beyond ~30 years, so the table stays ≤ 2^18 entries).
 */
export interface PeriodGrid {
  /** Sorted boundaries (buckets + 1). */
  readonly bounds: Float64Array;
  /** First boundary. */
  readonly lo: number;
  /** Last boundary. */
  readonly hi: number;
  /** 1 / cell width in ms. */
  readonly inv: number;
  /** Per cell, a lower bound of the bucket of every instant in the cell. */
  readonly grid: Int32Array;
}

/** @internal Build the {@link PeriodGrid} of sorted boundaries (at least two). */
export function periodGrid(bounds: Float64Array): PeriodGrid {
  const last = bounds.length - 1;
  const lo = bounds[0] as number;
  const hi = bounds[last] as number;
  const inv = 1 / Math.max(3_600_000, (hi - lo) / 262_144);
  const cells = (((hi - lo) * inv) | 0) + 2;
  const grid = new Int32Array(cells);
  let b = 0;
  for (let c = 0; c < cells; c++) {
    while (b + 1 < last && ((((bounds[b + 1] as number) - lo) * inv) | 0) < c) b++;
    grid[c] = b;
  }
  return { bounds, lo, hi, inv, grid };
}

/**
 * @internal Bucket index of every instant in `at` (−1 outside `[lo, hi)`): a grid lookup then
 * a forward walk over the exact boundaries, so exact whatever the rounding of the grid.
 */
export function bucketAll(g: PeriodGrid, at: Float64Array, out: Int32Array): void {
  const { bounds, lo, hi, inv, grid } = g;
  const len = at.length;
  for (let i = 0; i < len; i++) {
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) {
      out[i] = -1;
      continue;
    }
    let b = grid[((t - lo) * inv) | 0] as number;
    while (t >= (bounds[b + 1] as number)) b++;
    out[i] = b;
  }
}

/** @internal Node validity for dated hierarchies in {@link countColumns}. */
export interface NodeValidity {
  /** `active[e · size + x]` is 1 when node `x` exists in structure `e`. */
  readonly active: Uint8Array;
  /** The structure of each grid bucket (slice). */
  readonly sliceEpoch: Int32Array;
  /** Number of nodes. */
  readonly size: number;
  /** Whether node `x` exists at instant `t` (asked only for instants outside the grid). */
  readonly validAt: (x: number, t: number) => boolean;
}

/**
 * @internal Fused validate-bucket-count for unweighted columnar responses (the hot path of
 * {@link trend} and `trendByNode`): one pass reads score, node code and instant, and adds 1 to
 * `counts[3 · (x · S + b) + category]` for node `x = remap[code]` (0 without nodes) and grid
 * bucket `b`. Returns how many responses fell outside the grid, or −1 as soon as a value needs
 * the general path (invalid score or instant, missing or unknown node, or with `validity` a
 * node that does not exist at the response's date): the caller then discards `counts` and falls
 * back to `normalizeResponses`, which raises the precise error or records the exclusions.
 */
export function countColumns(
  score: ArrayLike<number>,
  at: Float64Array,
  codes: ArrayLike<number> | null,
  remap: Int32Array | null,
  table: Uint8Array,
  min: number,
  g: PeriodGrid | null,
  S: number,
  counts: Float64Array,
  validity: NodeValidity | null = null,
): number {
  if (validity === null && codes !== null && remap !== null && g !== null) {
    return countCoded(score, at, codes, remap, table, min, g, S, counts);
  }
  const va = validity === null ? null : validity.active;
  const se = validity === null ? new Int32Array(0) : validity.sliceEpoch;
  const size = validity === null ? 0 : validity.size;
  const validAt = validity === null ? null : validity.validAt;
  const len = score.length;
  const nv = remap === null ? 0 : remap.length;
  const lo = g === null ? Infinity : g.lo;
  const hi = g === null ? -Infinity : g.hi;
  const inv = g === null ? 0 : g.inv;
  const grid = g === null ? new Int32Array(1) : g.grid;
  const bounds = g === null ? new Float64Array(2) : g.bounds;
  let outside = 0;
  for (let i = 0; i < len; i++) {
    const cat = categoryOf(score[i], table, min);
    if (cat < 0) return -1;
    let x = 0;
    if (codes !== null && remap !== null) {
      x = nodeOf(codes[i], remap, nv);
      if (x < 0) return -1;
    }
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) {
      if (!Number.isFinite(t) || (validAt !== null && !validAt(x, t))) return -1;
      outside++;
      continue;
    }
    let b = grid[((t - lo) * inv) | 0] as number;
    while (t >= (bounds[b + 1] as number)) b++;
    if (va !== null && va[(se[b] as number) * size + x] !== 1) return -1;
    const j = 3 * (x * S + b) + cat;
    counts[j] = (counts[j] as number) + 1;
  }
  return outside;
}

/**
 * Category (0, 1, 2) of score `s`, or −1 for one the general path must read: not a number (a
 * string, a BigInt: `s - min` would throw), out of range, fractional or NaN (coerced, excluded
 * or the precise error there).
 */
function categoryOf(s: unknown, table: Uint8Array, min: number): number {
  if (typeof s !== 'number') return -1;
  return table[s - min] ?? -1;
}

/**
 * Node index of code `cd`, or −1 for one the general path must read (a BigInt or Symbol code
 * must not reach `>>>`, a raw TypeError; out of range; a value not in the hierarchy).
 */
function nodeOf(cd: unknown, remap: Int32Array, nv: number): number {
  if (typeof cd !== 'number' || cd >>> 0 !== cd || cd >= nv) return -1;
  return remap[cd] as number;
}

/**
 * {@link countColumns} for the common case (node codes, a grid, no dated structures): the same
 * checks and counts without the branches of the others, about 15% faster (bench/warm.ts).
 */
function countCoded(
  score: ArrayLike<number>,
  at: Float64Array,
  codes: ArrayLike<number>,
  remap: Int32Array,
  table: Uint8Array,
  min: number,
  g: PeriodGrid,
  S: number,
  counts: Float64Array,
): number {
  const { lo, hi, inv, grid, bounds } = g;
  const nv = remap.length;
  const len = score.length;
  let outside = 0;
  for (let i = 0; i < len; i++) {
    const cat = categoryOf(score[i], table, min);
    const x = nodeOf(codes[i], remap, nv);
    if (cat < 0 || x < 0) return -1;
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) {
      if (!Number.isFinite(t)) return -1;
      outside++;
      continue;
    }
    let b = grid[((t - lo) * inv) | 0] as number;
    while (t >= (bounds[b + 1] as number)) b++;
    const j = 3 * (x * S + b) + cat;
    counts[j] = (counts[j] as number) + 1;
  }
  return outside;
}

/** @internal Calendar options shared by {@link trend} and `trendByNode`, validated. */
export interface Calendar {
  readonly period: TrendPeriod;
  readonly zone: string;
  readonly weekStartsOn: number;
}

/** @internal Validate the zone of parsed calendar options. */
export function calendarOf(
  fn: string,
  o: { period: TrendPeriod; timeZone?: string | undefined; weekStartsOn?: number | undefined },
): Calendar {
  const zone = o.timeZone ?? 'UTC';
  checkZone(fn, zone);
  return { period: o.period, zone, weekStartsOn: o.weekStartsOn ?? 1 };
}

/**
 * @internal Largest |epoch ms| accepted as an instant: the ECMAScript date range (±8.64e15 ms)
 * less 400 days, so that the period containing any accepted instant (a year at most) has both
 * boundaries inside the date range. Beyond it the zone offsets are NaN and no boundary could be
 * computed.
 */
export const MAX_INSTANT = DATE_LIMIT - 400 * DAY;

/** @internal Most periods one call may cover (1 000 000 days is about 2 700 years). */
const MAX_PERIODS = 1_000_000;

/** Shortest possible length of each period, for the period-count check before building. */
const SHORTEST: Record<TrendPeriod, number> = {
  day: DAY - 3 * 3_600_000,
  week: 7 * DAY - 3 * 3_600_000,
  month: 28 * DAY - 3 * 3_600_000,
  quarter: 89 * DAY,
  year: 365 * DAY - DAY,
};

function outOfRange(
  fn: string,
  field: string,
  path: PropertyKey[],
  received: unknown,
  index?: number,
) {
  return new NpsInputError({
    code: 'invalid_date',
    message: `${fn}: ${field} must be a date within the supported range (epoch milliseconds between −${String(MAX_INSTANT)} and ${String(MAX_INSTANT)}), received ${describe(received)}`,
    path,
    received,
    ...(index === undefined ? {} : { index }),
  });
}

/**
 * @internal Period boundaries covering `from`..`to`, or null when there is nothing to cover
 * (no responses and neither `from` nor `to`).
 *
 * `from` and `to` are instants; the periods containing them are the first and the last. A
 * missing `from` defaults to the earliest response and a missing `to` to the latest, except
 * that a default never crosses the other, given, bound (all responses after a given `to`:
 * the series is `to`'s period alone, and they are counted outside). Both given with `to` before
 * `from` raises `invalid_date`, as does an instant beyond {@link MAX_INSTANT}; a span of more
 * than {@link MAX_PERIODS} periods raises `invalid_option`.
 */
export function calendarBounds(
  fn: string,
  cal: Calendar,
  at: Float64Array,
  from: unknown,
  to: unknown,
): Float64Array | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  if (from === undefined || to === undefined) {
    // An index loop: for-of over a typed array is ~2× slower here (measured under tsx/Node 20).
    // eslint-disable-next-line @typescript-eslint/prefer-for-of
    for (let i = 0; i < at.length; i++) {
      const t = at[i] as number;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  let fromMs = from === undefined ? lo : instant(fn, from, 'from');
  let toMs = to === undefined ? hi : instant(fn, to, 'to');
  if (from !== undefined && Math.abs(fromMs) > MAX_INSTANT)
    throw outOfRange(fn, 'from', ['from'], from);
  if (to !== undefined && Math.abs(toMs) > MAX_INSTANT) throw outOfRange(fn, 'to', ['to'], to);
  if (from !== undefined && to !== undefined && toMs < fromMs) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: to must not be before from (${new Date(fromMs).toISOString()}), received ${describe(to)}`,
      path: ['to'],
      received: to,
    });
  }
  if (from === undefined && to !== undefined && !(fromMs <= toMs)) fromMs = toMs;
  if (to === undefined && from !== undefined && !(toMs >= fromMs)) toMs = fromMs;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return null;
  // A default taken from the responses: name the response beyond the supported range.
  if (Math.abs(fromMs) > MAX_INSTANT || Math.abs(toMs) > MAX_INSTANT) {
    const bad = Math.abs(fromMs) > MAX_INSTANT ? fromMs : toMs;
    const i = at.indexOf(bad);
    throw outOfRange(fn, `at at index ${String(i)}`, [i, 'at'], bad, i);
  }
  if ((toMs - fromMs) / SHORTEST[cal.period] > MAX_PERIODS) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: the span covered (${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}) must hold at most ${String(MAX_PERIODS)} ${cal.period} periods; choose a longer period or a narrower from/to, received period ${describe(cal.period)}`,
      path: ['period'],
      received: cal.period,
    });
  }
  return periodBoundaries(fn, cal.period, cal.zone, cal.weekStartsOn, fromMs, toMs);
}

/** The span and label of each period between consecutive `bounds` (epoch ms) in the calendar's zone. */
export function periodSpans(cal: Calendar, bounds: Float64Array): PeriodSpan[] {
  const labelOf = periodLabeller(cal);
  const spans: PeriodSpan[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k] as number;
    spans.push({
      start: isoInZone(cal.zone, a),
      end: isoInZone(cal.zone, bounds[k + 1] as number),
      label: labelOf(a),
    });
  }
  return spans;
}
