import { describe } from '../_lib/describe.ts';
import { NpsInputError } from '../errors.ts';
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
  /** One non-negative weight per score (same length as the scores). */
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

function toArrayLike(values: Scores): ArrayLike<number> {
  if (typeof (values as ArrayLike<number>).length === 'number') return values as ArrayLike<number>;
  return Array.from(values as Iterable<number>);
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

/** @internal The error for a bad weight. */
export function invalidWeight(fn: string, weight: unknown, index: number): NpsInputError {
  return new NpsInputError({
    code: 'invalid_weight',
    message: `${fn}: weight at index ${String(index)} must be a finite number ≥ 0, received ${describe(weight)}`,
    index,
    path: ['weights', index],
    received: weight,
  });
}

/** @internal Count one column of scores (and optional weights) under a scheme. */
export function tallyScores(fn: string, scores: Scores, scheme: Scheme, weightsIn?: Scores): Tally {
  const xs = toArrayLike(scores);
  const table = categoryTable(scheme);
  const min = scheme.scale[0];
  const span = table.length;
  const len = xs.length;
  if (weightsIn === undefined) {
    const counts = [0, 0, 0];
    for (let i = 0; i < len; i++) {
      const s = xs[i] as number;
      const k = s - min;
      // `k >>> 0 === k` accepts exactly the non-negative integers below 2^32; NaN and 6.5 fail.
      if (k >>> 0 !== k || k >= span || typeof s !== 'number') throw invalidScore(fn, s, scheme, i);
      (counts[table[k] as number] as number)++;
    }
    return makeTally(counts[PROMOTER] as number, counts[PASSIVE] as number, counts[0] as number);
  }
  const ws = toArrayLike(weightsIn);
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
    const k = s - min;
    if (k >>> 0 !== k || k >= span || typeof s !== 'number') throw invalidScore(fn, s, scheme, i);
    const w = ws[i] as number;
    if (!(w >= 0) || w === Infinity || typeof w !== 'number') throw invalidWeight(fn, w, i);
    const c = table[k] as number;
    (counts[c] as number)++;
    (sw[c] as number) += w;
    (sw2[c] as number) += w * w;
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
 *   an integer, `invalid_weight` for a negative or non-finite weight, `length_mismatch` when
 *   weights and scores differ in length.
 * @example
 * ```ts
 * tally([10, 9, 7, 3, 1]);
 * //=> { promoters: 2, passives: 1, detractors: 2, n: 5 }
 * tally(new Uint8Array([10, 6]), { weights: [2, 1] }).weights?.promoters; //=> 2
 * ```
 */
export function tally(scores: Scores, options?: TallyOptions): Tally {
  const scheme = resolveScheme(options?.scheme, 'tally');
  return tallyScores('tally', scores, scheme, options?.weights);
}

function checkCount(fn: string, value: unknown, path: PropertyKey[]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new NpsInputError({
      code: 'invalid_count',
      message: `${fn}: ${path.map(String).join('.')} must be a non-negative integer count, received ${describe(value)}`,
      path,
      received: value,
    });
  }
  return value;
}

function checkWeightSum(fn: string, value: unknown, path: PropertyKey[]): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
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

function checkTally(fn: string, t: TallyCounts, at: PropertyKey[]): Tally {
  if (typeof t !== 'object' || (t as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: ${at.length > 0 ? `argument ${at.map(String).join('.')}` : 'the argument'} must be an object of counts { promoters, passives, detractors }, received ${describe(t)}`,
      path: at,
      received: t,
    });
  }
  const [p, pa, d] = KEYS.map((k) => checkCount(fn, t[k], [...at, k])) as [number, number, number];
  const w = t.weights;
  if (w === undefined) return makeTally(p, pa, d);
  const sums = KEYS.map((k) => checkWeightSum(fn, w[k], [...at, 'weights', k]));
  const squares = KEYS.map((k) =>
    checkWeightSum(fn, w[`${k}Squared`], [...at, 'weights', `${k}Squared`]),
  );
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
 * @throws {@link NpsInputError} `invalid_count` for negative, fractional or non-finite counts,
 *   `invalid_weight` for bad weighted sums.
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
 * the empty tally as identity, so partial tallies from anywhere combine exactly.
 *
 * @param tallies - Any number of tallies (none gives the empty tally).
 * @returns A new {@link Tally}; weighted if any input is weighted (unweighted inputs then count
 *   as weight 1 per response).
 * @throws {@link NpsInputError} `invalid_count` when an argument is not a valid tally.
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
