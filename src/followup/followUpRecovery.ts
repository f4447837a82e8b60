import * as z from 'zod/mini';
import { compareTallies, type NpsComparison } from '../core/compareNps.ts';
import { figuresOf, intervalOptionsOf } from '../core/figures.ts';
import type { NpsIntervalOptions } from '../core/npsInterval.ts';
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe } from '../kernels/describe.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { intervalShape, readShape } from '../kernels/options.ts';
import { wilsonInterval } from '../kernels/proportion.ts';
import { categoryOf, DETRACTOR, PASSIVE, PROMOTER, ScoreReader } from '../kernels/scores.ts';
import { makeTally } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { Excluded, NpsCategory, PublishedFigures, ReadOptions } from '../types.ts';

/**
 * One customer answering twice: a first answer (`before`, the one that may have triggered a
 * follow-up), a later answer to a re-survey (`after`), and whether the customer was followed up
 * in between.
 */
export interface RecoveryPair {
  /** The customer's id: when given, each customer appears once (one pair per customer). */
  readonly customerId?: string | undefined;
  /** The first answer, a score on the scheme's scale. */
  readonly before: number;
  /** The later answer (re-survey), a score on the scheme's scale. */
  readonly after: number;
  /** Whether the customer was followed up between the two answers (`true` or `false`). */
  readonly followedUp: boolean;
  /** The unit that owns the customer (checked to be a string; not used by the figures yet). */
  readonly nodeId?: string | undefined;
}

/**
 * Options of {@link followUpRecovery}: the interval group (`scheme`, `confidence`, and `method`,
 * `prior` for the NPS intervals of the later answers, as in `npsInterval`) and the reading
 * group (`coerce`, `onInvalidScore`).
 */
export interface FollowUpRecoveryOptions extends NpsIntervalOptions, ReadOptions {}

/** Counts, or shares, of the later answers by category. */
export interface CategoryCounts {
  /** Later answers that are detractors. */
  readonly detractor: number;
  /** Later answers that are passives. */
  readonly passive: number;
  /** Later answers that are promoters. */
  readonly promoter: number;
}

/** One row of a transition matrix: the customers whose first answer was `from`. */
export interface TransitionRow {
  /** The category of the first answer. */
  readonly from: NpsCategory;
  /** Customers whose first answer was `from` (the row total). */
  readonly n: number;
  /** How many of them gave each category the later time. */
  readonly counts: CategoryCounts;
  /** `counts / n` on 0..1 (they sum to 1), or `null` when the row is empty (n = 0). */
  readonly shares: CategoryCounts | null;
}

/** The transition matrix from the first answer's category to the later one's. */
export interface TransitionMatrix {
  /** Pairs in the matrix (the sum of the rows' `n`). */
  readonly n: number;
  /** The rows, in the order detractor, passive, promoter. */
  readonly rows: readonly [TransitionRow, TransitionRow, TransitionRow];
}

/** A proportion `count / n` with its confidence interval, all on 0..1. */
export interface ProportionEstimate {
  /** The successes. */
  readonly count: number;
  /** The trials. */
  readonly n: number;
  /** `count / n`, or `null` when n = 0. */
  readonly share: number | null;
  /** Lower confidence limit (`null` when n = 0). */
  readonly low: number | null;
  /** Upper confidence limit (`null` when n = 0). */
  readonly high: number | null;
}

/** How the detractors of one group answered the later time. */
export interface DetractorRecovery {
  /** The share whose later answer is passive or promoter (recovered), with its interval. */
  readonly recovered: ProportionEstimate;
  /** The share whose later answer is promoter, with its interval. */
  readonly promoted: ProportionEstimate;
}

/**
 * The later answers of followed-up and not-followed-up detractors compared: their
 * {@link PublishedFigures} (NPS on −100..100) and the core comparison of independent groups.
 */
export interface LaterNpsComparison {
  /** Always `'observational'`: customers were not assigned to follow-up at random. */
  readonly design: 'observational';
  /** The caveat to show beside the figures, in words. */
  readonly note: string;
  /** Later answers of the detractors who were followed up. */
  readonly followedUp: PublishedFigures;
  /** Later answers of the detractors who were not followed up. */
  readonly notFollowedUp: PublishedFigures;
  /**
   * `compareNps` of the two, independent groups (difference = followed up − not followed up,
   * in NPS points), or `null` when either group's NPS base is empty.
   */
  readonly difference: NpsComparison | null;
}

/**
 * Result of {@link followUpRecovery}. Shares and proportions on 0..1, NPS on −100..100.
 * `excluded` holds the pairs set aside for a score (`onInvalidScore: 'exclude'`), each counted
 * once under its first bad score.
 */
export interface FollowUpRecoveryResult extends Excluded {
  /** Pairs read (excluded pairs not counted). */
  readonly n: number;
  /** Transition matrices of followed-up and of not-followed-up customers. */
  readonly transitions: {
    /** Customers followed up between their two answers. */
    readonly followedUp: TransitionMatrix;
    /** Customers not followed up. */
    readonly notFollowedUp: TransitionMatrix;
  };
  /** Recovery of the detractors, followed up and not, with Wilson score intervals. */
  readonly recovery: {
    /** The interval method: the Wilson (1927) score interval for a proportion. */
    readonly method: 'wilson';
    /** The confidence level of the intervals. */
    readonly confidence: number;
    /** Detractors who were followed up: the recovery rate proper. */
    readonly followedUp: DetractorRecovery;
    /** Detractors who were not followed up: the baseline. */
    readonly notFollowedUp: DetractorRecovery;
  };
  /** NPS of the detractors' later answers, followed up vs not, as an observational comparison. */
  readonly laterNps: LaterNpsComparison;
}

/** The caveat every recovery comparison carries. */
const OBSERVATIONAL_NOTE =
  'Observational comparison: customers were not followed up at random (who is reached, who is ' +
  'chosen and who answers again differ), so the difference describes the two groups and is not ' +
  'by itself the effect of following up; detractors also tend to score higher when asked again ' +
  '(regression to the mean), which is why followed-up detractors are compared with ' +
  'not-followed-up ones rather than with their first answers.';

const CATEGORIES: readonly NpsCategory[] = ['detractor', 'passive', 'promoter'];

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<FollowUpRecoveryOptions>()(z.strictObject({ ...intervalShape(), ...readShape() })),
);

/** Row `i` of the pairs, or the `invalid_input` error when it is not an object. */
function pairAt(fn: string, pairs: readonly unknown[], i: number): RecoveryPair {
  const r = pairs[i];
  if (typeof r === 'object' && r !== null) return r as RecoveryPair;
  throw new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: pair at index ${String(i)} must be an object { before, after, followedUp, customerId?, nodeId? }, received ${describe(r)}`,
    index: i,
    path: [i],
    received: r,
  });
}

/** The `invalid_id` error for an id field that is present but not a string. */
function badId(fn: string, field: string, value: unknown, i: number): NpsInputError {
  return new NpsInputError({
    code: 'invalid_id',
    message: `${fn}: ${field} at index ${String(i)} must be a string id (or absent), received ${describe(value)}`,
    index: i,
    path: [i, field],
    received: value,
  });
}

/**
 * The category of score `s` (field `field` of pair `i`) that missed the fast check: coerced,
 * −1 when excluded, or the reader's `invalid_score` error placed at `[i, field]`.
 */
function slowCategory(
  reader: ScoreReader,
  pairs: readonly unknown[],
  s: unknown,
  i: number,
  field: 'before' | 'after',
): number {
  try {
    return reader.category(s, i, pairs, (j) => {
      const r = pairs[j];
      return typeof r === 'object' && r !== null ? (r as Record<string, unknown>)[field] : r;
    });
  } catch (e) {
    if (!(e instanceof NpsInputError)) throw e;
    throw new NpsInputError({
      code: e.code,
      message: e.message.replace(/^([^:]+): score/, `$1: ${field} score`),
      index: i,
      path: [i, field],
      received: e.received,
      issues: e.issues.map((issue) => ({
        path: [...issue.path, field],
        message: `${field} ${issue.message}`,
      })),
    });
  }
}

/** The transition matrix of one group from its 3×3 cells (`cells[o + 3·from + to]`). */
function matrixOf(cells: Float64Array, o: number): TransitionMatrix {
  const rowOf = (from: number): TransitionRow => {
    const d = cells[o + 3 * from + DETRACTOR] as number;
    const pa = cells[o + 3 * from + PASSIVE] as number;
    const p = cells[o + 3 * from + PROMOTER] as number;
    const n = d + pa + p;
    return {
      from: CATEGORIES[from] as NpsCategory,
      n,
      counts: { detractor: d, passive: pa, promoter: p },
      shares: n === 0 ? null : { detractor: d / n, passive: pa / n, promoter: p / n },
    };
  };
  const rows = [rowOf(DETRACTOR), rowOf(PASSIVE), rowOf(PROMOTER)] as const;
  return { n: rows[0].n + rows[1].n + rows[2].n, rows };
}

/** `count / n` with its Wilson score interval (nulls when n = 0). */
function proportionOf(count: number, n: number, zc: number): ProportionEstimate {
  if (n === 0) return { count, n, share: null, low: null, high: null };
  const [low, high] = wilsonInterval(count, n, zc);
  return { count, n, share: count / n, low, high };
}

/** The recovery of a matrix's detractor row. */
function recoveryOf(m: TransitionMatrix, zc: number): DetractorRecovery {
  const { n, counts } = m.rows[0];
  return {
    recovered: proportionOf(counts.passive + counts.promoter, n, zc),
    promoted: proportionOf(counts.promoter, n, zc),
  };
}

/**
 * Did following detractors up win them back? For customers who answered twice, a first answer
 * and a later one after a re-survey, with or without a follow-up in between: the transition
 * matrix from the first answer's category to the later one's, the recovery rate of detractors
 * with its interval, and the NPS of the detractors' later answers, followed up vs not.
 *
 * - **Transition matrix**: counts and row shares (`counts / n`, summing to 1 per row) from each
 *   first-answer category (detractor, passive, promoter) to the later category, separately for
 *   followed-up and not-followed-up customers (a first-order Markov transition table; row
 *   shares are the maximum-likelihood transition probabilities, T. W. Anderson and L. A.
 *   Goodman (1957), "Statistical inference about Markov chains", Ann. Math. Statist. 28, 89–110).
 * - **Recovery rate**: among detractors, the share whose later answer is passive or promoter
 *   (`recovered`) and the share promoter (`promoted`), each with the Wilson score interval
 *   (E. B. Wilson (1927), JASA 22, 209–212; Brown, Cai and DasGupta (2001), Statistical Science
 *   16, 101–133; the same interval as `npsInterval`'s `'wilson'` method, and R's
 *   `prop.test(x, n, correct = FALSE)`), for the followed-up detractors and, as a baseline, the
 *   not-followed-up ones.
 * - **Later NPS**: the NPS of the later answers of followed-up detractors and of
 *   not-followed-up detractors (figures and intervals as `npsInterval` gives them), and their
 *   difference with `compareNps` for independent groups (normal-theory difference of two
 *   NPS values, variance Var(a) + Var(b)).
 *
 * This is an **observational comparison**: selection into follow-up is not random (staff reach
 * the customers they can reach, and may choose whom to call), so a difference describes the two
 * groups and is not by itself the causal effect of following up. Detractors asked again score
 * higher on average even untouched (regression to the mean), which is why the baseline is the
 * not-followed-up detractors, not the first answers. The result carries this caveat as
 * `laterNps.note` and `laterNps.design: 'observational'`.
 *
 * A pair whose score is blank or off the scale is an error, or with
 * `onInvalidScore: 'exclude'` is left out and counted once in `excluded` (by its first bad
 * score). Runs in O(n).
 *
 * @param pairs - One `{ before, after, followedUp, customerId?, nodeId? }` per customer.
 * @param options - `scheme` (default `tenPointScheme`), `confidence` (default 0.95), `method`
 *   and `prior` of the later-NPS intervals (as in `npsInterval`), `coerce`, `onInvalidScore`.
 * @returns The matrices, recovery rates and later-NPS comparison ({@link FollowUpRecoveryResult});
 *   empty groups have `n: 0` and `null` shares, intervals and NPS.
 * @throws {@link NpsInputError} `invalid_input` when `pairs` is not an array, a pair is not an
 *   object, or `followedUp` is not a boolean; `invalid_score` for a score off the scale (path
 *   `[index, 'before' | 'after']`); `invalid_id` for a `customerId` or `nodeId` that is not a
 *   string; `duplicate_id` for a customer who appears twice; `invalid_option` /
 *   `invalid_scheme` for bad options.
 * @example
 * ```ts
 * // 4 detractors followed up (2 recovered, 1 to promoter), 2 not followed up (none recovered)
 * const r = followUpRecovery([
 *   { before: 3, after: 9, followedUp: true },
 *   { before: 5, after: 7, followedUp: true },
 *   { before: 2, after: 4, followedUp: true },
 *   { before: 1, after: 1, followedUp: true },
 *   { before: 4, after: 2, followedUp: false },
 *   { before: 5, after: 5, followedUp: false },
 * ]);
 * r.transitions.followedUp.rows[0].counts; //=> { detractor: 2, passive: 1, promoter: 1 }
 * r.recovery.followedUp.recovered.share; //=> 0.5
 * r.laterNps.followedUp.nps; //=> -33.333333333333336
 * r.laterNps.difference?.difference; //=> 66.66666666666666
 * r.laterNps.design; //=> 'observational'
 * ```
 */
export function followUpRecovery(
  pairs: readonly RecoveryPair[],
  options?: FollowUpRecoveryOptions,
): FollowUpRecoveryResult {
  const fn = 'followUpRecovery';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const r = intervalOptionsOf(fn, options);
  if (!Array.isArray(pairs)) {
    throw badInput(
      fn,
      'pairs must be an array of { before, after, followedUp, customerId?, nodeId? }',
      pairs,
    );
  }
  const rows = pairs as readonly unknown[];
  const reader = new ScoreReader(fn, r.scheme, o);
  const { table, min } = reader;
  // cells[9·followed + 3·from + to]: not followed up at 0..8, followed up at 9..17
  const cells = new Float64Array(18);
  const seen = new Map<string, number>();
  const len = rows.length;
  for (let i = 0; i < len; i++) {
    const p = pairAt(fn, rows, i);
    const followed: unknown = p.followedUp;
    if (typeof followed !== 'boolean') {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: followedUp at index ${String(i)} must be true or false, received ${describe(followed)}`,
        index: i,
        path: [i, 'followedUp'],
        received: followed,
      });
    }
    const id: unknown = p.customerId;
    if (id !== undefined) {
      if (typeof id !== 'string') throw badId(fn, 'customerId', id, i);
      const first = seen.get(id);
      if (first !== undefined) {
        throw new NpsInputError({
          code: 'duplicate_id',
          message: `${fn}: each customer must appear in one pair (the intervals treat pairs as independent customers), received customerId ${describe(id)} at indexes ${String(first)} and ${String(i)}; keep one pair per customer, e.g. the first re-survey after the first follow-up`,
          index: i,
          path: [i, 'customerId'],
          received: id,
        });
      }
      seen.set(id, i);
    }
    const node: unknown = p.nodeId;
    if (node !== undefined && typeof node !== 'string') throw badId(fn, 'nodeId', node, i);
    const b: unknown = p.before;
    let from = categoryOf(table, min, b);
    if (from < 0 && (from = slowCategory(reader, rows, b, i, 'before')) < 0) continue;
    const a: unknown = p.after;
    let to = categoryOf(table, min, a);
    if (to < 0 && (to = slowCategory(reader, rows, a, i, 'after')) < 0) continue;
    (cells[(followed ? 9 : 0) + 3 * from + to] as number)++;
  }
  const zc = zForConfidence(r.confidence);
  const followedUp = matrixOf(cells, 9);
  const notFollowedUp = matrixOf(cells, 0);
  // the detractors' later answers: the detractor row of each matrix, as a tally
  const later = (m: TransitionMatrix) => {
    const c = m.rows[0].counts;
    return makeTally(c.promoter, c.passive, c.detractor);
  };
  const ta = later(followedUp);
  const tb = later(notFollowedUp);
  return {
    n: followedUp.n + notFollowedUp.n,
    transitions: { followedUp, notFollowedUp },
    recovery: {
      method: 'wilson',
      confidence: r.confidence,
      followedUp: recoveryOf(followedUp, zc),
      notFollowedUp: recoveryOf(notFollowedUp, zc),
    },
    laterNps: {
      design: 'observational',
      note: OBSERVATIONAL_NOTE,
      followedUp: figuresOf(ta, r),
      notFollowedUp: figuresOf(tb, r),
      difference: compareTallies(ta, tb, r.scheme.base, 'independent', zc, r.confidence, fn),
    },
    excluded: reader.exclusions(),
    excludedN: reader.excludedN,
  };
}
