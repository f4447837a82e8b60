import { describe, expect, it } from 'vitest';
import {
  type DriverRow,
  driverCorrelations,
  driverRegression,
  driverStats,
  relativeImportance,
  shapley,
} from '../../src/index.ts';
import { swissRows } from './_fixtures.ts';

// swiss with Agriculture missing in rows 1, 5, 9, 20 and Catholic in rows 2, 3, 9 (1-based).
const rows: DriverRow[] = swissRows(
  new Map([
    ['Agriculture', [0, 4, 8, 19]],
    ['Catholic', [1, 2, 8]],
  ]),
);

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
    const full = swissRows();
    const a = shapley(full, { missing: 'pairwise' }).drivers.map((d) => d.raw);
    const b = shapley(full).drivers.map((d) => d.raw);
    a.forEach((v, j) => {
      expect(Math.abs(v - (b[j] ?? Number.NaN))).toBeLessThan(1e-13);
    });
  });

  // R 4.2.2, same d: for (v in names(d)[-1]) cor.test(d[[v]], d$Fertility, method = m,
  // exact = FALSE) (cor.test drops the incomplete pairs), and
  // cor(d, method = m, use = "pairwise.complete.obs")[, "Fertility"] gives the same r.
  const PAIRWISE = {
    pearson: [
      [0.41408032799285027, 0.005772999591464557, 43],
      [-0.64588270645728751, 9.4504373406904313e-7, 47],
      [-0.66378885703506918, 3.6586169659623552e-7, 47],
      [0.40074648110243144, 0.007023260346232265, 44],
      [0.41655603143498271, 0.0035852380539505737, 47],
    ],
    spearman: [
      [0.34265866298442371, 0.024491439773750217, 43],
      [-0.66090299635235406, 4.2815272405998408e-7, 47],
      [-0.44325769036098822, 0.0018059749419463854, 47],
      [0.34202551272112192, 0.023059787582469179, 44],
      [0.43713670057422294, 0.0021237367232087734, 47],
    ],
  } as const;

  for (const method of ['pearson', 'spearman'] as const) {
    it(`${method} correlations use each driver's pairwise rows (R cor.test)`, () => {
      const r = driverCorrelations(rows, { method, missing: 'pairwise' });
      r.drivers.forEach((d, j) => {
        const [rr, pv, n] = PAIRWISE[method][j] ?? [0, 0, 0];
        expect(Math.abs(d.r - rr)).toBeLessThan(1e-12);
        expect(Math.abs(d.pValue - pv) / pv).toBeLessThan(1e-9);
        expect(d.n).toBe(n);
      });
      expect(r.n).toBe(43);
      expect(r.excludedN).toBe(4);
    });
  }

  it('pairwise Spearman ranks within the rows that rate the driver', () => {
    // a is missing where its rank would matter: ranks are taken over the 4 rows that rate it.
    const small: DriverRow[] = [
      { score: 1, ratings: { a: 10 } },
      { score: 2, ratings: { a: 20 } },
      { score: 3, ratings: { a: null } },
      { score: 4, ratings: { a: 40 } },
      { score: 5, ratings: { a: 30 } },
    ];
    const r = driverCorrelations(small, { method: 'spearman', missing: 'pairwise' });
    // ranks of a: 1, 2, 4, 3 against 1, 2, 3, 4: 1 − 6 Σd² / (n(n² − 1)) = 1 − 12/60 = 0.8
    expect(r.drivers[0]?.r).toBeCloseTo(0.8, 14);
    expect(r.drivers[0]?.n).toBe(4);
    expect(() =>
      driverCorrelations(small.slice(0, 3), { method: 'spearman', missing: 'pairwise' }),
    ).toThrow(expect.objectContaining({ code: 'too_few_rows' }));
    expect(() =>
      driverCorrelations(driverStats(rows), { method: 'spearman', missing: 'pairwise' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
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
