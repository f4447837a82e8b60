import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { invalidScore, type SchemeOptions } from './classify.ts';
import { resolveScheme } from './resolveScheme.ts';
import { categoryTable, PASSIVE, PROMOTER, type Scheme } from './scheme.ts';

/**
 * Weighted sums kept by a weighted {@link Tally}: per category, the sum of weights Σw and the
 * sum of squared weights Σw² (what the Kish effective sample size and linearised standard
 * errors need). Weights are non-negative.
 */
export interface TallyWeights {
  /** Σw over promoters. */
  readonly promoters: number;
  /** Σw over passives. */
  readonly passives: number;
  /** Σw over detractors. */
  readonly detractors: number;
  /** Σw² over promoters. */
  readonly promotersSquared: number;
  /** Σw² over passives. */
  readonly passivesSquared: number;
  /** Σw² over detractors. */
  readonly detractorsSquared: number;
}

/**
 * Counts of promoters, passives and detractors: the unit everything in npskit aggregates
 * through. Tallies merge associatively and commutatively ({@link mergeTallies}), so partial
 * tallies from shards, workers or a warehouse combine exactly.
 *
 * Counts are numbers of responses. `weights` is present only when weights were used; an
 * unweighted tally merged with a weighted one counts as weight 1 per response.
 */
export interface Tally {
  /** Number of promoters. */
  readonly promoters: number;
  /** Number of passives. */
  readonly passives: number;
  /** Number of detractors. */
  readonly detractors: number;
  /** All responses: promoters + passives + detractors. */
  readonly n: number;
  /** Weighted sums, when the responses carried weights. */
  readonly weights?: TallyWeights;
}

/** Options of {@link tally}. */
export interface TallyOptions extends SchemeOptions {
  /**
   * One survey weight per score (same length as the scores): 0, or a finite number from 1e-150
   * to 1e150 (only ratios matter; the bounds keep Σw² representable).
   *
   * Weights are survey weights (how many people each respondent stands for, e.g. from
   * post-stratification or raking), not counts: the tally still has one respondent per score,
   * and the interval's sample size is the Kish effective size. For a number of respondents per
   * score (`SELECT score, COUNT(*) … GROUP BY score`) use {@link tallyFromHistogram}: with
   * `tally([10, 9, 3], { weights: [50, 20, 5] })` n is 3, not 75, and every interval is far too
   * wide.
   */
  readonly weights?: ArrayLike<number> | Iterable<number> | undefined;
}

/** Counts accepted by {@link tallyFromCounts}. */
export interface TallyCounts {
  /** Number of promoters. */
  readonly promoters: number;
  /** Number of passives. */
  readonly passives: number;
  /** Number of detractors. */
  readonly detractors: number;
  /** Optional weighted sums computed elsewhere. */
  readonly weights?: TallyWeights | undefined;
}

/** Scores as npskit accepts them: arrays, typed arrays, any array-like or iterable. */
export type Scores = ArrayLike<number> | Iterable<number>;

/**
 * @internal A collection (array, typed array, anything with a `length`, or an iterable) as an
 * array-like; `null` for anything else (null, a number, a string, a plain object).
 */
export function asArrayLike(values: unknown): ArrayLike<number> | null {
  if (typeof values === 'object' && values !== null) {
    if (typeof (values as ArrayLike<number>).length === 'number')
      return values as ArrayLike<number>;
    if (Symbol.iterator in values) return Array.from(values as Iterable<number>);
  }
  return null;
}

/**
 * @internal A collection as an array-like, or the error naming `what` for anything that is not
 * one: `invalid_input` for scores, `invalid_option` (path `weights`) for weights.
 */
export function toArrayLike(
  fn: string,
  values: unknown,
  what: 'scores' | 'weights',
): ArrayLike<number> {
  const xs = asArrayLike(values);
  if (xs !== null) return xs;
  throw new NpsInputError({
    code: what === 'weights' ? 'invalid_option' : 'invalid_input',
    message: `${fn}: ${what} must be an array, typed array or iterable of numbers, received ${describe(values)}`,
    ...(what === 'weights' ? { path: ['weights'] } : {}),
    received: values,
  });
}

/**
 * @internal Reject an options argument that is not an object (undefined and null mean none),
 * or that has a key other than `known` (a misspelt `wieghts` would otherwise be ignored).
 */
export function checkOptionsObject(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options must be an object, received ${describe(options)}`,
      received: options,
    });
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options must only have the keys ${known.join(', ')}, received an unknown key ${JSON.stringify(key)}`,
        path: [key],
        received: options,
      });
    }
  }
}

/** @internal A tally from raw counts, with no validation (kernel use). */
export function makeTally(
  promoters: number,
  passives: number,
  detractors: number,
  weights?: TallyWeights,
): Tally {
  const t = { promoters, passives, detractors, n: promoters + passives + detractors };
  return weights === undefined ? t : { ...t, weights };
}

/** @internal The error for a bad weight (`requirement` says what a weight must be). */
export function invalidWeight(
  fn: string,
  weight: unknown,
  index: number,
  requirement = 'a finite number ≥ 0',
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_weight',
    message: `${fn}: weight at index ${String(index)} must be ${requirement}, received ${describe(weight)}`,
    index,
    path: ['weights', index],
    received: weight,
  });
}

/** Smallest positive weight accepted: its square, about 1e-300, is still a normal double. */
const MIN_WEIGHT = 1e-150;
/** Largest weight accepted: its square, about 1e300, is still finite. */
const MAX_WEIGHT = 1e150;

/**
 * @internal Whether `w` is an acceptable respondent weight: 0, or a number whose square neither
 * underflows to 0 nor overflows (Σw² is kept for the Kish size and the linearised variance).
 * `typeof` first, so a Symbol or BigInt never reaches a comparison.
 */
export function isWeight(w: unknown): w is number {
  return typeof w === 'number' && (w === 0 || (w >= MIN_WEIGHT && w <= MAX_WEIGHT));
}

/** @internal The error for a weight that fails {@link isWeight}. */
export function badWeight(fn: string, w: unknown, index: number): NpsInputError {
  return invalidWeight(
    fn,
    w,
    index,
    '0 or a finite number from 1e-150 to 1e150 (its square is summed)',
  );
}

/** @internal Count one column of scores (and optional weights) under a scheme. */
function tallyScores(fn: string, scores: Scores, scheme: Scheme, weightsIn?: Scores): Tally {
  const xs = toArrayLike(fn, scores, 'scores');
  const table = categoryTable(scheme);
  const min = scheme.scale[0];
  const span = table.length;
  const len = xs.length;
  if (weightsIn === undefined) {
    const counts = [0, 0, 0];
    for (let i = 0; i < len; i++) {
      const s = xs[i] as number;
      // typeof first: `s - min` would throw a raw TypeError for a Symbol or a BigInt.
      if (typeof s !== 'number') throw invalidScore(fn, s, scheme, i);
      const k = s - min;
      // `k >>> 0 === k` accepts exactly the non-negative integers below 2^32; NaN and 6.5 fail.
      if (k >>> 0 !== k || k >= span) throw invalidScore(fn, s, scheme, i);
      (counts[table[k] as number] as number)++;
    }
    return makeTally(counts[PROMOTER] as number, counts[PASSIVE] as number, counts[0] as number);
  }
  const ws = toArrayLike(fn, weightsIn, 'weights');
  if (ws.length !== len) {
    throw new NpsInputError({
      code: 'length_mismatch',
      message: `${fn}: weights must have one entry per score (${String(len)}), received ${String(ws.length)}`,
      path: ['weights'],
      received: ws.length,
    });
  }
  const counts = [0, 0, 0];
  const sw = [0, 0, 0];
  const sw2 = [0, 0, 0];
  for (let i = 0; i < len; i++) {
    const s = xs[i] as number;
    if (typeof s !== 'number') throw invalidScore(fn, s, scheme, i);
    const k = s - min;
    if (k >>> 0 !== k || k >= span) throw invalidScore(fn, s, scheme, i);
    const w = ws[i];
    if (!isWeight(w)) throw badWeight(fn, w, i);
    const c = table[k] as number;
    (counts[c] as number)++;
    (sw[c] as number) += w;
    (sw2[c] as number) += w * w;
  }
  for (let c = 0; c < 3; c++) {
    if (!Number.isFinite(sw2[c])) {
      throw new NpsInputError({
        code: 'invalid_weight',
        message: `${fn}: weights must be small enough for their sum of squares to be finite, received a sum of squares that overflows; rescale the weights (only their ratios matter)`,
        path: ['weights'],
        received: weightsIn,
      });
    }
  }
  return makeTally(counts[PROMOTER] as number, counts[PASSIVE] as number, counts[0] as number, {
    promoters: sw[PROMOTER] as number,
    passives: sw[PASSIVE] as number,
    detractors: sw[0] as number,
    promotersSquared: sw2[PROMOTER] as number,
    passivesSquared: sw2[PASSIVE] as number,
    detractorsSquared: sw2[0] as number,
  });
}

/**
 * Count promoters, passives and detractors among scores.
 *
 * Accepts arrays, typed arrays (`Uint8Array`, `Float64Array`…), any array-like or iterable.
 * With `weights`, the tally also keeps per-category Σw and Σw² for weighted NPS, the Kish
 * effective sample size and linearised standard errors. Runs in O(n) with one table lookup
 * per score.
 *
 * @param scores - Integer scores on the scheme's scale.
 * @param options - `scheme` (default {@link tenPointScheme}) and optional `weights`.
 * @returns A new {@link Tally}.
 * @throws {@link NpsInputError} `invalid_score` (with the index) for a score off the scale or not
 *   an integer; `invalid_weight` for a weight that is negative, not finite, or positive but
 *   outside 1e-150..1e150 (its square must be representable), or weights whose sum of squares
 *   overflows; `length_mismatch` when weights and scores differ in length; `invalid_input` when
 *   `scores` is not a collection; `invalid_option` when `options` is not an object or `weights`
 *   is not a collection.
 * @example
 * ```ts
 * tally([10, 9, 7, 3, 1]);
 * //=> { promoters: 2, passives: 1, detractors: 2, n: 5 }
 * tally(new Uint8Array([10, 6]), { weights: [2, 1] }).weights?.promoters; //=> 2
 * ```
 */
export function tally(scores: Scores, options?: TallyOptions): Tally {
  checkOptionsObject('tally', options, ['scheme', 'weights']);
  const scheme = resolveScheme(options?.scheme, 'tally');
  return tallyScores('tally', scores, scheme, options?.weights);
}

// The path of a bad value is built only when it is reported: checked per entry, tallies from a
// pre-aggregated export come by the thousand.
function checkCount(fn: string, value: unknown, at: readonly PropertyKey[], key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    const path = [...at, key];
    throw new NpsInputError({
      code: 'invalid_count',
      message: `${fn}: ${path.map(String).join('.')} must be a non-negative integer count, received ${describe(value)}`,
      path,
      received: value,
    });
  }
  return value;
}

function checkWeightSum(
  fn: string,
  value: unknown,
  at: readonly PropertyKey[],
  key: string,
): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    const path = [...at, 'weights', key];
    throw new NpsInputError({
      code: 'invalid_weight',
      message: `${fn}: ${path.map(String).join('.')} must be a finite number ≥ 0, received ${describe(value)}`,
      path,
      received: value,
    });
  }
  return value;
}

const KEYS = ['promoters', 'passives', 'detractors'] as const;

/** Relative slack for the weighted-sum inequalities, so sums rounded in another system pass. */
const CONSISTENCY_TOLERANCE = 1e-9;

/**
 * Weighted sums must be possible for `count` non-negative weights: none when the count is 0,
 * and (Σw)² / count ≤ Σw² ≤ (Σw)² (Cauchy–Schwarz, and non-negativity), so that the Kish size
 * (Σw)² / Σw² lies between 1 and the count. Sums that break this come from a mistake upstream
 * (columns swapped, squares of sums instead of sums of squares) and would give impossible
 * effective sizes and variances.
 */
function checkWeightConsistency(
  fn: string,
  at: PropertyKey[],
  key: (typeof KEYS)[number],
  count: number,
  sum: number,
  squares: number,
): void {
  // Written with quotients, not (Σw)², so that huge sums do not overflow.
  const ok =
    count === 0 || sum === 0
      ? sum === 0 && squares === 0
      : squares / sum <= sum * (1 + CONSISTENCY_TOLERANCE) &&
        sum * (sum / squares) <= count * (1 + CONSISTENCY_TOLERANCE);
  if (ok) return;
  const where = [...at, 'weights'].map(String).join('.');
  throw new NpsInputError({
    code: 'invalid_weight',
    message: `${fn}: ${where}.${key} (Σw) and ${where}.${key}Squared (Σw²) must be sums over ${String(count)} non-negative weights, so ${count === 0 ? 'both 0' : '(Σw)²/n ≤ Σw² ≤ (Σw)²'}, received Σw = ${String(sum)} and Σw² = ${String(squares)}`,
    path: [...at, 'weights', key],
    received: { sum, squares, count },
  });
}

function checkTally(fn: string, t: TallyCounts, at: PropertyKey[]): Tally {
  if (typeof t !== 'object' || (t as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: ${at.length > 0 ? `argument ${at.map(String).join('.')}` : 'the argument'} must be an object of counts { promoters, passives, detractors }, received ${describe(t)}`,
      path: at,
      received: t,
    });
  }
  const p = checkCount(fn, t.promoters, at, 'promoters');
  const pa = checkCount(fn, t.passives, at, 'passives');
  const d = checkCount(fn, t.detractors, at, 'detractors');
  const w = t.weights;
  if (w === undefined) return makeTally(p, pa, d);
  if (typeof w !== 'object' || (w as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_weight',
      message: `${fn}: ${[...at, 'weights'].map(String).join('.')} must be an object of weighted sums { promoters, passives, detractors, promotersSquared, passivesSquared, detractorsSquared }, received ${describe(w)}`,
      path: [...at, 'weights'],
      received: w,
    });
  }
  const sums = KEYS.map((k) => checkWeightSum(fn, w[k], at, k));
  const squares = KEYS.map((k) => checkWeightSum(fn, w[`${k}Squared`], at, `${k}Squared`));
  const ns = [p, pa, d];
  for (let i = 0; i < 3; i++) {
    checkWeightConsistency(
      fn,
      at,
      KEYS[i] as (typeof KEYS)[number],
      ns[i] as number,
      sums[i] as number,
      squares[i] as number,
    );
  }
  return makeTally(p, pa, d, {
    promoters: sums[0] as number,
    passives: sums[1] as number,
    detractors: sums[2] as number,
    promotersSquared: squares[0] as number,
    passivesSquared: squares[1] as number,
    detractorsSquared: squares[2] as number,
  });
}

/**
 * A tally from counts computed elsewhere (a SQL `GROUP BY`, a CX platform export).
 *
 * @param counts - Non-negative integer counts, and optionally weighted sums.
 * @returns A validated {@link Tally} with `n` filled in.
 * @throws {@link NpsInputError} `invalid_input` when `counts` is not an object; `invalid_count`
 *   for negative, fractional or non-finite counts; `invalid_weight` for weighted sums that are
 *   negative or not finite, or impossible for the counts (a category with no responses must
 *   have Σw = Σw² = 0, otherwise (Σw)²/count ≤ Σw² ≤ (Σw)² within a relative 1e-9).
 * @example
 * ```ts
 * tallyFromCounts({ promoters: 60, passives: 25, detractors: 15 });
 * //=> { promoters: 60, passives: 25, detractors: 15, n: 100 }
 * ```
 */
export function tallyFromCounts(counts: TallyCounts): Tally {
  return checkTally('tallyFromCounts', counts, []);
}

/** @internal The weighted sums of a tally, treating an unweighted tally as weight 1 each. */
export function weightSums(t: Tally): TallyWeights {
  return (
    t.weights ?? {
      promoters: t.promoters,
      passives: t.passives,
      detractors: t.detractors,
      promotersSquared: t.promoters,
      passivesSquared: t.passives,
      detractorsSquared: t.detractors,
    }
  );
}

/**
 * Merge tallies by adding their counts (and weighted sums). Associative and commutative, with
 * the empty tally as identity, so partial tallies from anywhere combine exactly (weighted sums
 * are floating-point additions, exact up to rounding in the last bits).
 *
 * @param tallies - Any number of tallies (none gives the empty tally).
 * @returns A new {@link Tally}; weighted if any input is weighted (unweighted inputs then count
 *   as weight 1 per response).
 * @throws {@link NpsInputError} `invalid_input` when an argument is not an object,
 *   `invalid_count` / `invalid_weight` when it is not a valid tally (as {@link tallyFromCounts}).
 * @example
 * ```ts
 * mergeTallies(
 *   tallyFromCounts({ promoters: 3, passives: 1, detractors: 1 }),
 *   tallyFromCounts({ promoters: 1, passives: 0, detractors: 2 }),
 * );
 * //=> { promoters: 4, passives: 1, detractors: 3, n: 8 }
 * ```
 */
export function mergeTallies(...tallies: readonly Tally[]): Tally {
  let p = 0;
  let pa = 0;
  let d = 0;
  const checked = tallies.map((t, i) => {
    const c = checkTally('mergeTallies', t, [i]);
    p += c.promoters;
    pa += c.passives;
    d += c.detractors;
    return c;
  });
  if (!checked.some((c) => c.weights !== undefined)) return makeTally(p, pa, d);
  const acc = {
    promoters: 0,
    passives: 0,
    detractors: 0,
    promotersSquared: 0,
    passivesSquared: 0,
    detractorsSquared: 0,
  };
  for (const c of checked) {
    const w = weightSums(c);
    acc.promoters += w.promoters;
    acc.passives += w.passives;
    acc.detractors += w.detractors;
    acc.promotersSquared += w.promotersSquared;
    acc.passivesSquared += w.passivesSquared;
    acc.detractorsSquared += w.detractorsSquared;
  }
  return makeTally(p, pa, d, acc);
}

/** @internal Whether a value looks like a tally object rather than a collection of scores. */
export function isTallyLike(value: unknown): value is Tally {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(Symbol.iterator in value) &&
    typeof (value as { length?: unknown }).length !== 'number' &&
    'promoters' in value
  );
}

/** @internal A tally from either a tally (validated) or scores (counted). */
export function toTally(fn: string, input: Tally | Scores, scheme: Scheme): Tally {
  if (isTallyLike(input)) return checkTally(fn, input, []);
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: input must be a Tally or a collection of scores, received ${describe(input)}`,
      received: input,
    });
  }
  return tallyScores(fn, input, scheme);
}
