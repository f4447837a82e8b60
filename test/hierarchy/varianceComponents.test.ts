import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { varianceComponents } from '../../src/hierarchy/varianceComponents.ts';
import { move, movedStoreTree, regionTree } from './_fixtures.ts';

const h = buildHierarchy(regionTree);
const ids = ['hq', 'north', 'south', 'n1', 'n2', 's1'] as const;

describe('varianceComponents', () => {
  it('hand-computed nested decomposition', () => {
    // y: n1 = [1, 1], n2 = [−1, 0], s1 = [1, −1]; grand mean 1/6.
    const r = rollup(h, [
      { nodeId: 'n1', score: 10 },
      { nodeId: 'n1', score: 9 },
      { nodeId: 'n2', score: 1 },
      { nodeId: 'n2', score: 7 },
      { nodeId: 's1', score: 8 },
      { nodeId: 's1', score: 2 },
    ]);
    const v = varianceComponents(r);
    // total: Σy² − (Σy)²/n = 5 − 1/6
    expect(v.total).toBeCloseTo(5 - 1 / 6, 12);
    // regions: north mean 1/4 (n 4), south 0 (n 2): 4(1/4 − 1/6)² + 2(1/6)² = 1/36 + 2/36 = 1/12
    expect(v.levels[1]?.ss).toBeCloseTo(1 / 12, 12);
    // stores in north: n1 mean 1, n2 −1/2: 2(3/4)² + 2(3/4)² = 9/4; s1 = south → 0
    expect(v.levels[2]?.ss).toBeCloseTo(9 / 4, 12);
    // within: n1 0, n2 1/2, s1 2 → 5/2
    expect(v.within.ss).toBeCloseTo(5 / 2, 12);
    expect(v.levels[0]?.ss).toBe(0);
    expect(v.levels.map((l) => l.level)).toEqual(['company', 'region', 'store']);
  });

  it('property: levels and within add up to the total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ nodeId: fc.constantFrom(...ids), score: fc.integer({ min: 1, max: 10 }) }),
          { minLength: 1, maxLength: 50 },
        ),
        (resp) => {
          const v = varianceComponents(rollup(h, resp));
          const sum = v.levels.reduce((s, l) => s + l.ss, v.within.ss);
          expect(sum).toBeCloseTo(v.total, 9);
        },
      ),
    );
  });

  it('refuses a rollup whose groups do not nest (a moved store replayed per response)', () => {
    const d = buildHierarchy(movedStoreTree([]));
    const resp = [
      { nodeId: 's', score: 10, at: move - 1 },
      { nodeId: 's', score: 1, at: move },
    ];
    expect(() => varianceComponents(rollup(d, resp))).toThrow(/structure: 'as-of'/);
    const v = varianceComponents(rollup(d, resp, { structure: 'as-of' }));
    // restated: both under south; y = 1, −1; all variation within the store
    expect(v.total).toBe(2);
    expect(v.within.ss).toBe(2);
  });

  it('refuses suppressed rollups', () => {
    const r = rollup(h, [{ nodeId: 'n1', score: 10 }], { minSample: 5 });
    expect(() => varianceComponents(r)).toThrow(NpsInputError);
  });
});
