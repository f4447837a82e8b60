import * as z from 'zod/mini';
import { resolveScheme } from '../core/resolveScheme.ts';
import { type Scheme } from '../core/scheme.ts';
import { NpsInputError } from '../errors.ts';
import { arrowColumns, isArrowTable } from '../kernels/arrow.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe } from '../kernels/describe.ts';
import { type DictionaryColumn, isDictionary } from '../kernels/responses.ts';
import { categoryTable, DETRACTOR, invalidScore, PROMOTER } from '../kernels/scores.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { ArrowTableLike } from '../types.ts';

/**
 * What the linear driver models explain.
 *
 * - `'score'`: the raw score, any finite number (the same functions serve spend, CSAT…).
 * - `'nps'`: promoter +100, passive 0, detractor −100 under the scheme, so a linear model reads
 *   in NPS points.
 * - `'promoter'`: 1 for a promoter, 0 otherwise.
 * - `'detractor'`: 1 for a detractor, 0 otherwise.
 */
export type DriverOutcome = 'score' | 'nps' | 'promoter' | 'detractor';

/** One survey response with attribute ratings. `null`, `undefined` or `NaN` mark a missing rating. */
export interface DriverRow {
  /** The outcome score (likelihood to recommend, or any numeric outcome). */
  readonly score: number;
  /** Ratings by driver name (a plain object or a `Map`). */
  readonly ratings:
    | Readonly<Record<string, number | null | undefined>>
    | ReadonlyMap<string, number | null | undefined>;
  /** The node (store…) of the response, read by {@link driversByNode}; ignored elsewhere. */
  readonly nodeId?: string | undefined;
}

/** Columnar responses: equal-length columns; `NaN` marks a missing rating. */
export interface DriverColumns {
  /** The outcome score per response. */
  readonly score: ArrayLike<number>;
  /** One rating column per driver (a plain object or a `Map`). */
  readonly ratings:
    | Readonly<Record<string, ArrayLike<number>>>
    | ReadonlyMap<string, ArrayLike<number>>;
  /**
   * The node (store…) of each response, read by {@link driversByNode}; ignored elsewhere.
   * Plain or dictionary-encoded (`{ codes, values }`, Arrow-style).
   */
  readonly nodeId?: ArrayLike<string> | DictionaryColumn | undefined;
}

/**
 * Mergeable sufficient statistics of the outcome and the drivers: the count, the means and the
 * co-moment matrix Σ (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ) over complete rows (listwise deletion). Variable 0 is
 * the outcome, variable i ≥ 1 is `drivers[i − 1]`. Plain JSON-serialisable data: a warehouse
 * can produce it from sums and sums of products, shards merge it with {@link mergeDriverStats}.
 */
export interface DriverStats {
  /** Driver names, in column order. */
  readonly drivers: readonly string[];
  /** The outcome the statistics were computed for. */
  readonly outcome: DriverOutcome;
  /** Number of complete rows used. */
  readonly n: number;
  /**
   * Rows set aside because a rating was missing (listwise deletion). A count only: statistics
   * merge across shards, where row indexes mean nothing.
   */
  readonly excludedN: number;
  /** Means, length p + 1: the outcome first, then the drivers (rating units / outcome units). */
  readonly means: readonly number[];
  /** Co-moments (sums of products of deviations), row-major (p + 1) × (p + 1), outcome first. */
  readonly comoments: readonly number[];
}

/** Responses for driver analysis: rows `{ score, ratings }` or columns `{ score, ratings }`. */
export type DriverData = readonly DriverRow[] | DriverColumns | ArrowTableLike;

/** What the linear driver models accept: responses, or their {@link DriverStats}. */
export type DriverInput = DriverData | DriverStats;

/**
 * Options of {@link driverStats}, shared by every driver function that reads responses: which
 * drivers, which outcome, the scheme that recodes it, and the "not applicable" codes.
 */
export interface DriverStatsOptions {
  /** Drivers to use, in this order (default: every rating name, in order of first appearance). */
  readonly drivers?: readonly string[] | undefined;
  /** The outcome (default `'score'`); with statistics as input it must match theirs. */
  readonly outcome?: DriverOutcome | undefined;
  /** The scheme for the `'nps'`, `'promoter'` and `'detractor'` outcomes (default ten-point). */
  readonly scheme?: Scheme | undefined;
  /** Rating values that mean "not applicable": treated as missing (e.g. `[0]` or `[99]`). */
  readonly notApplicable?: readonly number[] | undefined;
}

const OUTCOMES: readonly DriverOutcome[] = ['score', 'nps', 'promoter', 'detractor'];

/** @internal The checked zod shape of the {@link DriverStatsOptions} keys. */
export const statsOptionsShape = () => ({
  drivers: z.optional(z.array(z.string())),
  outcome: z.optional(z.enum(['score', 'nps', 'promoter', 'detractor'])),
  scheme: z.optional(z.unknown()),
  notApplicable: z.optional(z.array(z.number())),
});

/**
 * @internal The keys of the linear models' options (the {@link DriverStatsOptions} and
 * `missing`) in a schema whose function checks them later, through `prepare` or
 * {@link resolveStatsOptions}, which name the public function in their errors.
 */
export const deferredModelShape = () => ({
  outcome: z.optional(z.unknown()),
  drivers: z.optional(z.unknown()),
  scheme: z.optional(z.unknown()),
  notApplicable: z.optional(z.unknown()),
  missing: z.optional(z.unknown()),
});

/** The keys of {@link DriverStatsOptions}. */
type StatsKey = 'outcome' | 'drivers' | 'scheme' | 'notApplicable';

/** @internal The {@link DriverStatsOptions} part of a larger options object. */
export function statsOptionsOf<T extends Readonly<Partial<Record<StatsKey, unknown>>>>(
  o: T | undefined,
): Pick<T, StatsKey> {
  return {
    outcome: o?.outcome,
    drivers: o?.drivers,
    scheme: o?.scheme,
    notApplicable: o?.notApplicable,
  };
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.optional(exactKeys<DriverStatsOptions>()(z.strictObject(statsOptionsShape()))),
);

/**
 * @internal The options argument of a function whose options hold a required field (a seed):
 * `undefined`, `null` or a non-object is `invalid_option`, saying what is required.
 */
export function requireOptions(options: unknown, fn: string, required: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options must be an object with ${required} (required), received ${describe(options)}`,
      path: [],
      received: options,
    });
}

/** @internal Validated, resolved options. */
export interface ResolvedStatsOptions {
  readonly drivers: readonly string[] | undefined;
  readonly outcome: DriverOutcome;
  readonly scheme: Scheme;
  readonly notApplicable: readonly number[];
}

/** The columns of an Arrow table that are response fields, not driver ratings. */
const RESPONSE_FIELDS: ReadonlySet<string> = new Set(['score', 'nodeId', 'at', 'weight']);

/**
 * @internal Driver input as rows or columns: an Apache Arrow table (apache-arrow or flechette,
 * duck-typed) becomes columns, `score` the outcome and, as ratings, the columns named in
 * `drivers` or else every other column than `nodeId`, `at` and `weight` (numeric vectors read
 * in place; a null rating is NaN, missing). Anything else is returned as it is.
 */
export function driverDataOf(
  fn: string,
  input: DriverData,
  drivers?: readonly string[],
): readonly DriverRow[] | DriverColumns {
  if (!isArrowTable(input)) return input;
  const names = input.schema.fields.map((f) => f.name);
  const ratingNames = drivers ?? names.filter((n) => !RESPONSE_FIELDS.has(n));
  const withNode = names.includes('nodeId');
  const cols = arrowColumns(fn, input, ['score', ...ratingNames, ...(withNode ? ['nodeId'] : [])]);
  const ratings = new Map<string, ArrayLike<number>>();
  for (const d of ratingNames) {
    const c = cols[d];
    if (c === undefined || isDictionary(c) || (c.length > 0 && typeof c[0] === 'string')) {
      throw badInput(fn, `driver column ${JSON.stringify(d)} must be numeric`, c, [d]);
    }
    ratings.set(d, c as ArrayLike<number>);
  }
  const node = cols.nodeId;
  return {
    score: cols.score as ArrayLike<number>,
    ratings,
    ...(node === undefined ? {} : { nodeId: node as ArrayLike<string> | DictionaryColumn }),
  };
}

/** @internal */
export function resolveStatsOptions(options: unknown, fn: string): ResolvedStatsOptions {
  const o = parseWith(optionsSchema(), options, fn, 'options');
  if (o?.drivers !== undefined) {
    const seen = new Set<string>();
    for (const d of o.drivers) {
      if (seen.has(d))
        throw new NpsInputError({
          code: 'invalid_option',
          message: `${fn}: options.drivers must not repeat a driver, received ${describe(d)} twice`,
          path: ['drivers'],
          received: d,
        });
      seen.add(d);
    }
  }
  return {
    drivers: o?.drivers,
    outcome: o?.outcome ?? 'score',
    scheme: resolveScheme(o?.scheme as Scheme | undefined, fn),
    notApplicable: o?.notApplicable ?? [],
  };
}

/** @internal */
export function isColumns(input: unknown): input is DriverColumns {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    'score' in input &&
    'ratings' in input
  );
}

/** @internal Read a key from a plain object (own keys only) or a Map. */
export function get<V>(
  dict: Readonly<Record<string, V>> | ReadonlyMap<string, V>,
  key: string,
): V | undefined {
  if (dict instanceof Map) return (dict as ReadonlyMap<string, V>).get(key);
  const obj = dict as Readonly<Record<string, V>>;
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function keysOf(dict: object): string[] {
  return dict instanceof Map ? [...(dict as Map<string, unknown>).keys()] : Object.keys(dict);
}

/** @internal Whether `x` is an array or array-like object (typed array…) with a valid length. */
function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const len = (x as { length?: unknown }).length;
  return typeof len === 'number' && Number.isSafeInteger(len) && len >= 0;
}

/** The shape check of columns input: score and every rating column array-like. */
function checkColumns(input: DriverColumns, fn: string): void {
  const bad = (path: readonly PropertyKey[], what: string, received: unknown): NpsInputError =>
    badInput(fn, what, received, path);
  if (!isArrayLike(input.score))
    throw bad(['score'], 'columns score must be an array or typed array of numbers', input.score);
  const ratings: unknown = input.ratings;
  if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings))
    throw bad(
      ['ratings'],
      'columns ratings must be a Map or an object of rating columns by driver name',
      ratings,
    );
  for (const d of keysOf(ratings)) {
    const col = get(ratings as Readonly<Record<string, unknown>>, d);
    if (!isArrayLike(col))
      throw bad(
        ['ratings', d],
        `rating column ${describe(d)} must be an array or typed array of numbers`,
        col,
      );
  }
}

/** Rows per block of the co-moment accumulator. */
const BLOCK = 1024;

/**
 * @internal Streaming accumulator of n, means and co-moments (upper triangle). Rows are reduced
 * a block at a time (up to 1024 rows), read in place from Float64Array columns or from a
 * column-major block buffer: each block's sums Σ(x − s) and sums of products Σ(xᵢ − sᵢ)(xⱼ − sⱼ)
 * around a shift s (the running mean, or the block's first row for the first block) give its
 * mean s + Σ(x − s)/n_b and centred co-moments Σ(xᵢ − sᵢ)(xⱼ − sⱼ) − Σ(xᵢ − sᵢ)Σ(xⱼ − sⱼ)/n_b
 * (the shifted-data algorithm, Chan, Golub & LeVeque 1983, stable when s is near the mean),
 * merged into the totals with the pairwise update of Chan, Golub & LeVeque (1979). One pass over
 * memory; the inner loops run in register tiles: variables in groups of three, 3 × 3 tiles
 * between groups (nine accumulators, six loads per nine products), symmetric tiles (six products
 * and three sums) within a group, 3 × 1 tiles for the k mod 3 remaining variables: exactly the
 * k(k + 1)/2 products of the upper triangle per row.
 */
class CoMoments {
  n = 0;
  readonly k: number;
  readonly fn: string;
  readonly mean: Float64Array;
  readonly c: Float64Array;
  /** Column-major block buffer: variable v, row r at v · BLOCK + r. */
  readonly block: Float64Array;
  /** The block buffer's columns (views). */
  readonly views: readonly Float64Array[];
  /** Means of the current block's variables. */
  private readonly blockMean: Float64Array;
  /** Shifts of the current block. */
  private readonly shift: Float64Array;
  /** Shifted sums of the current block. */
  private readonly su: Float64Array;
  /** Shifted sums of products of the current block (upper triangle, row-major k × k). */
  private readonly sp: Float64Array;
  private nb = 0;
  constructor(k: number, fn: string) {
    this.k = k;
    this.fn = fn;
    this.mean = new Float64Array(k);
    this.c = new Float64Array(k * k);
    this.block = new Float64Array(k * BLOCK);
    this.views = Array.from({ length: k }, (_, v) =>
      this.block.subarray(v * BLOCK, (v + 1) * BLOCK),
    );
    this.blockMean = new Float64Array(k);
    this.shift = new Float64Array(k);
    this.su = new Float64Array(k);
    this.sp = new Float64Array(k * k);
  }
  /** Add one complete observation x (length k). */
  add(x: Float64Array): void {
    const { k, block } = this;
    const r = this.nb;
    for (let v = 0; v < k; v++) block[v * BLOCK + r] = x[v] as number;
    if (++this.nb === BLOCK) this.flush();
  }
  /** Columns path: the caller wrote `count` complete rows into `block` directly; reduce them. */
  commitBlock(count: number): void {
    this.nb = count;
    this.flush();
  }
  /** Reduce the buffered rows and merge them into the totals. */
  flush(): void {
    const nb = this.nb;
    if (nb === 0) return;
    this.nb = 0;
    if (!this.reduce(this.views, 0, nb))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${this.fn}: sums of products must be finite, received values too large to square`,
      });
  }
  /**
   * Columns fast path: reduce the first `len` rows of `cols` (outcome first: views of the
   * caller's Float64Array columns, or of the block buffer). Returns false, merging nothing, when a value is missing or not finite (the
   * caller then takes the checking path for this block).
   */
  reduceColumns(cols: readonly Float64Array[], len: number): boolean {
    return this.reduce(cols, 0, len);
  }
  /** Shifted sums and sums of products of rows start..start + nb of src, merged into the totals. */
  private reduce(src: readonly Float64Array[], start: number, nb: number): boolean {
    const { k, blockMean, mean, c, sp, su, shift } = this;
    const n0 = this.n;
    for (let v = 0; v < k; v++)
      shift[v] = n0 > 0 ? (mean[v] as number) : ((src[v] as Float64Array)[start] as number);
    const k3 = k - (k % 3);
    for (let a = 0; a < k3; a += 3) {
      this.symmetric3(src, a, start, nb);
      for (let b = a + 3; b < k3; b += 3) this.tile3x3(src, a, b, start, nb);
      for (let b = k3; b < k; b++) this.tile3x1(src, a, b, start, nb);
    }
    const end = start + nb;
    for (let i = k3; i < k; i++) {
      const xi = src[i] as Float64Array;
      const si = shift[i] as number;
      let s = 0;
      let ss = 0;
      for (let r = start; r < end; r++) {
        const x = (xi[r] as number) - si;
        s += x;
        ss += x * x;
      }
      su[i] = s;
      sp[i * k + i] = ss;
      for (let j = i + 1; j < k; j++) {
        const xj = src[j] as Float64Array;
        const sj = shift[j] as number;
        let t = 0;
        for (let r = start; r < end; r++) t += ((xi[r] as number) - si) * ((xj[r] as number) - sj);
        sp[i * k + j] = t;
      }
    }
    // A missing (NaN) or infinite value makes its variable's sum or sum of squares non-finite.
    for (let v = 0; v < k; v++) {
      const s = su[v] as number;
      const d = sp[v * k + v] as number;
      if (s - s !== 0 || d - d !== 0) return false;
    }
    for (let v = 0; v < k; v++) blockMean[v] = (shift[v] as number) + (su[v] as number) / nb;
    // C[i][j] += (block co-moment) + δᵢ δⱼ nₐ n_b / n (upper triangle).
    const n = n0 + nb;
    const g = (n0 * nb) / n;
    for (let i = 0; i < k; i++) {
      const di = ((blockMean[i] as number) - (mean[i] as number)) * g;
      const ui = (su[i] as number) / nb;
      for (let j = i; j < k; j++) {
        const dj = (blockMean[j] as number) - (mean[j] as number);
        const cb = (sp[i * k + j] as number) - ui * (su[j] as number);
        c[i * k + j] = (c[i * k + j] as number) + cb + di * dj;
      }
    }
    const f = nb / n;
    for (let v = 0; v < k; v++)
      mean[v] = (mean[v] as number) + ((blockMean[v] as number) - (mean[v] as number)) * f;
    this.n = n;
    return true;
  }
  /** Products within variables a, a + 1, a + 2 (six sums of products, three sums). */
  private symmetric3(src: readonly Float64Array[], a: number, start: number, nb: number): void {
    const { sp, su, shift, k } = this;
    const c0 = src[a] as Float64Array;
    const c1 = src[a + 1] as Float64Array;
    const c2 = src[a + 2] as Float64Array;
    const h0 = shift[a] as number;
    const h1 = shift[a + 1] as number;
    const h2 = shift[a + 2] as number;
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s11 = 0;
    let s12 = 0;
    let s22 = 0;
    const end = start + nb;
    for (let r = start; r < end; r++) {
      const x0 = (c0[r] as number) - h0;
      const x1 = (c1[r] as number) - h1;
      const x2 = (c2[r] as number) - h2;
      u0 += x0;
      u1 += x1;
      u2 += x2;
      s00 += x0 * x0;
      s01 += x0 * x1;
      s02 += x0 * x2;
      s11 += x1 * x1;
      s12 += x1 * x2;
      s22 += x2 * x2;
    }
    su[a] = u0;
    su[a + 1] = u1;
    su[a + 2] = u2;
    const i = a * k + a;
    sp[i] = s00;
    sp[i + 1] = s01;
    sp[i + 2] = s02;
    sp[i + k + 1] = s11;
    sp[i + k + 2] = s12;
    sp[i + 2 * k + 2] = s22;
  }
  /** Products of variables a..a + 2 with b..b + 2 (nine sums, a < b). */
  private tile3x3(
    src: readonly Float64Array[],
    a: number,
    b: number,
    start: number,
    nb: number,
  ): void {
    const { sp, shift, k } = this;
    const a0 = src[a] as Float64Array;
    const a1 = src[a + 1] as Float64Array;
    const a2 = src[a + 2] as Float64Array;
    const b0 = src[b] as Float64Array;
    const b1 = src[b + 1] as Float64Array;
    const b2 = src[b + 2] as Float64Array;
    const ha0 = shift[a] as number;
    const ha1 = shift[a + 1] as number;
    const ha2 = shift[a + 2] as number;
    const hb0 = shift[b] as number;
    const hb1 = shift[b + 1] as number;
    const hb2 = shift[b + 2] as number;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s20 = 0;
    let s21 = 0;
    let s22 = 0;
    const end = start + nb;
    for (let r = start; r < end; r++) {
      const x0 = (a0[r] as number) - ha0;
      const x1 = (a1[r] as number) - ha1;
      const x2 = (a2[r] as number) - ha2;
      const y0 = (b0[r] as number) - hb0;
      const y1 = (b1[r] as number) - hb1;
      const y2 = (b2[r] as number) - hb2;
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s20 += x2 * y0;
      s21 += x2 * y1;
      s22 += x2 * y2;
    }
    const i = a * k + b;
    sp[i] = s00;
    sp[i + 1] = s01;
    sp[i + 2] = s02;
    sp[i + k] = s10;
    sp[i + k + 1] = s11;
    sp[i + k + 2] = s12;
    sp[i + 2 * k] = s20;
    sp[i + 2 * k + 1] = s21;
    sp[i + 2 * k + 2] = s22;
  }
  /** Products of variables a..a + 2 with variable b (three sums, a + 2 < b). */
  private tile3x1(
    src: readonly Float64Array[],
    a: number,
    b: number,
    start: number,
    nb: number,
  ): void {
    const { sp, shift, k } = this;
    const a0 = src[a] as Float64Array;
    const a1 = src[a + 1] as Float64Array;
    const a2 = src[a + 2] as Float64Array;
    const bb = src[b] as Float64Array;
    const ha0 = shift[a] as number;
    const ha1 = shift[a + 1] as number;
    const ha2 = shift[a + 2] as number;
    const hb = shift[b] as number;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const end = start + nb;
    for (let r = start; r < end; r++) {
      const y = (bb[r] as number) - hb;
      s0 += ((a0[r] as number) - ha0) * y;
      s1 += ((a1[r] as number) - ha1) * y;
      s2 += ((a2[r] as number) - ha2) * y;
    }
    const i = a * k + b;
    sp[i] = s0;
    sp[i + k] = s1;
    sp[i + 2 * k] = s2;
  }
}

/** @internal The outcome value of one score (raw or recoded under the scheme). */
function outcomeValue(
  score: unknown,
  r: ResolvedStatsOptions,
  table: Uint8Array | undefined,
  fn: string,
  index: number,
): number {
  if (r.outcome === 'score') {
    if (typeof score !== 'number' || !Number.isFinite(score))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: score at index ${String(index)} must be a finite number, received ${describe(score)}`,
        index,
        path: [index, 'score'],
        received: score,
      });
    return score;
  }
  const [min, max] = r.scheme.scale;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < min || score > max)
    throw invalidScore(fn, score, r.scheme, index);
  const cat = table?.[score - min];
  if (r.outcome === 'nps') return cat === PROMOTER ? 100 : cat === DETRACTOR ? -100 : 0;
  if (r.outcome === 'promoter') return cat === PROMOTER ? 1 : 0;
  return cat === DETRACTOR ? 1 : 0;
}

/**
 * Read one rating: returns NaN for missing (null, undefined, NaN, not-applicable codes),
 * throws for anything else that is not a finite number.
 */
function ratingValue(
  v: unknown,
  na: readonly number[],
  fn: string,
  index: number,
  driver: string,
): number {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v !== 'number' || v === Infinity || v === -Infinity)
    throw new NpsInputError({
      code: 'non_finite',
      message: `${fn}: rating ${describe(driver)} at index ${String(index)} must be a finite number or null, received ${describe(v)}`,
      index,
      path: [index, 'ratings', driver],
      received: v,
    });
  if (na.length > 0 && na.includes(v)) return Number.NaN;
  return v;
}

function unknownDriver(fn: string, d: string): NpsInputError {
  return new NpsInputError({
    code: 'unknown_driver',
    message: `${fn}: driver must be one of the rated drivers, received ${describe(d)}`,
    path: ['drivers'],
    received: d,
  });
}

/** A typed array of plain numbers (not BigInt), copied into the block buffer in bulk. */
type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

function isNumericTypedArray(a: ArrayLike<number>): a is NumericTypedArray {
  return (
    a instanceof Float64Array ||
    a instanceof Float32Array ||
    a instanceof Int32Array ||
    a instanceof Uint32Array ||
    a instanceof Int16Array ||
    a instanceof Uint16Array ||
    a instanceof Int8Array ||
    a instanceof Uint8Array ||
    a instanceof Uint8ClampedArray
  );
}

/** @internal Compute statistics with already-resolved options. */
export function computeDriverStats(
  data: DriverData,
  r: ResolvedStatsOptions,
  fn: string,
): DriverStats {
  const input = driverDataOf(fn, data, r.drivers);
  const table = r.outcome === 'score' ? undefined : categoryTable(r.scheme);
  const na = r.notApplicable;
  if (isColumns(input)) {
    checkColumns(input, fn);
    const names = keysOf(input.ratings);
    const drivers = r.drivers ?? names;
    const cols: ArrayLike<number>[] = [];
    for (const d of drivers) {
      const col = get(input.ratings, d);
      if (col === undefined) throw unknownDriver(fn, d);
      if (col.length !== input.score.length)
        throw new NpsInputError({
          code: 'length_mismatch',
          message: `${fn}: rating column ${describe(d)} must have the length of score (${String(input.score.length)}), received length ${String(col.length)}`,
          path: ['ratings', d],
          received: col.length,
        });
      cols.push(col);
    }
    const p = drivers.length;
    const acc = new CoMoments(p + 1, fn);
    let excludedN = 0;
    const m = input.score.length;
    const hasNa = na.length > 0;
    const isRaw = r.outcome === 'score';
    const skip = new Uint8Array(BLOCK);
    const block = acc.block;
    const vars: ArrayLike<number>[] = [input.score, ...cols];
    const typed = vars.map(isNumericTypedArray);
    // Float64Array columns needing no recoding are read in place (one pass over memory): the
    // reduction detects a missing or infinite value itself, and that block is then redone by
    // the checking copy below. Other columns are copied into the block buffer, validated.
    const direct = Uint8Array.from(vars, (col, v) =>
      col instanceof Float64Array && (v === 0 ? isRaw : !hasNa) ? 1 : 0,
    );
    const src: Float64Array[] = acc.views.slice();
    /** Copy variable v's block value by value, validating; marks rows to skip. */
    const copyChecked = (v: number, start: number, len: number): boolean => {
      const col = vars[v] as ArrayLike<number>;
      const base = v * BLOCK;
      let any = false;
      if (v === 0) {
        for (let q = 0; q < len; q++) {
          const sv = col[start + q];
          block[q] =
            isRaw && typeof sv === 'number' && sv - sv === 0
              ? sv
              : outcomeValue(sv, r, table, fn, start + q);
        }
        return false;
      }
      const driver = drivers[v - 1] ?? '';
      if (typed[v] === true) {
        // One bulk copy and a scan (v − v is 0 exactly for finite v).
        block.set((col as NumericTypedArray).subarray(start, start + len), base);
        for (let q = 0; q < len; q++) {
          const x = block[base + q] as number;
          if (x - x !== 0 || (hasNa && na.includes(x))) {
            // NaN (missing) or a not-applicable code: skip the row; ±Infinity: throw.
            if (x === x) ratingValue(x, na, fn, start + q, driver);
            skip[q] = 1;
            any = true;
            block[base + q] = 0;
          }
        }
        return any;
      }
      for (let q = 0; q < len; q++) {
        // Generic array-likes may hold anything: typeof first (a Symbol or BigInt has no
        // arithmetic with numbers), then v − v is 0 exactly for finite v.
        let x: unknown = col[start + q];
        if (x === undefined || x !== x) {
          skip[q] = 1;
          any = true;
          x = 0;
        } else if (typeof x !== 'number' || x - x !== 0 || (hasNa && na.includes(x))) {
          const xx = ratingValue(x, na, fn, start + q, driver);
          if (xx !== xx) {
            skip[q] = 1;
            any = true;
            x = 0;
          } else x = xx;
        }
        block[base + q] = x as number;
      }
      return any;
    };
    for (let start = 0; start < m; start += BLOCK) {
      const len = Math.min(BLOCK, m - start);
      skip.fill(0);
      let anySkip = false;
      for (let v = 0; v <= p; v++) {
        if (direct[v] === 1) src[v] = (vars[v] as Float64Array).subarray(start, start + len);
        else if (copyChecked(v, start, len)) anySkip = true;
      }
      if (!anySkip && acc.reduceColumns(src, len)) continue;
      // A missing or invalid value in the block: copy and check everything, then compact.
      for (let v = 0; v <= p; v++)
        if (direct[v] === 1 && copyChecked(v, start, len)) anySkip = true;
      let count = len;
      if (anySkip) {
        for (let v = 0; v <= p; v++) {
          const base = v * BLOCK;
          let w = 0;
          for (let q = 0; q < len; q++)
            if (skip[q] === 0) block[base + w++] = block[base + q] as number;
          count = w;
        }
        excludedN += len - count;
      }
      acc.commitBlock(count);
    }
    return finish(acc, drivers, r.outcome, excludedN);
  }
  if (!Array.isArray(input))
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: input must be an array of rows { score, ratings }, columns { score, ratings } or driver statistics, received ${describe(input)}`,
      received: input,
    });
  const rows = input;
  let drivers: readonly string[];
  if (r.drivers === undefined) {
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as DriverRow | undefined;
      checkRow(row, fn, i);
      for (const k of keysOf(row.ratings)) seen.add(k);
    }
    drivers = [...seen];
  } else {
    drivers = r.drivers;
    const present = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as DriverRow | undefined;
      checkRow(row, fn, i);
      for (const k of keysOf(row.ratings)) present.add(k);
    }
    // An empty shard may name its drivers; with rows, a name no row rates is a typo.
    if (rows.length > 0) for (const d of drivers) if (!present.has(d)) throw unknownDriver(fn, d);
  }
  const p = drivers.length;
  const acc = new CoMoments(p + 1, fn);
  const x = new Float64Array(p + 1);
  let excludedN = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as DriverRow;
    x[0] = outcomeValue(row.score, r, table, fn, i);
    let missing = false;
    for (let j = 0; j < p; j++) {
      const d = drivers[j] ?? '';
      const v = ratingValue(get(row.ratings, d), na, fn, i, d);
      if (v !== v) missing = true;
      x[j + 1] = v;
    }
    if (missing) excludedN++;
    else acc.add(x);
  }
  return finish(acc, drivers, r.outcome, excludedN);
}

function checkRow(row: unknown, fn: string, i: number): asserts row is DriverRow {
  if (
    typeof row !== 'object' ||
    row === null ||
    typeof (row as { ratings?: unknown }).ratings !== 'object' ||
    (row as { ratings?: unknown }).ratings === null
  )
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: row at index ${String(i)} must be an object { score, ratings }, received ${describe(row)}`,
      index: i,
      path: [i],
      received: row,
    });
}

function finish(
  acc: CoMoments,
  drivers: readonly string[],
  outcome: DriverOutcome,
  excludedN: number,
): DriverStats {
  acc.flush();
  const k = acc.k;
  const comoments = new Array<number>(k * k);
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      const v = acc.c[i * k + j] ?? 0;
      comoments[i * k + j] = v;
      comoments[j * k + i] = v;
    }
  return {
    drivers: [...drivers],
    outcome,
    n: acc.n,
    excludedN,
    means: Array.from(acc.mean),
    comoments,
  };
}

/**
 * Sufficient statistics for driver analysis: the number of complete rows, the means and the
 * co-moment matrix of the outcome and the drivers, in one pass.
 *
 * Method: a numerically stable one-pass update: complete rows are taken in blocks of 1024; a
 * block's mean x̄_b and co-moments C_b come from its sums and sums of products around a shift
 * near the mean (the running mean), and blocks are merged with the pairwise update of Chan,
 * Golub & LeVeque (1979): n = nₐ + n_b, δ = x̄_b − x̄ₐ, C = Cₐ + C_b + δδᵀ nₐn_b/n (as stable as
 * Welford's 1962 update, faster on typed arrays; Float64Array columns are read in place). Rows
 * with a missing rating (`null`,
 * `undefined`, `NaN`, or a value listed in `notApplicable`) are left out (listwise deletion)
 * and counted in `excludedN`. Every linear method in npskit works from these statistics alone.
 *
 * @param input - Rows `{ score, ratings }`, columns `{ score, ratings }` (NaN = missing) or an Arrow table.
 * @param options - `drivers` (subset and order), `outcome` (default `'score'`), `scheme`,
 *   `notApplicable`.
 * @returns A {@link DriverStats}.
 * @throws {@link NpsInputError} `unknown_driver` for a driver name not in the data,
 *   `non_finite` for an infinite or non-numeric rating or score (or values whose squares
 *   overflow), `invalid_score` for a score off
 *   the scheme's scale when the outcome is recoded, `length_mismatch` for columns of unequal
 *   length, `invalid_input` for a malformed input (columns whose score or a rating column is
 *   not an array or typed array, path `['score']` or `['ratings', driver]`), `invalid_option`
 *   for malformed options.
 * @example
 * ```ts
 * const s = driverStats([
 *   { score: 9, ratings: { speed: 8 } },
 *   { score: 5, ratings: { speed: 4 } },
 *   { score: 7, ratings: { speed: null } },
 * ]);
 * s.n; //=> 2
 * s.excludedN; //=> 1
 * s.means; //=> [7, 6]
 * s.comoments; //=> [8, 8, 8, 8]
 * ```
 */
export function driverStats(input: DriverData, options?: DriverStatsOptions): DriverStats {
  const fn = 'driverStats';
  return computeDriverStats(input, resolveStatsOptions(options, fn), fn);
}

/** @internal Validate the shape and values of a DriverStats object. */
export function checkStats(s: DriverStats, fn: string, what: string): void {
  const bad = (message: string): NpsInputError =>
    new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: ${what} ${message}`,
      received: s,
    });
  const raw: unknown = s;
  if (typeof raw !== 'object' || raw === null)
    throw bad(
      `must be driver statistics { drivers, n, means, comoments }, received ${describe(s)}`,
    );
  if (!Array.isArray(s.drivers) || !Array.isArray(s.means) || !Array.isArray(s.comoments))
    throw bad(
      `must have drivers, means and comoments arrays, received ${describe(s.drivers)}, ${describe(s.means)} and ${describe(s.comoments)}`,
    );
  for (const d of s.drivers)
    if (typeof d !== 'string') throw bad(`drivers must be strings, received ${describe(d)}`);
  const k = s.drivers.length + 1;
  if (s.means.length !== k || s.comoments.length !== k * k)
    throw bad(
      `must have ${String(k)} means and ${String(k * k)} comoments, received ${String(s.means.length)} and ${String(s.comoments.length)}`,
    );
  if (!Number.isInteger(s.n) || s.n < 0)
    throw bad(`n must be a non-negative integer, received ${describe(s.n)}`);
  for (const v of s.means)
    if (!Number.isFinite(v))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: ${what} means must be finite, received ${describe(v)}`,
        received: v,
      });
  for (const v of s.comoments)
    if (!Number.isFinite(v))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: ${what} comoments must be finite, received ${describe(v)}`,
        received: v,
      });
}

/**
 * Merge two {@link DriverStats} computed on disjoint sets of rows (shards, workers, warehouse
 * partitions) into the statistics of their union, exactly.
 *
 * Method: Chan, Golub & LeVeque (1979) pairwise update: n = nₐ + n_b, δ = x̄_b − x̄ₐ,
 * x̄ = x̄ₐ + δ n_b / n, C = Cₐ + C_b + δ δᵀ nₐ n_b / n.
 *
 * @param a - Statistics of one part.
 * @param b - Statistics of the other part (same drivers in the same order, same outcome).
 * @returns The statistics of the union.
 * @throws {@link NpsInputError} `incompatible_stats` when drivers or outcomes differ or the
 *   statistics are malformed (not an object, missing arrays, wrong lengths, a bad `n` or
 *   `excludedN`), `non_finite` for non-finite values.
 * @example
 * ```ts
 * const a = driverStats([{ score: 9, ratings: { speed: 8 } }]);
 * const b = driverStats([{ score: 5, ratings: { speed: 4 } }]);
 * mergeDriverStats(a, b).comoments; //=> [8, 8, 8, 8]
 * ```
 */
export function mergeDriverStats(a: DriverStats, b: DriverStats): DriverStats {
  const fn = 'mergeDriverStats';
  checkStats(a, fn, 'a');
  checkStats(b, fn, 'b');
  for (const [s, what] of [
    [a, 'a'],
    [b, 'b'],
  ] as const)
    if (!Number.isInteger(s.excludedN) || s.excludedN < 0)
      throw new NpsInputError({
        code: 'incompatible_stats',
        message: `${fn}: ${what}.excludedN must be a non-negative integer, received ${describe(s.excludedN)}`,
        path: [what, 'excludedN'],
        received: s.excludedN,
      });
  if (a.outcome !== b.outcome)
    throw new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: b.outcome must equal a.outcome (${describe(a.outcome)}), received ${describe(b.outcome)}`,
      received: b.outcome,
    });
  if (a.drivers.length !== b.drivers.length || a.drivers.some((d, i) => d !== b.drivers[i]))
    throw new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: b.drivers must equal a.drivers (${a.drivers.join(', ')}), received ${b.drivers.join(', ')}`,
      received: b.drivers,
    });
  const k = a.means.length;
  const n = a.n + b.n;
  const excludedN = a.excludedN + b.excludedN;
  if (a.n === 0 || b.n === 0) {
    const src = a.n === 0 ? b : a;
    return {
      drivers: [...a.drivers],
      outcome: a.outcome,
      n,
      excludedN,
      means: [...src.means],
      comoments: [...src.comoments],
    };
  }
  const f = b.n / n;
  const g = (a.n * b.n) / n;
  const delta = a.means.map((m, i) => (b.means[i] ?? 0) - m);
  const means = a.means.map((m, i) => m + (delta[i] ?? 0) * f);
  const comoments = new Array<number>(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const idx = i * k + j;
      comoments[idx] =
        (a.comoments[idx] ?? 0) + (b.comoments[idx] ?? 0) + (delta[i] ?? 0) * (delta[j] ?? 0) * g;
    }
  return { drivers: [...a.drivers], outcome: a.outcome, n, excludedN, means, comoments };
}

/**
 * @internal The outcome (recoded) and driver columns of rows or columns input, NaN for a
 * missing rating. Validates everything through {@link computeDriverStats} first; returns those
 * listwise statistics too.
 */
export function extractColumns(
  data: DriverData,
  r: ResolvedStatsOptions,
  fn: string,
): { readonly stats: DriverStats; readonly y: Float64Array; readonly x: readonly Float64Array[] } {
  const input = driverDataOf(fn, data, r.drivers);
  const stats = computeDriverStats(input, r, fn);
  const drivers = stats.drivers;
  const table = r.outcome === 'score' ? undefined : categoryTable(r.scheme);
  const na = r.notApplicable;
  const total = isColumns(input) ? input.score.length : input.length;
  const y = new Float64Array(total);
  const x = drivers.map(() => new Float64Array(total));
  for (let i = 0; i < total; i++) {
    const row = isColumns(input) ? undefined : input[i];
    const s = isColumns(input) ? input.score[i] : row?.score;
    y[i] = outcomeValue(s, r, table, fn, i);
    for (let j = 0; j < drivers.length; j++) {
      const d = drivers[j] ?? '';
      const v: number | null | undefined = isColumns(input)
        ? get(input.ratings, d)?.[i]
        : row === undefined
          ? undefined
          : get(row.ratings, d);
      const col = x[j];
      if (col === undefined) continue;
      col[i] = v === null || v === undefined || na.includes(v) ? Number.NaN : v;
    }
  }
  return { stats, y, x };
}

/** Raw sums from a warehouse or stream, for {@link driverStatsFromSums}. */
export interface DriverSums {
  /** Driver names, in column order. */
  readonly drivers: readonly string[];
  /** The outcome the sums were computed for (default `'score'`). */
  readonly outcome?: DriverOutcome | undefined;
  /** Number of complete rows. */
  readonly n: number;
  /** Σx per variable, length p + 1, outcome first. */
  readonly sums: readonly number[];
  /** Σxᵢxⱼ, row-major (p + 1) × (p + 1), outcome first. */
  readonly sumsOfProducts: readonly number[];
}

/** Relative rounding allowed in co-moments computed from raw sums, Σxᵢxⱼ − n x̄ᵢx̄ⱼ. */
const SUMS_TOLERANCE = 1e-9;

/**
 * Reject raw sums no data can produce (`incompatible_stats`, naming the variable or pair): sums
 * with n = 0 that are not 0, a variance Σx² − n x̄² below 0, or a correlation with |r| > 1, each
 * beyond rounding (relative {@link SUMS_TOLERANCE} of the sums involved). A variance that is
 * negative within rounding is set to 0 (a constant column). Sums from another source than one
 * table (say, Σx from one query and Σx² from another) are caught here instead of giving an
 * R² of 25 later.
 */
function checkPossible(
  sums: DriverSums,
  means: readonly number[],
  comoments: number[],
  fn: string,
): void {
  const k = means.length;
  const n = sums.n;
  const name = (v: number): string =>
    v === 0 ? 'the outcome' : `driver ${describe(sums.drivers[v - 1])}`;
  const impossible = (what: string, path: readonly PropertyKey[], received: unknown) =>
    new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: sums must be possible sums of n = ${String(n)} rows, received ${what}; compute n, sums and sumsOfProducts over the same complete rows`,
      path,
      received,
    });
  if (n === 0) {
    const v = [...sums.sums, ...sums.sumsOfProducts].findIndex((x) => x !== 0);
    if (v !== -1)
      throw impossible(
        'non-zero sums with n = 0',
        v < k ? ['sums', v] : ['sumsOfProducts', v - k],
        v < k ? sums.sums[v] : sums.sumsOfProducts[v - k],
      );
    return;
  }
  // Absolute rounding error of each co-moment: a few ulps of the terms it was computed from.
  const err = (i: number, j: number): number =>
    SUMS_TOLERANCE *
    (Math.abs(sums.sumsOfProducts[i * k + j] ?? 0) +
      n * Math.abs((means[i] ?? 0) * (means[j] ?? 0)));
  for (let i = 0; i < k; i++) {
    const c = comoments[i * k + i] ?? 0;
    if (c < -err(i, i))
      throw impossible(
        `a negative variance for ${name(i)} (Σx² − n·x̄² = ${String(c)})`,
        ['sumsOfProducts', i * k + i],
        sums.sumsOfProducts[i * k + i],
      );
    if (c < 0) comoments[i * k + i] = 0;
  }
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const cii = (comoments[i * k + i] ?? 0) + err(i, i);
      const cjj = (comoments[j * k + j] ?? 0) + err(j, j);
      const cij = comoments[i * k + j] ?? 0;
      if (Math.abs(cij) > Math.sqrt(cii * cjj) + err(i, j)) {
        const r = cij / Math.sqrt((comoments[i * k + i] ?? 0) * (comoments[j * k + j] ?? 0));
        throw impossible(
          `a correlation of ${name(i)} with ${name(j)} of ${String(r)}, beyond −1..1`,
          ['sumsOfProducts', i * k + j],
          sums.sumsOfProducts[i * k + j],
        );
      }
    }
}

/**
 * Build {@link DriverStats} from raw sums (n, Σx, Σxxᵀ over complete rows), as a SQL `GROUP BY`
 * with `SUM(a * b)` produces: means x̄ = Σx / n and co-moments Cᵢⱼ = Σxᵢxⱼ − n x̄ᵢ x̄ⱼ. Raw sums
 * lose precision when means are large relative to spreads (subtract a constant such as the scale
 * midpoint from every column in SQL first); the result merges with {@link mergeDriverStats}.
 *
 * @param sums - `{ drivers, outcome?, n, sums, sumsOfProducts }`.
 * @returns The statistics (with `excludedN: 0`).
 * @throws {@link NpsInputError} `incompatible_stats` for a malformed object (not an object,
 *   drivers not strings, sums not arrays, an unknown outcome), wrong lengths or a negative or
 *   fractional n, and for sums no rows can produce (the message names the variable or pair):
 *   non-zero sums with n = 0, a negative variance Σx² − n·x̄², or a correlation with |r| > 1,
 *   each beyond a relative rounding of 1e-9; `non_finite` for non-finite or non-numeric sums.
 * @example
 * ```ts
 * // rows (score, speed): (9, 8) and (5, 4)
 * const s = driverStatsFromSums({ drivers: ['speed'], n: 2, sums: [14, 12],
 *   sumsOfProducts: [106, 92, 92, 80] });
 * s.comoments; //=> [8, 8, 8, 8]
 * ```
 */
export function driverStatsFromSums(sums: DriverSums): DriverStats {
  const fn = 'driverStatsFromSums';
  const shape = (path: readonly PropertyKey[], what: string, received: unknown): NpsInputError =>
    new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: ${what}, received ${describe(received)}`,
      path,
      received,
    });
  const raw: unknown = sums;
  if (typeof raw !== 'object' || raw === null)
    throw shape([], 'sums must be an object { drivers, n, sums, sumsOfProducts }', sums);
  const rawDrivers: unknown = sums.drivers;
  if (!Array.isArray(rawDrivers))
    throw shape(['drivers'], 'sums.drivers must be an array of driver names', rawDrivers);
  for (let i = 0; i < sums.drivers.length; i++) {
    const d: unknown = sums.drivers[i];
    if (typeof d !== 'string') throw shape(['drivers', i], 'sums.drivers must be strings', d);
  }
  for (const key of ['sums', 'sumsOfProducts'] as const) {
    const column: unknown = sums[key];
    if (!Array.isArray(column))
      throw shape([key], `sums.${key} must be an array of numbers`, column);
  }
  const outcome: unknown = sums.outcome;
  if (outcome !== undefined && !OUTCOMES.includes(outcome as DriverOutcome))
    throw shape(
      ['outcome'],
      `sums.outcome must be one of ${OUTCOMES.map((x) => `'${x}'`).join(', ')}`,
      outcome,
    );
  const k = sums.drivers.length + 1;
  const n = sums.n;
  if (
    !Number.isInteger(n) ||
    n < 0 ||
    sums.sums.length !== k ||
    sums.sumsOfProducts.length !== k * k
  )
    throw new NpsInputError({
      code: 'incompatible_stats',
      message: `${fn}: sums must have a non-negative integer n, ${String(k)} sums and ${String(k * k)} sumsOfProducts, received n = ${describe(n)}, ${String(sums.sums.length)} and ${String(sums.sumsOfProducts.length)}`,
      received: sums,
    });
  for (const v of [...sums.sums, ...sums.sumsOfProducts] as unknown[])
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: sums must be finite, received ${describe(v)}`,
        received: v,
      });
  const means = sums.sums.map((s) => (n === 0 ? 0 : s / n));
  const comoments = new Array<number>(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      comoments[i * k + j] =
        n === 0 ? 0 : (sums.sumsOfProducts[i * k + j] ?? 0) - n * (means[i] ?? 0) * (means[j] ?? 0);
  checkPossible(sums, means, comoments, fn);
  return {
    drivers: [...sums.drivers],
    outcome: sums.outcome ?? 'score',
    n,
    excludedN: 0,
    means,
    comoments,
  };
}
