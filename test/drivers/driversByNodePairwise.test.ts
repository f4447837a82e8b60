// driversByNode with missing: 'pairwise' (issue 10 §8): each node analysed on its subtree's rows
// exactly as relativeImportance analyses them pairwise, so blanks cost only their own pairs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  type DriverRow,
  driversByNode,
  relativeImportance,
} from '../../src/index.ts';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';

const h = buildHierarchy([
  { id: 'hq', parentId: null },
  { id: 'north', parentId: 'hq' },
  { id: 'south', parentId: 'hq' },
  { id: 's1', parentId: 'north' },
  { id: 's2', parentId: 'north' },
  { id: 's3', parentId: 'south' },
]);
const stores = ['s1', 's2', 's3', 'south'];
const DRIVERS = ['a', 'b', 'c', 'd'];

/** Rows with four correlated drivers, each blank with probability `blank`, independently. */
function rowsOf(seed: number, n: number, blank: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const common = normalDraw(rng);
    const values = DRIVERS.map(() => 0.6 * common + normalDraw(rng));
    const score = values.reduce((s, v, j) => s + (j + 1) * 0.4 * v, 0) + normalDraw(rng);
    const ratings = Object.fromEntries(
      DRIVERS.map((d, j) => [d, rng() < blank ? null : (values[j] ?? 0)]),
    );
    return { nodeId: stores[i % stores.length] ?? 's1', score, ratings };
  });
}

const subtree: Record<string, readonly string[]> = {
  hq: ['s1', 's2', 's3', 'south'],
  north: ['s1', 's2'],
  south: ['s3', 'south'],
  s1: ['s1'],
  s2: ['s2'],
  s3: ['s3'],
};
const rated = (r: DriverRow, d: string) => (r.ratings as Record<string, number | null>)[d] !== null;

describe("driversByNode(h, rows, { missing: 'pairwise' })", () => {
  it('with 12 % blanks per driver, pairwise uses every available pair, listwise only complete rows', () => {
    const rows = rowsOf(3, 800, 0.12);
    const lw = driversByNode(h, rows, { metric: 'johnson' });
    const pw = driversByNode(h, rows, { metric: 'johnson', missing: 'pairwise' });
    for (const node of pw.nodes) {
      const own = rows.filter((r) => subtree[node.id]?.includes(r.nodeId));
      const complete = own.filter((r) => DRIVERS.every((d) => rated(r, d))).length;
      // hand count: the fewest rows that rate a driver, or both drivers of a pair
      let pairN = own.length;
      for (const a of DRIVERS)
        for (const b of DRIVERS)
          pairN = Math.min(pairN, own.filter((r) => rated(r, a) && rated(r, b)).length);
      const listwise = lw.nodes.find((x) => x.id === node.id);
      expect(listwise?.importance?.n).toBe(complete);
      expect(node.importance?.n).toBe(pairN);
      expect(node.importance?.excludedN).toBe(own.length - pairN);
      // about 0.88^4 ≈ 60 % of the rows listwise, at least about 0.88² ≈ 77 % pairwise
      expect(complete / own.length).toBeLessThan(0.68);
      expect(pairN / own.length).toBeGreaterThan(0.7);
      expect(node.stats.n).toBe(complete); // stats stay listwise
    }
  });

  it('each node equals relativeImportance(missing: pairwise) on its subtree rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(0.05, 0.12, 0.3),
        fc.constantFrom<'lmg' | 'johnson' | 'first' | 'pratt'>('lmg', 'johnson', 'first', 'pratt'),
        (seed, blank, metric) => {
          const rows = rowsOf(seed, 240, blank);
          const r = driversByNode(h, rows, { metric, missing: 'pairwise', minSample: 20 });
          for (const node of r.nodes) {
            const own = rows.filter((x) => subtree[node.id]?.includes(x.nodeId));
            let direct: ReturnType<typeof relativeImportance> | string;
            try {
              direct = relativeImportance(own, { metric, missing: 'pairwise' });
            } catch (e) {
              direct = (e as { code: string }).code;
            }
            if (node.skipped === 'min_sample') {
              expect(typeof direct === 'string' || direct.n < 20).toBe(true);
            } else if (typeof direct === 'string') {
              expect(node.skipped).toBe(direct);
            } else {
              expect(node.importance).toEqual(direct);
            }
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('minSample counts the pairwise n', () => {
    const rows = rowsOf(5, 400, 0.12);
    const pw = driversByNode(h, rows, { missing: 'pairwise' });
    const n = pw.nodes.find((x) => x.id === 's1')?.importance?.n ?? 0;
    const at = driversByNode(h, rows, { missing: 'pairwise', minSample: n });
    const above = driversByNode(h, rows, { missing: 'pairwise', minSample: n + 1 });
    expect(at.nodes.find((x) => x.id === 's1')?.skipped).toBeNull();
    expect(above.nodes.find((x) => x.id === 's1')?.skipped).toBe('min_sample');
  });
});
