import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Audit, auditCompliance, buildHierarchy } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const org = () =>
  buildHierarchy([
    { id: 'all', parentId: null, level: 'company' },
    { id: 'north', parentId: 'all', level: 'region' },
    { id: 'south', parentId: 'all', level: 'region' },
    { id: 's1', parentId: 'north', level: 'store' },
    { id: 's2', parentId: 'north', level: 'store' },
    { id: 's3', parentId: 'south', level: 'store' },
  ]);

// Hand-computed compliance (Σ w·s / Σ w):
// a1 (1·1 + 1·0.5 + 2·0) / 4 = 0.375   a2 (1 + 1 + 2) / 4 = 1   a3 (0 + 0.8) / 2 = 0.4
// a4 1 / 1 = 1                         a5 (0.5·0.6 + 1.5·1) / 2 = 0.9
const audits = (): Audit[] => [
  {
    auditId: 'a1',
    nodeId: 's1',
    at: Date.UTC(2026, 0, 10),
    items: [
      { standard: 'greeting', passed: true },
      { standard: 'till', score: 0.5 },
      { standard: 'clean', passed: false, weight: 2 },
    ],
  },
  {
    auditId: 'a2',
    nodeId: 's1',
    at: Date.UTC(2026, 1, 3),
    items: [
      { standard: 'greeting', passed: true },
      { standard: 'till', score: 1 },
      { standard: 'clean', passed: true, weight: 2 },
    ],
  },
  {
    auditId: 'a3',
    nodeId: 's2',
    at: Date.UTC(2026, 0, 20),
    items: [
      { standard: 'greeting', passed: false },
      { standard: 'till', score: 0.8 },
    ],
  },
  {
    auditId: 'a4',
    nodeId: 's3',
    at: Date.UTC(2026, 0, 5),
    items: [{ standard: 'greeting', passed: true }],
  },
  {
    auditId: 'a5',
    nodeId: 's3',
    at: Date.UTC(2026, 1, 28),
    items: [
      { standard: 'till', score: 0.6, weight: 0.5 },
      { standard: 'clean', passed: true, weight: 1.5 },
    ],
  },
];

const byId = <T extends { id: string }>(list: readonly T[], id: string): T => {
  const x = list.find((n) => n.id === id);
  if (x === undefined) throw new Error(`no node ${id}`);
  return x;
};

describe('auditCompliance(hierarchy, audits)', () => {
  it('computes each audit and rolls up the hand-computed means', () => {
    const r = auditCompliance(org(), audits());
    expect(r.audits?.map((a) => a.compliance)).toEqual([0.375, 1, 0.4, 1, 0.9]);
    const north = byId(r.nodes, 'north');
    expect(north.audits).toBe(3);
    expect(north.compliance).toBeCloseTo(1.775 / 3, 15);
    expect(byId(r.nodes, 'south').compliance).toBeCloseTo(0.95, 15);
    expect(byId(r.nodes, 'all').compliance).toBeCloseTo(3.675 / 5, 15);
    expect(byId(r.nodes, 's2').compliance).toBe(0.4);
    expect(r.overall.audits).toBe(5);
    // per standard at north: greeting 1, 1, 0; till 0.5, 1, 0.8; clean 0, 1
    expect(north.standards).toEqual([
      { standard: 'greeting', passRate: 2 / 3 },
      { standard: 'till', passRate: 2.3 / 3 },
      { standard: 'clean', passRate: 0.5 },
    ]);
    expect(r.nodes.map((n) => n.id)).toEqual(['all', 'north', 'south', 's1', 's2', 's3']);
    expect(north).toMatchObject({ parentId: 'all', level: 'region', depth: 1, name: null });
  });

  it('gives the Student t interval of R t.test (clamped to 0..1)', () => {
    // R 4.2.2: x <- c(0.375, 1, 0.4, 1, 0.9); t.test(x)$conf.int → 0.33771602603544437 1.1322839739645556
    //          sd(x)/sqrt(5) → 0.14309088021254182; t.test(x, conf.level = 0.8)$conf.int →
    //          0.51561216469751414 0.95438783530248583
    const r = auditCompliance(org(), audits());
    const all = byId(r.nodes, 'all');
    expect(all.se).toBeCloseTo(0.14309088021254182, 14);
    expect(all.low).toBeCloseTo(0.33771602603544437, 12);
    expect(all.high).toBe(1);
    const r80 = auditCompliance(org(), audits(), { confidence: 0.8 });
    expect(byId(r80.nodes, 'all').low).toBeCloseTo(0.51561216469751414, 12);
    expect(byId(r80.nodes, 'all').high).toBeCloseTo(0.95438783530248583, 12);
    // R: t.test(c(1, 0.9))$conf.int → 0.3146897631912654 1.5853102368087346
    expect(byId(r.nodes, 'south').low).toBeCloseTo(0.3146897631912654, 12);
    // one audit: no interval
    expect(byId(r.nodes, 's2')).toMatchObject({ audits: 1, low: null, high: null, se: null });
    // no audits: empty, not an error
    const empty = auditCompliance(org(), []);
    expect(empty.overall).toMatchObject({ audits: 0, compliance: null, standards: [] });
  });

  it('reports per period and per node and period', () => {
    const r = auditCompliance(org(), audits(), { period: 'month', timeZone: 'Europe/Kyiv' });
    expect(r.periods?.map((p) => p.label)).toEqual(['2026-01', '2026-02']);
    expect(r.periods?.[0]?.compliance).toBeCloseTo((0.375 + 0.4 + 1) / 3, 15);
    expect(r.periods?.[1]?.compliance).toBeCloseTo(0.95, 15);
    const north = byId(r.nodes, 'north');
    expect(north.periods?.map((p) => p.audits)).toEqual([2, 1]);
    expect(north.periods?.[0]?.compliance).toBeCloseTo(0.3875, 15);
    expect(byId(r.nodes, 's2').periods?.[1]).toMatchObject({ audits: 0, compliance: null });
    expect(r.periods?.[0]?.start).toBe('2026-01-01T00:00:00+02:00');
  });

  it('withholds small groups and those that would give them away by subtraction', () => {
    const r = auditCompliance(org(), audits(), { minSample: 2 });
    expect(r.audits).toBeNull();
    const s2 = byId(r.nodes, 's2');
    expect(s2).toMatchObject({ suppressed: true, suppression: 'min_sample', audits: null });
    expect(s2.compliance).toBeNull();
    // north (3) − s1 (2) would give s2: one of them is withheld too
    const s1 = byId(r.nodes, 's1');
    const north = byId(r.nodes, 'north');
    expect(s1.suppressed || north.suppressed).toBe(true);
    expect([s1.suppression, north.suppression]).toContain('complementary');
  });

  it('sets unknown nodes aside with onUnknownNode: exclude', () => {
    const list = [
      ...audits(),
      { auditId: 'z', nodeId: 'nowhere', at: 0, items: [{ standard: 'x', passed: true }] },
    ];
    const e = thrown(() => auditCompliance(org(), list));
    expect(e).toMatchObject({ code: 'unknown_node', index: 5, path: [5, 'nodeId'] });
    const r = auditCompliance(org(), list, { onUnknownNode: 'exclude' });
    expect(r.excluded).toEqual([
      { reason: 'unknown_node', nodeId: 'nowhere', n: 1, firstIndex: 5 },
    ]);
    expect(r.excludedN).toBe(1);
    expect(r.overall.audits).toBe(5);
  });

  it('refuses bad audits with typed errors naming the place', () => {
    const h = org();
    const base = audits();
    const withItem = (item: unknown) => [
      { ...base[0], items: [{ standard: 'a', passed: true }, item] },
    ];
    expect(
      thrown(() => auditCompliance(h, [...base, { ...base[1], auditId: 'a1' }] as Audit[])),
    ).toMatchObject({
      code: 'duplicate_id',
      index: 5,
      path: [5, 'auditId'],
    });
    expect(thrown(() => auditCompliance(h, withItem({ standard: 'b' }) as Audit[]))).toMatchObject({
      code: 'invalid_input',
      path: [0, 'items', 1],
    });
    expect(
      thrown(() => auditCompliance(h, withItem({ standard: 'b', score: 1.5 }) as Audit[])),
    ).toMatchObject({
      code: 'invalid_input',
      path: [0, 'items', 1, 'score'],
    });
    expect(
      thrown(() => auditCompliance(h, withItem({ standard: 'b', score: Number.NaN }) as Audit[]))
        .code,
    ).toBe('invalid_input');
    expect(
      thrown(() => auditCompliance(h, withItem({ standard: 'b', passed: 1 }) as Audit[])).path,
    ).toEqual([0, 'items', 1, 'passed']);
    expect(
      thrown(() =>
        auditCompliance(h, withItem({ standard: 'b', passed: true, weight: -1 }) as Audit[]),
      ).code,
    ).toBe('invalid_weight');
    expect(
      thrown(() => auditCompliance(h, [{ ...base[0], at: Number.NaN }] as Audit[])),
    ).toMatchObject({
      code: 'invalid_date',
      path: [0, 'at'],
    });
    expect(
      thrown(() => auditCompliance(h, [{ ...base[0], at: '2026-01-10T10:00:00Z' }] as Audit[]))
        .message,
    ).toMatch(/coerce: true/);
    const coerced = auditCompliance(h, [{ ...base[0], at: '2026-01-10T10:00:00Z' }] as Audit[], {
      coerce: true,
    });
    expect(coerced.audits?.[0]?.at).toBe('2026-01-10T10:00:00.000Z');
    expect(thrown(() => auditCompliance(h, [{ ...base[0], items: [] }] as Audit[])).path).toEqual([
      0,
      'items',
    ]);
    expect(thrown(() => auditCompliance(h, 'x' as unknown as Audit[])).code).toBe('invalid_input');
    expect(thrown(() => auditCompliance(h, base, { minSample: -1 })).code).toBe('invalid_option');
    expect(thrown(() => auditCompliance(h, base, { perod: 'month' } as never)).code).toBe(
      'invalid_option',
    );
  });

  it('item weights whose total overflows: invalid_weight, not a NaN compliance (review of issue 12)', () => {
    const huge = [
      {
        auditId: 'x',
        nodeId: 's1',
        at: 0,
        items: [
          { standard: 'a', passed: true, weight: 1e308 },
          { standard: 'b', passed: true, weight: 1e308 },
        ],
      },
    ];
    expect(thrown(() => auditCompliance(org(), huge))).toMatchObject({
      code: 'invalid_weight',
      path: [0, 'items'],
    });
  });

  it('places audits through the structure at asOf (dated hierarchies)', () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 'old', parentId: 'all', validTo: Date.UTC(2026, 0, 1) },
      { id: 'new', parentId: 'all', validFrom: Date.UTC(2026, 0, 1) },
    ]);
    const list: Audit[] = [
      {
        auditId: 'x',
        nodeId: 'new',
        at: Date.UTC(2026, 1, 1),
        items: [{ standard: 'g', passed: true }],
      },
      {
        auditId: 'y',
        nodeId: 'old',
        at: Date.UTC(2025, 5, 1),
        items: [{ standard: 'g', passed: false }],
      },
    ];
    expect(thrown(() => auditCompliance(h, list))).toMatchObject({
      code: 'unknown_node',
      index: 1,
    });
    const r = auditCompliance(h, list, { onUnknownNode: 'exclude' });
    expect(r.excluded).toEqual([{ reason: 'node_not_valid', nodeId: 'old', n: 1, firstIndex: 1 }]);
    expect(r.nodes.map((n) => n.id)).toEqual(['all', 'new']);
    const before = auditCompliance(h, list, {
      asOf: Date.UTC(2025, 5, 1),
      onUnknownNode: 'exclude',
    });
    expect(before.nodes.map((n) => [n.id, n.compliance])).toEqual([
      ['all', 0],
      ['old', 0],
    ]);
  });

  it('accepts ids such as __proto__ as data', () => {
    const h = buildHierarchy([
      { id: '__proto__', parentId: null },
      { id: 'constructor', parentId: '__proto__' },
    ]);
    const r = auditCompliance(h, [
      {
        auditId: '__proto__',
        nodeId: 'constructor',
        at: 0,
        items: [{ standard: '__proto__', passed: true }],
      },
    ]);
    expect(r.nodes[0]?.standards).toEqual([{ standard: '__proto__', passRate: 1 }]);
  });
});

// Random audits on the six-node tree.
const STORES = ['s1', 's2', 's3'] as const;
const arbAudits = fc
  .array(
    fc.record({
      store: fc.constantFrom(...STORES),
      month: fc.integer({ min: 0, max: 2 }),
      items: fc.array(
        fc.record({
          standard: fc.constantFrom('greeting', 'till', 'clean'),
          score: fc.oneof(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })),
          weight: fc.integer({ min: 1, max: 4 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    { maxLength: 25 },
  )
  .map((list): Audit[] =>
    list.map((a, k) => ({
      auditId: `a${String(k)}`,
      nodeId: a.store,
      at: Date.UTC(2026, a.month, 15),
      items: a.items.map((it) =>
        typeof it.score === 'boolean'
          ? { standard: it.standard, passed: it.score, weight: it.weight }
          : { standard: it.standard, score: it.score, weight: it.weight },
      ),
    })),
  );

describe('auditCompliance properties', () => {
  it('a parent is the audit-weighted pool of its children', () => {
    fc.assert(
      fc.property(arbAudits, (list) => {
        const r = auditCompliance(org(), list, { period: 'month' });
        for (const parent of r.nodes) {
          const kids = r.nodes.filter((n) => n.parentId === parent.id);
          if (kids.length === 0) continue;
          const n = kids.reduce((s, k) => s + (k.audits ?? 0), 0);
          expect(parent.audits).toBe(n);
          if (n === 0) {
            expect(parent.compliance).toBeNull();
            continue;
          }
          const pooled = kids.reduce((s, k) => s + (k.compliance ?? 0) * (k.audits ?? 0), 0) / n;
          expect(parent.compliance).toBeCloseTo(pooled, 12);
        }
        // the periods of each node pool to the node
        for (const node of r.nodes) {
          const n = node.periods?.reduce((s, p) => s + (p.audits ?? 0), 0);
          expect(n).toBe(node.audits);
        }
      }),
    );
  });

  it('does not depend on the order of the audits', () => {
    fc.assert(
      fc.property(arbAudits, fc.integer(), (list, seed) => {
        const shuffled = [...list];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as Audit, shuffled[i] as Audit];
        }
        const a = auditCompliance(org(), list, { period: 'month', minSample: 2 });
        const b = auditCompliance(org(), shuffled, { period: 'month', minSample: 2 });
        const strip = (r: typeof a) =>
          r.nodes.map((n) => ({
            id: n.id,
            audits: n.audits,
            c: n.compliance === null ? null : Math.round(n.compliance * 1e9),
            suppressed: n.suppressed,
            periods: n.periods?.map((p) => p.suppressed),
            standards: n.standards
              ?.map((x) => [x.standard, Math.round(x.passRate * 1e9)] as const)
              .sort((p, q) => (p[0] < q[0] ? -1 : 1)),
          }));
        expect(strip(b)).toEqual(strip(a));
      }),
    );
  });

  it('never leaves a withheld child recoverable as parent minus published siblings', () => {
    fc.assert(
      fc.property(arbAudits, fc.integer({ min: 1, max: 4 }), (list, minSample) => {
        const r = auditCompliance(org(), list, { minSample });
        for (const parent of r.nodes) {
          const kids = r.nodes.filter((n) => n.parentId === parent.id);
          const hidden = kids.filter((k) => k.suppressed);
          if (kids.length === 0 || parent.suppressed) continue;
          // with the parent published, never exactly one withheld child among published siblings
          expect(hidden.length).not.toBe(1);
        }
        for (const n of r.nodes) {
          if (!n.suppressed) expect(n.audits === 0 || (n.audits ?? 0) >= minSample).toBe(true);
        }
        // the node × period cube: neither a node's total minus its other periods, nor a
        // period's parent minus its other children gives a withheld cell
        const cube = auditCompliance(org(), list, { minSample, period: 'month' });
        for (const n of cube.nodes) {
          const hiddenPeriods = (n.periods ?? []).filter((p) => p.suppressed);
          if (!n.suppressed) expect(hiddenPeriods.length).not.toBe(1);
          const kids = cube.nodes.filter((k) => k.parentId === n.id);
          (n.periods ?? []).forEach((p, k) => {
            if (p.suppressed || kids.length === 0) return;
            expect(kids.filter((c) => c.periods?.[k]?.suppressed).length).not.toBe(1);
          });
        }
        const hiddenOverall = (cube.periods ?? []).filter((p) => p.suppressed);
        if (!cube.overall.suppressed) expect(hiddenOverall.length).not.toBe(1);
      }),
    );
  });
});
