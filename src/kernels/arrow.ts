/**
 * @internal Apache Arrow tables as plain columns, for every reader that takes columns.
 *
 * Duck-typed: works with the `Table` of apache-arrow (JS) and of @uwdata/flechette, and anything
 * shaped like them (`numRows`, `schema.fields`, `getChild(name)`; columns with `type.typeId`,
 * `data` chunks, `nullCount`, `toArray()`). npskit does not depend on either library.
 *
 * What a field becomes ({@link ArrowColumn}):
 * - integer (8, 16, 32 bits) and float (32, 64 bits) columns: the typed array itself, **without
 *   copying**, when the column is one chunk with no nulls; one concatenation for several chunks;
 *   with nulls, a `Float64Array` copy with `NaN` for each null (so a null score or weight is
 *   reported by the reader as invalid, never counted as 0);
 * - 64-bit integer columns (a DuckDB `COUNT(*)`, `BIGINT`): a `Float64Array` of the values, each a
 *   safe integer (|v| ≤ 2^53 − 1) or an `invalid_input` error; NaN for nulls;
 * - dictionary-encoded string columns: `{ codes: Int32Array, values: string[] }` with the
 *   dictionary's strings once and −1 codes for nulls (the indices themselves when one chunk of
 *   Int32 indices with no nulls; chunks with different dictionaries are merged);
 * - string columns (Utf8, LargeUtf8): a `string[]`, or, when there are nulls, the dictionary form
 *   with −1 codes for the nulls (the "no value" of a dictionary column);
 * - timestamps (second, milli, micro, nano) and dates (Date32 days, Date64 milliseconds): epoch
 *   milliseconds in a `Float64Array` (finer units floored to the millisecond; the time zone of a
 *   timestamp does not change the instant), NaN for nulls;
 * - anything else (half floats, decimals, other dictionaries…): read value by value through the
 *   library, as numbers (NaN for nulls) or strings, or an `invalid_input` error naming the type.
 */
import { NpsInputError } from '../errors.ts';
import type { ArrowTableLike } from '../types.ts';
import { safeNumberOfBigInt } from './counts.ts';
import { describe } from './describe.ts';
import type { DictionaryColumn } from './responses.ts';

/** An Arrow data type, as both libraries describe it. */
interface ArrowType {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly precision?: number;
  readonly unit?: number;
  readonly dictionary?: ArrowType;
}

/** One chunk (record batch) of a column: apache-arrow `Data` or flechette `Batch`. */
interface ArrowChunk {
  readonly length: number;
  readonly nullCount: number;
  readonly values?: unknown;
  /** apache-arrow: validity bitmap, read from bit `offset`. */
  readonly nullBitmap?: Uint8Array | null;
  readonly offset?: number;
  /** flechette: validity bitmap. */
  readonly validity?: Uint8Array | null;
  /** The dictionary of a dictionary-encoded chunk. */
  readonly dictionary?: ArrowVector | null;
}

/** A column: apache-arrow `Vector` or flechette `Column`. */
interface ArrowVector extends Iterable<unknown> {
  readonly type: ArrowType;
  readonly length: number;
  readonly nullCount: number;
  readonly data: readonly ArrowChunk[];
  toArray(): ArrayLike<unknown>;
}

export type { ArrowTableLike } from '../types.ts';

/** A column as the readers take it. */
export type ArrowColumn = ArrayLike<number> | ArrayLike<string> | DictionaryColumn;

/** Whether `x` is an Arrow table (apache-arrow or flechette `Table`, or one shaped like them). */
export function isArrowTable(x: unknown): x is ArrowTableLike {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<Record<'numRows' | 'schema' | 'getChild', unknown>>;
  const schema = t.schema as { fields?: unknown } | null | undefined;
  return (
    typeof t.numRows === 'number' &&
    typeof t.getChild === 'function' &&
    typeof schema === 'object' &&
    schema !== null &&
    Array.isArray(schema.fields)
  );
}

// Arrow type ids (the Arrow format's `Type` enum, shared by both libraries).
const DICTIONARY = -1;
const INT = 2;
const FLOAT = 3;
const DATE = 8;
const TIMESTAMP = 10;
const HALF_PRECISION = 0;
const INSTANT = 'must hold instants within ±2^53 ms of 1970';

let endianness: boolean | undefined;
/** Whether typed arrays are little-endian here (every platform JavaScript runs on, in practice). */
function littleEndian(): boolean {
  endianness ??= new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  return endianness;
}
const DAY = 86_400_000;

/** Whether row `i` of a chunk holds a value (both libraries' bitmaps; none means all valid). */
function valid(chunk: ArrowChunk, i: number): boolean {
  if (chunk.nullCount === 0) return true;
  const bitmap = chunk.nullBitmap ?? chunk.validity;
  if (bitmap === null || bitmap === undefined || bitmap.length === 0) return true;
  const bit = (chunk.offset ?? 0) + i;
  return (((bitmap[bit >> 3] ?? 0) >> (bit & 7)) & 1) === 1;
}

/** Names of the Arrow format's type ids, for messages. */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  [-1]: 'Dictionary',
  1: 'Null',
  2: 'Int',
  3: 'Float',
  4: 'Binary',
  5: 'Utf8',
  6: 'Bool',
  7: 'Decimal',
  8: 'Date',
  9: 'Time',
  10: 'Timestamp',
  11: 'Interval',
  12: 'List',
  13: 'Struct',
  14: 'Union',
  15: 'FixedSizeBinary',
  16: 'FixedSizeList',
  17: 'Map',
  18: 'Duration',
  19: 'LargeBinary',
  20: 'LargeUtf8',
  21: 'LargeList',
};

function typeName(type: ArrowType): string {
  const name = TYPE_NAMES[type.typeId] ?? `type ${String(type.typeId)}`;
  return type.bitWidth === undefined ? name : `${name}${String(type.bitWidth)}`;
}

function isNumberArray(xs: unknown): xs is ArrayLike<number> {
  return (
    ArrayBuffer.isView(xs) &&
    !(xs instanceof DataView) &&
    !(xs instanceof BigInt64Array) &&
    !(xs instanceof BigUint64Array)
  );
}

function isBigIntArray(xs: unknown): xs is BigInt64Array | BigUint64Array {
  return xs instanceof BigInt64Array || xs instanceof BigUint64Array;
}

/** The dictionary code of `s`, added to `values` the first time it is seen. */
function intern(s: string, values: string[], indexOf: Map<string, number>): number {
  let g = indexOf.get(s);
  if (g === undefined) {
    g = values.length;
    values.push(s);
    indexOf.set(s, g);
  }
  return g;
}

/** Reads one column; `fail` builds the error for the value at row `i`. */
class ColumnReader {
  constructor(
    private readonly fn: string,
    private readonly field: string,
    private readonly col: ArrowVector,
  ) {}

  fail(i: number, what: string, received: unknown): NpsInputError {
    return new NpsInputError({
      code: 'invalid_input',
      message: `${this.fn}: column '${this.field}' (Arrow ${typeName(this.col.type)}) ${what} at row ${String(i)}, received ${describe(received)}`,
      index: i,
      path: [this.field, i],
      received,
    });
  }

  read(): ArrowColumn {
    const type = this.col.type;
    const chunks = this.col.data;
    switch (type.typeId) {
      case DICTIONARY:
        return this.dictionary() ?? this.generic();
      case INT:
        if (type.bitWidth === 64) return this.int64() ?? this.generic();
        return this.numeric();
      case FLOAT:
        return type.precision === HALF_PRECISION ? this.generic() : this.numeric();
      case TIMESTAMP: {
        const unit = type.unit ?? 1;
        if (unit > 3 || !chunks.every((c) => isBigIntArray(c.values))) return this.generic();
        // seconds, milli-, micro-, nanoseconds → milliseconds: × 1000, × 1, ÷ 1e3, ÷ 1e6
        if (unit <= 1) return this.wide(unit === 0 ? 1000 : 1, INSTANT);
        return this.divided(unit === 2 ? 1000n : 1_000_000n);
      }
      case DATE:
        if ((type.unit ?? 0) === 0) {
          if (!chunks.every((c) => isNumberArray(c.values))) return this.generic();
          return this.days();
        }
        if (!chunks.every((c) => isBigIntArray(c.values))) return this.generic();
        return this.wide(1, INSTANT);
      default:
        // Utf8, LargeUtf8 and the rest, value by value.
        return this.generic();
    }
  }

  /** Numbers of ≤ 32 bits: the library's own array without nulls (a view for one chunk). */
  private numeric(): ArrowColumn {
    if (this.col.nullCount === 0) {
      const xs = this.col.toArray();
      if (isNumberArray(xs)) return xs;
    }
    const out = new Float64Array(this.col.length);
    let row = 0;
    for (const chunk of this.col.data) {
      const nulls = chunk.nullCount !== 0;
      const values = chunk.values;
      if (!isNumberArray(values)) return this.generic();
      for (let i = 0; i < chunk.length; i++, row++) {
        out[row] = !nulls || valid(chunk, i) ? (values[i] as number) : Number.NaN;
      }
    }
    return out;
  }

  /** 64-bit integers as safe numbers, or `null` when the chunks do not hold BigInt arrays. */
  private int64(): ArrowColumn | null {
    if (!this.col.data.every((c) => isBigIntArray(c.values))) return null;
    return this.wide(1, 'must hold integers up to 2^53 − 1 in magnitude');
  }

  /**
   * 64-bit integers times `multiply` as safe numbers (NaN for nulls), each read as two 32-bit
   * words: no BigInt is made per row, which is 10 times faster than `Number(values[i])`. The
   * value is exact below 2^53 in magnitude; a larger one is never a safe integer, so it is caught.
   */
  private wide(multiply: number, requirement: string): Float64Array {
    const out = new Float64Array(this.col.length);
    let row = 0;
    for (const chunk of this.col.data) {
      const nulls = chunk.nullCount !== 0;
      const values = chunk.values as BigInt64Array | BigUint64Array;
      const unsigned = values instanceof BigUint64Array;
      const words = littleEndian()
        ? new Int32Array(
            values.buffer,
            values.byteOffset,
            2 * Math.min(values.length, chunk.length),
          )
        : null;
      for (let i = 0; i < chunk.length; i++, row++) {
        if (nulls && !valid(chunk, i)) {
          out[row] = Number.NaN;
          continue;
        }
        let n: number;
        if (words === null) n = Number(values[i]) * multiply;
        else {
          const hi = words[2 * i + 1] ?? Number.NaN;
          n = ((unsigned ? hi >>> 0 : hi) * 4_294_967_296 + ((words[2 * i] ?? 0) >>> 0)) * multiply;
        }
        if (!Number.isSafeInteger(n)) throw this.fail(row, requirement, values[i]);
        out[row] = n;
      }
    }
    return out;
  }

  /** Micro- or nanosecond instants to epoch ms, floor-divided by `d` exactly in BigInt. */
  private divided(d: bigint): Float64Array {
    const out = new Float64Array(this.col.length);
    let row = 0;
    for (const chunk of this.col.data) {
      const nulls = chunk.nullCount !== 0;
      const values = chunk.values as BigInt64Array;
      for (let i = 0; i < chunk.length; i++, row++) {
        if (nulls && !valid(chunk, i)) {
          out[row] = Number.NaN;
          continue;
        }
        const v = values[i] as bigint;
        let ms = v / d;
        if (v % d < 0n) ms -= 1n;
        // |v| < 2^63, so |ms| < 2^63 / 1000 fits, but may pass 2^53.
        const n = Number(ms);
        if (!Number.isSafeInteger(n)) throw this.fail(row, INSTANT, v);
        out[row] = n;
      }
    }
    return out;
  }

  /** Date32: days since 1970 to epoch ms. */
  private days(): Float64Array {
    const out = new Float64Array(this.col.length);
    let row = 0;
    for (const chunk of this.col.data) {
      const nulls = chunk.nullCount !== 0;
      const values = chunk.values as ArrayLike<number>;
      for (let i = 0; i < chunk.length; i++, row++) {
        out[row] = !nulls || valid(chunk, i) ? (values[i] as number) * DAY : Number.NaN;
      }
    }
    return out;
  }

  /** A dictionary column of strings, or `null` when its dictionary does not hold strings. */
  private dictionary(): DictionaryColumn | null {
    const chunks = this.col.data;
    const dictStrings = new Map<unknown, (string | null)[]>();
    for (const chunk of chunks) {
      const dict = chunk.dictionary;
      if (dict === null || dict === undefined || !isNumberArray(chunk.values)) return null;
      if (dictStrings.has(dict)) continue;
      const strings: (string | null)[] = [];
      for (const s of this.iterate(dict)) {
        if (s !== null && typeof s !== 'string') return null;
        strings.push(s);
      }
      dictStrings.set(dict, strings);
    }
    const first = chunks[0];
    const only = dictStrings.size === 1 ? [...dictStrings.values()][0] : undefined;
    // One chunk of Int32 indices, no nulls, a dictionary of strings: the indices themselves.
    if (
      chunks.length === 1 &&
      first?.nullCount === 0 &&
      first.values instanceof Int32Array &&
      only !== undefined &&
      !only.includes(null)
    ) {
      return { codes: first.values.subarray(0, first.length), values: only as string[] };
    }
    // General case: one global dictionary, each chunk's codes remapped into it.
    const values: string[] = [];
    const indexOf = new Map<string, number>();
    const remaps = new Map<unknown, Int32Array>();
    for (const [dict, strings] of dictStrings) {
      const remap = new Int32Array(strings.length);
      for (let k = 0; k < strings.length; k++) {
        const s = strings[k];
        remap[k] = s === null || s === undefined ? -1 : intern(s, values, indexOf);
      }
      remaps.set(dict, remap);
    }
    const codes = new Int32Array(this.col.length);
    let row = 0;
    for (const chunk of chunks) {
      const nulls = chunk.nullCount !== 0;
      const remap = remaps.get(chunk.dictionary) as Int32Array;
      const keys = chunk.values as ArrayLike<number>;
      for (let i = 0; i < chunk.length; i++, row++) {
        codes[row] = !nulls || valid(chunk, i) ? (remap[keys[i] as number] ?? -1) : -1;
      }
    }
    return { codes, values };
  }

  /** The values of a column through the library, with its errors turned into ours. */
  private iterate(col: Iterable<unknown>): unknown[] {
    const out: unknown[] = [];
    try {
      for (const v of col) out.push(v);
    } catch (e) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${this.fn}: column '${this.field}' (Arrow ${typeName(this.col.type)}) could not be read at row ${String(out.length)}: ${e instanceof Error ? e.message : describe(e)}`,
        index: out.length,
        path: [this.field, out.length],
        cause: e,
      });
    }
    return out;
  }

  /** Any other type, value by value: all strings, or all numbers (NaN for nulls). */
  private generic(): ArrowColumn {
    const xs = this.iterate(this.col);
    const firstValue = xs.find((v) => v !== null && v !== undefined);
    if (typeof firstValue === 'string') {
      const values: string[] = [];
      if (this.col.nullCount === 0) {
        for (let i = 0; i < xs.length; i++) {
          const v = xs[i];
          if (typeof v !== 'string') throw this.fail(i, 'must hold strings', v);
          values.push(v);
        }
        return values;
      }
      const indexOf = new Map<string, number>();
      const codes = new Int32Array(xs.length);
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i];
        if (v === null || v === undefined) codes[i] = -1;
        else if (typeof v === 'string') codes[i] = intern(v, values, indexOf);
        else throw this.fail(i, 'must hold strings', v);
      }
      return { codes, values };
    }
    const out = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (v === null || v === undefined) out[i] = Number.NaN;
      else if (typeof v === 'number') out[i] = v;
      else if (typeof v === 'bigint') {
        const n = safeNumberOfBigInt(v);
        if (n === null) throw this.fail(i, 'must hold integers up to 2^53 − 1 in magnitude', v);
        out[i] = n;
      } else if (v instanceof Date) out[i] = v.getTime();
      else throw this.fail(i, 'must hold numbers or strings', v);
    }
    return out;
  }
}

/**
 * The requested fields of an Arrow table as plain columns (see the file comment for what each
 * Arrow type becomes). Columns are read only for the fields asked for.
 *
 * @param fn - The public function's name, for messages.
 * @param table - An apache-arrow or flechette `Table` (check with {@link isArrowTable}).
 * @param fields - The column names to read.
 * @returns An object with one own property per field.
 * @throws {@link NpsInputError} `invalid_input` for a field the table does not have (the message
 *   lists the table's columns), a 64-bit integer or instant beyond ±2^53, or a column whose
 *   values are neither numbers nor strings.
 */
export function arrowColumns<F extends string>(
  fn: string,
  table: ArrowTableLike,
  fields: readonly F[],
): Record<F, ArrowColumn> {
  const names = table.schema.fields.map((f) => f.name);
  const entries = fields.map((field): [F, ArrowColumn] => {
    const col = names.includes(field)
      ? (table.getChild(field) as ArrowVector | null | undefined)
      : null;
    if (col === null || col === undefined) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: column '${field}' not found; the table has: ${names.length === 0 ? '(no columns)' : names.map((n) => `'${n}'`).join(', ')}`,
        path: [field],
        received: names,
      });
    }
    return [field, new ColumnReader(fn, field, col).read()];
  });
  // fromEntries defines own properties, so a field named '__proto__' is a column, not a prototype.
  return Object.fromEntries(entries) as Record<F, ArrowColumn>;
}
