import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { responseRates } from '../../src/quality/invitations.ts';

const h = buildHierarchy([
  { id: 'north', parentId: null },
  { id: 's1', parentId: 'north' },
  { id: 's2', parentId: 'north' },
  { id: 's3', parentId: 'north' },
]);
const jan = Date.UTC(2026, 0, 10);
const feb = Date.UTC(2026, 1, 10);
const inv = (id: string, nodeId: string, at: number, responded: boolean) => ({
  invitationId: id,
  nodeId,
  at,
  responded,
});
// s1: 2 of 4 answered (both in January); s2: 1 of 4 (January 1 of 2, February 0 of 2)
const base = [
  inv('a0', 's1', jan, true),
  inv('a1', 's1', jan, true),
  inv('a2', 's1', jan, false),
  inv('a3', 's1', jan, false),
  inv('b0', 's2', jan, true),
  inv('b1', 's2', jan, false),
  inv('b2', 's2', feb, false),
  inv('b3', 's2', feb, false),
];

describe('responseRates', () => {
  it('hand-computed rates per node, period and node × period, with Wilson intervals (R prop.test)', () => {
    const r = responseRates(h, base, { period: 'month' });
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('north')).toMatchObject({ invited: 8, responded: 3, rate: 0.375 });
    expect(by.get('s1')).toMatchObject({ invited: 4, responded: 2, rate: 0.5 });
    expect(by.get('s3')).toMatchObject({ invited: 0, responded: 0, rate: null, low: null });
    // R: prop.test(2, 4, correct = FALSE)$conf.int = 0.15003898915214955 0.84996101084785047
    expect(by.get('s1')?.low).toBeCloseTo(0.15003898915214955, 14);
    expect(by.get('s1')?.high).toBeCloseTo(0.84996101084785047, 14);
    // R: prop.test(3, 8, correct = FALSE)$conf.int = 0.13684428582359742 0.69425760539737269
    expect(r.overall.low).toBeCloseTo(0.13684428582359742, 14);
    expect(r.overall.high).toBeCloseTo(0.69425760539737269, 14);
    expect(r.periods?.map((p) => [p.label, p.invited, p.responded])).toEqual([
      ['2026-01', 6, 3],
      ['2026-02', 2, 0],
    ]);
    expect(by.get('s2')?.periods?.map((p) => [p.invited, p.responded])).toEqual([
      [2, 1],
      [2, 0],
    ]);
    // R: prop.test(1, 4, correct = FALSE, conf.level = 0.9)$conf.int = 0.057907321199858731 0.6438319914014935
    const r90 = responseRates(h, base, { confidence: 0.9 });
    const s2 = r90.nodes.find((n) => n.id === 's2');
    expect(s2?.low).toBeCloseTo(0.057907321199858731, 14);
    expect(s2?.high).toBeCloseTo(0.6438319914014935, 14);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('minSample: a small store is withheld, and so is a sibling, so north minus the rest reveals nothing', () => {
    // s1: 4 invitations, s2: 1 (below minSample 3), s3: 6
    const rows = [
      ...base.slice(0, 4),
      inv('z', 's2', jan, true),
      ...Array.from({ length: 6 }, (_, k) => inv(`c${String(k)}`, 's3', jan, k % 2 === 0)),
    ];
    const r = responseRates(h, rows, { minSample: 3 });
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('s2')?.suppression).toBe('min_sample');
    expect(by.get('s2')?.responded).toBeNull();
    expect(by.get('s1')?.suppression).toBe('complementary');
    expect(by.get('north')?.invited).toBe(11);
    expect(by.get('s3')?.invited).toBe(6);
  });

  it('no invitation is lost: a parent is the sum of its children, and the order does not matter (property)', () => {
    const rowArb = fc.array(
      fc.record({
        nodeId: fc.constantFrom('north', 's1', 's2', 's3'),
        month: fc.constantFrom(0, 1, 2),
        responded: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(rowArb, (raw) => {
        const rows = raw.map((x, k) =>
          inv(`i${String(k)}`, x.nodeId, Date.UTC(2026, x.month, 5), x.responded),
        );
        const r = responseRates(h, rows, { period: 'month' });
        const by = new Map(r.nodes.map((n) => [n.id, n]));
        const own = rows.filter((x) => x.nodeId === 'north');
        const kids = ['s1', 's2', 's3'].map((id) => by.get(id));
        expect(by.get('north')?.invited).toBe(
          own.length + kids.reduce((s, k) => s + (k?.invited ?? 0), 0),
        );
        expect(r.overall.responded).toBe(rows.filter((x) => x.responded).length);
        expect((r.periods ?? []).reduce((s, p) => s + (p.invited ?? 0), 0)).toBe(rows.length);
        expect(responseRates(h, [...rows].reverse(), { period: 'month' })).toEqual(r);
      }),
      { numRuns: 100 },
    );
  });

  it('bad invitations get typed errors naming the place', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as { code?: string }).code, (e as { path?: unknown }).path];
      }
      return null;
    };
    expect(code(() => responseRates(h, [base[0] as never, base[0] as never]))).toEqual([
      'duplicate_id',
      [1, 'invitationId'],
    ]);
    expect(code(() => responseRates(h, [{ ...base[0], responded: 'yes' } as never]))).toEqual([
      'invalid_input',
      [0, 'responded'],
    ]);
    expect(code(() => responseRates(h, [{ ...base[0], at: 'soon' } as never]))?.[0]).toBe(
      'invalid_date',
    );
    expect(code(() => responseRates(h, [{ ...base[0], nodeId: 'nowhere' } as never]))?.[0]).toBe(
      'unknown_node',
    );
    const ex = responseRates(h, [inv('x', 'nowhere', jan, true), inv('y', 's1', jan, false)], {
      onUnknownNode: 'exclude',
    });
    expect(ex.excludedN).toBe(1);
    expect(ex.overall.invited).toBe(1);
    expect(code(() => responseRates(h, base, { minSample: -1 }))?.[0]).toBe('invalid_option');
  });
});
