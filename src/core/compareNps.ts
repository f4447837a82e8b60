import * as z from 'zod/mini';
import { describe } from '../_lib/describe.ts';
import { normalSf, zForConfidence } from '../_lib/normal.ts';
import { lazy, parseWith } from '../_lib/validate.ts';
import { NpsInputError } from '../errors.ts';
import { invalidScore, type SchemeOptions } from './classify.ts';
import { emptyBase, npsOfTally } from './nps.ts';
import { resolveScheme } from './resolveScheme.ts';
import {
  categoryTable,
  DETRACTOR,
  type NpsBase,
  PASSIVE,
  PROMOTER,
  type Scheme,
} from './scheme.ts';
import {
  isTallyLike,
  makeTally,
  type Scores,
  type Tally,
  type TallyWeights,
  toTally,
} from './tally.ts';
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
export interface CompareNpsOptions extends SchemeOptions {
  /** Confidence level in (0, 1) of the interval; the test's level is 1 − confidence (default 0.95). */
  readonly confidence?: number | undefined;
  /** How `a` and `b` relate (default `'independent'`); see {@link NpsRelation}. */
  readonly relation?: NpsRelation | undefined;
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
  z.strictObject({
    scheme: z.optional(z.unknown()),
    confidence: z.optional(z.number().check(z.gt(0), z.lt(1))),
    relation: z.optional(z.enum(['independent', 'nested', 'paired'])),
  }),
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
  const wa = a.weights ?? unitWeights(a);
  const wb = b.weights ?? unitWeights(b);
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

function unitWeights(t: Tally): TallyWeights {
  return {
    promoters: t.promoters,
    passives: t.passives,
    detractors: t.detractors,
    promotersSquared: t.promoters,
    passivesSquared: t.passives,
    detractorsSquared: t.detractors,
  };
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
  if (typeof values === 'object' && values !== null) {
    if (typeof (values as ArrayLike<number>).length === 'number')
      return values as ArrayLike<number>;
    if (Symbol.iterator in values) return Array.from(values as Iterable<number>);
  }
  throw new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: with relation 'paired', ${which} must be an array of scores, received ${describe(values)}`,
    path: [which],
    received: values,
  });
}

/**
 * Paired comparison of two waves answered by the same respondents, from the 3×3 table of
 * (category in a, category in b).
 *
 * With y = +1/0/−1 and e = 1 for a respondent in the base (always under base `'all'`; not a
 * passive otherwise), R = Σy / Σe and m̄ = Σe / n per wave, the Taylor-linearised influence
 * value of R_a − R_b is u_i = (y_a,i − R_a·e_a,i)/m̄_a − (y_b,i − R_b·e_b,i)/m̄_b and
 * Var = Σ(u_i − ū)² / n². Under base `'all'` this is (mean(d²) − mean(d)²)/n with d = y_a − y_b.
 */
function comparePaired(
  fn: string,
  aIn: unknown,
  bIn: unknown,
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
  const table = categoryTable(scheme);
  const min = scheme.scale[0];
  const span = table.length;
  const cells = new Float64Array(9);
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
    (cells[(table[ka] as number) * 3 + (table[kb] as number)] as number)++;
  }
  // Margins of the 3×3 table: the two waves' tallies.
  const count = (wave: 0 | 1, cat: number): number => {
    let s = 0;
    for (let k = 0; k < 3; k++) s += cells[wave === 0 ? cat * 3 + k : k * 3 + cat] as number;
    return s;
  };
  const ta = makeTally(count(0, PROMOTER), count(0, PASSIVE), count(0, DETRACTOR));
  const tb = makeTally(count(1, PROMOTER), count(1, PASSIVE), count(1, DETRACTOR));
  const base = scheme.base;
  const npsA = npsOfTally(ta, base);
  if (npsA === null) throw emptyBase(fn, ta, base, 'a');
  const npsB = npsOfTally(tb, base);
  if (npsB === null) throw emptyBase(fn, tb, base, 'b');
  const all = base === 'all';
  const ea = ta.promoters + ta.detractors + (all ? ta.passives : 0);
  const eb = tb.promoters + tb.detractors + (all ? tb.passives : 0);
  const ra = (ta.promoters - ta.detractors) / ea;
  const rb = (tb.promoters - tb.detractors) / eb;
  const mbarA = ea / n;
  const mbarB = eb / n;
  // Influence value of one cell (category in a, category in b); categories are 0, 1, 2 = D, Pa, P.
  const part = (cat: number, r: number, mbar: number): number => {
    const inBase = all || cat !== PASSIVE ? 1 : 0;
    return (cat - 1 - r * inBase) / mbar;
  };
  let sumU = 0;
  for (let ca = 0; ca < 3; ca++) {
    for (let cb = 0; cb < 3; cb++) {
      sumU += (cells[ca * 3 + cb] as number) * (part(ca, ra, mbarA) - part(cb, rb, mbarB));
    }
  }
  const meanU = sumU / n;
  let ss = 0;
  for (let ca = 0; ca < 3; ca++) {
    for (let cb = 0; cb < 3; cb++) {
      const u = part(ca, ra, mbarA) - part(cb, rb, mbarB) - meanU;
      ss += (cells[ca * 3 + cb] as number) * u * u;
    }
  }
  const difference = npsA - npsB;
  const se = (100 * Math.sqrt(ss)) / n;
  return result(npsA, npsB, difference, se, zOf(difference, se), 'paired', zCrit, confidence);
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
 *   the per-respondent difference d = y_a − y_b, (mean(d²) − mean(d)²)/n.
 *
 * The interval is difference ± z·se (clipped to [−200, 200]). Formulas, derivations and
 * sources: docs/comparisons.md. O(n) for scores, O(1) for tallies.
 *
 * @param a - A {@link Tally} or scores (scores only for `'paired'`).
 * @param b - A {@link Tally} or scores (scores only for `'paired'`); for `'nested'`, the group
 *   that includes `a`.
 * @param options - `scheme` (default {@link tenPointScheme}), `confidence` (default 0.95),
 *   `relation` (default `'independent'`).
 * @returns An {@link NpsComparison}; `difference = nps(a) − nps(b)`.
 * @throws {@link NpsInputError} `empty` when either base has no respondents; `invalid_option`
 *   for bad options; `invalid_input` when a nested `a` is not part of `b`, or when tallies are
 *   given for `'paired'`; `length_mismatch` for paired waves of different lengths;
 *   `invalid_score` / `invalid_count` for bad scores or counts.
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
  if (relation === 'paired') return comparePaired(fn, a, b, scheme, zCrit, confidence);
  const ta = toTally(fn, a, scheme);
  const tb = toTally(fn, b, scheme);
  if (npsOfTally(ta, scheme.base) === null) throw emptyBase(fn, ta, scheme.base, 'a');
  if (npsOfTally(tb, scheme.base) === null) throw emptyBase(fn, tb, scheme.base, 'b');
  const c = compareTallies(ta, tb, scheme.base, relation, zCrit, confidence, fn);
  if (c === null) throw emptyBase(fn, ta, scheme.base, 'a');
  return c;
}
