import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import {
  type BootstrapStatistic,
  bootstrapImportance,
  dominanceAnalysis,
  driverCorrelations,
  driverRegression,
  penaltyReward,
  relativeImportance,
} from '../../src/index.ts';
import { at, closeAll, METRICS } from './_fixtures.ts';

function rowsOf(seed: number, n: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = normalDraw(rng);
    const b = normalDraw(rng) + 0.5 * a;
    const c = normalDraw(rng);
    return {
      score: 2 * a + b + normalDraw(rng),
      ratings: { a, b, c: i % 17 === 0 ? null : c },
      store: `s${String(i % 10)}`,
    };
  });
}

/** 1..10 ratings with a clear effect of each driver on a 1..10 score. */
function ratedRows(seed: number, n: number) {
  const rng = seededRandom(seed);
  const clamp = (v: number): number => Math.min(10, Math.max(1, Math.round(v)));
  return Array.from({ length: n }, () => {
    const f = normalDraw(rng);
    const a = clamp(6 + 2 * (0.5 * f + normalDraw(rng)));
    const b = clamp(6 + 2 * (0.5 * f + normalDraw(rng)));
    const c = clamp(6 + 2 * normalDraw(rng));
    const score = clamp(0.5 * a + 0.3 * b + 0.1 * c + normalDraw(rng));
    return { score, ratings: { a, b, c } };
  });
}

const ALL: readonly BootstrapStatistic[] = [
  ...METRICS,
  'dominance',
  'correlation',
  'spearman',
  'beta',
  'penalty',
  'reward',
];

describe('bootstrapImportance', () => {
  const rows = rowsOf(5, 300);
  const rated = ratedRows(8, 400);

  it('is reproducible for a seed and reports the full-sample metric', () => {
    const a = bootstrapImportance(rows, { metric: 'lmg', seed: 42, replicates: 200 });
    const b = bootstrapImportance(rows, { metric: 'lmg', seed: 42, replicates: 200 });
    expect(a).toEqual(b);
    const full = relativeImportance(rows, { metric: 'lmg' });
    expect(a.drivers.map((d) => d.raw)).toEqual(full.drivers.map((d) => d.raw));
    expect(a.n).toBe(full.n);
    expect(a.excluded).toBe(full.excluded);
    expect(a.excluded).toBe(18);
    expect(a.resampling).toBe('rows');
    expect(a.units).toBe(282);
    expect(a.replicates + a.failed).toBe(200);
    for (const d of a.drivers) {
      expect(d.low).toBeLessThan(d.high);
      expect(d.se).toBeGreaterThan(0);
    }
    // the noise driver's interval sits near 0, the strong driver's well above it
    expect(at(a.drivers, 2).high).toBeLessThan(0.05);
    expect(at(a.drivers, 0).low).toBeGreaterThan(0.3);
    const c = bootstrapImportance(rows, { metric: 'lmg', seed: 43, replicates: 200 });
    expect(at(c.drivers, 0).low).not.toBe(at(a.drivers, 0).low);
  });

  it('every statistic: seeded, interval around the point estimate (well-conditioned data)', () => {
    for (const metric of ALL) {
      const opts = { metric, seed: 11, replicates: 150, outcome: 'nps' as const };
      const a = bootstrapImportance(rated, opts);
      expect(bootstrapImportance(rated, opts)).toEqual(a);
      expect(a.metric).toBe(metric);
      expect(a.outcome).toBe('nps');
      expect(a.failed).toBe(0);
      for (const d of a.drivers) {
        expect(d.low).toBeLessThanOrEqual(d.raw);
        expect(d.raw).toBeLessThanOrEqual(d.high);
        expect(d.se).toBeGreaterThan(0);
      }
    }
  });

  it('the full-sample value is the value of the non-bootstrap function', () => {
    const raw = (metric: BootstrapStatistic): number[] =>
      bootstrapImportance(rated, { metric, seed: 1, replicates: 2 }).drivers.map((d) => d.raw);
    closeAll(
      raw('correlation'),
      driverCorrelations(rated).drivers.map((d) => d.r),
      1e-15,
    );
    closeAll(
      raw('spearman'),
      driverCorrelations(rated, { method: 'spearman' }).drivers.map((d) => d.r),
      1e-14,
    );
    closeAll(
      raw('beta'),
      driverRegression(rated).drivers.map((d) => d.beta),
      1e-15,
    );
    closeAll(
      raw('dominance'),
      dominanceAnalysis(rated).drivers.map((d) => d.general),
      1e-14,
    );
    const pr = penaltyReward(rated, { low: 5, high: 8 });
    const b = bootstrapImportance(rated, {
      metric: 'penalty',
      low: 5,
      high: 8,
      seed: 1,
      replicates: 2,
    });
    closeAll(
      b.drivers.map((d) => d.raw),
      pr.drivers.map((d) => d.penalty),
      1e-15,
    );
    expect(b.r2).toBe(pr.r2);
  });

  it('one replicate equals the statistic of the explicitly resampled rows (rows and clusters)', () => {
    const complete = rated.slice(0, 120);
    const stores = complete.map((_, i) => `s${String(i % 7)}`);
    for (const metric of ['lmg', 'spearman', 'reward', 'correlation'] as const) {
      const value = (rs: typeof complete): number[] =>
        metric === 'lmg'
          ? relativeImportance(rs).drivers.map((d) => d.raw)
          : metric === 'reward'
            ? penaltyReward(rs).drivers.map((d) => d.reward)
            : driverCorrelations(rs, {
                method: metric === 'spearman' ? 'spearman' : 'pearson',
              }).drivers.map((d) => d.r);
      // rows: the same draws as the bootstrap (seededRandom, one unit index per draw)
      const rng = seededRandom(9);
      const drawn = complete.map(() => at(complete, Math.floor(rng() * complete.length)));
      const one = bootstrapImportance(complete, { metric, seed: 9, replicates: 1 });
      closeAll(
        one.drivers.map((d) => d.low),
        value(drawn),
        1e-12,
      );
      // clusters: units numbered in order of first appearance
      const ids = [...new Set(stores)];
      const rngC = seededRandom(4);
      const picked = ids.map(() => at(ids, Math.floor(rngC() * ids.length)));
      const drawnC = picked.flatMap((id) => complete.filter((_, i) => stores[i] === id));
      const oneC = bootstrapImportance(complete, {
        metric,
        seed: 4,
        replicates: 1,
        clusters: stores,
      });
      expect(oneC.resampling).toBe('clusters');
      expect(oneC.units).toBe(7);
      closeAll(
        oneC.drivers.map((d) => d.high),
        value(drawnC),
        1e-12,
      );
    }
  });

  it('percentile bounds are R type 7 quantiles of the replicates, se their standard deviation', () => {
    const complete = rated.slice(0, 80);
    const B = 9;
    // The replicates explicitly: B × n draws from seededRandom, one row index per draw.
    const rng = seededRandom(13);
    const reps = Array.from({ length: B }, () => {
      const drawn = complete.map(() => at(complete, Math.floor(rng() * complete.length)));
      return relativeImportance(drawn, { metric: 'pratt' }).drivers.map((d) => d.raw);
    });
    const r = bootstrapImportance(complete, {
      metric: 'pratt',
      seed: 13,
      replicates: B,
      confidence: 0.9,
    });
    // R: quantile(x, c(0.05, 0.95), type = 7): h = (B − 1)q = 0.4 and 7.6, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])
    const type7 = (xs: number[], q: number): number => {
      const s = [...xs].sort((a, b) => a - b);
      const h = (s.length - 1) * q;
      const lo = Math.floor(h);
      return at(s, lo) + (h - lo) * (at(s, lo + 1) - at(s, lo));
    };
    r.drivers.forEach((d, j) => {
      const xs = reps.map((x) => at(x, j));
      expect(Math.abs(d.low - type7(xs, 0.05))).toBeLessThan(1e-12);
      expect(Math.abs(d.high - type7(xs, 0.95))).toBeLessThan(1e-12);
      const m = xs.reduce((a, b) => a + b, 0) / B;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (B - 1));
      expect(Math.abs(d.se - sd)).toBeLessThan(1e-12);
    });
  });

  it('cluster resampling is wider than row resampling when stores are correlated', () => {
    const rng = seededRandom(21);
    const data: { score: number; ratings: { a: number; b: number }; store: string }[] = [];
    for (let s = 0; s < 15; s++) {
      const storeA = 2 * normalDraw(rng);
      const storeY = 2 * normalDraw(rng);
      for (let i = 0; i < 40; i++) {
        const a = storeA + 0.5 * normalDraw(rng);
        const b = normalDraw(rng);
        data.push({
          score: 0.4 * a + storeY + 0.3 * b + normalDraw(rng),
          ratings: { a, b },
          store: `s${String(s)}`,
        });
      }
    }
    const clusters = data.map((r) => r.store);
    for (const metric of ['correlation', 'lmg'] as const) {
      const byRow = bootstrapImportance(data, { metric, seed: 5, replicates: 300 });
      const byStore = bootstrapImportance(data, { metric, seed: 5, replicates: 300, clusters });
      expect(at(byStore.drivers, 0).raw).toBe(at(byRow.drivers, 0).raw);
      expect(at(byStore.drivers, 0).se).toBeGreaterThan(1.5 * at(byRow.drivers, 0).se);
    }
  });

  it('the standard error is of the order of 1/√n', () => {
    const a = bootstrapImportance(rows, { metric: 'lmg', seed: 3, replicates: 300 });
    expect(at(a.drivers, 0).se).toBeGreaterThan(0.005);
    expect(at(a.drivers, 0).se).toBeLessThan(0.1);
  });

  it('degenerate resamples are counted in failed', () => {
    // b varies in one row only: resamples that miss it have a constant driver
    const few = Array.from({ length: 12 }, (_, i) => ({
      score: i,
      ratings: { a: (i * 7) % 5, b: i === 0 ? 1 : 0 },
    }));
    const r = bootstrapImportance(few, { metric: 'first', seed: 2, replicates: 100 });
    expect(r.failed).toBeGreaterThan(0);
    expect(r.replicates + r.failed).toBe(100);
  });

  it('errors', () => {
    expect(() => bootstrapImportance(rows, { seed: undefined as unknown as number })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => bootstrapImportance(rows, { seed: 1, clusters: ['a'] })).toThrow(
      expect.objectContaining({ code: 'length_mismatch' }),
    );
    expect(() => bootstrapImportance(rows, { seed: 1, replicates: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => bootstrapImportance(rows, { seed: 1, missing: 'pairwise' })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() =>
      bootstrapImportance(rows, { seed: 1, metric: 'nope' as unknown as BootstrapStatistic }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() =>
      bootstrapImportance(rated, { seed: 1, metric: 'penalty', low: 9, high: 9 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => bootstrapImportance(rows.slice(0, 3), { seed: 1 })).toThrow(
      expect.objectContaining({ code: 'too_few_rows' }),
    );
  });
});
