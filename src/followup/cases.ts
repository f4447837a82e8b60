/**
 * Follow-up cases: the record a callback system keeps for each customer followed up, and its
 * reader (one tight loop that validates every case and lays the cases out in columns).
 */
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { excludedCount } from '../kernels/placement.ts';
import { idError, NodePlacer, RecordIds, readInstant } from '../kernels/records.ts';
import type { Epoch } from '../kernels/tree.ts';
import type { Exclusion } from '../types.ts';

/** An instant: a `Date` or epoch milliseconds (with `coerce: true`, also an ISO 8601 string with an offset). */
export type Instant = Date | number | string;

/**
 * One follow-up case: a customer (usually a detractor) to be called back, from the moment the
 * case was opened to its first contact and its resolution. Instants are `Date`s or epoch
 * milliseconds (ISO 8601 strings with an offset under `coerce: true`); `null` or absent means
 * "not yet".
 *
 * Rules (checked by every function that reads cases; each breach is an `NpsInputError` naming
 * the case's index and field):
 * - `caseId` is a non-empty string, unique (`duplicate_id`);
 * - `nodeId` is the unit that owns the case (a node of the hierarchy when one is given);
 * - `firstContactAt` and `resolvedAt` are not before `openedAt`, and when both are given the
 *   resolution is not before the first contact (a case resolved without a recorded contact is
 *   allowed: resolved by other means);
 * - `reopenedAt` needs a `resolvedAt` and is not before it (the record keeps the first
 *   resolution; a case reopened is open again from `reopenedAt`);
 * - no instant is after the `now` of the analysis (`invalid_date`): `now` is the moment the
 *   data describe, so a later instant means a wrong `now` or a wrong record.
 */
export interface FollowUpCase {
  /** The case's own id (unique). */
  readonly caseId: string;
  /** The survey response the case follows up, when known. */
  readonly responseId?: string | null | undefined;
  /** The node (unit) that owns the case. */
  readonly nodeId: string;
  /** When the case was opened. */
  readonly openedAt: Instant;
  /** When the customer was first contacted, or null/absent while not yet. */
  readonly firstContactAt?: Instant | null | undefined;
  /** When the case was resolved, or null/absent while open. */
  readonly resolvedAt?: Instant | null | undefined;
  /** A free label for how it ended (e.g. 'resolved', 'refund', 'no-answer'). */
  readonly outcome?: string | null | undefined;
  /** When a resolved case was reopened, or null/absent. */
  readonly reopenedAt?: Instant | null | undefined;
}

/** @internal Cases read into columns (instants in epoch ms, NaN for "not yet"). */
export interface CaseColumns {
  readonly length: number;
  /** Node index per case, −1 when set aside (or when no hierarchy was given: all 0). */
  readonly node: Int32Array;
  readonly opened: Float64Array;
  readonly contact: Float64Array;
  readonly resolved: Float64Array;
  readonly reopened: Float64Array;
  readonly excluded: readonly Exclusion[];
  readonly excludedN: number;
}

/** @internal How cases are read. */
export interface ReadCasesOptions {
  /** The analysis instant (epoch ms, already validated). */
  readonly now: number;
  readonly coerce: boolean;
  /** Node id → index, when a hierarchy was given. */
  readonly indexOf?: ReadonlyMap<string, number> | undefined;
  /** The structure cases are placed through (nodes inactive there are not valid). */
  readonly epoch?: Epoch | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly exclude: boolean;
}

const FIELDS = ['openedAt', 'firstContactAt', 'resolvedAt', 'reopenedAt'] as const;

function orderError(
  fn: string,
  i: number,
  field: string,
  value: unknown,
  what: string,
  t: number,
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_date',
    message: `${fn}: ${field} at index ${String(i)} (${describe(value)}) must not be before ${what} (${new Date(t).toISOString()})`,
    index: i,
    path: [i, field],
    received: value,
  });
}

/**
 * @internal Read and validate cases (see {@link FollowUpCase} for the rules) in one loop.
 * Unknown or missing node ids (with a hierarchy) are the `unknown_node` error, or exclusions
 * with `exclude`, through the placement kernel.
 */
export function readCases(fn: string, cases: unknown, o: ReadCasesOptions): CaseColumns {
  if (!Array.isArray(cases)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: cases must be an array of case objects ({ caseId, nodeId, openedAt, … }), received ${describe(cases)}`,
      received: cases,
    });
  }
  const rows: readonly unknown[] = cases;
  const n = rows.length;
  const node = new Int32Array(n);
  const opened = new Float64Array(n);
  const contact = new Float64Array(n);
  const resolved = new Float64Array(n);
  const reopened = new Float64Array(n);
  const cols = [opened, contact, resolved, reopened];
  const ids = new RecordIds(fn, 'caseId', 'case');
  const { indexOf, epoch, now, coerce } = o;
  const placer = indexOf === undefined ? null : new NodePlacer(indexOf, epoch);
  for (let i = 0; i < n; i++) {
    const c = rows[i];
    if (typeof c !== 'object' || c === null) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: case at index ${String(i)} must be an object ({ caseId, nodeId, openedAt, … }), received ${describe(c)}`,
        index: i,
        path: [i],
        received: c,
      });
    }
    const r = c as Partial<Record<keyof FollowUpCase, unknown>>;
    ids.check(r.caseId, i);
    const rid = r.responseId;
    if (rid !== undefined && rid !== null && typeof rid !== 'string') {
      throw idError(fn, i, 'responseId', rid, 'a string, null or absent');
    }
    const outcome = r.outcome;
    if (outcome !== undefined && outcome !== null && typeof outcome !== 'string') {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: outcome at index ${String(i)} must be a string, null or absent, received ${describe(outcome)}`,
        index: i,
        path: [i, 'outcome'],
        received: outcome,
      });
    }
    for (let f = 0; f < 4; f++) {
      const field = FIELDS[f] as (typeof FIELDS)[number];
      const v = r[field];
      const col = cols[f] as Float64Array;
      if (f > 0 && (v === undefined || v === null)) {
        col[i] = Number.NaN;
        continue;
      }
      const t = readInstant(fn, v, i, field, coerce);
      if (t > now) {
        throw new NpsInputError({
          code: 'invalid_date',
          message: `${fn}: ${field} at index ${String(i)} (${new Date(t).toISOString()}) is after now (${new Date(now).toISOString()}); pass the instant the data describe as now`,
          index: i,
          path: [i, field],
          received: v,
        });
      }
      col[i] = t;
    }
    const t0 = opened[i] as number;
    const tc = contact[i] as number;
    const tr = resolved[i] as number;
    const to = reopened[i] as number;
    if (tc < t0) throw orderError(fn, i, 'firstContactAt', r.firstContactAt, 'openedAt', t0);
    if (tr < t0) throw orderError(fn, i, 'resolvedAt', r.resolvedAt, 'openedAt', t0);
    if (tr < tc) throw orderError(fn, i, 'resolvedAt', r.resolvedAt, 'firstContactAt', tc);
    if (to === to) {
      if (tr !== tr) {
        throw new NpsInputError({
          code: 'invalid_date',
          message: `${fn}: reopenedAt at index ${String(i)} needs a resolvedAt (only a resolved case can be reopened)`,
          index: i,
          path: [i, 'reopenedAt'],
          received: r.reopenedAt,
        });
      }
      if (to < tr) throw orderError(fn, i, 'reopenedAt', r.reopenedAt, 'resolvedAt', tr);
    }
    const nodeId = r.nodeId;
    if (placer === null) {
      if (typeof nodeId !== 'string') throw idError(fn, i, 'nodeId', nodeId, 'a string');
      node[i] = 0;
      continue;
    }
    node[i] = placer.place(fn, nodeId, i);
  }
  const excluded = placer?.exclusions(fn, o.ids ?? [], o.exclude, 'case') ?? [];
  return {
    length: n,
    node,
    opened,
    contact,
    resolved,
    reopened,
    excluded,
    excludedN: excludedCount(excluded),
  };
}
