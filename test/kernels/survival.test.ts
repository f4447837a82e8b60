import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '../../src/kernels/gamma.ts';
import { kaplanMeier, kmAt, kmLimits, kmQuantile, logRank } from '../../src/kernels/survival.ts';

// Reference values: R 4 with survival 3.5-3, from test/reference/survival.R (section named in
// each test). z = qnorm(0.975).
const Z = 1.959963984540054;
const close = (got: number, want: number, rel = 1e-12) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
};
const km = (time: number[], event: number[]) =>
  kaplanMeier(Float64Array.from(time), Uint8Array.from(event));

// survival::lung (228 patients): time in days, status − 1, ph.ecog (−1 for the one NA)
const LUNG_TIME = [
  306, 455, 1010, 210, 883, 1022, 310, 361, 218, 166, 170, 654, 728, 71, 567, 144, 613, 707, 61, 88,
  301, 81, 624, 371, 394, 520, 574, 118, 390, 12, 473, 26, 533, 107, 53, 122, 814, 965, 93, 731,
  460, 153, 433, 145, 583, 95, 303, 519, 643, 765, 735, 189, 53, 246, 689, 65, 5, 132, 687, 345,
  444, 223, 175, 60, 163, 65, 208, 821, 428, 230, 840, 305, 11, 132, 226, 426, 705, 363, 11, 176,
  791, 95, 196, 167, 806, 284, 641, 147, 740, 163, 655, 239, 88, 245, 588, 30, 179, 310, 477, 166,
  559, 450, 364, 107, 177, 156, 529, 11, 429, 351, 15, 181, 283, 201, 524, 13, 212, 524, 288, 363,
  442, 199, 550, 54, 558, 207, 92, 60, 551, 543, 293, 202, 353, 511, 267, 511, 371, 387, 457, 337,
  201, 404, 222, 62, 458, 356, 353, 163, 31, 340, 229, 444, 315, 182, 156, 329, 364, 291, 179, 376,
  384, 268, 292, 142, 413, 266, 194, 320, 181, 285, 301, 348, 197, 382, 303, 296, 180, 186, 145,
  269, 300, 284, 350, 272, 292, 332, 285, 259, 110, 286, 270, 81, 131, 225, 269, 225, 243, 279, 276,
  135, 79, 59, 240, 202, 235, 105, 224, 239, 237, 173, 252, 221, 185, 92, 13, 222, 192, 183, 211,
  175, 197, 203, 116, 188, 191, 105, 174, 177,
];
const LUNG_STATUS =
  '110110111111111111111111111111111111101111111111111111111111111111101101111111111101011101111101111101111101111111111111111111110011101011111011001111100111011001010011110110001110001000101111101000011100010100000010010000100000'
    .split('')
    .map(Number);
const LUNG_ECOG =
  '1,0,0,1,0,1,2,2,1,2,1,2,1,-1,1,1,1,2,2,1,1,0,1,0,0,1,0,3,1,2,1,2,2,2,2,2,2,1,2,1,1,2,0,2,1,2,0,1,0,1,1,0,0,0,1,0,0,2,1,1,2,1,1,1,1,2,2,0,0,1,0,1,2,1,1,1,0,1,0,0,0,1,1,1,1,1,1,0,1,2,0,1,1,1,0,2,1,1,1,0,0,1,1,1,2,1,1,1,1,2,0,1,1,0,1,2,2,2,2,1,0,2,1,2,0,1,1,1,2,0,1,1,0,1,0,2,1,2,1,0,2,1,2,1,1,1,0,1,0,0,1,0,0,1,2,2,1,2,1,1,0,1,2,1,1,0,1,0,1,0,1,0,1,0,1,1,2,1,1,0,0,0,0,1,0,0,2,0,1,0,1,2,1,1,1,0,1,1,0,1,1,1,0,0,0,2,0,2,1,1,0,1,1,2,1,1,1,2,2,0,1,1,1,1,0,2,1,1'
    .split(',')
    .map(Number);
const AML_TIME = [
  9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45,
];
const AML_STATUS = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
const AML_X = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

describe('kaplanMeier', () => {
  it('a hand-computed table with ties and censoring (events before censorings at a time)', () => {
    // times 2 3 3 3+ 5+ 6 6+ 8 9 12+ (+ censored)
    // t=2: n 10, d 1 → S = 9/10 = 0.9;             Σ d/(n(n−d)) = 1/90
    // t=3: n 9, d 2 (3+ still at risk) → S = 0.9·7/9 = 0.7;     + 2/63
    // t=5: n 6, censored only → S = 0.7
    // t=6: n 5, d 1 → S = 0.7·4/5 = 0.56;            + 1/20
    // t=8: n 3, d 1 → S = 0.56·2/3 = 0.37333…;       + 1/6
    // t=9: n 2, d 1 → S = 0.37333…/2 = 0.18666…;     + 1/2
    const k = km([2, 3, 3, 3, 5, 6, 6, 8, 9, 12], [1, 1, 1, 0, 0, 1, 0, 1, 1, 0]);
    expect([...k.time]).toEqual([2, 3, 5, 6, 8, 9, 12]);
    expect([...k.nRisk]).toEqual([10, 9, 6, 5, 3, 2, 1]);
    expect([...k.nEvent]).toEqual([1, 2, 0, 1, 1, 1, 0]);
    expect([...k.nCensor]).toEqual([0, 1, 1, 1, 0, 0, 1]);
    const hand = [0.9, 0.7, 0.7, 0.56, 0.56 * (2 / 3), (0.56 * (2 / 3)) / 2, (0.56 * (2 / 3)) / 2];
    k.surv.forEach((s, j) => {
      close(s, hand[j] ?? 0, 1e-15);
    });
    const g = [1 / 90, 1 / 90 + 2 / 63];
    close(k.se[0] ?? 0, Math.sqrt(g[0] ?? 0), 1e-15);
    close(k.se[1] ?? 0, Math.sqrt(g[1] ?? 0), 1e-15);
    close(k.se[5] ?? 0, Math.sqrt(1 / 90 + 2 / 63 + 1 / 20 + 1 / 6 + 1 / 2), 1e-15);
    // R section A: std.err and the log-type lower limits
    close(k.se[4] ?? 0, 0.50943479418254256);
    close(kmLimits(k, 3, Z).low, 0.30818102268472308);
    close(kmLimits(k, 6, Z).low, 0.033825091669411493);
    expect(kmLimits(k, 6, Z).high).toBe(1);
  });

  it('matches survfit on survival::lung (R section E, rows 1, 50, 100, 150, 186)', () => {
    const k = km(LUNG_TIME, LUNG_STATUS);
    expect(k.time.length).toBe(186);
    const rows: [number, number, number, number, number, number, number][] = [
      [0, 5, 228, 0.99561403508771928, 0.0043956150117626372, 0.98707341674051452, 1],
      [
        49, 182, 157, 0.70805422598693635, 0.042749126048573727, 0.65114603014483874,
        0.76993602621894652,
      ],
      [
        99, 288, 98, 0.54190018119856653, 0.063562613993816838, 0.47842592047200955,
        0.61379577029045951,
      ],
      [
        149, 520, 38, 0.27822974788020632, 0.12526956515368498, 0.21765763955104755,
        0.35565851382545971,
      ],
      [
        185, 1022, 1, 0.050345568070810462, 0.45382443364127478, 0.020685460198979953,
        0.12253419551659767,
      ],
    ];
    for (const [j, t, n, s, se, lo, hi] of rows) {
      expect(k.time[j]).toBe(t);
      expect(k.nRisk[j]).toBe(n);
      close(k.surv[j] ?? 0, s);
      close(k.se[j] ?? 0, se);
      const l = kmLimits(k, j, Z);
      close(l.low, lo);
      close(l.high, hi);
    }
    // summary(fit, times = 365)
    const a = kmAt(k, 365, Z);
    close(a.surv, 0.4092416244600644);
    close(a.low, 0.34472158179582657);
    close(a.high, 0.48583760354728095);
  });

  it('S = 0 after the last event when nobody is left: se infinite, limits undefined (R: Inf, NA)', () => {
    const k = km([1, 2, 3, 4], [1, 1, 1, 1]);
    expect(k.surv[3]).toBe(0);
    expect(k.se[3]).toBe(Infinity);
    expect(kmLimits(k, 3, Z).low).toBeNaN();
    close(kmLimits(k, 2, Z).low, 0.045790759666018192);
  });

  it('kmAt before the first time is S = 1 with a degenerate interval', () => {
    const k = km([2, 3], [1, 1]);
    expect(kmAt(k, 1, Z)).toEqual({ surv: 1, low: 1, high: 1 });
    expect(kmAt(k, 2, Z).surv).toBe(0.5);
  });
});

describe('kmQuantile (quantile.survfit)', () => {
  const q = (time: number[], event: number[], p: number) => kmQuantile(km(time, event), p, Z);

  it('R section A: median 8 [3, NA]; 90th percentile not reached, its lower limit 9', () => {
    const t = [2, 3, 3, 3, 5, 6, 6, 8, 9, 12];
    const e = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0];
    const m = q(t, e, 0.5);
    expect(m.value).toBe(8);
    expect(m.low).toBe(3);
    expect(m.high).toBeNaN();
    const p90 = q(t, e, 0.9);
    expect(p90.value).toBeNaN();
    expect(p90.low).toBe(9);
    expect(p90.high).toBeNaN();
  });

  it('R section B: a curve flat at 0.5 between 2 and 3 gives the midpoint 2.5', () => {
    const m = q([1, 2, 3, 4], [1, 1, 1, 1], 0.5);
    expect(m).toEqual({ value: 2.5, low: 1, high: Number.NaN });
    expect(q([1, 2, 3, 4], [1, 1, 1, 1], 0.9)).toEqual({ value: 4, low: 3, high: Number.NaN });
  });

  it('R section C: a curve ending flat at 0.5 gives the middle of the last stretch, (2 + 4) / 2', () => {
    const m = q([1, 2, 3, 4], [1, 1, 0, 0], 0.5);
    expect(m.value).toBe(3);
    expect(m.low).toBe(1);
    expect(m.high).toBeNaN();
  });

  it('R section D (aml pooled): median 27 [18, 48], 90th 48 [43, NA]', () => {
    const m = q(AML_TIME, AML_STATUS, 0.5);
    expect([m.value, m.low, m.high]).toEqual([27, 18, 48]);
    const p = q(AML_TIME, AML_STATUS, 0.9);
    expect([p.value, p.low]).toEqual([48, 43]);
    expect(p.high).toBeNaN();
    // summary(fit, times = 24)
    const a = kmAt(km(AML_TIME, AML_STATUS), 24, Z);
    close(a.surv, 0.54658385093167705);
    close(a.low, 0.37207808724921121);
    close(a.high, 0.80293335280236955);
  });

  it('an upper curve that rises again in the tail (non-monotone 1 − upper): read as R does', () => {
    // R: t <- c(1:30, rep(31, 8), 32, 33); s <- c(rep(1, 30), rep(0, 8), 1, 0)
    // f <- survfit(Surv(t, s) ~ 1); f$upper[28:33]: 0.4816 0.4548 0.4276 0.4276 0.5525 0.5525
    // quantile(f, c(0.5, 0.7, 0.75, 0.8, 0.85, 0.9)): 20.5 28.5 31 32 32 NA,
    // lower 15 23 26 28 30 32, upper 28 NA NA NA NA NA
    const time = [
      ...Array.from({ length: 30 }, (_, i) => i + 1),
      ...Array<number>(8).fill(31),
      32,
      33,
    ];
    const event = [...Array<number>(30).fill(1), ...Array<number>(8).fill(0), 1, 0];
    const k = km(time, event);
    const got = [0.5, 0.7, 0.75, 0.8, 0.85, 0.9].map((p) => kmQuantile(k, p, Z));
    expect(got.map((g) => g.value)).toEqual([20.5, 28.5, 31, 32, 32, Number.NaN]);
    expect(got.map((g) => g.low)).toEqual([15, 23, 26, 28, 30, 32]);
    expect(got.map((g) => g.high)).toEqual([28, ...Array<number>(5).fill(Number.NaN)]);
  });

  it('R section E (lung): median 310 [285, 363], 90th 735 [689, NA]', () => {
    const m = q(LUNG_TIME, LUNG_STATUS, 0.5);
    expect([m.value, m.low, m.high]).toEqual([310, 285, 363]);
    const p = q(LUNG_TIME, LUNG_STATUS, 0.9);
    expect([p.value, p.low]).toEqual([735, 689]);
    expect(p.high).toBeNaN();
  });
});

describe('logRank (survdiff, rho = 0)', () => {
  it('aml by maintenance: χ² = 3.3963886989776011 on 1 df, p = 0.065339322040505132', () => {
    const r = logRank(
      Float64Array.from(AML_TIME),
      Uint8Array.from(AML_STATUS),
      Int32Array.from(AML_X),
      2,
    );
    expect([...r.observed]).toEqual([7, 11]);
    close(r.expected[0] ?? 0, 10.689335992300725);
    close(r.expected[1] ?? 0, 7.3106640076992759);
    close(r.chiSquare, 3.3963886989776011);
    expect(r.df).toBe(1);
    close(r.pValue, 0.065339322040505132, 1e-10);
  });

  it('lung by ph.ecog, 4 groups (one of a single patient): χ² = 21.962131682476006 on 3 df', () => {
    const keep = LUNG_ECOG.map((g, i) => (g >= 0 ? i : -1)).filter((i) => i >= 0);
    const r = logRank(
      Float64Array.from(keep.map((i) => LUNG_TIME[i] ?? 0)),
      Uint8Array.from(keep.map((i) => LUNG_STATUS[i] ?? 0)),
      Int32Array.from(keep.map((i) => LUNG_ECOG[i] ?? 0)),
      4,
    );
    expect([...r.observed]).toEqual([37, 82, 44, 1]);
    const exp = [54.152697018922929, 83.527564575081882, 26.147353065330211, 0.1723853406649615];
    r.expected.forEach((e, g) => {
      close(e, exp[g] ?? 0);
    });
    close(r.chiSquare, 21.962131682476006, 1e-10);
    expect(r.df).toBe(3);
    close(r.pValue, 6.6425353558001711e-5, 1e-8);
  });

  it('one group with events: χ² 0 on 0 df, no p-value', () => {
    const r = logRank(Float64Array.of(1, 2), Uint8Array.of(1, 1), Int32Array.of(0, 0), 2);
    expect(r.df).toBe(0);
    expect(r.chiSquare).toBe(0);
    expect(r.pValue).toBeNaN();
  });
});

describe('chiSquareSf', () => {
  it('matches pchisq(c(0.5, 3.84, 10, 25), c(1, 1, 3, 7), lower.tail = FALSE)', () => {
    const want = [
      0.47950012218695348, 0.050043521248705224, 0.018566135463043233, 0.00075880025565825012,
    ];
    const got = [chiSquareSf(0.5, 1), chiSquareSf(3.84, 1), chiSquareSf(10, 3), chiSquareSf(25, 7)];
    got.forEach((g, i) => {
      close(g, want[i] ?? 0, 1e-12);
    });
    expect(chiSquareSf(0, 2)).toBe(1);
  });
});
