// Arrow tables as plain columns, from both libraries npskit is tested against: apache-arrow (the
// reference JS implementation) and @uwdata/flechette (the fast decoder). Only tests import them.
import * as flechette from '@uwdata/flechette';
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArrowColumn, arrowColumns, isArrowTable } from '../../src/kernels/arrow.ts';
import type { DictionaryColumn } from '../../src/kernels/responses.ts';
import { thrown } from '../_support/errors.ts';

/** A column as a plain array of values: strings decoded, NaN for nulls kept as NaN. */
function plain(col: ArrowColumn): unknown[] {
  if ('codes' in col) {
    return Array.from(col.codes, (c) => (c < 0 ? null : col.values[c]));
  }
  return Array.from(col as ArrayLike<unknown>);
}

// The plain columns of a DuckDB-like export, in two record batches.
const store = ['s1', 's2', 's1', 'web', 's2', 's1', 'web'];
const score = [10, 3, 9, 7, 8, 1, 10];
const at = [
  Date.UTC(2025, 0, 5, 9),
  Date.UTC(2025, 0, 5, 23, 30),
  Date.UTC(2025, 1, 1),
  Date.UTC(2025, 2, 30, 1, 15),
  Date.UTC(2025, 2, 30, 2, 45),
  Date.UTC(2024, 11, 31, 23, 59, 59, 999),
  Date.UTC(1969, 11, 31, 12),
];
const weight = [1, 0.5, 2, 1.25, 1, 3, 0.75];
const FIELDS = ['store', 'score', 'at', 'weight'] as const;

/** apache-arrow: a table of two batches with store dictionary<int32, utf8>, score int8,
 * at timestamp[ms, Europe/Paris], weight float64. */
function apacheTable(): arrow.Table {
  const batch = (from: number, to: number) =>
    new arrow.Table({
      store: arrow.vectorFromArray(
        store.slice(from, to),
        new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      ),
      score: arrow.vectorFromArray(score.slice(from, to), new arrow.Int8()),
      at: arrow.vectorFromArray(
        at.slice(from, to),
        new arrow.Timestamp(arrow.TimeUnit.MILLISECOND, 'Europe/Paris'),
      ),
      weight: arrow.vectorFromArray(weight.slice(from, to), new arrow.Float64()),
    });
  return batch(0, 4).concat(batch(4, 7));
}

function expectPlain(cols: Record<string, ArrowColumn>): void {
  expect(plain(cols.store as ArrowColumn)).toEqual(store);
  expect(plain(cols.score as ArrowColumn)).toEqual(score);
  expect(plain(cols.at as ArrowColumn)).toEqual(at);
  expect(plain(cols.weight as ArrowColumn)).toEqual(weight);
  expect('codes' in (cols.store as object)).toBe(true);
  expect((cols.store as DictionaryColumn).codes).toBeInstanceOf(Int32Array);
}

describe('isArrowTable', () => {
  it('recognises apache-arrow and flechette tables, nothing else', () => {
    expect(isArrowTable(apacheTable())).toBe(true);
    expect(isArrowTable(flechette.tableFromArrays({ x: [1, 2] }))).toBe(true);
    for (const x of [null, undefined, [], {}, { score: [1] }, { numRows: 1, getChild: 1 }, 'x']) {
      expect(isArrowTable(x)).toBe(false);
    }
  });
});

describe('arrowColumns', () => {
  it('a chunked DuckDB-like apache-arrow table gives the plain columns', () => {
    const t = apacheTable();
    expect(t.batches.length).toBe(2);
    expectPlain(arrowColumns('test', t, FIELDS));
  });

  it('the same table through IPC, decoded by apache-arrow and by flechette, gives them too', () => {
    const bytes = arrow.tableToIPC(apacheTable(), 'stream');
    const a = arrow.tableFromIPC(bytes);
    const f = flechette.tableFromIPC(bytes);
    expect(f.getChild('score').data.length).toBe(2);
    expectPlain(arrowColumns('test', a, FIELDS));
    expectPlain(arrowColumns('test', f, FIELDS));
  });

  it('tableFromArrays of both libraries: typed arrays, strings and dictionaries', () => {
    const a = arrow.tableFromArrays({
      score: Int8Array.from(score),
      weight: Float64Array.from(weight),
      store,
    });
    const f = flechette.tableFromArrays(
      { score: Int8Array.from(score), weight: Float64Array.from(weight), store, label: store },
      { types: { store: flechette.dictionary(flechette.utf8()), label: flechette.utf8() } },
    );
    for (const t of [a, f]) {
      const cols = arrowColumns('test', t, ['score', 'weight', 'store']);
      expect(plain(cols.score)).toEqual(score);
      expect(plain(cols.weight)).toEqual(weight);
      expect(plain(cols.store)).toEqual(store);
    }
    // plain utf8 columns are string arrays
    const u = new arrow.Table({ label: arrow.vectorFromArray(store, new arrow.Utf8()) });
    for (const t of [f, u, flechette.tableFromIPC(arrow.tableToIPC(u))]) {
      const label = arrowColumns('test', t, ['label']).label;
      expect(Array.isArray(label)).toBe(true);
      expect(label).toEqual(store);
    }
  });

  it('one chunk without nulls is read without copying (score and dictionary codes)', () => {
    const f = flechette.tableFromArrays(
      { score: Int8Array.from(score), store },
      { types: { store: flechette.dictionary(flechette.utf8()) } },
    );
    const cols = arrowColumns('test', f, ['score', 'store']);
    expect((cols.score as Int8Array).buffer).toBe(
      (f.getChild('score').data[0]?.values as Int8Array).buffer,
    );
    expect(((cols.store as DictionaryColumn).codes as Int32Array).buffer).toBe(
      (f.getChild('store').data[0]?.values as Int32Array).buffer,
    );
    const a = arrow.tableFromArrays({ score: Float64Array.from(weight) });
    expect((arrowColumns('test', a, ['score']).score as Float64Array).buffer).toBe(
      a.getChild('score')?.data[0]?.values.buffer,
    );
  });

  it('nulls: NaN in a Float64Array copy for numbers, −1 codes for strings', () => {
    const t = new arrow.Table({
      score: arrow.vectorFromArray([10, null, 3], new arrow.Int8()),
      store: arrow.vectorFromArray(
        ['a', null, 'b'],
        new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      ),
      name: arrow.vectorFromArray(['x', null, 'y'], new arrow.Utf8()),
      n: arrow.vectorFromArray([5n, null, 7n], new arrow.Int64()),
      at: arrow.vectorFromArray([at[0], null, at[1]], new arrow.TimestampMillisecond()),
    });
    for (const table of [t, flechette.tableFromIPC(arrow.tableToIPC(t))]) {
      const cols = arrowColumns('test', table, ['score', 'store', 'name', 'n', 'at']);
      expect(cols.score).toBeInstanceOf(Float64Array);
      expect(plain(cols.score)).toEqual([10, Number.NaN, 3]);
      expect(plain(cols.store)).toEqual(['a', null, 'b']);
      expect((cols.store as DictionaryColumn).codes[1]).toBe(-1);
      expect(plain(cols.name)).toEqual(['x', null, 'y']);
      expect(plain(cols.n)).toEqual([5, Number.NaN, 7]);
      expect(plain(cols.at)).toEqual([at[0], Number.NaN, at[1]]);
    }
    // a slice keeps the right validity bits (apache-arrow slices by offset)
    expect(plain(arrowColumns('test', t.slice(1, 3), ['score']).score)).toEqual([Number.NaN, 3]);
  });

  it('timestamps in every unit and dates (Date32 days, Date64 ms) are epoch ms', () => {
    const ms = [Date.UTC(2025, 2, 30, 1, 2, 3), Date.UTC(1969, 6, 20, 20, 17), 0];
    const secs = ms.map((x) => Math.floor(x / 1000));
    const days = [Date.UTC(2025, 2, 30), Date.UTC(1969, 6, 20), 0];
    // Raw buffers, so sub-millisecond parts survive (vectorFromArray takes ms numbers).
    const vec = (values: bigint[] | number[], type: arrow.DataType) =>
      arrow.makeVector(
        arrow.makeData({
          type,
          length: values.length,
          data:
            typeof values[0] === 'bigint'
              ? BigInt64Array.from(values as bigint[])
              : Int32Array.from(values as number[]),
        } as never),
      );
    const t = new arrow.Table({
      s: vec(
        secs.map((x) => BigInt(x)),
        new arrow.TimestampSecond('UTC'),
      ),
      us: vec(
        ms.map((x) => BigInt(x) * 1000n + 999n),
        new arrow.TimestampMicrosecond(),
      ),
      ns: vec(
        ms.map((x) => BigInt(x) * 1_000_000n + 999_999n),
        new arrow.TimestampNanosecond('Asia/Tokyo'),
      ),
      d32: vec(
        days.map((x) => x / 86_400_000),
        new arrow.DateDay(),
      ),
      d64: vec(
        ms.map((x) => BigInt(x)),
        new arrow.DateMillisecond(),
      ),
    });
    for (const table of [t, flechette.tableFromIPC(arrow.tableToIPC(t))]) {
      const c = arrowColumns('test', table, ['s', 'us', 'ns', 'd32', 'd64']);
      expect(plain(c.s)).toEqual(secs.map((x) => x * 1000));
      // floored to the millisecond, also before 1970
      expect(plain(c.us)).toEqual(ms);
      expect(plain(c.ns)).toEqual(ms);
      expect(plain(c.d32)).toEqual(days);
      expect(plain(c.d64)).toEqual(ms);
    }
    // a negative sub-millisecond remainder floors down: −1 µs is −1 ms
    const neg = new arrow.Table({ us: vec([-1n], new arrow.TimestampMicrosecond()) });
    expect(plain(arrowColumns('test', neg, ['us']).us)).toEqual([-1]);
  });

  it('BigInt64 counts become numbers when safe, else a typed error', () => {
    const ok = arrow.tableFromArrays({ n: BigInt64Array.from([412n, 9_007_199_254_740_991n]) });
    expect(plain(arrowColumns('test', ok, ['n']).n)).toEqual([412, 9_007_199_254_740_991]);
    const big = arrow.tableFromArrays({ n: BigInt64Array.from([1n, 2n ** 60n]) });
    for (const table of [big, flechette.tableFromIPC(arrow.tableToIPC(big))]) {
      const e = thrown(() => arrowColumns('rollup', table, ['n']));
      expect(e.code).toBe('invalid_input');
      expect(e.index).toBe(1);
      expect(e.message).toMatch(/^rollup: column 'n' .*at row 1/);
    }
  });

  it('a missing field: invalid_input "column \'score\' not found; the table has: …"', () => {
    const t = arrow.tableFromArrays({ nps: Int8Array.from([1]), store: ['a'] });
    const e = thrown(() => arrowColumns('rollup', t, ['score']));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toEqual(['score']);
    expect(e.message).toBe("rollup: column 'score' not found; the table has: 'nps', 'store'");
    expect(() => arrowColumns('rollup', t, ['__proto__'])).toThrow(/not found/);
  });

  it('unsupported values (a list column) are a typed error, not a raw one', () => {
    const f = flechette.tableFromArrays({ xs: [[1], [2]] });
    expect(thrown(() => arrowColumns('test', f, ['xs'])).code).toBe('invalid_input');
  });

  it('property: random chunked numeric and string columns read back as the plain values', () => {
    const chunk = fc.array(
      fc.record({
        x: fc.option(fc.integer({ min: -1000, max: 1000 }), { freq: 5 }),
        s: fc.option(fc.constantFrom('a', 'b', '__proto__', 'é'), { freq: 5 }),
      }),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 4 }), (chunks) => {
        const tables = chunks.map(
          (rows) =>
            new arrow.Table({
              x: arrow.vectorFromArray(
                rows.map((r) => r.x),
                new arrow.Int32(),
              ),
              s: arrow.vectorFromArray(
                rows.map((r) => r.s),
                new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
              ),
            }),
        );
        const t = (tables[0] as arrow.Table).concat(...tables.slice(1));
        const rows = chunks.flat();
        for (const table of [t, flechette.tableFromIPC(arrow.tableToIPC(t))]) {
          const c = arrowColumns('test', table, ['x', 's']);
          expect(plain(c.x)).toEqual(rows.map((r) => r.x ?? Number.NaN));
          expect(plain(c.s)).toEqual(rows.map((r) => r.s));
        }
      }),
      { seed: 20261201, numRuns: 60 },
    );
  });
});
