import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { recordTable } from '../kernels/nodePeriods.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { recordTableShape } from '../kernels/options.ts';
import { asOfEpoch, excludedCount } from '../kernels/placement.ts';
import { wilsonInterval } from '../kernels/proportion.ts';
import { NodePlacer, RecordIds, readInstant } from '../kernels/records.ts';
import { compiledOf, epochOfIndex, type Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type {
  Excluded,
  NodeInfo,
  PeriodSpan,
  RecordTableOptions,
  SuppressionReason,
} from '../types.ts';

/** One survey invitation, and whether it was answered. */
export interface Invitation {
  /** The invitation's own id (unique, non-empty). */
  readonly invitationId: string;
  /** The node (store, region…) the invitation was sent for. */
  readonly nodeId: string;
  /** When it was sent: `Date`, epoch ms, or an ISO 8601 string with `coerce: true`. */
  readonly at: Date | number | string;
  /** Whether the customer answered it. */
  readonly responded: boolean;
}

/** Options of {@link responseRates} (`minSample` counts invitations). */
export type ResponseRatesOptions = RecordTableOptions;

/** The response rate of a group of invitations; counts `null` when withheld. */
export interface RateFigures {
  /** Invitations sent. */
  readonly invited: number | null;
  /** Invitations answered. */
  readonly responded: number | null;
  /** responded / invited on 0..1 (`null` when none was sent or withheld). */
  readonly rate: number | null;
  /** Lower Wilson limit of the rate. */
  readonly low: number | null;
  /** Upper Wilson limit of the rate. */
  readonly high: number | null;
  /** Whether the figures are withheld (`minSample`). */
  readonly suppressed: boolean;
  /** Why they are withheld. */
  readonly suppression: SuppressionReason | null;
}

/** A node's response rate, pooled over its subtree. */
export interface RateNode extends NodeInfo, RateFigures {
  /** Per period (aligned with the result's `periods`), or `null` without `period`. */
  readonly periods: readonly RateFigures[] | null;
}

/** The response rate of the invitations sent in one period. */
export interface RatePeriod extends PeriodSpan, RateFigures {}

/** The result of {@link responseRates}: plain JSON-serialisable data. */
export interface ResponseRatesResult extends Excluded {
  /** Every invitation placed. */
  readonly overall: RateFigures;
  /** Every node of the structure, parents before children. */
  readonly nodes: readonly RateNode[];
  /** Per period of sending, or `null` without `period`. */
  readonly periods: readonly RatePeriod[] | null;
  /** The interval method: Wilson's score interval. */
  readonly method: 'wilson';
  /** The confidence level of the intervals. */
  readonly confidence: number;
  /** The minimum sample applied (invitations). */
  readonly minSample: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<ResponseRatesOptions>()(z.strictObject(recordTableShape())),
);

/**
 * Response rates from the list of invitations: per node (pooled over its subtree), per period of
 * sending and per node × period, the invitations sent, those answered, and the rate with
 * Wilson's score interval (Wilson 1927; Brown, Cai and DasGupta 2001). A low rate, or one that
 * differs between units, is where non-response bias can enter; `compareResponders` and
 * `rakeWeights` then compare and correct the make-up of who answered.
 *
 * `minSample` counts invitations. A group with 1 to minSample − 1 is withheld, and others where
 * its counts could be recovered from published ones (a region minus its other stores, a total
 * minus the other periods, any linear combination), by the engine's disclosure audit; answered
 * counts follow the same equations and are protected alike.
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param invitations - `{ invitationId, nodeId, at, responded }[]`.
 * @param options - `period`, `timeZone`, `weekStartsOn`, `asOf`, `onUnknownNode`, `minSample`,
 *   `confidence`, `coerce`.
 * @returns A {@link ResponseRatesResult}.
 * @throws {@link NpsInputError} `invalid_id` / `duplicate_id` (invitation ids), `invalid_date`,
 *   `invalid_input` (a record that is not an object, `responded` not a boolean),
 *   `unknown_node` (unless `onUnknownNode: 'exclude'`), `invalid_option`.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'north', parentId: null },
 *   { id: 's1', parentId: 'north' },
 *   { id: 's2', parentId: 'north' },
 * ]);
 * const at = Date.UTC(2026, 0, 10);
 * const invitations = [
 *   ...[true, true, false, false].map((responded, k) => ({ invitationId: `a${k}`, nodeId: 's1', at, responded })),
 *   ...[true, false, false, false].map((responded, k) => ({ invitationId: `b${k}`, nodeId: 's2', at, responded })),
 * ];
 * const r = responseRates(h, invitations);
 * r.nodes.map((n) => [n.id, n.invited, n.responded, n.rate]);
 * //=> [['north', 8, 3, 0.375], ['s1', 4, 2, 0.5], ['s2', 4, 1, 0.25]]
 * ```
 */
export function responseRates(
  hierarchy: Hierarchy,
  invitations: readonly Invitation[],
  options?: ResponseRatesOptions,
): ResponseRatesResult {
  const fn = 'responseRates';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const c = compiledOf(fn, hierarchy);
  const ep = epochOfIndex(c, asOfEpoch(fn, c, o.asOf));
  const confidence = o.confidence ?? 0.95;
  const minSample = o.minSample ?? 0;
  const zc = zForConfidence(confidence);
  if (!Array.isArray(invitations)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: invitations must be an array of { invitationId, nodeId, at, responded }, received ${describe(invitations)}`,
      path: [],
      received: invitations,
    });
  }
  const rows: readonly unknown[] = invitations;
  const n = rows.length;
  const node = new Int32Array(n);
  const at = new Float64Array(n);
  const answered = new Uint8Array(n);
  const ids = new RecordIds(fn, 'invitationId', 'invitation');
  const placer = new NodePlacer(c.indexOf, c.epochs.length > 1 ? ep : undefined);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (typeof r !== 'object' || r === null) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: invitation at index ${String(i)} must be an object ({ invitationId, nodeId, at, responded }), received ${describe(r)}`,
        index: i,
        path: [i],
        received: r,
      });
    }
    const v = r as Partial<Record<keyof Invitation, unknown>>;
    ids.check(v.invitationId, i);
    at[i] = readInstant(fn, v.at, i, 'at', o.coerce === true);
    if (typeof v.responded !== 'boolean') {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: responded at index ${String(i)} must be true or false, received ${describe(v.responded)}`,
        index: i,
        path: [i, 'responded'],
        received: v.responded,
      });
    }
    answered[i] = v.responded ? 1 : 0;
    node[i] = placer.place(fn, v.nodeId, i);
  }
  const excluded = placer.exclusions(fn, c.ids, o.onUnknownNode === 'exclude', 'invitation');
  const figures = (group: readonly number[], flag: number): RateFigures => {
    if (flag !== 0) {
      return {
        invited: null,
        responded: null,
        rate: null,
        low: null,
        high: null,
        suppressed: true,
        suppression: flag === 1 ? 'min_sample' : 'complementary',
      };
    }
    let yes = 0;
    for (const i of group) yes += answered[i] as number;
    const m = group.length;
    const [low, high] = m > 0 ? wilsonInterval(yes, m, zc) : [null, null];
    return {
      invited: m,
      responded: yes,
      rate: m > 0 ? yes / m : null,
      low,
      high,
      suppressed: false,
      suppression: null,
    };
  };
  const table = recordTable(fn, c, ep, o, node, at, minSample, figures);
  return {
    overall: table.overall,
    nodes: table.nodes,
    periods: table.periods,
    method: 'wilson',
    confidence,
    minSample,
    excluded,
    excludedN: excludedCount(excluded),
  };
}
