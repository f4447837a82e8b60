import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hierarchyFromColumns, rollup } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const LEVELS = ['division', 'region', 'store'] as const;
const row0 = { division: 'Retail', region: 'North', store: 'S1', score: 10 };

const rows: { division: string; region: string; store: string; score: number }[] = [
  { division: 'Retail', region: 'North', store: 'S1', score: 10 },
  { division: 'Retail', region: 'North', store: 'S1', score: 3 },
  { division: 'Retail', region: 'North', store: 'S2', score: 9 },
  { division: 'Retail', region: 'South', store: 'S3', score: 7 },
  { division: 'Retail', region: 'South', store: 'S3', score: 1 },
  { division: 'Online', region: 'North', store: 'Web', score: 8 },
  { division: 'Online', region: 'North', store: 'Web', score: 2 },
  { division: 'Online', region: 'North', store: 'App', score: 10 },
];

describe('hierarchyFromColumns', () => {
  it('hierarchyFromColumns(rows, { levels }) builds the tree; rollup totals by hand', () => {
    const h = hierarchyFromColumns(rows, { levels: LEVELS });
    expect(h.ids).toEqual([
      'all',
      'Retail',
      'Retail/North',
      'S1',
      'S2',
      'Retail/South',
      'S3',
      'Online',
      'Online/North',
      'Web',
      'App',
    ]);
    expect(h.levels).toEqual(['total', 'division', 'region', 'store']);
    expect(h.children('Retail')).toEqual(['Retail/North', 'Retail/South']);
    expect(h.name('Retail/North')).toBe('North');
    expect(h.name('all')).toBe('All');
    expect(h.level('Online/North')).toBe('region');
    const r = rollup(
      h,
      rows.map((x) => ({ nodeId: x.store, score: x.score })),
    );
    const total = new Map(r.nodes.map((n) => [n.id, n.total]));
    // By hand (ten-point: 8–10 promote, 6–7 passive, 1–5 detract):
    // Retail/North: 10, 3, 9 → P 2, D 1; Retail/South: 7, 1 → Pa 1, D 1
    expect(total.get('Retail/North')).toEqual({ promoters: 2, passives: 0, detractors: 1, n: 3 });
    expect(total.get('Retail')).toEqual({ promoters: 2, passives: 1, detractors: 2, n: 5 });
    // Online/North: 8, 2, 10 → P 2, D 1
    expect(total.get('Online')).toEqual({ promoters: 2, passives: 0, detractors: 1, n: 3 });
    expect(total.get('all')).toEqual({ promoters: 4, passives: 1, detractors: 3, n: 8 });
  });

  it('two regions with one name in two divisions are two units, both named North', () => {
    const h = hierarchyFromColumns(rows, { levels: LEVELS });
    expect(h.parent('Web')).toBe('Online/North');
    expect(h.parent('S1')).toBe('Retail/North');
    expect(h.name('Online/North')).toBe(h.name('Retail/North'));
    expect(h.path('App')).toEqual(['all', 'Online', 'Online/North', 'App']);
  });

  it('a "/" or "\\" inside a value is escaped, so paths never collide', () => {
    const h = hierarchyFromColumns(
      [
        { d: 'a/b', r: 'c', s: 's1' },
        { d: 'a', r: 'b/c', s: 's2' },
        { d: 'a\\', r: 'x', s: 's3' },
      ],
      { levels: ['d', 'r', 's'] },
    );
    expect(h.parent('s1')).toBe('a\\/b/c');
    expect(h.parent('s2')).toBe('a/b\\/c');
    expect(h.parent('s3')).toBe('a\\\\/x');
    expect(h.name('a\\/b')).toBe('a/b');
  });

  it('root, names and coerce options', () => {
    const h = hierarchyFromColumns(
      [
        { region: 'N', store: 104, storeName: 'High Street' },
        { region: 'N', store: 104, storeName: 'High Street' },
        { region: 'S', store: 7, storeName: 'Mall' },
      ],
      {
        levels: ['region', 'store'],
        root: { id: 'group', name: 'The Group', level: 'company' },
        names: { store: 'storeName' },
        coerce: true,
      },
    );
    expect(h.roots()).toEqual(['group']);
    expect(h.name('group')).toBe('The Group');
    expect(h.levels).toEqual(['company', 'region', 'store']);
    expect(h.name('104')).toBe('High Street');
    expect(h.name('N')).toBe('N');
  });

  it('one level: stores straight under the root', () => {
    const h = hierarchyFromColumns([{ store: 'a' }, { store: 'b' }, { store: 'a' }], {
      levels: ['store'],
    });
    expect(h.children('all')).toEqual(['a', 'b']);
  });

  it('invalid_input for a leaf under two parents, naming both paths and rows', () => {
    const e = thrown(() =>
      hierarchyFromColumns([...rows, { division: 'Online', region: 'South', store: 'S1' }], {
        levels: LEVELS,
      }),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.index).toBe(8);
    expect(e.path).toEqual([8, 'store']);
    expect(e.message).toMatchInlineSnapshot(
      `"hierarchyFromColumns: store "S1" appears under two parents: "Retail > North" (row 0) and "Online > South" (row 8); a store id must belong to one place in the organisation"`,
    );
  });

  it('invalid_input for a missing, blank or non-string value, with the row and column', () => {
    for (const bad of [undefined, null, '', '  ', 12, Number.NaN, true, {}]) {
      const e = thrown(() =>
        hierarchyFromColumns([row0, { ...row0, region: bad }], { levels: LEVELS }),
      );
      expect(e.code).toBe('invalid_input');
      expect(e.index).toBe(1);
      expect(e.path).toEqual([1, 'region']);
    }
    expect(
      thrown(() => hierarchyFromColumns([{ ...row0, store: 12 }], { levels: LEVELS })).message,
    ).toContain('pass coerce: true');
    const nan = thrown(() =>
      hierarchyFromColumns([{ ...row0, store: Number.NaN }], { levels: LEVELS, coerce: true }),
    );
    expect(nan.code).toBe('invalid_input');
    for (const bad of [null, 'row', 3]) {
      const e = thrown(() => hierarchyFromColumns([row0, bad as never], { levels: LEVELS }));
      expect(e.code).toBe('invalid_input');
      expect(e.index).toBe(1);
    }
    expect(thrown(() => hierarchyFromColumns('rows' as never, { levels: LEVELS })).code).toBe(
      'invalid_input',
    );
  });

  it('invalid_input for a unit with two display names', () => {
    const e = thrown(() =>
      hierarchyFromColumns(
        [
          { store: 's1', storeName: 'High Street' },
          { store: 's1', storeName: 'Market Square' },
        ],
        { levels: ['store'], names: { store: 'storeName' } },
      ),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.path).toEqual([1, 'storeName']);
  });

  it('invalid_input for a leaf id equal to an upper-level id or the root id', () => {
    const a = thrown(() =>
      hierarchyFromColumns([{ division: 'Online', store: 'Online' }], {
        levels: ['division', 'store'],
      }),
    );
    expect(a.code).toBe('invalid_input');
    expect(a.message).toContain('division "Online"');
    for (const row of [
      { division: 'all', store: 'x' },
      { division: 'd', store: 'all' },
    ]) {
      const e = thrown(() => hierarchyFromColumns([row], { levels: ['division', 'store'] }));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toContain('pass root');
    }
  });

  it('empty for no rows', () => {
    expect(thrown(() => hierarchyFromColumns([], { levels: LEVELS })).code).toBe('empty');
  });

  it('invalid_option for levels that are not a non-empty array of distinct names', () => {
    for (const levels of [[], ['a', 'a'], [''], 'store', [1], undefined]) {
      const e = thrown(() => hierarchyFromColumns(rows, { levels } as never));
      expect(e.code).toBe('invalid_option');
    }
    for (const options of [
      undefined,
      { levels: LEVELS, bogus: 1 },
      { levels: LEVELS, root: { id: '' } },
      { levels: LEVELS, root: { level: 'store' } },
      { levels: LEVELS, names: { shop: 'shopName' } },
      { levels: LEVELS, coerce: 'yes' },
    ]) {
      expect(thrown(() => hierarchyFromColumns(rows, options as never)).code).toBe(
        'invalid_option',
      );
    }
  });

  it('property: rollup of rows placed by the leaf column = brute-force counts per path', () => {
    const row = fc.record({
      division: fc.constantFrom('A', 'B', 'a/b'),
      region: fc.constantFrom('North', 'South', 'N\\'),
      store: fc.integer({ min: 0, max: 9 }),
      score: fc.integer({ min: 1, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), (raw) => {
        // A store id belongs to one place: derive it from the path, as a real export would.
        const data = raw.map((r) => ({
          ...r,
          store: `${r.division}|${r.region}|${String(r.store)}`,
        }));
        const h = hierarchyFromColumns(data, { levels: LEVELS });
        const r = rollup(
          h,
          data.map((x) => ({ nodeId: x.store, score: x.score })),
        );
        // Brute force: every row counts at each prefix of its path of names.
        const brute = new Map<string, number[]>();
        for (const x of data) {
          const names = [x.division, x.region, x.store];
          for (let k = 0; k <= names.length; k++) {
            const key = JSON.stringify(names.slice(0, k));
            const c = brute.get(key) ?? [0, 0, 0];
            const k3 = x.score >= 8 ? 0 : x.score >= 6 ? 1 : 2;
            c[k3] = (c[k3] ?? 0) + 1;
            brute.set(key, c);
          }
        }
        expect(r.nodes.length).toBe(brute.size);
        for (const n of r.nodes) {
          const names = h
            .path(n.id)
            .slice(1)
            .map((id) => h.name(id));
          const c = brute.get(JSON.stringify(names));
          expect(c).toBeDefined();
          expect(n.total).toEqual({
            promoters: c?.[0],
            passives: c?.[1],
            detractors: c?.[2],
            n: (c ?? []).reduce((a, b) => a + b, 0),
          });
        }
      }),
      { seed: 20261201, numRuns: 150 },
    );
  });

  it('does not mutate its rows', () => {
    const frozen = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
    expect(hierarchyFromColumns(frozen, { levels: LEVELS }).ids.length).toBe(11);
  });
});
