// A hierarchy needs a root: an empty node list, or nodes none of which is a root, are errors;
// a dated structure may still be empty at some dates (before it starts, after it ends).
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollup } from '../../src/hierarchy/rollup.ts';
import { thrown } from '../_support/errors.ts';
import { codeOf } from './_fixtures.ts';

describe('buildHierarchy: no nodes, no root', () => {
  it("buildHierarchy([]) is an 'empty' error saying a hierarchy needs a root", () => {
    const e = thrown(() => buildHierarchy([]));
    expect(e.code).toBe('empty');
    expect(e.path).toEqual([]);
    expect(e.received).toEqual([]);
    expect(e.message).toMatchInlineSnapshot(
      `"buildHierarchy: nodes must contain at least one node (a root has parentId null), received an empty array"`,
    );
  });

  it('buildHierarchy([], { forest: true }) is the same error: a forest needs a tree', () => {
    expect(codeOf(() => buildHierarchy([], { forest: true }))).toBe('empty');
  });

  it('bad options are still reported before emptiness (options are checked first)', () => {
    expect(codeOf(() => buildHierarchy([], { forest: 'yes' as unknown as boolean }))).toBe(
      'invalid_option',
    );
  });

  it('nodes that all have parents (no root) are a cycle whose message says no node is a root', () => {
    expect(() => buildHierarchy([{ id: 'a', parentId: 'a' }])).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: buildHierarchy: parent links form a cycle through "a", and no node is a root (parentId null)]`,
    );
    const e = thrown(() =>
      buildHierarchy([
        { id: 'a', parentId: 'b' },
        { id: 'b', parentId: 'a' },
      ]),
    );
    expect(e.code).toBe('cycle');
    expect(e.received).toEqual(['a', 'b']);
    expect(e.message).toContain('no node is a root');
  });

  it('a dated structure whose only root appears later: before that date it has no nodes, then it has its root', () => {
    // hq exists from t = 1000 on; the snapshot before has no nodes at all (legitimate).
    const h = buildHierarchy([
      { id: 'hq', parentId: null, validFrom: 1000 },
      { id: 's', parentId: 'hq', validFrom: 1000 },
    ]);
    expect(h.roots()).toEqual(['hq']);
    expect(h.roots({ asOf: 999 })).toEqual([]);
    expect(h.roots({ asOf: 1000 })).toEqual(['hq']);
    // rollup of responses through the structure at 1000 works as for an undated tree
    const r = rollup(h, [{ nodeId: 's', score: 10, at: 1500 }]);
    expect(r.nodes.map((n) => [n.id, n.total?.n])).toEqual([
      ['hq', 1],
      ['s', 1],
    ]);
  });

  it('a root that lapses and returns: the gap has no nodes, either side has the root', () => {
    const h = buildHierarchy([
      { id: 'hq', parentId: null, validTo: 1000 },
      { id: 'hq', parentId: null, validFrom: 2000 },
    ]);
    expect(h.roots({ asOf: 500 })).toEqual(['hq']);
    expect(h.roots({ asOf: 1500 })).toEqual([]);
    expect(h.roots()).toEqual(['hq']);
  });

  it('a dated root with a parent that only exists later is unknown_parent, not an empty structure', () => {
    // 'a' claims parent 'b' on [0, ∞) but 'b' starts at 1000: on [0, 1000) 'a' has no parent.
    expect(
      codeOf(() =>
        buildHierarchy([
          { id: 'a', parentId: 'b', validFrom: 0 },
          { id: 'b', parentId: null, validFrom: 1000 },
        ]),
      ),
    ).toBe('unknown_parent');
  });
});
