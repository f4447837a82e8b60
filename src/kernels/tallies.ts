/**
 * @internal Tallies at the bottom of the engine: collections read as array-likes, counting one
 * column of scores (and weights) through the score reader, and validating tallies computed
 * elsewhere (counts, weighted sums, their consistency). `tally`, `tallyFromCounts`,
 * `mergeTallies` and every reader of tally entries use these, so they agree on what is valid.
 */
import { NpsInputError } from '../errors.ts';
import type { Scheme, Tally, TallyCounts, TallyWeights } from '../types.ts';
import { coerceNumber, countRequirement, readCount } from './counts.ts';
import { describe } from './describe.ts';
import { categoryOf, invalidWeight, isWeight, PASSIVE, PROMOTER, ScoreReader } from './scores.ts';

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
 * @internal A tally from counts already read (kernel use), with the one check every tally needs,
 * wherever its counts were added up (read, merged, pooled up a tree, summed over a window):
 * {@link checkTotal}. `fn` names the public function in the message.
 */
export function makeTally(
  promoters: number,
  passives: number,
  detractors: number,
  weights?: TallyWeights,
  fn?: string,
): Tally {
  const n = promoters + passives + detractors;
  checkTotal(fn, n, weights);
  return weights === undefined
    ? { promoters, passives, detractors, n }
    : { promoters, passives, detractors, n, weights };
}

/**
 * The total of a tally must be a safe integer (≤ 2^53 − 1): beyond it a double no longer holds
 * every whole number, so adding counts silently loses units (5e15 + 1 + 5e15 is 1e16, the
 * passive gone) and every statistic of the tally is wrong. The float sum of counts that are
 * exact is ≥ 2^53 whenever the exact sum exceeds 2^53 − 1 (rounding is monotone), so checking
 * the computed total is enough. Weighted sums are not counts (only their ratios matter): they
 * must stay finite, which a sum of many large weights can break once tallies are merged.
 */
function checkTotal(fn: string | undefined, n: number, weights: TallyWeights | undefined): void {
  const at = fn === undefined ? '' : `${fn}: `;
  if (!(n <= Number.MAX_SAFE_INTEGER)) {
    throw new NpsInputError({
      code: 'invalid_count',
      message: `${at}the counts of a tally must add up to at most 2^53 − 1 (${String(Number.MAX_SAFE_INTEGER)}) respondents, the largest total a number holds exactly, received a total of ${String(n)}; split the data into smaller groups`,
      received: n,
    });
  }
  if (weights === undefined) return;
  for (const key of WEIGHT_KEYS) {
    if (!Number.isFinite(weights[key])) {
      throw new NpsInputError({
        code: 'invalid_weight',
        message: `${at}the weighted sum ${key} of a tally overflows (${String(weights[key])}); rescale the weights (only their ratios matter)`,
        path: ['weights', key],
        received: weights[key],
      });
    }
  }
}

const WEIGHT_KEYS = [
  'promoters',
  'passives',
  'detractors',
  'promotersSquared',
  'passivesSquared',
  'detractorsSquared',
] as const;

/**
 * @internal Count one column of scores (and optional weights) under a scheme, through the one
 * score reader (`coerce` reads numeric strings and BigInts; every other miss is `invalid_score`,
 * listing up to MAX_ISSUES problems).
 */
export function countScores(
  fn: string,
  scores: unknown,
  scheme: Scheme,
  weightsIn?: unknown,
  coerce = false,
): Tally {
  const xs = toArrayLike(fn, scores, 'scores');
  const reader = new ScoreReader(fn, scheme, { coerce });
  const { table, min } = reader;
  const len = xs.length;
  const counts = [0, 0, 0];
  if (weightsIn === undefined) {
    for (let i = 0; i < len; i++) {
      const s: unknown = xs[i];
      let c = categoryOf(table, min, s);
      if (c < 0) c = reader.category(s, i, xs);
      (counts[c] as number)++;
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
  const sw = [0, 0, 0];
  const sw2 = [0, 0, 0];
  for (let i = 0; i < len; i++) {
    const s: unknown = xs[i];
    let c = categoryOf(table, min, s);
    if (c < 0) c = reader.category(s, i, xs);
    const w = readWeight(fn, ws[i], i, coerce);
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
 * @internal Weight `w` of record `i`: itself when it passes {@link isWeight}, its number with
 * `coerce` (numeric strings, BigInts) when that passes, else the `invalid_weight` error.
 */
export function readWeight(fn: string, w: unknown, i: number, coerce: boolean): number {
  if (isWeight(w)) return w;
  if (coerce) {
    const v = coerceNumber(w);
    if (isWeight(v)) return v;
  }
  throw invalidWeight(fn, w, i);
}

// The path of a bad value is built only when it is reported: checked per entry, tallies from a
// pre-aggregated export come by the thousand.
function checkCount(
  fn: string,
  value: unknown,
  at: readonly PropertyKey[],
  key: string,
  coerce: boolean,
): number {
  const n = readCount(value, coerce);
  if (n !== null) return n;
  const path = [...at, key];
  throw new NpsInputError({
    code: 'invalid_count',
    message: `${fn}: ${path.map(String).join('.')} must be ${countRequirement(value, coerce)}, received ${describe(value)}`,
    path,
    received: value,
  });
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
  at: readonly PropertyKey[],
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

/** @internal Validate a tally (counts and optional weighted sums) found at path `at`. */
export function checkTally(
  fn: string,
  t: TallyCounts,
  at: readonly PropertyKey[],
  coerce = false,
): Tally {
  if (typeof t !== 'object' || (t as unknown) === null) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: ${at.length > 0 ? `argument ${at.map(String).join('.')}` : 'the argument'} must be an object of counts { promoters, passives, detractors }, received ${describe(t)}`,
      path: at,
      received: t,
    });
  }
  const p = checkCount(fn, t.promoters, at, 'promoters', coerce);
  const pa = checkCount(fn, t.passives, at, 'passives', coerce);
  const d = checkCount(fn, t.detractors, at, 'detractors', coerce);
  // a total given beside the counts must be theirs: a mismatch is a mistake upstream (a column
  // left out, counts of another group), never silently recomputed
  checkTotal(fn, p + pa + d, undefined);
  const given = (t as { n?: unknown }).n;
  if (given !== undefined) {
    const n = checkCount(fn, given, at, 'n', coerce);
    if (n !== p + pa + d) {
      throw new NpsInputError({
        code: 'invalid_count',
        message: `${fn}: ${[...at, 'n'].map(String).join('.')} must equal promoters + passives + detractors (${String(p + pa + d)}), received ${String(n)}; leave n out to have it computed`,
        path: [...at, 'n'],
        received: given,
      });
    }
  }
  const w = t.weights;
  if (w === undefined) return makeTally(p, pa, d, undefined, fn);
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
  return makeTally(
    p,
    pa,
    d,
    {
      promoters: sums[0] as number,
      passives: sums[1] as number,
      detractors: sums[2] as number,
      promotersSquared: squares[0] as number,
      passivesSquared: squares[1] as number,
      detractorsSquared: squares[2] as number,
    },
    fn,
  );
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

/**
 * @internal The sum of tallies already validated: counts added, and weighted sums when any is
 * weighted (an unweighted tally then counts as weight 1 per response).
 */
export function sumTallies(tallies: readonly Tally[], fn?: string): Tally {
  let p = 0;
  let pa = 0;
  let d = 0;
  let weighted = false;
  for (const t of tallies) {
    p += t.promoters;
    pa += t.passives;
    d += t.detractors;
    if (t.weights !== undefined) weighted = true;
  }
  if (!weighted) return makeTally(p, pa, d, undefined, fn);
  const acc = {
    promoters: 0,
    passives: 0,
    detractors: 0,
    promotersSquared: 0,
    passivesSquared: 0,
    detractorsSquared: 0,
  };
  for (const t of tallies) {
    const w = weightSums(t);
    acc.promoters += w.promoters;
    acc.passives += w.passives;
    acc.detractors += w.detractors;
    acc.promotersSquared += w.promotersSquared;
    acc.passivesSquared += w.passivesSquared;
    acc.detractorsSquared += w.detractorsSquared;
  }
  return makeTally(p, pa, d, acc, fn);
}
