import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  driverStats,
  driverStatsFromSums,
  mergeDriverStats,
  NpsInputError,
} from '../../src/index.ts';

function caught(f: () => unknown): NpsInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof NpsInputError) return e;
    throw e;
  }
  throw new Error('expected an NpsInputError');
}

/** Checked index (tests avoid non-null assertions). */
function at<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`index ${String(i)} out of range`);
  return v;
}

const rowArb = fc.record({
  score: fc.integer({ min: 1, max: 10 }),
  ratings: fc.record({
    a: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null, freq: 8 }),
    b: fc.integer({ min: 1, max: 10 }),
  }),
});

/** Two-pass textbook statistics (independent path). */
function twoPass(rows: readonly { score: number; ratings: { a: number | null; b: number } }[]): {
  n: number;
  means: number[];
  comoments: number[];
} {
  const x: number[][] = [];
  for (const r of rows) if (r.ratings.a !== null) x.push([r.score, r.ratings.a, r.ratings.b]);
  const n = x.length;
  const means = [0, 1, 2].map((j) => x.reduce((s, r) => s + at(r, j), 0) / n);
  const comoments: number[] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      comoments.push(
        x.reduce((s, r) => s + (at(r, i) - at(means, i)) * (at(r, j) - at(means, j)), 0),
      );
  return { n, means, comoments };
}

describe('driverStats', () => {
  it('hand-computed two-row case, missing rating counted in excludedN', () => {
    const s = driverStats([
      { score: 9, ratings: { speed: 8, price: 2 } },
      { score: 5, ratings: { speed: 4, price: 6 } },
      { score: 7, ratings: { speed: null, price: 3 } },
    ]);
    expect(s).toEqual({
      drivers: ['speed', 'price'],
      outcome: 'score',
      n: 2,
      excludedN: 1,
      means: [7, 6, 4],
      comoments: [8, 8, -8, 8, 8, -8, -8, -8, 8],
    });
  });

  it('matches the two-pass formula', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), (rows) => {
        const s = driverStats(rows, { drivers: ['a', 'b'] });
        const t = twoPass(rows);
        expect(s.n).toBe(t.n);
        expect(s.excludedN).toBe(rows.length - t.n);
        if (t.n === 0) return;
        s.means.forEach((m, i) => {
          expect(m).toBeCloseTo(at(t.means, i), 10);
        });
        s.comoments.forEach((c, i) => {
          expect(c).toBeCloseTo(at(t.comoments, i), 8);
        });
      }),
    );
  });

  it('merged statistics equal statistics of the union', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        fc.array(rowArb, { maxLength: 40 }),
        (a, b) => {
          const opts = { drivers: ['a', 'b'] };
          const m = mergeDriverStats(driverStats(a, opts), driverStats(b, opts));
          const u = driverStats([...a, ...b], opts);
          expect(m.n).toBe(u.n);
          expect(m.excludedN).toBe(u.excludedN);
          m.means.forEach((v, i) => {
            expect(v).toBeCloseTo(at(u.means, i), 10);
          });
          m.comoments.forEach((v, i) => {
            expect(v).toBeCloseTo(at(u.comoments, i), 7);
          });
        },
      ),
    );
  });

  it('merging any split into shards equals the exact statistics of the union (every outcome)', () => {
    // Exact reference in integer arithmetic: with integer data, n·x̄ = Σx and
    // n·C = nΣxy − ΣxΣy are integers, so merged = union is checked to a few ulps of the exact values.
    const recode = {
      score: (v: number) => v,
      // the default ten-point scheme: promoters 8–10, detractors 1–5
      nps: (v: number) => (v >= 8 ? 100 : v <= 5 ? -100 : 0),
      promoter: (v: number) => (v >= 8 ? 1 : 0),
      detractor: (v: number) => (v <= 5 ? 1 : 0),
    } as const;
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.constantFrom('score', 'nps', 'promoter', 'detractor' as const),
        (rows, cuts, outcome) => {
          const opts = { drivers: ['a', 'b'], outcome };
          const bounds = [
            0,
            ...cuts.map((c) => c % (rows.length + 1)).sort((x, y) => x - y),
            rows.length,
          ];
          let merged = driverStats(rows.slice(0, at(bounds, 1)), opts);
          for (let k = 1; k + 1 < bounds.length; k++)
            merged = mergeDriverStats(
              merged,
              driverStats(rows.slice(at(bounds, k), at(bounds, k + 1)), opts),
            );
          const x = rows
            .filter((r) => r.ratings.a !== null)
            .map((r) => [recode[outcome](r.score), r.ratings.a ?? 0, r.ratings.b].map(BigInt));
          const n = x.length;
          expect(merged.n).toBe(n);
          expect(merged.excludedN).toBe(rows.length - n);
          if (n === 0) return;
          const N = BigInt(n);
          const sum = [0, 1, 2].map((i) => x.reduce((t, r) => t + at(r, i), 0n));
          for (let i = 0; i < 3; i++) {
            const mean = Number(at(sum, i)) / n;
            expect(Math.abs(at(merged.means, i) - mean)).toBeLessThanOrEqual(
              1e-13 * (1 + Math.abs(mean)),
            );
            for (let j = 0; j < 3; j++) {
              const sxy = x.reduce((t, r) => t + at(r, i) * at(r, j), 0n);
              const exact = Number(N * sxy - at(sum, i) * at(sum, j)) / n;
              // Rounding scales with the size of the terms, not of their (possibly cancelling)
              // sum: Σxy = 0 with a non-zero comoment happened (CI seed -1039113312).
              const abs = (v: bigint) => (v < 0n ? -v : v);
              const sAbs = x.reduce((t, r) => t + abs(at(r, i) * at(r, j)), 0n);
              const scale = Number(sAbs) + Math.abs(Number(at(sum, i) * at(sum, j))) / n + 1;
              expect(Math.abs(at(merged.comoments, i * 3 + j) - exact)).toBeLessThanOrEqual(
                1e-13 * scale,
              );
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is numerically stable with a large offset (Welford)', () => {
    const rows = [1, 2, 3, 4].map((v) => ({ score: 1e9 + v, ratings: { a: 1e9 + 2 * v } }));
    const s = driverStats(rows);
    expect(s.comoments).toEqual([5, 10, 10, 20]);
  });

  it('rows and columns give the same statistics; notApplicable codes are missing', () => {
    const rows = [
      { score: 9, ratings: { a: 8 } },
      { score: 3, ratings: { a: 99 } },
      { score: 5, ratings: { a: 4 } },
    ];
    const cols = { score: [9, 3, 5], ratings: { a: [8, 99, 4] } };
    expect(driverStats(rows, { notApplicable: [99] })).toEqual(
      driverStats(cols, { notApplicable: [99] }),
    );
    expect(driverStats(cols, { notApplicable: [99] }).excludedN).toBe(1);
    expect(driverStats({ score: [1, 2], ratings: { a: [1, Number.NaN] } }).n).toBe(1);
  });

  it('driver names like __proto__ work', () => {
    const rows = [
      { score: 1, ratings: JSON.parse('{"__proto__": 1}') as Record<string, number> },
      { score: 2, ratings: JSON.parse('{"__proto__": 3}') as Record<string, number> },
    ];
    expect(driverStats(rows).drivers).toEqual(['__proto__']);
    expect(driverStats(rows).means).toEqual([1.5, 2]);
  });

  it('errors', () => {
    expect(() => driverStats({ score: [1, 2], ratings: { a: [1] } })).toThrow(
      expect.objectContaining({ code: 'length_mismatch' }),
    );
    expect(() => driverStats([{ score: 11, ratings: { a: 1 } }], { outcome: 'nps' })).toThrow(
      expect.objectContaining({ code: 'invalid_score' }),
    );
    expect(() => driverStats([{ score: 1, ratings: { a: '1' as unknown as number } }])).toThrow(
      expect.objectContaining({ code: 'non_finite', index: 0 }),
    );
    expect(() =>
      driverStats([{ score: 1, ratings: { a: 1 } }], { drivers: ['b'] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: driverStats: driver must be one of the rated drivers, received "b"]`,
    );
    const a = driverStats([{ score: 1, ratings: { a: 1 } }]);
    const b = driverStats([{ score: 1, ratings: { b: 1 } }]);
    expect(() => mergeDriverStats(a, b)).toThrow(
      expect.objectContaining({ code: 'incompatible_stats' }),
    );
    expect(() =>
      mergeDriverStats(a, driverStats([{ score: 9, ratings: { a: 1 } }], { outcome: 'nps' })),
    ).toThrow(expect.objectContaining({ code: 'incompatible_stats' }));
  });
});

describe('driverStatsFromSums', () => {
  it('equals driverStats of the same rows, and merges with it', () => {
    const rows = [
      { score: 9, ratings: { a: 8, b: 2 } },
      { score: 5, ratings: { a: 4, b: 6 } },
      { score: 7, ratings: { a: 6, b: 3 } },
    ];
    const x = rows.map((r) => [r.score, r.ratings.a, r.ratings.b]);
    const sums = [0, 1, 2].map((j) => x.reduce((s, r) => s + at(r, j), 0));
    const sp: number[] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) sp.push(x.reduce((s, r) => s + at(r, i) * at(r, j), 0));
    const s = driverStatsFromSums({ drivers: ['a', 'b'], n: 3, sums, sumsOfProducts: sp });
    const t = driverStats(rows);
    expect(s.n).toBe(3);
    s.means.forEach((m, i) => {
      expect(m).toBeCloseTo(at(t.means, i), 12);
    });
    s.comoments.forEach((c, i) => {
      expect(c).toBeCloseTo(at(t.comoments, i), 10);
    });
    expect(mergeDriverStats(s, t).n).toBe(6);
  });
  it('rejects impossible sums: the issue case |r| = 5, for which shapley reported R² = 25', () => {
    // n = 3, Σy = Σa = 0, Σy² = Σa² = 1, Σya = 5: r = 5 / √(1 · 1) = 5, R² = 25.
    const bad = { drivers: ['speed'], n: 3, sums: [0, 0], sumsOfProducts: [1, 5, 5, 1] };
    const e = caught(() => driverStatsFromSums(bad));
    expect(e.code).toBe('incompatible_stats');
    expect(e.message).toMatch(
      /correlation of the outcome with driver "speed" of 5, beyond −1\.\.1/,
    );
    expect(e.path).toStrictEqual(['sumsOfProducts', 1]);
  });
  it('rejects a negative variance and non-zero sums of no rows, naming the variable', () => {
    // Σa² = 10 < n·ā² = 4 · 2² = 16
    const v = caught(() =>
      driverStatsFromSums({ drivers: ['a'], n: 4, sums: [4, 8], sumsOfProducts: [8, 8, 8, 10] }),
    );
    expect([v.code, v.path]).toStrictEqual(['incompatible_stats', ['sumsOfProducts', 3]]);
    expect(v.message).toMatch(/negative variance for driver "a"/);
    const z = caught(() =>
      driverStatsFromSums({ drivers: ['a'], n: 0, sums: [0, 1], sumsOfProducts: [0, 0, 0, 1] }),
    );
    expect([z.code, z.path]).toStrictEqual(['incompatible_stats', ['sums', 1]]);
  });
  it('accepts sums at the edge of possible: rounding below 0 and |r| = 1 exactly', () => {
    // rows (1, 1), (2, 2), (3, 3): r = 1; a constant third variable with Σc² − n·c̄² rounding
    const s = driverStatsFromSums({
      drivers: ['a', 'c'],
      n: 3,
      sums: [6, 6, 0.3],
      sumsOfProducts: [14, 14, 0.6, 14, 14, 0.6, 0.6, 0.6, 0.03],
    });
    expect(s.comoments[0]).toBeCloseTo(2, 12);
    expect(s.comoments[1]).toBeCloseTo(2, 12);
    expect(s.comoments[8]).toBeGreaterThanOrEqual(0);
    expect(s.comoments[8]).toBeLessThan(1e-15);
  });
  it('errors', () => {
    expect(() =>
      driverStatsFromSums({ drivers: ['a'], n: 2, sums: [1], sumsOfProducts: [1, 2, 3, 4] }),
    ).toThrow(expect.objectContaining({ code: 'incompatible_stats' }));
    expect(() =>
      driverStatsFromSums({
        drivers: ['a'],
        n: 2,
        sums: [1, Infinity],
        sumsOfProducts: [1, 2, 3, 4],
      }),
    ).toThrow(expect.objectContaining({ code: 'non_finite' }));
  });
});

describe('columns fast path', () => {
  it('every number of variables (each tile remainder) matches the two-pass formula', () => {
    for (let p = 1; p <= 8; p++) {
      const n = 2100;
      const x = Array.from({ length: n }, (_, i) =>
        Array.from({ length: p + 1 }, (_, v) => Math.sin(i * (v + 1.3)) * (v + 1) + 5 * v),
      );
      const s = driverStats({
        score: x.map((r) => at(r, 0)),
        ratings: Object.fromEntries(
          Array.from({ length: p }, (_, j) => [`d${String(j)}`, x.map((r) => at(r, j + 1))]),
        ),
      });
      const k = p + 1;
      const m = Array.from({ length: k }, (_, v) => x.reduce((t, r) => t + at(r, v), 0) / n);
      const cm = (a: number, b: number): number =>
        x.reduce((t, r) => t + (at(r, a) - at(m, a)) * (at(r, b) - at(m, b)), 0);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++)
          expect(Math.abs(at(s.comoments, a * k + b) - cm(a, b))).toBeLessThan(
            1e-11 * Math.sqrt(cm(a, a) * cm(b, b)),
          );
    }
  });

  it('typed arrays of every numeric kind equal plain arrays; NaN and not-applicable codes skip rows', () => {
    const score = [9, 5, 7, 3, 8, 6];
    const a = [8, 4, 99, 2, 7, 5];
    const b = [2, 6, 3, Number.NaN, 1, 4];
    const plain = driverStats({ score, ratings: { a, b } }, { notApplicable: [99] });
    expect(plain.n).toBe(4);
    expect(plain.excludedN).toBe(2);
    for (const make of [
      (x: number[]) => Float64Array.from(x),
      (x: number[]) => Float32Array.from(x),
    ]) {
      const t = driverStats(
        { score: make(score), ratings: { a: make(a), b: make(b) } },
        { notApplicable: [99] },
      );
      expect(t).toEqual(plain);
    }
    const ints = driverStats(
      {
        score: Int32Array.from(score),
        ratings: { a: Int32Array.from(a), b: Uint8Array.from([2, 6, 3, 9, 1, 4]) },
      },
      { notApplicable: [99, 9] },
    );
    expect(ints).toEqual(plain);
    // a recoded outcome from a typed score column, typed complete ratings (the direct path)
    const full = {
      score: Int32Array.from([9, 5, 7, 3, 8, 6]),
      ratings: { a: Float64Array.from([8, 4, 2, 2, 7, 5]) },
    };
    const rowsOf = [9, 5, 7, 3, 8, 6].map((sc, i) => ({
      score: sc,
      ratings: { a: at(full.ratings.a, i) },
    }));
    expect(driverStats(full, { outcome: 'nps' })).toEqual(driverStats(rowsOf, { outcome: 'nps' }));
  });

  it('rejects ±Infinity in typed columns with the row index', () => {
    const score = Float64Array.from([1, 2, 3]);
    expect(() =>
      driverStats({ score, ratings: { a: Float64Array.from([1, -Infinity, 2]) } }),
    ).toThrow(expect.objectContaining({ code: 'non_finite', index: 1 }));
    expect(() =>
      driverStats({ score: Float64Array.from([1, Infinity, 3]), ratings: { a: [1, 2, 3] } }),
    ).toThrow(expect.objectContaining({ code: 'non_finite', index: 1 }));
    expect(() =>
      driverStats({ score: Float64Array.from([1, Number.NaN, 3]), ratings: { a: [1, 2, 3] } }),
    ).toThrow(expect.objectContaining({ code: 'non_finite', index: 1 }));
  });

  it('Float64Array columns read in place: clean and gappy blocks, large offset, exact sums', () => {
    // 5000 rows = five blocks; a missing value only in the third block (row 2500) and an
    // offset of 1e4 on the outcome: every value minus 1e4 is a small integer, so
    // the exact co-moments follow from integer sums (shift invariance).
    const n = 5000;
    const small = (i: number, m: number): number => ((i * 7919) % m) - (m >> 1);
    const score = Float64Array.from({ length: n }, (_, i) => 1e4 + small(i, 11));
    const a = Float64Array.from({ length: n }, (_, i) => 3 + small(i * 31 + 5, 10));
    const b = Float64Array.from({ length: n }, (_, i) => small(i * 17 + 3, 13) - 2);
    a[2500] = Number.NaN;
    const s = driverStats({ score, ratings: { a, b } });
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== 2500);
    expect([s.n, s.excludedN]).toEqual([n - 1, 1]);
    const cols = [
      keep.map((i) => at(score, i) - 1e4),
      keep.map((i) => at(a, i)),
      keep.map((i) => at(b, i)),
    ];
    const m = keep.length;
    for (let i = 0; i < 3; i++) {
      const si = at(cols, i).reduce((t, v) => t + v, 0);
      expect(Math.abs(at(s.means, i) - (i === 0 ? 1e4 : 0) - si / m)).toBeLessThan(
        1e-6 * (i === 0 ? 1 : 1e-6),
      );
      for (let j = 0; j < 3; j++) {
        const sj = at(cols, j).reduce((t, v) => t + v, 0);
        const sij = at(cols, i).reduce((t, v, q) => t + v * at(at(cols, j), q), 0);
        const exact = sij - (si * sj) / m; // integers well below 2^53: exact up to the last division
        expect(Math.abs(at(s.comoments, i * 3 + j) - exact)).toBeLessThanOrEqual(
          1e-12 * Math.abs(sij),
        );
      }
    }
    // An infinite value in a later block is reported with its row index.
    b[4321] = Infinity;
    expect(() => driverStats({ score, ratings: { a, b } })).toThrow(
      expect.objectContaining({ code: 'non_finite', index: 4321 }),
    );
  });

  it('finite values whose squares overflow are an error, not infinite co-moments', () => {
    const rows = [
      { score: 1, ratings: { a: 1e200 } },
      { score: 2, ratings: { a: -1e200 } },
    ];
    expect(() => driverStats(rows)).toThrow(expect.objectContaining({ code: 'non_finite' }));
    expect(() =>
      driverStats({ score: Float64Array.of(1, 2), ratings: { a: Float64Array.of(1e200, -1e200) } }),
    ).toThrow(/sums of products must be finite/);
  });

  it('equals the rows path across block boundaries with scattered missing values', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const n = 3100;
    const score = new Float64Array(n);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const rows = [];
    for (let i = 0; i < n; i++) {
      score[i] = 1 + Math.floor(rnd() * 10);
      a[i] = rnd() < 0.1 ? Number.NaN : 1 + Math.floor(rnd() * 10);
      b[i] = rnd() < 0.05 ? Number.NaN : 1000 + rnd();
      rows.push({
        score: at(score, i),
        ratings: {
          a: Number.isNaN(at(a, i)) ? null : at(a, i),
          b: Number.isNaN(at(b, i)) ? null : at(b, i),
        },
      });
    }
    const c = driverStats({ score, ratings: { a, b } });
    const r = driverStats(rows);
    expect(c.n).toBe(r.n);
    expect(c.excludedN).toBe(r.excludedN);
    c.means.forEach((m, i) => {
      expect(Math.abs(m - at(r.means, i))).toBeLessThan(1e-9);
    });
    c.comoments.forEach((v, i) => {
      expect(Math.abs(v - at(r.comoments, i))).toBeLessThan(1e-7 * Math.max(1, Math.abs(v)));
    });
  });
});
