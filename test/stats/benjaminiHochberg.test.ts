import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { benjaminiHochberg } from '../../src/stats/benjaminiHochberg.ts';

describe('benjaminiHochberg', () => {
  it('matches R p.adjust(method = "BH")', () => {
    // R 4: print(p.adjust(c(0.01,0.04,0.03,0.2),"BH"), digits=17)
    //   0.040000000000000001 0.053333333333333330 0.053333333333333330 0.200000000000000011
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.2])).toEqual([
      0.04, 0.05333333333333333, 0.05333333333333333, 0.2,
    ]);
    // R: p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216), "BH")
    const q = benjaminiHochberg([
      0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216,
    ]);
    const r = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216];
    q.forEach((v, i) => {
      expect(v).toBeCloseTo(r[i] ?? 0, 14);
    });
  });

  it('nulls pass through and do not count; properties: q ≥ p, monotone in p', () => {
    expect(benjaminiHochberg([0.02, null, 0.04])).toEqual([0.04, null, 0.04]);
    expect(benjaminiHochberg([])).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true })), (ps) => {
        const q = benjaminiHochberg(ps) as number[];
        ps.forEach((p, i) => {
          expect(q[i]).toBeGreaterThanOrEqual(p);
          expect(q[i]).toBeLessThanOrEqual(1);
          ps.forEach((p2, j) => {
            if (p <= p2) expect(q[i]).toBeLessThanOrEqual(q[j] ?? 0);
          });
        });
      }),
    );
  });

  it('equals the textbook procedure bit for bit, ties and nulls included', () => {
    // R's p.adjust(p, "BH"): i <- lp:1; o <- order(p, decreasing = TRUE); ro <- order(o);
    // pmin(1, cummin(n / i * p[o]))[ro], written out over the non-null entries.
    const reference = (ps: (number | null)[]): (number | null)[] => {
      const idx = ps.flatMap((p, i) => (p === null ? [] : [i]));
      const n = idx.length;
      const o = [...idx].sort((a, b) => (ps[b] ?? 0) - (ps[a] ?? 0) || b - a);
      const out: (number | null)[] = ps.map(() => null);
      let running = Number.POSITIVE_INFINITY;
      o.forEach((i, k) => {
        // (a p-value of −0 counts as 0)
        running = Math.min(running, (n / (n - k)) * ((ps[i] ?? 0) + 0));
        out[i] = Math.min(1, running);
      });
      return out;
    };
    // few distinct values, so that ties are common; -0 and 0 both appear
    const p = fc.oneof(
      fc.constantFrom(0, -0, 0.01, 0.02, 0.5, 1, null),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(p, { maxLength: 60 }), (ps) => {
        expect(benjaminiHochberg(ps)).toEqual(reference(ps));
      }),
    );
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.5, 1.5])).toThrow(NpsInputError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: benjaminiHochberg: p-value at index 0 must be a number in [0, 1], received NaN]`,
    );
  });
});
