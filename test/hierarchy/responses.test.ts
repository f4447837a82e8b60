import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenPointScheme } from '../../src/core/scheme.ts';
import { NpsInputError } from '../../src/errors.ts';
import { countGroups } from '../../src/kernels/groups.ts';
import { normalizeResponses } from '../../src/kernels/responses.ts';
import { respondentWeight } from '../_support/arbitraries.ts';
import { codeOf } from './_fixtures.ts';

const indexOf = new Map([
  ['a', 0],
  ['__proto__', 1],
  ['b', 2],
]);
const opts = { scheme: tenPointScheme, indexOf, at: 'required' as const };

describe('normalizeResponses', () => {
  it('grouped counting (fast row loop, string columns): prototype-named, numeric and unknown ids', () => {
    const idx = new Map(
      ['__proto__', 'constructor', 'hasOwnProperty', '0', '42', 'магазин', 'a b'].map(
        (id, i) => [id, i] as const,
      ),
    );
    const ids = [...idx.keys(), 'toString', 'valueOf', '1', '__defineGetter__', '42 '];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ nodeId: fc.constantFrom(...ids), score: fc.integer({ min: 1, max: 10 }) }),
          { maxLength: 80 },
        ),
        fc.option(fc.nat({ max: 80 }), { nil: undefined }),
        (rows, weightedFrom) => {
          // optionally a weight from some row on: the fast loop hands over to the general one
          const rs = rows.map((r, i) =>
            weightedFrom !== undefined && i >= weightedFrom ? { ...r, weight: 2 } : r,
          );
          const g = { scheme: tenPointScheme, indexOf: idx, group: idx.size };
          const expected = new Float64Array(3 * idx.size);
          const unknown = new Map<string, number>();
          for (const r of rs) {
            const x = idx.get(r.nodeId);
            const cat = r.score >= 8 ? 2 : r.score >= 6 ? 1 : 0;
            if (x === undefined) unknown.set(r.nodeId, (unknown.get(r.nodeId) ?? 0) + 1);
            else expected[3 * x + cat] = (expected[3 * x + cat] ?? 0) + 1;
          }
          const a = normalizeResponses('t', rs, g);
          expect(a.grouped?.counts).toEqual(expected);
          expect(new Map([...a.unknown].map(([k, u]) => [k, u.count]))).toEqual(unknown);
          const b = normalizeResponses(
            't',
            { score: rs.map((r) => r.score), nodeId: rs.map((r) => r.nodeId) },
            g,
          );
          expect(b.grouped?.counts).toEqual(expected);
          expect(new Map([...b.unknown].map(([k, u]) => [k, u.count]))).toEqual(unknown);
        },
      ),
    );
  });

  it('rows, string columns and dictionary columns give identical arrays', () => {
    const ids = ['a', 'zz', 'b', '__proto__', 'a', 'zz'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            nodeId: fc.constantFrom(...ids),
            score: fc.integer({ min: 1, max: 10 }),
            at: fc.integer({ min: 0, max: 2e12 }),
            weight: respondentWeight(),
          }),
        ),
        fc.boolean(),
        (rows, weighted) => {
          const rs = weighted
            ? rows
            : rows.map((r) => ({ nodeId: r.nodeId, score: r.score, at: r.at }));
          const a = normalizeResponses('t', rs, opts);
          const cols = {
            score: Float64Array.from(rows, (r) => r.score),
            nodeId: rows.map((r) => r.nodeId),
            at: rows.map((r) => r.at),
            ...(weighted ? { weight: rows.map((r) => r.weight) } : {}),
          };
          const b = normalizeResponses('t', cols, opts);
          const values = [...new Set(ids)];
          const dict = {
            ...cols,
            nodeId: { codes: Int32Array.from(rows, (r) => values.indexOf(r.nodeId)), values },
          };
          const c = normalizeResponses('t', dict, opts);
          for (const x of [b, c]) {
            expect(x.category).toEqual(a.category);
            expect(x.node).toEqual(a.node);
            expect(x.at).toEqual(a.at);
            expect(x.weight).toEqual(a.weight);
            expect([...x.unknown]).toEqual([...a.unknown]);
          }
        },
      ),
    );
  });

  it('the fused grouped path counts exactly what normalise-then-accumulate counts (rows, columns, partial weights)', () => {
    const ids = ['a', 'zz', 'b', '__proto__'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            nodeId: fc.option(fc.constantFrom(...ids), { nil: undefined }),
            score: fc.integer({ min: 1, max: 10 }),
            weight: fc.option(respondentWeight(), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        fc.boolean(),
        (rows, sorted) => {
          const rs = sorted
            ? [...rows].sort((x, y) => String(x.nodeId).localeCompare(String(y.nodeId)))
            : rows;
          const plain = { scheme: tenPointScheme, indexOf };
          const grouped = { ...plain, group: 3 };
          const ref = normalizeResponses('t', rs, plain);
          const { counts, sw, sw2 } = countGroups(ref, ref.node ?? new Int32Array(0), 3);
          const g = normalizeResponses('t', rs, grouped);
          expect(g.category).toBeNull();
          expect(g.grouped?.counts).toEqual(counts);
          expect(g.grouped?.sw ?? null).toEqual(sw);
          expect(g.grouped?.sw2 ?? null).toEqual(sw2);
          expect([...g.unknown]).toEqual([...ref.unknown]);
          const cols = {
            score: rs.map((r) => r.score),
            nodeId: rs.map((r) => r.nodeId) as string[],
            ...(sw !== null ? { weight: rs.map((r) => r.weight ?? 1) } : {}),
          };
          const gc = normalizeResponses('t', cols, grouped);
          expect(gc.grouped?.counts).toEqual(counts);
          expect(gc.grouped?.sw ?? null).toEqual(sw);
          expect([...gc.unknown]).toEqual([...ref.unknown]);
        },
      ),
    );
  });

  it('dictionary codes: the fused counting pass equals the general pass, errors included', () => {
    const values = ['a', 'zz', 'b', '__proto__'];
    // any code: valid, missing (negative integers), out of range, fractional, NaN
    const code = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -1, max: values.length - 1 }) },
      fc.constantFrom(-7, -(2 ** 40), values.length, 2 ** 32, 1.5, -0.5, Number.NaN),
    );
    const score = fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 1, max: 10 }) },
      fc.constantFrom(0, 11, -1, 7.5, Number.NaN),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(code, score), { maxLength: 30 }),
        fc.constantFrom('plain', 'Float64Array', 'Uint8Array'),
        (pairs, kind) => {
          // (an Int32Array only when every code fits: it would wrap 2^32 to 0)
          const ints = pairs.every(
            ([c, x]) => Number.isInteger(c) && Math.abs(c) < 2 ** 31 && Number.isInteger(x),
          );
          const raw = pairs.map(([, x]) => x);
          const typed = kind === 'Uint8Array' && ints && raw.every((x) => x >= 0 && x <= 255);
          const scores =
            kind === 'Float64Array' ? Float64Array.from(raw) : typed ? Uint8Array.from(raw) : raw;
          const codes =
            kind === 'plain' || !ints ? pairs.map(([c]) => c) : Int32Array.from(pairs, ([c]) => c);
          const cols = { score: scores, nodeId: { codes, values } };
          const plain = { scheme: tenPointScheme, indexOf };
          const outcome = (f: () => Float64Array) => {
            try {
              return { counts: [...f()] };
            } catch (e) {
              const x = e as NpsInputError;
              return { code: x.code, index: x.index, message: x.message };
            }
          };
          const general = outcome(() => {
            const ref = normalizeResponses('t', cols, plain);
            return countGroups(ref, ref.node ?? new Int32Array(0), 3).counts;
          });
          let unknownRef: unknown[] = [];
          let unknownFused: unknown[] = [];
          const fused = outcome(() => {
            const g = normalizeResponses('t', cols, { ...plain, group: 3 });
            unknownFused = [...g.unknown];
            unknownRef = [...normalizeResponses('t', cols, plain).unknown];
            return g.grouped?.counts ?? new Float64Array(0);
          });
          expect(fused).toEqual(general);
          expect(unknownFused).toEqual(unknownRef);
          // by hand (ten-point scheme: detractors 1–5, passives 6–7, promoters 8–10): valid
          // pairs counted, the first bad pair named
          const bad = pairs.findIndex(
            ([c, x]) =>
              !(Number.isInteger(x) && x >= 1 && x <= 10) ||
              !(Number.isInteger(c) && c < values.length),
          );
          if (bad >= 0) expect(general).toMatchObject({ index: bad });
          else {
            const counts = new Array<number>(9).fill(0);
            for (const [c, x] of pairs) {
              const node = indexOf.get(values[c] ?? '');
              const j = 3 * (node ?? 0) + (x >= 8 ? 2 : x >= 6 ? 1 : 0);
              if (node !== undefined) counts[j] = (counts[j] ?? 0) + 1;
            }
            expect(general).toEqual({ counts });
          }
        },
      ),
    );
  });

  it('dictionary codes that are BigInts are invalid_input on both paths, never a TypeError', () => {
    const plain = { scheme: tenPointScheme, indexOf };
    for (const codes of [BigInt64Array.from([0n, 1n]), [0, 1n]] as unknown as number[][]) {
      const cols = { score: [9, 9], nodeId: { codes, values: ['a', 'b'] } };
      expect(codeOf(() => normalizeResponses('t', cols, plain))).toBe('invalid_input');
      expect(codeOf(() => normalizeResponses('t', cols, { ...plain, group: 3 }))).toBe(
        'invalid_input',
      );
    }
  });

  it('long inputs: node lookup stays exact when runs are rare and when they are common', () => {
    const names = ['a', 'b', '__proto__', 'zz'];
    const n = 10_000;
    for (const order of ['random', 'runs'] as const) {
      let seed = 7;
      const rows = Array.from({ length: n }, (_, i) => {
        seed = (seed * 16807) % 2147483647;
        const k = order === 'random' ? seed % 4 : Math.floor((4 * i) / n);
        return { nodeId: names[k] as string, score: 1 + (seed % 10) };
      });
      const r = normalizeResponses('t', rows, { scheme: tenPointScheme, indexOf });
      const expected = rows.map((x) => indexOf.get(x.nodeId) ?? -1);
      expect([...(r.node ?? [])]).toEqual(expected);
      expect(r.unknown.get('zz')?.count).toBe(rows.filter((x) => x.nodeId === 'zz').length);
    }
  });

  it('hand-checked row normalisation with unknown and missing nodes', () => {
    const r = normalizeResponses(
      't',
      [
        { nodeId: 'a', score: 10, at: new Date(5) },
        { nodeId: 'q', score: 7, at: 6 },
        { score: 1, at: 7 },
      ],
      opts,
    );
    expect([...(r.category ?? [])]).toEqual([2, 1, 0]);
    expect([...(r.node ?? [])]).toEqual([0, -1, -1]);
    expect([...(r.at ?? [])]).toEqual([5, 6, 7]);
    expect(r.unknown.get('q')).toEqual({ count: 1, firstIndex: 1 });
    expect(r.unknown.get(undefined)).toEqual({ count: 1, firstIndex: 2 });
  });

  it('tallies: counts and weighted sums per entry', () => {
    const r = normalizeResponses(
      't',
      [
        { nodeId: 'a', at: 1, tally: { promoters: 3, passives: 2, detractors: 1, n: 6 } },
        {
          nodeId: 'b',
          at: 2,
          tally: {
            promoters: 1,
            passives: 0,
            detractors: 0,
            n: 1,
            weights: {
              promoters: 2,
              passives: 0,
              detractors: 0,
              promotersSquared: 4,
              passivesSquared: 0,
              detractorsSquared: 0,
            },
          },
        },
      ],
      opts,
    );
    expect([...(r.counts ?? [])]).toEqual([1, 2, 3, 0, 0, 1]);
    expect([...(r.weightSums ?? [])]).toEqual([1, 2, 3, 1, 2, 3, 0, 0, 2, 0, 0, 4]);
  });

  it('errors: invalid dates, mismatched lengths, bad scores, weights, codes, tallies', () => {
    expect(
      codeOf(() => normalizeResponses('t', [{ nodeId: 'a', score: 9, at: Number.NaN }], opts)),
    ).toBe('invalid_date');
    expect(
      codeOf(() => normalizeResponses('t', [{ nodeId: 'a', score: 9, at: new Date('x') }], opts)),
    ).toBe('invalid_date');
    expect(codeOf(() => normalizeResponses('t', [{ nodeId: 'a', score: 9 }], opts))).toBe(
      'invalid_date',
    );
    expect(() =>
      normalizeResponses('t', { score: [1, 2], nodeId: ['a'], at: [1, 2] }, opts),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: t: column nodeId must have one entry per score (2), received 1]`,
    );
    expect(codeOf(() => normalizeResponses('t', { score: [1], at: [1, 2] }, opts))).toBe(
      'length_mismatch',
    );
    expect(codeOf(() => normalizeResponses('t', [{ nodeId: 'a', score: 11, at: 1 }], opts))).toBe(
      'invalid_score',
    );
    expect(
      codeOf(() => normalizeResponses('t', [{ nodeId: 'a', score: 9, at: 1, weight: -1 }], opts)),
    ).toBe('invalid_weight');
    expect(
      codeOf(() =>
        normalizeResponses(
          't',
          { score: [9], nodeId: { codes: [4], values: ['a'] }, at: [1] },
          opts,
        ),
      ),
    ).toBe('invalid_input');
    const e = (() => {
      try {
        normalizeResponses(
          't',
          [{ nodeId: 'a', at: 1, tally: { promoters: -1, passives: 0, detractors: 0, n: -1 } }],
          opts,
        );
      } catch (x) {
        return x as NpsInputError;
      }
      return undefined;
    })();
    expect(e?.code).toBe('invalid_count');
    expect(e?.index).toBe(0);
    const z = (() => {
      try {
        normalizeResponses(
          't',
          [
            { nodeId: 'a', score: 9, at: 1 },
            { nodeId: 'a', score: 9, at: 'x' as unknown as number },
          ],
          opts,
        );
      } catch (x) {
        return x as NpsInputError;
      }
      return undefined;
    })();
    expect(z?.index).toBe(1);
  });
});
