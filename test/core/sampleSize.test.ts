import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTallies } from '../../src/core/compareNps.ts';
import { npsMoments } from '../../src/core/variance.ts';
import {
  classicScheme,
  NpsInputError,
  type Scheme,
  sampleSize,
  tenPointScheme,
} from '../../src/index.ts';
import { zForConfidence } from '../../src/kernels/normal.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { makeTally } from '../../src/kernels/tallies.ts';

const typical = { promoters: 0.45, passives: 0.3, detractors: 0.25 };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return undefined;
}

// R reference (R 4.2.2), written from the formulas:
//   z <- qnorm(0.975); zb <- qnorm(0.8)
//   v <- function(p,pa,d,all){ e <- if(all) 1 else p+d; pp <- p/e; dd <- d/e
//                              c(s2 = pp+dd-(pp-dd)^2, e = e) }
//   margin m: (z/(m/100))^2 * s2/e;  difference D: (z+zb)^2 * (s2a/ea + s2b/eb) / (D/100)^2
//   FPC: N*n0/(n0+N-1)
describe('sampleSize, margin of error', () => {
  it('sampleSize({ marginOfError: 5 }) is ⌈(1.959964/0.05)²⌉ = 1537 in the worst case', () => {
    // (1.959963984540054 / 0.05)² × 1 = 1536.5835…; R: 1536.5835282776493.
    for (const scheme of [classicScheme, tenPointScheme]) {
      const s = sampleSize({ marginOfError: 5 }, { scheme });
      expect(s.n).toBe(1537);
      expect(s.baseN).toBe(1537);
      expect(s.exact).toBeCloseTo(1536.5835282776493, 9);
      expect(s.variance).toBe(1);
      expect(s.passiveShare).toBe(0);
      expect(s.base).toBe(scheme.base);
      expect(s.b).toBe(null);
      expect(s.power).toBe(null);
      expect(s.marginOfError).toBe(5);
      expect(s.difference).toBe(null);
    }
  });

  it('sampleSize matches the R table for margins 3, 5, 10 under both presets', () => {
    // R (exact): worst case 4268.2876 / 1536.5835 / 384.1459;
    // classic, 0.45/0.30/0.25: σ² = 0.70 − 0.20² = 0.66 → 2817.0698 / 1014.1451 / 253.5363;
    // ten-point, same shares: base share e = 0.7, σ² = 1 − (0.2/0.7)² = 0.918367,
    // n = z²σ²/(E²e) → 5599.7942 / 2015.9259 / 503.9815; base m = n·e → 3920 / 1412 / 353.
    const rows: [number, number, number, number, number][] = [
      [3, 4269, 2818, 5600, 3920],
      [5, 1537, 1015, 2016, 1412],
      [10, 385, 254, 504, 353],
    ];
    for (const [m, worst, classic, ten, tenBase] of rows) {
      expect(sampleSize({ marginOfError: m }).n).toBe(worst);
      expect(sampleSize({ marginOfError: m }, { scheme: classicScheme }).n).toBe(worst);
      expect(sampleSize({ marginOfError: m }, { scheme: classicScheme, expected: typical }).n).toBe(
        classic,
      );
      const t = sampleSize({ marginOfError: m }, { expected: typical });
      expect(t.n).toBe(ten);
      expect(t.baseN).toBe(tenBase);
      expect(t.passiveShare).toBe(0.3);
      expect(t.variance).toBeCloseTo(1 - (0.2 / 0.7) ** 2, 14);
    }
  });

  it('sampleSize applies the finite-population correction N·n₀/(n₀ + N − 1)', () => {
    // n₀ = 1536.5835; N = 2000: 2000 × 1536.5835 / 3535.5835 = 869.2107 (R) → 870.
    const s = sampleSize({ marginOfError: 5 }, { population: 2000 });
    expect(s.exact).toBeCloseTo(869.21070651451544, 9);
    expect(s.n).toBe(870);
    expect(s.population).toBe(2000);
    // a population of one needs one respondent; a huge one changes nothing
    expect(sampleSize({ marginOfError: 5 }, { population: 1 }).n).toBe(1);
    expect(sampleSize({ marginOfError: 5 }, { population: 1e12 }).n).toBe(1537);
  });

  it('sampleSize uses the confidence level: 99 %, margin 3 → ⌈(2.575829/0.03)²⌉ = 7373', () => {
    // R: (qnorm(0.995)/0.03)^2 = 7372.1073344680135
    expect(sampleSize({ marginOfError: 3 }, { confidence: 0.99 }).n).toBe(7373);
  });

  it('sampleSize n gives the target half-width: z·√(σ²/m) ≤ E at n, > E at n − 1 (property)', () => {
    const shares = fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
      )
      .map(([p, pa, d]) => {
        const total = p + pa + d;
        return {
          promoters: p / total,
          passives: pa / total,
          detractors: 1 - p / total - pa / total,
        };
      });
    fc.assert(
      fc.property(
        shares,
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.boolean(),
        (s, margin, classic) => {
          const scheme: Scheme = classic ? classicScheme : tenPointScheme;
          const r = sampleSize({ marginOfError: margin }, { scheme, expected: s });
          const e = classic ? 1 : s.promoters + s.detractors;
          const z = zForConfidence(0.95);
          const half = (n: number): number => 100 * z * Math.sqrt(r.variance / (n * e));
          expect(half(r.n)).toBeLessThanOrEqual(margin * (1 + 1e-9));
          if (r.n > 1) expect(half(r.n - 1)).toBeGreaterThan(margin * (1 - 1e-9));
        },
      ),
    );
  });

  it('sampleSize for a margin delivers that mean half-width in simulation (ten-point, passives out)', () => {
    // n = 504 respondents for ±10 at 0.45/0.30/0.25; simulate 800 surveys and average the Wald
    // half-width z·√Var from npsMoments (the variance every interval in npskit starts from).
    const plan = sampleSize({ marginOfError: 10 }, { expected: typical });
    const rnd = seededRandom(11);
    const z = zForConfidence(0.95);
    let sum = 0;
    let covered = 0;
    const reps = 800;
    const truth = 0.2 / 0.7;
    for (let r = 0; r < reps; r++) {
      let p = 0;
      let pa = 0;
      let d = 0;
      for (let i = 0; i < plan.n; i++) {
        const u = rnd();
        if (u < 0.45) p++;
        else if (u < 0.75) pa++;
        else d++;
      }
      const m = npsMoments(makeTally(p, pa, d), 'promoters-and-detractors');
      if (m === null) throw new Error('empty sample');
      const h = z * Math.sqrt(m.variance);
      sum += 100 * h;
      if (Math.abs(m.estimate - truth) <= h) covered++;
    }
    expect(sum / reps).toBeGreaterThan(9.7);
    expect(sum / reps).toBeLessThan(10.1);
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.97);
  });
});

describe('sampleSize, difference', () => {
  it('sampleSize({ difference: 10 }) is ⌈(z₀.₉₇₅ + z₀.₈)² × 2 / 0.1²⌉ = 1570 per group', () => {
    // (1.959964 + 0.841621)² = 7.848879; × 2 / 0.01 = 1569.776 (R: 1569.7759468698171).
    const s = sampleSize({ difference: 10 });
    expect(s.n).toBe(1570);
    expect(s.exact).toBeCloseTo(1569.7759468698171, 9);
    expect(s.power).toBe(0.8);
    expect(s.difference).toBe(10);
    expect(s.marginOfError).toBe(null);
    expect(s.b).toEqual({ baseN: 1570, variance: 1, passiveShare: 0 });
    expect(sampleSize({ difference: -10 }).n).toBe(1570);
  });

  it('sampleSize for a difference uses both expected distributions (R)', () => {
    // classic: a 0.45/0.30/0.25 (σ² 0.66), b 0.35/0.30/0.35 (σ² 0.70), Δ = 20:
    //   7.848879 × 1.36 / 0.04 = 266.862 (R: 266.86191096786882) → 267.
    // ten-point: Δ = 100 × 0.2/0.7 = 28.571; σ²/e: a 0.918367/0.7, b 1/0.7:
    //   R: 263.49810536743354 → 264.
    const b = { promoters: 0.35, passives: 0.3, detractors: 0.35 };
    const c = sampleSize(
      { difference: 20 },
      { scheme: classicScheme, expected: typical, expectedB: b },
    );
    expect(c.exact).toBeCloseTo(266.86191096786882, 9);
    expect(c.n).toBe(267);
    const t = sampleSize({ difference: 20 / 0.7 }, { expected: typical, expectedB: b });
    expect(t.exact).toBeCloseTo(263.49810536743354, 9);
    expect(t.n).toBe(264);
    expect(t.baseN).toBe(185); // ⌈263.498 × 0.7⌉
    expect(t.b?.baseN).toBe(185);
    expect(t.b?.variance).toBe(1);
  });

  it('sampleSize for a difference has about the requested power (seeded simulation)', () => {
    // classic, n = 267 per group, true difference 20: share of independent tests with p < 0.05.
    const b = { promoters: 0.35, passives: 0.3, detractors: 0.35 };
    const plan = sampleSize(
      { difference: 20 },
      { scheme: classicScheme, expected: typical, expectedB: b },
    );
    const rnd = seededRandom(5);
    const draw = (pP: number, pPa: number) => {
      let p = 0;
      let pa = 0;
      let d = 0;
      for (let i = 0; i < plan.n; i++) {
        const u = rnd();
        if (u < pP) p++;
        else if (u < pP + pPa) pa++;
        else d++;
      }
      return makeTally(p, pa, d);
    };
    const z = zForConfidence(0.95);
    let hits = 0;
    const reps = 1000;
    for (let r = 0; r < reps; r++) {
      const c = compareTallies(draw(0.45, 0.3), draw(0.35, 0.3), 'all', 'independent', z, 0.95);
      if (c?.significant === true) hits++;
    }
    // binomial sd at 1000 reps ≈ 0.013
    expect(hits / reps).toBeGreaterThan(0.76);
    expect(hits / reps).toBeLessThan(0.85);
  });

  it('sampleSize grows with power and shrinks with the difference', () => {
    expect(sampleSize({ difference: 10, power: 0.9 }).n).toBeGreaterThan(
      sampleSize({ difference: 10 }).n,
    );
    expect(sampleSize({ difference: 20 }).n).toBeLessThan(sampleSize({ difference: 10 }).n);
  });
});

describe('sampleSize, errors', () => {
  it('sampleSize rejects bad targets with invalid_option', () => {
    const bad: unknown[] = [
      null,
      5,
      {},
      { marginOfError: 0 },
      { marginOfError: -3 },
      { marginOfError: Infinity },
      { marginOfError: '5' },
      { marginOfError: 5, difference: 10 },
      { marginOfError: 5, power: 0.8 },
      { difference: 0 },
      { difference: 201 },
      { difference: Number.NaN },
      { difference: 10, power: 1 },
      { difference: 10, power: 0 },
      { difference: 10, power: '0.8' },
      { margin: 5 },
    ];
    for (const t of bad) expect(codeOf(() => sampleSize(t as never))).toBe('invalid_option');
    expect(() => sampleSize({ marginOfError: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: sampleSize: target.marginOfError must be a finite number of NPS points > 0, received -1]`,
    );
  });

  it('sampleSize rejects bad options with invalid_option', () => {
    const bad: unknown[] = [
      { confidence: 1 },
      { confidence: 0 },
      { population: 0 },
      { population: 10.5 },
      { expected: { promoters: 0.5, passives: 0.3, detractors: 0.3 } },
      { expected: { promoters: -0.1, passives: 0.6, detractors: 0.5 } },
      { expected: { promoters: 0.5, detractors: 0.5 } },
      { expected: { promoters: 0, passives: 1, detractors: 0 } },
    ];
    for (const o of bad)
      expect(codeOf(() => sampleSize({ marginOfError: 5 }, o as never))).toBe('invalid_option');
    expect(() =>
      sampleSize(
        { marginOfError: 5 },
        { expected: { promoters: 0.5, passives: 0.3, detractors: 0.3 } },
      ),
    ).toThrow(/sum to 1/);
    expect(() =>
      sampleSize({ difference: 5 }, { expectedB: { promoters: 0, passives: 1, detractors: 0 } }),
    ).toThrow(/expectedB must leave someone in the base/);
    // under base 'all' a passives-only distribution is valid (variance 0 → n = 1)
    expect(
      sampleSize(
        { marginOfError: 5 },
        { scheme: classicScheme, expected: { promoters: 0, passives: 1, detractors: 0 } },
      ).n,
    ).toBe(1);
  });

  it('sampleSize accepts shares that sum to 1 within 1e-9 and does not mutate its arguments', () => {
    const expected = Object.freeze({ promoters: 0.1 + 0.2, passives: 0.3, detractors: 0.4 });
    const target = Object.freeze({ marginOfError: 5 });
    const s = sampleSize(target, Object.freeze({ expected }));
    expect(s.n).toBeGreaterThan(0);
    expect(expected).toEqual({ promoters: 0.1 + 0.2, passives: 0.3, detractors: 0.4 });
    expect(target).toEqual({ marginOfError: 5 });
  });
});
