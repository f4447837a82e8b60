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
/** n, never null where a test expects a total. */
function total(s: { readonly n: number | null }): number {
  if (s.n === null) throw new Error('expected a total');
  return s.n;
}

describe('sampleSize, margin of error', () => {
  it('sampleSize({ marginOfError: 5 }) needs ⌈(1.959964/0.05)²⌉ = 1537 in the base at worst', () => {
    // (1.959963984540054 / 0.05)² × 1 = 1536.5835…; R: 1536.5835282776493.
    // Classic (base all): σ² = (p + d) − (p − d)² ≤ 1 for every distribution, so 1537
    // respondents is the worst case.
    const c = sampleSize({ marginOfError: 5 }, { scheme: classicScheme });
    expect(c.n).toBe(1537);
    expect(c.baseN).toBe(1537);
    expect(c.exact).toBeCloseTo(1536.5835282776493, 9);
    expect(c.variance).toBe(1);
    expect(c.passiveShare).toBe(null);
    expect(c.worstCase).toBe(true);
    expect(c.base).toBe('all');
    expect(c.b).toBe(null);
    expect(c.power).toBe(null);
    expect(c.marginOfError).toBe(5);
    expect(c.difference).toBe(null);
    // Ten-point (passives out of the base): 1537 promoters and detractors at worst; the total
    // is 1537 / (1 − passive share), unbounded, so it is left open.
    const t = sampleSize({ marginOfError: 5 });
    expect(t.baseN).toBe(1537);
    expect(t.n).toBe(null);
    expect(t.exact).toBe(null);
    expect(t.variance).toBe(1);
    expect(t.passiveShare).toBe(null);
    expect(t.worstCase).toBe(true);
    expect(t.base).toBe('promoters-and-detractors');
  });

  it('issue 10 reproduction: shares 0.1 / 0.8 / 0.1 need 7683 respondents for ±5, not 1537', () => {
    // Inside the base p = d = 0.5, so σ² = 1; e = 0.1 + 0.1 = 0.2;
    // n = z²·σ²/(E²·e) = 1536.5835 / 0.2 = 7682.918 → 7683 (R: (qnorm(0.975)/0.05)^2/0.2);
    // base m = 7682.918 × 0.2 = 1536.58 → 1537. The former default called 1537 the worst case.
    const s = sampleSize(
      { marginOfError: 5 },
      { expected: { promoters: 0.1, passives: 0.8, detractors: 0.1 } },
    );
    expect(s.n).toBe(7683);
    expect(s.exact).toBeCloseTo(7682.917641388246, 8);
    expect(s.baseN).toBe(1537);
    expect(s.worstCase).toBe(false);
    // the same from the passive share alone: the worst split of the other 20 %
    const w = sampleSize({ marginOfError: 5 }, { passiveShare: 0.8 });
    expect(w.n).toBe(7683);
    expect(w.baseN).toBe(1537);
    expect(w.passiveShare).toBe(0.8);
    expect(w.worstCase).toBe(true);
    // classic: the worst split given 30 % passives is p = d = 0.35, σ² = 0.7:
    // 1536.5835 × 0.7 = 1075.608 → 1076
    expect(sampleSize({ marginOfError: 5 }, { scheme: classicScheme, passiveShare: 0.3 }).n).toBe(
      1076,
    );
  });

  it('a worst case is a maximum: no distribution needs more (property)', () => {
    const shares = fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
      )
      .map(([p, pa, d]) => {
        const all = p + pa + d;
        return { promoters: p / all, passives: pa / all, detractors: d / all };
      })
      .filter((x) => Math.abs(x.promoters + x.passives + x.detractors - 1) <= 1e-9);
    fc.assert(
      fc.property(
        shares,
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        (expected, margin, classic, difference) => {
          const scheme: Scheme = classic ? classicScheme : tenPointScheme;
          const target = difference ? { difference: margin } : { marginOfError: margin };
          const plan = sampleSize(target, { scheme, expected });
          const worst = sampleSize(target, { scheme });
          const worstGiven = sampleSize(target, { scheme, passiveShare: expected.passives });
          expect(worst.worstCase && worstGiven.worstCase).toBe(true);
          expect(plan.baseN).toBeLessThanOrEqual(worst.baseN);
          expect(total(plan)).toBeLessThanOrEqual(total(worstGiven));
          if (classic) expect(total(plan)).toBeLessThanOrEqual(total(worst));
          else expect(worst.n).toBe(null);
        },
      ),
    );
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
      expect(sampleSize({ marginOfError: m }).baseN).toBe(worst);
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
    // mostly passive, 0.1 / 0.8 / 0.1: e = 0.2, σ² = 1 → 4268.2876 / 0.2 = 21341.44,
    // 7682.918, 1920.729 (R: (qnorm(0.975)/(m/100))^2 / 0.2); bases 4269 / 1537 / 385
    const mostlyPassive = { promoters: 0.1, passives: 0.8, detractors: 0.1 };
    const passive: [number, number, number][] = [
      [3, 21342, 4269],
      [5, 7683, 1537],
      [10, 1921, 385],
    ];
    for (const [m, n, baseN] of passive) {
      const s = sampleSize({ marginOfError: m }, { expected: mostlyPassive });
      expect([s.n, s.baseN]).toEqual([n, baseN]);
      expect(sampleSize({ marginOfError: m }, { passiveShare: 0.8 }).n).toBe(n);
    }
  });

  it('sampleSize applies the finite-population correction N·n₀/(n₀ + N − 1)', () => {
    // n₀ = 1536.5835; N = 2000: 2000 × 1536.5835 / 3535.5835 = 869.2107 (R) → 870.
    const s = sampleSize({ marginOfError: 5 }, { population: 2000, scheme: classicScheme });
    expect(s.exact).toBeCloseTo(869.21070651451544, 9);
    expect(s.n).toBe(870);
    expect(s.population).toBe(2000);
    // ten-point, passive share unknown: the base needs at most 870 (all 2000 in the base)
    const t = sampleSize({ marginOfError: 5 }, { population: 2000 });
    expect(t.baseN).toBe(870);
    expect(t.n).toBe(null);
    // a population of one needs one respondent; a huge one changes nothing
    expect(sampleSize({ marginOfError: 5 }, { population: 1 }).baseN).toBe(1);
    expect(sampleSize({ marginOfError: 5 }, { population: 1e12 }).baseN).toBe(1537);
  });

  it('sampleSize uses the confidence level: 99 %, margin 3 → ⌈(2.575829/0.03)²⌉ = 7373', () => {
    // R: (qnorm(0.995)/0.03)^2 = 7372.1073344680135
    expect(sampleSize({ marginOfError: 3 }, { confidence: 0.99 }).baseN).toBe(7373);
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
          const n = total(r);
          expect(half(n)).toBeLessThanOrEqual(margin * (1 + 1e-9));
          if (n > 1) expect(half(n - 1)).toBeGreaterThan(margin * (1 - 1e-9));
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
      for (let i = 0; i < total(plan); i++) {
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
    const c = sampleSize({ difference: 10 }, { scheme: classicScheme });
    expect(c.n).toBe(1570);
    expect(c.exact).toBeCloseTo(1569.7759468698171, 9);
    expect(c.power).toBe(0.8);
    expect(c.difference).toBe(10);
    expect(c.marginOfError).toBe(null);
    expect(c.b).toEqual({ baseN: 1570, variance: 1, passiveShare: null, worstCase: true });
    // ten-point, passive shares unknown: equal bases of 1570 promoters and detractors each
    const t = sampleSize({ difference: 10 });
    expect(t.n).toBe(null);
    expect(t.baseN).toBe(1570);
    expect(t.b).toEqual({ baseN: 1570, variance: 1, passiveShare: null, worstCase: true });
    expect(sampleSize({ difference: -10 }).baseN).toBe(1570);
    // with 30 % passives in both groups: 1569.776 / 0.7 = 2242.54 → 2243 per group
    expect(sampleSize({ difference: 10 }, { passiveShare: 0.3 }).n).toBe(2243);
  });

  it("a difference with one group's passive share unknown plans equal bases", () => {
    // a: 0.45/0.30/0.25 (σ² = 0.918367 in the base), b unknown (σ² = 1): m = 7.848879 ×
    // 1.918367 / 0.2² = 376.43 → 377 each (R: (qnorm(.975)+qnorm(.8))^2*(1-(0.2/0.7)^2+1)/0.04)
    const s = sampleSize({ difference: 20 }, { expectedB: typical });
    expect(s.n).toBe(null);
    expect(s.exact).toBe(null);
    expect(s.baseN).toBe(377);
    expect(s.worstCase).toBe(true);
    expect(s.b?.baseN).toBe(377);
    expect(s.b?.worstCase).toBe(false);
    expect(s.b?.passiveShare).toBe(0.3);
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
      for (let i = 0; i < total(plan); i++) {
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
    expect(sampleSize({ difference: 10, power: 0.9 }).baseN).toBeGreaterThan(
      sampleSize({ difference: 10 }).baseN,
    );
    expect(sampleSize({ difference: 20 }).baseN).toBeLessThan(sampleSize({ difference: 10 }).baseN);
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
      { passiveShare: 1 },
      { passiveShare: -0.1 },
      { passiveShare: 0.3, expected: typical },
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
