// Coverage of the NPS interval methods: the probability that the 95 % interval contains the true
// NPS. Exact (a sum over every possible outcome, weighted by its multinomial or binomial
// probability) wherever that is cheap, seeded simulation otherwise. The numbers these tests
// produce are the table in docs/methodology.md.
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/kernels/beta.ts';
import { dirichletDifferenceCdf } from '../../src/kernels/dirichlet.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import {
  classicScheme,
  type NpsIntervalMethod,
  npsInterval,
  tallyFromCounts,
  tenPointScheme,
} from '../../src/index.ts';

const ALL: NpsIntervalMethod[] = ['wald', 'adjusted-wald', 'tango', 'bayes'];
const BINARY: NpsIntervalMethod[] = [...ALL, 'wilson'];

/** True (promoter, passive, detractor) shares: balanced, moderate, skewed. */
const SHARES: [number, number, number][] = [
  [0.3, 0.4, 0.3],
  [0.5, 0.3, 0.2],
  [0.7, 0.25, 0.05],
];

const covers = (m: NpsIntervalMethod, p: number, pa: number, d: number, truth: number): boolean => {
  const r = npsInterval(tallyFromCounts({ promoters: p, passives: pa, detractors: d }), {
    scheme: classicScheme,
    method: m,
  });
  return r.low <= truth && truth <= r.high;
};

/** Exact coverage, base all, n respondents: all (n+1)(n+2)/2 outcomes. */
function exactAll(n: number): Map<string, number>[] {
  const outcomes: { p: number; pa: number; d: number; lp: number; iv: [number, number][] }[] = [];
  for (let p = 0; p <= n; p++) {
    for (let d = 0; p + d <= n; d++) {
      const pa = n - p - d;
      const t = tallyFromCounts({ promoters: p, passives: pa, detractors: d });
      const iv = ALL.map((method): [number, number] => {
        const r = npsInterval(t, { scheme: classicScheme, method });
        return [r.low, r.high];
      });
      const lp = logGamma(n + 1) - logGamma(p + 1) - logGamma(pa + 1) - logGamma(d + 1);
      outcomes.push({ p, pa, d, lp, iv });
    }
  }
  return SHARES.map(([sp, spa, sd]) => {
    const truth = 100 * (sp - sd);
    const cov = new Map<string, number>(ALL.map((m) => [m, 0]));
    for (const o of outcomes) {
      const pr = Math.exp(o.lp + o.p * Math.log(sp) + o.pa * Math.log(spa) + o.d * Math.log(sd));
      ALL.forEach((m, k) => {
        const [lo, hi] = o.iv[k] as [number, number];
        if (lo <= truth && truth <= hi) cov.set(m, (cov.get(m) as number) + pr);
      });
    }
    return cov;
  });
}

/**
 * Exact coverage, passives outside the base, m respondents in the base, for each π = P/(P + D):
 * intervals of the m + 1 outcomes computed once, summed with binomial probabilities.
 */
function exactBinary(m: number, pis: readonly number[]): Map<string, number>[] {
  const iv = new Map<string, [number, number][]>(BINARY.map((k) => [k, []]));
  for (let p = 0; p <= m; p++) {
    const t = tallyFromCounts({ promoters: p, passives: 0, detractors: m - p });
    for (const method of BINARY) {
      const r = npsInterval(t, { scheme: tenPointScheme, method });
      iv.get(method)?.push([r.low, r.high]);
    }
  }
  return pis.map((pi) => {
    const truth = 100 * (2 * pi - 1);
    const cov = new Map<string, number>(BINARY.map((k) => [k, 0]));
    for (let p = 0; p <= m; p++) {
      const pr = Math.exp(
        logGamma(m + 1) -
          logGamma(p + 1) -
          logGamma(m - p + 1) +
          p * Math.log(pi) +
          (m - p) * Math.log1p(-pi),
      );
      for (const method of BINARY) {
        const [lo, hi] = iv.get(method)?.[p] as [number, number];
        if (lo <= truth && truth <= hi) cov.set(method, (cov.get(method) as number) + pr);
      }
    }
    return cov;
  });
}

/** A multinomial draw of n respondents with the given shares. */
function draw(
  random: () => number,
  n: number,
  [sp, , sd]: [number, number, number],
): [number, number, number] {
  let p = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const u = random();
    if (u < sp) p++;
    else if (u >= 1 - sd) d++;
  }
  return [p, n - p - d, d];
}

describe('coverage of 95 % NPS intervals', () => {
  it('n = 30, base all, exact: tango, adjusted-wald and bayes are close to 95 %; wald undercovers', () => {
    const covs = exactAll(30);
    for (const cov of covs) {
      for (const m of ['tango', 'adjusted-wald', 'bayes']) {
        expect(cov.get(m)).toBeGreaterThanOrEqual(0.935);
        expect(cov.get(m)).toBeLessThanOrEqual(0.96);
      }
      // Wald undercovers at n = 30 in every case (93.5 %, 93.6 %, 91.4 %).
      expect(cov.get('wald')).toBeLessThan(0.94);
      expect(cov.get('wald')).toBeGreaterThan(0.9);
    }
    // The skewed case (p = 0.7, d = 0.05) hurts Wald most.
    expect(covs[2]?.get('wald')).toBeLessThan(0.92);
    // Tango stays within 0.01 of nominal in all three.
    for (const cov of covs)
      expect(Math.abs((cov.get('tango') as number) - 0.95)).toBeLessThan(0.01);
  });

  it('passive-excluded base, exact, m = 30 and 300 in the base: wilson = tango; wald undercovers when π is far from 1/2', () => {
    const pis = [0.5, 0.7 / 0.75, 0.5 / 0.7];
    const byM = new Map([30, 300].map((m) => [m, exactBinary(m, pis)]));
    for (const covs of byM.values()) {
      for (const [i, pi] of pis.entries()) {
        const cov = covs[i] as Map<string, number>;
        expect(cov.get('tango')).toBeCloseTo(cov.get('wilson') as number, 12);
        for (const k of ['tango', 'bayes', 'wilson']) {
          expect(cov.get(k)).toBeGreaterThanOrEqual(0.94);
          expect(cov.get(k)).toBeLessThanOrEqual(0.96);
        }
        // Adjusted Wald overcovers on the binary base near the edge at m = 30 (98.7 % at π = 0.93).
        expect(cov.get('adjusted-wald')).toBeGreaterThanOrEqual(0.929);
        expect(cov.get('adjusted-wald')).toBeLessThanOrEqual(0.99);
        if (pi !== 0.5) expect(cov.get('wald')).toBeLessThan(0.945);
      }
    }
    // Wald's worst case: π = 0.93 with 30 in the base covers only 87 %.
    expect(byM.get(30)?.[1]?.get('wald')).toBeLessThan(0.88);
  });

  it('n = 300, base all, seeded simulation (2000 draws): every method is within [0.93, 0.96]', () => {
    const random = seededRandom(20240601);
    const z = 0.025;
    for (const shares of SHARES) {
      const truth = 100 * (shares[0] - shares[2]);
      const hits = new Map<string, number>(ALL.map((m) => [m, 0]));
      const seen = new Map<number, boolean[]>();
      for (let rep = 0; rep < 2000; rep++) {
        const [p, pa, d] = draw(random, 300, shares);
        const key = p * 1000 + d;
        let hit = seen.get(key);
        if (hit === undefined) {
          hit = ALL.map((m) => {
            if (m !== 'bayes') return covers(m, p, pa, d, truth);
            // The equal-tailed posterior interval contains δ exactly when the posterior CDF at δ
            // lies in [α/2, 1 − α/2]: one quadrature instead of two root searches.
            const f = dirichletDifferenceCdf(truth / 100, p + 1, pa + 1, d + 1);
            return f >= z && f <= 1 - z;
          });
          seen.set(key, hit);
        }
        ALL.forEach((m, k) => {
          if (hit[k] === true) hits.set(m, (hits.get(m) as number) + 1);
        });
      }
      for (const m of ALL) {
        const cov = (hits.get(m) as number) / 2000;
        expect(cov).toBeGreaterThanOrEqual(0.93);
        expect(cov).toBeLessThanOrEqual(0.96);
      }
    }
  });

  it('the posterior-CDF shortcut agrees with npsInterval(method: bayes)', () => {
    const random = seededRandom(7);
    for (let rep = 0; rep < 12; rep++) {
      const [p, pa, d] = draw(random, 40, [0.5, 0.3, 0.2]);
      const r = npsInterval(tallyFromCounts({ promoters: p, passives: pa, detractors: d }), {
        scheme: classicScheme,
        method: 'bayes',
      });
      // Just inside and just outside each limit.
      for (const [x, inside] of [
        [r.low + 1e-6, true],
        [r.low - 1e-6, false],
        [r.high - 1e-6, true],
        [r.high + 1e-6, false],
      ] as const) {
        const f = dirichletDifferenceCdf(x / 100, p + 1, pa + 1, d + 1);
        expect(f >= 0.025 && f <= 0.975).toBe(inside);
      }
    }
  });
});
