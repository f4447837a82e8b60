import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { normalSf, zForConfidence } from '../kernels/normal.ts';
import { confidenceOption } from '../kernels/options.ts';
import {
  badWeight,
  categoryTable,
  DETRACTOR,
  invalidScore,
  isWeight,
  PASSIVE,
  PROMOTER,
} from '../kernels/scores.ts';
import {
  asArrayLike,
  toArrayLike as collectionOf,
  isTallyLike,
  makeTally,
  weightSums,
} from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { emptyBase, npsOfTally } from './nps.ts';
import type { ConfidenceOptions } from './npsInterval.ts';
import { resolveScheme } from './resolveScheme.ts';
import { type NpsBase, type Scheme } from './scheme.ts';
import { type Scores, type Tally, type TallyWeights, toTally } from './tally.ts';
import { npsMoments } from './variance.ts';

/**
 * How the two groups of a comparison relate:
 * - `'independent'`: two separate samples (two stores, two channels, two periods of different
 *   customers).
 * - `'nested'`: `a` is a subgroup of `b` (a store inside its own region: `b` INCLUDES `a`).
 * - `'paired'`: the same respondents answered twice (two waves of a panel); `a[i]` and `b[i]`
 *   are one respondent's scores.
 */
export type NpsRelation = 'independent' | 'nested' | 'paired';

/** Options of {@link compareNps}. */
export interface CompareNpsOptions extends ConfidenceOptions {
  /** How `a` and `b` relate (default `'independent'`); see {@link NpsRelation}. */
  readonly relation?: NpsRelation | undefined;
  /**
   * With `relation: 'paired'` only: one survey weight per respondent (the same length as `a`
   * and `b`; respondent i weighs `weights[i]` in both waves), 0 or a finite number from 1e-150
   * to 1e150 as in {@link tally} (only ratios matter). Sampling (inverse-probability) weights:
   * the variance is the with-replacement linearisation over the n respondents, not that of
   * Σw respondents (see {@link compareNps}). Independent or nested groups are weighted through
   * their tallies instead (`tally(scores, { weights })`), so there it is an `invalid_option`.
   */
  readonly weights?: ArrayLike<number> | Iterable<number> | undefined;
}

/**
 * A difference of two NPS values with its normal-theory interval and test: the fields every
 * comparison in npskit reports ({@link NpsComparison}, trend changes, vs-parent and
 * segment-vs-rest comparisons). All in NPS points except `z` and `pValue`.
 */
export interface NpsDifference {
  /** The difference of the two NPS values, in NPS points. */
  readonly difference: number;
  /** Lower limit of the interval of the difference (difference − z·se), clipped to −200. */
  readonly low: number;
  /** Upper limit of the interval of the difference (difference + z·se), clipped to 200. */
  readonly high: number;
  /** Standard error of the difference, in NPS points. */
  readonly se: number;
  /**
   * The z statistic of the difference (`difference / se`; ±Infinity when se is 0 and the
   * difference is not, 0 when both are 0).
   */
  readonly z: number;
  /** Two-sided p-value of "no difference", 2·(1 − Φ(|z|)). */
  readonly pValue: number;
}

/**
 * The difference between two NPS values with its standard error, interval and two-sided test.
 * `difference` is nps(a) − nps(b); `difference`, `low`, `high`, `se`, `a` and `b` are in NPS
 * points (−100..100 for an NPS, −200..200 for a difference).
 */
export interface NpsComparison extends NpsDifference {
  /** Whether `pValue < 1 − confidence`. */
  readonly significant: boolean;
  /** The NPS of `a`, in NPS points. */
  readonly a: number;
  /** The NPS of `b`, in NPS points. */
  readonly b: number;
  /** How `a` and `b` were treated. */
  readonly relation: NpsRelation;
  /** The confidence level of the interval. */
  readonly confidence: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<CompareNpsOptions>()(
    z.strictObject({
      scheme: z.optional(z.unknown()),
      confidence: confidenceOption(),
      relation: z.optional(z.enum(['independent', 'nested', 'paired'])),
      // checked entry by entry in comparePaired (invalid_weight with the index)
      weights: z.optional(z.unknown()),
    }),
  ),
);

/** Assemble a comparison from a difference and its standard error (both on NPS points). */
function result(
  a: number,
  b: number,
  difference: number,
  se: number,
  z: number,
  relation: NpsRelation,
  zCrit: number,
  confidence: number,
): NpsComparison {
  const pValue = Math.min(1, 2 * normalSf(Math.abs(z)));
  return {
    difference,
    low: Math.max(-200, difference - zCrit * se),
    high: Math.min(200, difference + zCrit * se),
    se,
    z,
    pValue,
    significant: pValue < 1 - confidence,
    a,
    b,
    relation,
    confidence,
  };
}

/**
 * @internal The {@link NpsDifference} fields of a comparison, with the Benjamini–Hochberg
 * `qValue` when given (for results that adjust or add their own). Written out, not spread: it
 * runs once per node of a rollup.
 */
export function differenceOf(c: NpsDifference): NpsDifference;
export function differenceOf(c: NpsDifference, qValue: number): NpsDifference & { qValue: number };
export function differenceOf(c: NpsDifference, qValue?: number): NpsDifference {
  const d: { -readonly [K in keyof NpsDifference]: NpsDifference[K] } & { qValue?: number } = {
    difference: c.difference,
    low: c.low,
    high: c.high,
    se: c.se,
    z: c.z,
    pValue: c.pValue,
  };
  if (qValue !== undefined) d.qValue = qValue;
  return d;
}

/** z = difference / se, with 0/0 → 0 and x/0 → ±Infinity. */
function zOf(difference: number, se: number): number {
  if (se > 0) return difference / se;
  return difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
}

/** Relative tolerance for weighted sums of the rest that come out slightly negative by rounding. */
const WEIGHT_TOLERANCE = 1e-9;

function restWeight(
  fn: string,
  key: keyof TallyWeights,
  count: number,
  wa: number,
  wb: number,
): number {
  const r = wb - wa;
  if (r < -WEIGHT_TOLERANCE * Math.max(1, Math.abs(wb))) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: with relation 'nested', a must be part of b (b includes a), so b's weights.${key} must be at least a's, received ${String(wb)} < ${String(wa)}`,
      path: ['b', 'weights', key],
      received: wb,
    });
  }
  // no responses left in the category: whatever is left of the sums is rounding
  return count === 0 ? 0 : Math.max(0, r);
}

/**
 * The rest of `b` once `a` is taken out (`b − a`, counts and weighted sums), checking a ⊆ b.
 * @internal
 */
export function restOf(a: Tally, b: Tally, fn = 'compareNps'): Tally {
  const p = b.promoters - a.promoters;
  const pa = b.passives - a.passives;
  const d = b.detractors - a.detractors;
  if (p < 0 || pa < 0 || d < 0) {
    const key = p < 0 ? 'promoters' : pa < 0 ? 'passives' : 'detractors';
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: with relation 'nested', a must be part of b (b's tally includes a's), so every count of b must be at least a's, received b.${key} = ${String(b[key])} < a.${key} = ${String(a[key])}`,
      path: ['b', key],
      received: b[key],
    });
  }
  if (a.weights === undefined && b.weights === undefined) return makeTally(p, pa, d);
  const wa = weightSums(a);
  const wb = weightSums(b);
  return makeTally(p, pa, d, {
    promoters: restWeight(fn, 'promoters', p, wa.promoters, wb.promoters),
    passives: restWeight(fn, 'passives', pa, wa.passives, wb.passives),
    detractors: restWeight(fn, 'detractors', d, wa.detractors, wb.detractors),
    promotersSquared: restWeight(
      fn,
      'promotersSquared',
      p,
      wa.promotersSquared,
      wb.promotersSquared,
    ),
    passivesSquared: restWeight(fn, 'passivesSquared', pa, wa.passivesSquared, wb.passivesSquared),
    detractorsSquared: restWeight(
      fn,
      'detractorsSquared',
      d,
      wa.detractorsSquared,
      wb.detractorsSquared,
    ),
  });
}

/** Size of a tally's base: the count, or the sum of weights when weighted. */
function baseSize(t: Tally, base: NpsBase): number {
  const w = t.weights;
  const all = base === 'all';
  if (w === undefined) return t.promoters + t.detractors + (all ? t.passives : 0);
  return w.promoters + w.detractors + (all ? w.passives : 0);
}

/**
 * Compare two tallies with already-resolved options (the fast kernel behind
 * {@link compareNps}, for loops over nodes or periods). Returns `null` when either base is
 * empty. `zCrit` must be `zForConfidence(confidence)`.
 *
 * Nested (`a` ⊆ `b`, `r = b − a`): with base sizes M (counts, or Σw when weighted),
 * NPS_b = (M_a·NPS_a + M_r·NPS_r) / (M_a + M_r), so
 * NPS_a − NPS_b = s·(NPS_a − NPS_r) exactly, with s = M_r / M_b. The two parts are independent
 * samples, so (conditioning on the base sizes) Var = s²·(Var(a) + Var(r)), and the z statistic
 * and p-value are those of `a` against the rest. When the rest's base is empty (a = b as far
 * as the base goes) the difference is 0 with se 0, z 0, p 1.
 * @internal
 */
export function compareTallies(
  a: Tally,
  b: Tally,
  base: NpsBase,
  relation: 'independent' | 'nested',
  zCrit: number,
  confidence: number,
  fn = 'compareNps',
): NpsComparison | null {
  const ma = npsMoments(a, base);
  const npsA = npsOfTally(a, base);
  const npsB = npsOfTally(b, base);
  if (ma === null || npsA === null || npsB === null) return null;
  if (relation === 'independent') {
    const mb = npsMoments(b, base);
    if (mb === null) return null;
    const difference = npsA - npsB;
    const se = 100 * Math.sqrt(ma.variance + mb.variance);
    return result(npsA, npsB, difference, se, zOf(difference, se), relation, zCrit, confidence);
  }
  const rest = restOf(a, b, fn);
  const mr = npsMoments(rest, base);
  const npsR = npsOfTally(rest, base);
  if (mr === null || npsR === null) return result(npsA, npsB, 0, 0, 0, relation, zCrit, confidence);
  const share = baseSize(rest, base) / baseSize(b, base);
  const diffRest = npsA - npsR;
  const seRest = 100 * Math.sqrt(ma.variance + mr.variance);
  return result(
    npsA,
    npsB,
    npsA - npsB,
    share * seRest,
    zOf(diffRest, seRest),
    relation,
    zCrit,
    confidence,
  );
}

function toArrayLike(fn: string, values: unknown, which: 'a' | 'b'): ArrayLike<number> {
  if (isTallyLike(values)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: with relation 'paired', ${which} must be the scores of each respondent (a[i] and b[i] one respondent), received a tally; tallies cannot be paired because they do not say who answered what twice`,
      path: [which],
      received: values,
    });
  }
  const xs = asArrayLike(values);
  if (xs !== null) return xs;
  throw new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: with relation 'paired', ${which} must be an array of scores, received ${describe(values)}`,
    path: [which],
    received: values,
  });
}

/** Paired weights as an array-like of length `n`, or the error `tally` gives for its weights. */
function pairedWeights(fn: string, values: unknown, n: number): ArrayLike<number> {
  const ws = collectionOf(fn, values, 'weights');
  if (ws.length !== n) {
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: with relation 'paired', weights must have one entry per respondent (${String(n)}, the length of a and b), received ${String(ws.length)}`,
      path: ['weights'],
      received: ws.length,
    });
  }
  return ws;
}

/**
 * Paired comparison of two waves answered by the same respondents, from the 3×3 table of
 * (category in a, category in b), each cell holding its count, or with `weights` its Σw and Σw².
 *
 * With y = +1/0/−1, e = 1 for a respondent in the base (always under base `'all'`; not a
 * passive otherwise) and weights w (1 each when none are given), each wave's NPS is the ratio
 * R = Σw·y / Σw·e. Linearising R_a − R_b (Woodruff 1971; Wolter 2007, "Introduction to
 * Variance Estimation", §6.11) gives the influence value of respondent i,
 * u_i = (y_a,i − R_a·e_a,i)/M_a − (y_b,i − R_b·e_b,i)/M_b with M = Σw·e / Σw, and the
 * with-replacement variance Var = Σ w_i²·u_i² / (Σw)². Σ w_i·u_i = 0 in exact arithmetic (R solves it), so
 * with unit weights this is Σ(u_i − ū)² / n², the unweighted formula; under base `'all'` it is
 * then (mean(d²) − mean(d)²)/n with d = y_a − y_b.
 *
 * Computed as Var = Σ_i w_i²·δ_i² with δ = u / Σw = (y_a − R_a·e_a)/E_a − (y_b − R_b·e_b)/E_b
 * and E = Σw·e: no Σw is needed, and since a respondent in a wave's base weighs at most E,
 * (Σw²_cell·δ)·δ neither overflows nor depends on the scale of the weights. When se is 0 and
 * R_a = R_b, z is 0 even if the two NPS values, each rounded on its own, differ in the last bit.
 */
function comparePaired(
  fn: string,
  aIn: unknown,
  bIn: unknown,
  weightsIn: unknown,
  scheme: Scheme,
  zCrit: number,
  confidence: number,
): NpsComparison {
  const xa = toArrayLike(fn, aIn, 'a');
  const xb = toArrayLike(fn, bIn, 'b');
  const n = xa.length;
  if (xb.length !== n) {
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: with relation 'paired', a and b must hold one score per respondent each (equal lengths), received ${String(n)} and ${String(xb.length)}`,
      path: ['b'],
      received: xb.length,
    });
  }
  const ws = weightsIn === undefined ? null : pairedWeights(fn, weightsIn, n);
  const table = categoryTable(scheme);
  const min = scheme.scale[0];
  const span = table.length;
  // Per cell (category in a)·3 + (category in b): count, Σw and Σw² (the counts when unweighted).
  const cells = new Float64Array(9);
  const sw = ws === null ? cells : new Float64Array(9);
  const sw2 = ws === null ? cells : new Float64Array(9);
  for (let i = 0; i < n; i++) {
    const sa = xa[i] as number;
    // typeof first: `sa - min` would throw a raw TypeError for a Symbol or a BigInt.
    const ka = typeof sa === 'number' ? sa - min : -1;
    if (ka >>> 0 !== ka || ka >= span) {
      throw withPath(invalidScore(fn, sa, scheme, i), 'a', i);
    }
    const sb = xb[i] as number;
    const kb = typeof sb === 'number' ? sb - min : -1;
    if (kb >>> 0 !== kb || kb >= span) {
      throw withPath(invalidScore(fn, sb, scheme, i), 'b', i);
    }
    const c = (table[ka] as number) * 3 + (table[kb] as number);
    (cells[c] as number)++;
    if (ws !== null) {
      const w = ws[i];
      // As tally: a positive weight's square must neither underflow to 0 nor overflow.
      if (!isWeight(w)) throw badWeight(fn, w, i);
      (sw[c] as number) += w;
      (sw2[c] as number) += w * w;
    }
  }
  if (ws !== null && !sw2.every(Number.isFinite)) {
    throw new NpsInputError({
      code: 'invalid_weight',
      message: `${fn}: weights must be small enough for their sum of squares to be finite, received a sum of squares that overflows; rescale the weights (only their ratios matter)`,
      path: ['weights'],
      received: weightsIn,
    });
  }
  // Margins of the 3×3 table: the two waves' tallies (weighted sums when weighted).
  const margin = (cellsOf: Float64Array, wave: 0 | 1, cat: number): number => {
    let s = 0;
    for (let k = 0; k < 3; k++) s += cellsOf[wave === 0 ? cat * 3 + k : k * 3 + cat] as number;
    return s;
  };
  const waveTally = (wave: 0 | 1): Tally => {
    const t = makeTally(
      margin(cells, wave, PROMOTER),
      margin(cells, wave, PASSIVE),
      margin(cells, wave, DETRACTOR),
    );
    if (ws === null) return t;
    return makeTally(t.promoters, t.passives, t.detractors, {
      promoters: margin(sw, wave, PROMOTER),
      passives: margin(sw, wave, PASSIVE),
      detractors: margin(sw, wave, DETRACTOR),
      promotersSquared: margin(sw2, wave, PROMOTER),
      passivesSquared: margin(sw2, wave, PASSIVE),
      detractorsSquared: margin(sw2, wave, DETRACTOR),
    });
  };
  const ta = waveTally(0);
  const tb = waveTally(1);
  const base = scheme.base;
  const npsA = npsOfTally(ta, base);
  if (npsA === null) throw emptyBase(fn, ta, base, 'a');
  const npsB = npsOfTally(tb, base);
  if (npsB === null) throw emptyBase(fn, tb, base, 'b');
  const all = base === 'all';
  const pA = margin(sw, 0, PROMOTER);
  const dA = margin(sw, 0, DETRACTOR);
  const pB = margin(sw, 1, PROMOTER);
  const dB = margin(sw, 1, DETRACTOR);
  const eA = pA + dA + (all ? margin(sw, 0, PASSIVE) : 0);
  const eB = pB + dB + (all ? margin(sw, 1, PASSIVE) : 0);
  const rA = (pA - dA) / eA;
  const rB = (pB - dB) / eB;
  // (y − R·e)/E of one wave for a category 0, 1, 2 = D, Pa, P.
  const part = (cat: number, r: number, e: number): number => {
    const inBase = all || cat !== PASSIVE ? 1 : 0;
    return (cat - 1 - r * inBase) / e;
  };
  let variance = 0;
  for (let ca = 0; ca < 3; ca++) {
    for (let cb = 0; cb < 3; cb++) {
      const delta = part(ca, rA, eA) - part(cb, rB, eB);
      variance += (sw2[ca * 3 + cb] as number) * delta * delta;
    }
  }
  const difference = npsA - npsB;
  const se = 100 * Math.sqrt(variance);
  // Each NPS is rounded on its own, so with weighted sums two equal ratios can come out an ulp
  // apart; when se is 0 that would be z = ±∞. The ratios themselves decide then.
  const z = zOf(se === 0 && rA === rB ? 0 : difference, se);
  return result(npsA, npsB, difference, se, z, 'paired', zCrit, confidence);
}

function withPath(e: NpsInputError, which: 'a' | 'b', i: number): NpsInputError {
  return new NpsInputError({
    code: e.code,
    message: e.message.replace(/^([^:]+): score/, `$1: ${which}: score`),
    index: i,
    path: [which, i],
    received: e.received,
  });
}

/**
 * Compare two NPS values: their difference in NPS points, a confidence interval, and a
 * two-sided z test of "no difference".
 *
 * - `'independent'` (default): the Wald difference of two independent samples,
 *   Var = Var(a) + Var(b), each the multinomial variance ((p + d) − (p − d)²)/m of its base
 *   (or, for weighted tallies, the Taylor-linearised variance of the ratio estimator; Woodruff
 *   1971, Wolter 2007 §6.11). See Rocks (2016), The American Statistician 70(4), 365–372.
 * - `'nested'`: `a` is part of `b` (a store and its own region). Since
 *   NPS_a − NPS_b = s·(NPS_a − NPS_rest) with s = the rest's share of b's base,
 *   Var = s²·(Var(a) + Var(rest)); z and p are those of `a` against the rest of `b`.
 * - `'paired'`: the same respondents in two waves; `a[i]` and `b[i]` are one respondent's
 *   scores. The variance comes from the 3×3 table of (category in a, category in b) by the
 *   delta method (Taylor linearisation of R_a − R_b); under base `'all'` it is the variance of
 *   the per-respondent difference d = y_a − y_b, (mean(d²) − mean(d)²)/n. With `weights`
 *   (one per respondent), each wave's NPS is R = Σw·y / Σw·e and, with influence values
 *   u_i = (y_a,i − R_a·e_a,i)/M_a − (y_b,i − R_b·e_b,i)/M_b, M = Σw·e / Σw, the
 *   with-replacement linearised variance is Σ w_i²·u_i² / (Σw)² (Woodruff 1971; Wolter 2007
 *   §6.11), which is the unweighted one when every weight is 1. The weights are sampling
 *   weights: scaling them changes nothing, and an integer weight is not the same as repeating
 *   the row (that would add respondents).
 *
 * The interval is difference ± z·se (clipped to [−200, 200]). Formulas, derivations and
 * sources: docs/comparisons.md. O(n) for scores, O(1) for tallies.
 *
 * @param a - A {@link Tally} or scores (scores only for `'paired'`).
 * @param b - A {@link Tally} or scores (scores only for `'paired'`); for `'nested'`, the group
 *   that includes `a`.
 * @param options - `scheme` (default {@link tenPointScheme}), `confidence` (default 0.95),
 *   `relation` (default `'independent'`), and for `'paired'` optional `weights`, one per
 *   respondent.
 * @returns An {@link NpsComparison}; `difference = nps(a) − nps(b)`.
 * @throws {@link NpsInputError} `empty` when either base has no respondents (or zero total
 *   weight); `invalid_option` for bad options, including `weights` that are not a collection
 *   or are given with a relation other than `'paired'`; `invalid_input` when a nested `a` is
 *   not part of `b`, or when tallies are given for `'paired'`; `length_mismatch` for paired
 *   waves, or weights, of different lengths; `invalid_score` / `invalid_count` for bad scores
 *   or counts; `invalid_weight` (with the index) for a weight that is negative, not finite, or
 *   positive but outside 1e-150..1e150, as in {@link tally}.
 * @example
 * ```ts
 * const c = compareNps(
 *   tallyFromCounts({ promoters: 60, passives: 25, detractors: 15 }),
 *   tallyFromCounts({ promoters: 40, passives: 30, detractors: 30 }),
 *   { scheme: classicScheme },
 * );
 * c.difference; //=> 35   (45 − 10)
 * c.se.toFixed(4); //=> '11.1243'   (100 × √(0.005475 + 0.0069))
 * c.significant; //=> true
 * compareNps([10, 10, 9, 6], [10, 8, 7, 6], { scheme: classicScheme, relation: 'paired' }).difference;
 * //=> 50
 * // A weighted panel of five respondents (weights 0.5, 2.5, 1, 0.5, 0.5):
 * const w = compareNps([10, 10, 1, 7, 7], [10, 1, 7, 10, 1], {
 *   relation: 'paired',
 *   weights: [0.5, 2.5, 1, 0.5, 0.5],
 * });
 * w.difference; //=> 100   (50 − (−50))
 * w.se.toFixed(4); //=> '76.5466'   (100 × √(Σw²u² / (Σw)²) = 100 × √(75/128))
 * ```
 */
export function compareNps(
  a: Tally | Scores,
  b: Tally | Scores,
  options?: CompareNpsOptions,
): NpsComparison {
  const fn = 'compareNps';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const scheme = resolveScheme(options?.scheme, fn);
  const confidence = o.confidence ?? 0.95;
  const relation = o.relation ?? 'independent';
  const zCrit = zForConfidence(confidence);
  if (relation === 'paired') return comparePaired(fn, a, b, o.weights, scheme, zCrit, confidence);
  if (o.weights !== undefined) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.weights (one weight per respondent of both waves) applies only to relation 'paired', received weights with relation '${relation}'; weight independent or nested groups through their tallies, compareNps(tally(a, { weights: wa }), tally(b, { weights: wb }))`,
      path: ['weights'],
      received: o.weights,
    });
  }
  const ta = toTally(fn, a, scheme);
  const tb = toTally(fn, b, scheme);
  if (npsOfTally(ta, scheme.base) === null) throw emptyBase(fn, ta, scheme.base, 'a');
  if (npsOfTally(tb, scheme.base) === null) throw emptyBase(fn, tb, scheme.base, 'b');
  const c = compareTallies(ta, tb, scheme.base, relation, zCrit, confidence, fn);
  if (c === null) throw emptyBase(fn, ta, scheme.base, 'a');
  return c;
}
