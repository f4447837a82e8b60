import { tz } from '@date-fns/tz/tz';
import { getWeek } from 'date-fns/getWeek';
import { getWeekYear } from 'date-fns/getWeekYear';
import * as z from 'zod/mini';
import { compareTallies, differenceOf, type NpsDifference } from '../core/compareNps.ts';
import { npsOfTally } from '../core/nps.ts';
import type { ConfidenceOptions } from '../core/npsInterval.ts';
import { resolveScheme } from '../core/resolveScheme.ts';
import type { Tally } from '../core/tally.ts';
import { NpsInputError } from '../errors.ts';
import { utcMs } from '../kernels/calendar.ts';
import { describe } from '../kernels/describe.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { confidenceOption } from '../kernels/options.ts';
import { exactKeys, parseWith } from '../kernels/validate.ts';
import { readPoints, type SeriesPeriod } from './series.ts';
import { type TrendPeriod } from './trend.ts';

/** Options of {@link trendChanges}. */
export type TrendChangesOptions = ConfidenceOptions;

/**
 * A change of one period's NPS against an earlier period (independent samples); `difference`
 * is nps − againstNps. `nps`,
 * `againstNps`, `difference`, `low`, `high` and `se` in NPS points.
 */
export interface PeriodChange extends NpsDifference {
  /** Start (ISO) of the earlier period compared against. */
  readonly against: string;
  /** NPS of this period. */
  readonly nps: number;
  /** NPS of the earlier period. */
  readonly againstNps: number;
  /** Whether pValue < 1 − confidence. */
  readonly significant: boolean;
}

/** The changes of one point of a series. */
export interface TrendChange {
  /** Period start (ISO), as in the series. */
  readonly start: string;
  /** Period end (ISO), as in the series. */
  readonly end: string;
  /** NPS of the period, or null when its base is empty. */
  readonly nps: number | null;
  /** Against the previous period; null for the first point or when either base is empty. */
  readonly previous: PeriodChange | null;
  /**
   * Against the same period a year earlier (see {@link trendChanges}); null when the series
   * has no such period (too short, or a week 53 / 29 February with no counterpart) or when
   * either base is empty.
   */
  readonly yearAgo: PeriodChange | null;
}

/** Result of {@link trendChanges}. */
export interface TrendChangesResult {
  /** The period length, recognised from the points' calendar dates (null for no points). */
  readonly period: TrendPeriod | null;
  /** The confidence level of the intervals. */
  readonly confidence: number;
  /** One entry per point of the series, in order. */
  readonly changes: TrendChange[];
}

const DAY = 86_400_000;

/** The wall-clock calendar date of an ISO string (its first 10 characters), as UTC ms. */
function wallDate(fn: string, iso: string, path: PropertyKey[]): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  const ms = m === null ? Number.NaN : utcMs(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms)) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: ${path.map(String).join('.')} must be an ISO 8601 date-time such as '2025-03-30T00:00:00+02:00', received ${describe(iso)}`,
      path,
      received: iso,
    });
  }
  return ms;
}

function periodOf(days: number): TrendPeriod | null {
  if (days === 1) return 'day';
  if (days === 7) return 'week';
  if (days >= 28 && days <= 31) return 'month';
  if (days >= 90 && days <= 92) return 'quarter';
  if (days === 365 || days === 366) return 'year';
  return null;
}

/** The calendar label of a period start and of the period a year before it. */
function labels(period: TrendPeriod, wall: number, weekStartsOn: number): [string, string] {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const md = d.toISOString().slice(4, 10);
  switch (period) {
    case 'day':
      return [`${String(y)}${md}`, `${String(y - 1)}${md}`];
    case 'week': {
      const o = {
        weekStartsOn: weekStartsOn as 0 | 1 | 2 | 3 | 4 | 5 | 6,
        firstWeekContainsDate: 4 as const,
        in: tz('UTC'),
      };
      const wy = getWeekYear(d, o);
      const w = getWeek(d, o);
      return [`${String(wy)}-W${String(w)}`, `${String(wy - 1)}-W${String(w)}`];
    }
    case 'month':
    case 'quarter':
      return [`${String(y)}${md.slice(0, 3)}`, `${String(y - 1)}${md.slice(0, 3)}`];
    case 'year':
      return [String(y), String(y - 1)];
  }
}

/**
 * Period-over-period and year-over-year changes of a trend: each period's NPS against the
 * previous period and against the same period a year earlier, with the difference, its
 * interval and a two-sided p-value from the independent-samples comparison of `compareNps`
 * (difference of two NPS with Var = Var(a) + Var(b), each the multinomial variance, or the
 * Taylor-linearised one when weighted; z test).
 *
 * The period length is recognised from the points' calendar dates (1, 7, 28–31, 90–92 or
 * 365–366 days). "A year earlier" is, for a month or quarter, the same month or quarter of the
 * previous year; for a year, the previous year; for a week, the week with the same week number
 * in the previous week-numbering year (ISO 8601 numbering for Monday weeks: weeks start on the
 * points' weekday and week 1 contains 4 January), so a week 53 has no counterpart when the
 * previous year has 52 weeks; for a day, the same calendar date, so 29 February has none.
 * A missing counterpart or an empty base on either side gives `null`, not an error.
 *
 * @param result - A `trend` result, or any `{ points: [{ start, end, total }] }` of consecutive
 *   calendar periods.
 * @param options - `scheme` (the one the tallies were counted with), `confidence`.
 * @returns `{ period, confidence, changes }`, one change entry per point.
 * @throws {@link NpsInputError} `invalid_period` when the points are not consecutive calendar
 *   periods of one length, `invalid_date` for a start or end that is not an ISO date-time,
 *   `invalid_input` for a malformed series, `invalid_option`.
 * @example
 * ```ts
 * const r = trend(
 *   [{ score: 10, at: Date.UTC(2025, 0, 5) }, { score: 10, at: Date.UTC(2025, 1, 2) }, { score: 3, at: Date.UTC(2025, 1, 3) }],
 *   { period: 'month' },
 * );
 * const c = trendChanges(r).changes;
 * c[1]?.previous?.difference; //=> -100
 * c[0]?.previous; //=> null
 * ```
 */
export function trendChanges(
  result: { readonly points: readonly unknown[] },
  options?: TrendChangesOptions,
): TrendChangesResult {
  const fn = 'trendChanges';
  const o = parseWith(
    exactKeys<TrendChangesOptions>()(
      z.strictObject({
        scheme: z.optional(z.unknown()),
        confidence: confidenceOption(),
      }),
    ),
    options ?? {},
    fn,
    'options',
  );
  const scheme = resolveScheme(options?.scheme, fn);
  const confidence = o.confidence ?? 0.95;
  const zc = zForConfidence(confidence);
  const { periods, tallies } = readPoints(fn, result);
  const period = recognise(fn, periods);
  if (period === null) return { period: null, confidence, changes: [] };
  const weekStartsOn = new Date(wallDate(fn, periods[0]?.start ?? '', [])).getUTCDay();
  const index = new Map<string, number>();
  const back: string[] = [];
  for (let k = 0; k < periods.length; k++) {
    const [own, ago] = labels(period, wallDate(fn, periods[k]?.start ?? '', []), weekStartsOn);
    index.set(own, k);
    back.push(ago);
  }
  const base = scheme.base;
  const change = (k: number, j: number | undefined): PeriodChange | null => {
    if (j === undefined || j < 0) return null;
    const c = compareTallies(
      tallies[k] as Tally,
      tallies[j] as Tally,
      base,
      'independent',
      zc,
      confidence,
      fn,
    );
    if (c === null) return null;
    return {
      against: periods[j]?.start ?? '',
      nps: c.a,
      againstNps: c.b,
      ...differenceOf(c),
      significant: c.significant,
    };
  };
  const changes: TrendChange[] = periods.map((p, k) => ({
    start: p.start,
    end: p.end,
    nps: npsOfTally(tallies[k] as Tally, base),
    previous: change(k, k - 1),
    yearAgo: change(k, index.get(back[k] ?? '')),
  }));
  return { period, confidence, changes };
}

/** The common period length of consecutive points, or null for an empty series. */
function recognise(fn: string, periods: readonly SeriesPeriod[]): TrendPeriod | null {
  let period: TrendPeriod | null = null;
  for (let k = 0; k < periods.length; k++) {
    const p = periods[k] as SeriesPeriod;
    const s = wallDate(fn, p.start, ['points', k, 'start']);
    const e = wallDate(fn, p.end, ['points', k, 'end']);
    const here = periodOf(Math.round((e - s) / DAY));
    const next = periods[k + 1];
    if (here === null || (period !== null && here !== period) || (next && next.start !== p.end)) {
      throw new NpsInputError({
        code: 'invalid_period',
        message: `${fn}: points must be consecutive calendar periods of one length (day, week, month, quarter or year), received ${describe(p.start)} – ${describe(p.end)} at point ${String(k)}${next && next.start !== p.end ? `, followed by a point starting ${describe(next.start)}` : ''}`,
        path: ['points', k],
        received: p,
      });
    }
    period = here;
  }
  return period;
}
