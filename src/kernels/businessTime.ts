/**
 * @internal The business-time kernel: working hours on working days in a named IANA time zone,
 * minus holidays, and the two questions every follow-up SLA asks of it: how much working time
 * lies between two instants ({@link businessMsBetween}), and when a deadline of so many hours,
 * business hours or business days falls ({@link addBusiness}).
 *
 * A working day is a local calendar date (in the calendar's zone) whose weekday is in
 * `workdays` and which is not in `holidays`. Its working interval runs from the instant the
 * zone's wall clock reads `start` minutes after midnight to the instant it reads `end` (1440 =
 * the next midnight), found by the calendar kernel's `wallToInstant` (a wall time skipped by a
 * DST change maps to the change, a repeated one to its first occurrence), so a working interval
 * is as long as the clock actually runs: the 0–24 h day of Europe/Kyiv 2025-03-30 holds 23
 * business hours and that of 2025-10-26 holds 25. Times are counted in real elapsed
 * milliseconds, never in wall-clock differences. The process time zone is never read.
 *
 * Cost: O(local days spanned) offset look-ups (`tzOffset` of @date-fns/tz), refused with
 * `too_large` beyond {@link MAX_BUSINESS_DAYS} days (about eleven years).
 */

import { tzOffset } from '@date-fns/tz/tzOffset';
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { checkZone, wallToInstant } from './calendar.ts';
import { describe } from './describe.ts';
import { checkSize } from './limits.ts';
import { toEpoch } from './responses.ts';
import { parseWith } from './validate.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** @internal Most local days one business-time computation may span (about eleven years). */
export const MAX_BUSINESS_DAYS = 4_000;

/** A resolved business calendar (see {@link resolveCalendar}). */
export interface BusinessCalendar {
  /** IANA zone whose wall clock and calendar dates define the working days. */
  readonly timeZone: string;
  /** Working weekdays, 0 = Sunday … 6 = Saturday. */
  readonly workdays: readonly number[];
  /** Local dates ('YYYY-MM-DD') that are not worked. */
  readonly holidays: ReadonlySet<string>;
  /** Opening time, minutes after local midnight of the working day (default 0). */
  readonly start: number;
  /** Closing time, minutes after local midnight of the working day (default 1440 = next midnight). */
  readonly end: number;
}

/** The public option `calendar` as a caller writes it. */
export interface CalendarInput {
  /** The zone of the working days; default the function's `timeZone` option, else 'UTC'. */
  readonly timeZone?: string | undefined;
  /** Working weekdays, 0 = Sunday … 6 = Saturday; default Monday to Friday `[1, 2, 3, 4, 5]`. */
  readonly workdays?: readonly number[] | undefined;
  /** Days off: 'YYYY-MM-DD' local dates, or instants (`Date`, epoch ms) read as their local date. */
  readonly holidays?: readonly (string | Date | number)[] | undefined;
  /** Working hours each working day, 'HH:mm' local time (`end` may be '24:00'); default all day. */
  readonly hours?: WorkingHours | undefined;
}

/** Working hours of each working day, local wall-clock times 'HH:mm'. */
export interface WorkingHours {
  /** Opening time, '00:00' to '23:59'. */
  readonly start: string;
  /** Closing time, after `start`, up to '24:00'. */
  readonly end: string;
}

const HHMM = /^(\d{2}):(\d{2})$/;

/**
 * @internal The zod/mini shape of the public option `calendar` (the types; zone, dates and
 * hours are checked by {@link resolveCalendar}).
 */
export const calendarOption = () =>
  z.optional(
    z.strictObject({
      timeZone: z.optional(z.string()),
      workdays: z.optional(z.array(z.int().check(z.gte(0), z.lte(6)))),
      // each a 'YYYY-MM-DD' string, a Date or epoch ms: checked by resolveCalendar (`invalid_date`)
      holidays: z.optional(z.array(z.unknown())),
      hours: z.optional(
        z.strictObject({
          start: z.string().check(z.regex(HHMM)),
          end: z.string().check(z.regex(HHMM)),
        }),
      ),
    }),
  );

/** The zone's offset from UTC in ms at an instant. */
function offsetMs(zone: string, ms: number): number {
  return tzOffset(zone, new Date(ms)) * MINUTE;
}

/** The local day number (days since 1970-01-01 on the zone's calendar) of an instant. */
function dayOf(zone: string, ms: number): number {
  return Math.floor((ms + offsetMs(zone, ms)) / DAY);
}

/** 'YYYY-MM-DD' of local day number `d` (years 0–9999; other years never match a holiday). */
function dateKey(d: number): string {
  return new Date(d * DAY).toISOString().slice(0, 10);
}

function optionError(fn: string, path: PropertyKey[], message: string, received: unknown) {
  return new NpsInputError({
    code: 'invalid_option',
    message: `${fn}: ${message}, received ${describe(received)}`,
    path,
    received,
  });
}

/** Minutes after midnight of an 'HH:mm' string already matched by {@link HHMM}. */
function minutesOf(fn: string, s: string, field: 'start' | 'end'): number {
  const m = HHMM.exec(s);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  const total = h * 60 + min;
  if (min >= 60 || total > 1440 || (field === 'start' && total === 1440)) {
    throw optionError(
      fn,
      ['calendar', 'hours', field],
      `calendar.hours.${field} must be a local time 'HH:mm' from '00:00' to ${field === 'end' ? "'24:00'" : "'23:59'"}`,
      s,
    );
  }
  return total;
}

/**
 * @internal Validate the public option `calendar` and resolve it with its defaults: the zone is
 * `calendar.timeZone`, else `timeZone` (the function's own option), else 'UTC'; workdays Monday
 * to Friday; no holidays; working hours all day. Errors: `invalid_option` (shape, empty or
 * repeated workdays, hours not 'HH:mm' or `start` not before `end`), `invalid_time_zone`,
 * `invalid_date` (a holiday that is no calendar date or no valid instant).
 */
export function resolveCalendar(
  fn: string,
  calendar: unknown,
  timeZone?: string,
): BusinessCalendar {
  const parsed = parseWith(
    z.object({ calendar: calendarOption() }),
    { calendar },
    fn,
    'options',
  ).calendar;
  const zone = parsed?.timeZone ?? timeZone ?? 'UTC';
  checkZone(fn, zone);
  const workdays = parsed?.workdays ?? [1, 2, 3, 4, 5];
  if (workdays.length === 0 || new Set(workdays).size !== workdays.length) {
    throw optionError(
      fn,
      ['calendar', 'workdays'],
      'calendar.workdays must list at least one weekday (0 = Sunday … 6 = Saturday), each once',
      workdays,
    );
  }
  let start = 0;
  let end = 1440;
  if (parsed?.hours !== undefined) {
    start = minutesOf(fn, parsed.hours.start, 'start');
    end = minutesOf(fn, parsed.hours.end, 'end');
    if (!(start < end)) {
      throw optionError(
        fn,
        ['calendar', 'hours'],
        `calendar.hours.start must be before calendar.hours.end (${parsed.hours.end}); working hours across midnight are not supported`,
        parsed.hours.start,
      );
    }
  }
  const holidays = new Set<string>();
  const list = parsed?.holidays ?? [];
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    let key: string | null = null;
    if (typeof h === 'string') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h);
      if (m !== null) {
        const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        if (dateKey(t / DAY) === h) key = h;
      }
    } else {
      const t = toEpoch(h);
      if (Number.isFinite(t) && Math.abs(t) <= 8.64e15 - DAY) key = dateKey(dayOf(zone, t));
    }
    if (key === null) {
      throw new NpsInputError({
        code: 'invalid_date',
        message: `${fn}: calendar.holidays at index ${String(i)} must be a calendar date 'YYYY-MM-DD', a valid Date or epoch milliseconds, received ${describe(h)}`,
        index: i,
        path: ['calendar', 'holidays', i],
        received: h,
      });
    }
    holidays.add(key);
  }
  return { timeZone: zone, workdays: [...workdays].sort((a, b) => a - b), holidays, start, end };
}

/**
 * Working intervals of the local days of a calendar, one day after another: whether day `d` is
 * worked, and its opening and closing instants.
 *
 * The instant of a wall time `w` is `w − offset` when the zone's offset is the same at the
 * starts of the whole days around `w ± 1 day` (then it is constant over that window, which holds
 * `w − offset` too, provided the zone does not change its offset twice within three days, which
 * no zone does); near a change it is `wallToInstant` of the calendar kernel. The offsets at day
 * starts are looked up once per day and kept (for the call, or for a {@link businessClock}), so
 * a span costs about one `tzOffset` per day instead of eight.
 */
class Days {
  private readonly work: boolean[] = [false, false, false, false, false, false, false];
  private readonly offsets = new Map<number, number>();
  /** Whether a worked weekday is a holiday, by day (memoised). */
  private readonly off = new Map<number, boolean>();
  constructor(readonly cal: BusinessCalendar) {
    for (const w of cal.workdays) this.work[w] = true;
  }

  /** Whether local day `d` is a working day (weekday worked, not a holiday). */
  worked(d: number): boolean {
    // 1970-01-01 (day 0) was a Thursday (weekday 4)
    const wd = (((d + 4) % 7) + 7) % 7;
    if (this.work[wd] !== true) return false;
    if (this.cal.holidays.size === 0) return true;
    let off = this.off.get(d);
    if (off === undefined) {
      off = this.cal.holidays.has(dateKey(d));
      this.off.set(d, off);
    }
    return !off;
  }

  /** The local day number of instant `ms` (its offset from the memo when no change is near). */
  dayOf(ms: number): number {
    const k = Math.floor(ms / DAY);
    const o = this.sample(k - 1);
    const off = o === this.sample(k + 2) ? o : offsetMs(this.cal.timeZone, ms);
    return Math.floor((ms + off) / DAY);
  }

  /** The zone's offset at the instant `k · DAY` (memoised for the call). */
  private sample(k: number): number {
    let o = this.offsets.get(k);
    if (o === undefined) {
      o = offsetMs(this.cal.timeZone, k * DAY);
      this.offsets.set(k, o);
    }
    return o;
  }

  /** The instant of wall time `w` (UTC-encoded ms), as `wallToInstant` gives it. */
  private instant(w: number): number {
    const o = this.sample(Math.floor((w - DAY) / DAY));
    if (o === this.sample(Math.ceil((w + DAY) / DAY))) return w - o;
    return wallToInstant(this.cal.timeZone, w);
  }

  open(d: number): number {
    return this.instant(d * DAY + this.cal.start * MINUTE);
  }

  close(d: number): number {
    return this.instant(d * DAY + this.cal.end * MINUTE);
  }
}

function checkInstant(fn: string, ms: number, field: string): void {
  if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 - 400 * DAY) return;
  throw new NpsInputError({
    code: 'invalid_date',
    message: `${fn}: ${field} must be a valid instant (epoch milliseconds within the Date range), received ${describe(ms)}`,
    path: [field],
    received: ms,
  });
}

/** (a literal, not built from MAX_BUSINESS_DAYS: a top-level call would survive tree-shaking) */
const SPAN_HINT = 'business time is counted day by day, up to 4000 days (about eleven years)';

/**
 * @internal Business milliseconds in `[from, to)`: the elapsed time inside the calendar's
 * working intervals; 0 when `to ≤ from`. O(days spanned); `too_large` beyond
 * {@link MAX_BUSINESS_DAYS} days.
 */
export function businessMsBetween(
  cal: BusinessCalendar,
  from: number,
  to: number,
  fn = 'businessMsBetween',
): number {
  return between(new Days(cal), from, to, fn);
}

function between(days: Days, from: number, to: number, fn: string): number {
  checkInstant(fn, from, 'from');
  checkInstant(fn, to, 'to');
  if (!(to > from)) return 0;
  // the day before `from`'s, in case a working interval reached into `from`'s local day
  const d0 = days.dayOf(from) - 1;
  const d1 = days.dayOf(to);
  checkSize(fn, 'the local days between from and to', d1 - d0, MAX_BUSINESS_DAYS, SPAN_HINT);
  let total = 0;
  for (let d = d0; d <= d1; d++) {
    if (!days.worked(d)) continue;
    const a = Math.max(days.open(d), from);
    const b = Math.min(days.close(d), to);
    if (b > a) total += b - a;
  }
  return total;
}

/** An SLA duration: exactly one of wall-clock hours, business hours or business days. */
export interface BusinessAmount {
  /** Elapsed hours, whatever the calendar. */
  readonly hours?: number | undefined;
  /** Hours of working time on the calendar. */
  readonly businessHours?: number | undefined;
  /** Whole working days: due at the close of the N-th working day after the current one. */
  readonly businessDays?: number | undefined;
}

function badAmount(fn: string, amount: unknown, message: string): NpsInputError {
  return new NpsInputError({
    code: 'invalid_option',
    message: `${fn}: ${message}, received ${describe(amount)}`,
    path: ['sla'],
    received: amount,
  });
}

/**
 * @internal The due instant `amount` after `from`:
 * - `hours`: `from` + that many elapsed hours (the calendar is not read);
 * - `businessHours`: the first instant at which that much working time has passed since `from`
 *   (rounded to the millisecond), so `businessMsBetween(cal, from, due)` equals it: 0 is `from`
 *   itself, and a deadline that uses up a working day is its closing time (not the next opening);
 * - `businessDays` N (an integer ≥ 0): the closing time of the N-th working day after the
 *   *current* working day, the first working day whose closing time is after `from` (the day of
 *   `from` when it is worked and `from` is before closing, else the next working day). So with
 *   09:00–18:00 Monday to Friday, N = 1 from Monday 10:00 is Tuesday 18:00, from Monday 19:00 or
 *   from Saturday it is Wednesday 18:00 / Tuesday 18:00, and N = 0 means "by close of business".
 * Exactly one field must be given (`invalid_option` otherwise). `too_large` when the deadline
 * lies more than {@link MAX_BUSINESS_DAYS} days ahead.
 */
export function addBusiness(
  cal: BusinessCalendar,
  from: number,
  amount: BusinessAmount,
  fn = 'addBusiness',
): number {
  return add(new Days(cal), from, amount, fn);
}

/**
 * @internal {@link businessMsBetween} and {@link addBusiness} on one calendar, sharing the
 * zone offsets looked up so far: for many instants on one calendar (a queue, a table of cases),
 * each further call costs the days it spans that were not seen before, instead of one offset
 * look-up per day.
 */
export interface BusinessClock {
  readonly calendar: BusinessCalendar;
  /** {@link businessMsBetween} on the clock's calendar. */
  readonly between: (from: number, to: number, fn?: string) => number;
  /** {@link addBusiness} on the clock's calendar. */
  readonly add: (from: number, amount: BusinessAmount, fn?: string) => number;
}

/** @internal A {@link BusinessClock} on `cal`. */
export function businessClock(cal: BusinessCalendar): BusinessClock {
  const days = new Days(cal);
  return {
    calendar: cal,
    between: (from, to, fn = 'businessMsBetween') => between(days, from, to, fn),
    add: (from, amount, fn = 'addBusiness') => add(days, from, amount, fn),
  };
}

function add(days: Days, from: number, amount: BusinessAmount, fn: string): number {
  checkInstant(fn, from, 'from');
  const given = [amount.hours, amount.businessHours, amount.businessDays].filter(
    (v) => v !== undefined,
  );
  const value = given[0];
  if (given.length !== 1 || value === undefined) {
    throw badAmount(fn, amount, 'sla must give exactly one of hours, businessHours, businessDays');
  }
  if (!(Number.isFinite(value) && value >= 0)) {
    throw badAmount(fn, amount, 'sla must be a finite number ≥ 0');
  }
  if (amount.hours !== undefined) {
    const due = from + Math.round(value * HOUR);
    checkInstant(fn, due, 'due');
    return due;
  }
  const first = days.dayOf(from) - 1;
  const tooFar = (d: number): void => {
    checkSize(fn, 'the local days up to the deadline', d - first, MAX_BUSINESS_DAYS, SPAN_HINT);
  };
  if (amount.businessHours !== undefined) {
    let left = Math.round(value * HOUR);
    if (left === 0) return from;
    for (let d = first; ; d++) {
      tooFar(d);
      if (!days.worked(d)) continue;
      const a = Math.max(days.open(d), from);
      const b = days.close(d);
      if (b <= a) continue;
      if (left <= b - a) return a + left;
      left -= b - a;
    }
  }
  if (!Number.isInteger(value)) {
    throw badAmount(fn, amount, 'sla.businessDays must be a whole number of days');
  }
  let left = value;
  for (let d = first; ; d++) {
    tooFar(d);
    if (!days.worked(d)) continue;
    const b = days.close(d);
    // a working day counts once it closes after `from` and has working time at all
    if (b <= from || b <= days.open(d)) continue;
    if (left === 0) return b;
    left--;
  }
}
