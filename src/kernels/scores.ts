/**
 * @internal The one reader of scores and weights: how a score is classified, what a valid score,
 * weight and count are, what `coerce: true` accepts, and what `onInvalidScore: 'exclude'` sets
 * aside. `tally` and every grouped path (rollup, trend, trendByNode, segments, crossTab, drivers)
 * read through these functions, so they accept and reject exactly the same values.
 *
 * Hot loops call {@link categoryOf} (a few instructions, inlined by the engine) and only on a
 * miss hand the value to a {@link ScoreReader}, which coerces it, records it as excluded, or
 * throws the typed error listing up to {@link MAX_ISSUES} problems.
 */
import { NpsInputError, type NpsInputIssue } from '../errors.ts';
import type { Exclusion, ReadOptions, Scheme } from '../types.ts';
import { coerceNumber } from './counts.ts';
import { describe } from './describe.ts';

/** Category code of a detractor (kernel use). */
export const DETRACTOR = 0;
/** Category code of a passive. */
export const PASSIVE = 1;
/** Category code of a promoter. */
export const PROMOTER = 2;
/**
 * The category of a read record set aside for its score (`onInvalidScore: 'exclude'`): the
 * group store's accumulation and `unitsAt` skip it.
 */
export const EXCLUDED = 3;

/** How many problems one `invalid_score` / `invalid_weight` error lists in its `issues`. */
const MAX_ISSUES = 10;

/**
 * A lookup table from `score − scale[0]` to a category code (0 detractor, 1 passive,
 * 2 promoter). Hot loops classify with one bounds check and one load.
 */
export function categoryTable(scheme: Scheme): Uint8Array {
  const [min, max] = scheme.scale;
  const table = new Uint8Array(max - min + 1);
  for (let s = scheme.passives[0]; s <= scheme.passives[1]; s++) table[s - min] = PASSIVE;
  for (let s = scheme.promoters[0]; s <= scheme.promoters[1]; s++) table[s - min] = PROMOTER;
  return table;
}

/**
 * The category of a score under a category table whose scale starts at `min`, or −1 when the
 * score is not an integer on the scale (NaN, 6.5, 11, a string, a Symbol, a BigInt…). `typeof`
 * first, so a Symbol or BigInt never reaches the subtraction (a raw TypeError); `k >>> 0 === k`
 * accepts exactly the non-negative integers below 2³².
 */
export function categoryOf(table: Uint8Array, min: number, s: unknown): number {
  if (typeof s !== 'number') return -1;
  const k = s - min;
  return k >>> 0 === k && k < table.length ? (table[k] as number) : -1;
}

/**
 * A row's score as the grouped readers read it, for functions that take rows whole (the driver
 * analyses): the number itself, or with `coerce` the number a numeric string or BigInt holds;
 * `undefined` when that is not an integer on the scheme's scale (a blank, `'n/a'`, 11), which
 * `onInvalidScore: 'exclude'` sets aside.
 */
export function rowScore(
  table: Uint8Array,
  min: number,
  value: unknown,
  coerce: boolean,
): number | undefined {
  const s = coerce && typeof value !== 'number' ? coerceNumber(value) : value;
  return categoryOf(table, min, s) < 0 ? undefined : (s as number);
}

/** The error for a score that is not an integer on the scheme's scale. */
export function invalidScore(
  fn: string,
  score: unknown,
  scheme: Scheme,
  index?: number,
): NpsInputError {
  const [min, max] = scheme.scale;
  const where = index === undefined ? 'score' : `score at index ${String(index)}`;
  return new NpsInputError({
    code: 'invalid_score',
    message: `${fn}: ${where} must be an integer from ${String(min)} to ${String(max)} (${scheme.name} scheme), received ${describe(score)}${hintFor(score)}`,
    received: score,
    ...(index === undefined ? {} : { index, path: [index] }),
  });
}

/** What to do about a value of the wrong type, when there is an obvious fix. */
function hintFor(value: unknown): string {
  if (typeof value === 'string') {
    return value.trim() === ''
      ? ' (a blank answer: pass onInvalidScore: "exclude" to count it as excluded)'
      : coerceNumber(value) !== undefined
        ? ' (numbers arrive as strings: pass coerce: true)'
        : '';
  }
  if (typeof value === 'bigint') return ' (pass coerce: true to read BigInts)';
  return '';
}

/** Smallest positive weight accepted: its square, about 1e-300, is still a normal double. */
const MIN_WEIGHT = 1e-150;
/** Largest weight accepted: its square, about 1e300, is still finite. */
const MAX_WEIGHT = 1e150;

/**
 * Whether `w` is an acceptable respondent weight: 0, or a number whose square neither
 * underflows to 0 nor overflows (Σw² is kept for the Kish size and the linearised variance).
 * `typeof` first, so a Symbol or BigInt never reaches a comparison.
 */
export function isWeight(w: unknown): w is number {
  return typeof w === 'number' && (w === 0 || (w >= MIN_WEIGHT && w <= MAX_WEIGHT));
}

/** The error for a bad weight (`requirement` says what a weight must be). */
export function invalidWeight(
  fn: string,
  weight: unknown,
  index: number,
  requirement = '0 or a finite number from 1e-150 to 1e150 (its square is summed)',
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_weight',
    message: `${fn}: weight at index ${String(index)} must be ${requirement}, received ${describe(weight)}${typeof weight === 'string' && coerceNumber(weight) !== undefined ? ' (numbers arrive as strings: pass coerce: true)' : ''}`,
    index,
    path: ['weights', index],
    received: weight,
  });
}

/** The error for a weight that fails {@link isWeight}. */
export function badWeight(fn: string, w: unknown, index: number): NpsInputError {
  return invalidWeight(fn, w, index);
}

/** Why a score was set aside: blank (null, undefined, '', NaN) or present but not on the scale. */
function scoreReason(s: unknown): 'missing_score' | 'invalid_score' {
  return s === null ||
    s === undefined ||
    (typeof s === 'number' && Number.isNaN(s)) ||
    (typeof s === 'string' && s.trim() === '')
    ? 'missing_score'
    : 'invalid_score';
}

/** At most this many distinct excluded values are listed one by one; the rest share a group. */
const MAX_EXCLUDED_GROUPS = 100;

/**
 * The slow path of score reading for one call: a value that missed {@link categoryOf} is
 * coerced (with `coerce: true`), excluded (with `onInvalidScore: 'exclude'`, grouped by reason
 * and value in {@link ScoreReader.exclusions}), or reported with up to {@link MAX_ISSUES}
 * problems found by scanning on from it.
 */
export class ScoreReader {
  readonly table: Uint8Array;
  readonly min: number;
  readonly coerce: boolean;
  readonly exclude: boolean;
  /** Excluded responses so far (counting tally entries by their responses). */
  excludedN = 0;
  private readonly groups = new Map<unknown, Exclusion>();
  private readonly fn: string;
  private readonly scheme: Scheme;

  constructor(fn: string, scheme: Scheme, options?: ReadOptions) {
    this.fn = fn;
    this.scheme = scheme;
    this.table = categoryTable(scheme);
    this.min = scheme.scale[0];
    this.coerce = options?.coerce === true;
    this.exclude = options?.onInvalidScore === 'exclude';
  }

  /** Whether a value that missed the fast check may still be read (coerced or excluded). */
  get lenient(): boolean {
    return this.coerce || this.exclude;
  }

  /**
   * The category of score `s` at record `i`, which missed {@link categoryOf}: its coerced
   * category, or −1 when excluded (counted `units` times). Otherwise throws `invalid_score`;
   * `scores` (with `at`, the record's score) lets the error list the next problems too.
   */
  category(
    s: unknown,
    i: number,
    scores?: ArrayLike<unknown>,
    at?: (j: number) => unknown,
    units = 1,
  ): number {
    if (this.coerce) {
      const v = coerceNumber(s);
      if (v !== undefined) {
        const c = categoryOf(this.table, this.min, v);
        if (c >= 0) return c;
      }
    }
    if (this.exclude) {
      this.note(s, i, units);
      return -1;
    }
    throw this.error(s, i, scores, at);
  }

  /** Record an excluded score. */
  private note(s: unknown, i: number, units: number): void {
    this.excludedN += units;
    const reason = scoreReason(s);
    const primitive = typeof s !== 'object' && typeof s !== 'function' && typeof s !== 'symbol';
    const key =
      primitive && this.groups.size < MAX_EXCLUDED_GROUPS
        ? `${reason}:${describe(s)}`
        : `${reason}:other`;
    const g = this.groups.get(key);
    if (g === undefined) {
      this.groups.set(key, {
        reason,
        nodeId: null,
        value:
          !primitive || s === undefined || this.groups.size >= MAX_EXCLUDED_GROUPS
            ? null
            : typeof s === 'bigint'
              ? String(s)
              : (s as string | number | boolean | null),
        n: units,
        firstIndex: i,
      });
    } else {
      (g as { n: number }).n += units;
    }
  }

  /** The exclusions, in order of first appearance. */
  exclusions(): Exclusion[] {
    return [...this.groups.values()];
  }

  /** The `invalid_score` error for record `i`, listing up to MAX_ISSUES problems from it on. */
  private error(
    s: unknown,
    i: number,
    scores: ArrayLike<unknown> | undefined,
    at: ((j: number) => unknown) | undefined,
  ): NpsInputError {
    const first = invalidScore(this.fn, s, this.scheme, i);
    if (scores === undefined) return first;
    const issues: NpsInputIssue[] = [];
    let total = 0;
    const read = at ?? ((j: number) => scores[j]);
    for (let j = i; j < scores.length; j++) {
      const v = read(j);
      if (categoryOf(this.table, this.min, v) >= 0) continue;
      if (this.coerce) {
        const c = coerceNumber(v);
        if (c !== undefined && categoryOf(this.table, this.min, c) >= 0) continue;
      }
      total++;
      if (issues.length < MAX_ISSUES) {
        issues.push({ path: [j], message: `score at index ${String(j)}: ${describe(v)}` });
      }
    }
    if (total <= 1) return first;
    return new NpsInputError({
      code: 'invalid_score',
      message: `${first.message}; ${String(total)} scores are invalid in all (the first ${String(issues.length)} are in error.issues)`,
      received: s,
      index: i,
      path: [i],
      issues,
    });
  }
}
