import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  compareNps,
  mergeTallies,
  type NpsIntervalMethod,
  npsInterval,
  npsSummary,
  type Scheme,
  tally,
  tallyFromCounts,
  tenPointScheme,
} from '../../src/index.ts';

// "Rows ≡ counts": every statistic computed from raw scores must equal the one computed from
// the pre-aggregated counts of the same responses (the design's three input shapes agree).
// The counts here are made independently of npskit's classifier: scores are drawn *within* a
// band, so the band of every score is known by construction.

/** A response: its band (0 detractor, 1 passive, 2 promoter), a position inside the band, a weight. */
const responseArb = fc.tuple(
  fc.integer({ min: 0, max: 2 }),
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: 12 }),
);
type Response = [band: number, pick: number, weight: number];

const BANDS = ['detractors', 'passives', 'promoters'] as const;

function scoreOf(r: Response, scheme: Scheme): number {
  const [lo, hi] = scheme[BANDS[r[0]] as (typeof BANDS)[number]];
  return lo + (r[1] % (hi - lo + 1));
}

/** Counts and weighted sums by plain loops over the bands (not through tally). */
function countsOf(rs: readonly Response[], weighted: boolean) {
  const n = [0, 0, 0];
  const w = [0, 0, 0];
  const w2 = [0, 0, 0];
  for (const r of rs) {
    const b = r[0];
    const weight = r[2] / 4;
    n[b] = (n[b] as number) + 1;
    w[b] = (w[b] as number) + weight;
    w2[b] = (w2[b] as number) + weight * weight;
  }
  return tallyFromCounts({
    promoters: n[2] as number,
    passives: n[1] as number,
    detractors: n[0] as number,
    ...(weighted
      ? {
          weights: {
            promoters: w[2] as number,
            passives: w[1] as number,
            detractors: w[0] as number,
            promotersSquared: w2[2] as number,
            passivesSquared: w2[1] as number,
            detractorsSquared: w2[0] as number,
          },
        }
      : {}),
  });
}

const METHODS: NpsIntervalMethod[] = ['wald', 'adjusted-wald', 'tango', 'bayes', 'wilson'];

describe('rows ≡ counts', () => {
  it('npsSummary (every method, both presets) of scores equals that of their counts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { maxLength: 60 }),
        fc.boolean(),
        fc.constantFrom(...METHODS),
        (rs, classic, method) => {
          const scheme = classic ? classicScheme : tenPointScheme;
          if (classic && method === 'wilson') return;
          const scores = rs.map((r) => scoreOf(r, scheme));
          const fromRows = npsSummary(scores, { scheme, method });
          const fromCounts = npsSummary(countsOf(rs, false), { scheme, method });
          expect(fromRows).toStrictEqual(fromCounts);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('weighted: tally(scores, { weights }) equals counts with weighted sums, and so do the intervals (property)', () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.constantFrom<NpsIntervalMethod>('wald', 'adjusted-wald', 'tango'),
        (rs, classic, method) => {
          const scheme = classic ? classicScheme : tenPointScheme;
          const t = tally(
            rs.map((r) => scoreOf(r, scheme)),
            { scheme, weights: rs.map((r) => r[2] / 4) },
          );
          const c = countsOf(rs, true);
          expect(t).toStrictEqual(c);
          expect(npsSummary(t, { scheme, method })).toStrictEqual(
            npsSummary(c, { scheme, method }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('weighted: Kish n of the base lies between 1 and the responses in the base (property)', () => {
    fc.assert(
      fc.property(fc.array(responseArb, { minLength: 1, maxLength: 60 }), (rs) => {
        const c = countsOf(rs, true);
        const w = c.weights;
        if (w === undefined) throw new Error('weighted tally expected');
        for (const scheme of [classicScheme, tenPointScheme]) {
          const all = scheme.base === 'all';
          const sum = w.promoters + w.detractors + (all ? w.passives : 0);
          if (sum === 0) continue;
          const count = c.promoters + c.detractors + (all ? c.passives : 0);
          const sq = w.promotersSquared + w.detractorsSquared + (all ? w.passivesSquared : 0);
          const i = npsInterval(c, { scheme, method: 'wald' });
          expect(i.effectiveN).toBeCloseTo((sum * sum) / sq, 9);
          expect(i.effectiveN).toBeGreaterThanOrEqual(1 - 1e-12);
          expect(i.effectiveN).toBeLessThanOrEqual(count * (1 + 1e-12));
          expect([i.n, i.baseN]).toStrictEqual([c.n, count]);
        }
      }),
    );
  });

  it('compareNps (independent and nested) of scores equals that of their counts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { minLength: 1, maxLength: 40 }),
        fc.array(responseArb, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (ra, rr, classic) => {
          const scheme = classic ? classicScheme : tenPointScheme;
          const a = ra.map((r) => scoreOf(r, scheme));
          const rest = rr.map((r) => scoreOf(r, scheme));
          const ta = countsOf(ra, false);
          const tb = mergeTallies(ta, countsOf(rr, false));
          const base = (t: typeof ta) => t.promoters + t.detractors + (classic ? t.passives : 0);
          if (base(ta) === 0 || base(countsOf(rr, false)) === 0) return;
          expect(compareNps(a, rest, { scheme })).toStrictEqual(
            compareNps(ta, countsOf(rr, false), { scheme }),
          );
          expect(compareNps(a, [...a, ...rest], { scheme, relation: 'nested' })).toStrictEqual(
            compareNps(ta, tb, { scheme, relation: 'nested' }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('merging the counts of two samples equals the counts of their union, weighted too (property)', () => {
    fc.assert(
      fc.property(fc.array(responseArb), fc.array(responseArb), fc.boolean(), (xs, ys, w) => {
        const merged = mergeTallies(countsOf(xs, w), countsOf(ys, w));
        const union = countsOf([...xs, ...ys], w);
        expect(merged.promoters).toBe(union.promoters);
        expect(merged.passives).toBe(union.passives);
        expect(merged.detractors).toBe(union.detractors);
        expect(merged.n).toBe(union.n);
        // weighted sums are quarters and their squares sixteenths: exact in binary
        expect(merged.weights).toStrictEqual(union.weights);
      }),
    );
  });
});
