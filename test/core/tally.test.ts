import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  classicScheme,
  classify,
  mergeTallies,
  NpsInputError,
  rollup,
  type Tally,
  tally,
  tallyFromCounts,
} from '../../src/index.ts';

const tallyArb = fc
  .tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000))
  .map(([promoters, passives, detractors]) => tallyFromCounts({ promoters, passives, detractors }));

describe('tally', () => {
  it('tally(scores) counts each band, boundaries included (ten-point: 1–5 / 6–7 / 8–10)', () => {
    expect(tally([1, 5, 6, 7, 8, 10])).toEqual({ promoters: 2, passives: 2, detractors: 2, n: 6 });
  });

  it('tally(scores, { scheme: classicScheme }) uses 0–6 / 7–8 / 9–10', () => {
    expect(tally([0, 6, 7, 8, 9, 10, 10], { scheme: classicScheme })).toEqual({
      promoters: 3,
      passives: 2,
      detractors: 2,
      n: 7,
    });
  });

  it('tally([]) is the empty tally', () => {
    expect(tally([])).toEqual({ promoters: 0, passives: 0, detractors: 0, n: 0 });
  });

  it('tally([x]) of one response', () => {
    expect(tally([9])).toEqual({ promoters: 1, passives: 0, detractors: 0, n: 1 });
  });

  it('tally accepts typed arrays, array-likes and iterables alike', () => {
    const expected = tally([10, 3, 7, 7]);
    expect(tally(new Uint8Array([10, 3, 7, 7]))).toEqual(expected);
    expect(tally(new Float64Array([10, 3, 7, 7]))).toEqual(expected);
    expect(tally(new Set([10, 3, 7]))).toEqual({ promoters: 1, passives: 1, detractors: 1, n: 3 });
    expect(tally({ length: 2, 0: 8, 1: 1 })).toEqual({
      promoters: 1,
      passives: 0,
      detractors: 1,
      n: 2,
    });
    function* gen() {
      yield 10;
      yield 2;
    }
    expect(tally(gen())).toEqual({ promoters: 1, passives: 0, detractors: 1, n: 2 });
  });

  it('tally reports the index of the first bad score', () => {
    try {
      tally([10, 9, 6.5, 3]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NpsInputError);
      expect((e as NpsInputError).code).toBe('invalid_score');
      expect((e as NpsInputError).index).toBe(2);
      expect((e as NpsInputError).message).toBe(
        'tally: score at index 2 must be an integer from 1 to 10 (ten-point scheme), received 6.5',
      );
    }
    for (const bad of [Number.NaN, 0, 11, '8', null, true]) {
      expect(() => tally([8, bad as number])).toThrow(/score at index 1/);
    }
  });

  it('tally(scores, { weights }) keeps Σw and Σw² per category', () => {
    const t = tally([10, 9, 7, 3], { weights: [2, 0.5, 1, 3] });
    expect(t).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 1,
      n: 4,
      weights: {
        promoters: 2.5,
        passives: 1,
        detractors: 3,
        promotersSquared: 4.25,
        passivesSquared: 1,
        detractorsSquared: 9,
      },
    });
  });

  it('tally rejects bad weights and length mismatches', () => {
    for (const w of [-1, Number.NaN, Infinity, '1']) {
      expect(() => tally([10, 9], { weights: [1, w as number] })).toThrow(
        expect.objectContaining({ code: 'invalid_weight', index: 1 }) as Error,
      );
    }
    expect(() => tally([10, 9], { weights: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: tally: weights must have one entry per score (2), received 1]`,
    );
  });

  it('tally does not mutate its input', () => {
    const scores = Object.freeze([10, 3, 7]);
    const weights = Object.freeze([1, 2, 3]);
    tally(scores, { weights });
    expect(scores).toEqual([10, 3, 7]);
  });

  it('tally equals counting classify() one by one (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 })), (xs) => {
        const t = tally(xs);
        const count = (c: string) => xs.filter((x) => classify(x) === c).length;
        return (
          t.promoters === count('promoter') &&
          t.passives === count('passive') &&
          t.detractors === count('detractor') &&
          t.n === xs.length
        );
      }),
    );
  });

  it('tally is invariant under permutation (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 10 }))
          .chain((xs) =>
            fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length })),
          ),
        ([xs, ys]) => {
          expect(tally(ys, { scheme: classicScheme })).toEqual(
            tally(xs, { scheme: classicScheme }),
          );
        },
      ),
    );
  });
});

describe('tallyFromCounts', () => {
  it('tallyFromCounts(counts) fills n', () => {
    expect(tallyFromCounts({ promoters: 3, passives: 0, detractors: 2 })).toEqual({
      promoters: 3,
      passives: 0,
      detractors: 2,
      n: 5,
    });
  });

  it('tallyFromCounts rejects negative, fractional and non-finite counts', () => {
    expect(() =>
      tallyFromCounts({ promoters: -1, passives: 0, detractors: 0 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: tallyFromCounts: promoters must be a non-negative integer count up to 2^53 − 1, received -1]`,
    );
    for (const bad of [1.5, Number.NaN, Infinity, '3', 3n, 2 ** 53, undefined]) {
      expect(() =>
        tallyFromCounts({ promoters: 1, passives: bad as number, detractors: 0 }),
      ).toThrow(expect.objectContaining({ code: 'invalid_count', path: ['passives'] }) as Error);
    }
  });

  it('tallyFromCounts reads counts as databases give them only with coerce (through the tally reader)', () => {
    // the tally entries of rollup read counts with the same rule as tallyFromHistogram
    const h = buildHierarchy([{ id: 's', parentId: null }]);
    const entry = {
      nodeId: 's',
      tally: { promoters: '412' as never, passives: 3n as never, detractors: 5 },
    };
    expect(rollup(h, [entry], { coerce: true }).nodes[0]?.total).toStrictEqual({
      promoters: 412,
      passives: 3,
      detractors: 5,
      n: 420,
    });
    expect(() => rollup(h, [entry])).toThrow(/pass coerce: true/);
  });

  it('a total n given beside the counts must be theirs (never silently recomputed)', () => {
    const wrong = { promoters: 1, passives: 1, detractors: 2, n: 7 };
    expect(() => tallyFromCounts(wrong)).toThrow(
      expect.objectContaining({ code: 'invalid_count', path: ['n'] }) as Error,
    );
    expect(tallyFromCounts({ promoters: 1, passives: 1, detractors: 2, n: 4 } as never).n).toBe(4);
    const h = buildHierarchy([{ id: 's', parentId: null }]);
    expect(() => rollup(h, [{ nodeId: 's', tally: wrong }])).toThrow(/n must equal promoters/);
  });

  it('tallyFromCounts accepts weighted sums computed elsewhere and validates them', () => {
    const weights = {
      promoters: 1.5,
      passives: 0,
      detractors: 2,
      promotersSquared: 1.25,
      passivesSquared: 0,
      detractorsSquared: 4,
    };
    expect(tallyFromCounts({ promoters: 2, passives: 0, detractors: 1, weights }).weights).toEqual(
      weights,
    );
    expect(() =>
      tallyFromCounts({
        promoters: 2,
        passives: 0,
        detractors: 1,
        weights: { ...weights, detractorsSquared: -1 },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_weight',
        path: ['weights', 'detractorsSquared'],
      }) as Error,
    );
  });
});

describe('mergeTallies', () => {
  it('mergeTallies() is the empty tally; mergeTallies(a) equals a', () => {
    expect(mergeTallies()).toEqual({ promoters: 0, passives: 0, detractors: 0, n: 0 });
    const a = tallyFromCounts({ promoters: 1, passives: 2, detractors: 3 });
    expect(mergeTallies(a)).toEqual(a);
  });

  it('mergeTallies of weighted and unweighted tallies counts unweighted responses as weight 1', () => {
    const merged = mergeTallies(tally([10, 3], { weights: [2, 3] }), tally([10, 7]));
    expect(merged.weights).toEqual({
      promoters: 3,
      passives: 1,
      detractors: 3,
      promotersSquared: 5,
      passivesSquared: 1,
      detractorsSquared: 9,
    });
    expect(merged.n).toBe(4);
  });

  it('mergeTallies rejects something that is not a tally', () => {
    expect(() => mergeTallies({ promoters: 1 } as Tally)).toThrow(
      expect.objectContaining({ code: 'invalid_count', path: [0, 'passives'] }) as Error,
    );
  });

  it('mergeTallies is associative and commutative (property)', () => {
    fc.assert(
      fc.property(tallyArb, tallyArb, tallyArb, (a, b, c) => {
        expect(mergeTallies(mergeTallies(a, b), c)).toEqual(mergeTallies(a, mergeTallies(b, c)));
        expect(mergeTallies(a, b)).toEqual(mergeTallies(b, a));
      }),
    );
  });

  it('merging the tallies of two samples equals the tally of their union (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 })),
        fc.array(fc.integer({ min: 1, max: 10 })),
        (xs, ys) => {
          expect(mergeTallies(tally(xs), tally(ys))).toEqual(tally([...xs, ...ys]));
        },
      ),
    );
  });

  it('merging weighted tallies equals the weighted tally of the union (property)', () => {
    const rows = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 8 })),
    );
    fc.assert(
      fc.property(rows, rows, (xs, ys) => {
        const t = (r: [number, number][]) =>
          tally(
            r.map((x) => x[0]),
            { weights: r.map((x) => x[1] / 4) },
          );
        expect(mergeTallies(t(xs), t(ys))).toEqual(t([...xs, ...ys]));
      }),
    );
  });
});
