import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableOrder } from '../../src/kernels/order.ts';

describe('stableOrder', () => {
  it('hand-checked: ties keep input order', () => {
    expect([...stableOrder(Float64Array.from([0.3, 0.1, 0.3, 0.2, 0.1]))]).toEqual([1, 4, 3, 0, 2]);
    expect([...stableOrder(new Float64Array(0))]).toEqual([]);
  });

  it('equals a stable comparator sort of the indices (any length, many ties)', () => {
    const value = fc.oneof(fc.constantFrom(0, 0.5, 1, -3), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (xs) => {
        // (not x − y: two equal infinities would give NaN)
        const cmp = (a: number, b: number) => {
          const x = xs[a] ?? 0;
          const y = xs[b] ?? 0;
          return x < y ? -1 : x > y ? 1 : a - b;
        };
        const expected = xs.map((_, i) => i).sort(cmp);
        expect([...stableOrder(Float64Array.from(xs))]).toEqual(expected);
      }),
    );
  });
});
