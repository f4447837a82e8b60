import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zForConfidence } from '../../src/kernels/normal.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { compareTallies } from '../../src/core/compareNps.ts';
import {
  classicScheme,
  compareNps,
  isNpsInputError,
  mergeTallies,
  NpsInputError,
  npsInterval,
  npsSummary,
  sampleSize,
  type Tally,
  tally,
  tallyFromCounts,
  tenPointScheme,
} from '../../src/index.ts';
import { panel70, scoresOf } from './_paired.ts';

const counts = (promoters: number, passives: number, detractors: number): Tally =>
  tallyFromCounts({ promoters, passives, detractors });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return undefined;
}

// R reference values below come from /tmp-independent R code (R 4.2.2), written from the
// formulas, not from this implementation:
//   wald <- function(P,Pa,D,all=TRUE){ m <- if(all) P+Pa+D else P+D; p<-P/m; d<-D/m
//                                      c(est=p-d, v=(p+d-(p-d)^2)/m) }
//   A <- wald(60,25,15); B <- wald(40,30,30); se <- 100*sqrt(A["v"]+B["v"])
//   z <- 100*(A["est"]-B["est"])/se; 2*pnorm(-abs(z))
// and, for paired data, the multinomial delta method on the 3×3 table of (category a, b):
//   pi <- as.vector(table(factor(ya,c(-1,0,1)), factor(yb,c(-1,0,1))))/n
//   ga <- rep(c(-1,0,1),3); gb <- rep(c(-1,0,1),each=3); ea/eb <- 1 (base all) or (g != 0)
//   grad <- (ga*Ea - Sa*ea)/Ea^2 - (gb*Eb - Sb*eb)/Eb^2   (Sa = Σπ·ga, Ea = Σπ·ea, …)
//   v <- t(grad) %*% ((diag(pi) - pi %o% pi)/n) %*% grad
describe('compareNps, independent', () => {
  it('compareNps(a, b) is the Wald difference with Var(a) + Var(b) (hand and R)', () => {
    // Classic base: a = 60/25/15 → 0.45, Var = (0.75 − 0.45²)/100 = 0.005475;
    // b = 40/30/30 → 0.10, Var = (0.70 − 0.01)/100 = 0.0069. se = 100·√0.012375 = 11.12430;
    // z = 35 / 11.12430 = 3.14627. R: se 11.124297730643494, z 3.1462660248284626,
    // p 0.001653695163700341.
    const c = compareNps(counts(60, 25, 15), counts(40, 30, 30), { scheme: classicScheme });
    expect(c.difference).toBe(35);
    expect(c.a).toBe(45);
    expect(c.b).toBe(10);
    expect(c.se).toBeCloseTo(11.124297730643494, 12);
    expect(c.z).toBeCloseTo(3.1462660248284626, 12);
    expect(c.pValue).toBeCloseTo(0.001653695163700341, 14);
    expect(c.low).toBeCloseTo(35 - 1.959963984540054 * 11.124297730643494, 10);
    expect(c.high).toBeCloseTo(35 + 1.959963984540054 * 11.124297730643494, 10);
    expect(c.significant).toBe(true);
    expect(c.relation).toBe('independent');
    expect(c.confidence).toBe(0.95);
  });

  it('compareNps(scores, scores) under the ten-point default leaves passives out', () => {
    // a: 10, 9, 7, 3 → P 2, D 1, base 3: 1/3; b: 8, 2, 2, 6 → P 1, D 2: −1/3.
    // Var(a) = (1 − 1/9)/3 = 8/27 = Var(b); se = 100·√(16/27) = 76.9800; z = 66.667/76.98 = 0.8660.
    const c = compareNps([10, 9, 7, 3], [8, 2, 2, 6]);
    expect(c.difference).toBeCloseTo(200 / 3, 12);
    expect(c.se).toBeCloseTo(100 * Math.sqrt(16 / 27), 12);
    expect(c.z).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(c.significant).toBe(false);
  });

  it('compareNps of weighted tallies uses the linearised variance of each', () => {
    // a: [10, 10, 3] with weights [2, 1, 1]: Σw P 3, D 1 → R = 0.5; Σw² P 5, D 1;
    //   Var = (5·(1 − 0.5)² + 1·(1 + 0.5)²) / 4² = (1.25 + 2.25)/16 = 0.21875.
    // b: [10, 3, 3] with unit weights: R = −1/3, Var = (1·(4/3)² + 2·(2/3)²)/9 = 24/81.
    const a = tally([10, 10, 3], { weights: [2, 1, 1] });
    const b = tally([10, 3, 3], { weights: [1, 1, 1] });
    const c = compareNps(a, b);
    expect(c.difference).toBeCloseTo(50 + 100 / 3, 12);
    expect(c.se).toBeCloseTo(100 * Math.sqrt(0.21875 + 24 / 81), 12);
  });

  it('compareNps reports z = ±Infinity, p = 0 when se is 0 but the difference is not', () => {
    const c = compareNps(counts(5, 0, 0), counts(0, 0, 4));
    expect(c.difference).toBe(200);
    expect(c.se).toBe(0);
    expect(c.z).toBe(Infinity);
    expect(c.pValue).toBe(0);
    expect(c.low).toBe(200);
    expect(c.high).toBe(200);
    const same = compareNps(counts(5, 0, 0), counts(3, 0, 0));
    expect([same.difference, same.se, same.z, same.pValue]).toEqual([0, 0, 0, 1]);
  });

  it('compareNps clips the interval to [−200, 200] and nothing else', () => {
    const c = compareNps(counts(3, 0, 1), counts(0, 0, 2), { scheme: classicScheme });
    // difference 150, se = 100·√((1 − 0.25)/4) = 43.30 → high 150 + 84.9 clipped to 200.
    expect(c.high).toBe(200);
    expect(c.low).toBeCloseTo(150 - zForConfidence(0.95) * 100 * Math.sqrt(0.75 / 4), 10);
  });

  it('compareNps(a, b).difference = −compareNps(b, a).difference with the same p (property)', () => {
    const side = fc.record({
      p: fc.integer({ min: 0, max: 200 }),
      pa: fc.integer({ min: 0, max: 200 }),
      d: fc.integer({ min: 0, max: 200 }),
    });
    fc.assert(
      fc.property(side, side, fc.boolean(), (x, y, classic) => {
        fc.pre(x.p + x.d > 0 && y.p + y.d > 0);
        const scheme = classic ? classicScheme : tenPointScheme;
        const a = counts(x.p, x.pa, x.d);
        const b = counts(y.p, y.pa, y.d);
        const ab = compareNps(a, b, { scheme });
        const ba = compareNps(b, a, { scheme });
        expect(ab.difference + ba.difference).toBe(0);
        expect(ab.pValue).toBe(ba.pValue);
        expect(ab.se).toBe(ba.se);
        expect(ab.low).toBeCloseTo(-ba.high, 9);
      }),
    );
  });

  it('compareNps p-values are about uniform under the null (seeded simulation)', () => {
    // 2000 pairs of independent samples of 150 from the same trinomial (0.45 / 0.30 / 0.25).
    const rnd = seededRandom(20260101);
    const draw = (n: number): Tally => {
      let p = 0;
      let pa = 0;
      let d = 0;
      for (let i = 0; i < n; i++) {
        const u = rnd();
        if (u < 0.45) p++;
        else if (u < 0.75) pa++;
        else d++;
      }
      return counts(p, pa, d);
    };
    for (const scheme of [classicScheme, tenPointScheme]) {
      let below05 = 0;
      let below50 = 0;
      const reps = 2000;
      for (let r = 0; r < reps; r++) {
        const c = compareNps(draw(150), draw(150), { scheme });
        if (c.pValue < 0.05) below05++;
        if (c.pValue < 0.5) below50++;
      }
      // Binomial sd at 2000 reps: 0.005 at 5 %, 0.011 at 50 %; bounds are about 4 sd wide.
      expect(below05 / reps).toBeGreaterThan(0.03);
      expect(below05 / reps).toBeLessThan(0.07);
      expect(below50 / reps).toBeGreaterThan(0.45);
      expect(below50 / reps).toBeLessThan(0.55);
    }
  });
});

describe('compareNps, nested', () => {
  it('compareNps(store, region, nested) scales "store vs rest" by the rest\'s share (hand and R)', () => {
    // Ten-point: store a = 20/5/5 (base 25, NPS 60); region b = 50/20/30 (base 80, NPS 25);
    // rest = 30/15/25 (base 55, NPS 100·5/55 = 9.0909). share s = 55/80 = 0.6875;
    // s·(60 − 9.0909) = 35 = 60 − 25 exactly. Var(a) = (1 − 0.36)/25 = 0.0256,
    // Var(r) = (1 − (5/55)²)/55 = 0.0180316; se = 0.6875·100·√0.0436316 = 14.3606;
    // z = 50.909 / 20.8882 = 2.43722. R: se 14.360615332473492, z 2.4372214692538225,
    // p 0.014800611487059025.
    const c = compareNps(counts(20, 5, 5), counts(50, 20, 30), { relation: 'nested' });
    expect(c.difference).toBe(35);
    expect(c.se).toBeCloseTo(14.360615332473492, 12);
    expect(c.z).toBeCloseTo(2.4372214692538225, 12);
    expect(c.pValue).toBeCloseTo(0.014800611487059025, 14);
    expect(c.relation).toBe('nested');
    // the nested se is smaller than the (wrong) independent one, which double-counts the store
    expect(c.se).toBeLessThan(compareNps(counts(20, 5, 5), counts(50, 20, 30)).se);
  });

  it('compareNps(a, b, nested) has the z and p of a vs the rest, and difference = s·(a − rest) (property)', () => {
    const side = fc.record({
      p: fc.integer({ min: 0, max: 300 }),
      pa: fc.integer({ min: 0, max: 300 }),
      d: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(side, side, fc.boolean(), (x, y, classic) => {
        const scheme = classic ? classicScheme : tenPointScheme;
        const all = classic;
        fc.pre(x.p + x.d > 0 && y.p + y.d + (all ? y.pa : 0) > 0);
        const a = counts(x.p, x.pa, x.d);
        const rest = counts(y.p, y.pa, y.d);
        const b = mergeTallies(a, rest);
        const nested = compareNps(a, b, { scheme, relation: 'nested' });
        const vsRest = compareNps(a, rest, { scheme });
        expect(nested.z).toBe(vsRest.z);
        expect(nested.pValue).toBe(vsRest.pValue);
        const mb = y.p + y.d + x.p + x.d + (all ? x.pa + y.pa : 0);
        const s = (y.p + y.d + (all ? y.pa : 0)) / mb;
        expect(nested.difference).toBeCloseTo(s * vsRest.difference, 9);
        expect(nested.se).toBeCloseTo(s * vsRest.se, 9);
      }),
    );
  });

  it('compareNps(a, a, nested) is a difference of 0 with se 0, z 0, p 1', () => {
    const a = counts(7, 2, 3);
    const c = compareNps(a, a, { relation: 'nested' });
    expect([c.difference, c.se, c.z, c.pValue, c.low, c.high]).toEqual([0, 0, 0, 1, 0, 0]);
    expect(c.significant).toBe(false);
    // only passives left over: the rest has no base under the ten-point scheme either
    const d = compareNps(a, counts(7, 9, 3), { relation: 'nested' });
    expect([d.difference, d.se, d.pValue]).toEqual([0, 0, 1]);
  });

  it('compareNps(a, b, nested) works on weighted tallies through the weighted rest', () => {
    const aScores = [10, 9, 3, 7];
    const aW = [1.5, 0.5, 2, 1];
    const restScores = [10, 2, 2, 8, 6];
    const restW = [1, 0.25, 3, 2, 1];
    const a = tally(aScores, { weights: aW });
    const rest = tally(restScores, { weights: restW });
    const b = tally([...aScores, ...restScores], { weights: [...aW, ...restW] });
    const nested = compareNps(a, b, { relation: 'nested' });
    const vsRest = compareNps(a, rest);
    // share of the rest in b's weighted base: (1 + 0.25 + 3 + 2) / (1.5 + 0.5 + 2 + 6.25)
    const s = 6.25 / 10.25;
    expect(nested.z).toBeCloseTo(vsRest.z, 12);
    expect(nested.se).toBeCloseTo(s * vsRest.se, 12);
    expect(nested.difference).toBeCloseTo(s * vsRest.difference, 12);
  });

  it('compareNps(a, b, nested) rejects an a that is not part of b', () => {
    expect(() =>
      compareNps(counts(20, 5, 5), counts(10, 20, 30), { relation: 'nested' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: compareNps: with relation 'nested', a must be part of b (b's tally includes a's), so every count of b must be at least a's, received b.promoters = 10 < a.promoters = 20]`,
    );
    expect(
      codeOf(() =>
        compareNps(tally([10, 3], { weights: [5, 1] }), tally([10, 3], { weights: [1, 1] }), {
          relation: 'nested',
        }),
      ),
    ).toBe('invalid_input');
  });
});

describe('compareNps, paired', () => {
  it("compareNps(a, b, paired) under base 'all' uses d = y_a − y_b (hand and R)", () => {
    // Pairs (P,P), (P,Pa), (Pa,D), (D,D): NPS a = 1/4, b = −1/4; d = 0, 1, 1, 0; mean 0.5;
    // Var = (mean d² − mean d²…) = (0.5 − 0.25)/4 = 0.0625 → se 25 points, z = 2,
    // p = 2·(1 − Φ(2)) = 0.045500263896358424 (R).
    const c = compareNps([10, 10, 7, 0], [10, 8, 0, 0], {
      scheme: classicScheme,
      relation: 'paired',
    });
    expect(c.a).toBe(25);
    expect(c.b).toBe(-25);
    expect(c.difference).toBe(50);
    expect(c.se).toBe(25);
    expect(c.z).toBe(2);
    expect(c.pValue).toBeCloseTo(0.045500263896358424, 14);
  });

  it('compareNps(a, b, paired) under the passive-excluded base linearises both ratios (hand and R)', () => {
    // Pairs (P,P), (P,Pa), (Pa,D), (D,D), (P,D), (Pa,Pa); n = 6.
    // Wave a: P 3, D 1 → R_a = 0.5, m̄_a = 4/6; wave b: P 1, D 3 → R_b = −0.5, m̄_b = 4/6.
    // (y − R·e)/m̄ for a: P 0.75, Pa 0, D −2.25; for b: P 2.25, Pa 0, D −0.75.
    // u = −1.5, 0.75, 0.75, −1.5, 1.5, 0 (Σu = 0); Σu² = 7.875; Var = 7.875/36 = 0.21875;
    // se = 46.7707 points; z = 100/46.7707 = 2.13809. R (delta method on the 3×3 table):
    // se 46.770717334674266, z 2.138089935299395, p 0.032509444645719525.
    const c = compareNps([10, 10, 7, 1, 10, 7], [10, 7, 1, 1, 1, 7], { relation: 'paired' });
    expect(c.difference).toBe(100);
    expect(c.se).toBeCloseTo(100 * Math.sqrt(7.875 / 36), 12);
    expect(c.se).toBeCloseTo(46.770717334674266, 12);
    expect(c.z).toBeCloseTo(2.138089935299395, 12);
    expect(c.pValue).toBeCloseTo(0.032509444645719525, 14);
  });

  it('compareNps(a, b, paired) matches R on a 70-respondent panel under both bases', () => {
    // R: ya <- c(rep(1,30), rep(0,12), rep(-1,8), rep(1,5), rep(-1,6), rep(0,9))
    //    yb <- c(rep(1,22), rep(0,5), rep(-1,3), rep(1,4), rep(0,8), rep(0,8), rep(-1,11), rep(-1,9))
    const { ya, yb } = panel70;
    const all = compareNps(scoresOf(ya, classicScheme), scoresOf(yb, classicScheme), {
      scheme: classicScheme,
      relation: 'paired',
    });
    expect(all.difference).toBeCloseTo(25.714285714285712, 12);
    expect(all.se).toBeCloseTo(10.436535957818274, 12);
    expect(all.pValue).toBeCloseTo(0.013744529620992494, 14);
    const pd = compareNps(scoresOf(ya, tenPointScheme), scoresOf(yb, tenPointScheme), {
      relation: 'paired',
    });
    expect(pd.difference).toBeCloseTo(36.734693877551024, 12);
    expect(pd.se).toBeCloseTo(15.370345815471284, 12);
    expect(pd.pValue).toBeCloseTo(0.016849664054532448, 14);
  });

  it('compareNps(a, a, paired) is a difference of 0 with p 1', () => {
    const scores = [10, 9, 7, 3, 1, 8, 6];
    const c = compareNps(scores, Uint8Array.from(scores), { relation: 'paired' });
    expect([c.difference, c.se, c.z, c.pValue]).toEqual([0, 0, 0, 1]);
    expect(c.relation).toBe('paired');
  });

  it('compareNps(a, b, paired) is antisymmetric', () => {
    const a = [10, 9, 7, 3, 1, 8, 6, 10, 2];
    const b = [9, 9, 3, 8, 1, 6, 10, 10, 7];
    const ab = compareNps(a, b, { relation: 'paired' });
    const ba = compareNps(b, a, { relation: 'paired' });
    expect(ab.difference + ba.difference).toBe(0);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 15);
  });

  it('compareNps paired se matches the Monte Carlo sd of the difference (seeded simulation)', () => {
    // A panel whose second wave improves: joint distribution of (a, b) categories.
    // Each respondent keeps the category with probability 0.5, else redraws from b's marginal.
    const rnd = seededRandom(7);
    const pick = (u: number, p: number, pa: number): number => (u < p ? 10 : u < p + pa ? 7 : 1);
    for (const scheme of [classicScheme, tenPointScheme]) {
      const reps = 1500;
      const n = 120;
      const diffs: number[] = [];
      let seSum = 0;
      for (let r = 0; r < reps; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < n; i++) {
          const sa = pick(rnd(), 0.4, 0.3);
          a.push(sa === 1 ? scheme.scale[0] : sa);
          const sb = rnd() < 0.5 ? sa : pick(rnd(), 0.5, 0.25);
          b.push(sb === 1 ? scheme.scale[0] : sb);
        }
        const c = compareNps(a, b, { scheme, relation: 'paired' });
        diffs.push(c.difference);
        seSum += c.se;
      }
      const mean = diffs.reduce((s, x) => s + x, 0) / reps;
      const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps - 1));
      // the sd of a sd estimate from 1500 draws is about 1.8 %; allow 6 %
      expect(seSum / reps / sd).toBeGreaterThan(0.94);
      expect(seSum / reps / sd).toBeLessThan(1.06);
      // and ignoring the pairing (independent formula) would overstate the se here
      expect(
        compareNps([10, 7, 1, 10, 10], [10, 7, 1, 10, 1], { scheme, relation: 'paired' }).se,
      ).toBeLessThan(compareNps([10, 7, 1, 10, 10], [10, 7, 1, 10, 1], { scheme }).se);
    }
  });

  it('compareNps paired p-values are about uniform under the null (seeded simulation)', () => {
    // Exchangeable pairs: both waves have the same marginal 0.45/0.30/0.25; with prob. 0.6 the
    // respondent repeats the answer, else draws afresh. 2000 panels of 150.
    const rnd = seededRandom(99);
    const one = (): number => {
      const u = rnd();
      return u < 0.45 ? 10 : u < 0.75 ? 7 : 1;
    };
    for (const scheme of [classicScheme, tenPointScheme]) {
      const reps = 2000;
      let below05 = 0;
      let below50 = 0;
      for (let r = 0; r < reps; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < 150; i++) {
          const x = one();
          const y = rnd() < 0.6 ? x : one();
          a.push(x === 1 ? scheme.scale[0] : x);
          b.push(y === 1 ? scheme.scale[0] : y);
        }
        const p = compareNps(a, b, { scheme, relation: 'paired' }).pValue;
        if (p < 0.05) below05++;
        if (p < 0.5) below50++;
      }
      expect(below05 / reps).toBeGreaterThan(0.03);
      expect(below05 / reps).toBeLessThan(0.07);
      expect(below50 / reps).toBeGreaterThan(0.45);
      expect(below50 / reps).toBeLessThan(0.55);
    }
  });

  it('compareNps(tally, tally, paired) throws invalid_input; unequal waves length_mismatch', () => {
    expect(() => compareNps(counts(1, 1, 1), counts(1, 1, 1), { relation: 'paired' })).toThrow(
      /tallies cannot be paired/,
    );
    expect(codeOf(() => compareNps(counts(1, 1, 1), [10], { relation: 'paired' }))).toBe(
      'invalid_input',
    );
    expect(codeOf(() => compareNps([10, 3], [10], { relation: 'paired' }))).toBe('length_mismatch');
    expect(codeOf(() => compareNps(null as never, [10], { relation: 'paired' }))).toBe(
      'invalid_input',
    );
  });

  it('compareNps paired reports a bad score with its wave and index', () => {
    try {
      compareNps([10, 3], [10, 11], { relation: 'paired' });
      expect.unreachable();
    } catch (e) {
      const err = e as NpsInputError;
      expect(err.code).toBe('invalid_score');
      expect(err.path).toEqual(['b', 1]);
      expect(err.index).toBe(1);
      expect(err.message).toMatch(/^compareNps: b: score at index 1 must be an integer/);
    }
  });

  it('compareNps paired throws empty when a wave has no base', () => {
    expect(codeOf(() => compareNps([7, 6], [10, 7], { relation: 'paired' }))).toBe('empty');
    expect(codeOf(() => compareNps([], [], { relation: 'paired' }))).toBe('empty');
  });
});

describe('compareNps, options and errors', () => {
  it('compareNps honours confidence for the interval and the significance flag', () => {
    // Classic: a = 100/50/50 → 0.25, Var = (0.75 − 0.0625)/200 = 0.0034375; b = 80/60/60 →
    // 0.10, Var = (0.70 − 0.01)/200 = 0.00345; se = 100·√0.0068875 = 8.2991; z = 1.8074,
    // p = 0.0707: significant at 90 %, not at 99 %.
    const a = counts(100, 50, 50);
    const b = counts(80, 60, 60);
    const c90 = compareNps(a, b, { scheme: classicScheme, confidence: 0.9 });
    const c99 = compareNps(a, b, { scheme: classicScheme, confidence: 0.99 });
    expect(c90.z).toBeCloseTo(15 / (100 * Math.sqrt(0.0068875)), 12);
    expect(c90.high - c90.low).toBeCloseTo(2 * zForConfidence(0.9) * c90.se, 10);
    expect(c99.high - c99.low).toBeCloseTo(2 * zForConfidence(0.99) * c99.se, 10);
    expect(c90.pValue).toBe(c99.pValue);
    expect(c90.significant).toBe(true);
    expect(c99.significant).toBe(false);
  });

  it('compareNps throws empty when either base is empty', () => {
    expect(codeOf(() => compareNps([], [10]))).toBe('empty');
    expect(() => compareNps([10], [7, 6])).toThrow(
      /^compareNps: the NPS of b needs at least one respondent in its base, but all 2 responses are passives/,
    );
    expect(() => compareNps([], [10])).toThrow(/^compareNps: the NPS of a needs/);
    expect(() => compareNps([10, 3], [7, 6], { relation: 'paired' })).toThrow(
      expect.objectContaining({ code: 'empty', path: ['b'] }),
    );
    expect(codeOf(() => compareNps(counts(0, 3, 0), counts(1, 3, 0), { relation: 'nested' }))).toBe(
      'empty',
    );
  });

  it('compareNps rejects bad options and inputs with typed codes', () => {
    expect(codeOf(() => compareNps([10], [3], { confidence: 1 }))).toBe('invalid_option');
    expect(codeOf(() => compareNps([10], [3], { relation: 'linked' as never }))).toBe(
      'invalid_option',
    );
    expect(codeOf(() => compareNps([10, 11], [3]))).toBe('invalid_score');
    expect(
      codeOf(() => compareNps({ promoters: -1, passives: 0, detractors: 0, n: -1 }, [3])),
    ).toBe('invalid_count');
    expect(codeOf(() => compareNps(42 as never, [3]))).toBe('invalid_input');
  });

  it('compareNps does not mutate its inputs', () => {
    const a = Object.freeze([10, 9, 7, 3]);
    const b = Object.freeze([8, 2, 2, 6]);
    const ta = Object.freeze(counts(20, 5, 5));
    const tb = Object.freeze(counts(50, 20, 30));
    const opts = Object.freeze({ relation: 'paired' as const, confidence: 0.9 });
    compareNps(a, b, opts);
    compareNps(ta, tb, { relation: 'nested' });
    expect(a).toEqual([10, 9, 7, 3]);
    expect(b).toEqual([8, 2, 2, 6]);
    expect(ta).toEqual(counts(20, 5, 5));
    expect(opts).toEqual({ relation: 'paired', confidence: 0.9 });
  });
});

describe('compareTallies (internal kernel)', () => {
  it('compareTallies equals compareNps and returns null for an empty base', () => {
    const z = zForConfidence(0.95);
    const a = counts(20, 5, 5);
    const b = counts(50, 20, 30);
    expect(compareTallies(a, b, 'promoters-and-detractors', 'nested', z, 0.95)).toEqual(
      compareNps(a, b, { relation: 'nested' }),
    );
    expect(compareTallies(a, b, 'all', 'independent', z, 0.95)).toEqual(
      compareNps(a, b, { scheme: classicScheme }),
    );
    expect(
      compareTallies(counts(0, 4, 0), b, 'promoters-and-detractors', 'independent', z, 0.95),
    ).toBe(null);
    expect(compareTallies(a, counts(0, 0, 0), 'all', 'independent', z, 0.95)).toBe(null);
  });
});

describe('unknown option keys are rejected, not silently dropped', () => {
  it('compareNps / npsInterval / npsSummary / sampleSize name the misspelt key', () => {
    const cases: [() => unknown, string][] = [
      [() => compareNps([10], [3], { relaton: 'nested' } as never), 'relaton'],
      [() => npsInterval([10, 3], { metod: 'tango' } as never), 'metod'],
      [() => npsSummary([10, 3], { confidance: 0.9 } as never), 'confidance'],
      [() => sampleSize({ marginOfError: 5 }, { populaton: 100 } as never), 'populaton'],
    ];
    for (const [call, key] of cases) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(isNpsInputError(error)).toBe(true);
      expect((error as NpsInputError).code).toBe('invalid_option');
      expect((error as NpsInputError).message).toContain(key);
    }
  });
});
