import { describe, expect, it } from 'vitest';
import {
  bootstrapImportance,
  buildHierarchy,
  dominanceAnalysis,
  driverCorrelations,
  driverRegression,
  driverStats,
  driversByNode,
  penaltyReward,
  relativeImportance,
  shapleySample,
} from '../../src/index.ts';
import { seededRandom } from '../../src/kernels/random.ts';

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('drivers functions never mutate their input', () => {
  it('rows, columns and options stay unchanged', () => {
    const rng = seededRandom(4);
    const rate = (): number => 1 + Math.floor(rng() * 10);
    const rows = Array.from({ length: 80 }, (_, i) => ({
      score: rate(),
      ratings: { a: rate(), b: i % 7 === 0 ? null : rate(), c: rate() },
    }));
    const copy = structuredClone(rows);
    deepFreeze(rows);
    const opts = deepFreeze({ drivers: ['a', 'b', 'c'] });
    relativeImportance(rows, { ...opts, metric: 'johnson' });
    relativeImportance(rows, { metric: 'lmg', missing: 'pairwise' });
    dominanceAnalysis(rows, opts);
    driverRegression(rows);
    driverCorrelations(rows, { method: 'spearman' });
    penaltyReward(rows, { lowRating: 4, highRating: 8 });
    bootstrapImportance(rows, { seed: 1, replicates: 20 });
    shapleySample(rows, { seed: 1, permutations: 20 });
    const h = buildHierarchy(
      [
        { id: 'x', parentId: null },
        { id: 'y', parentId: null },
      ],
      { forest: true },
    );
    driversByNode(h, rows, { nodes: rows.map((_, i) => (i < 30 ? 'x' : 'y')), minSample: 10 });
    expect(rows).toEqual(copy);
    const cols = deepFreeze({
      score: rows.map((r) => r.score),
      ratings: { a: rows.map((r) => r.ratings.a) },
    });
    driverStats(cols);
    expect(cols.score).toEqual(copy.map((r) => r.score));
  });
});
