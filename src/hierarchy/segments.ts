import * as z from 'zod/mini';
import { compareTallies, restOf } from '../core/compareNps.ts';
import { figuresOf, intervalOptionsOf, WITHHELD } from '../core/figures.ts';
import type { NpsIntervalOptions } from '../core/npsInterval.ts';
import type { Tally } from '../core/tally.ts';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { countGroups, groupTally } from '../kernels/groups.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { intervalShape, minSampleOption, readShape } from '../kernels/options.ts';
import {
  asResponses,
  type NormalizedResponses,
  normalizeResponses,
  type ResponseColumns,
  type ResponseRow,
  type TallyEntry,
  unitsAt,
} from '../kernels/responses.ts';
import { EXCLUDED } from '../kernels/scores.ts';
import { suppress } from '../kernels/suppress.ts';
import { sumTallies } from '../kernels/tallies.ts';
import type { Epoch } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { type AdjustedComparison, adjustComparisons } from '../stats/adjustComparisons.ts';
import type { ArrowTableLike, Exclusion, GroupFigures, ReadOptions } from '../types.ts';

/**
 * Responses that carry segment fields: rows or tally entries with extra fields (e.g.
 * `{ nodeId, score, channel }`), or columns with extra columns of that name (strings or
 * dictionary-encoded).
 */
export type SegmentedResponses =
  | readonly (ResponseRow & Readonly<Record<string, unknown>>)[]
  | (ResponseColumns & Readonly<Record<string, unknown>>)
  | readonly (TallyEntry & Readonly<Record<string, unknown>>)[]
  | ArrowTableLike;

/** Options of {@link segments}. */
export interface SegmentsOptions extends NpsIntervalOptions, ReadOptions {
  /** The categorical field to group by (touchpoint, channel, product, customer type…). */
  readonly by: string;
  /** Minimum responses for a segment's figures to be published (default 0), with complementary suppression. */
  readonly minSample?: number | undefined;
}

/** One segment: its {@link GroupFigures} (NPS on −100..100), its share and its comparison. */
export interface SegmentSummary extends GroupFigures {
  /** The segment value. */
  readonly segment: string;
  /** Share of all grouped responses, 0..1 (`null` when withheld). */
  readonly share: number | null;
  /**
   * The segment against the rest of the grouped responses (all other segments together, as
   * independent samples): NPS(segment) − NPS(rest), its interval, z, p-value and the
   * Benjamini–Hochberg q-value across the compared segments; `null` when the segment is
   * suppressed or the segment's or the rest's base is empty.
   */
  readonly vsRest: AdjustedComparison | null;
}

/** The result of {@link segments}. */
export interface SegmentsResult {
  /** The field grouped by. */
  readonly by: string;
  /** Segments in order of first appearance. */
  readonly segments: readonly SegmentSummary[];
  /**
   * Tally of all responses that carry a segment value; `null` when it is withheld (with
   * `minSample`, when it is itself below `minSample`: published, it would reveal the hidden
   * segments it is the sum of).
   */
  readonly total: Tally | null;
  /** Responses without a value for the field (not in any segment; counted, never dropped). */
  readonly missing: number;
  /** Responses set aside for their score (`onInvalidScore: 'exclude'`), by reason and value. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<SegmentsOptions>()(
    z.strictObject({
      by: z.string().check(z.minLength(1)),
      minSample: minSampleOption(),
      ...intervalShape(),
      ...readShape(),
    }),
  ),
);

function mismatch(fn: string, by: string, len: number, got: number): NpsInputError {
  return new NpsInputError({
    code: 'length_mismatch',
    message: `${fn}: column ${by} must have one entry per score (${String(len)}), received ${String(got)}`,
    path: [by],
    received: got,
  });
}

/**
 * @internal Segment of every normalised record from the `by` field of rows or tally entries, or
 * the `by` column (strings or dictionary-encoded): `key[i]` indexes `names` (order of first
 * appearance), −1 when the record has no value; `missing` counts those responses.
 */
export function segmentKeys(
  fn: string,
  responses: SegmentedResponses,
  by: string,
  norm: NormalizedResponses,
): { key: Int32Array; names: string[]; missing: number } {
  const len = norm.length;
  const key = new Int32Array(len);
  // records set aside for their score belong to no segment (and create none)
  const cat = norm.category;
  const kept = (i: number): boolean => cat?.[i] !== EXCLUDED;
  const index = new Map<string, number>();
  const names: string[] = [];
  const keyOf = (v: unknown, i: number): number => {
    if (v === undefined || v === null) return -1;
    if (typeof v !== 'string') {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: ${by} at index ${String(i)} must be a string, received ${describe(v)}`,
        index: i,
        path: [i, by],
        received: v,
      });
    }
    let k = index.get(v);
    if (k === undefined) {
      k = names.length;
      names.push(v);
      index.set(v, k);
    }
    return k;
  };
  if (Array.isArray(responses)) {
    const rows = responses as readonly Record<string, unknown>[];
    for (let i = 0; i < len; i++) key[i] = kept(i) ? keyOf(rows[i]?.[by], i) : -1;
  } else {
    const col = (responses as unknown as Record<string, unknown>)[by];
    if (typeof col === 'object' && col !== null && 'codes' in col && 'values' in col) {
      const { codes, values } = col as { codes: ArrayLike<number>; values: readonly string[] };
      if (codes.length !== len) throw mismatch(fn, by, len, codes.length);
      const remap = Int32Array.from(values, (v, j) => keyOf(v, j));
      for (let i = 0; i < len; i++) {
        const c = codes[i] ?? -1;
        key[i] = c >= 0 && kept(i) ? (remap[c] ?? -1) : -1;
      }
    } else if (col !== undefined) {
      const xs = col as ArrayLike<unknown>;
      if (xs.length !== len) throw mismatch(fn, by, len, xs.length);
      for (let i = 0; i < len; i++) key[i] = kept(i) ? keyOf(xs[i], i) : -1;
    } else key.fill(-1);
  }
  let missing = 0;
  for (let i = 0; i < len; i++) if (key[i] === -1) missing += unitsAt(norm, i);
  return { key, names, missing };
}

/**
 * NPS by any categorical field beside the hierarchy — touchpoint, channel, product, customer
 * type: a summary (tally, NPS, interval, share) per segment, from the same three response shapes
 * as {@link rollup} (rows and tally entries carry the field; columns carry a column of that
 * name, strings or dictionary-encoded). With `minSample`, small segments are suppressed, and
 * complementary suppression hides the next-smallest segment when one alone would be recoverable
 * as the total minus the others (the rule of docs/hierarchy.md). Responses without a value are
 * counted in `missing`. Each visible segment is compared with the rest of the grouped responses
 * (`vsRest`: the core's independent two-sample comparison, segment against all other segments
 * together) with Benjamini–Hochberg q-values across segments (Benjamini and Hochberg 1995).
 *
 * @param responses - Rows, columns or tally entries carrying the `by` field.
 * @param options - `by`, scheme and interval options, `minSample`.
 * @returns A {@link SegmentsResult}.
 * @throws {@link NpsInputError} `invalid_option` (missing `by`), `invalid_input` (a non-string
 *   segment value), and the response errors of {@link rollup}.
 * @example
 * ```ts
 * const s = segments(
 *   [{ score: 10, channel: 'web' }, { score: 3, channel: 'store' }, { score: 9, channel: 'web' }],
 *   { by: 'channel' },
 * );
 * s.segments.map((x) => [x.segment, x.nps]); //=> [['web', 100], ['store', -100]]
 * s.segments.map((x) => x.vsRest?.difference); //=> [200, -200]
 * ```
 */
export function segments(responses: SegmentedResponses, options: SegmentsOptions): SegmentsResult {
  const fn = 'segments';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const by = o.by;
  const r = intervalOptionsOf(fn, options);
  const input = asResponses(fn, responses, [by]);
  const norm = normalizeResponses(fn, input, { scheme: r.scheme, read: o });
  const { key, names, missing } = segmentKeys(fn, input, by, norm);
  const s = names.length;
  const g = countGroups(norm, key, s);
  // Segments as children of one synthetic root (index s), so the hierarchy's suppression rule applies.
  const size = s + 1;
  const parent = new Int32Array(size).fill(s);
  parent[s] = -1;
  const order = Int32Array.from({ length: size }, (_, k) => (k === 0 ? s : k - 1));
  const ep: Epoch = {
    from: -Infinity,
    to: Infinity,
    active: new Uint8Array(size).fill(1),
    parent,
    depth: Int32Array.from({ length: size }, (_, k) => (k === s ? 0 : 1)),
    order,
  };
  const totalN = new Float64Array(size);
  const tallies: Tally[] = [];
  for (let k = 0; k < s; k++) {
    const t = groupTally(g, k);
    tallies.push(t);
    totalN[k] = t.n;
  }
  const total = sumTallies(tallies);
  totalN[s] = total.n;
  // A segment's responses are its own; the synthetic root has none.
  const ownN = totalN.slice();
  ownN[s] = 0;
  const hidden = suppress(ep, totalN, ownN, o.minSample ?? 0);
  const all = total.n;
  const zCrit = zForConfidence(r.confidence);
  const vsRest = adjustComparisons(
    tallies.map((t, k) =>
      (hidden.total[k] ?? 0) !== 0
        ? null
        : compareTallies(
            t,
            restOf(t, total, fn),
            r.scheme.base,
            'independent',
            zCrit,
            r.confidence,
            fn,
          ),
    ),
  );
  return {
    by,
    segments: names.map((segment, k) => {
      const t = tallies[k] ?? { promoters: 0, passives: 0, detractors: 0, n: 0 };
      if ((hidden.total[k] ?? 0) !== 0) {
        return { segment, ...WITHHELD, share: null, vsRest: null };
      }
      return {
        segment,
        ...figuresOf(t, r),
        share: all > 0 ? t.n / all : null,
        vsRest: vsRest[k] ?? null,
      };
    }),
    total: (hidden.total[s] ?? 0) === 0 ? total : null,
    missing,
    excluded: norm.excluded,
    excludedN: norm.excludedN,
  };
}
