/**
 * How fast units close the loop: time to first contact and to resolution of follow-up cases,
 * estimated with the cases still open as censored observations.
 */
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import {
  addBusiness,
  type BusinessAmount,
  type BusinessCalendar,
  businessMsBetween,
  type CalendarInput,
  calendarOption,
  resolveCalendar,
} from '../kernels/businessTime.ts';
import { periodSpans } from '../kernels/calendar.ts';
import { describe } from '../kernels/describe.ts';
import { checkSize } from '../kernels/limits.ts';
import {
  protectNodePeriods,
  recordPeriods,
  recordsByNode,
  subtreeRecords,
} from '../kernels/nodePeriods.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { calendarShape, confidenceOption, minSampleOption } from '../kernels/options.ts';
import { stableOrder } from '../kernels/order.ts';
import { asOfEpoch } from '../kernels/placement.ts';
import { toEpoch } from '../kernels/responses.ts';
import {
  type KaplanMeier,
  kaplanMeier,
  kmAt,
  kmLimits,
  kmQuantiles,
  logRank,
} from '../kernels/survival.ts';
import { type CompiledHierarchy, compiledOf, type Epoch, epochOfIndex } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { benjaminiHochberg } from '../stats/benjaminiHochberg.ts';
import type {
  Exclusion,
  Hierarchy,
  NodeInfo,
  PeriodSpan,
  SuppressionReason,
  TrendPeriod,
} from '../types.ts';
import { type CaseColumns, type Instant, readCases } from './cases.ts';

const HOUR = 3_600_000;
const DAY_MS = 86_400_000;

/** The targets for first contact and for resolution (either may be left out). */
export interface FollowUpSla {
  /** The target for the first contact. */
  readonly contact?: BusinessAmount | undefined;
  /** The target for the resolution. */
  readonly resolution?: BusinessAmount | undefined;
}

/** Options of {@link followUpMetrics}. */
export interface FollowUpMetricsOptions {
  /** The instant the data describe: open cases are censored here, backlog and overdue are counted here. */
  readonly now: Instant;
  /** Service-level targets, for the shares within target and the overdue counts. */
  readonly sla: FollowUpSla;
  /**
   * Working days, hours and holidays: times are then also given in business hours, and SLA
   * targets may be in `businessHours` or `businessDays` (see `CalendarInput`).
   */
  readonly calendar?: CalendarInput | undefined;
  /** A hierarchy (from `buildHierarchy`): figures per node, each pooled over its subtree. */
  readonly hierarchy?: Hierarchy | undefined;
  /** The structure of a dated hierarchy the cases are placed through (default: the latest). */
  readonly asOf?: Date | number | undefined;
  /** A case whose node is missing, unknown or not in the structure: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** Figures per period of opening: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`. */
  readonly period?: TrendPeriod | undefined;
  /** IANA zone of the periods (default `'UTC'`). */
  readonly timeZone?: string | undefined;
  /** First day of a week period, 0 Sunday … 6 Saturday (default 1, Monday). */
  readonly weekStartsOn?: number | undefined;
  /**
   * Minimum number of cases for a node's or a period's figures to be published (default 0). It
   * counts cases; withheld groups publish nothing, and others are withheld too where a small
   * group's counts could be recovered by subtraction (see docs/followup.md).
   */
  readonly minSample?: number | undefined;
  /** Confidence level of every interval (default 0.95). */
  readonly confidence?: number | undefined;
  /** Read ISO 8601 strings with an offset as instants (`now` and the cases' instants). */
  readonly coerce?: boolean | undefined;
}

/** A quantile of a time to an event, in hours, with its Brookmeyer–Crowley interval (`null`: not reached). */
export interface TimeQuantile {
  /** The time by which the share had the event (`null` when the curve never gets there). */
  readonly value: number | null;
  /** Lower confidence limit (`null` when undefined). */
  readonly low: number | null;
  /** Upper confidence limit (`null` when the pointwise upper curve never gets there). */
  readonly high: number | null;
}

/** The median and 90th percentile of a time to an event, in the unit named by the field holding them. */
export interface TimeQuantiles {
  /** The time by which half the cases had the event. */
  readonly median: TimeQuantile;
  /** The time by which nine in ten cases had the event. */
  readonly p90: TimeQuantile;
}

/** A share on 0..1 with its confidence limits (`null` when there are no cases or the limits are undefined). */
export interface ShareEstimate {
  /** The share (0..1). */
  readonly share: number | null;
  /** Lower confidence limit. */
  readonly low: number | null;
  /** Upper confidence limit. */
  readonly high: number | null;
}

/** One step of a Kaplan–Meier curve (for charts): S just after `time` (hours) and its interval. */
export interface SurvivalStep {
  /** Hours since opening. */
  readonly time: number;
  /** Share of cases still without the event just after `time` (0..1). */
  readonly survival: number;
  /** Lower pointwise limit (Greenwood, log type; `null` once survival is 0). */
  readonly low: number | null;
  /** Upper pointwise limit (`null` once survival is 0). */
  readonly high: number | null;
  /** Cases at risk just before `time`. */
  readonly atRisk: number;
  /** Events at `time`. */
  readonly events: number;
  /** Cases censored at `time` (still open at `now`, or never contacted but resolved). */
  readonly censored: number;
}

/** A time to an event (first contact or resolution), censoring-aware. */
export interface TimeToEvent {
  /** Cases in which the event happened by `now`. */
  readonly events: number;
  /** Cases censored (no event by `now`). */
  readonly censored: number;
  /** Median and 90th percentile in wall-clock hours. */
  readonly hours: TimeQuantiles;
  /** Median and 90th percentile in business hours on the `calendar` (`null` without one). */
  readonly businessHours: TimeQuantiles | null;
  /** Share with the event within its SLA (1 − S at the target), or `null` when no target is set. */
  readonly withinSla: ShareEstimate | null;
  /**
   * The Kaplan–Meier curve in hours, from (0, 1); `null` for nodes and periods when `minSample`
   * is set (their at-risk counts over time could be set against each other: a parent's curve
   * minus its other children's gives a withheld child's), kept for the overall figures.
   */
  readonly curve: readonly SurvivalStep[] | null;
}

/** The follow-up figures of one group of cases (the whole, a node's subtree, a period). */
export interface FollowUpFigures {
  /** Cases (`null` when suppressed; so are all counts and estimates below). */
  readonly cases: number | null;
  /** The backlog at `now`: cases not resolved, or resolved and reopened. */
  readonly open: number | null;
  /** Cases neither contacted nor resolved whose contact target passed before `now`. */
  readonly overdueContact: number | null;
  /** Open cases whose resolution target passed before `now`. */
  readonly overdueResolution: number | null;
  /** Cases reopened by `now`. */
  readonly reopened: number | null;
  /** Time to first contact. */
  readonly contact: TimeToEvent | null;
  /** Time to resolution. */
  readonly resolution: TimeToEvent | null;
  /** Whether the figures are withheld (`minSample`). */
  readonly suppressed: boolean;
  /** Why (`null` when published). */
  readonly suppression: SuppressionReason | null;
}

/**
 * A node's subtree against the rest of its parent's subtree, by the log-rank test; `qValue`
 * is the Benjamini–Hochberg adjustment across the nodes at the same depth.
 */
export interface UnitComparison {
  /** Events observed in the node's subtree. */
  readonly observed: number;
  /** Events expected there if it closed cases at the rest of the parent's rate. */
  readonly expected: number;
  /** The log-rank χ² on 1 degree of freedom. */
  readonly chiSquare: number;
  /** P(χ²₁ ≥ chiSquare). */
  readonly pValue: number;
  /** Benjamini–Hochberg q-value across the nodes at the same depth. */
  readonly qValue: number;
  /** `'slower'` when fewer events than expected, `'faster'` when more, else `'same'`. */
  readonly direction: 'slower' | 'faster' | 'same';
}

/** A node's figures, pooled over its subtree. */
export interface FollowUpNode extends NodeInfo, FollowUpFigures {
  /** Against the rest of the parent's subtree (`null` for the root, suppressed nodes, or no rest). */
  readonly vsRest: {
    /** Time to first contact. */
    readonly contact: UnitComparison | null;
    /** Time to resolution. */
    readonly resolution: UnitComparison | null;
  } | null;
}

/** The figures of the cases opened in one period. */
export interface FollowUpPeriod extends PeriodSpan, FollowUpFigures {}

/** What {@link followUpMetrics} returns. */
export interface FollowUpMetrics {
  /** `now` as an ISO 8601 instant (UTC). */
  readonly now: string;
  /** The confidence level of every interval. */
  readonly confidence: number;
  /** The minimum number of cases applied. */
  readonly minSample: number;
  /** Every case placed. */
  readonly overall: FollowUpFigures;
  /** Per node of the reported structure, parents first (`null` without a hierarchy). */
  readonly nodes: readonly FollowUpNode[] | null;
  /** Per period of opening (`null` without `period`). */
  readonly periods: readonly FollowUpPeriod[] | null;
  /** Cases set aside (`onUnknownNode: 'exclude'`). */
  readonly excluded: readonly Exclusion[];
  /** How many cases `excluded` holds. */
  readonly excludedN: number;
}

const slaDuration = () =>
  z.optional(
    z.strictObject({
      hours: z.optional(z.number().check(z.gt(0))),
      businessHours: z.optional(z.number().check(z.gt(0))),
      businessDays: z.optional(z.int().check(z.gte(0))),
    }),
  );

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<FollowUpMetricsOptions>()(
    z.strictObject({
      now: z.unknown(),
      sla: z.strictObject({ contact: slaDuration(), resolution: slaDuration() }),
      calendar: calendarOption(),
      hierarchy: z.optional(z.unknown()),
      asOf: z.optional(z.unknown()),
      onUnknownNode: z.optional(z.enum(['error', 'exclude'])),
      period: z.optional(calendarShape().period),
      timeZone: calendarShape().timeZone,
      weekStartsOn: calendarShape().weekStartsOn,
      minSample: minSampleOption(),
      confidence: confidenceOption(),
      coerce: z.optional(z.boolean()),
    }),
  ),
);

/** A target's due instant from an opening instant (NaN: no target). */
type DueOf = (opened: number) => number;

function dueOf(
  fn: string,
  which: 'contact' | 'resolution',
  d: BusinessAmount | undefined,
  cal: BusinessCalendar | null,
): DueOf {
  if (d === undefined) return () => Number.NaN;
  if (cal === null && (d.businessHours !== undefined || d.businessDays !== undefined)) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.sla.${which} in business time needs options.calendar (working days, hours and holidays); give the target in hours instead, or a calendar`,
      path: ['sla', which],
      received: d,
    });
  }
  // (addBusiness checks that exactly one amount is given; hours never read the calendar)
  const c = cal ?? wallClock(fn);
  return (t) => addBusiness(c, t, d, fn);
}

/** A calendar for hour targets without options.calendar (addBusiness never reads it for hours). */
const wallClock = (fn: string): BusinessCalendar => resolveCalendar(fn, undefined);

/** Most days between the earliest opening and `now` that business time is tabulated over. */
const MAX_TABLE_DAYS = 1_000_000;

/** Business hours in [from, to) on a calendar. */
type BusinessHours = (from: number, to: number) => number;

/**
 * Business hours in [from, to) for instants in [lo, hi]: the working time of every UTC day in
 * the range is counted once (businessMsBetween over each day) and summed into a table, so a
 * case costs two partial days whatever its length (working time is additive over consecutive
 * intervals, and the milliseconds are integers, so the sums are exact). `too_large` past
 * {@link MAX_TABLE_DAYS} days.
 */
function businessHoursOn(cal: BusinessCalendar, lo: number, hi: number, fn: string): BusinessHours {
  const k0 = Math.floor(lo / DAY_MS);
  const k1 = Math.ceil(hi / DAY_MS);
  checkSize(
    fn,
    'the days between the earliest openedAt and now (business time on a calendar)',
    k1 - k0,
    MAX_TABLE_DAYS,
    'leave out the calendar or the cases opened long ago',
  );
  const prefix = new Float64Array(Math.max(0, k1 - k0) + 1);
  for (let k = k0; k < k1; k++) {
    prefix[k - k0 + 1] =
      (prefix[k - k0] as number) + businessMsBetween(cal, k * DAY_MS, (k + 1) * DAY_MS, fn);
  }
  return (a, b) => {
    if (!(b > a)) return 0;
    const ka = Math.ceil(a / DAY_MS);
    const kb = Math.floor(b / DAY_MS);
    if (ka > kb) return businessMsBetween(cal, a, b, fn) / HOUR;
    const whole = (prefix[kb - k0] as number) - (prefix[ka - k0] as number);
    return (
      (businessMsBetween(cal, a, ka * DAY_MS, fn) +
        whole +
        businessMsBetween(cal, kb * DAY_MS, b, fn)) /
      HOUR
    );
  };
}

/** Per-case times of one event kind, in hours, and the SLA-scaled time (t / target). */
interface EventTimes {
  readonly hours: Float64Array;
  /** Business hours on the calendar (null without one). */
  readonly business: Float64Array | null;
  readonly event: Uint8Array;
  /** Time over the case's own target window: the event is within target when ≤ 1 (NaN: no target). */
  readonly scaled: Float64Array;
  readonly due: Float64Array;
}

function eventTimes(
  cols: CaseColumns,
  now: number,
  due: DueOf,
  eventAt: (i: number) => number,
  stopAt: (i: number) => number,
  cal: BusinessHours | null,
): EventTimes {
  const n = cols.length;
  const hours = new Float64Array(n);
  const business = cal === null ? null : new Float64Array(n);
  const event = new Uint8Array(n);
  const scaled = new Float64Array(n);
  const dues = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = cols.opened[i] as number;
    const te = eventAt(i);
    let end: number;
    if (te === te) {
      end = te;
      event[i] = 1;
    } else {
      const stop = stopAt(i);
      end = stop === stop ? stop : now;
    }
    hours[i] = (end - t0) / HOUR;
    if (business !== null && cal !== null && cols.node[i] !== -1) {
      business[i] = cal(t0, end);
    }
    const d = due(t0);
    dues[i] = d;
    scaled[i] = (end - t0) / (d - t0);
  }
  return { hours, business, event, scaled, due: dues };
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function quantiles(km: KaplanMeier, z: number): TimeQuantiles {
  const [m, p90] = kmQuantiles(km, [0.5, 0.9], z).map(
    (r): TimeQuantile => ({ value: orNull(r.value), low: orNull(r.low), high: orNull(r.high) }),
  );
  return { median: m as TimeQuantile, p90: p90 as TimeQuantile };
}

function pick(a: Float64Array, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k] as number] as number;
  return out;
}

function timeToEvent(
  e: EventTimes,
  idx: readonly number[],
  hasSla: boolean,
  z: number,
  withCurve: boolean,
): TimeToEvent {
  const ev = new Uint8Array(idx.length);
  let events = 0;
  for (let k = 0; k < idx.length; k++) {
    const v = e.event[idx[k] as number] as number;
    ev[k] = v;
    events += v;
  }
  const km = kaplanMeier(pick(e.hours, idx), ev);
  let withinSla: ShareEstimate | null = null;
  if (hasSla) {
    if (idx.length === 0) withinSla = { share: null, low: null, high: null };
    else {
      const s = kmAt(kaplanMeier(pick(e.scaled, idx), ev), 1, z);
      withinSla = { share: 1 - s.surv, low: orNull(1 - s.high), high: orNull(1 - s.low) };
    }
  }
  const curve: SurvivalStep[] = [];
  if (idx.length > 0) {
    curve.push({
      time: 0,
      survival: 1,
      low: 1,
      high: 1,
      atRisk: idx.length,
      events: 0,
      censored: 0,
    });
  }
  for (let j = 0; j < km.time.length; j++) {
    const l = kmLimits(km, j, z);
    curve.push({
      time: km.time[j] as number,
      survival: km.surv[j] as number,
      low: orNull(l.low),
      high: orNull(l.high),
      atRisk: km.nRisk[j] as number,
      events: km.nEvent[j] as number,
      censored: km.nCensor[j] as number,
    });
  }
  const businessHours =
    e.business === null ? null : quantiles(kaplanMeier(pick(e.business, idx), ev), z);
  return {
    events,
    censored: idx.length - events,
    hours: quantiles(km, z),
    businessHours,
    withinSla,
    curve: withCurve ? curve : null,
  };
}

/** Everything the per-group figures are computed from. */
interface Context {
  readonly cols: CaseColumns;
  readonly now: number;
  readonly contact: EventTimes;
  readonly resolution: EventTimes;
  readonly hasContactSla: boolean;
  readonly hasResolutionSla: boolean;
  readonly z: number;
}

const withheld = (suppression: SuppressionReason): FollowUpFigures => ({
  cases: null,
  open: null,
  overdueContact: null,
  overdueResolution: null,
  reopened: null,
  contact: null,
  resolution: null,
  suppressed: true,
  suppression,
});

function figures(
  ctx: Context,
  idx: readonly number[],
  flag: number,
  withCurve: boolean,
): FollowUpFigures {
  if (flag !== 0) return withheld(flag === 1 ? 'min_sample' : 'complementary');
  const { cols, now } = ctx;
  let open = 0;
  let overdueContact = 0;
  let overdueResolution = 0;
  let reopened = 0;
  for (const i of idx) {
    const resolved = (cols.resolved[i] as number) === (cols.resolved[i] as number);
    const again = (cols.reopened[i] as number) === (cols.reopened[i] as number);
    const isOpen = !resolved || again;
    if (isOpen) open++;
    if (again) reopened++;
    const contacted = (cols.contact[i] as number) === (cols.contact[i] as number);
    if (!contacted && !resolved && (ctx.contact.due[i] as number) < now) overdueContact++;
    if (isOpen && (ctx.resolution.due[i] as number) < now) overdueResolution++;
  }
  return {
    cases: idx.length,
    open,
    overdueContact,
    overdueResolution,
    reopened,
    contact: timeToEvent(ctx.contact, idx, ctx.hasContactSla, ctx.z, withCurve),
    resolution: timeToEvent(ctx.resolution, idx, ctx.hasResolutionSla, ctx.z, withCurve),
    suppressed: false,
    suppression: null,
  };
}

/** A parent's cases for the log-rank of each child: times, events and their order, built once. */
interface ParentSample {
  readonly all: readonly number[];
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly order: Int32Array;
}

function parentSample(e: EventTimes, all: readonly number[]): ParentSample {
  const time = pick(e.business ?? e.hours, all);
  const event = new Uint8Array(all.length);
  for (let k = 0; k < all.length; k++) event[k] = e.event[all[k] as number] as number;
  return { all, time, event, order: stableOrder(time) };
}

/**
 * The two-group log-rank of the cases of `all` marked in `inA` (`na` of them) against the rest,
 * for one event kind (null when either group is empty).
 */
function compare(sample: ParentSample, inA: Uint8Array, na: number) {
  const { all, time, event, order } = sample;
  if (na === 0 || na === all.length) return null;
  const group = new Int32Array(all.length);
  for (let k = 0; k < all.length; k++) group[k] = inA[all[k] as number] === 1 ? 0 : 1;
  const r = logRank(time, event, group, 2, order);
  if (r.df < 1 || !Number.isFinite(r.pValue)) return null;
  const observed = r.observed[0] as number;
  const expected = r.expected[0] as number;
  return {
    observed,
    expected,
    chiSquare: r.chiSquare,
    pValue: r.pValue,
    direction:
      observed < expected
        ? ('slower' as const)
        : observed > expected
          ? ('faster' as const)
          : ('same' as const),
  };
}

type Raw = NonNullable<ReturnType<typeof compare>>;

/** Attach BH q-values across each family (nodes at one depth). */
function withQ(raw: (Raw | null)[], family: readonly number[]): (UnitComparison | null)[] {
  const out: (UnitComparison | null)[] = raw.map(() => null);
  const byFamily = new Map<number, number[]>();
  raw.forEach((r, x) => {
    if (r === null) return;
    const f = family[x] as number;
    let list = byFamily.get(f);
    if (list === undefined) {
      list = [];
      byFamily.set(f, list);
    }
    list.push(x);
  });
  for (const xs of byFamily.values()) {
    const q = benjaminiHochberg(xs.map((x) => (raw[x] as Raw).pValue));
    xs.forEach((x, k) => {
      out[x] = { ...(raw[x] as Raw), qValue: q[k] as number };
    });
  }
  return out;
}

/**
 * Time to first contact and to resolution of follow-up cases, by Kaplan–Meier with the cases
 * still open censored at `now`; the share within the service-level targets; the backlog and
 * overdue counts at `now`; per node of a hierarchy (pooled over subtrees, each node compared
 * with the rest of its parent's subtree by the log-rank test) and per period of opening.
 *
 * Method. A case is followed from `openedAt`; its first contact is an event at
 * `firstContactAt`, its resolution an event at `resolvedAt`. A case without the event is a
 * right-censored observation: at `now` while open, and for the contact at its resolution when
 * it was resolved without a recorded contact. The curve S(t), the share of cases still without
 * the event t hours after opening, is the Kaplan–Meier product-limit estimate (Kaplan & Meier
 * 1958), with Greenwood's (1926) variance and survfit's log-type pointwise interval. The median
 * and 90th percentile (the times by which half and nine in ten cases had the event) carry the
 * Brookmeyer & Crowley (1982) interval, read exactly as R's `quantile.survfit` reads it
 * (`null` when the curve never falls that far: too many cases still open). A mean over closed
 * cases would leave the slowest cases, those still open, out and understate the time.
 * The share within target is 1 − S at the target, on each case's own window (time to the event
 * divided by the time from opening to its due instant: within target when ≤ 1), so targets
 * that differ by case are handled too; its interval is the Greenwood interval of S.
 * Comparisons: the log-rank test (Mantel 1966; Peto & Peto 1972) of a node's subtree against
 * the rest of its parent's subtree (survival::survdiff, rho = 0), with Benjamini–Hochberg
 * q-values across the nodes at the same depth (Benjamini & Hochberg 1995). The test is on
 * business hours when a `calendar` is given (a store closed at weekends is not slower for
 * it), else on wall-clock hours. With a calendar every time is also given in business hours:
 * the working time between opening and the event on the calendar's working days and hours.
 * Every estimate matches R's survival package (Therneau; version 3.5-3 in the tests).
 *
 * Suppression: `minSample` counts cases. A node or period with 1 to minSample − 1 cases is
 * withheld (`suppression: 'min_sample'`), and other groups are withheld
 * (`'complementary'`) where the withheld group's case counts could otherwise be recovered from
 * published counts (a parent minus its other children, a total minus other periods): the
 * engine's disclosure audit over the cells node subtree and period of opening.
 *
 * @param cases - The follow-up cases (see {@link FollowUpCase} for the rules checked).
 * @param options - `now` and `sla` are required; see {@link FollowUpMetricsOptions}.
 * @returns Figures for all cases, per node and per period (times in hours, shares on 0..1).
 * @throws {@link NpsInputError} `invalid_option` for a bad option, `invalid_date` for a bad or
 *   out-of-order instant or one after `now`, `duplicate_id` and `invalid_id` for case ids,
 *   `unknown_node` for a case whose node is not in the hierarchy (unless excluded),
 *   `invalid_input` for a malformed case list, `too_large` when with a calendar the cases span
 *   more than 1,000,000 days.
 * @example
 * ```ts
 * const h = Date.UTC(2026, 2, 2, 9); // opened at 09:00 UTC
 * const hour = 3_600_000;
 * const m = followUpMetrics(
 *   [
 *     { caseId: 'a', nodeId: 's1', openedAt: h, firstContactAt: h + 2 * hour, resolvedAt: h + 30 * hour },
 *     { caseId: 'b', nodeId: 's1', openedAt: h, firstContactAt: h + 5 * hour },
 *     { caseId: 'c', nodeId: 's1', openedAt: h, firstContactAt: h + 30 * hour, resolvedAt: h + 40 * hour },
 *     { caseId: 'd', nodeId: 's1', openedAt: h },
 *   ],
 *   { now: h + 48 * hour, sla: { contact: { hours: 24 }, resolution: { hours: 72 } } },
 * );
 * m.overall.open; //=> 2
 * m.overall.overdueContact; //=> 1
 * m.overall.contact?.hours.median.value; //=> 17.5
 * m.overall.contact?.withinSla?.share; //=> 0.5
 * ```
 */
export function followUpMetrics(cases: unknown, options: FollowUpMetricsOptions): FollowUpMetrics {
  const fn = 'followUpMetrics';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const coerce = o.coerce === true;
  const now = toEpoch(o.now, coerce);
  if (now !== now) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: options.now must be a valid Date or epoch milliseconds${coerce ? ' or an ISO 8601 string with an offset' : ''}, received ${describe(o.now)}`,
      path: ['now'],
      received: o.now,
    });
  }
  const cal = o.calendar === undefined ? null : resolveCalendar(fn, o.calendar, o.timeZone);
  const dueContact = dueOf(fn, 'contact', o.sla.contact, cal);
  const dueResolution = dueOf(fn, 'resolution', o.sla.resolution, cal);
  const confidence = o.confidence ?? 0.95;
  const minSample = o.minSample ?? 0;
  let c: CompiledHierarchy | null = null;
  let ep: Epoch | null = null;
  if (o.hierarchy !== undefined) {
    c = compiledOf(fn, o.hierarchy);
    ep = epochOfIndex(c, asOfEpoch(fn, c, o.asOf));
  }
  const cols = readCases(fn, cases, {
    now,
    coerce,
    indexOf: c?.indexOf,
    epoch: c !== null && c.epochs.length > 1 ? (ep ?? undefined) : undefined,
    ids: c?.ids,
    exclude: o.onUnknownNode === 'exclude',
  });
  let hoursOf: BusinessHours | null = null;
  if (cal !== null) {
    let lo = now;
    for (let i = 0; i < cols.length; i++) {
      if ((cols.node[i] as number) >= 0 && (cols.opened[i] as number) < lo)
        lo = cols.opened[i] as number;
    }
    hoursOf = businessHoursOn(cal, lo, now, fn);
  }
  const ctx: Context = {
    cols,
    now,
    contact: eventTimes(
      cols,
      now,
      dueContact,
      (i) => cols.contact[i] as number,
      (i) => cols.resolved[i] as number,
      hoursOf,
    ),
    resolution: eventTimes(
      cols,
      now,
      dueResolution,
      (i) => cols.resolved[i] as number,
      () => Number.NaN,
      hoursOf,
    ),
    hasContactSla: o.sla.contact !== undefined,
    hasResolutionSla: o.sla.resolution !== undefined,
    z: zForConfidence(confidence),
  };
  const size = c === null ? 1 : c.ids.length;
  const { own, placed } = recordsByNode(cols.node, size);
  // periods of opening
  const { cal: periodCal, bounds, bucket, periods } = recordPeriods(fn, o, cols.opened, placed);
  const flags = protectNodePeriods(size, ep, own, bucket, periods, minSample);
  let nodes: FollowUpNode[] | null = null;
  if (c !== null && ep !== null) {
    const subtree = subtreeRecords(ep, own);
    const family = Array.from(ep.depth);
    const inA = new Uint8Array(cols.length);
    const samples = new Map<number, [ParentSample, ParentSample]>();
    const childrenLeft = new Int32Array(size);
    for (let x = 0; x < size; x++) {
      const p = ep.parent[x] as number;
      if (p >= 0 && ep.active[x] === 1 && flags.node[x] === 0)
        childrenLeft[p] = (childrenLeft[p] as number) + 1;
    }
    const rawContact: (Raw | null)[] = [];
    const rawResolution: (Raw | null)[] = [];
    for (let x = 0; x < size; x++) {
      const p = ep.parent[x] as number;
      if (p < 0 || ep.active[x] !== 1 || flags.node[x] !== 0) {
        rawContact.push(null);
        rawResolution.push(null);
        continue;
      }
      const mine = subtree[x] ?? [];
      let s = samples.get(p);
      if (s === undefined) {
        s = [
          parentSample(ctx.contact, subtree[p] ?? []),
          parentSample(ctx.resolution, subtree[p] ?? []),
        ];
        samples.set(p, s);
      }
      for (const i of mine) inA[i] = 1;
      rawContact.push(compare(s[0], inA, mine.length));
      rawResolution.push(compare(s[1], inA, mine.length));
      for (const i of mine) inA[i] = 0;
      // the parent's sample is dropped after its last child
      const left = (childrenLeft[p] as number) - 1;
      childrenLeft[p] = left;
      if (left === 0) samples.delete(p);
    }
    const qc = withQ(rawContact, family);
    const qr = withQ(rawResolution, family);
    const ids = c.ids;
    nodes = [];
    for (const x of ep.order) {
      const p = ep.parent[x] as number;
      const f = figures(ctx, subtree[x] ?? [], flags.node[x] as number, minSample <= 0);
      const vc = qc[x] ?? null;
      const vr = qr[x] ?? null;
      nodes.push({
        id: ids[x] as string,
        name: c.name[x] ?? null,
        parentId: p < 0 ? null : (ids[p] as string),
        level: c.level[x] ?? null,
        depth: ep.depth[x] as number,
        ...f,
        vsRest: vc === null && vr === null ? null : { contact: vc, resolution: vr },
      });
    }
  }
  let periodRows: FollowUpPeriod[] | null = null;
  if (periodCal !== null) {
    const byPeriod: number[][] = Array.from({ length: periods }, () => []);
    if (bucket !== null) for (const i of placed) byPeriod[bucket[i] as number]?.push(i);
    const spans = bounds === null ? [] : periodSpans(periodCal, bounds);
    periodRows = spans.map((s, k) => ({
      ...s,
      ...figures(ctx, byPeriod[k] ?? [], flags.period[k] as number, minSample <= 0),
    }));
  }
  return {
    now: new Date(now).toISOString(),
    confidence,
    minSample,
    overall: figures(ctx, placed, flags.overall, true),
    nodes,
    periods: periodRows,
    excluded: cols.excluded,
    excludedN: cols.excludedN,
  };
}
