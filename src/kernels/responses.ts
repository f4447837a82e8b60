/**
 * Internal: normalise responses in any of the three input shapes into one columnar form.
 *
 * Contract (used by hierarchy/rollup and trend/trendByNode; keep stable):
 *
 * Input shapes ({@link ResponsesInput}):
 * - rows: `{ nodeId?, score, at?, weight? }[]` (`at`: `Date` or epoch ms);
 * - columns: `{ score, nodeId?, at?, weight? }` of equal length, where `nodeId` is an array of
 *   strings or a dictionary column `{ codes: Int32Array, values: string[] }` (a negative code
 *   means "no node"), `at` is epoch ms (NaN is invalid);
 * - tallies: `{ nodeId?, at?, tally }[]`, every element carrying a `tally` (pre-aggregated
 *   counts, e.g. from a SQL `GROUP BY node, day`).
 *
 * Output ({@link NormalizedResponses}), record `i` in `0 .. length − 1`:
 * - rows/columns: one record per response, `category[i]` ∈ {0 detractor, 1 passive,
 *   2 promoter}, `weight[i]` (or `weight === null` when no weights were given);
 * - tallies: one record per tally entry, `counts[3i + c]` response counts per category and,
 *   when any entry is weighted, `weightSums[6i + c]` = Σw and `weightSums[6i + 3 + c]` = Σw²
 *   (unweighted entries count as weight 1); `category === null`;
 * - `node[i]`: node index from `indexOf` (the caller's hierarchy), `-1` when the id is missing or
 *   unknown (the caller decides: error or excluded, see `unknown`), or `node === null` when no
 *   `indexOf` was given;
 * - `at[i]`: epoch ms (Float64Array) when `at: 'required'` (missing or invalid → NpsInputError
 *   `invalid_date` with the index), else `null`.
 * Row and column inputs produce identical arrays. Nothing from the input is mutated or retained
 * except typed arrays that are read only.
 * @internal
 */
import { NpsInputError } from '../errors.ts';
import { arrowColumns, isArrowTable } from './arrow.ts';
import { badInput } from './badInput.ts';
import { describe } from './describe.ts';
import { addResponse, emptyGroups, type GroupCounts } from './groups.ts';
import { categoryOf, EXCLUDED, ScoreReader } from './scores.ts';
import { checkTally, readWeight, weightSums as sumsOf } from './tallies.ts';

export type {
  DictionaryColumn,
  ResponseColumns,
  ResponseRow,
  ResponsesInput,
  TallyEntry,
} from '../types.ts';

import type {
  DictionaryColumn,
  Exclusion,
  ReadOptions,
  ResponseColumns,
  ResponseRow,
  ResponsesInput,
  Scheme,
  Tally,
  TallyEntry,
} from '../types.ts';

/** @internal The normalised columnar form (see the contract at the top of this file). */
export interface NormalizedResponses {
  readonly kind: 'rows' | 'columns' | 'tallies';
  readonly length: number;
  readonly category: Uint8Array | null;
  readonly weight: Float64Array | null;
  readonly counts: Float64Array | null;
  readonly weightSums: Float64Array | null;
  readonly node: Int32Array | null;
  readonly at: Float64Array | null;
  /** Ids not found in `indexOf`, with how many records carry each and the first index. */
  readonly unknown: Map<string | undefined, { count: number; firstIndex: number }>;
  /**
   * With `NormalizeOptions.group` on rows or columns: the per-node counts (`counts[3x + c]`,
   * and Σw, Σw² when weighted), and then `category`, `node` and `weight` are `null`.
   */
  readonly grouped: GroupCounts | null;
  /** Responses set aside for their score (`onInvalidScore: 'exclude'`), grouped by reason and value. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

/** @internal Options of {@link normalizeResponses}. */
export interface NormalizeOptions {
  readonly scheme: Scheme;
  /** Node id → index; omit to ignore node ids. */
  readonly indexOf?: ReadonlyMap<string, number> | undefined;
  /** Whether `at` must be present and valid on every record. */
  readonly at?: 'required' | 'ignore' | undefined;
  /**
   * Count rows and columns straight into per-node arrays of this many nodes (with `indexOf`):
   * one fused validate-and-count pass, no per-record arrays (see `grouped`). Tallies ignore it.
   */
  readonly group?: number | undefined;
  /** `coerce` and `onInvalidScore`, as the public function received them. */
  readonly read?: ReadOptions | undefined;
}

/** @internal The `invalid_date` error of record `index`'s field (followup's cases read it too). */
export function invalidDate(
  fn: string,
  value: unknown,
  index: number,
  field = 'at',
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_date',
    message: `${fn}: ${field} at index ${String(index)} must be a valid Date or epoch milliseconds, received ${describe(value)}`,
    index,
    path: [index, field],
    received: value,
  });
}

function mismatch(fn: string, field: string, expected: number, got: number): NpsInputError {
  return new NpsInputError({
    code: 'length_mismatch',
    message: `${fn}: column ${field} must have one entry per score (${String(expected)}), received ${String(got)}`,
    path: [field],
    received: got,
  });
}

/**
 * ISO 8601 date-times with an explicit offset or `Z` (`2025-03-30T01:30:00+02:00`,
 * `2025-03-30 01:30Z`): the only strings `coerce: true` reads as instants (a string without an
 * offset names no instant).
 */
const ISO_INSTANT =
  /^[+-]?\d{4,6}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * @internal Epoch ms of a `Date` or number (with `coerce`, also of an ISO 8601 string with an
 * offset), or NaN when invalid. The time is read with `Date.prototype.getTime` itself, so an
 * object that only looks like a Date (a Proxy around one, an overridden `getTime`, a forged
 * prototype) reads as NaN (`invalid_date` for the caller) rather than throwing a raw TypeError.
 */
export function toEpoch(value: unknown, coerce = false): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (value instanceof Date) {
    try {
      return Date.prototype.getTime.call(value);
    } catch {
      return Number.NaN;
    }
  }
  if (coerce && typeof value === 'string') {
    const t = value.trim();
    return ISO_INSTANT.test(t) ? Date.parse(t.replace(' ', 'T')) : Number.NaN;
  }
  return Number.NaN;
}

/** The response fields read from an Arrow table's columns of the same names. */
const ARROW_FIELDS = ['score', 'nodeId', 'at', 'weight'] as const;

/**
 * @internal Responses as the reader takes them: an Apache Arrow table (apache-arrow or
 * flechette, duck-typed) becomes plain columns (`score`, and `nodeId`, `at`, `weight` and the
 * `extra` fields where the table has them; numeric vectors read in place, dictionary vectors as
 * dictionary columns); anything else is returned as it is. A table without a `score` column is
 * the `invalid_input` error naming the columns it has.
 */
export function asResponses<T>(fn: string, responses: T, extra: readonly string[] = []): T {
  if (!isArrowTable(responses)) return responses;
  const names = new Set(responses.schema.fields.map((f) => f.name));
  const fields = [...ARROW_FIELDS, ...extra].filter((f) => f === 'score' || names.has(f));
  return arrowColumns(fn, responses, fields) as T;
}

/** @internal Whether a value is a dictionary column. */
export function isDictionary(v: unknown): v is DictionaryColumn {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    'codes' in v &&
    'values' in v &&
    Array.isArray((v as DictionaryColumn).values)
  );
}

/**
 * @internal Normalise responses (any shape) into the columnar form. One pass per column; node
 * ids of dictionary columns are looked up once per distinct value.
 */
export function normalizeResponses(
  fn: string,
  responses: ResponsesInput,
  options: NormalizeOptions,
): NormalizedResponses {
  const input = asResponses(fn, responses);
  if (Array.isArray(input)) {
    const rows = input as readonly unknown[];
    const first = rows[0];
    if (typeof first === 'object' && first !== null && 'tally' in first) {
      return fromTallies(fn, rows as readonly TallyEntry[], options);
    }
    return fromRows(fn, rows as readonly ResponseRow[], options, sinkOf(options));
  }
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw badInput(
      fn,
      'responses must be an array of rows, an object of columns or an array of tallies',
      input,
    );
  }
  return fromColumns(fn, input as ResponseColumns, options, sinkOf(options));
}

function sinkOf(options: NormalizeOptions): GroupCounts | null {
  const g = options.group;
  if (g === undefined || options.indexOf === undefined) return null;
  return emptyGroups(g, false);
}

/**
 * Node id → index for one record after another. Runs of equal ids are common (exports sorted by
 * store), so the last id is remembered; when the first records show that runs are rare, the
 * check is switched off (comparing two different strings costs about as much as the lookup).
 */
class NodeLookup {
  private lastId: unknown = undefined;
  private lastIndex = -1;
  private useLast = true;
  private hits = 0;
  private misses = 0;
  private readonly dict: Record<string, number>;
  constructor(indexOf: ReadonlyMap<string, number>) {
    this.dict = dictOf(indexOf);
  }

  index(id: unknown): number {
    if (this.useLast) {
      if (id === this.lastId && this.lastIndex >= 0) {
        this.hits++;
        return this.lastIndex;
      }
      // After 2048 misses, keep the check only if it hit at least as often.
      if (++this.misses === 2048 && this.hits < 2048) this.useLast = false;
    }
    const x = typeof id === 'string' ? (this.dict[id] ?? -1) : -1;
    this.lastId = id;
    this.lastIndex = x;
    return x;
  }
}

/** Node and instant of one record: shared by the row and tally paths. */
interface RecordPlacer {
  readonly lookup: NodeLookup | null;
  readonly unknown: Map<string | undefined, { count: number; firstIndex: number }>;
  readonly at: Float64Array | null;
  readonly coerce: boolean;
}

function placer(options: NormalizeOptions, len: number, coerce: boolean): RecordPlacer {
  return {
    lookup: options.indexOf ? new NodeLookup(options.indexOf) : null,
    unknown: new Map(),
    at: options.at === 'required' ? new Float64Array(len) : null,
    coerce,
  };
}

/** The instant of record `i` as epoch ms, or the `invalid_date` error. */
function readInstant(fn: string, when: unknown, i: number, coerce: boolean): number {
  const t = toEpoch(when, coerce);
  if (t !== t) throw invalidDate(fn, when, i);
  return t;
}

/** The node index of record `i` (noting unknown ids, `units` responses) and its `at`. */
function placeRecord(
  fn: string,
  pl: RecordPlacer,
  i: number,
  id: string | null | undefined,
  when: unknown,
  units: number,
): number {
  let x = -1;
  if (pl.lookup !== null) {
    x = pl.lookup.index(id);
    if (x < 0) noteUnknown(pl.unknown, id, i, units);
  }
  if (pl.at !== null) pl.at[i] = readInstant(fn, when, i, pl.coerce);
  return x;
}

/** Row `i`, or the `invalid_input` error when it is not an object. */
function rowAt(fn: string, rows: readonly ResponseRow[], i: number): ResponseRow {
  const r: ResponseRow | undefined = rows[i];
  if (typeof r === 'object' && (r as unknown) !== null) return r;
  throw new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: response at index ${String(i)} must be an object { nodeId?, score, at?, weight? }, received ${describe(r)}`,
    index: i,
    path: [i],
    received: r,
  });
}

/** The score of row `j` (for listing further problems; a non-object row has none). */
function scoreOfRow(rows: readonly ResponseRow[]): (j: number) => unknown {
  return (j) => {
    const r: unknown = rows[j];
    return typeof r === 'object' && r !== null ? (r as ResponseRow).score : undefined;
  };
}

function fromRows(
  fn: string,
  rows: readonly ResponseRow[],
  options: NormalizeOptions,
  sink: GroupCounts | null,
): NormalizedResponses {
  const { scheme } = options;
  const len = rows.length;
  const reader = new ScoreReader(fn, scheme, options.read);
  const { table, min, coerce } = reader;
  const category = sink === null ? new Uint8Array(len) : null;
  const pl = placer(options, len, coerce);
  const node = pl.lookup !== null && sink === null ? new Int32Array(len) : null;
  let weight: Float64Array | null = null;
  // The common case (counting into per-node arrays, no instants needed) runs in a tight loop
  // until the first weighted row; the general loop below takes over from there.
  const start =
    sink !== null && pl.at === null && options.indexOf !== undefined
      ? countRows(rows, reader, options.indexOf, sink.counts, pl.unknown)
      : 0;
  for (let i = start; i < len; i++) {
    const r = rowAt(fn, rows, i);
    const s: unknown = r.score;
    let cat = categoryOf(table, min, s);
    if (cat < 0) cat = reader.category(s, i, rows, scoreOfRow(rows));
    const w: unknown = r.weight;
    const wi = w === undefined ? undefined : readWeight(fn, w, i, coerce);
    if (cat < 0) {
      // set aside for its score: no node, no weight, but a valid instant if one is needed
      if (pl.at !== null) pl.at[i] = readInstant(fn, r.at, i, coerce);
      if (category !== null) category[i] = EXCLUDED;
      if (node !== null) node[i] = -1;
      if (weight !== null) weight[i] = 0;
      continue;
    }
    const x = placeRecord(fn, pl, i, r.nodeId, r.at, 1);
    if (sink !== null) {
      addResponse(sink, x, cat, wi);
      continue;
    }
    if (category !== null) category[i] = cat;
    if (node !== null) node[i] = x;
    if (wi !== undefined && weight === null) {
      weight = new Float64Array(len);
      weight.fill(1, 0, i);
    }
    if (weight !== null) weight[i] = wi ?? 1;
  }
  return {
    kind: 'rows',
    length: len,
    category,
    weight,
    counts: null,
    weightSums: null,
    node,
    at: pl.at,
    unknown: pl.unknown,
    grouped: sink,
    excluded: reader.exclusions(),
    excludedN: reader.excludedN,
  };
}

/**
 * Validate and count unweighted rows straight into `counts[3x + category]`, from the first row
 * until the first row with a weight (whose index is returned; `rows.length` when none). Same
 * checks and errors as the general loop of {@link fromRows}; kept small and monomorphic so the
 * per-row work is a few loads, one table lookup and one `Map` lookup (skipped for runs of equal
 * ids while runs are common).
 */
function countRows(
  rows: readonly ResponseRow[],
  reader: ScoreReader,
  indexOf: ReadonlyMap<string, number>,
  counts: Float64Array,
  unknown: Map<string | undefined, { count: number; firstIndex: number }>,
): number {
  const len = rows.length;
  const { table, min } = reader;
  const dict = dictOf(indexOf);
  let lastId: unknown;
  let lastX = -1;
  let useLast = true;
  let runs = 0;
  for (let i = 0; i < len; i++) {
    const r: ResponseRow | undefined = rows[i];
    if (typeof r !== 'object' || (r as unknown) === null || r.weight !== undefined) return i;
    const s: unknown = r.score;
    let cat = categoryOf(table, min, s);
    if (cat < 0) {
      cat = reader.category(s, i, rows, scoreOfRow(rows));
      if (cat < 0) continue;
    }
    const id: unknown = r.nodeId;
    let x: number;
    if (useLast && id === lastId) {
      x = lastX;
      runs++;
    } else {
      x = typeof id === 'string' ? (dict[id] ?? -1) : -1;
      lastId = id;
      lastX = x;
      // after 2048 rows, keep comparing with the last id only if runs are common
      if (i === 2048 && runs < 1024) useLast = false;
    }
    if (x < 0) {
      noteUnknown(unknown, id as string | undefined, i, 1);
      continue;
    }
    const j = 3 * x + cat;
    counts[j] = (counts[j] ?? 0) + 1;
  }
  return len;
}

/**
 * The node index of a `Map` as a null-prototype object, built once per call (O(nodes), small
 * next to the responses; no module-level cache, so the library keeps no state). A deliberate
 * exception to "Maps for user-keyed dictionaries": it is a read-only lookup accelerator,
 * measured about 30% faster per response than `Map.get` with string keys in random order (V8
 * resolves a string key through its string table and then the object's dictionary; `Map.get`
 * of a string calls a slower generic builtin). Safe for any id: with no prototype,
 * `'__proto__'`, `'constructor'` or `'toString'` are plain own keys or absent, never inherited
 * members, and values are only ever read by `dict[id]`.
 * @internal
 */
function dictOf(m: ReadonlyMap<string, number>): Record<string, number> {
  const d = Object.create(null) as Record<string, number>;
  for (const [k, v] of m) d[k] = v;
  return d;
}

function noteUnknown(
  unknown: Map<string | undefined, { count: number; firstIndex: number }>,
  idIn: string | null | undefined,
  i: number,
  count: number,
): void {
  // `nodeId: null` (e.g. from a SQL export) is missing, like an absent nodeId: one group
  const id = idIn ?? undefined;
  const u = unknown.get(id);
  if (u === undefined) unknown.set(id, { count, firstIndex: i });
  else u.count += count;
}

function fromColumns(
  fn: string,
  cols: ResponseColumns,
  options: NormalizeOptions,
  sink: GroupCounts | null,
): NormalizedResponses {
  const { scheme, indexOf } = options;
  const reader = new ScoreReader(fn, scheme, options.read);
  const { table, min, coerce } = reader;
  // a dictionary-encoded score column (text scores from Arrow or a CSV reader): its values per
  // record, null where the code marks none, for the reader to coerce or set aside
  const xs = (isDictionary(cols.score) ? decoded(cols.score) : cols.score) as
    | ArrayLike<unknown>
    | undefined;
  if (xs === undefined || typeof xs.length !== 'number') {
    throw badInput(fn, 'columnar responses must have a score column (an array of numbers)', xs);
  }
  const len = xs.length;
  let weight: Float64Array | null = null;
  if (cols.weight !== undefined && (len > 0 || cols.weight.length > 0)) {
    const ws = cols.weight;
    if (ws.length !== len) throw mismatch(fn, 'weight', len, ws.length);
    weight = new Float64Array(len);
    for (let i = 0; i < len; i++) weight[i] = readWeight(fn, ws[i], i, coerce);
  }
  const unknown = new Map<string | undefined, { count: number; firstIndex: number }>();
  const ids0 = cols.nodeId;
  if (
    sink !== null &&
    weight === null &&
    options.at !== 'required' &&
    indexOf !== undefined &&
    ids0 !== undefined
  ) {
    // Unweighted node ids counted per node in one fused pass: dictionary codes through a
    // per-value table (countCodes), string ids looked up per record (countColumn).
    if (isDictionary(ids0)) {
      if (ids0.codes.length !== len) throw mismatch(fn, 'nodeId', len, ids0.codes.length);
      const values = ids0.values;
      countCodes(
        fn,
        xs,
        ids0.codes,
        remapOf(values, indexOf),
        values,
        reader,
        sink.counts,
        unknown,
      );
    } else {
      if (ids0.length !== len) throw mismatch(fn, 'nodeId', len, ids0.length);
      countColumn(xs, ids0, reader, indexOf, sink.counts, unknown);
    }
    return {
      kind: 'columns',
      length: len,
      category: null,
      weight: null,
      counts: null,
      weightSums: null,
      node: null,
      at: null,
      unknown,
      grouped: sink,
      excluded: reader.exclusions(),
      excludedN: reader.excludedN,
    };
  }
  // Where each record's node comes from in the classify pass: `src[i]` indexes `remap` (a
  // dictionary column's codes, or node indices already looked up with an identity `remap`).
  let src: ArrayLike<number> | null = null;
  let remap = new Int32Array(0);
  let values: readonly string[] | null = null;
  let strings: ArrayLike<string | null> | null = null;
  if (indexOf !== undefined) {
    const ids = cols.nodeId;
    if (ids === undefined) {
      src = new Int32Array(len).fill(-1);
      if (len > 0) unknown.set(undefined, { count: len, firstIndex: 0 });
    } else if (isDictionary(ids)) {
      if (ids.codes.length !== len) throw mismatch(fn, 'nodeId', len, ids.codes.length);
      values = ids.values;
      src = ids.codes;
      remap = remapOf(values, indexOf);
    } else {
      if (ids.length !== len) throw mismatch(fn, 'nodeId', len, ids.length);
      const looked = new Int32Array(len);
      const lookup = new NodeLookup(indexOf);
      // unknown ids are noted in the classify pass, after the score (as rows and codes are)
      for (let i = 0; i < len; i++) looked[i] = lookup.index(ids[i]);
      src = looked;
      strings = ids;
      let top = 0;
      for (const v of indexOf.values()) if (v >= top) top = v + 1;
      remap = Int32Array.from({ length: top }, (_, k) => k);
    }
  }
  // One pass: classify, resolve the node, and either count into the sink or fill the arrays.
  const nv = remap.length;
  const category = sink === null ? new Uint8Array(len) : null;
  const node = sink === null && src !== null ? new Int32Array(len) : null;
  const counts = sink?.counts ?? null;
  if (sink !== null && weight !== null) {
    sink.sw = new Float64Array(sink.counts.length);
    sink.sw2 = new Float64Array(sink.counts.length);
  }
  const sw = sink?.sw ?? null;
  const sw2 = sink?.sw2 ?? null;
  for (let i = 0; i < len; i++) {
    const s = xs[i];
    let cat = categoryOf(table, min, s);
    if (cat < 0) cat = reader.category(s, i, xs);
    if (cat < 0) {
      if (category !== null) category[i] = EXCLUDED;
      if (node !== null) node[i] = -1;
      continue;
    }
    if (category !== null) category[i] = cat;
    if (src === null) continue;
    const c: unknown = src[i] ?? -1;
    // `typeof` first: a Symbol or BigInt code must not reach a comparison (raw TypeError)
    const x =
      typeof c === 'number' && c >>> 0 === c && c < nv
        ? (remap[c] ?? -1)
        : missingCode(fn, c, nv, i);
    if (node !== null) node[i] = x;
    if (x < 0) {
      if (values !== null)
        noteUnknown(unknown, typeof c === 'number' && c >= 0 ? values[c] : undefined, i, 1);
      else if (strings !== null) noteUnknown(unknown, strings[i], i, 1);
      continue;
    }
    if (counts === null) continue;
    const j = 3 * x + cat;
    counts[j] = (counts[j] ?? 0) + 1;
    if (weight !== null && sw !== null && sw2 !== null) {
      const w = weight[i] ?? 0;
      sw[j] = (sw[j] ?? 0) + w;
      sw2[j] = (sw2[j] ?? 0) + w * w;
    }
  }
  let at: Float64Array | null = null;
  if (options.at === 'required') {
    const ts = cols.at;
    if (ts === undefined) {
      if (len > 0) throw invalidDate(fn, undefined, 0);
      at = new Float64Array(0);
    } else {
      if (ts.length !== len) throw mismatch(fn, 'at', len, ts.length);
      at = new Float64Array(len);
      for (let i = 0; i < len; i++) at[i] = readInstant(fn, ts[i], i, coerce);
    }
  }
  return {
    kind: 'columns',
    length: len,
    category,
    weight: sink === null ? weight : null,
    counts: null,
    weightSums: null,
    node,
    at,
    unknown,
    grouped: sink,
    excluded: reader.exclusions(),
    excludedN: reader.excludedN,
  };
}

/**
 * Validate the scores of a string-id column pair and count them straight into
 * `counts[3x + category]` in one pass (same checks, errors and unknown-id records as the general
 * path of {@link fromColumns}).
 */
function countColumn(
  xs: ArrayLike<unknown>,
  ids: ArrayLike<string | null>,
  reader: ScoreReader,
  indexOf: ReadonlyMap<string, number>,
  counts: Float64Array,
  unknown: Map<string | undefined, { count: number; firstIndex: number }>,
): void {
  const { table, min } = reader;
  const lookup = new NodeLookup(indexOf);
  const len = xs.length;
  for (let i = 0; i < len; i++) {
    const s = xs[i];
    let cat = categoryOf(table, min, s);
    if (cat < 0) {
      cat = reader.category(s, i, xs);
      if (cat < 0) continue;
    }
    const id = ids[i];
    const x = lookup.index(id);
    if (x < 0) {
      noteUnknown(unknown, id, i, 1);
      continue;
    }
    const j = 3 * x + cat;
    counts[j] = (counts[j] ?? 0) + 1;
  }
}

/**
 * The values of a dictionary column, record by record (`null` for a code that names no value:
 * a blank answer for the score reader to report or set aside).
 */
function decoded(col: DictionaryColumn): unknown[] {
  const { codes, values } = col;
  const nv = values.length;
  return Array.from({ length: codes.length }, (_, i) => {
    const c: unknown = codes[i];
    return typeof c === 'number' && c >>> 0 === c && c < nv ? values[c] : null;
  });
}

/** Node index of each dictionary value (−1 for values outside the hierarchy). */
function remapOf(
  values: readonly string[],
  indexOf: ReadonlyMap<string, number>,
): Int32Array<ArrayBuffer> {
  const remap = new Int32Array(values.length);
  for (let v = 0; v < values.length; v++) remap[v] = indexOf.get(values[v] as string) ?? -1;
  return remap;
}

/** Whether every element of `xs` is a number (a typed array other than the bigint ones). */
function isNumberArray(xs: ArrayLike<unknown>): boolean {
  return (
    ArrayBuffer.isView(xs) &&
    !(xs instanceof DataView) &&
    !(xs instanceof BigInt64Array) &&
    !(xs instanceof BigUint64Array)
  );
}

/**
 * Validate the scores and dictionary codes of an unweighted column pair and count them straight
 * into `counts[3x + category]` (same checks, errors and unknown-id records as the general path
 * of {@link fromColumns}). This is the hot loop of a columnar rollup: the type check of a score
 * is skipped for typed arrays, whose elements are numbers, and the unknown-node branch is taken
 * only for codes of values outside the hierarchy.
 */
function countCodes(
  fn: string,
  xs: ArrayLike<unknown>,
  codes: ArrayLike<number>,
  remap: Int32Array,
  values: readonly string[],
  reader: ScoreReader,
  counts: Float64Array,
  unknown: Map<string | undefined, { count: number; firstIndex: number }>,
): void {
  const { table, min } = reader;
  const span = table.length;
  const nv = remap.length;
  const numbers = isNumberArray(xs);
  const codeNumbers = isNumberArray(codes);
  const len = xs.length;
  for (let i = 0; i < len; i++) {
    const s = xs[i] as number;
    // typed arrays hold numbers: the type check of a score is skipped for them
    const k = numbers || typeof s === 'number' ? s - min : -1;
    const cat = k >>> 0 === k && k < span ? (table[k] as number) : reader.category(s, i, xs);
    if (cat < 0) continue;
    const c = codes[i] ?? -1;
    // a code of at most nv − 1 indexes `remap` (`>>>` only on numbers: a BigInt would throw)
    const x =
      (codeNumbers || typeof c === 'number') && c >>> 0 === c && c < nv
        ? (remap[c] ?? -1)
        : missingCode(fn, c, nv, i);
    if (x < 0) {
      noteUnknown(unknown, typeof c === 'number' && c >= 0 ? values[c] : undefined, i, 1);
      continue;
    }
    const j = 3 * x + cat;
    counts[j] = (counts[j] ?? 0) + 1;
  }
}

/**
 * @internal For a dictionary code `c` at record `i` that is not a valid index below `nv`: −1 when
 * it marks a missing node (absent, null, or a negative integer); otherwise (NaN, a fraction, a
 * BigInt, a code of `nv` or more) the `invalid_input` error.
 */
export function missingCode(fn: string, c: unknown, nv: number, i: number): -1 {
  if (c === undefined || c === null || (typeof c === 'number' && c < 0 && Number.isInteger(c))) {
    return -1;
  }
  throw badCode(fn, c, nv, i);
}

function badCode(fn: string, c: unknown, nv: number, i: number): NpsInputError {
  return new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: nodeId code at index ${String(i)} must be an integer below ${String(nv)} (the number of dictionary values), received ${describe(c)}`,
    index: i,
    path: ['nodeId', 'codes', i],
    received: c,
  });
}

function fromTallies(
  fn: string,
  entries: readonly TallyEntry[],
  options: NormalizeOptions,
): NormalizedResponses {
  const len = entries.length;
  const counts = new Float64Array(len * 3);
  let weightSums: Float64Array | null = null;
  const coerce = options.read?.coerce === true;
  const pl = placer(options, len, coerce);
  const node = pl.lookup !== null ? new Int32Array(len) : null;
  for (let i = 0; i < len; i++) {
    const e: TallyEntry | undefined = entries[i];
    if (typeof e !== 'object' || (e as unknown) === null || !('tally' in e)) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: tally entry at index ${String(i)} must be an object { nodeId?, at?, tally }, received ${describe(e)}`,
        index: i,
        path: [i],
        received: e,
      });
    }
    let t: Tally;
    try {
      t = checkTally('tallyFromCounts', e.tally, [], coerce);
    } catch (err) {
      if (!(err instanceof NpsInputError)) throw err;
      throw new NpsInputError({
        code: err.code,
        message: `${fn}: tally at index ${String(i)} is invalid: ${err.message.replace(/^tallyFromCounts: /, '')}`,
        index: i,
        path: [i, 'tally', ...err.path],
        received: e.tally,
        cause: err,
      });
    }
    counts[3 * i] = t.detractors;
    counts[3 * i + 1] = t.passives;
    counts[3 * i + 2] = t.promoters;
    const w = t.weights;
    if (w !== undefined && weightSums === null) {
      weightSums = new Float64Array(len * 6);
      for (let j = 0; j < i; j++) {
        for (let c = 0; c < 3; c++) {
          weightSums[6 * j + c] = counts[3 * j + c] ?? 0;
          weightSums[6 * j + 3 + c] = counts[3 * j + c] ?? 0;
        }
      }
    }
    if (weightSums !== null) {
      const ws = sumsOf(t);
      weightSums[6 * i] = ws.detractors;
      weightSums[6 * i + 1] = ws.passives;
      weightSums[6 * i + 2] = ws.promoters;
      weightSums[6 * i + 3] = ws.detractorsSquared;
      weightSums[6 * i + 4] = ws.passivesSquared;
      weightSums[6 * i + 5] = ws.promotersSquared;
    }
    const x = placeRecord(fn, pl, i, e.nodeId, e.at, t.n);
    if (node !== null) node[i] = x;
  }
  return {
    kind: 'tallies',
    length: len,
    category: null,
    weight: null,
    counts,
    weightSums,
    node,
    at: pl.at,
    unknown: pl.unknown,
    grouped: null,
    excluded: [],
    excludedN: 0,
  };
}

/**
 * @internal How many responses record `i` stands for: 1 for a row or column record (0 when set
 * aside for its score), the entry's count for a tally entry.
 */
export function unitsAt(norm: NormalizedResponses, i: number): number {
  const c = norm.counts;
  if (c !== null) return (c[3 * i] ?? 0) + (c[3 * i + 1] ?? 0) + (c[3 * i + 2] ?? 0);
  return norm.category !== null && norm.category[i] === EXCLUDED ? 0 : 1;
}
