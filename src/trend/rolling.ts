import { tzOffset } from '@date-fns/tz/tzOffset';
import * as z from 'zod/mini';
import { figuresOf, intervalOptionsOf } from '../core/figures.ts';
import { type Tally } from '../core/tally.ts';
import { NpsInputError } from '../errors.ts';
import {
  bucketAll,
  type Calendar,
  calendarBounds,
  calendarOf,
  DATE_LIMIT,
  isoInZone,
  periodBoundaries,
  periodGrid,
  periodLabeller,
  utcMs,
  wallToInstant,
} from '../kernels/calendar.ts';
import { countGroups } from '../kernels/groups.ts';
import { normalizeResponses, type ResponsesInput } from '../kernels/responses.ts';
import { makeTally } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { Excluded } from '../types.ts';
import {
  type TrendOptions,
  type TrendPeriod,
  type TrendPoint,
  trendShape,
  unitsOutside,
} from './trend.ts';

/** A trailing window of N calendar days in the zone. */
export interface DayWindow {
  /** N, an integer from 1 to 100 000. */
  readonly days: number;
}

/** A trailing window of N periods: the reporting period and the N − 1 before it. */
export interface PeriodWindow {
  /** N, an integer from 1 to 100 000. */
  readonly periods: number;
}

/** The trailing window of a rolling point: N calendar days, or N periods of the series. */
export type RollingWindow = DayWindow | PeriodWindow;

/** Options of {@link rollingTrend}: those of `trend` plus the window. */
export interface RollingTrendOptions extends TrendOptions {
  /**
   * The trailing window evaluated at each period end: `{ days: N }` (the N calendar days in the
   * zone ending at the period end) or `{ periods: N }` (this period and the N − 1 before it).
   * N is an integer from 1 to 100 000.
   */
  readonly window: RollingWindow;
}

/**
 * One rolling point: the window ending at a period end, with the fields of a trend point (NPS
 * on −100..100). `start` is the window's start and `end` the reporting period's end; `label`
 * names the reporting period (the window's last, starting at `periodStart`): `'2026-W11'` for a
 * 90-day window reported weekly is the window ending with ISO week 11, whatever its length.
 */
export interface RollingPoint extends TrendPoint {
  /** Start of the reporting period whose end closes the window. */
  readonly periodStart: string;
}

/**
 * Result of {@link rollingTrend}; `excluded` holds the responses set aside for their score
 * (`onInvalidScore: 'exclude'`).
 */
export interface RollingResult extends Excluded {
  /** One point per reporting period, in order. */
  readonly points: readonly RollingPoint[];
  /**
   * Responses in no window (before the first window's start, or after `to`'s period), counted
   * so that none is silently lost; 0 without `from` and `to`.
   */
  readonly outsideN: number;
}

const MAX_WINDOW = 100_000;
const DAY = 86_400_000;

function buildOptionsSchema() {
  const size = z.number().check(z.int(), z.gte(1), z.lte(MAX_WINDOW));
  return exactKeys<RollingTrendOptions>()(
    z.strictObject({
      ...trendShape(),
      window: z.union([z.strictObject({ days: size }), z.strictObject({ periods: size })]),
    }),
  );
}

const optionsSchema = /* @__PURE__ */ lazy(buildOptionsSchema);

/** Wall-clock day number (days since 1970-01-01 on the zone's calendar) of an instant. */
function wallDay(zone: string, ms: number): number {
  return Math.floor((ms + tzOffset(zone, new Date(ms)) * 60_000) / DAY);
}

/**
 * Wall-clock start (UTC-encoded) of the period `k` periods before the one starting at `wall`.
 * Plain UTC arithmetic on the first of a month (no day clamping arises), not date-fns'
 * `subMonths`, whose result would go through the process zone (see the note above
 * `wallToInstant` in trend.ts); the instant is then found with `wallToInstant`.
 */
function shiftWall(period: TrendPeriod, wall: number, k: number): number {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case 'day':
      return wall - k * DAY;
    case 'week':
      return wall - 7 * k * DAY;
    case 'month':
      return utcMs(y, m - k, 1);
    case 'quarter':
      return utcMs(y, m - 3 * k, 1);
    case 'year':
      return utcMs(y - k, 0, 1);
  }
}

/**
 * The units the window slides over (days, or periods reaching N − 1 periods before the first
 * reported one) and, for each reported point, the window as a unit range [from, to).
 */
function windowUnits(
  cal: Calendar,
  bounds: Float64Array,
  window: RollingWindow,
): { units: Float64Array; from: Int32Array; to: Int32Array } {
  // The first window reaches back before the first reported period; before the earliest Date
  // no boundary can be computed (and the boundary loop would never end).
  const reach = (start: number): number => {
    if (start >= -DATE_LIMIT) return start;
    throw new NpsInputError({
      code: 'invalid_date',
      message: `rollingTrend: the first window (${'periods' in window ? `${String(window.periods)} periods` : `${String(window.days)} days`}) reaches back before the earliest date JavaScript represents (epoch milliseconds −${String(DATE_LIMIT)}); report from a later date or use a shorter window`,
      path: ['window'],
      received: window,
    });
  };
  const points = bounds.length - 1;
  const last = bounds[points] as number;
  const from = new Int32Array(points);
  const to = new Int32Array(points);
  if ('periods' in window) {
    const n = window.periods;
    const first = bounds[0] as number;
    const wall = wallDay(cal.zone, first) * DAY;
    const start = reach(wallToInstant(cal.zone, shiftWall(cal.period, wall, n - 1)));
    const units = periodBoundaries(
      'rollingTrend',
      cal.period,
      cal.zone,
      cal.weekStartsOn,
      start,
      last - 1,
    );
    for (let k = 0; k < points; k++) {
      from[k] = k;
      to[k] = k + n;
    }
    return { units, from, to };
  }
  const n = window.days;
  const firstEnd = bounds[1] as number;
  const start = reach(wallToInstant(cal.zone, (wallDay(cal.zone, firstEnd) - n) * DAY));
  const units = periodBoundaries('rollingTrend', 'day', cal.zone, 1, start, last - 1);
  // Period ends are day boundaries (both are the zone's midnights, by the same computation):
  // walk the two sorted lists together.
  let j = 0;
  for (let k = 0; k < points; k++) {
    const end = bounds[k + 1] as number;
    while ((units[j] as number) < end) j++;
    from[k] = j - n;
    to[k] = j;
  }
  return { units, from, to };
}

/**
 * Running sums with Neumaier compensation: weighted sums are added and subtracted with an
 * error of about one rounding of the window's own magnitude, whatever has slid through.
 */
class Running {
  readonly sum = new Float64Array(9);
  readonly comp = new Float64Array(9);

  add(j: number, x: number): void {
    const s = this.sum[j] as number;
    const t = s + x;
    this.comp[j] = (this.comp[j] as number) + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
    this.sum[j] = t;
  }

  value(j: number): number {
    return (this.sum[j] as number) + (this.comp[j] as number);
  }

  /** Reset a slot to exactly 0 (its category left the window). */
  clear(j: number): void {
    this.sum[j] = 0;
    this.comp[j] = 0;
  }
}

/**
 * Rolling NPS: at the end of each calendar period (day, week, month, quarter, year in a named
 * IANA zone, as `trend`), the NPS of a trailing window of N calendar days or N periods, e.g. a
 * 90-day rolling NPS reported weekly.
 *
 * Responses are bucketed once per day (day windows; days are the zone's calendar days, 23 or
 * 25 hours long across DST changes) or per period (period windows) through the exact period
 * boundaries, then the window slides: each step adds the buckets entering the window and
 * subtracts those leaving it, so the cost is O(responses + buckets + points), independent of
 * the window length. Counts are integers and subtract exactly; weighted sums (Σw, Σw²) are
 * carried with Neumaier's compensated summation (Neumaier 1974, ZAMM 54, 39–51) and reset to
 * exactly 0 when their category leaves the window, so no ghost weight survives. Responses
 * before `from` count in the windows that reach back to them; responses in no window (before
 * the first window or after `to`'s period) are counted in `outsideN`. `from`/`to` select the
 * reporting periods exactly as they select `trend`'s periods. Intervals as `npsInterval`.
 *
 * @param responses - Rows `{ score, at }`, columns `{ score, at }` or tallies `{ tally, at }`.
 * @param options - `period`, `window` (`{ days }` or `{ periods }`), `timeZone`, `weekStartsOn`,
 *   `from`, `to`, `scheme`, `confidence`, `method`.
 * @returns `{ points, outsideN }`: one point per reporting period from `from` to `to`
 *   (default: the earliest and latest response), each with its window's `start`, `end`,
 *   `total`, `nps`, `low`, `high`, `se`, and the reporting period's `periodStart` and `label`;
 *   `outsideN` responses fell in no window.
 * @throws {@link NpsInputError} `invalid_option` for a missing or malformed window (not exactly
 *   one of `days`/`periods`, not an integer from 1 to 100 000), `invalid_time_zone`,
 *   `invalid_date`, and bad scores or weights.
 * @example
 * ```ts
 * const rows = [
 *   { score: 10, at: Date.UTC(2025, 0, 6) },
 *   { score: 2, at: Date.UTC(2025, 0, 13) },
 *   { score: 9, at: Date.UTC(2025, 0, 20) },
 * ];
 * const r = rollingTrend(rows, { period: 'week', window: { days: 14 } });
 * r.points.map((p) => [p.start, p.end, p.total.n, p.nps]);
 * //=> [['2024-12-30T00:00:00Z', '2025-01-13T00:00:00Z', 1, 100], ['2025-01-06T00:00:00Z', '2025-01-20T00:00:00Z', 2, 0], ['2025-01-13T00:00:00Z', '2025-01-27T00:00:00Z', 2, 0]]
 * r.points.map((p) => p.label); //=> ['2025-W02', '2025-W03', '2025-W04']
 * ```
 */
export function rollingTrend(
  responses: ResponsesInput,
  options: RollingTrendOptions,
): RollingResult {
  const fn = 'rollingTrend';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const cal = calendarOf(fn, o);
  const r = intervalOptionsOf(fn, options);
  const norm = normalizeResponses(fn, responses, { scheme: r.scheme, at: 'required', read: o });
  const at = norm.at ?? new Float64Array(0);
  const bounds = calendarBounds(fn, cal, at, options.from, options.to);
  if (bounds === null) return { points: [], outsideN: 0, excluded: [], excludedN: 0 };
  const { units, from, to } = windowUnits(cal, bounds, o.window);
  const nu = units.length - 1;
  const key = new Int32Array(norm.length);
  bucketAll(periodGrid(units), at, key);
  const { counts, sw, sw2 } = countGroups(norm, key, nu);
  const weighted = sw !== null;
  const outsideN = unitsOutside(norm, key);

  const run = new Running();
  const slide = (u: number, sign: 1 | -1): void => {
    for (let c = 0; c < 3; c++) {
      run.sum[c] = (run.sum[c] as number) + sign * (counts[3 * u + c] as number);
      if (sw !== null && sw2 !== null) {
        run.add(3 + c, sign * (sw[3 * u + c] as number));
        run.add(6 + c, sign * (sw2[3 * u + c] as number));
      }
    }
  };
  const zone = cal.zone;
  const labelOf = periodLabeller(cal);
  const points: RollingPoint[] = [];
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < from.length; k++) {
    const f = from[k] as number;
    const t = to[k] as number;
    for (; hi < t; hi++) slide(hi, 1);
    for (; lo < f; lo++) slide(lo, -1);
    points.push({
      start: isoInZone(zone, units[f] as number),
      end: isoInZone(zone, units[t] as number),
      periodStart: isoInZone(zone, bounds[k] as number),
      label: labelOf(bounds[k] as number),
      ...figuresOf(windowTally(run, weighted), r),
    });
  }
  return { points, outsideN, excluded: norm.excluded, excludedN: norm.excludedN };
}

/** The tally of the running window (slots: 0–2 counts D/Pa/P, 3–5 Σw, 6–8 Σw²). */
function windowTally(run: Running, weighted: boolean): Tally {
  const d = run.sum[0] as number;
  const pa = run.sum[1] as number;
  const p = run.sum[2] as number;
  if (!weighted) return makeTally(p, pa, d);
  const cnt = [d, pa, p];
  const w = (slot: number): number => {
    const c = slot % 3;
    if (cnt[c] === 0) {
      run.clear(slot);
      return 0;
    }
    return Math.max(0, run.value(slot));
  };
  return makeTally(p, pa, d, {
    promoters: w(5),
    passives: w(4),
    detractors: w(3),
    promotersSquared: w(8),
    passivesSquared: w(7),
    detractorsSquared: w(6),
  });
}
