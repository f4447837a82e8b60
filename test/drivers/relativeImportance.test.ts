import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import {
  type DriverRow,
  dominanceAnalysis,
  driverCorrelations,
  driverRegression,
  driverStats,
  type ImportanceMetric,
  NpsInputError,
  relativeImportance,
  relativeWeights,
  shapley,
  shapleySample,
} from '../../src/index.ts';
import {
  at,
  closeAll,
  METRICS,
  randomRows,
  SWISS_NAMES,
  swissColumns,
  swissRows,
} from './_fixtures.ts';

const swissRowsAll: DriverRow[] = swissRows();

// Reference values: R 4.2.2, Fertility ~ . on datasets::swiss, computed from the published
// definitions by test/drivers/reference/relaimpo.R (rerun with Rscript): lmg by brute force over all
// subsets with lm() and the LMG weights |S|!(p−|S|−1)!/p!; first = cor²; last = R² − R²(without j)
// with lm(); betasq, pratt from lm(scale(y) ~ scale(X)); car = (R^{-1/2} r)²; johnson =
// (R^{1/2})² (R^{-1/2} r)² with eigen(). (relaimpo is not packaged for Debian; these are the
// quantities calc.relimp(swiss, type = c('lmg','first','last','betasq','pratt','car','genizi')) reports.)
const R2 = 0.7067350015927254;
const REF: Record<Exclude<ImportanceMetric, 'genizi'>, number[]> = {
  lmg: [
    0.057091220768091283, 0.17117302890023411, 0.26013467862438444, 0.10557015037349354,
    0.11276592292652207,
  ],
  first: [
    0.12466490990574781, 0.41716447050059063, 0.44061564672392334, 0.21500350161854373,
    0.17351892732486229,
  ],
  last: [
    0.042869607125493925, 0.0073874185151243665, 0.1619626930773358, 0.062372625827423533,
    0.056945258732497339,
  ],
  betasq: [
    0.097919729041395023, 0.027151862623226705, 0.44943720596683329, 0.12082577956586178,
    0.063069278591506531,
  ],
  pratt: [
    -0.1104859909623874, 0.10642740433893494, 0.44500456758202989, 0.1611768149966073,
    0.10461220563754077,
  ],
  car: [
    0.00056747418533871627, 0.15113399084812795, 0.32326807097666538, 0.11507318417898051,
    0.11669228140361355,
  ],
  johnson: [
    0.048416895811900645, 0.15470824980615999, 0.27196410464599902, 0.11468002994756152,
    0.11696572138110456,
  ],
};

/** Brute-force R² of a subset by Cholesky solve on the correlation matrix (independent path). */
function subsetR2(corr: number[][], subset: number[], y: number): number {
  const k = subset.length;
  if (k === 0) return 0;
  // Gaussian elimination with partial pivoting on the normal equations.
  const a = subset.map((i) => [...subset.map((j) => at(at(corr, i), j)), at(at(corr, i), y)]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++)
      if (Math.abs(at(at(a, r), c)) > Math.abs(at(at(a, piv), c))) piv = r;
    [a[c], a[piv]] = [at(a, piv), at(a, c)];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = at(at(a, r), c) / at(at(a, c), c);
      const rowR = at(a, r);
      for (let cc = c; cc <= k; cc++) rowR[cc] = at(rowR, cc) - f * at(at(a, c), cc);
    }
  }
  let r2 = 0;
  for (let i = 0; i < k; i++)
    r2 += (at(at(a, i), k) / at(at(a, i), i)) * at(at(corr, at(subset, i)), y);
  return r2;
}

/** LMG by brute force over all subsets (Lindeman, Merenda & Gold 1980). */
function bruteLmg(corr: number[][], p: number): number[] {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const r2 = new Map<number, number>();
  for (let mask = 0; mask < 1 << p; mask++) {
    const s: number[] = [];
    for (let j = 0; j < p; j++) if (mask & (1 << j)) s.push(j);
    r2.set(mask, subsetR2(corr, s, p));
  }
  return Array.from({ length: p }, (_, j) => {
    let t = 0;
    for (let mask = 0; mask < 1 << p; mask++) {
      if (mask & (1 << j)) continue;
      let k = 0;
      for (let b = 0; b < p; b++) if (mask & (1 << b)) k++;
      t +=
        ((fact(k) * fact(p - k - 1)) / fact(p)) *
        ((r2.get(mask | (1 << j)) ?? NaN) - (r2.get(mask) ?? NaN));
    }
    return t;
  });
}

function corrOf(rows: DriverRow[], p: number): number[][] {
  const s = driverStats(rows);
  const k = p + 1;
  // reorder: drivers first, outcome last
  const idx = [...Array.from({ length: p }, (_, j) => j + 1), 0];
  return idx.map((i) =>
    idx.map(
      (j) =>
        at(s.comoments, i * k + j) /
        Math.sqrt(at(s.comoments, i * k + i) * at(s.comoments, j * k + j)),
    ),
  );
}

interface DriverValue {
  driver: string;
  value: number;
}

describe('relativeImportance on swiss (R reference values)', () => {
  for (const metric of Object.keys(REF) as (keyof typeof REF)[]) {
    it(`${metric} matches R to 1e-12`, () => {
      const r = relativeImportance(swissRowsAll, { metric });
      expect(r.n).toBe(47);
      expect(Math.abs(r.r2 - R2)).toBeLessThan(1e-12);
      closeAll(
        r.drivers.map((d) => d.raw),
        REF[metric],
        1e-12,
      );
      expect(r.drivers.map((d) => d.driver)).toEqual(SWISS_NAMES);
    });
  }

  it('genizi equals johnson; lmg, pratt, genizi, car sum to R²', () => {
    const g = relativeImportance(swissRowsAll, { metric: 'genizi' }).drivers.map((d) => d.raw);
    closeAll(g, REF.johnson, 1e-12);
    for (const metric of ['lmg', 'pratt', 'genizi', 'car', 'johnson'] as const) {
      const sum = relativeImportance(swissRowsAll, { metric }).drivers.reduce(
        (s, d) => s + d.raw,
        0,
      );
      expect(Math.abs(sum - R2)).toBeLessThan(1e-12);
    }
  });

  it('shares sum to 1 and ranks order raw values', () => {
    const r = shapley(swissRowsAll);
    expect(r.metric).toBe('lmg');
    expect(Math.abs(r.drivers.reduce((s, d) => s + d.share, 0) - 1)).toBeLessThan(1e-14);
    expect(r.drivers.map((d) => d.rank)).toEqual([5, 2, 1, 4, 3]);
    expect(relativeWeights(swissRowsAll).metric).toBe('johnson');
  });

  it('flags suppression: Agriculture correlates positively but its coefficient is negative', () => {
    const r = shapley(swissRowsAll);
    const agri = at(r.drivers, 0);
    expect(agri.correlation).toBeGreaterThan(0);
    expect(agri.sign).toBe(-1);
    expect(agri.suppressed).toBe(true);
    expect(r.drivers.filter((d) => d.suppressed).map((d) => d.driver)).toEqual(['Agriculture']);
    // the same direction is reported beside dominance and sampled Shapley values
    const fields = (d: {
      beta: number;
      correlation: number;
      sign: number;
      suppressed: boolean;
    }) => [d.beta, d.correlation, d.sign, d.suppressed];
    const dom = dominanceAnalysis(swissRowsAll);
    const sampled = shapleySample(swissRowsAll, { seed: 1, permutations: 10 });
    r.drivers.forEach((d, j) => {
      expect(fields(at(dom.drivers, j))).toEqual(fields(d));
      expect(fields(at(sampled.drivers, j))).toEqual(fields(d));
    });
    // beta is the standardized coefficient of R's lm(scale(Fertility) ~ scale(X)) (pratt / r)
    r.drivers.forEach((d, j) => {
      expect(Math.abs(d.beta * d.correlation - at(REF.pratt, j))).toBeLessThan(1e-12);
    });
  });

  it('works the same from rows, columns and statistics', () => {
    const cols = swissColumns();
    const a = shapley(swissRowsAll).drivers.map((d) => d.raw);
    const b = shapley(cols).drivers.map((d) => d.raw);
    const c = shapley(driverStats(swissRowsAll)).drivers.map((d) => d.raw);
    closeAll(b, a, 1e-14);
    closeAll(c, a, 0);
  });

  it('a subset of drivers from statistics equals the model fitted on that subset', () => {
    const sub = ['Education', 'Catholic'];
    const a = shapley(driverStats(swissRowsAll), { drivers: sub }).drivers.map((d) => d.raw);
    const b = shapley(swissRowsAll, { drivers: sub }).drivers.map((d) => d.raw);
    closeAll(a, b, 1e-14);
  });
});

describe('exact LMG by sweep DFS', () => {
  it('equals brute-force all-subsets LMG for random p ≤ 8', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1e6 }), (p, seed) => {
        const rows = randomRows(seed, 40 + 3 * p, p);
        const fast = shapley(rows).drivers.map((d) => d.raw);
        closeAll(fast, bruteLmg(corrOf(rows, p), p), 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('permuting drivers permutes the results (every metric)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const rows = randomRows(seed, 60, 6);
        const names = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
        const perm = [3, 0, 5, 1, 4, 2].map((i) => at(names, i));
        const check = (a: readonly DriverValue[], b: readonly DriverValue[]): void => {
          const byName = new Map(a.map((d) => [d.driver, d.value]));
          expect(b.map((d) => d.driver)).toEqual(perm);
          b.forEach((d) => {
            expect(Math.abs(d.value - (byName.get(d.driver) ?? NaN))).toBeLessThan(1e-12);
          });
        };
        for (const metric of METRICS) {
          const raw = (ds: readonly string[] | undefined) =>
            relativeImportance(rows, { metric, drivers: ds }).drivers.map((d) => ({
              driver: d.driver,
              value: d.raw,
            }));
          check(raw(undefined), raw(perm));
        }
        const general = (ds: readonly string[] | undefined) =>
          dominanceAnalysis(rows, { drivers: ds }).drivers.map((d) => ({
            driver: d.driver,
            value: d.general,
          }));
        check(general(undefined), general(perm));
        const coef = (ds: readonly string[] | undefined) =>
          driverRegression(rows, { drivers: ds }).drivers.map((d) => ({
            driver: d.driver,
            value: d.coefficient,
          }));
        check(coef(undefined), coef(perm));
        const rho = (ds: readonly string[] | undefined) =>
          driverCorrelations(rows, { drivers: ds, method: 'spearman' }).drivers.map((d) => ({
            driver: d.driver,
            value: d.r,
          }));
        check(rho(undefined), rho(perm));
      }),
      { numRuns: 10 },
    );
  });

  it('an independent noise driver gets about zero importance', () => {
    const rows = randomRows(7, 20000, 4, [1, 1, 1, 0]);
    // make d3 pure noise independent of the others
    const rng = seededRandom(99);
    const noisy = rows.map((r) => ({
      score: r.score,
      ratings: { ...r.ratings, d3: normalDraw(rng) },
    }));
    for (const metric of ['lmg', 'johnson', 'car'] as const) {
      const r = relativeImportance(noisy, { metric });
      expect(at(r.drivers, 3).raw).toBeLessThan(1e-3);
      expect(at(r.drivers, 3).rank).toBe(4);
    }
  });

  it('p = 12 still sums to R² and matches Johnson closely in ranking of the extremes', () => {
    const rows = randomRows(3, 500, 12);
    const r = shapley(rows);
    expect(Math.abs(r.drivers.reduce((s, d) => s + d.raw, 0) - r.r2)).toBeLessThan(1e-12);
    expect(at(r.drivers, 11).rank).toBe(1);
  });

  it('does not mutate its input', () => {
    const s = driverStats(swissRowsAll);
    const copy = structuredClone(s);
    Object.freeze(s);
    shapley(s);
    relativeWeights(s);
    expect(s).toEqual(copy);
  });
});

describe('outcomes', () => {
  const rows: DriverRow[] = [
    { score: 10, ratings: { speed: 9, price: 5 } },
    { score: 9, ratings: { speed: 8, price: 7 } },
    { score: 7, ratings: { speed: 6, price: 6 } },
    { score: 3, ratings: { speed: 2, price: 5 } },
    { score: 5, ratings: { speed: 4, price: 8 } },
    { score: 8, ratings: { speed: 7, price: 3 } },
    { score: 6, ratings: { speed: 6, price: 4 } },
  ];
  it("'nps' recodes +100/0/−100 under the ten-point scheme", () => {
    const s = driverStats(rows, { outcome: 'nps' });
    // promoters 10, 9, 8; passives 7, 6; detractors 3, 5 → mean = (300 − 200) / 7
    expect(s.means[0]).toBeCloseTo(100 / 7, 12);
    expect(relativeImportance(rows, { outcome: 'nps' }).outcome).toBe('nps');
  });
  it("'promoter' and 'detractor' are 0/1 indicators", () => {
    expect(driverStats(rows, { outcome: 'promoter' }).means[0]).toBeCloseTo(3 / 7, 14);
    expect(driverStats(rows, { outcome: 'detractor' }).means[0]).toBeCloseTo(2 / 7, 14);
  });
  it('every method on a recoded outcome equals the method on the recoded numbers as scores', () => {
    const recode = {
      nps: (v: number) => (v >= 8 ? 100 : v <= 5 ? -100 : 0),
      promoter: (v: number) => (v >= 8 ? 1 : 0),
      detractor: (v: number) => (v <= 5 ? 1 : 0),
    } as const;
    for (const outcome of ['nps', 'promoter', 'detractor'] as const) {
      const manual = rows.map((r) => ({ ...r, score: recode[outcome](r.score) }));
      const a = relativeImportance(rows, { outcome, metric: 'johnson' });
      expect(a.outcome).toBe(outcome);
      closeAll(
        a.drivers.map((d) => d.raw),
        relativeImportance(manual, { metric: 'johnson' }).drivers.map((d) => d.raw),
        1e-14,
      );
      closeAll(
        driverRegression(rows, { outcome }).drivers.map((d) => d.coefficient),
        driverRegression(manual).drivers.map((d) => d.coefficient),
        1e-11,
      );
      expect(dominanceAnalysis(rows, { outcome }).outcome).toBe(outcome);
      expect(driverCorrelations(rows, { outcome, method: 'spearman' }).outcome).toBe(outcome);
    }
  });
  it('listwise deletion reports its count; notApplicable codes are missing', () => {
    const withGaps: DriverRow[] = [
      ...rows,
      { score: 8, ratings: { speed: null, price: 5 } },
      { score: 4, ratings: { speed: 3, price: 99 } },
    ];
    const r = relativeImportance(withGaps, { notApplicable: [99] });
    expect([r.n, r.excluded]).toEqual([7, 2]);
    closeAll(
      r.drivers.map((d) => d.raw),
      relativeImportance(rows).drivers.map((d) => d.raw),
      1e-15,
    );
  });
});

describe('degenerate input', () => {
  const base = randomRows(11, 30, 3);
  it('shapley / relativeWeights / dominanceAnalysis / driverRegression refuse a metric option', () => {
    const calls: [string, () => unknown][] = [
      ['shapley', () => shapley(base, { metric: 'johnson' } as never)],
      ['relativeWeights', () => relativeWeights(base, { metric: 'lmg' } as never)],
      ['dominanceAnalysis', () => dominanceAnalysis(base, { metric: 'first' } as never)],
      ['driverRegression', () => driverRegression(base, { metric: 'lmg' } as never)],
    ];
    for (const [fn, call] of calls) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NpsInputError);
      expect((error as NpsInputError).code).toBe('invalid_option');
      expect((error as NpsInputError).message).toMatch(
        new RegExp(`^${fn}: options.metric must be left out`),
      );
    }
    // Without it, each fixes its own method.
    expect(shapley(base).metric).toBe('lmg');
    expect(relativeWeights(base).metric).toBe('johnson');
  });
  it('constant outcome', () => {
    const rows = base.map((r) => ({ score: 7, ratings: r.ratings }));
    expect(() => shapley(rows)).toThrow(/the outcome must vary/);
  });
  it('constant driver', () => {
    const rows = base.map((r) => ({ score: r.score, ratings: { ...r.ratings, d1: 5 } }));
    expect(() => shapley(rows)).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: shapley: driver "d1" must vary across complete rows, received a constant]`,
    );
  });
  it('perfectly collinear drivers are named', () => {
    const rows = base.map((r) => ({
      score: r.score,
      ratings: { ...r.ratings, d2: 2 * (r.ratings.d0 ?? NaN) - 1 },
    }));
    try {
      relativeImportance(rows, { metric: 'johnson' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NpsInputError);
      expect((e as NpsInputError).code).toBe('collinear');
      expect((e as NpsInputError).message).toContain('"d0", "d2"');
    }
  });
  it('n ≤ p + 1', () => {
    expect(() => shapley(base.slice(0, 4))).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: shapley: complete rows must number more than drivers + 1 (4), received 4]`,
    );
  });
  it('non-finite values and unknown drivers', () => {
    const rows = [...base, { score: 5, ratings: { d0: Infinity, d1: 1, d2: 2 } }];
    expect(() => shapley(rows)).toThrow(/must be a finite number or null/);
    expect(() => shapley([{ score: Number.NaN, ratings: { d0: 1 } }])).toThrow(
      expect.objectContaining({ code: 'non_finite' }),
    );
    expect(() => shapley(base, { drivers: ['d0', 'nope'] })).toThrow(
      expect.objectContaining({ code: 'unknown_driver' }),
    );
    expect(() => shapley(driverStats(base), { drivers: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'unknown_driver' }),
    );
  });
  it('too many drivers for exact LMG points to relative weights', () => {
    const rows = randomRows(5, 80, 25);
    expect(() => shapley(rows)).toThrow(expect.objectContaining({ code: 'too_many_drivers' }));
    expect(() => shapley(rows)).toThrow(/relativeWeights.*shapleySample/);
    expect(relativeWeights(rows).drivers).toHaveLength(25);
    // p = 24 is still exact (2^24 subsets), and sums to R²
    const s = driverStats(rows, { drivers: Array.from({ length: 24 }, (_, j) => `d${String(j)}`) });
    const exact = shapley(s);
    expect(Math.abs(exact.drivers.reduce((t, d) => t + d.raw, 0) - exact.r2)).toBeLessThan(1e-12);
    // dominance analysis keeps every subset's R², so it stops at 20 drivers
    expect(() => dominanceAnalysis(rows, { drivers: s.drivers.slice(0, 21) })).toThrow(
      expect.objectContaining({ code: 'too_many_drivers' }),
    );
  });
  it('a repeated driver name is invalid_option for rows and statistics alike', () => {
    for (const input of [base, driverStats(base)])
      expect(() => shapley(input, { drivers: ['d0', 'd0'] })).toThrow(
        expect.objectContaining({ code: 'invalid_option', path: ['drivers'] }),
      );
  });
  it('bad options and outcome mismatch', () => {
    expect(() =>
      relativeImportance(base, { metric: 'nope' as unknown as ImportanceMetric }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => shapley(driverStats(base), { outcome: 'nps' })).toThrow(
      expect.objectContaining({ code: 'incompatible_stats' }),
    );
  });
});

describe('dominanceAnalysis', () => {
  it('general dominance = LMG; conditional ends = first and last (swiss, R values)', () => {
    const d = dominanceAnalysis(swissRowsAll);
    closeAll(
      d.drivers.map((x) => x.general),
      REF.lmg,
      1e-12,
    );
    closeAll(
      d.drivers.map((x) => at(x.conditional, 0)),
      REF.first,
      1e-12,
    );
    closeAll(
      d.drivers.map((x) => at(x.conditional, 4)),
      REF.last,
      1e-12,
    );
    expect(d.drivers.map((x) => x.rank)).toEqual([5, 2, 1, 4, 3]);
  });

  it('conditional and complete dominance equal brute force over all subsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 1e6 }), (p, seed) => {
        const rows = randomRows(seed, 30 + 4 * p, p);
        const corr = corrOf(rows, p);
        const d = dominanceAnalysis(rows);
        const r2 = (mask: number): number =>
          subsetR2(
            corr,
            Array.from({ length: p }, (_, j) => j).filter((j) => (mask & (1 << j)) !== 0),
            p,
          );
        for (let j = 0; j < p; j++) {
          const sums = new Array<number>(p).fill(0);
          const counts = new Array<number>(p).fill(0);
          for (let m = 0; m < 1 << p; m++) {
            if (m & (1 << j)) continue;
            let k = 0;
            for (let b = 0; b < p; b++) if (m & (1 << b)) k++;
            sums[k] = at(sums, k) + r2(m | (1 << j)) - r2(m);
            counts[k] = at(counts, k) + 1;
          }
          closeAll(
            at(d.drivers, j).conditional,
            sums.map((s, k) => s / at(counts, k)),
            1e-12,
          );
          for (let i = 0; i < p; i++) {
            if (i === j) continue;
            let all = true;
            for (let m = 0; m < 1 << p; m++) {
              if (m & (1 << j) || m & (1 << i)) continue;
              if (!(r2(m | (1 << j)) > r2(m | (1 << i)))) all = false;
            }
            expect(at(d.drivers, j).dominates.includes(`d${String(i)}`)).toBe(all);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
