import * as z from 'zod/mini';
import { figuresOf, intervalOptionsOf } from '../core/figures.ts';
import type { NpsIntervalMethod, NpsPrior, ResolvedInterval } from '../core/npsInterval.ts';
import { type Scheme } from '../core/scheme.ts';
import {
  bucketAll,
  type Calendar,
  calendarBounds,
  calendarOf,
  countColumns,
  periodGrid,
  periodSpans,
} from '../kernels/calendar.ts';
import { countGroups, groupTally } from '../kernels/groups.ts';
import { calendarShape, intervalShape, readShape } from '../kernels/options.ts';
import {
  asResponses,
  type NormalizedResponses,
  normalizeResponses,
  type ResponseColumns,
  type ResponsesInput,
  unitsAt,
} from '../kernels/responses.ts';
import { categoryTable } from '../kernels/scores.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type {
  CalendarInfo,
  Excluded,
  Exclusion,
  PeriodSpan,
  PublishedFigures,
  ReadOptions,
} from '../types.ts';

export type { TrendPeriod } from '../types.ts';

import type { TrendPeriod } from '../types.ts';

/**
 * @internal The zod shape of every key of {@link TrendOptions} (extended by `rollingTrend` and
 * `trendByNode`, whose schemas are strict): the calendar, checked here, and the keys checked
 * elsewhere (`from`/`to` by the calendar bounds, the interval keys by `resolveIntervalOptions`).
 */
export const trendShape = () => ({
  ...calendarShape(),
  from: z.optional(z.unknown()),
  to: z.optional(z.unknown()),
  ...intervalShape(),
  ...readShape(),
});

/** Options of {@link trend}. */
export interface TrendOptions extends ReadOptions {
  /** The calendar period of each point. */
  readonly period: TrendPeriod;
  /** IANA time zone the calendar is computed in (default `'UTC'`). */
  readonly timeZone?: string | undefined;
  /** Dirichlet prior of the `'bayes'` method, as in `npsInterval` (default 1/1/1). */
  readonly prior?: NpsPrior | undefined;
  /** First day of the week, 0 = Sunday … 6 = Saturday (default 1, ISO Monday). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | undefined;
  /** First instant to cover (its period is the first point); default: the earliest response. */
  readonly from?: Date | number | undefined;
  /** Last instant to cover (its period is the last point); default: the latest response. */
  readonly to?: Date | number | undefined;
  /** Scoring scheme (default `tenPointScheme`). */
  readonly scheme?: Scheme | undefined;
  /** Confidence level of the intervals (default 0.95). */
  readonly confidence?: number | undefined;
  /** Interval method, as in `npsInterval`. */
  readonly method?: NpsIntervalMethod | undefined;
}

/** One period of a trend: its span and its {@link PublishedFigures} (NPS on −100..100). */
export interface TrendPoint extends PeriodSpan, PublishedFigures {}

/**
 * Result of {@link trend}; `excluded` holds the responses set aside for their score
 * (`onInvalidScore: 'exclude'`).
 */
export interface TrendResult extends Excluded, CalendarInfo {
  /** Every period from the first to the last, in order (empty ones with n = 0, nps = null). */
  readonly points: readonly TrendPoint[];
  /**
   * Responses outside the periods covered (before `from`'s period or after `to`'s), counted so
   * that none is silently lost; 0 without `from` and `to`.
   */
  readonly outsideN: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<TrendOptions>()(z.strictObject(trendShape())),
);

/** @internal Columns eligible for the fused path of {@link countColumns}, else null. */
export function fastColumns(
  responses: ResponsesInput,
): { score: ArrayLike<number>; at: Float64Array; nodeId: unknown } | null {
  if (Array.isArray(responses) || typeof responses !== 'object' || (responses as unknown) === null)
    return null;
  const cols = responses as ResponseColumns;
  const { at } = cols;
  // the scores as they are: anything that is not a number falls through to the general path
  const score = cols.score as ArrayLike<number> | undefined;
  if (
    cols.weight !== undefined ||
    !(at instanceof Float64Array) ||
    typeof score !== 'object' ||
    (score as unknown) === null ||
    score.length !== at.length ||
    score.length === 0
  )
    return null;
  return { score, at, nodeId: cols.nodeId };
}

function countTrend(
  fn: string,
  cal: Calendar,
  responses: ResponsesInput,
  r: ResolvedInterval,
  from: unknown,
  to: unknown,
  read: ReadOptions,
): {
  bounds: Float64Array;
  counts: Float64Array;
  sw: Float64Array | null;
  sw2: Float64Array | null;
  outsideN: number;
  excluded: readonly Exclusion[];
  excludedN: number;
} | null {
  const input = asResponses(fn, responses);
  const fast = fastColumns(input);
  if (fast !== null) {
    const bounds = calendarBounds(fn, cal, fast.at, from, to);
    if (bounds !== null) {
      const periods = bounds.length - 1;
      const counts = new Float64Array(3 * periods);
      const table = categoryTable(r.scheme);
      const min = r.scheme.scale[0];
      const g = periodGrid(bounds);
      const outsideN = countColumns(
        fast.score,
        fast.at,
        null,
        null,
        table,
        min,
        g,
        periods,
        counts,
      );
      if (outsideN >= 0) {
        return { bounds, counts, sw: null, sw2: null, outsideN, excluded: [], excludedN: 0 };
      }
    }
  }
  // General path: any shape; raises the precise error for bad input.
  const norm = normalizeResponses(fn, input, { scheme: r.scheme, at: 'required', read });
  const at = norm.at ?? new Float64Array(0);
  const bounds = calendarBounds(fn, cal, at, from, to);
  if (bounds === null) return null;
  const periods = bounds.length - 1;
  const key = new Int32Array(norm.length);
  bucketAll(periodGrid(bounds), at, key);
  const { counts, sw, sw2 } = countGroups(norm, key, periods);
  return {
    bounds,
    counts,
    sw,
    sw2,
    outsideN: unitsOutside(norm, key),
    excluded: norm.excluded,
    excludedN: norm.excludedN,
  };
}

/**
 * @internal Responses whose key is −1 (outside the periods covered), counting a pre-aggregated
 * tally entry as its number of responses.
 */
export function unitsOutside(norm: NormalizedResponses, key: Int32Array): number {
  let out = 0;
  for (let i = 0; i < norm.length; i++) if ((key[i] as number) < 0) out += unitsAt(norm, i);
  return out;
}

/**
 * NPS per calendar period (day, week, month, quarter or year) in a named IANA time zone, with
 * every period between `from` and `to` present (empty ones have `n: 0`, `nps: null`).
 *
 * Period boundaries are computed once per period from the zone's UTC offsets (`tzOffset` of
 * `@date-fns/tz`), exact across DST changes (a day whose midnight does not exist starts at the
 * transition); responses are mapped to periods through those boundaries with an hourly lookup
 * grid (O(1) per response: one table read and one or two comparisons), with no Date per
 * response. `start` is inclusive and `end` (the next period's start) exclusive. `from` and `to`
 * are instants: the first point is the period containing `from`, the last the one containing
 * `to` (defaults: the earliest and latest response); responses outside those periods are not
 * dropped silently but counted in `outsideN`. Intervals and `se` as {@link npsInterval}. Each
 * point's `label` names its period on the zone's calendar (`'2025-03'`, ISO week `'2025-W11'`,
 * `'2025-Q1'`, …; see {@link TrendPoint.label}).
 *
 * @param responses - Rows `{ score, at }`, columns `{ score, at }` or tallies `{ tally, at }`.
 * @param options - `period`, `timeZone`, `weekStartsOn`, `from`, `to`, `scheme`, `confidence`, `method`.
 * @returns `{ points, outsideN }`: one point per period, in order (`start`, `end`, `label`,
 *   `total`, `nps`, `low`, `high`, `se`), and the number of responses outside the periods covered.
 * @throws {@link NpsInputError} for an invalid zone (`invalid_time_zone`), an invalid or missing
 *   date, one beyond ±8.6e15 ms, or `to` before `from` (`invalid_date`), a span of more than
 *   1 000 000 periods (`invalid_option`), bad scores, weights or options.
 * @example
 * ```ts
 * const r = trend([{ score: 10, at: Date.UTC(2025, 0, 5) }, { score: 3, at: Date.UTC(2025, 1, 2) }], { period: 'month' });
 * r.points.map((p) => [p.start, p.nps]); //=> [['2025-01-01T00:00:00Z', 100], ['2025-02-01T00:00:00Z', -100]]
 * r.points.map((p) => p.label); //=> ['2025-01', '2025-02']
 * const q = trend([10, 9, 8, 3].map((score) => ({ score, at: Date.UTC(2025, 0, 5) })), { period: 'month' }).points[0];
 * [q?.label, q?.nps, q?.se?.toFixed(4)]; //=> ['2025-01', 50, '43.3013']
 * trend([{ score: 10, at: Date.UTC(2025, 0, 5) }, { score: 3, at: Date.UTC(2025, 1, 2) }], { period: 'month', to: Date.UTC(2025, 0, 31) }).outsideN; //=> 1
 * ```
 */
export function trend(responses: ResponsesInput, options: TrendOptions): TrendResult {
  const fn = 'trend';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const cal = calendarOf(fn, o);
  const r = intervalOptionsOf(fn, options);
  const counted = countTrend(fn, cal, responses, r, options.from, options.to, o);
  const calendar = { period: cal.period, timeZone: cal.zone };
  if (counted === null) return { ...calendar, points: [], outsideN: 0, excluded: [], excludedN: 0 };
  const { bounds, counts, sw, sw2, outsideN, excluded, excludedN } = counted;
  const points = periodSpans(cal, bounds).map(
    (span, k): TrendPoint => ({ ...span, ...figuresOf(groupTally({ counts, sw, sw2 }, k), r) }),
  );
  return { ...calendar, points, outsideN, excluded, excludedN };
}
