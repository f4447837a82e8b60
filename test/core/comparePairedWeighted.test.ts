import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  compareNps,
  type NpsComparison,
  type Scheme,
  tally,
  tenPointScheme,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { panel70, rep, scoresOf } from './_paired.ts';

/** The scores of waves a and b of (y_a, y_b) pairs. */
const wavesOf = (pairs: readonly (readonly [number, number])[], scheme: Scheme) =>
  [
    scoresOf(
      pairs.map(([y]) => y),
      scheme,
    ),
    scoresOf(
      pairs.map(([, y]) => y),
      scheme,
    ),
  ] as const;

// compareNps(a, b, { relation: 'paired', weights }): respondent i weighs weights[i] in both
// waves; R = Σw·y / Σw·e per wave, u_i = (y_a − R_a·e_a)/M_a − (y_b − R_b·e_b)/M_b with
// M = Σw·e / Σw, Var = Σ w²·u² / (Σw)² (Woodruff 1971; Wolter 2007 §6.11).

/** Each row repeated weights[i] times (frequency weights made real). */
function repeatRows<T>(xs: readonly T[], weights: readonly number[]): T[] {
  return xs.flatMap((x, i) => rep(0, weights[i] ?? 0).map(() => x));
}

/** |x − y| ≤ tol·max(1, |x|, |y|) (equal infinities pass). */
function close(x: number, y: number, tol: number): boolean {
  if (x === y) return true;
  return Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * The unweighted variance as compareNps computed it before weights existed, written here per
 * respondent (not per cell of the 3×3 table): u_i = (y_a − R_a·e_a)/m̄_a − (y_b − R_b·e_b)/m̄_b
 * with m̄ = Σe / n, Var = Σ(u_i − ū)² / n², on the −1..1 scale.
 */
function unweightedVarianceOld(ya: readonly number[], yb: readonly number[], all: boolean): number {
  const n = ya.length;
  const e = (y: number): number => (all || y !== 0 ? 1 : 0);
  const sum = (f: (i: number) => number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += f(i);
    return s;
  };
  const ea = sum((i) => e(ya[i] as number));
  const eb = sum((i) => e(yb[i] as number));
  const ra = sum((i) => ya[i] as number) / ea;
  const rb = sum((i) => yb[i] as number) / eb;
  const u = ya.map((y, i) => {
    const z = yb[i] as number;
    return (y - ra * e(y)) / (ea / n) - (z - rb * e(z)) / (eb / n);
  });
  const mean = u.reduce((s, x) => s + x, 0) / n;
  return u.reduce((s, x) => s + (x - mean) ** 2, 0) / (n * n);
}

/** A panel of y codes (−1/0/1) for two waves, with wave a's base and wave b's base non-empty. */
const panel = (minLength = 1, maxLength = 40) =>
  fc
    .array(fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 })), {
      minLength,
      maxLength,
    })
    .filter((pairs) => pairs.some(([a]) => a !== 0) && pairs.some(([, b]) => b !== 0));

const schemes = fc.constantFrom(classicScheme, tenPointScheme);

// Hand case used below (ten-point scheme, passives outside the base), pairs and weights:
//   1 (P,P) 0.5   2 (P,D) 2.5   3 (D,Pa) 1   4 (Pa,P) 0.5   5 (Pa,D) 0.5      Σw = W = 5
// Wave a: P 0.5 + 2.5 = 3, D 1 → E_a = 4, R_a = 2/4 = 0.5, M_a = 4/5  (NPS 50).
// Wave b: P 0.5 + 0.5 = 1, D 2.5 + 0.5 = 3 → E_b = 4, R_b = −2/4 = −0.5, M_b = 4/5  (NPS −50).
// (y − R·e)/M in wave a: P 0.625, Pa 0, D −1.875; in wave b: P 1.875, Pa 0, D −0.625.
// u = −1.25, 1.25, −1.875, −1.875, 0.625; Σw·u = −0.625 + 3.125 − 1.875 − 0.9375 + 0.3125 = 0.
// Σw²·u² = 0.25·1.5625 + 6.25·1.5625 + 1·3.515625 + 0.25·3.515625 + 0.25·0.390625
//        = 0.390625 + 9.765625 + 3.515625 + 0.87890625 + 0.09765625 = 14.6484375
// Var = 14.6484375 / 25 = 0.5859375 = 75/128; se = 100·√(75/128) = 76.5465544619743 points;
// z = 100 / 76.5465544619743 = 1.30639452948436.
const HAND_A = [10, 10, 1, 7, 7];
const HAND_B = [10, 1, 7, 10, 1];
const HAND_W = [0.5, 2.5, 1, 0.5, 0.5];
const HAND_U = [-1.25, 1.25, -1.875, -1.875, 0.625];

describe('compareNps paired with weights: unit weights', () => {
  it('compareNps(a, b, { paired, weights: all 1 }) equals the unweighted comparison exactly', () => {
    fc.assert(
      fc.property(panel(), schemes, (pairs, scheme) => {
        const [a, b] = wavesOf(pairs, scheme);
        const plain = compareNps(a, b, { scheme, relation: 'paired' });
        const ones = compareNps(a, b, { scheme, relation: 'paired', weights: rep(1, a.length) });
        expect(ones).toEqual(plain);
      }),
    );
  });

  it('with unit weights Σw²u²/(Σw)² is the old unweighted Σ(u − ū)²/n², since ū = 0', () => {
    fc.assert(
      fc.property(panel(), schemes, (pairs, scheme) => {
        const ya = pairs.map(([y]) => y);
        const yb = pairs.map(([, y]) => y);
        const c = compareNps(scoresOf(ya, scheme), scoresOf(yb, scheme), {
          scheme,
          relation: 'paired',
          weights: rep(1, ya.length),
        });
        const old = unweightedVarianceOld(ya, yb, scheme.base === 'all');
        expect(close((c.se / 100) ** 2, old, 1e-12)).toBe(true);
      }),
    );
  });
});

describe('compareNps paired with weights: integer weights against repeated rows', () => {
  it('weights 1, 5, 2, 1, 1 give the estimate of the repeated rows exactly, and Var = Var_rep·Σw²u²/Σwu²', () => {
    // The hand case with weights doubled (only ratios matter, so u is as above and
    // Var_w = 75/128). Repeating row i w_i times gives N = Σw = 10 unweighted respondents with
    // the same R and M = Σe/N, hence the same u per row; the unweighted variance of those N rows
    // is Σ_rows u² / N² = Σ w·u² / N², while the weighted one is Σ w²·u² / N²:
    //   Σ w·u²  = 1.5625 + 5·1.5625 + 2·3.515625 + 3.515625 + 0.390625 = 20.3125 → 13/64
    //   Σ w²·u² = 1.5625 + 25·1.5625 + 4·3.515625 + 3.515625 + 0.390625 = 58.59375 → 75/128
    // So Var_w / Var_rep = Σw²u² / Σwu² = 75/26 (a u²-weighted mean of w, between 1 and 5): the
    // weights are sampling weights over 5 respondents, not 10 respondents' worth of data.
    const w = [1, 5, 2, 1, 1];
    const weighted = compareNps(HAND_A, HAND_B, { relation: 'paired', weights: w });
    const repeated = compareNps(repeatRows(HAND_A, w), repeatRows(HAND_B, w), {
      relation: 'paired',
    });
    expect([weighted.a, weighted.b, weighted.difference]).toEqual([50, -50, 100]);
    expect([repeated.a, repeated.b, repeated.difference]).toEqual([50, -50, 100]);
    expect((repeated.se / 100) ** 2).toBeCloseTo(13 / 64, 14);
    expect((weighted.se / 100) ** 2).toBeCloseTo(75 / 128, 14);
    const swu2 = HAND_U.reduce((s, u, i) => s + (w[i] as number) * u * u, 0);
    const sw2u2 = HAND_U.reduce((s, u, i) => s + (w[i] as number) ** 2 * u * u, 0);
    expect([swu2, sw2u2]).toEqual([20.3125, 58.59375]);
    expect(weighted.se ** 2 / repeated.se ** 2).toBeCloseTo(sw2u2 / swu2, 12);
    expect(sw2u2 / swu2).toBeCloseTo(75 / 26, 14);
  });

  it('integer weights: same estimate as the repeated rows, exactly; Var_w between min w and max w times Var_rep', () => {
    // Var_w / Var_rep = Σw²u² / Σwu², a weighted mean of w (see above).
    fc.assert(
      fc.property(
        panel(1, 25).chain((pairs) =>
          fc.tuple(
            fc.constant(pairs),
            fc.array(fc.integer({ min: 1, max: 6 }), {
              minLength: pairs.length,
              maxLength: pairs.length,
            }),
          ),
        ),
        schemes,
        ([pairs, w], scheme) => {
          const [a, b] = wavesOf(pairs, scheme);
          const weighted = compareNps(a, b, { scheme, relation: 'paired', weights: w });
          const repeated = compareNps(repeatRows(a, w), repeatRows(b, w), {
            scheme,
            relation: 'paired',
          });
          expect(weighted.a).toBe(repeated.a);
          expect(weighted.b).toBe(repeated.b);
          expect(weighted.difference).toBe(repeated.difference);
          const vw = weighted.se ** 2;
          const vr = repeated.se ** 2;
          const slack = 1e-12 * Math.max(1, vw);
          expect(vw).toBeGreaterThanOrEqual(Math.min(...w) * vr - slack);
          expect(vw).toBeLessThanOrEqual(Math.max(...w) * vr + slack);
        },
      ),
    );
  });

  it('a constant integer weight c: Var_w = c·Var_rep (weighted = unweighted n, repeated = c·n)', () => {
    fc.assert(
      fc.property(panel(), schemes, fc.integer({ min: 1, max: 9 }), (pairs, scheme, c) => {
        const [a, b] = wavesOf(pairs, scheme);
        const w = rep(c, a.length);
        const weighted = compareNps(a, b, { scheme, relation: 'paired', weights: w });
        const repeated = compareNps(repeatRows(a, w), repeatRows(b, w), {
          scheme,
          relation: 'paired',
        });
        expect(close(weighted.se ** 2, c * repeated.se ** 2, 1e-12)).toBe(true);
      }),
    );
  });
});

describe('compareNps paired with weights: hand and R references', () => {
  it('fractional weights, ten-point scheme: the hand computation', () => {
    const c = compareNps(HAND_A, HAND_B, { relation: 'paired', weights: HAND_W });
    expect([c.a, c.b, c.difference]).toEqual([50, -50, 100]);
    expect(c.se).toBeCloseTo(100 * Math.sqrt(75 / 128), 12);
    expect(c.z).toBeCloseTo(100 / (100 * Math.sqrt(75 / 128)), 12);
    expect(c.relation).toBe('paired');
    // the same numbers from base R (test/core/reference/pairedWeighted.R, "hand5 base P+D")
    expect(c.se).toBeCloseTo(76.54655446197431, 12);
    expect(c.z).toBeCloseTo(1.3063945294843617, 12);
    expect(c.pValue).toBeCloseTo(0.19141842523760727, 14);
    // weights as any iterable, e.g. a generator
    const fromIterable = compareNps(HAND_A, HAND_B, {
      relation: 'paired',
      weights: (function* () {
        yield* HAND_W;
      })(),
    });
    expect(fromIterable).toEqual(c);
  });

  it('fractional weights, classic scheme (base all): hand and R', () => {
    // Same pairs under base 'all' (passives count): wave a P 3, Pa 1, D 1 → R_a = 2/5 = 0.4;
    // wave b P 1, Pa 1, D 3 → R_b = −0.4; E_a = E_b = W = 5, M = 1. d = y_a − y_b − 0.8:
    // u = −0.8, 1.2, −1.8, −1.8, 0.2 (Σw·u = −0.4 + 3 − 1.8 − 0.9 + 0.1 = 0);
    // Σw²u² = 0.16 + 9 + 3.24 + 0.81 + 0.01 = 13.22 → Var = 13.22/25 = 0.5288,
    // se = 100·√0.5288 = 72.7186358507914. R ("hand5 base all"): se 72.718635850791372,
    // z 1.100130648272184, p 0.27127520196205335.
    const c = compareNps(scoresOf([1, 1, -1, 0, 0], classicScheme), [10, 0, 7, 10, 0], {
      scheme: classicScheme,
      relation: 'paired',
      weights: HAND_W,
    });
    expect([c.a, c.b, c.difference]).toEqual([40, -40, 80]);
    expect(c.se).toBeCloseTo(100 * Math.sqrt(0.5288), 12);
    expect(c.se).toBeCloseTo(72.718635850791372, 12);
    expect(c.z).toBeCloseTo(1.100130648272184, 12);
    expect(c.pValue).toBeCloseTo(0.27127520196205335, 14);
  });

  it('matches base R on a 70-respondent panel with fractional and zero weights, both bases', () => {
    // test/core/reference/pairedWeighted.R, "panel70" (the survey package's svycontrast of
    // svytotal agrees to 1e-15 after its n/(n − 1) factor is taken out).
    const { ya, yb } = panel70;
    const cycle = [0.5, 1.25, 2, 0, 3.75, 0.8, 1.1];
    const w = ya.map((_, i) => cycle[i % 7] as number);
    const all = compareNps(scoresOf(ya, classicScheme), scoresOf(yb, classicScheme), {
      scheme: classicScheme,
      relation: 'paired',
      weights: w,
    });
    expect(all.a).toBeCloseTo(30.478723404255319, 12);
    expect(all.b).toBeCloseTo(5, 12);
    expect(all.difference).toBeCloseTo(25.478723404255319, 12);
    expect(all.se).toBeCloseTo(13.724049838114356, 12);
    expect(all.z).toBeCloseTo(1.8565018128610951, 12);
    expect(all.pValue).toBeCloseTo(0.063382064864810031, 14);
    expect(all.significant).toBe(false);
    const pd = compareNps(scoresOf(ya, tenPointScheme), scoresOf(yb, tenPointScheme), {
      relation: 'paired',
      weights: Float64Array.from(w),
    });
    expect(pd.a).toBeCloseTo(43.640517897943639, 12);
    expect(pd.b).toBeCloseTo(7.1428571428571441, 12);
    expect(pd.difference).toBeCloseTo(36.497660755086493, 12);
    expect(pd.se).toBeCloseTo(19.760872690662424, 12);
    expect(pd.z).toBeCloseTo(1.8469660387181523, 12);
    expect(pd.pValue).toBeCloseTo(0.064752062494055448, 14);
    // the same estimate as a weighted tally of the wave (sums taken in another order)
    expect(pd.a).toBeCloseTo(
      compareNps(tally(scoresOf(ya, tenPointScheme), { weights: w }), tally([10])).a,
      12,
    );
  });
});

describe('compareNps paired with weights: errors', () => {
  const a = [10, 7, 1];
  const b = [9, 3, 10];

  it('rejects a negative, NaN, infinite or out-of-range weight with invalid_weight and its index', () => {
    for (const bad of [-1, Number.NaN, Infinity, 1e-200, 1e200, '1' as never]) {
      const e = thrown(() => compareNps(a, b, { relation: 'paired', weights: [1, 1, bad] }));
      expect(e.code).toBe('invalid_weight');
      expect(e.index).toBe(2);
      expect(e.path).toEqual(['weights', 2]);
      expect(e.message).toMatch(/^compareNps: weight at index 2 must be 0 or a finite number/);
    }
  });

  it('rejects weights of the wrong length with length_mismatch', () => {
    const e = thrown(() => compareNps(a, b, { relation: 'paired', weights: [1, 2] }));
    expect(e.code).toBe('length_mismatch');
    expect(e.path).toEqual(['weights']);
    expect(e.message).toMatch(/one entry per respondent \(3, the length of a and b\), received 2/);
  });

  it('rejects weights that are not a collection with invalid_option', () => {
    const e = thrown(() => compareNps(a, b, { relation: 'paired', weights: 3 as never }));
    expect(e.code).toBe('invalid_option');
    expect(e.path).toEqual(['weights']);
  });

  it('rejects weights with relation independent (the default) or nested', () => {
    for (const relation of ['independent', 'nested', undefined] as const) {
      const e = thrown(() => compareNps(a, b, { relation, weights: [1, 1, 1] }));
      expect(e.code).toBe('invalid_option');
      expect(e.path).toEqual(['weights']);
      expect(e.message).toMatch(/applies only to relation 'paired'/);
    }
    // weights: undefined is no weights
    expect(compareNps(a, b, { weights: undefined }).relation).toBe('independent');
  });

  it('a wave whose base has zero total weight is empty', () => {
    const e = thrown(() => compareNps([10, 7], [10, 1], { relation: 'paired', weights: [0, 1] }));
    expect(e.code).toBe('empty');
    expect(e.path).toEqual(['a']);
    expect(e.message).toMatch(/carry zero weight/);
  });

  it('a bad score is reported before a bad weight of a later respondent, by index order', () => {
    const e = thrown(() =>
      compareNps([10, 11, 3], [10, 9, 3], { relation: 'paired', weights: [1, 1, -1] }),
    );
    expect(e.code).toBe('invalid_score');
    expect(e.path).toEqual(['a', 1]);
  });
});

describe('compareNps paired with weights: degenerate cases', () => {
  it('equal ratios with se 0 give z 0 and p 1, even when the two NPS values round an ulp apart', () => {
    // Both waves hold detractors only (in the base): R_a = R_b = −1 and every influence value is
    // 0, so se = 0. nps(a) = 100·(0 − Σw)/Σw rounds to −100.00000000000001 for this Σw while
    // nps(b) is −100: the reported difference is that ulp, but z and p follow the ratios.
    const c = compareNps([7, 1, 7], [1, 1, 7], {
      relation: 'paired',
      weights: [0.01, 0.010000000000000004, 0.01],
    });
    expect(c.se).toBe(0);
    expect(c.difference).toBe(c.a - c.b);
    expect(Math.abs(c.difference)).toBeLessThan(1e-13);
    expect([c.z, c.pValue, c.significant]).toEqual([0, 1, false]);
  });

  it('zero weights drop respondents: the same as leaving them out', () => {
    const a = [10, 9, 7, 3, 1, 8, 6, 10];
    const b = [9, 3, 3, 8, 1, 6, 10, 10];
    const w = [1.5, 0, 2, 0.25, 0, 1, 3, 0.5];
    const keep = (xs: readonly number[]) => xs.filter((_, i) => (w[i] as number) > 0);
    const withZeros = compareNps(a, b, { relation: 'paired', weights: w });
    const dropped = compareNps(keep(a), keep(b), { relation: 'paired', weights: keep(w) });
    expect(withZeros).toEqual(dropped);
  });
});

describe('compareNps paired with weights: invariance', () => {
  it('scaling every weight by a constant changes nothing (to 1e-12)', () => {
    // NPS-point fields agree to 1e-12 (relative above 1), se to 1e-12 relative. z = difference
    // / se inherits the rounding of the difference (two NPS values near each other, each rounded
    // on its own: ~1e-14 points), so z may move by 1e-12 points of difference, i.e. 1e-12 / se,
    // besides 1e-12 relative; p moves by at most 2φ(z)·Δz < Δz. Where se is only rounding noise
    // (every influence value 0, e.g. the same change y_a − y_b for all under base 'all') z is
    // that noise's reciprocal and p is 0 either way, so z and p are compared where se > 1e-9.
    const fields = ['a', 'b', 'difference', 'se', 'low', 'high'] as const;
    fc.assert(
      fc.property(
        panel().chain((pairs) =>
          fc.tuple(
            fc.constant(pairs),
            fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), {
              minLength: pairs.length,
              maxLength: pairs.length,
            }),
          ),
        ),
        schemes,
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        ([pairs, w], scheme, k) => {
          const [a, b] = wavesOf(pairs, scheme);
          const base: NpsComparison = compareNps(a, b, { scheme, relation: 'paired', weights: w });
          const scaled = compareNps(a, b, {
            scheme,
            relation: 'paired',
            weights: w.map((x) => x * k),
          });
          for (const f of fields) {
            if (!close(base[f], scaled[f], 1e-12)) {
              throw new Error(
                `${f}: ${String(base[f])} vs ${String(scaled[f])} (k = ${String(k)})`,
              );
            }
          }
          if (base.se > 1e-9) {
            // z = difference / se: its relative error is at most the sum of theirs (1e-12 each,
            // plus the division's own rounding), hence 3e-12 relative (seed -950725965 needed
            // 1.4e-12 at z ≈ 4700)
            const allowed = 3e-12 * Math.max(1, Math.abs(base.z)) + 1e-12 / base.se;
            expect(Math.abs(base.z - scaled.z)).toBeLessThanOrEqual(allowed);
            expect(Math.abs(base.pValue - scaled.pValue)).toBeLessThanOrEqual(allowed);
          }
          expect(scaled.significant).toBe(base.significant);
        },
      ),
    );
  });
});
