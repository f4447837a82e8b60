import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicScheme, type Scheme } from '../../src/core/scheme.ts';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import {
  type VarianceComponents,
  varianceComponents,
} from '../../src/hierarchy/varianceComponents.ts';
import { codeOf, move, movedStoreTree, rep } from './_fixtures.ts';
import {
  balanced,
  noStoreEffect,
  type StoreCounts,
  twoStores,
  unbalanced,
} from './_varianceData.ts';

/**
 * company 'all' → regions → stores from per-store counts (region 'all': the store is directly
 * under the company; a store named like its region: the region's own answers); without `root`,
 * the regions are the roots of a forest.
 */
function fit(rows: readonly StoreCounts[], scheme?: Scheme, root = true): VarianceComponents {
  const regions = [...new Set(rows.map((r) => r[0]))].filter((r) => !root || r !== 'all');
  const h = buildHierarchy(
    [
      ...(root ? [{ id: 'all', parentId: null, level: 'company' }] : []),
      ...regions.map((id) => ({ id, parentId: root ? 'all' : null, level: 'region' })),
      ...rows
        .filter((r) => r[1] !== r[0])
        .map((r) => ({ id: r[1], parentId: r[0], level: 'store' })),
    ],
    { forest: !root },
  );
  const tallies = rows.map(([, nodeId, promoters, passives, detractors]) => ({
    nodeId,
    tally: { promoters, passives, detractors },
  }));
  return varianceComponents(rollup(h, tallies, scheme === undefined ? {} : { scheme }));
}

/** |x − ref| ≤ tol · max(|ref|, floor): relative, and absolute near 0 (variances in NPS points²). */
function near(x: number | null | undefined, ref: number, tol: number, floor = 1): void {
  expect(x).toBeTypeOf('number');
  expect(Math.abs((x as number) - ref)).toBeLessThanOrEqual(tol * Math.max(Math.abs(ref), floor));
}

const variances = (v: VarianceComponents) => [
  ...v.levels.map((l) => l.variance),
  v.residual.variance,
];

describe('varianceComponents: REML against lme4 (test/reference/varianceComponents.R)', () => {
  // lme4 1.1.31, R 4.2.2: lmer(y ~ 1 + (1 | region/store), REML = TRUE), y = +100 / 0 / −100.
  // lme4's optimiser stops ~1e-7 from the optimum: every value matches it to 1e-6 relative, and
  // the REML score equations solved exactly (Fisher scoring, dense matrices, same script) to 1e-12.
  it('(a) balanced: equals lme4, and the ANOVA estimates', () => {
    const v = fit(balanced, classicScheme);
    // lme4: store:region 487.1632298, region 3864.455322, Residual 4917.929301
    near(v.levels[2]?.variance, 487.1632298, 1e-6);
    near(v.levels[1]?.variance, 3864.455322, 1e-6);
    near(v.residual.variance, 4917.929301, 1e-6);
    // exact (and, balanced, the ANOVA estimates (MS_store − MS_within)/12 etc.)
    near(v.levels[2]?.variance, 487.163299663299, 1e-12);
    near(v.levels[1]?.variance, 3864.45473251031, 1e-12);
    near(v.residual.variance, 4917.92929292929, 1e-12);
    // lme4 shares 0.05255523112, 0.4168979311, 0.5305468377 (η² was 0.0727, 0.379, 0.548)
    near(v.levels[2]?.share, 0.05255523112, 1e-6, 0);
    near(v.levels[1]?.share, 0.4168979311, 1e-6, 0);
    near(v.residual.share, 0.5305468377, 1e-6, 0);
    expect(v).toMatchObject({ method: 'reml', base: 'all', n: 144, singular: false });
    expect(v.levels.map((l) => [l.level, l.units])).toEqual([
      ['company', 1],
      ['region', 4],
      ['store', 12],
    ]);
    expect(v.levels[0]?.variance).toBeNull();
  });

  it('(b) unbalanced, ten-point scheme (passives outside the base)', () => {
    const v = fit(unbalanced);
    // lme4: store:region 646.3550049, region 2334.841338, Residual 7876.892804
    near(v.levels[2]?.variance, 646.3550049, 1e-6);
    near(v.levels[1]?.variance, 2334.841338, 1e-6);
    near(v.residual.variance, 7876.892804, 1e-6);
    near(v.levels[2]?.variance, 646.355036357562, 1e-12);
    near(v.levels[1]?.variance, 2334.84182329495, 1e-12);
    near(v.residual.variance, 7876.89276516683, 1e-12);
    // lme4 shares 0.05952750951, 0.215032434 (η² was 0.0726, 0.176)
    near(v.levels[2]?.share, 0.05952750951, 1e-6, 0);
    near(v.levels[1]?.share, 0.215032434, 1e-6, 0);
    expect(v.n).toBe(184);
    expect(v.base).toBe('promoters-and-detractors');
  });

  it("(e) a region's own answers are one more unit under it (lme4: store = 'r3:own')", () => {
    const v = fit([...unbalanced, ['r3', 'r3', 4, 1, 5]]);
    // lme4: store:region 594.2893269, region 2313.868569, Residual 8023.468379
    near(v.levels[2]?.variance, 594.2893269, 1e-6);
    near(v.levels[1]?.variance, 2313.868569, 1e-6);
    near(v.residual.variance, 8023.468379, 1e-6);
    near(v.levels[2]?.variance, 594.289422055247, 1e-12);
    near(v.levels[1]?.variance, 2313.86854118429, 1e-12);
    near(v.residual.variance, 8023.46834990216, 1e-12);
    expect(v.levels[2]?.units).toBe(15);
  });

  it('(c) issue 10 §3: stores of equal NPS have no store component', () => {
    // Store a ten 10s, store b one 10 and nine 7s: both NPS 100. Under the ten-point scheme the
    // base holds 11 promoters, y = 100 for all: every variance 0 (lme4: store and residual SDs
    // 1.3e-14 and 9.3e-15). The old passives-as-0 sums of squares put 82% between the stores.
    const v = fit([
      ['all', 'a', 10, 0, 0],
      ['all', 'b', 1, 9, 0],
    ]);
    expect(v.levels.map((l) => l.variance)).toEqual([null, 0]);
    expect(v.residual.variance).toBe(0);
    expect(v.total).toBe(0);
    expect(v.levels[1]?.share).toBeNull();
    expect(v.singular).toBe(true);
    // a: P6 D4, b: P3 Pa5 D2, both NPS 20: lme4 (1 | store): store 0, Residual 10285.71429
    const w = fit(twoStores);
    expect(w.levels[1]?.variance).toBe(0);
    expect(w.levels[1]?.share).toBe(0);
    // with the store component at 0, the residual is SST / (N − 1) = (15 − 15 · 0.2²) / 14 · 10⁴
    near(w.residual.variance, 10285.71429, 1e-9);
    near(w.residual.variance, 72000 / 7, 1e-12);
    expect(w.singular).toBe(true);
  });

  it('(d) no store effect: the store share is lme4’s, not the sampling noise of η²', () => {
    const v = fit(noStoreEffect, classicScheme);
    // lme4: store:region 0, region 957.5748118, Residual 6685.897432
    expect(v.levels[2]?.variance).toBe(0);
    expect(v.levels[2]?.share).toBe(0);
    near(v.levels[1]?.variance, 957.5748118, 1e-6);
    near(v.residual.variance, 6685.897432, 1e-6);
    near(v.levels[1]?.variance, 957.574786324811, 1e-12);
    near(v.residual.variance, 6685.89743589744, 1e-12);
    // lme4 share 0.1252800797 for the region; η² gave the stores 0.0714 of the variation
    near(v.levels[1]?.share, 0.1252800797, 1e-6, 0);
    expect(v.singular).toBe(true);
  });
});

describe('varianceComponents: exact cases and invariants', () => {
  const classic = (k: number) => ({
    promoters: k === 1 ? 1 : 0,
    passives: k === 0 ? 1 : 0,
    detractors: k === -1 ? 1 : 0,
  });
  /** One-way (company → stores) from answers y ∈ {1, 0, −1} per store, classic scheme. */
  const oneWay = (stores: readonly (readonly number[])[]) => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      ...stores.map((_, i) => ({ id: `s${String(i)}`, parentId: 'all' })),
    ]);
    const rows = stores.flatMap((ys, i) =>
      ys.map((y) => ({ nodeId: `s${String(i)}`, tally: classic(y) })),
    );
    return varianceComponents(rollup(h, rows, { scheme: classicScheme }));
  };

  it('property: one-way balanced data give the closed-form REML (ANOVA, truncated at 0)', () => {
    // REML in the balanced 1-way classification (Searle, Casella and McCulloch 1992, ch. 3):
    // σ²_b = (MSB − MSW) / n and σ²_e = MSW when MSB ≥ MSW; otherwise σ²_b = 0 and
    // σ²_e = SST / (N − 1). (MSW = 0 gives σ²_e = 0 and σ²_b = MSB / n, the degenerate case.)
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.infiniteStream(fc.constantFrom(1, 0, -1)),
        (k, n, stream) => {
          const it = stream[Symbol.iterator]();
          const stores = Array.from({ length: k }, () =>
            Array.from({ length: n }, () => it.next().value as number),
          );
          const ys = stores.flat();
          const N = k * n;
          const grand = ys.reduce((s, y) => s + y, 0) / N;
          const means = stores.map((s) => s.reduce((a, y) => a + y, 0) / n);
          const ssb = n * means.reduce((s, m) => s + (m - grand) ** 2, 0);
          const ssw = stores.reduce(
            (s, st, i) => s + st.reduce((a, y) => a + (y - (means[i] ?? 0)) ** 2, 0),
            0,
          );
          const msb = ssb / (k - 1);
          const msw = ssw / (N - k);
          let sb: number;
          let se: number;
          if (msb >= msw) {
            sb = (msb - msw) / n;
            se = msw;
          } else {
            sb = 0;
            se = (ssb + ssw) / (N - 1);
          }
          const v = oneWay(stores);
          near(v.levels[1]?.variance, 1e4 * sb, 1e-10);
          near(v.residual.variance, 1e4 * se, 1e-10);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: balanced nested data with positive ANOVA estimates give the ANOVA estimates', () => {
    // REML = ANOVA on balanced data when no ANOVA estimate is negative (Searle et al. 1992,
    // ch. 4 and 6).
    let compared = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 2, max: 5 }),
        fc.infiniteStream(fc.constantFrom(1, 1, 0, -1)),
        (a, b, n, stream) => {
          const it = stream[Symbol.iterator]();
          // a skew per region so that the region component is often positive
          const y = Array.from({ length: a }, (_, i) =>
            Array.from({ length: b }, () =>
              Array.from({ length: n }, () => {
                const v = it.next().value as number;
                return i % 2 === 0 && v === 0 ? 1 : v;
              }),
            ),
          );
          const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
          const grand = mean(y.flat(2));
          const rm = y.map((r) => mean(r.flat()));
          const sm = y.map((r) => r.map(mean));
          let ssa = 0;
          let ssb = 0;
          let ssw = 0;
          y.forEach((r, i) => {
            ssa += b * n * ((rm[i] ?? 0) - grand) ** 2;
            r.forEach((s, j) => {
              ssb += n * ((sm[i]?.[j] ?? 0) - (rm[i] ?? 0)) ** 2;
              for (const v of s) ssw += (v - (sm[i]?.[j] ?? 0)) ** 2;
            });
          });
          const msa = ssa / (a - 1);
          const msb = ssb / (a * (b - 1));
          const msw = ssw / (a * b * (n - 1));
          if (!(msw > 0 && msb - msw > 1e-9 && msa - msb > 1e-9)) return;
          compared++;
          const rows: StoreCounts[] = y.flatMap((r, i) =>
            r.map(
              (s, j): StoreCounts => [
                `r${String(i)}`,
                `r${String(i)}s${String(j)}`,
                s.filter((v) => v === 1).length,
                s.filter((v) => v === 0).length,
                s.filter((v) => v === -1).length,
              ],
            ),
          );
          const v = fit(rows, classicScheme);
          near(v.levels[1]?.variance, (1e4 * (msa - msb)) / (b * n), 1e-8);
          near(v.levels[2]?.variance, (1e4 * (msb - msw)) / n, 1e-8);
          near(v.residual.variance, 1e4 * msw, 1e-8);
        },
      ),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(20);
  });

  it('identical answers within each store: residual 0, the stores from their means (hand-computed)', () => {
    // y: a = [1, 1], b = [−1, −1]; REML's optimum has σ²_e = 0 and σ²_store the variance of the
    // store means 1 and −1 with N − 1 = 1 degree of freedom: 2, i.e. 20 000 NPS points².
    const v = oneWay([
      [1, 1],
      [-1, -1],
    ]);
    expect(v.levels[1]?.variance).toBe(20000);
    expect(v.residual.variance).toBe(0);
    expect(v.levels[1]?.share).toBe(1);
    expect(v.singular).toBe(true);
  });

  it('a forest: the roots are a level of their own, and a single root changes nothing', () => {
    const one = fit(unbalanced);
    const forest = fit(unbalanced, undefined, false);
    expect(forest.levels.map((l) => [l.level, l.units])).toEqual([
      ['region', 5],
      ['store', 14],
    ]);
    near(forest.levels[0]?.variance, one.levels[1]?.variance ?? 0, 1e-12);
    near(forest.levels[1]?.variance, one.levels[2]?.variance ?? 0, 1e-12);
    near(forest.residual.variance, one.residual.variance ?? 0, 1e-12);
  });

  it('a level that groups the answers as the level above is reported there (null)', () => {
    // every region has one store: region and store group the answers alike
    const rows: StoreCounts[] = [
      ['r1', 'r1s', 5, 1, 2],
      ['r2', 'r2s', 1, 2, 6],
      ['r3', 'r3s', 4, 4, 4],
    ];
    const v = fit(rows, classicScheme);
    const flat = fit(
      rows.map(([, s, p, pa, d]) => ['all', s, p, pa, d]),
      classicScheme,
      false,
    );
    expect(v.levels[2]?.variance).toBeNull();
    expect(v.levels[2]?.units).toBe(3);
    // the same as company → stores (here as a forest of stores under one pseudo-region)
    near(v.levels[1]?.variance, flat.levels[1]?.variance ?? 0, 1e-12);
    near(v.residual.variance, flat.residual.variance ?? 0, 1e-12);
  });

  it('fewer than two answers: nothing to estimate', () => {
    const v = fit([['r1', 's', 1, 0, 0]]);
    expect(v.n).toBe(1);
    expect(variances(v)).toEqual([null, null, null, null]);
    expect(v.total).toBeNull();
    const none = fit([['r1', 's', 0, 3, 0]]); // passives only: an empty base
    expect(none.n).toBe(0);
    expect(none.residual).toEqual({ variance: null, share: null });
  });

  it('stores of one answer each are part of the residual (null)', () => {
    const v = fit([
      ['r1', 'a', 1, 0, 0],
      ['r1', 'b', 0, 0, 1],
      ['r2', 'c', 1, 0, 0],
      ['r2', 'd', 1, 0, 0],
    ]);
    expect(v.levels[2]?.variance).toBeNull();
    expect(v.levels[1]?.variance).toBeTypeOf('number');
  });

  it('property: variances ≥ 0, shares add up to 1, permuting the stores changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('r1', 'r2', 'r3'),
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 6 }),
          ),
          { minLength: 2, maxLength: 12 },
        ),
        (stores) => {
          const rows: StoreCounts[] = stores.map(([r, p, pa, d], i) => [
            r,
            `s${String(i)}`,
            p,
            pa,
            d,
          ]);
          const v = fit(rows, classicScheme);
          const w = fit([...rows].reverse(), classicScheme);
          const vs = variances(v);
          for (const x of vs) if (x !== null) expect(x).toBeGreaterThanOrEqual(0);
          vs.forEach((x, i) => {
            const y = variances(w)[i];
            if (x === null) expect(y).toBeNull();
            else near(y, x, 1e-10);
          });
          if (v.total !== null && v.total > 0) {
            const shares = [...v.levels.map((l) => l.share), v.residual.share];
            expect(shares.reduce<number>((s, x) => s + (x ?? 0), 0)).toBeCloseTo(1, 12);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scales to a million answers as 10,000 store tallies', () => {
    const rows: StoreCounts[] = [];
    for (let s = 0; s < 10_000; s++) {
      const k = (s * 7919) % 97;
      rows.push([
        `r${String(s % 100)}`,
        `s${String(s)}`,
        40 + (k % 30),
        20 + (k % 11),
        30 + (k % 17),
      ]);
    }
    const t0 = performance.now();
    const v = fit(rows, classicScheme);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(v.n).toBeGreaterThan(1_000_000);
    expect(v.levels[2]?.variance).toBeGreaterThan(0);
  });
});

describe('varianceComponents: refusals', () => {
  const regionTree = [
    { id: 'hq', parentId: null, level: 'company' },
    { id: 'north', parentId: 'hq', level: 'region' },
    { id: 'n1', parentId: 'north', level: 'store' },
  ];
  const h = buildHierarchy(regionTree);

  it('refuses a rollup whose groups do not nest (a moved store replayed per response)', () => {
    const d = buildHierarchy(movedStoreTree([]));
    const resp = [
      { nodeId: 's', score: 10, at: move - 1 },
      { nodeId: 's', score: 1, at: move },
    ];
    expect(() => varianceComponents(rollup(d, resp))).toThrow(/structure: 'as-of'/);
    const v = varianceComponents(rollup(d, resp, { structure: 'as-of' }));
    // restated: both under south; y = 100, −100: residual (100² + 100²) / 1
    expect(v.residual.variance).toBe(20000);
  });

  it('refuses suppressed and weighted rollups', () => {
    const r = rollup(h, [{ nodeId: 'n1', score: 10 }], { minSample: 5 });
    expect(() => varianceComponents(r)).toThrow(NpsInputError);
    const w = rollup(h, [
      { nodeId: 'n1', score: 10, weight: 2 },
      { nodeId: 'n1', score: 1, weight: 1 },
    ]);
    expect(codeOf(() => varianceComponents(w))).toBe('invalid_input');
    expect(() => varianceComponents(w)).toThrow(/without weights/);
  });

  it('estimates up to 16 levels at once and refuses more (too_large)', () => {
    // a chain whose every node has its own answers: depth d has d + 1 units, all levels distinct
    const comb = (depth: number) => {
      const nodes = Array.from({ length: depth + 1 }, (_, i) => ({
        id: `c${String(i)}`,
        parentId: i === 0 ? null : `c${String(i - 1)}`,
      }));
      const answers = nodes.flatMap((n, i) => [
        ...rep(n.id, 10, 1 + (i % 3)),
        ...rep(n.id, 1, 1 + ((i * 2) % 5)),
      ]);
      return rollup(buildHierarchy(nodes), answers);
    };
    const v = varianceComponents(comb(16));
    expect(v.levels.filter((l) => l.variance !== null)).toHaveLength(16);
    const shares = [...v.levels.map((l) => l.share), v.residual.share];
    expect(shares.reduce<number>((s, x) => s + (x ?? 0), 0)).toBeCloseTo(1, 12);
    expect(codeOf(() => varianceComponents(comb(17)))).toBe('too_large');
  });

  it('refuses a forged rollup (wrong depth, unknown parent, unknown base)', () => {
    const r = rollup(h, rep('n1', 10, 2));
    const forged = (f: (n: (typeof r.nodes)[number]) => object) => ({
      ...r,
      nodes: r.nodes.map((n, i) => (i === 2 ? { ...n, ...f(n) } : n)),
    });
    expect(codeOf(() => varianceComponents(forged(() => ({ depth: 1 }))))).toBe('invalid_input');
    expect(codeOf(() => varianceComponents(forged(() => ({ parentId: 'x' }))))).toBe(
      'invalid_input',
    );
    expect(codeOf(() => varianceComponents({ ...r, base: 'some' } as never))).toBe('invalid_input');
  });
});
