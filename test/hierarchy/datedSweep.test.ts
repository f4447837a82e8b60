// buildHierarchy checks a dated structure in one sweep over its boundaries, carrying the
// structure from one to the next, and builds each structure's arrays on first use. These tests
// hold it to a brute-force reference that checks every structure in full, on random definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { compiledOf } from '../../src/kernels/tree.ts';

interface Entry {
  readonly id: string;
  readonly parentId: string | null;
  readonly level?: string;
  readonly validFrom?: number;
  readonly validTo?: number;
}

/** Every structure of `nodes` by brute force: its start, and each active id's parent. */
function reference(
  nodes: readonly Entry[],
  forest: boolean,
): { code: string } | { structures: { lo: number; parent: Map<string, string | null> }[] } {
  const levelOf = new Map<string, string>();
  for (const n of nodes) {
    if (n.level === undefined) continue;
    if ((levelOf.get(n.id) ?? n.level) !== n.level) return { code: 'invalid_level' };
    levelOf.set(n.id, n.level);
  }
  const cuts = [
    ...new Set(nodes.flatMap((n) => [n.validFrom, n.validTo]).filter((t) => t !== undefined)),
  ].sort((a, b) => a - b);
  const starts = [-Infinity, ...cuts];
  const depthLevel = new Map<number, string>();
  const levelDepth = new Map<string, number>();
  const structures: { lo: number; parent: Map<string, string | null> }[] = [];
  for (const [k, lo] of starts.entries()) {
    const hi = starts[k + 1] ?? Infinity;
    const live = nodes.filter(
      (n) => (n.validFrom ?? -Infinity) <= lo && (n.validTo ?? Infinity) >= hi,
    );
    const parent = new Map<string, string | null>();
    for (const n of live) {
      if (parent.has(n.id)) return { code: 'duplicate_id' };
      parent.set(n.id, n.parentId);
    }
    for (const p of parent.values())
      if (p !== null && !parent.has(p)) return { code: 'unknown_parent' };
    const roots = [...parent.values()].filter((p) => p === null).length;
    if (roots > 1 && !forest) return { code: 'multiple_roots' };
    const depth = new Map<string, number>();
    for (const id of parent.keys()) {
      let d = 0;
      for (let p = parent.get(id) ?? null; p !== null; p = parent.get(p) ?? null) {
        if (++d > parent.size) return { code: 'cycle' };
      }
      depth.set(id, d);
    }
    for (const [id, d] of depth) {
      const lv = levelOf.get(id);
      if (lv === undefined) continue;
      if ((depthLevel.get(d) ?? lv) !== lv || (levelDepth.get(lv) ?? d) !== d)
        return { code: 'invalid_level' };
      depthLevel.set(d, lv);
      levelDepth.set(lv, d);
    }
    structures.push({ lo, parent });
  }
  return { structures };
}

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const entry = fc
  .record({
    id: fc.constantFrom(...ids),
    parentId: fc.option(fc.constantFrom(...ids), { freq: 3, nil: null }),
    level: fc.option(fc.constantFrom('L0', 'L1', 'L2'), { freq: 2, nil: undefined }),
    validFrom: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3, nil: undefined }),
    span: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 3, nil: undefined }),
  })
  .map(({ id, parentId, level, validFrom, span }): Entry => {
    const from = validFrom === undefined ? {} : { validFrom };
    const to = span === undefined ? {} : { validTo: (validFrom ?? 0) + span };
    return { id, parentId, ...(level === undefined ? {} : { level }), ...from, ...to };
  });

describe('buildHierarchy: the sweep over dated structures', () => {
  it('accepts and rejects exactly what checking every structure in full does, and builds the same structures', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 9 }),
        fc.boolean(),
        (nodes, forest) => {
          const want = reference(nodes, forest);
          let h: ReturnType<typeof buildHierarchy>;
          try {
            h = buildHierarchy(nodes, { forest });
          } catch (e) {
            expect(e).toBeInstanceOf(NpsInputError);
            expect((e as NpsInputError).code).toBe('code' in want ? want.code : 'no error');
            return;
          }
          if ('code' in want) throw new Error(`expected ${want.code}`);
          expect(compiledOf('t', h).epochs).toHaveLength(want.structures.length);
          for (const { lo, parent } of want.structures) {
            const asOf = lo === -Infinity ? -1e15 : lo;
            for (const id of ids) {
              if (parent.has(id)) expect(h.parent(id, { asOf })).toBe(parent.get(id));
              else if (h.has(id)) expect(() => h.parent(id, { asOf })).toThrow(NpsInputError);
            }
            expect(h.roots({ asOf }).sort()).toEqual(
              [...parent]
                .filter(([, p]) => p === null)
                .map(([id]) => id)
                .sort(),
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a store opening on each of 20,000 days is 20,000 structures, built on first use', () => {
    const day = 86_400_000;
    const nodes = [
      { id: 'all', parentId: null, level: 'company' },
      ...Array.from({ length: 20_000 }, (_, i) => ({
        id: `s${String(i)}`,
        parentId: 'all',
        level: 'store',
        validFrom: (i + 1) * day,
      })),
    ];
    const h = buildHierarchy(nodes);
    expect(compiledOf('t', h).epochs).toHaveLength(20_001);
    expect(h.children('all', { asOf: 100 * day })).toHaveLength(100);
    expect(h.children('all', { asOf: 100 * day - 1 })).toHaveLength(99);
    expect(h.children('all')).toHaveLength(20_000);
    expect(h.levels).toEqual(['company', 'store']);
    // the sweep still finds a store whose level name clashes, on the date it opens
    nodes.push({ id: 'odd', parentId: 'all', level: 'company', validFrom: 5e4 * day });
    expect(() => buildHierarchy(nodes)).toThrow(
      'nodes at depth 1 have different level names: "store" and "company" (node "odd")',
    );
  });

  it('a chain where each node opens a day after its parent: 100,000 levels, no recursion', () => {
    const N = 100_000;
    const nodes = Array.from({ length: N }, (_, i) => ({
      id: `n${String(i)}`,
      parentId: i === 0 ? null : `n${String(i - 1)}`,
      validFrom: i * 86_400_000,
    }));
    const h = buildHierarchy(nodes);
    expect(h.depth(`n${String(N - 1)}`)).toBe(N - 1);
    expect(h.depth('n10', { asOf: 10 * 86_400_000 })).toBe(10);
    expect(h.leaves(undefined, { asOf: 10 * 86_400_000 })).toEqual(['n10']);
  });

  it('a structure built later does not read the caller’s objects again', () => {
    const nodes = [
      { id: 'hq', parentId: null as string | null },
      { id: 'r1', parentId: 'hq' },
      { id: 'r2', parentId: 'hq' },
      { id: 's', parentId: 'r1', validTo: 10 },
      { id: 's', parentId: 'r2', validFrom: 10 },
    ];
    const h = buildHierarchy(nodes);
    nodes[3] = { id: 's', parentId: 'r2', validTo: 10 };
    expect(h.parent('s', { asOf: 5 })).toBe('r1');
  });
});
