/**
 * Gaming signals: score patterns per unit and period that deserve a look when staff are paid on
 * the number — each with its evidence and a probability, never a bare accusation.
 */
import * as z from 'zod/mini';
import { compareTallies, type NpsComparison } from '../core/compareNps.ts';
import { intervalOptionsOf } from '../core/figures.ts';
import type { NpsIntervalOptions } from '../core/npsInterval.ts';
import { NpsInputError } from '../errors.ts';
import type { RollupOptions } from '../hierarchy/rollup.ts';
import { regularizedBeta } from '../kernels/beta.ts';
import {
  bucketOf,
  type Calendar,
  calendarBounds,
  calendarOf,
  periodSpans,
} from '../kernels/calendar.ts';
import { coerceNumber } from '../kernels/counts.ts';
import { describe } from '../kernels/describe.ts';
import { hypergeometricTails } from '../kernels/hypergeometric.ts';
import { zForConfidence } from '../kernels/normal.ts';
import {
  calendarShape,
  intervalShape,
  placementShape,
  readShape,
  seedOption,
} from '../kernels/options.ts';
import { excludedCount, placeResponses } from '../kernels/placement.ts';
import { seededRandom } from '../kernels/random.ts';
import { asResponses, isDictionary } from '../kernels/responses.ts';
import { DETRACTOR, EXCLUDED, PASSIVE, PROMOTER } from '../kernels/scores.ts';
import { compiledOf, type Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { benjaminiHochberg } from '../stats/benjaminiHochberg.ts';
import type { TrendOptions } from '../trend/trend.ts';
import type {
  Exclusion,
  NodeInfo,
  PeriodSpan,
  ReadOptions,
  ResponsesInput,
  Tally,
} from '../types.ts';

const DAY = 86_400_000;

/**
 * Options of {@link gamingSignals}: the calendar of `trend` (`period`, `timeZone`,
 * `weekStartsOn`), the placement of `rollup` (`structure`, `asOf`, `onUnknownNode`), the
 * reading options, and the signals' own.
 */
export interface GamingSignalsOptions
  extends Pick<NpsIntervalOptions, 'scheme' | 'confidence'>,
    Pick<TrendOptions, 'period' | 'timeZone' | 'weekStartsOn'>,
    Pick<RollupOptions, 'structure' | 'asOf' | 'onUnknownNode'>,
    ReadOptions {
  /**
   * Fewest responses a unit needs in a period for its signals to be tested (default 20); below
   * it the unit is reported with its counts and every signal `null`.
   */
  readonly minSample?: number | undefined;
  /** False-discovery rate at which a signal is flagged: `qValue < fdr`, strictly below, as `compareNps` and `sourceEffects` flag (default 0.05). */
  readonly fdr?: number | undefined;
  /** The lowest score counted as a top score (default: the top of the scheme's scale). */
  readonly topScore?: number | undefined;
  /** Days at the end of each period examined for a surge (default 3). */
  readonly endDays?: number | undefined;
  /** Longest gap, in minutes, between two answers of one burst (default 60). */
  readonly burstMinutes?: number | undefined;
  /** Random permutations of the burst test (default 999). */
  readonly permutations?: number | undefined;
  /** Seed of the burst test's permutations (default 1). */
  readonly seed?: number | undefined;
  /** Days within which a second answer of the same `customerId` is a repeat (default 30). */
  readonly repeatWindowDays?: number | undefined;
  /**
   * What to do with repeats: `'none'` (default: count them, keep them), `'keep-first'` or
   * `'keep-last'` (keep one answer per customer and window, the others go to `excluded` with
   * reason `'duplicate_respondent'` before any signal is computed).
   */
  readonly dedupe?: 'keep-first' | 'keep-last' | 'none' | undefined;
}

/** A tested signal: its p-value, its Benjamini–Hochberg q-value across units, and the flag. */
export interface TestedSignal {
  /** One-sided p-value (probability of evidence at least this strong with no gaming). */
  readonly pValue: number;
  /** Benjamini–Hochberg q-value across the units tested for this signal in the period. */
  readonly qValue: number;
  /** Whether `qValue < fdr`: worth a look, not a verdict. */
  readonly flagged: boolean;
}

/** Top-score share against the unit's peers (siblings under the same parent, pooled). */
export interface TopShareSignal extends TestedSignal {
  /** Responses with a score ≥ `topScore`. */
  readonly top: number;
  /** Their share of the unit's responses (0..1). */
  readonly share: number;
  /** Top-score share of the peers pooled (0..1). */
  readonly peerShare: number;
  /** The peers' responses. */
  readonly peerN: number;
}

/** No detractors over a large n, against the peers' detractor share. */
export interface NoDetractorsSignal extends TestedSignal {
  /** The peers' pooled detractor share (0..1). */
  readonly peerShare: number;
  /** The peers' responses. */
  readonly peerN: number;
}

/** A surge of answers in the last `endDays` of the period. */
export interface PeriodEndSignal extends TestedSignal {
  /** Responses in the last days. */
  readonly endN: number;
  /** Their share of the period's responses (0..1). */
  readonly share: number;
  /**
   * The share expected under uniform arrival (0..1): for each answer, the last days' part of
   * the period, counted from the first answer of the answer's own node when that falls inside
   * the period (the data's start, a store that opens); averaged over the unit's answers.
   */
  readonly expectedShare: number;
  /**
   * NPS of the last days against the rest of the period (independent comparison of the core,
   * `difference` in NPS points), or `null` when either part has no NPS.
   */
  readonly endVsRest: NpsComparison | null;
}

/** Identical answers in bursts: the longest run of identical answers close in time. */
export interface BurstSignal extends TestedSignal {
  /**
   * Longest run of consecutive identical answers among those attached to the unit itself (not
   * its subtree), each within `burstMinutes` of the previous. Cost: `permutations` passes over
   * them.
   */
  readonly longestRun: number;
  /** The score of that run. */
  readonly score: number;
  /** Index in the input of the run's first response. */
  readonly firstIndex: number;
}

/** Repeated respondents (same `customerId` within `repeatWindowDays`): a count, not a test. */
export interface RepeatSignal {
  /** Responses of the unit in the period that repeat an earlier answer of the same customer. */
  readonly repeats: number;
  /** Their share of the unit's responses in the period, before any dedupe (0..1). */
  readonly share: number;
  /** Of them, removed by `dedupe` (0 with `'none'`). */
  readonly removed: number;
}

/** One unit in one period. */
export interface GamingUnit extends NodeInfo {
  /** Index of the period in `periods`. */
  readonly period: number;
  /** Responses of the unit (its subtree) in the period, after dedupe. */
  readonly n: number;
  /** Their tally. */
  readonly total: Tally;
  /** Top-score share against the peers (`null` below `minSample` or without peers). */
  readonly topShare: TopShareSignal | null;
  /** No detractors over n (`null` below `minSample` or without peers). */
  readonly noDetractors: NoDetractorsSignal | null;
  /** Surge at the end of the period (`null` below `minSample`). */
  readonly periodEnd: PeriodEndSignal | null;
  /** Identical answers in bursts (`null` when the unit has fewer than `minSample` answers of its own). */
  readonly burst: BurstSignal | null;
  /** `null` when the responses carry no `customerId`. */
  readonly repeats: RepeatSignal | null;
  /** Names of the flagged signals. */
  readonly flags: readonly ('topShare' | 'noDetractors' | 'periodEnd' | 'burst')[];
}

/** The result of {@link gamingSignals}: plain JSON-serialisable data. */
export interface GamingSignalsResult {
  /** The periods covering the responses, in the calendar's zone. */
  readonly periods: readonly PeriodSpan[];
  /** Every unit with responses in a period, by period then the structure's order. */
  readonly units: readonly GamingUnit[];
  /** Responses set aside: node, score and `'duplicate_respondent'` exclusions. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

const positive = () => z.optional(z.number().check(z.gt(0)));

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<GamingSignalsOptions>()(
    z.strictObject({
      ...calendarShape(),
      scheme: intervalShape().scheme,
      confidence: intervalShape().confidence,
      ...placementShape(),
      ...readShape(),
      fdr: z.optional(z.number().check(z.gt(0), z.lt(1))),
      topScore: z.optional(z.int()),
      endDays: positive(),
      burstMinutes: positive(),
      permutations: z.optional(z.int().check(z.gte(1), z.lte(100_000))),
      seed: z.optional(seedOption()),
      repeatWindowDays: positive(),
      dedupe: z.optional(z.enum(['keep-first', 'keep-last', 'none'])),
    }),
  ),
);

/**
 * P(X ≥ k) for X ~ Binomial(n, p): I_p(k, n − k + 1) (Abramowitz & Stegun 26.5.24), computed as
 * the upper tail itself so that a far tail does not cancel to 0 as 1 − P(X ≤ k − 1) would.
 */
function upperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return Math.min(1, Math.max(0, regularizedBeta(p, k, n - k + 1)));
}

/** The raw inputs the placement does not keep: the score, customer id and ratings of record i. */
interface RawFields {
  readonly score: (i: number) => number;
  readonly customer: ((i: number) => string | undefined) | null;
  readonly answer: (i: number) => string;
}

function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : (coerceNumber(v) ?? Number.NaN);
}

/** A canonical key of a ratings object or `Map` (sorted keys), or '' when absent. */
function ratingsKey(r: unknown): string {
  if (r === null || typeof r !== 'object') return '';
  const entries: [string, unknown][] =
    r instanceof Map
      ? [...(r as Map<unknown, unknown>).entries()].map(([k, v]) => [String(k), v])
      : Object.entries(r as Record<string, unknown>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // numbers and strings as they are; anything else (null, NaN: not rated) by its type alone
  return entries
    .map(([k, v]) => {
      const value = typeof v === 'number' || typeof v === 'string' ? JSON.stringify(v) : typeof v;
      return `${JSON.stringify(k)}:${value}`;
    })
    .join(',');
}

function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The raw fields of rows or columns the placement has read and checked. */
function rawFields(responses: ResponsesInput): RawFields {
  if (Array.isArray(responses)) {
    const rows = responses as readonly Record<string, unknown>[];
    let hasCustomer = false;
    for (const row of rows) {
      if (row.customerId !== undefined && row.customerId !== null) hasCustomer = true;
    }
    return {
      score: (i) => numberOf(rows[i]?.score),
      customer: hasCustomer ? (i) => idOf(rows[i]?.customerId) : null,
      answer: (i) => `${String(numberOf(rows[i]?.score))}|${ratingsKey(rows[i]?.ratings)}`,
    };
  }
  const cols = responses as { score: ArrayLike<unknown>; customerId?: unknown };
  const customer = cols.customerId;
  let customerOf: ((i: number) => string | undefined) | null = null;
  if (isDictionary(customer)) {
    const { codes, values } = customer;
    customerOf = (i) => idOf(values[codes[i] ?? -1]);
  } else if (customer !== undefined && customer !== null) {
    const col = customer as ArrayLike<unknown>;
    customerOf = (i) => idOf(col[i]);
  }
  return {
    score: (i) => numberOf(cols.score[i]),
    customer: customerOf,
    answer: (i) => String(numberOf(cols.score[i])),
  };
}

/**
 * Repeated respondents: marks per record whether it repeats an earlier answer (within the
 * window) of the same customer, and which records the dedupe policy removes.
 */
function findRepeats(
  order: readonly number[],
  at: Float64Array,
  customer: (i: number) => string | undefined,
  windowMs: number,
  dedupe: 'keep-first' | 'keep-last' | 'none',
  len: number,
): { repeat: Uint8Array; removed: Uint8Array } {
  const repeat = new Uint8Array(len);
  const removed = new Uint8Array(len);
  const lastSeen = new Map<string, number>();
  for (const i of order) {
    const id = customer(i);
    if (id === undefined) continue;
    const t = at[i] as number;
    const prev = lastSeen.get(id);
    if (prev !== undefined && t - prev <= windowMs) repeat[i] = 1;
    lastSeen.set(id, t);
  }
  if (dedupe === 'none') return { repeat, removed };
  // keep-first: keep an answer unless a kept answer of the customer lies within the window
  // before it; keep-last: the same in reverse time order.
  const kept = new Map<string, number>();
  const seq = dedupe === 'keep-first' ? order : [...order].reverse();
  for (const i of seq) {
    const id = customer(i);
    if (id === undefined) continue;
    const t = at[i] as number;
    const k = kept.get(id);
    if (k !== undefined && Math.abs(t - k) <= windowMs) removed[i] = 1;
    else kept.set(id, t);
  }
  return { repeat, removed };
}

/** The longest run of equal codes in `a` whose consecutive times are within `gap`. */
function longestRun(
  a: Int32Array,
  t: Float64Array,
  gap: number,
): { length: number; start: number } {
  let best = a.length === 0 ? 0 : 1;
  let bestStart = 0;
  let run = 1;
  let start = 0;
  for (let k = 1; k < a.length; k++) {
    if (a[k] === a[k - 1] && (t[k] as number) - (t[k - 1] as number) <= gap) run++;
    else {
      run = 1;
      start = k;
    }
    if (run > best) {
      best = run;
      bestStart = start;
    }
  }
  return { length: best, start: bestStart };
}

/**
 * Seeded permutation p-value of the longest run: the answers shuffled (Fisher–Yates) over the
 * same times, p = (1 + runs at least as long) / (1 + permutations).
 */
function burstPValue(
  answers: Int32Array,
  times: Float64Array,
  gap: number,
  observed: number,
  permutations: number,
  random: () => number,
): number {
  if (observed <= 1) return 1;
  const a = Int32Array.from(answers);
  let hits = 0;
  for (let b = 0; b < permutations; b++) {
    for (let k = a.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      const tmp = a[k] as number;
      a[k] = a[j] as number;
      a[j] = tmp;
    }
    if (longestRun(a, times, gap).length >= observed) hits++;
  }
  return (1 + hits) / (1 + permutations);
}

function tallyOf(p: number, q: number, d: number): Tally {
  return { promoters: p, passives: q, detractors: d, n: p + q + d };
}

/**
 * Signals of gaming ("chasing the number") per unit and period, each with its evidence and a
 * probability — material for a conversation, never a verdict:
 *
 * - `topShare`: the unit's share of top scores (≥ `topScore`, default the top of the scale)
 *   against its peers — its siblings under the same parent, pooled — by the one-sided Fisher
 *   exact test (hypergeometric P(X ≥ top) given the unit's n, the peers' n and the top scores of
 *   both; R `fisher.test(..., alternative = 'greater')`): the peers' share is an estimate, not a
 *   known rate;
 * - `noDetractors`: a unit with no detractor among n answers: the one-sided Fisher exact
 *   P(X = 0) given the detractors of unit and peers together (about (1 − p)ⁿ, p the peers'
 *   detractor share, when the peers are many);
 * - `periodEnd`: the share of the period's answers in its last `endDays` days against the part
 *   of the period they span (uniform arrival from each node's first answer, averaged over the
 *   answers), one-sided binomial (conservative beyond the mean for the averaged probabilities,
 *   Hoeffding 1956, theorem 4);
 *   with the NPS of those days
 *   against the rest of the period (the core's independent comparison, Wald variance of the
 *   difference of two NPS);
 * - `burst`: the longest run of identical answers (score, and ratings when rows carry them)
 *   among the answers attached to the unit itself, each within `burstMinutes` of the previous,
 *   against a seeded permutation test that shuffles those answers over the same times (Good 2005, *Permutation, Parametric and
 *   Bootstrap Tests of Hypotheses*, ch. 3; p = (1 + hits) / (1 + permutations));
 * - `repeats`: answers of the same `customerId` within `repeatWindowDays` of an earlier one,
 *   counted; `dedupe: 'keep-first' | 'keep-last'` removes them before the other signals and
 *   reports them in `excluded` (reason `'duplicate_respondent'`).
 *
 * The tested signals carry Benjamini–Hochberg q-values (Benjamini and Hochberg 1995) across the
 * units tested in the same period, and are flagged at `qValue < fdr`. A unit's responses are those
 * of its subtree (the structure at `asOf`); units below `minSample` responses are not tested.
 * Placement (nodes, dated structures, exclusions) and periods are those of `rollup` and
 * `trendByNode`.
 *
 * @param hierarchy - From {@link buildHierarchy}.
 * @param responses - Rows `{ nodeId, score, at, customerId?, ratings? }[]` or columns (with an
 *   optional `customerId` column); tallies are refused.
 * @param options - See {@link GamingSignalsOptions}.
 * @returns A {@link GamingSignalsResult}.
 * @throws {@link NpsInputError} `invalid_option`, `invalid_time_zone`, `unknown_node`,
 *   `invalid_score`, `invalid_date`, and `invalid_input` for tallies.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null },
 *   { id: 'a', parentId: 'all' },
 *   { id: 'b', parentId: 'all' },
 * ]);
 * const rows = [];
 * for (let i = 0; i < 30; i++) {
 *   const at = Date.UTC(2025, 0, 1 + (i % 28), 12);
 *   rows.push({ nodeId: 'a', score: 10, at });
 *   rows.push({ nodeId: 'b', score: [10, 8, 7, 3, 9][i % 5], at });
 * }
 * const r = gamingSignals(h, rows, { period: 'month', minSample: 10 });
 * const a = r.units.find((u) => u.id === 'a');
 * a?.noDetractors?.pValue; //=> 0.011860351958478633
 * a?.topShare?.top; //=> 30
 * a?.flags; //=> ['topShare', 'noDetractors']
 * ```
 */
export function gamingSignals(
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options: GamingSignalsOptions,
): GamingSignalsResult {
  const fn = 'gamingSignals';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const cal: Calendar = calendarOf(fn, o);
  const r = intervalOptionsOf(fn, { scheme: o.scheme, confidence: o.confidence } as never);
  const scheme = r.scheme;
  const c = compiledOf(fn, hierarchy);
  // an Arrow table becomes plain columns once, with its customerId column where it has one
  const input = asResponses(fn, responses, ['customerId']);
  const placed = placeResponses(fn, c, input, {
    scheme,
    read: { coerce: o.coerce, onInvalidScore: o.onInvalidScore },
    structure: o.structure,
    asOf: o.asOf,
    onUnknownNode: o.onUnknownNode,
    needAt: true,
  });
  if (placed.norm.kind === 'tallies') {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: responses must be individual rows or columns, not tallies: the signals look at each answer and its time`,
      path: [],
      received: responses,
    });
  }
  const raw = rawFields(input);
  const topScore = o.topScore ?? scheme.scale[1];
  if (topScore < scheme.scale[0] || topScore > scheme.scale[1]) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.topScore must be a score on the scale ${String(scheme.scale[0])}..${String(scheme.scale[1])}, received ${describe(topScore)}`,
      path: ['topScore'],
      received: topScore,
    });
  }
  const minSample = o.minSample ?? 20;
  const fdr = o.fdr ?? 0.05;
  const endMs = (o.endDays ?? 3) * DAY;
  const gap = (o.burstMinutes ?? 60) * 60_000;
  const permutations = o.permutations ?? 999;
  const random = seededRandom(o.seed ?? 1);
  const windowMs = (o.repeatWindowDays ?? 30) * DAY;
  const dedupe = o.dedupe ?? 'none';
  const zCrit = zForConfidence(r.confidence);

  const { norm, key, report } = placed;
  const size = c.ids.length;
  const len = norm.length;
  const at = norm.at ?? new Float64Array(len);
  const category = norm.category ?? new Uint8Array(len);
  const excluded: Exclusion[] = [...placed.excluded];

  // placed records in time order (stable by index)
  const order: number[] = [];
  for (let i = 0; i < len; i++) {
    if ((key[i] ?? -1) >= 0 && category[i] !== EXCLUDED) order.push(i);
  }
  order.sort((x, y) => (at[x] as number) - (at[y] as number) || x - y);

  const reps =
    raw.customer === null ? null : findRepeats(order, at, raw.customer, windowMs, dedupe, len);
  if (reps !== null && dedupe !== 'none') {
    const byNode = new Map<number, Exclusion>();
    for (const i of order) {
      if (reps.removed[i] !== 1) continue;
      const x = (key[i] as number) % size;
      const e = byNode.get(x);
      if (e === undefined) {
        byNode.set(x, {
          reason: 'duplicate_respondent',
          nodeId: c.ids[x] ?? null,
          n: 1,
          firstIndex: i,
        });
      } else {
        (e as { n: number }).n++;
        if (i < e.firstIndex) (e as { firstIndex: number }).firstIndex = i;
      }
    }
    excluded.push(...byNode.values());
  }
  const kept =
    reps === null || dedupe === 'none' ? order : order.filter((i) => reps.removed[i] !== 1);

  const keptAt = Float64Array.from(kept, (i) => at[i] as number);
  const bounds = calendarBounds(fn, cal, keptAt, undefined, undefined);
  const periods = bounds === null ? [] : periodSpans(cal, bounds);
  const nP = periods.length;

  // per period × unit: the records of the subtree (ancestors of each record's node)
  const members: number[][] = Array.from({ length: nP * size }, () => []);
  const parent = report.parent;
  for (const i of kept) {
    const b = bounds === null ? -1 : bucketOf(bounds, at[i] as number);
    if (b < 0) continue;
    for (let x = (key[i] as number) % size; x >= 0; x = parent[x] ?? -1) {
      (members[b * size + x] as number[]).push(i);
    }
  }
  const repeatN = new Float64Array(nP * size);
  const removedN = new Float64Array(nP * size);
  const allN = new Float64Array(nP * size);
  if (reps !== null && bounds !== null) {
    for (const i of order) {
      const b = bucketOf(bounds, at[i] as number);
      if (b < 0) continue;
      for (let x = (key[i] as number) % size; x >= 0; x = parent[x] ?? -1) {
        const k = b * size + x;
        allN[k] = (allN[k] ?? 0) + 1;
        if (reps.repeat[i] === 1) repeatN[k] = (repeatN[k] ?? 0) + 1;
        if (reps.removed[i] === 1) removedN[k] = (removedN[k] ?? 0) + 1;
      }
    }
  }

  // counts per cell: n, top, detractors, promoters, passives
  const cnt = new Float64Array(nP * size * 5);
  for (let k = 0; k < nP * size; k++) {
    for (const i of members[k] as number[]) {
      const cat = category[i] as number;
      cnt[5 * k] = (cnt[5 * k] ?? 0) + 1;
      if (raw.score(i) >= topScore) cnt[5 * k + 1] = (cnt[5 * k + 1] ?? 0) + 1;
      if (cat === DETRACTOR) cnt[5 * k + 2] = (cnt[5 * k + 2] ?? 0) + 1;
      else if (cat === PROMOTER) cnt[5 * k + 3] = (cnt[5 * k + 3] ?? 0) + 1;
      else if (cat === PASSIVE) cnt[5 * k + 4] = (cnt[5 * k + 4] ?? 0) + 1;
    }
  }
  const children: number[][] = Array.from({ length: size }, () => []);
  for (const x of report.order) {
    const p = parent[x] ?? -1;
    if (p >= 0) (children[p] as number[]).push(x);
  }

  interface Draft {
    unit: Omit<GamingUnit, 'topShare' | 'noDetractors' | 'periodEnd' | 'burst' | 'flags'>;
    top: Omit<TopShareSignal, 'qValue' | 'flagged'> | null;
    none: Omit<NoDetractorsSignal, 'qValue' | 'flagged'> | null;
    end: Omit<PeriodEndSignal, 'qValue' | 'flagged'> | null;
    burst: Omit<BurstSignal, 'qValue' | 'flagged'> | null;
  }
  const units: GamingUnit[] = [];
  // each node's first answer (kept is in time order): a node whose answers begin inside a
  // period (the data's start, a store that opens) is counted from it, else answers that only
  // begin mid-period would look crowded at its end
  const firstOwn = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  for (const i of kept) {
    const x = (key[i] as number) % size;
    if (firstOwn[x] === Number.POSITIVE_INFINITY) firstOwn[x] = at[i] as number;
  }
  // answer (score and ratings) → small integer, so runs compare numbers
  const codes = new Map<string, number>();
  for (let b = 0; b < nP; b++) {
    const periodStart = bounds?.[b] ?? 0;
    const end = bounds?.[b + 1] ?? 0;
    const endFrom = Math.max(periodStart, end - endMs);
    // P(an answer of node x falls in the end window) under uniform arrival over x's span
    const endProb = (x: number): number => {
      const start = Math.max(periodStart, firstOwn[x] as number);
      return end > start ? (end - Math.max(start, endFrom)) / (end - start) : 1;
    };
    const drafts: Draft[] = [];
    for (const x of report.order) {
      const k = b * size + x;
      const n = cnt[5 * k] ?? 0;
      if (n === 0) continue;
      const total = tallyOf(cnt[5 * k + 3] ?? 0, cnt[5 * k + 4] ?? 0, cnt[5 * k + 2] ?? 0);
      const p = parent[x] ?? -1;
      const info: NodeInfo = {
        id: c.ids[x] ?? '',
        name: c.name[x] ?? null,
        parentId: p < 0 ? null : (c.ids[p] ?? null),
        level: c.level[x] ?? null,
        depth: report.depth[x] ?? 0,
      };
      const repeats =
        reps === null
          ? null
          : {
              repeats: repeatN[k] ?? 0,
              share: (allN[k] ?? 0) > 0 ? (repeatN[k] ?? 0) / (allN[k] ?? 1) : 0,
              removed: removedN[k] ?? 0,
            };
      const draft: Draft = {
        unit: { ...info, period: b, n, total, repeats },
        top: null,
        none: null,
        end: null,
        burst: null,
      };
      drafts.push(draft);
      if (n < minSample) continue;
      // peers: the siblings pooled
      let peerN = 0;
      let peerTop = 0;
      let peerDet = 0;
      if (p >= 0) {
        for (const s of children[p] as number[]) {
          if (s === x) continue;
          const ks = b * size + s;
          peerN += cnt[5 * ks] ?? 0;
          peerTop += cnt[5 * ks + 1] ?? 0;
          peerDet += cnt[5 * ks + 2] ?? 0;
        }
      }
      const top = cnt[5 * k + 1] ?? 0;
      if (peerN > 0) {
        const peerShare = peerTop / peerN;
        // one-sided Fisher exact tests of the unit against its peers (the peers' shares are
        // estimates, not known rates: conditional on the pooled margins)
        const t = hypergeometricTails(top, n, top + peerTop, n + peerN);
        draft.top = {
          top,
          share: top / n,
          peerShare,
          peerN,
          pValue: Math.min(1, t.at + t.above),
        };
        const det = cnt[5 * k + 2] ?? 0;
        const dShare = peerDet / peerN;
        draft.none = {
          peerShare: dShare,
          peerN,
          pValue: det === 0 ? Math.min(1, hypergeometricTails(0, n, peerDet, n + peerN).at) : 1,
        };
      }
      // period end
      const recs = members[k] as number[];
      let endN = 0;
      // the mean of the answers' probabilities: a binomial with it is conservative for their
      // Poisson-binomial count (Hoeffding 1956)
      let pSum = 0;
      const ep = [0, 0, 0];
      const rp = [0, 0, 0];
      for (const i of recs) {
        const cat = category[i] as number;
        pSum += endProb((key[i] as number) % size);
        if ((at[i] as number) >= endFrom) {
          endN++;
          ep[cat] = (ep[cat] ?? 0) + 1;
        } else rp[cat] = (rp[cat] ?? 0) + 1;
      }
      const expectedShare = Math.min(1, pSum / n);
      draft.end = {
        endN,
        share: endN / n,
        expectedShare,
        pValue: upperTail(endN, n, expectedShare),
        endVsRest: compareTallies(
          tallyOf(ep[PROMOTER] ?? 0, ep[PASSIVE] ?? 0, ep[DETRACTOR] ?? 0),
          tallyOf(rp[PROMOTER] ?? 0, rp[PASSIVE] ?? 0, rp[DETRACTOR] ?? 0),
          scheme.base,
          'independent',
          zCrit,
          r.confidence,
          fn,
        ),
      };
      // bursts, among the unit's own answers (a run spread over several stores means nothing);
      // records are in time order
      const own = recs.filter((i) => (key[i] as number) % size === x);
      if (own.length < Math.max(minSample, 2)) continue;
      const answers = Int32Array.from(own, (i) => {
        const a = raw.answer(i);
        let code = codes.get(a);
        if (code === undefined) {
          code = codes.size;
          codes.set(a, code);
        }
        return code;
      });
      const times = Float64Array.from(own, (i) => at[i] as number);
      const run = longestRun(answers, times, gap);
      const first = own[run.start] as number;
      draft.burst = {
        longestRun: run.length,
        score: raw.score(first),
        firstIndex: first,
        pValue: burstPValue(answers, times, gap, run.length, permutations, random),
      };
    }
    // Benjamini–Hochberg per signal across the period's tested units
    const adjust = <T extends { pValue: number }>(
      list: (T | null)[],
    ): ((T & { qValue: number; flagged: boolean }) | null)[] => {
      const q = benjaminiHochberg(list.map((s) => (s === null ? null : s.pValue)));
      return list.map((s, j) => {
        if (s === null) return null;
        const qv = q[j] ?? 1;
        return { ...s, qValue: qv, flagged: qv < fdr };
      });
    };
    const tops = adjust(drafts.map((d) => d.top));
    const nones = adjust(drafts.map((d) => d.none));
    const ends = adjust(drafts.map((d) => d.end));
    const bursts = adjust(drafts.map((d) => d.burst));
    drafts.forEach((d, j) => {
      const topShare = tops[j] ?? null;
      const noDetractors = nones[j] ?? null;
      const periodEnd = ends[j] ?? null;
      const burst = bursts[j] ?? null;
      const flags: GamingUnit['flags'][number][] = [];
      if (topShare?.flagged === true) flags.push('topShare');
      if (noDetractors?.flagged === true) flags.push('noDetractors');
      if (periodEnd?.flagged === true) flags.push('periodEnd');
      if (burst?.flagged === true) flags.push('burst');
      units.push({ ...d.unit, topShare, noDetractors, periodEnd, burst, flags });
    });
  }
  return { periods, units, excluded, excludedN: excludedCount(excluded) };
}
