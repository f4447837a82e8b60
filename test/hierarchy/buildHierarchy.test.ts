import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { compiledOf, epochAt } from '../../src/kernels/tree.ts';
import { codeOf, regionTree as tree } from './_fixtures.ts';

describe('buildHierarchy', () => {
  it('accessors on a hand-built tree', () => {
    const h = buildHierarchy(tree);
    expect(h.roots()).toEqual(['hq']);
    expect(h.children('hq')).toEqual(['north', 'south']);
    expect(h.children('n1')).toEqual([]);
    expect(h.parent('n2')).toBe('north');
    expect(h.parent('hq')).toBeNull();
    expect(h.ancestors('n2')).toEqual(['north', 'hq']);
    expect(h.descendants('hq')).toEqual(['north', 'south', 'n1', 'n2', 's1']);
    expect(h.depth('s1')).toBe(2);
    expect(h.path('s1')).toEqual(['hq', 'south', 's1']);
    expect(h.leaves()).toEqual(['n1', 'n2', 's1']);
    expect(h.leaves('north')).toEqual(['n1', 'n2']);
    expect(h.levels).toEqual(['company', 'region', 'store']);
    expect(h.level('north')).toBe('region');
    expect(h.has('x')).toBe(false);
    expect(codeOf(() => h.children('x'))).toBe('unknown_node');
  });

  it('compiled order puts parents before children and pools in one reverse pass', () => {
    const c = compiledOf('t', buildHierarchy(tree));
    const ep = c.epochs[0];
    if (!ep) throw new Error('no epoch');
    const seen = new Set<number>();
    for (const x of ep.order) {
      const p = ep.parent[x] ?? -1;
      if (p >= 0) expect(seen.has(p)).toBe(true);
      seen.add(x);
    }
    const total = new Float64Array(c.ids.length).fill(1);
    for (let k = ep.order.length - 1; k >= 0; k--) {
      const x = ep.order[k] ?? 0;
      const p = ep.parent[x] ?? -1;
      if (p >= 0) total[p] = (total[p] ?? 0) + (total[x] ?? 0);
    }
    expect(total[c.indexOf.get('hq') ?? -1]).toBe(6);
    expect(total[c.indexOf.get('north') ?? -1]).toBe(3);
  });

  it('prototype-named and unicode ids work', () => {
    const h = buildHierarchy([
      { id: '__proto__', parentId: null },
      { id: 'constructor', parentId: '__proto__' },
      { id: 'магазин №1', parentId: 'constructor' },
      { id: 'hasOwnProperty', parentId: '__proto__' },
    ]);
    expect(h.path('магазин №1')).toEqual(['__proto__', 'constructor', 'магазин №1']);
    expect(h.children('__proto__')).toEqual(['constructor', 'hasOwnProperty']);
    expect(h.has('toString')).toBe(false);
  });

  it('rejects bad structures with codes naming the ids', () => {
    expect(codeOf(() => buildHierarchy([{ id: '', parentId: null }]))).toBe('invalid_id');
    expect(codeOf(() => buildHierarchy([{ id: 3 as unknown as string, parentId: null }]))).toBe(
      'invalid_id',
    );
    expect(() =>
      buildHierarchy([
        { id: 'a', parentId: null },
        { id: 'a', parentId: null },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: buildHierarchy: node id "a" is defined twice (indexes 0 and 1)]`,
    );
    expect(() =>
      buildHierarchy([
        { id: 'a', parentId: null },
        { id: 'b', parentId: 'zz' },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: buildHierarchy: node "b" has parent "zz", which is not a node]`,
    );
    expect(() =>
      buildHierarchy([
        { id: 'r', parentId: null },
        { id: 'a', parentId: 'b' },
        { id: 'b', parentId: 'a' },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: buildHierarchy: parent links form a cycle through "a", "b"]`,
    );
    expect(() =>
      buildHierarchy([
        { id: 'a', parentId: null },
        { id: 'b', parentId: null },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: buildHierarchy: a hierarchy must have one root (pass { forest: true } to allow several), found 2: "a", "b"]`,
    );
    expect(
      buildHierarchy(
        [
          { id: 'a', parentId: null },
          { id: 'b', parentId: null },
        ],
        { forest: true },
      ).roots(),
    ).toEqual(['a', 'b']);
    expect(
      codeOf(() =>
        buildHierarchy([
          { id: 'a', parentId: null, level: 'x' },
          { id: 'b', parentId: 'a', level: 'x' },
        ]),
      ),
    ).toBe('invalid_level');
    expect(
      codeOf(() =>
        buildHierarchy(
          [
            { id: 'a', parentId: null, level: 'r' },
            { id: 'b', parentId: null, level: 'r' },
            { id: 'c', parentId: 'a', level: 's' },
            { id: 'd', parentId: 'b', level: 't' },
          ],
          { forest: true },
        ),
      ),
    ).toBe('invalid_level');
    expect(
      codeOf(() => buildHierarchy([{ id: 'a', parentId: null, validFrom: 5, validTo: 5 }])),
    ).toBe('invalid_date');
  });

  it('dated structures: a store moves region on a date', () => {
    const move = Date.UTC(2025, 5, 1);
    const h = buildHierarchy([
      { id: 'hq', parentId: null },
      { id: 'north', parentId: 'hq' },
      { id: 'south', parentId: 'hq' },
      { id: 's', parentId: 'north', validTo: move },
      { id: 's', parentId: 'south', validFrom: new Date(move) },
    ]);
    expect(h.dated).toBe(true);
    expect(h.parent('s', { asOf: move - 1 })).toBe('north');
    expect(h.parent('s', { asOf: move })).toBe('south');
    expect(h.parent('s')).toBe('south');
    const c = compiledOf('t', h);
    expect(c.epochs.length).toBe(2);
    expect(epochAt(c, move - 1)).toBe(0);
    expect(epochAt(c, move)).toBe(1);
    // overlapping versions are duplicates
    expect(
      codeOf(() =>
        buildHierarchy([
          { id: 'hq', parentId: null },
          { id: 's', parentId: 'hq', validTo: move },
          { id: 's', parentId: 'hq', validFrom: move - 1 },
        ]),
      ),
    ).toBe('duplicate_id');
    // a child cannot outlive its parent
    expect(
      codeOf(() =>
        buildHierarchy([
          { id: 'hq', parentId: null },
          { id: 'r', parentId: 'hq', validTo: move },
          { id: 's', parentId: 'r' },
        ]),
      ),
    ).toBe('unknown_parent');
  });

  it('does not mutate its input', () => {
    const input = tree.map((n) => ({ ...n }));
    const copy = structuredClone(input);
    buildHierarchy(input);
    expect(input).toEqual(copy);
  });
});
