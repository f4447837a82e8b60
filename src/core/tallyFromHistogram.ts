import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { countRequirement, readCount } from '../kernels/counts.ts';
import { describe } from '../kernels/describe.ts';
import { categoryTable, DETRACTOR, PASSIVE, PROMOTER } from '../kernels/scores.ts';
import { makeTally } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { SchemeOptions } from './classify.ts';
import { resolveScheme } from './resolveScheme.ts';
import { type Scheme } from './scheme.ts';
import { type Tally } from './tally.ts';

/**
 * One count of a histogram: a number, or with `coerce: true` also a BigInt (a 64-bit `COUNT(*)`
 * from DuckDB or Postgres) or a string of digits (a CSV cell).
 */
export type HistogramCount = number | bigint | string;

/**
 * Numbers of respondents per score, as a database or a survey tool hands them over:
 *
 * - an object keyed by score, `{ 10: 50, 9: 20, 3: 4 }` (keys are strings in JavaScript: each must
 *   be an integer on the scale, written plainly: `'10'`, not `'10.0'` or `'010'`);
 * - a `Map` from score to count;
 * - an array (or typed array) indexed by score: `counts[score]`, for every scheme. Index 0 is
 *   score 0, so under the 1..10 {@link tenPointScheme} index 0 must be empty or 0, and the array
 *   has 11 slots. Slots off the scale may hold 0 (or be holes); any other count there is an
 *   error, never silently dropped.
 *
 * Scores absent from the histogram have no respondents.
 */
export type Histogram =
  | Readonly<Record<number, HistogramCount>>
  | ReadonlyMap<number, HistogramCount>
  | ArrayLike<HistogramCount | undefined>;

/** Options of {@link tallyFromHistogram}. */
export interface TallyFromHistogramOptions extends SchemeOptions {
  /**
   * Accept counts that are BigInts in the safe-integer range (`412n`) or strings of decimal
   * digits, blanks around them trimmed (`' 412 '`). Default `false`: counts must be numbers.
   */
  readonly coerce?: boolean | undefined;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<TallyFromHistogramOptions>()(
    z.strictObject({ scheme: z.optional(z.unknown()), coerce: z.optional(z.boolean()) }),
  ),
);

const FN = 'tallyFromHistogram';

/** Object keys that are scores: an optional minus and digits, without leading zeros. */
const INTEGER_KEY = /^(?:0|-?[1-9]\d*)$/;

/** A plain object (literal, JSON, `Object.create(null)`), not a Set, Date or class instance. */
function isPlainObject(x: unknown): x is object {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Adds counts per category code (see {@link categoryTable}) and checks them on the way. */
class Counter {
  readonly sums = [0, 0, 0];
  private readonly table: Uint8Array;
  private readonly min: number;

  constructor(
    private readonly scheme: Scheme,
    private readonly coerce: boolean,
  ) {
    this.table = categoryTable(scheme);
    this.min = scheme.scale[0];
  }

  /** A count that must be valid; returns it as a number. */
  count(value: unknown, key: PropertyKey): number {
    const c = readCount(value, this.coerce);
    if (c === null) {
      throw new NpsInputError({
        code: 'invalid_count',
        message: `${FN}: the count of score ${String(key)} must be ${countRequirement(value, this.coerce)}, received ${describe(value)}`,
        path: [key],
        received: value,
      });
    }
    return c;
  }

  /** Whether `score` is an integer on the scale. */
  onScale(score: number): boolean {
    const k = score - this.min;
    return Number.isInteger(k) && k >= 0 && k < this.table.length;
  }

  /** `from 1 to 10 (ten-point scheme)`: the scale, for messages. */
  scaleText(): string {
    const [min, max] = this.scheme.scale;
    return `from ${String(min)} to ${String(max)} (${this.scheme.name} scheme)`;
  }

  /** The `invalid_score` error for a key (or array index) that is not a score on the scale. */
  offScale(key: unknown, message: string): NpsInputError {
    return new NpsInputError({
      code: 'invalid_score',
      message: `${FN}: ${message}`,
      path: [typeof key === 'number' || typeof key === 'string' ? key : String(key)],
      received: key,
    });
  }

  add(score: number, count: number): void {
    const c = this.table[score - this.min] as number;
    (this.sums[c] as number) += count;
  }
}

/**
 * A tally from the number of respondents per score: the commonest shape of survey data in a
 * database (`SELECT score, COUNT(*) … GROUP BY score`) or a survey tool's summary export.
 *
 * The counts of the scheme's bands are summed into promoters, passives and detractors, so the
 * result is exactly the {@link tally} of the expanded scores (each score repeated `count`
 * times), and every statistic of it ({@link npsInterval}, {@link compareNps}…) is that of the
 * respondents. This is what `tally(scores, { weights: counts })` is not: weights are survey
 * weights, and a weighted tally of ten distinct scores has n = 10 respondents whatever the counts.
 * Runs in O(number of scores in the histogram).
 *
 * @param counts - Counts per score: an object keyed by score, a `Map`, or an array indexed by
 *   score (`counts[score]`; see {@link Histogram} for index 0 under the 1..10 scheme).
 * @param options - `scheme` (default {@link tenPointScheme}); `coerce: true` to accept BigInt
 *   and numeric-string counts.
 * @returns A new, unweighted {@link Tally}.
 * @throws {@link NpsInputError} `invalid_score` (path = the key or index) for a key that is not
 *   an integer score on the scale, or a non-zero count at an array index off the scale;
 *   `invalid_count` (path = the key) for a count that is negative, fractional, not finite or
 *   above 2^53 − 1, a string or BigInt without `coerce: true` (the message says to pass it), or
 *   a band whose total passes 2^53 − 1; `invalid_input` when `counts` is not a plain object, `Map`
 *   or array-like (a `Set` or a generator would otherwise read as no respondents); `invalid_option` for bad options; `invalid_scheme` for a malformed scheme.
 * @example
 * ```ts
 * // SELECT score, COUNT(*) FROM answers GROUP BY score
 * tallyFromHistogram({ 10: 50, 9: 20, 7: 10, 4: 15, 1: 5 });
 * //=> { promoters: 70, passives: 10, detractors: 20, n: 100 }
 * // An array indexed by score under the classic 0..10 scheme (index 0 is score 0)
 * tallyFromHistogram([3, 0, 0, 0, 0, 0, 2, 5, 5, 10, 20], { scheme: classicScheme }).detractors;
 * //=> 5
 * // Counts from a CSV or a 64-bit database column
 * tallyFromHistogram(new Map([[10, '412'], [3, 88n]]), { coerce: true }).n; //=> 500
 * ```
 */
export function tallyFromHistogram(counts: Histogram, options?: TallyFromHistogramOptions): Tally {
  const o = parseWith(optionsSchema(), options ?? {}, FN, 'options');
  const scheme = resolveScheme(o.scheme as Scheme | undefined, FN);
  const counter = new Counter(scheme, o.coerce === true);
  if (counts instanceof Map) {
    for (const [key, value] of counts as ReadonlyMap<unknown, unknown>) {
      if (typeof key !== 'number' || !counter.onScale(key)) {
        throw counter.offScale(
          key,
          `every Map key must be an integer score ${counter.scaleText()}, received ${describe(key)}`,
        );
      }
      counter.add(key, counter.count(value, key));
    }
  } else if (
    typeof counts === 'object' &&
    (counts as unknown) !== null &&
    typeof (counts as ArrayLike<unknown>).length === 'number'
  ) {
    const xs = counts as ArrayLike<unknown>;
    const len = xs.length;
    if (!Number.isSafeInteger(len) || len < 0) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${FN}: counts must be an object keyed by score, a Map or an array indexed by score, received an object with length ${describe(len)}`,
        received: counts,
      });
    }
    for (let i = 0; i < len; i++) {
      const value = xs[i];
      // A hole or undefined is "no respondents", like a score absent from an object.
      if (value === undefined) continue;
      const c = counter.count(value, i);
      if (counter.onScale(i)) counter.add(i, c);
      else if (c !== 0) {
        throw counter.offScale(
          i,
          `index ${String(i)} holds ${String(c)} respondents, but an array is indexed by score (counts[score]) and ${String(i)} is not a score ${counter.scaleText()}; leave off-scale slots empty or 0`,
        );
      }
    }
  } else if (isPlainObject(counts)) {
    for (const key of Object.keys(counts)) {
      if (!INTEGER_KEY.test(key) || !counter.onScale(Number(key))) {
        throw counter.offScale(
          key,
          `every key must be an integer score ${counter.scaleText()}, received ${JSON.stringify(key)}`,
        );
      }
      counter.add(Number(key), counter.count((counts as Record<string, unknown>)[key], key));
    }
  } else {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${FN}: counts must be a plain object keyed by score ({ 10: 50, 9: 20 }), a Map or an array indexed by score, received ${describe(counts)}${typeof counts === 'object' && (counts as unknown) !== null ? ` (${Object.prototype.toString.call(counts)})` : ''}`,
      received: counts,
    });
  }
  const p = counter.sums[PROMOTER] as number;
  const pa = counter.sums[PASSIVE] as number;
  const d = counter.sums[DETRACTOR] as number;
  return makeTally(p, pa, d, undefined, FN);
}
