import { describe, expect, it } from 'vitest';
import {
  type DriverRow,
  driverCorrelations,
  driverRegression,
  driverStats,
  relativeImportance,
  shapley,
} from '../../src/index.ts';
import { swiss } from './swiss.ts';

const NAMES = ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality'];
// swiss with Agriculture missing in rows 1, 5, 9, 20 and Catholic in rows 2, 3, 9 (1-based).
const rows: DriverRow[] = swiss.map((r, i) => ({
  score: r[0] ?? Number.NaN,
  ratings: Object.fromEntries(
    NAMES.map((n, j) => {
      const miss =
        (n === 'Agriculture' && [0, 4, 8, 19].includes(i)) ||
        (n === 'Catholic' && [1, 2, 8].includes(i));
      return [n, miss ? null : (r[j + 1] ?? Number.NaN)];
    }),
  ),
}));

// R 4.2.2: d <- swiss; d$Agriculture[c(1,5,9,20)] <- NA; d$Catholic[c(2,3,9)] <- NA;
// C <- cor(d, use = "pairwise.complete.obs"); first = r²; johnson from eigen(); lmg by brute
// force over all subsets of the correlation matrix (solve(Rxx[S,S], rxy[S])).
const REF = {
  r2: 0.67610422550037963,
  first: [
    0.17146251803066645, 0.41716447050059063, 0.4406156467239235, 0.16059774211598143,
    0.17351892732486229,
  ],
  johnson: [
    0.055797203446576536, 0.15751978206447523, 0.2578420191525696, 0.081197421078513146,
    0.12374779975824578,
  ],
  lmg: [
    0.064139880278631781, 0.17191151033422022, 0.24674120659748994, 0.074436189181125642,
    0.11887543910891203,
  ],
};

describe("missing: 'pairwise'", () => {
  for (const metric of ['first', 'johnson', 'lmg'] as const) {
    it(`${metric} matches R's pairwise.complete.obs correlations`, () => {
      const r = relativeImportance(rows, { metric, missing: 'pairwise' });
      expect(Math.abs(r.r2 - REF.r2)).toBeLessThan(1e-12);
      r.drivers.forEach((d, j) => {
        expect(Math.abs(d.raw - (REF[metric][j] ?? Number.NaN))).toBeLessThan(1e-12);
      });
      expect(r.n).toBe(41);
    });
  }

  it('equals listwise when nothing is missing', () => {
    const full = swiss.map((r) => ({
      score: r[0] ?? 0,
      ratings: Object.fromEntries(NAMES.map((n, j) => [n, r[j + 1] ?? 0])),
    }));
    const a = shapley(full, { missing: 'pairwise' }).drivers.map((d) => d.raw);
    const b = shapley(full).drivers.map((d) => d.raw);
    a.forEach((v, j) => {
      expect(Math.abs(v - (b[j] ?? Number.NaN))).toBeLessThan(1e-13);
    });
  });

  it('Pearson correlations use pairwise rows', () => {
    const r = driverCorrelations(rows, { missing: 'pairwise' });
    expect(Math.abs((r.drivers[0]?.r ?? 0) ** 2 - (REF.first[0] ?? 0))).toBeLessThan(1e-12);
  });

  it('a non-positive-definite pairwise matrix is a clear error', () => {
    // a and b each overlap the outcome on different rows, so that their pairwise correlations
    // cannot all hold at once.
    const bad: DriverRow[] = [];
    for (let i = 0; i < 12; i++) {
      const t = i % 6;
      bad.push({
        score: t,
        ratings: { a: i < 6 ? t : null, b: i < 6 ? null : -t, c: i % 2 === 0 ? t : -t },
      });
    }
    for (let i = 0; i < 12; i++)
      bad.push({ score: i % 3, ratings: { a: i % 3, b: i % 3, c: null } });
    expect(() => relativeImportance(bad, { metric: 'johnson', missing: 'pairwise' })).toThrow(
      expect.objectContaining({ code: 'not_positive_definite' }),
    );
  });

  it('statistics cannot be pairwise', () => {
    expect(() => shapley(driverStats(rows), { missing: 'pairwise' })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });

  it('regression refuses pairwise deletion', () => {
    expect(() => driverRegression(rows, { missing: 'pairwise' })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });
});
