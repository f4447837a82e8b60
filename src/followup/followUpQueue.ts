import * as z from 'zod/mini';
import { resolveScheme } from '../core/resolveScheme.ts';
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import {
  type BusinessAmount,
  type BusinessClock,
  businessClock,
  type CalendarInput,
  calendarOption,
  resolveCalendar,
} from '../kernels/businessTime.ts';
import { checkZone, isoInZone, MAX_INSTANT } from '../kernels/calendar.ts';
import { describe } from '../kernels/describe.ts';
import { placementShape, readShape } from '../kernels/options.ts';
import { placeResponses } from '../kernels/placement.ts';
import { normalizeResponses, toEpoch } from '../kernels/responses.ts';
import { DETRACTOR, EXCLUDED, PASSIVE } from '../kernels/scores.ts';
import { type CompiledHierarchy, compiledOf } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { Exclusion, Hierarchy, ReadOptions, ResponseRow, Scheme } from '../types.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * A response as {@link followUpQueue} reads it: a response row with its id, and optionally the
 * customer, the customer's value and the comment.
 */
export interface FollowUpResponse extends ResponseRow {
  /** The response's id, unique in the input (any string). */
  readonly responseId: string;
  /** When the response was given (required here: the due instant is counted from it). */
  readonly at: Date | number | string;
  /** The customer, for finding repeat detractors (`null` or absent: unknown). */
  readonly customerId?: string | null | undefined;
  /** The customer's value (revenue, lifetime value… any non-negative number), for the priority. */
  readonly value?: number | null | undefined;
  /** The customer's comment; a non-blank one is a reason with `comments: true`. */
  readonly comment?: string | null | undefined;
}

/** Why a response is in the queue. */
export type FollowUpReason =
  | 'detractor'
  | 'passive'
  | 'low_rating'
  | 'comment'
  | 'repeat_detractor';

/** The weights of the priority's components (each ≥ 0, default 1). */
export interface PriorityWeights {
  /** How far the score lies below the top of the scale. */
  readonly severity?: number | undefined;
  /** The customer's value, relative to the largest in the queue. */
  readonly value?: number | undefined;
  /** The share of the SLA already elapsed at `now` (1 once overdue). */
  readonly age?: number | undefined;
  /** 1 for a repeat detractor. */
  readonly repeat?: number | undefined;
}

/** An escalation step: after `afterHours` since the response, the owner moves `levels` up. */
export interface EscalationStep {
  /** Elapsed hours since the response (`at`) after which this step applies. */
  readonly afterHours: number;
  /** How many levels up the hierarchy the owner moves (default 1; stops at the root). */
  readonly levels?: number | undefined;
}

/** Which low driver ratings call for a follow-up. */
export interface LowRatingRule {
  /** The drivers (keys of the rows' `ratings`) to look at. */
  readonly drivers: readonly string[];
  /** A rating at or below this calls for a follow-up. */
  readonly atMost: number;
}

/** When a detractor counts as a repeat detractor. */
export interface RepeatDetractorRule {
  /** Days within which the same customer's earlier detractor answer makes this one a repeat. */
  readonly withinDays: number;
}

/** The policy of {@link followUpQueue}. */
export interface FollowUpPolicy extends ReadOptions {
  /**
   * The time allowed for the call, counted from the response's `at`: exactly one of `hours`
   * (elapsed), `businessHours` (working time on `calendar`) or `businessDays` (due at the close
   * of the N-th working day after the current one; see docs/followup.md).
   */
  readonly sla: BusinessAmount;
  /** Working days, hours and holidays for business SLAs (default Monday–Friday, all day). */
  readonly calendar?: CalendarInput | undefined;
  /** The zone of the calendar when `calendar.timeZone` is not given (default 'UTC'). */
  readonly timeZone?: string | undefined;
  /**
   * Time zones by node id: a node's zone is its own entry, else its nearest ancestor's (with a
   * hierarchy), else the calendar's zone. Working hours and days are then read on that zone's
   * clock; holidays given as instants stay the dates they are in the calendar's zone.
   */
  readonly timeZones?: ReadonlyMap<string, string> | undefined;
  /** The organisation: needed for `escalation` and `timeZones` inheritance; nodes are then checked. */
  readonly hierarchy?: Hierarchy | undefined;
  /** A response whose node is missing or not in the hierarchy at `now`: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** The scheme the scores are classified by (default the ten-point scheme). */
  readonly scheme?: Scheme | undefined;
  /** Call detractors (default `true`). */
  readonly detractors?: boolean | undefined;
  /** Call passives too (default `false`). */
  readonly passives?: boolean | undefined;
  /** Call every response with a non-blank comment (default `false`). */
  readonly comments?: boolean | undefined;
  /** Call responses rating any of `drivers` at or below `atMost` (in the row's `ratings`). */
  readonly lowRatings?: LowRatingRule | undefined;
  /**
   * Call a detractor whose customer was already a detractor at most `withinDays` days earlier
   * (two detractor responses of one `customerId`; the later one, or both at the same instant).
   */
  readonly repeatDetractors?: RepeatDetractorRule | undefined;
  /** Escalation steps, by `afterHours` (the largest one reached applies). Needs `hierarchy`. */
  readonly escalation?: readonly EscalationStep[] | undefined;
  /** Weights of the priority's components. */
  readonly priority?: PriorityWeights | undefined;
  /** Response ids already followed up: left out of the queue. */
  readonly handled?: readonly string[] | undefined;
}

/** One response to call back. Instants are ISO 8601 strings with the owner zone's offset. */
export interface FollowUpItem {
  /** The response. */
  readonly responseId: string;
  /** The node the response belongs to (`null` without a hierarchy and without a nodeId). */
  readonly nodeId: string | null;
  /** Who calls: the node, or the node `escalated` levels up. */
  readonly owner: string | null;
  /** How many levels above the node the owner is (0 when not escalated). */
  readonly escalated: number;
  /** Why the response is in the queue (at least one). */
  readonly reasons: readonly FollowUpReason[];
  /** The drivers rated at or below `lowRatings.atMost`, in the order of `lowRatings.drivers`. */
  readonly lowDrivers: readonly string[];
  /** The score. */
  readonly score: number;
  /** The customer (`null` when not given). */
  readonly customerId: string | null;
  /**
   * The priority on 0..1 (higher = call first): the weighted mean of severity
   * (max − score) / (max − min), value / largest value in the queue, elapsed share of the SLA
   * (1 once overdue) and 1 for a repeat detractor, with the policy's weights; value counts only
   * when some response carries one, repeat only with `repeatDetractors`.
   */
  readonly priority: number;
  /** When the response was given. */
  readonly at: string;
  /** When the call is due. */
  readonly dueAt: string;
  /** Whether `now` is past `dueAt`. */
  readonly overdue: boolean;
  /** Elapsed hours from `at` to `now`. */
  readonly ageHours: number;
  /** The zone the due instant was computed in. */
  readonly timeZone: string;
}

/** The result of {@link followUpQueue}: plain JSON-serialisable data. */
export interface FollowUpQueue {
  /** Responses to call, by priority (highest first), then due instant, then response id. */
  readonly items: readonly FollowUpItem[];
  /** How many items are overdue at `now`. */
  readonly overdueN: number;
  /** `now`, as ISO 8601 in UTC. */
  readonly now: string;
  /** Responses set aside (unknown node, invalid score) with their reasons. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

const weight = () => z.optional(z.number().check(z.gte(0)));

const policySchema = /* @__PURE__ */ lazy(() => {
  const { onUnknownNode } = placementShape();
  return exactKeys<FollowUpPolicy>()(
    z.strictObject({
      sla: z.union([
        z.strictObject({ hours: z.number().check(z.gte(0)) }),
        z.strictObject({ businessHours: z.number().check(z.gte(0)) }),
        z.strictObject({ businessDays: z.int().check(z.gte(0)) }),
      ]),
      calendar: calendarOption(),
      timeZone: z.optional(z.string()),
      timeZones: z.optional(z.map(z.string(), z.string())),
      hierarchy: z.optional(z.unknown()),
      onUnknownNode,
      scheme: z.optional(z.unknown()),
      detractors: z.optional(z.boolean()),
      passives: z.optional(z.boolean()),
      comments: z.optional(z.boolean()),
      lowRatings: z.optional(z.strictObject({ drivers: z.array(z.string()), atMost: z.number() })),
      repeatDetractors: z.optional(z.strictObject({ withinDays: z.number().check(z.gte(0)) })),
      escalation: z.optional(
        z.array(
          z.strictObject({
            afterHours: z.number().check(z.gte(0)),
            levels: z.optional(z.int().check(z.gte(1))),
          }),
        ),
      ),
      priority: z.optional(
        z.strictObject({ severity: weight(), value: weight(), age: weight(), repeat: weight() }),
      ),
      handled: z.optional(z.array(z.string())),
      ...readShape(),
    }),
  );
});

/** The extra fields of each row, checked: id, customer, value, comment. */
interface RowFields {
  readonly ids: string[];
  readonly customer: (string | null)[];
  readonly value: (number | null)[];
  readonly comment: boolean[];
}

function fieldError(
  fn: string,
  i: number,
  field: string,
  must: string,
  v: unknown,
  code: 'invalid_id' | 'invalid_input' = 'invalid_input',
) {
  return new NpsInputError({
    code,
    message: `${fn}: ${field} at index ${String(i)} must be ${must}, received ${describe(v)}`,
    index: i,
    path: [i, field],
    received: v,
  });
}

function readFields(fn: string, rows: readonly FollowUpResponse[]): RowFields {
  const len = rows.length;
  const ids: string[] = new Array<string>(len);
  const customer: (string | null)[] = new Array<string | null>(len);
  const value: (number | null)[] = new Array<number | null>(len);
  const comment: boolean[] = new Array<boolean>(len);
  const seen = new Map<string, number>();
  for (let i = 0; i < len; i++) {
    const r: unknown = rows[i];
    if (typeof r !== 'object' || r === null || 'tally' in r) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: response at index ${String(i)} must be an object { responseId, score, at, nodeId?, customerId?, value?, comment?, ratings? }, received ${describe(r)}`,
        index: i,
        path: [i],
        received: r,
      });
    }
    const row = r as FollowUpResponse;
    const id: unknown = row.responseId;
    if (typeof id !== 'string') throw fieldError(fn, i, 'responseId', 'a string', id, 'invalid_id');
    const first = seen.get(id);
    if (first !== undefined) {
      throw new NpsInputError({
        code: 'duplicate_id',
        message: `${fn}: responseId at index ${String(i)} must be unique, received ${describe(id)} (also at index ${String(first)})`,
        index: i,
        path: [i, 'responseId'],
        received: id,
      });
    }
    seen.set(id, i);
    ids[i] = id;
    const c: unknown = row.customerId;
    if (c !== undefined && c !== null && typeof c !== 'string') {
      throw fieldError(fn, i, 'customerId', 'a string, null or absent', c);
    }
    customer[i] = c ?? null;
    const v: unknown = row.value;
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw fieldError(fn, i, 'value', 'a finite number ≥ 0, null or absent', v);
    }
    value[i] = v ?? null;
    const m: unknown = row.comment;
    if (m !== undefined && m !== null && typeof m !== 'string') {
      throw fieldError(fn, i, 'comment', 'a string, null or absent', m);
    }
    comment[i] = typeof m === 'string' && m.trim() !== '';
  }
  return { ids, customer, value, comment };
}

/** The rating of `driver` on a row (`null` when missing), or the `invalid_input` error. */
function ratingOf(fn: string, row: FollowUpResponse, i: number, driver: string): number | null {
  const rs: unknown = row.ratings;
  if (rs === undefined || rs === null) return null;
  if (typeof rs !== 'object')
    throw fieldError(fn, i, 'ratings', 'an object or a Map of numbers', rs);
  const v: unknown =
    rs instanceof Map
      ? rs.get(driver)
      : Object.hasOwn(rs, driver)
        ? (rs as Record<string, unknown>)[driver]
        : undefined;
  if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: ratings.${driver} at index ${String(i)} must be a finite number, null or absent, received ${describe(v)}`,
      index: i,
      path: [i, 'ratings', driver],
      received: v,
    });
  }
  return v;
}

/**
 * Repeat detractors: per customer, its detractor responses sorted by time; one is a repeat when
 * an earlier one (or one at the same instant) lies at most `window` ms before it.
 */
function repeats(
  queued: readonly number[],
  customer: readonly (string | null)[],
  at: Float64Array,
  window: number,
): Set<number> {
  const by = new Map<string, number[]>();
  for (const i of queued) {
    const c = customer[i];
    if (c === null || c === undefined) continue;
    const list = by.get(c);
    if (list === undefined) by.set(c, [i]);
    else list.push(i);
  }
  const out = new Set<number>();
  for (const list of by.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => (at[a] as number) - (at[b] as number));
    for (let k = 1; k < list.length; k++) {
      const i = list[k] as number;
      const p = list[k - 1] as number;
      const gap = (at[i] as number) - (at[p] as number);
      if (gap <= window) out.add(i);
      if (gap === 0) out.add(p);
    }
  }
  return out;
}

/** The node `levels` up from `x` (stopping at the root) and how many levels that is. */
function ancestor(parent: Int32Array, x: number, levels: number): [number, number] {
  let y = x;
  let k = 0;
  while (k < levels) {
    const p = parent[y] ?? -1;
    if (p < 0) break;
    y = p;
    k++;
  }
  return [y, k];
}

/**
 * Who to call back, by when, in what order: the follow-up queue of the "closing the loop" part
 * of NPS management (F. Reichheld & R. Markey (2011), "The Ultimate Question 2.0", ch. 6: the
 * inner loop, a frontline call to each detractor within a set time).
 *
 * A response is queued when any enabled reason applies: it is a detractor (on by default), a
 * passive (`passives`), it has a non-blank comment (`comments`), it rates a named driver at or
 * below `lowRatings.atMost`, or it is a repeat detractor (`repeatDetractors`: a detractor whose
 * customer gave a detractor answer at most `withinDays` before it). Its due instant is `at`
 * plus the SLA on the business calendar in the owner node's zone ({@link FollowUpPolicy.sla};
 * business hours and days skip weekends, holidays and closed hours, exact across DST changes),
 * `overdue` says whether `now` is past it, and its owner is its node, or the node `levels` up
 * the hierarchy once the largest `escalation` step with `afterHours` ≤ the response's age
 * applies. Priority (0..1) is the weighted mean of severity, customer value (relative to the
 * largest in the queue), elapsed share of the SLA and repeat; the queue is sorted by priority,
 * then due instant, then response id, so it does not depend on the order of the input.
 *
 * Scores are read as everywhere (`scheme`, `coerce`, `onInvalidScore`); with a hierarchy each
 * response is placed on the structure valid at `now`, and a missing or unknown node (or one
 * closed by `now`) is the `unknown_node` error or, with `onUnknownNode: 'exclude'`, counted in
 * `excluded`. Cost: O(n log n) plus, per queued response, O(days of the SLA) offset look-ups.
 *
 * @param responses - Response rows with `responseId` and `at` (see {@link FollowUpResponse}).
 * @param policy - Who to call, the SLA, calendar, zones, escalation, priority weights.
 * @param now - The instant the queue is drawn up at (`Date` or epoch ms).
 * @returns The queue, excluded responses and the overdue count.
 * @throws {@link NpsInputError} `invalid_option` (policy), `invalid_id` / `duplicate_id`
 *   (responseId), `invalid_date` (`at`, `now`, a holiday; also an `at` after `now`),
 *   `invalid_time_zone`, `invalid_score`, `unknown_node`, `invalid_input`, `too_large` (an SLA
 *   of more than about eleven years).
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'kyiv', parentId: null }, { id: 'store-1', parentId: 'kyiv' },
 * ]);
 * const rows = [
 *   // Friday 17:00 in Kyiv (15:00Z)
 *   { responseId: 'r1', nodeId: 'store-1', score: 3, at: Date.UTC(2025, 2, 28, 15) },
 *   { responseId: 'r2', nodeId: 'store-1', score: 9, at: Date.UTC(2025, 2, 28, 15) },
 * ];
 * const q = followUpQueue(rows, {
 *   hierarchy: h,
 *   sla: { businessHours: 2 },
 *   calendar: { timeZone: 'Europe/Kyiv', hours: { start: '09:00', end: '18:00' } },
 *   escalation: [{ afterHours: 48 }],
 * }, Date.UTC(2025, 2, 31, 8));
 * q.items.map((i) => i.responseId); //=> ['r1']
 * // one hour on Friday, one on Monday: 10:00 on Monday, summer time since Sunday
 * q.items[0]?.dueAt; //=> '2025-03-31T10:00:00+03:00'
 * q.items[0]?.overdue; //=> true
 * // 65 hours old, past the 48-hour escalation: the region calls
 * q.items[0]?.owner; //=> 'kyiv'
 * ```
 */
export function followUpQueue(
  responses: readonly FollowUpResponse[],
  policy: FollowUpPolicy,
  now: Date | number,
): FollowUpQueue {
  const fn = 'followUpQueue';
  const o = parseWith(policySchema(), policy, fn, 'policy');
  const nowMs = toEpoch(now);
  if (!(Math.abs(nowMs) <= MAX_INSTANT)) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${fn}: now must be a valid Date or epoch milliseconds, received ${describe(now)}`,
      path: ['now'],
      received: now,
    });
  }
  if (!Array.isArray(responses)) {
    throw badInput(
      fn,
      'responses must be an array of response rows { responseId, score, at, … }',
      responses,
    );
  }
  const rows = responses as readonly FollowUpResponse[];
  const scheme = resolveScheme(o.scheme as Scheme | undefined, fn);
  const base = resolveCalendar(fn, o.calendar, o.timeZone);
  const c: CompiledHierarchy | null =
    o.hierarchy === undefined ? null : compiledOf(fn, o.hierarchy);
  if (c === null && o.escalation !== undefined && o.escalation.length > 0) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: policy.escalation needs policy.hierarchy (a hierarchy from buildHierarchy) to know who is above a node`,
      path: ['escalation'],
      received: o.escalation,
    });
  }
  const fields = readFields(fn, rows);
  const read = { coerce: o.coerce, onInvalidScore: o.onInvalidScore };

  // Read and place the responses: categories, instants, nodes (−1 unknown or excluded).
  let category: Uint8Array;
  let at: Float64Array;
  let node: Int32Array | null = null;
  let excluded: readonly Exclusion[];
  let excludedN: number;
  let parent: Int32Array = new Int32Array(0);
  if (c !== null) {
    const placed = placeResponses(fn, c, rows, {
      scheme,
      read,
      structure: 'as-of',
      asOf: nowMs,
      onUnknownNode: o.onUnknownNode,
      needAt: true,
    });
    category = placed.norm.category ?? new Uint8Array(0);
    at = placed.norm.at ?? new Float64Array(0);
    node = placed.key;
    excluded = placed.excluded;
    excludedN = placed.excludedN;
    parent = placed.report.parent;
  } else {
    const norm = normalizeResponses(fn, rows, { scheme, at: 'required', read });
    category = norm.category ?? new Uint8Array(0);
    at = norm.at ?? new Float64Array(0);
    excluded = norm.excluded;
    excludedN = norm.excludedN;
  }

  // Zones: each node's own, else its nearest ancestor's, else the calendar's.
  const zoneOfNode = zonesOf(fn, o.timeZones, c, parent);
  // one business clock per zone, so the zone's offsets are looked up once per day for all items
  const clocks = new Map<string, BusinessClock>();
  const clockIn = (zone: string): BusinessClock => {
    let clock = clocks.get(zone);
    if (clock === undefined) {
      clock = businessClock({ ...base, timeZone: zone });
      clocks.set(zone, clock);
    }
    return clock;
  };

  const handled = new Set(o.handled ?? []);
  const wantDetractors = o.detractors ?? true;
  const wantPassives = o.passives ?? false;
  const wantComments = o.comments ?? false;
  const low = o.lowRatings;
  const len = rows.length;
  const reasonsOf: FollowUpReason[][] = [];
  const lowOf: string[][] = [];
  const queued: number[] = [];
  const detractorRows: number[] = [];
  for (let i = 0; i < len; i++) {
    const cat = category[i] as number;
    if (cat === EXCLUDED || (node !== null && (node[i] as number) < 0)) continue;
    const t = at[i] as number;
    if (t > nowMs) {
      throw new NpsInputError({
        code: 'invalid_date',
        message: `${fn}: at at index ${String(i)} must not be after now (${new Date(nowMs).toISOString()}), received ${new Date(t).toISOString()}`,
        index: i,
        path: [i, 'at'],
        received: rows[i]?.at,
      });
    }
    if (cat === DETRACTOR) detractorRows.push(i);
    const reasons: FollowUpReason[] = [];
    if (cat === DETRACTOR && wantDetractors) reasons.push('detractor');
    if (cat === PASSIVE && wantPassives) reasons.push('passive');
    const lows: string[] = [];
    if (low !== undefined) {
      const row = rows[i] as FollowUpResponse;
      for (const d of low.drivers) {
        const r = ratingOf(fn, row, i, d);
        if (r !== null && r <= low.atMost) lows.push(d);
      }
      if (lows.length > 0) reasons.push('low_rating');
    }
    if (wantComments && fields.comment[i] === true) reasons.push('comment');
    reasonsOf[i] = reasons;
    lowOf[i] = lows;
  }
  const repeated =
    o.repeatDetractors === undefined
      ? new Set<number>()
      : repeats(detractorRows, fields.customer, at, o.repeatDetractors.withinDays * DAY);
  for (const i of repeated) (reasonsOf[i] as FollowUpReason[]).push('repeat_detractor');
  for (let i = 0; i < len; i++) {
    const r = reasonsOf[i];
    if (r !== undefined && r.length > 0 && !handled.has(fields.ids[i] as string)) queued.push(i);
  }

  // Due instants, owners and the priority's components.
  const [min, max] = scheme.scale;
  const w = o.priority ?? {};
  const ws = w.severity ?? 1;
  const wa = w.age ?? 1;
  let topValue = 0;
  for (const i of queued) topValue = Math.max(topValue, fields.value[i] ?? 0);
  // a component that cannot apply (no customer values given, no repeat rule) takes no weight,
  // so the most urgent response can reach priority 1
  const wv = topValue > 0 ? (w.value ?? 1) : 0;
  const wr = o.repeatDetractors === undefined ? 0 : (w.repeat ?? 1);
  const wSum = ws + wv + wa + wr;
  const steps = [...(o.escalation ?? [])].sort((a, b) => a.afterHours - b.afterHours);
  const entries: { readonly item: FollowUpItem; readonly due: number }[] = [];
  for (const i of queued) {
    const t = at[i] as number;
    const x = node === null ? -1 : (node[i] as number);
    const nodeId = c !== null ? (c.ids[x] ?? null) : nodeIdOf(fn, rows[i] as FollowUpResponse, i);
    const zone = (c !== null ? zoneOfNode.get(x) : zoneOfNode.get(nodeId)) ?? base.timeZone;
    const due = clockIn(zone).add(t, o.sla, fn);
    const ageMs = nowMs - t;
    let owner = nodeId;
    let escalated = 0;
    if (c !== null) {
      let levels = 0;
      for (const s of steps) if (ageMs >= s.afterHours * HOUR) levels = s.levels ?? 1;
      const [y, k] = ancestor(parent, x, levels);
      owner = c.ids[y] ?? null;
      escalated = k;
    }
    const score = scoreOf(rows[i] as FollowUpResponse);
    const severity = max === min ? 0 : (max - score) / (max - min);
    const value = topValue > 0 ? (fields.value[i] ?? 0) / topValue : 0;
    const age = due <= t ? 1 : Math.min(1, ageMs / (due - t));
    const repeat = repeated.has(i) ? 1 : 0;
    const priority = wSum > 0 ? (ws * severity + wv * value + wa * age + wr * repeat) / wSum : 0;
    const item: FollowUpItem = {
      responseId: fields.ids[i] as string,
      nodeId,
      owner,
      escalated,
      reasons: reasonsOf[i] as FollowUpReason[],
      lowDrivers: lowOf[i] as string[],
      score,
      customerId: fields.customer[i] ?? null,
      priority,
      at: isoInZone(zone, t),
      dueAt: isoInZone(zone, due),
      overdue: nowMs > due,
      ageHours: ageMs / HOUR,
      timeZone: zone,
    };
    entries.push({ item, due });
  }
  entries.sort(
    (a, b) =>
      b.item.priority - a.item.priority ||
      a.due - b.due ||
      (a.item.responseId < b.item.responseId ? -1 : a.item.responseId > b.item.responseId ? 1 : 0),
  );
  const out = entries.map((e) => e.item);
  let overdueN = 0;
  for (const item of out) if (item.overdue) overdueN++;
  return { items: out, overdueN, now: new Date(nowMs).toISOString(), excluded, excludedN };
}

/** The score of a row as a number (already validated by the reader; strings and BigInts coerced). */
function scoreOf(row: FollowUpResponse): number {
  const s: unknown = row.score;
  return typeof s === 'string' ? Number(s.trim()) : Number(s);
}

/** The nodeId of a row read without a hierarchy: a string, or `null`. */
function nodeIdOf(fn: string, row: FollowUpResponse, i: number): string | null {
  const id: unknown = row.nodeId;
  if (id === undefined || id === null) return null;
  if (typeof id === 'string') return id;
  throw fieldError(fn, i, 'nodeId', 'a string, null or absent', id);
}

/**
 * The zone of each node (by index with a hierarchy, by id without): its own entry of
 * `timeZones`, else its nearest ancestor's. Every zone is checked; with a hierarchy an id of
 * `timeZones` that is not a node is the `unknown_node` error.
 */
function zonesOf(
  fn: string,
  timeZones: ReadonlyMap<string, string> | undefined,
  c: CompiledHierarchy | null,
  parent: Int32Array,
): Map<number | string | null, string> {
  const out = new Map<number | string | null, string>();
  if (timeZones === undefined) return out;
  for (const [id, zone] of timeZones) {
    checkZone(fn, zone);
    if (c === null) {
      out.set(id, zone);
      continue;
    }
    const x = c.indexOf.get(id);
    if (x === undefined) {
      throw new NpsInputError({
        code: 'unknown_node',
        message: `${fn}: policy.timeZones has node ${describe(id)}, which is not in the hierarchy`,
        path: ['timeZones', id],
        received: id,
      });
    }
    out.set(x, zone);
  }
  if (c === null) return out;
  // inherit down the tree: the nearest ancestor with a zone
  for (let x = 0; x < c.ids.length; x++) {
    if (out.has(x)) continue;
    let y = parent[x] ?? -1;
    let steps = 0;
    while (y >= 0 && !out.has(y) && steps++ < c.ids.length) y = parent[y] ?? -1;
    const z0 = y >= 0 ? out.get(y) : undefined;
    if (z0 !== undefined) out.set(x, z0);
  }
  return out;
}
