// Counts near the limit of exact doubles (issue 10 §7): a tally's total must stay ≤ 2^53 − 1
// wherever counts are added up, and every interval method must be right at every total a tally
// accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  classicScheme,
  mergeTallies,
  npsInterval,
  rollup,
  type Tally,
  tallyFromCounts,
  tallyFromHistogram,
  tenPointScheme,
} from '../../src/index.ts';
import { betaQuantile } from '../../src/kernels/beta.ts';
import {
  dirichletDifferenceMoments,
  dirichletDifferenceQuantile,
} from '../../src/kernels/dirichlet.ts';
import { thrown } from '../_support/errors.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describe('a tally holds at most 2^53 − 1 respondents', () => {
  it('tallyFromCounts refuses counts whose total would lose units (the passive of 5e15 + 1 + 5e15)', () => {
    const e = thrown(() => tallyFromCounts({ promoters: 5e15, passives: 1, detractors: 5e15 }));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(
      /^tallyFromCounts: the counts of a tally must add up to at most 2\^53 − 1/,
    );
    // each count alone is a safe integer: only the total is out of range
    expect(Number.isSafeInteger(5e15)).toBe(true);
  });

  it('a total of exactly 2^53 − 1 is accepted, one more is refused', () => {
    const t = tallyFromCounts({ promoters: MAX - 2, passives: 1, detractors: 1 });
    expect(t.n).toBe(MAX);
    expect(t.n - t.promoters - t.detractors).toBe(1); // every unit kept
    expect(
      thrown(() => tallyFromCounts({ promoters: MAX - 1, passives: 1, detractors: 1 })).code,
    ).toBe('invalid_count');
  });

  it('counts beyond 2^53 − 1 are refused one by one, with the key as path', () => {
    const e = thrown(() => tallyFromCounts({ promoters: 2 ** 53, passives: 0, detractors: 0 }));
    expect(e.code).toBe('invalid_count');
    expect(e.path).toEqual(['promoters']);
  });

  it('mergeTallies refuses valid tallies whose sum passes 2^53 − 1', () => {
    const a = tallyFromCounts({ promoters: 5e15, passives: 1, detractors: 0 });
    const b = tallyFromCounts({ promoters: 0, passives: 0, detractors: 5e15 });
    const e = thrown(() => mergeTallies(a, b));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(/^mergeTallies: /);
  });

  it('mergeTallies refuses weighted sums that overflow when added', () => {
    const big: Tally = tallyFromCounts({
      promoters: 1,
      passives: 0,
      detractors: 0,
      weights: {
        promoters: 1e154,
        passives: 0,
        detractors: 0,
        promotersSquared: 1e308,
        passivesSquared: 0,
        detractorsSquared: 0,
      },
    });
    const e = thrown(() => mergeTallies(big, big));
    expect(e.code).toBe('invalid_weight');
    expect(e.path).toEqual(['weights', 'promotersSquared']);
  });

  it('tallyFromHistogram: the same rule and message', () => {
    const e = thrown(() => tallyFromHistogram({ 10: 5e15, 7: 1, 3: 5e15 }));
    expect(e.code).toBe('invalid_count');
    expect(e.message).toMatch(/^tallyFromHistogram: the counts of a tally must add up/);
  });

  it('pooling up a hierarchy refuses a node whose pooled total passes 2^53 − 1', () => {
    const h = buildHierarchy([
      { id: 'root', parentId: null },
      { id: 'a', parentId: 'root' },
      { id: 'b', parentId: 'root' },
    ]);
    const half = { promoters: 5e15, passives: 0, detractors: 0 };
    expect(
      thrown(() =>
        rollup(h, [
          { nodeId: 'a', tally: half },
          { nodeId: 'b', tally: { ...half, passives: 1 } },
        ]),
      ).code,
    ).toBe('invalid_count');
  });

  it('every accepted tally keeps every unit: n − promoters − detractors = passives (property)', () => {
    const count = fc.oneof(fc.nat(), fc.integer({ min: 0, max: MAX }));
    fc.assert(
      fc.property(count, count, count, (p, pa, d) => {
        const exact = BigInt(p) + BigInt(pa) + BigInt(d);
        if (exact > BigInt(MAX)) {
          expect(
            thrown(() => tallyFromCounts({ promoters: p, passives: pa, detractors: d })).code,
          ).toBe('invalid_count');
          return;
        }
        const t = tallyFromCounts({ promoters: p, passives: pa, detractors: d });
        expect(BigInt(t.n)).toBe(exact);
        expect(t.n - t.promoters - t.detractors).toBe(pa);
      }),
    );
  });
});

const Z975 = 1.959963984540054;

describe('intervals at every total a tally accepts', () => {
  const half = Math.floor(MAX / 2); // P = D = 4503599627370495: n = MAX − 1
  const cases = [
    { label: 'P = D = 1e15', p: 1e15, pa: 0, d: 1e15 },
    { label: 'P = Pa = D = 3e15', p: 3e15, pa: 3e15, d: 3e15 },
    { label: 'P = D = (2^53 − 2)/2', p: half, pa: 0, d: half },
  ];
  for (const { label, p, pa, d } of cases) {
    for (const scheme of [classicScheme, tenPointScheme]) {
      for (const method of ['bayes', 'tango', 'wald', 'adjusted-wald'] as const) {
        it(`${method}, ${label}, base ${scheme.base}: symmetric around 0, width 2·z·se to 1e-6`, () => {
          const t = tallyFromCounts({ promoters: p, passives: pa, detractors: d });
          const i = npsInterval(t, { scheme, method });
          expect(i.nps).toBe(0);
          expect(i.low).toBeLessThan(0);
          expect(i.high).toBeGreaterThan(0);
          expect(Math.abs(i.low + i.high)).toBeLessThanOrEqual(1e-9 * i.high);
          expect((i.high - i.low) / (2 * Z975 * i.se)).toBeCloseTo(1, 6);
        });
      }
    }
  }

  it('bayes on the passive-excluded base matches R qbeta at P = D = 1e15', () => {
    // R 4.2.2: sprintf("%.17g", qbeta(0.975, 1e15 + 1, 1e15 + 1)) → 0.50000002191306359
    const i = npsInterval(tallyFromCounts({ promoters: 1e15, passives: 0, detractors: 1e15 }), {
      method: 'bayes',
    });
    expect(i.high).toBeCloseTo(100 * (2 * 0.50000002191306359 - 1), 12);
    expect(i.low).toBeCloseTo(-i.high, 15);
  });

  it('bayes is fast and ordered at the extremes: every category alone near 2^53', () => {
    for (const [p, pa, d] of [
      [MAX, 0, 0],
      [0, MAX, 0],
      [0, 0, MAX],
      [MAX - 1, 0, 1],
    ] as const) {
      for (const scheme of [classicScheme, tenPointScheme]) {
        if (scheme.base !== 'all' && p + d === 0) continue;
        const started = performance.now();
        const i = npsInterval(tallyFromCounts({ promoters: p, passives: pa, detractors: d }), {
          scheme,
          method: 'bayes',
        });
        expect(performance.now() - started).toBeLessThan(2000);
        expect(i.low).toBeLessThanOrEqual(i.high);
        expect(i.low).toBeGreaterThanOrEqual(-100);
        expect(i.high).toBeLessThanOrEqual(100);
        // the posterior mean lies inside (within the 1e-9 points claimed)
        const mean = (100 * (p + 1 - (d + 1))) / (p + (scheme.base === 'all' ? pa + 3 : 2) + d);
        expect(i.low).toBeLessThanOrEqual(mean + 1e-9);
        expect(i.high).toBeGreaterThanOrEqual(mean - 1e-9);
      }
    }
  });

  it('tango at an NPS of 0 with huge counts is symmetric around 0', () => {
    const t = tallyFromCounts({ promoters: half, passives: 0, detractors: half });
    const i = npsInterval(t, { scheme: classicScheme, method: 'tango' });
    expect(i.low).toBeCloseTo(-i.high, 15);
    expect(i.high).toBeGreaterThan(0);
    expect(i.high).toBeLessThan(1e-4);
  });

  it('a bayes prior above 2^53 − 1 is refused up front (invalid_option), not computed for seconds', () => {
    const started = performance.now();
    const e = thrown(() =>
      npsInterval([10, 9, 3], {
        method: 'bayes',
        prior: { promoters: 1e100, passives: 1e100, detractors: 1e100 },
      }),
    );
    expect(e.code).toBe('invalid_option');
    expect(e.path).toEqual(['prior', 'promoters']);
    expect(performance.now() - started).toBeLessThan(100);
    // the largest prior accepted works, at once
    const i = npsInterval([10, 9, 3], {
      method: 'bayes',
      prior: { promoters: MAX, passives: MAX, detractors: MAX },
    });
    expect(Math.abs(i.low + i.high)).toBeLessThan(1e-9);
  });
});

describe('the Beta and Dirichlet kernels at huge shapes', () => {
  it('betaQuantile matches R qbeta where the old prefactor lost whole standard deviations', () => {
    // R 4.2.2: sprintf("%.17g", qbeta(p, a, b)) for each row
    const rows: [number, number, number, number][] = [
      [0.025, 1e6, 1e15, 9.9804098234323106e-10],
      [0.975, 1e12, 1e12, 0.50000069295191218],
      [0.025, 1e15, 1e9, 0.99999899993901964],
      [0.975, 1e9, 1e9, 0.50002191306350663],
      [0.975, 1e15 + 1, 1e15 + 1, 0.50000002191306359],
    ];
    for (const [p, a, b, r] of rows) {
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      expect(Math.abs(betaQuantile(p, a, b) - r)).toBeLessThanOrEqual(Math.max(1e-6 * sd, 4e-16));
    }
  });

  it('Dirichlet difference with one huge category: the scaled limits of the gamma laws', () => {
    // b dominant, a = c = 1: s·(θ₁ − θ₃) → G₁ − G₁' ~ Laplace(1), 0.975-quantile ln 20
    const s9 = 1e9 + 2;
    expect(s9 * dirichletDifferenceQuantile(0.975, 1, 1e9, 1)).toBeCloseTo(Math.log(20), 6);
    // a = c = 1000, b = 1e12: s·(θ₁ − θ₃) → G − G' with G, G' ~ Gamma(1000); R 4.2.2:
    // F <- function(x) integrate(function(g) dgamma(g, 1000) * pgamma(x + g, 1000), 800, 1250,
    //   rel.tol = 1e-13, subdivisions = 1000)$value; uniroot(function(x) F(x) - 0.975, c(50, 120),
    //   tol = 1e-12)$root → 87.661480744005
    const s12 = 1e12 + 2000;
    expect(s12 * dirichletDifferenceQuantile(0.975, 1000, 1e12, 1000)).toBeCloseTo(
      87.661480744005,
      4,
    );
    // a dominant, b = c = 1: s·(1 − (θ₁ − θ₃)) → E + 2E' (E, E' exponential), whose
    // 0.975-quantile solves 2u − u² = 0.025 with u = e^(−y/2): y = −2·ln(1 − √0.975)
    const y = -2 * Math.log(1 - Math.sqrt(0.975));
    expect(1e9 * (1 - dirichletDifferenceQuantile(0.025, 1e9, 1, 1))).toBeCloseTo(y, 4);
  });

  it('mirror symmetry Q(q; a, b, c) = −Q(1 − q; c, b, a) and Cantelli bounds, small to huge shapes', () => {
    const shapes = [0.5, 1, 10, 1e3, 1e6, 1e9, 1e12, 4.5e15];
    const arb = fc.tuple(
      fc.constantFrom(...shapes),
      fc.constantFrom(0, ...shapes),
      fc.constantFrom(...shapes),
    );
    fc.assert(
      fc.property(arb, ([a, b, c]) => {
        const lo = dirichletDifferenceQuantile(0.025, a, b, c);
        const hi = dirichletDifferenceQuantile(0.975, a, b, c);
        const [mu, sd] = dirichletDifferenceMoments(a, b, c);
        const reach = sd * Math.sqrt(39) + 1e-13; // Cantelli at a 2.5 % tail
        expect(lo).toBeLessThanOrEqual(hi);
        expect(lo).toBeGreaterThanOrEqual(mu - reach);
        expect(hi).toBeLessThanOrEqual(mu + reach);
        expect(Math.abs(lo + dirichletDifferenceQuantile(0.975, c, b, a))).toBeLessThanOrEqual(
          1e-12,
        );
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
