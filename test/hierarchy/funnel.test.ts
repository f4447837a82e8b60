import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicScheme } from '../../src/core/scheme.ts';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { type FunnelResult, funnel } from '../../src/hierarchy/funnel.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { differenceDistributions } from '../../src/kernels/discrete.ts';
import { normalQuantile } from '../../src/kernels/normal.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { rep, storeTree, unequal } from './_fixtures.ts';

// Reference values: test/hierarchy/reference/funnel.R (R 4.2.2, base stats: pbinom, dbinom,
// dmultinom), Spiegelhalter's interpolation written from the paper's appendix A.1.1.

const h = buildHierarchy(storeTree());

type Counts = readonly [promoters: number, passives: number, detractors: number];

/** A funnel over stores given as tallies (P, Pa, D). */
function funnelOf(
  stores: readonly Counts[],
  options: { classic?: boolean; coverage?: readonly [number, number] } = {},
): FunnelResult {
  const ids = stores.map((_, i) => `s${String(i)}`);
  const r = rollup(
    buildHierarchy(storeTree(ids)),
    stores.map(([promoters, passives, detractors], i) => ({
      nodeId: ids[i] ?? '',
      tally: { promoters, passives, detractors },
    })),
    { minSample: 1, ...(options.classic === true ? { scheme: classicScheme } : {}) },
  );
  return funnel(r, options.coverage === undefined ? {} : { coverage: options.coverage });
}

function expectLimits(actual: readonly number[], expected: readonly number[], digits = 10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i] ?? Number.NaN, digits);
  });
}

/** log C(m, k) by summing logs (an independent route to the binomial pmf). */
function logChoose(m: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((m - k + i) / i);
  return s;
}
const dbinom = (k: number, m: number, pi: number): number =>
  k < 0 || k > m ? 0 : Math.exp(logChoose(m, k) + k * Math.log(pi) + (m - k) * Math.log1p(-pi));

describe('funnel, ten-point scheme: exact binomial limits with Spiegelhalter interpolation', () => {
  it('hand-computed case: 50 P 50 D at a target of 0', () => {
    // a: 100 P; b: 100 D; c: 50 P 50 D → target 0, π₀ = 0.5, m = 100.
    // R: 95%: ±20.6351916547986, 99.8%: ±31.7568232554998.
    // By hand (lower 95%): F(39) = 0.0176 < 0.025 ≤ F(40) = 0.0284 → r = 40,
    // α = (0.0284 − 0.025)/(0.0284 − 0.0176) = 0.3176, limit 100·(2·39.6824/100 − 1) = −20.635.
    const f = funnel(
      rollup(h, [
        ...rep('a', 10, 100),
        ...rep('b', 1, 100),
        ...rep('c', 9, 50),
        ...rep('c', 1, 50),
      ]),
      { level: 'store' },
    );
    expect(f.target).toBe(0);
    expect(f.sd).toBe(100);
    expect(f.distribution).toBe('binomial');
    const c = f.units[2];
    expectLimits(
      [...(c?.inner ?? []), ...(c?.outer ?? [])],
      [-20.6351916547986, 20.6351916547986, -31.7568232554998, 31.7568232554998],
    );
    expect(c?.method).toBe('exact');
    expect(f.units.map((u) => u.position)).toEqual(['above-outer', 'below-outer', 'within']);
  });

  it('unequal units and custom coverage agree with R', () => {
    // P = 30, 5, 61; D = 8, 9, 33; π₀ = 96/146; coverage 0.90 / 0.99 (tails 0.05 / 0.005).
    const f = funnel(rollup(h, unequal), { coverage: [0.9, 0.99] });
    expect(f.target).toBeCloseTo(31.5068493150685, 12);
    expect(f.units.map((u) => u.baseN)).toEqual([38, 14, 94]);
    expect(f.units.map((u) => u.effectiveN)).toEqual([38, 14, 94]);
    const r = [
      [2.83661530614663, 59.13044020130034, -12.2687112277173, 72.2105596897945],
      [-19.5476776618292, 80.2662738499429, -43.0275065739528, 98.4903148609766],
      [14.0938842565241, 48.5155904216818, 4.64002788899966, 57.10264241689472],
    ];
    f.units.forEach((u, i) => {
      expectLimits([...u.inner, ...u.outer], r[i] ?? []);
    });
    // exact tails (R): a (57.89): P(X ≥ 30) = 0.0575 ≥ 0.05, within; b (−28.57):
    // P(X ≤ 5) = 0.0210 < 0.05 but ≥ 0.005, below-inner; c (29.79): 0.469 / 0.616, within
    expect(f.units.map((u) => u.position)).toEqual(['within', 'below-inner', 'within']);
  });

  it('issue 10 reproduction: the false-alarm rate at π = 0.8 no longer exceeds the nominal one', () => {
    // The former normal-approximation 99.8% limits flagged X ≤ 1 of m = 5 and X ≤ 4 of m = 10:
    // pbinom(1, 5, 0.8) = 0.00672 and pbinom(4, 10, 0.8) = 0.0063693824, 3.4× and 3.2× the
    // nominal 0.002. The exact limits flag X when P(X ≤ x) < α/2 or P(X ≥ x) < α/2; the
    // false-alarm rate is the exact binomial sum over the flagged X (R, reference script):
    const reference = new Map([
      [5, { outer: [0], outerRate: 0.00032, inner: [0, 1], innerRate: 0.00672 }],
      [
        10,
        {
          outer: [0, 1, 2, 3],
          outerRate: 0.000864358399999998,
          inner: [0, 1, 2, 3, 4],
          innerRate: 0.00636938239999999,
        },
      ],
      [
        20,
        {
          outer: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
          outerRate: 0.00056341369766019,
          inner: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20],
          innerRate: 0.0215110013667928,
        },
      ],
    ]);
    for (const [m, ref] of reference) {
      const outer: number[] = [];
      const inner: number[] = [];
      for (let x = 0; x <= m; x++) {
        // a companion store of 1000 − m answers holds the pooled π₀ at exactly 0.8
        const f = funnelOf([
          [x, 0, m - x],
          [800 - x, 0, 200 - m + x],
        ]);
        expect(f.target).toBe(60);
        const pos = f.units[0]?.position ?? '';
        if (pos.endsWith('outer')) outer.push(x);
        if (pos !== 'within') inner.push(x);
      }
      expect(outer).toEqual(ref.outer);
      expect(inner).toEqual(ref.inner);
      const rate = (xs: number[]) => xs.reduce((s, x) => s + dbinom(x, m, 0.8), 0);
      expect(rate(outer)).toBeCloseTo(ref.outerRate, 14);
      expect(rate(inner)).toBeCloseTo(ref.innerRate, 14);
      expect(rate(outer)).toBeLessThanOrEqual(0.002);
      expect(rate(inner)).toBeLessThanOrEqual(0.05);
    }
  });

  it('positions are the exact one-sided tail tests (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 99 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        fc.nat(),
        (m, percent, c0, c1, seed) => {
          // target π₀ = percent / 100 exactly: the other store brings the pool to 100·m answers
          const x = seed % (m + 1);
          const total = 100 * m;
          const pool = percent * m;
          fc.pre(pool - x >= 0 && total - m - (pool - x) >= 0);
          const coverage: [number, number] = [Math.min(c0, c1), Math.max(c0, c1)];
          const f = funnelOf(
            [
              [x, 0, m - x],
              [pool - x, 0, total - m - (pool - x)],
            ],
            { coverage },
          );
          const pi = percent / 100;
          let lower = 0;
          for (let k = 0; k <= x; k++) lower += dbinom(k, m, pi);
          let upper = 0;
          for (let k = x; k <= m; k++) upper += dbinom(k, m, pi);
          const side = (tail: number) => (lower < tail ? -1 : upper < tail ? 1 : 0);
          const inner = side((1 - coverage[0]) / 2);
          const outer = side((1 - coverage[1]) / 2);
          const expected =
            outer === 1
              ? 'above-outer'
              : outer === -1
                ? 'below-outer'
                : inner === 1
                  ? 'above-inner'
                  : inner === -1
                    ? 'below-inner'
                    : 'within';
          // tails within 1e-12 of the cut-off are left to rounding
          fc.pre(
            [lower, upper].every((t) =>
              [(1 - coverage[0]) / 2, (1 - coverage[1]) / 2].every((q) => Math.abs(t - q) > 1e-12),
            ),
          );
          expect(f.units[0]?.position).toBe(expected);
        },
      ),
    );
  });

  it('swapping promoters and detractors mirrors the funnel (property)', () => {
    const store = fc.tuple(fc.nat(40), fc.nat(10), fc.nat(40)).filter(([p, , d]) => p + d > 0);
    fc.assert(
      fc.property(
        fc.array(store, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (stores, classic) => {
          const f = funnelOf(stores, { classic });
          const g = funnelOf(
            stores.map(([p, pa, d]) => [d, pa, p] as const),
            { classic },
          );
          expect(g.target).toBeCloseTo(-f.target, 9);
          f.units.forEach((u, i) => {
            const v = g.units[i];
            expect(v?.inner[0]).toBeCloseTo(-u.inner[1], 9);
            expect(v?.outer[1]).toBeCloseTo(-u.outer[0], 9);
            const mirror = u.position
              .replace('above', 'x')
              .replace('below', 'above')
              .replace('x', 'below');
            expect(v?.position).toBe(mirror);
          });
        },
      ),
    );
  });

  it('seeded simulation: false-alarm rate at m = 5, 10, 20 within 1.5× nominal', () => {
    // 20 funnels of 1000 stores each per m, π = 0.8: 20 000 units per m (the binomial sd of an
    // estimated rate of 0.002 is 0.0003, of 0.05 is 0.0015).
    const rnd = seededRandom(2024);
    for (const m of [5, 10, 20]) {
      let outer = 0;
      let inner = 0;
      let units = 0;
      for (let rep = 0; rep < 20; rep++) {
        const stores: Counts[] = [];
        for (let s = 0; s < 1000; s++) {
          let x = 0;
          for (let i = 0; i < m; i++) if (rnd() < 0.8) x++;
          stores.push([x, 0, m - x]);
        }
        for (const u of funnelOf(stores).units) {
          units++;
          if (u.position.endsWith('outer')) outer++;
          if (u.position !== 'within') inner++;
        }
      }
      expect(outer / units).toBeLessThanOrEqual(1.5 * 0.002);
      expect(inner / units).toBeLessThanOrEqual(1.5 * 0.05);
    }
  });
});

describe('funnel, classic scheme: exact trinomial limits of P − D', () => {
  it('limits agree with R (multinomial sums)', () => {
    // a 30/12/8, b 5/4/9, c 61/20/33 (P/Pa/D), base all: target 100·(96 − 50)/182.
    const f = funnelOf(
      [
        [30, 12, 8],
        [5, 4, 9],
        [61, 20, 33],
      ],
      { classic: true },
    );
    expect(f.distribution).toBe('trinomial');
    expect(f.target).toBeCloseTo(25.2747252747253, 12);
    const r = [
      [0.0864094241093341, 49.6622955868621432, -14.1520595985584, 62.1668248710286],
      [-18.3835473063222, 66.3760140777, -42.2601215148385, 85.5677674150474],
      [8.88718228967739, 41.29254663458283, -0.497759196008947, 49.922390463435299],
    ];
    f.units.forEach((u, i) => {
      expect(u.method).toBe('exact');
      expectLimits([...u.inner, ...u.outer], r[i] ?? [], 9);
    });
    // exact tails of P − D (R): a (44): P(S ≥ 22) = 0.0704, within; b (−22.2):
    // P(S ≤ −4) = 0.0155 < 0.025 but ≥ 0.001, below-inner; c (24.6): 0.483 / 0.560, within
    expect(f.units.map((u) => u.position)).toEqual(['within', 'below-inner', 'within']);
  });

  it('a level without passives is binomial under base all', () => {
    const f = funnelOf(
      [
        [30, 0, 8],
        [5, 0, 9],
        [61, 0, 33],
      ],
      { classic: true, coverage: [0.9, 0.99] },
    );
    expect(f.distribution).toBe('binomial');
    // the same counts as the unequal fixture under the ten-point scheme (R above)
    expectLimits([...(f.units[0]?.inner ?? [])], [2.83661530614663, 59.13044020130034]);
  });

  it('above 10 000 answers: the normal approximation, its false-alarm rate measured exactly', () => {
    // shares 0.6/0.3/0.1, m = 10 001: limits 100·(θ₀ ± z·σ₀/√m). R (reference script, the exact
    // distribution of P − D by recursion): 95%: 48.6852819233956, 51.3147180766044, rate
    // 0.0508459500007766; 99.8%: 47.9271127909123, 52.0728872090877, rate 0.00203126526053124.
    // The pool (20 010 answers: 12 006 / 6003 / 2001) holds the shares at exactly 0.6/0.3/0.1.
    const m = 10_001;
    const f = funnelOf(
      [
        [6001, 3000, 1000],
        [6005, 3003, 1001],
      ],
      { classic: true },
    );
    expect(f.target).toBe(50);
    const u = f.units[0];
    expect(u?.method).toBe('normal');
    expectLimits(
      [...(u?.inner ?? []), ...(u?.outer ?? [])],
      [48.6852819233956, 51.3147180766044, 47.9271127909123, 52.0728872090877],
      9,
    );
    // the same rates from the kernel's recursion (cross-checks it at this size against R)
    differenceDistributions([m], 0.6, 0.3, 0.1, (_, pmf, offset, lo, hi) => {
      const rate = (low: number, high: number) => {
        let s = 0;
        for (let i = lo; i <= hi; i++) {
          const nps = (100 * (i - offset)) / m;
          if (nps < low || nps > high) s += pmf[i] ?? 0;
        }
        return s;
      };
      expect(rate(u?.inner[0] ?? 0, u?.inner[1] ?? 0)).toBeCloseTo(0.0508459500007766, 10);
      expect(rate(u?.outer[0] ?? 0, u?.outer[1] ?? 0)).toBeCloseTo(0.00203126526053124, 10);
    });
  });

  it('seeded simulation: false-alarm rate at m = 5, 10, 20 within 1.5× nominal', () => {
    const rnd = seededRandom(7);
    for (const m of [5, 10, 20]) {
      let outer = 0;
      let inner = 0;
      let units = 0;
      for (let rep = 0; rep < 20; rep++) {
        const stores: Counts[] = [];
        for (let s = 0; s < 1000; s++) {
          let p = 0;
          let d = 0;
          for (let i = 0; i < m; i++) {
            const v = rnd();
            if (v < 0.6) p++;
            else if (v >= 0.85) d++;
          }
          stores.push([p, m - p - d, d]);
        }
        for (const u of funnelOf(stores, { classic: true }).units) {
          units++;
          if (u.position.endsWith('outer')) outer++;
          if (u.position !== 'within') inner++;
        }
      }
      expect(outer / units).toBeLessThanOrEqual(1.5 * 0.002);
      expect(inner / units).toBeLessThanOrEqual(1.5 * 0.05);
    }
  });
});

describe('funnel with weights', () => {
  const weighted = (nodeId: string, score: number, weight: number, k = 1) =>
    Array.from({ length: k }, () => ({ nodeId, score, weight }));

  it('issue 10 reproduction: the target is the pooled weighted NPS (16.67, not 9.09)', () => {
    // a: one promoter of weight 2; b: 5 promoters and 5 detractors of weight 1.
    // Pooled weighted NPS = 100·(2 + 5 − 5)/(2 + 10) = 16.67 (the company's NPS); the former
    // target averaged the units' NPS by Kish size: (1·100 + 10·0)/11 = 9.09.
    const two = buildHierarchy(storeTree(['a', 'b']));
    const r = rollup(
      two,
      [...weighted('a', 10, 2), ...weighted('b', 10, 1, 5), ...weighted('b', 1, 1, 5)],
      {
        minSample: 1,
      },
    );
    const f = funnel(r);
    expect(f.target).toBeCloseTo(100 / 6, 12);
    expect(f.target).toBeCloseTo(r.nodes[0]?.nps ?? Number.NaN, 12);
  });

  it('limits at the Kish effective size, linear between whole sizes (R)', () => {
    // a: P (w 2); b: 5 P 5 D (w 1); c: 6 P (w 1), 6 D (w 2): π₀ = 13/30, target −13.33.
    // c: n_eff = 18²/30 = 10.8 → 0.2·limits(10) + 0.8·limits(11); baseN 12.
    const r = rollup(
      h,
      [
        ...weighted('a', 10, 2),
        ...weighted('b', 10, 1, 5),
        ...weighted('b', 1, 1, 5),
        ...weighted('c', 10, 1, 6),
        ...weighted('c', 1, 2, 6),
      ],
      { minSample: 1 },
    );
    const f = funnel(r);
    expect(f.target).toBeCloseTo(-13.3333333333333, 12);
    const [a, b, c] = f.units;
    expect(a?.effectiveN).toBe(1);
    expect(b?.effectiveN).toBe(10);
    expect(c?.effectiveN).toBeCloseTo(10.8, 12);
    expect(c?.baseN).toBe(12);
    expectLimits([...(b?.inner ?? [])], [-83.4640560672861, 58.8035640103912]);
    expectLimits(
      [...(c?.inner ?? []), ...(c?.outer ?? [])],
      [-80.5597831856742, 57.2424946838018, -100, 90.0118032140431],
    );
    expect(c?.position).toBe('within');
  });

  it('seeded simulation with log-normal weights: false-alarm rate within 1.5× nominal', () => {
    // weights exp(0.7·N(0, 1)) (design effect about 1.6); 10 funnels of 1000 stores per m
    const ids = Array.from({ length: 1000 }, (_, i) => `s${String(i)}`);
    const big = buildHierarchy(storeTree(ids));
    const rnd = seededRandom(31);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    for (const m of [5, 10, 20]) {
      let outer = 0;
      let inner = 0;
      let units = 0;
      for (let rep = 0; rep < 10; rep++) {
        const rows = ids.flatMap((nodeId) =>
          Array.from({ length: m }, () => ({
            nodeId,
            score: rnd() < 0.8 ? 10 : 1,
            weight: Math.exp(0.7 * gauss()),
          })),
        );
        for (const u of funnel(rollup(big, rows, { minSample: 1 })).units) {
          units++;
          if (u.position.endsWith('outer')) outer++;
          if (u.position !== 'within') inner++;
        }
      }
      expect(outer / units).toBeLessThanOrEqual(1.5 * 0.002);
      expect(inner / units).toBeLessThanOrEqual(1.5 * 0.05);
    }
  });

  it('equal weights give the unweighted limits', () => {
    const rows = unequal.map((row) => ({ ...row, weight: 3 }));
    const f = funnel(rollup(h, rows), { coverage: [0.9, 0.99] });
    const g = funnel(rollup(h, unequal), { coverage: [0.9, 0.99] });
    f.units.forEach((u, i) => {
      const v = g.units[i];
      expect(u.effectiveN).toBeCloseTo(v?.effectiveN ?? Number.NaN, 9);
      expectLimits([...u.inner, ...u.outer], [...(v?.inner ?? []), ...(v?.outer ?? [])], 6);
      expect(u.position).toBe(v?.position);
    });
  });
});

describe('funnel, options', () => {
  it('positions between the limits; bad options', () => {
    // a: 39 P 21 D (m 60, +30), b: 21 P 39 D (−30), target 0: P(X ≥ 39) = 0.0136 < 0.025 but
    // > 0.001 (R: pbinom(38, 60, 0.5, lower.tail = FALSE) = 0.01356)
    const f = funnel(
      rollup(h, [...rep('a', 10, 39), ...rep('a', 1, 21), ...rep('b', 10, 21), ...rep('b', 1, 39)]),
      { level: 1 },
    );
    expect(f.units.map((u) => u.position)).toEqual(['above-inner', 'below-inner']);
    const r = rollup(h, rep('a', 10, 3));
    expect(() => funnel(r, { level: 'region' })).toThrow(NpsInputError);
    expect(() => funnel(r, { coverage: [0.95, 1] })).toThrow(NpsInputError);
  });

  it('z of the normal approximation is the two-sided quantile', () => {
    // guards normalTail's sign: the 99.8% half-width is qnorm(0.999)·σ₀/√m
    const m = 20_000;
    const f = funnelOf([[0.5 * m, 0.25 * m, 0.25 * m] as Counts], { classic: true });
    const u = f.units[0];
    const half = (normalQuantile(0.999) * f.sd) / Math.sqrt(m);
    expect(u?.outer[1]).toBeCloseTo(f.target + half, 10);
    expect(u?.outer[0]).toBeCloseTo(f.target - half, 10);
  });
});
