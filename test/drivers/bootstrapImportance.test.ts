import { describe, expect, it } from 'vitest';
import { normalDraw, seededRandom } from '../../src/_lib/random.ts';
import { bootstrapImportance, relativeImportance } from '../../src/index.ts';

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

describe('bootstrapImportance', () => {
  const rows = rowsOf(5, 300);

  it('is reproducible for a seed and reports the full-sample metric', () => {
    const a = bootstrapImportance(rows, { metric: 'lmg', seed: 42, replicates: 200 });
    const b = bootstrapImportance(rows, { metric: 'lmg', seed: 42, replicates: 200 });
    expect(a).toEqual(b);
    const full = relativeImportance(rows, { metric: 'lmg' });
    expect(a.drivers.map((d) => d.raw)).toEqual(full.drivers.map((d) => d.raw));
    expect(a.n).toBe(full.n);
    expect(a.replicates + a.failed).toBe(200);
    for (const d of a.drivers) {
      expect(d.low).toBeLessThan(d.high);
      expect(d.se).toBeGreaterThan(0);
    }
    // the noise driver's interval sits near 0, the strong driver's well above it
    expect(a.drivers[2]?.high).toBeLessThan(0.05);
    expect(a.drivers[0]?.low).toBeGreaterThan(0.3);
    const c = bootstrapImportance(rows, { metric: 'lmg', seed: 43, replicates: 200 });
    expect(c.drivers[0]?.low).not.toBe(a.drivers[0]?.low);
  });

  it('resamples whole clusters (stores) when asked', () => {
    const clusters = rows.map((r) => r.store);
    const a = bootstrapImportance(rows, { metric: 'johnson', seed: 1, replicates: 100, clusters });
    const b = bootstrapImportance(rows, { metric: 'johnson', seed: 1, replicates: 100 });
    expect(a.replicates).toBe(100);
    expect(a.drivers[0]?.se).not.toBe(b.drivers[0]?.se);
  });

  it('the standard error is of the order of 1/√n', () => {
    // The bootstrap SE of LMG for the strong driver should be of the order of 1/sqrt(n).
    const a = bootstrapImportance(rows, { metric: 'lmg', seed: 3, replicates: 300 });
    expect(a.drivers[0]?.se).toBeGreaterThan(0.005);
    expect(a.drivers[0]?.se).toBeLessThan(0.1);
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
  });
});
