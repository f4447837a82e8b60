// Malformed arguments of the driver functions: each is an NpsInputError with the documented code,
// the path of the offending value and a `fn: … must be …, received …` message (never a raw
// TypeError). Covers the robustness defects D1 (values without number conversion), D2 (options
// read before defaulting), D3 (object arguments read without a shape check) and D6 (columns).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bootstrapImportance,
  buildHierarchy,
  driverCorrelations,
  driverStats,
  driverStatsFromSums,
  driversByNode,
  driversByOwner,
  importancePerformance,
  isNpsInputError,
  mergeDriverStats,
  type NpsInputError,
  shapleySample,
} from '../../src/index.ts';

/** The NpsInputError thrown by `call` (fails the test on anything else). */
function thrown(fn: string, call: () => unknown): NpsInputError {
  let e: unknown;
  try {
    call();
  } catch (x) {
    e = x;
  }
  expect(isNpsInputError(e), `${fn} threw ${String(e)}`).toBe(true);
  const err = e as NpsInputError;
  expect(err.message.startsWith(`${fn}: `)).toBe(true);
  expect(err.message).toMatch(/must .*, received /);
  return err;
}

const rows4 = () => [
  { score: 1, ratings: { a: 1, b: 0 } },
  { score: 2, ratings: { a: 2, b: 0 } },
  { score: 1, ratings: { a: 0, b: 1 } },
  { score: 2, ratings: { a: 1, b: 1 } },
];
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    score: (i % 7) + (i % 3),
    ratings: { a: i % 7, b: i % 3, c: i % 5 },
  }));
/** Values with no conversion to a number: `x - x` on them throws a TypeError. */
const NO_NUMBER: [string, unknown][] = [
  ['Symbol()', Symbol('s')],
  ['10n', 10n],
  ['Object.create(null)', Object.create(null)],
];

describe('D1: a score or rating without number conversion is non_finite, not a TypeError', () => {
  it.each(NO_NUMBER)('rows: score %s', (_, bad) => {
    const input = rows4().map((r, i) => (i === 2 ? { ...r, score: bad } : r));
    const e = thrown('driverStats', () => driverStats(input as never));
    expect([e.code, e.path, e.index, e.received]).toEqual(['non_finite', [2, 'score'], 2, bad]);
  });
  it.each(NO_NUMBER)('rows: rating %s', (_, bad) => {
    const input = rows4().map((r, i) => (i === 1 ? { ...r, ratings: { a: 2, b: bad } } : r));
    const e = thrown('driverStats', () => driverStats(input as never));
    expect([e.code, e.path, e.index]).toEqual(['non_finite', [1, 'ratings', 'b'], 1]);
  });
  it.each(NO_NUMBER)('columns (arrays): score %s', (_, bad) => {
    const e = thrown('driverStats', () =>
      driverStats({ score: [1, bad, 1, 2], ratings: { a: [1, 2, 0, 1] } } as never),
    );
    expect([e.code, e.path, e.index]).toEqual(['non_finite', [1, 'score'], 1]);
  });
  it.each(NO_NUMBER)('columns (arrays): rating %s', (_, bad) => {
    const e = thrown('driverStats', () =>
      driverStats({ score: [1, 2, 1, 2], ratings: { a: [1, 2, 0, bad] } } as never),
    );
    expect([e.code, e.path, e.index]).toEqual(['non_finite', [3, 'ratings', 'a'], 3]);
  });
  it.each(NO_NUMBER)('columns with a Float64Array score and an array rating %s', (_, bad) => {
    const e = thrown('driverStats', () =>
      driverStats({
        score: Float64Array.of(1, 2, 1, 2),
        ratings: new Map([['a', [1, bad, 0, 1]]]),
      } as never),
    );
    expect([e.code, e.path]).toEqual(['non_finite', [1, 'ratings', 'a']]);
  });
  it("columns: a string rating '7' is rejected (it was silently coerced by `x - x`)", () => {
    const e = thrown('driverStats', () =>
      driverStats({ score: [1, 2, 1, 2], ratings: { a: [1, '7', 0, 1] } } as never),
    );
    expect([e.code, e.path, e.received]).toEqual(['non_finite', [1, 'ratings', 'a'], '7']);
    const s = thrown('driverStats', () =>
      driverStats({ score: [1, '2', 1, 2], ratings: { a: [1, 2, 0, 1] } } as never),
    );
    expect([s.code, s.path, s.received]).toEqual(['non_finite', [1, 'score'], '2']);
  });
  it('columns: a null rating is missing (as in rows), not a 0', () => {
    const s = driverStats({ score: [1, 2, 1, 2], ratings: { a: [1, null, 0, 1] } } as never);
    // Rows 0, 2, 3: (1, 1), (1, 0), (2, 1): means 4/3 and 2/3, outcome co-moment
    // Σ(y − 4/3)² = 1/9 + 1/9 + 4/9 = 2/3 (hand-computed).
    expect([s.n, s.excludedN]).toEqual([3, 1]);
    expect(s.means[0]).toBeCloseTo(4 / 3, 14);
    expect(s.means[1]).toBeCloseTo(2 / 3, 14);
    expect(s.comoments[0]).toBeCloseTo(2 / 3, 14);
    const asRows = [1, null, 0, 1].map((a, k) => ({ score: [1, 2, 1, 2][k] ?? 0, ratings: { a } }));
    expect(s).toEqual(driverStats(asRows));
  });
  it('typed-array columns keep their results (the fast path is unchanged)', () => {
    const cols = {
      score: Float64Array.of(1, 2, 1, 2),
      ratings: { a: Int8Array.of(1, 2, 0, 1), b: Float64Array.of(0, 0, 1, 1) },
    };
    expect(driverStats(cols)).toEqual(driverStats(rows4()));
  });
  it('property: any value in a rating or score cell → a result or an NpsInputError', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true }),
        fc.nat({ max: 3 }),
        fc.boolean(),
        fc.boolean(),
        (value, i, inScore, asColumns) => {
          const base = rows4();
          let input: unknown;
          if (asColumns) {
            const score: unknown[] = base.map((r) => r.score);
            const a: unknown[] = base.map((r) => r.ratings.a);
            (inScore ? score : a)[i] = value;
            input = { score, ratings: { a, b: base.map((r) => r.ratings.b) } };
          } else {
            input = base.map((r, k) =>
              k !== i
                ? r
                : inScore
                  ? { ...r, score: value }
                  : { ...r, ratings: { ...r.ratings, a: value } },
            );
          }
          try {
            driverStats(input as never);
          } catch (e) {
            expect(isNpsInputError(e), String(e)).toBe(true);
          }
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
  });
});

describe('D2: options of bootstrapImportance, shapleySample and driverCorrelations', () => {
  it.each([
    ['no options', []],
    ['undefined', [undefined]],
    ['null', [null]],
    ['a number', [5]],
  ] as [string, unknown[]][])(
    'bootstrapImportance with %s: invalid_option, seed required',
    (_, rest) => {
      const e = thrown('bootstrapImportance', () =>
        (bootstrapImportance as (...a: unknown[]) => unknown)(rows(30), ...rest),
      );
      expect([e.code, e.path]).toEqual(['invalid_option', []]);
      expect(e.message).toContain('seed');
    },
  );
  it.each([
    ['no options', []],
    ['undefined', [undefined]],
    ['null', [null]],
  ] as [string, unknown[]][])('shapleySample with %s: invalid_option, seed required', (_, rest) => {
    const e = thrown('shapleySample', () =>
      (shapleySample as (...a: unknown[]) => unknown)(rows4(), ...rest),
    );
    expect([e.code, e.path]).toEqual(['invalid_option', []]);
    expect(e.message).toBe(
      'shapleySample: options must be an object with a seed (required), received undefined'.replace(
        'undefined',
        rest.length === 0 ? 'undefined' : String(rest[0]),
      ),
    );
  });
  it('with a seed they still run (options are read after the check)', () => {
    expect(shapleySample(rows4(), { seed: 1, permutations: 10 }).drivers).toHaveLength(2);
    expect(
      bootstrapImportance(rows(30), { seed: 1, replicates: 5, metric: 'first' }).drivers,
    ).toHaveLength(3);
  });
  it('driverCorrelations options are optional; null or a non-object is invalid_option', () => {
    expect(driverCorrelations(rows(12)).method).toBe('pearson');
    expect(driverCorrelations(rows(12), undefined)).toEqual(driverCorrelations(rows(12)));
    for (const bad of [null, 5, 'spearman']) {
      const e = thrown('driverCorrelations', () => driverCorrelations(rows(12), bad as never));
      expect([e.code, e.path, e.received]).toEqual(['invalid_option', [], bad]);
    }
  });
  it("driverCorrelations('{}', spearman) is invalid_input, not a TypeError from `in`", () => {
    const e = thrown('driverCorrelations', () =>
      driverCorrelations('{}' as never, { method: 'spearman' }),
    );
    expect(e.code).toBe('invalid_input');
  });
});

describe('D3: object arguments are shape-checked', () => {
  const stats = () => driverStats([{ score: 9, ratings: { speed: 8 } }]);
  it.each([
    ['undefined', undefined, 'a'],
    ['null', null, 'a'],
    ['a number', 5, 'a'],
  ] as [string, unknown, string][])('mergeDriverStats(%s, …) → incompatible_stats', (_, bad) => {
    const e = thrown('mergeDriverStats', () => mergeDriverStats(bad as never, undefined as never));
    expect([e.code, e.received]).toEqual(['incompatible_stats', bad]);
    expect(e.message).toMatch(/^mergeDriverStats: a must be driver statistics/);
  });
  it('mergeDriverStats: b malformed, drivers not strings, excludedN not a count', () => {
    expect(
      thrown('mergeDriverStats', () => mergeDriverStats(stats(), new Map() as never)).code,
    ).toBe('incompatible_stats');
    const sym = { ...stats(), drivers: [Symbol('d')] };
    expect(
      thrown('mergeDriverStats', () => mergeDriverStats(sym as never, sym as never)).code,
    ).toBe('incompatible_stats');
    const ex = { ...stats(), excludedN: Symbol('x') };
    const e = thrown('mergeDriverStats', () => mergeDriverStats(stats(), ex as never));
    expect([e.code, e.path]).toEqual(['incompatible_stats', ['b', 'excludedN']]);
  });
  it.each([
    ['no sums', { drivers: ['a'], n: 2 }, ['sums']],
    ['sums null', { drivers: ['a'], n: 2, sums: null, sumsOfProducts: [1, 1, 1, 1] }, ['sums']],
    ['no sumsOfProducts', { drivers: ['a'], n: 2, sums: [1, 1] }, ['sumsOfProducts']],
    ['drivers missing', { n: 2, sums: [1], sumsOfProducts: [1] }, ['drivers']],
    [
      'a driver not a string',
      { drivers: [5], n: 2, sums: [1, 1], sumsOfProducts: [1, 1, 1, 1] },
      ['drivers', 0],
    ],
    [
      'unknown outcome',
      { drivers: ['a'], outcome: 'loyalty', n: 2, sums: [1, 1], sumsOfProducts: [1, 1, 1, 1] },
      ['outcome'],
    ],
    ['not an object', undefined, []],
  ] as [string, unknown, PropertyKey[]][])(
    'driverStatsFromSums %s → incompatible_stats',
    (_, bad, path) => {
      const e = thrown('driverStatsFromSums', () => driverStatsFromSums(bad as never));
      expect([e.code, e.path]).toEqual(['incompatible_stats', path]);
    },
  );
  it('driverStatsFromSums: a Symbol or BigInt sum is non_finite', () => {
    for (const v of [Symbol('s'), 10n]) {
      const e = thrown('driverStatsFromSums', () =>
        driverStatsFromSums({
          drivers: ['a'],
          n: 2,
          sums: [1, v],
          sumsOfProducts: [1, 1, 1, 1],
        } as never),
      );
      expect(e.code).toBe('non_finite');
    }
  });
  const imp = () => ({ drivers: [{ driver: 'speed', raw: 0.3 }] });
  it.each([
    ['undefined', undefined, ['importance']],
    ['{ drivers: 5 }', { drivers: 5 }, ['importance', 'drivers']],
    ['{ drivers: [null] }', { drivers: [null] }, ['importance', 'drivers', 0]],
    [
      '{ drivers: [{ driver: 1, raw: 1 }] }',
      { drivers: [{ driver: 1, raw: 1 }] },
      ['importance', 'drivers', 0, 'driver'],
    ],
  ] as [string, unknown, PropertyKey[]][])('importance %s → invalid_input', (_, bad, path) => {
    const a = thrown('driversByOwner', () => driversByOwner(bad as never, new Map()));
    expect([a.code, a.path, a.received]).toEqual([
      'invalid_input',
      path,
      bad === undefined ? bad : a.received,
    ]);
    const b = thrown('importancePerformance', () => importancePerformance(bad as never, new Map()));
    expect([b.code, b.path]).toEqual(['invalid_input', path]);
  });
  it('importancePerformance: a Symbol performance or BigInt importance is non_finite', () => {
    const e = thrown('importancePerformance', () =>
      importancePerformance(imp(), new Map([['speed', Symbol('p')]]) as never),
    );
    expect(e.code).toBe('non_finite');
    const f = thrown('importancePerformance', () =>
      importancePerformance(
        { drivers: [{ driver: 'speed', raw: 1n }] } as never,
        new Map([['speed', 1]]),
      ),
    );
    expect(f.code).toBe('non_finite');
  });

  const h = () =>
    buildHierarchy([
      { id: 'all', parentId: null, level: 'company' },
      { id: 'a', parentId: 'all', level: 'store' },
      { id: 'b', parentId: 'all', level: 'store' },
    ]);
  const nodeRows = () =>
    Array.from({ length: 8 }, (_, i) => ({
      nodeId: i < 4 ? 'a' : 'b',
      score: (i % 4) + (i % 3),
      ratings: { x: i % 4, y: i % 3 },
    }));
  it('driversByNode reads the hierarchy through buildHierarchy’s compiled form only', () => {
    // A spread copy keeps the compiled structure (as rollup reads it): overwriting the methods
    // changes nothing, where it used to throw a TypeError from `hierarchy.roots`.
    const real = driversByNode(h(), nodeRows(), { minSample: 3 });
    const forged = { ...h(), roots: undefined, parent: undefined, level: undefined };
    expect(driversByNode(forged as never, nodeRows(), { minSample: 3 })).toEqual(real);
    expect(real.nodes.map((x) => [x.id, x.parentId, x.level, x.stats.n])).toEqual([
      ['all', null, 'company', 8],
      ['a', 'all', 'store', 4],
      ['b', 'all', 'store', 4],
    ]);
  });
  it.each([
    ['{}', {}],
    [
      'a copy without the compiled form',
      { kind: 'npskit.hierarchy', ids: ['a'], roots: () => ['a'] },
    ],
    ['a Map', new Map()],
  ] as [string, unknown][])('driversByNode(%s, rows) → invalid_input', (_, bad) => {
    const e = thrown('driversByNode', () => driversByNode(bad as never, nodeRows()));
    expect([e.code, e.received]).toEqual(['invalid_input', bad]);
    expect(e.message).toMatch(/^driversByNode: hierarchy must be built with buildHierarchy\(\)/);
  });
});

describe('D6: driverStats columns must be array-likes', () => {
  it.each([
    ['score null', { score: null, ratings: { a: [1] } }, ['score']],
    ['score a number', { score: 5, ratings: { a: [1] } }, ['score']],
    ['score {}', { score: {}, ratings: { a: [1] } }, ['score']],
    ['ratings null', { score: [1, 2], ratings: null }, ['ratings']],
    ['ratings undefined', { score: [1, 2], ratings: undefined }, ['ratings']],
    ['ratings an array', { score: [1, 2], ratings: [[1, 2]] }, ['ratings']],
    ['ratings.a null', { score: [1, 2], ratings: { a: null } }, ['ratings', 'a']],
    ['ratings.a a string', { score: [1, 2], ratings: { a: '12' } }, ['ratings', 'a']],
    [
      'a Map column undefined',
      { score: [1, 2], ratings: new Map([['a', undefined]]) },
      ['ratings', 'a'],
    ],
  ] as [string, unknown, PropertyKey[]][])('%s → invalid_input', (_, input, path) => {
    const e = thrown('driverStats', () => driverStats(input as never));
    expect([e.code, e.path]).toEqual(['invalid_input', path]);
  });
  it('the message names the column and what it must be', () => {
    expect(
      thrown('driverStats', () => driverStats({ score: [1, 2], ratings: { a: null } } as never))
        .message,
    ).toBe(
      'driverStats: rating column "a" must be an array or typed array of numbers, received null',
    );
    expect(
      thrown('driverStats', () => driverStats({ score: null, ratings: { a: [1] } } as never))
        .message,
    ).toBe('driverStats: columns score must be an array or typed array of numbers, received null');
  });
  it('a rating column that is not selected is still checked (the whole input is validated)', () => {
    const e = thrown('driverStats', () =>
      driverStats({ score: [1, 2], ratings: { a: [1, 2], b: null } } as never, { drivers: ['a'] }),
    );
    expect(e.path).toEqual(['ratings', 'b']);
  });
});
