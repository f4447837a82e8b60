import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHierarchy, type FollowUpCase, followUpMetrics } from '../../src/index.ts';
import { businessMsBetween, resolveCalendar } from '../../src/kernels/businessTime.ts';
import { thrown } from '../_support/errors.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9); // Monday 2 March 2026, 09:00 UTC
const close = (got: number | null | undefined, want: number, rel = 1e-12) => {
  expect(got).not.toBeNull();
  expect(Math.abs((got ?? Number.NaN) - want)).toBeLessThanOrEqual(
    rel * Math.max(1, Math.abs(want)),
  );
};

// survival::aml (time in weeks here read as hours), status, x (0 Maintained, 1 Nonmaintained).
const AML_TIME = [
  9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45,
];
const AML_STATUS = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
const AML_X = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const NOW = T0 + 500 * HOUR;
// Each aml observation as a case opened `time` hours before now: resolved at now (an event at
// `time`) or still open (censored at `time`).
const AML_CASES: FollowUpCase[] = AML_TIME.map((t, i) => ({
  caseId: `c${String(i)}`,
  nodeId: AML_X[i] === 0 ? 'maintained' : 'nonmaintained',
  openedAt: NOW - t * HOUR,
  firstContactAt: NOW - t * HOUR,
  resolvedAt: AML_STATUS[i] === 1 ? NOW : null,
}));
const AML_TREE = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 'maintained', parentId: 'all' },
  { id: 'nonmaintained', parentId: 'all' },
]);

describe('followUpMetrics', () => {
  it('a hand-computed table: contact censored at now and at a resolution without contact', () => {
    // contact times (h): a 2, b 5, c 30, d censored at 48 (open), e censored at 10 (resolved
    // without a recorded contact). KM: t=2 n5 → 4/5; t=5 n4 → 0.8·3/4 = 0.6; t=10 censored;
    // t=30 n2 → 0.6·1/2 = 0.3; t=48 censored. Median: first S ≤ 0.5 at 30.
    // S(24) = 0.6 → 40 % contacted within the 24 h target.
    // Greenwood at 24: 1/(5·4) + 1/(4·3) = 0.13333…, se = 0.365148…; log interval of S
    // 0.6·exp(±1.96·0.365148): [0.2932, 1.2277 → capped 1] → share [0, 0.7068].
    const m = followUpMetrics(
      [
        {
          caseId: 'a',
          nodeId: 's',
          openedAt: T0,
          firstContactAt: T0 + 2 * HOUR,
          resolvedAt: T0 + 30 * HOUR,
        },
        { caseId: 'b', nodeId: 's', openedAt: T0, firstContactAt: T0 + 5 * HOUR },
        {
          caseId: 'c',
          nodeId: 's',
          openedAt: T0,
          firstContactAt: T0 + 30 * HOUR,
          resolvedAt: T0 + 40 * HOUR,
        },
        { caseId: 'd', nodeId: 's', openedAt: T0 },
        { caseId: 'e', nodeId: 's', openedAt: T0, resolvedAt: T0 + 10 * HOUR, outcome: 'refund' },
      ],
      { now: T0 + 48 * HOUR, sla: { contact: { hours: 24 }, resolution: { hours: 36 } } },
    );
    const o = m.overall;
    expect([o.cases, o.open, o.overdueContact, o.overdueResolution, o.reopened]).toEqual([
      5, 2, 1, 2, 0,
    ]);
    const c = o.contact;
    expect(c?.events).toBe(3);
    expect(c?.censored).toBe(2);
    expect(c?.hours.median.value).toBe(30);
    expect(c?.curve?.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([
      [0, 5, 0, 0],
      [2, 5, 1, 0],
      [5, 4, 1, 0],
      [10, 3, 0, 1],
      [30, 2, 1, 0],
      [48, 1, 0, 1],
    ]);
    close(c?.curve?.[4]?.survival, 0.3, 1e-15);
    close(c?.withinSla?.share, 0.4, 1e-15);
    const se = Math.sqrt(1 / 20 + 1 / 12);
    close(c?.withinSla?.high, 1 - 0.6 * Math.exp(-1.959963984540054 * se));
    expect(c?.withinSla?.low).toBe(0);
    // resolution: e at 10, a at 30, c at 40; b, d open at 48 → S(36) = 4/5 · 3/4 = 0.6
    close(o.resolution?.withinSla?.share, 0.4, 1e-15);
    expect(m.nodes).toBeNull();
    expect(m.periods).toBeNull();
    expect(m.now).toBe('2026-03-04T09:00:00.000Z');
  });

  it('matches survival::survfit on aml read as cases (test/reference/survival.R, section D)', () => {
    const m = followUpMetrics(AML_CASES, { now: NOW, sla: { resolution: { hours: 24 } } });
    const r = m.overall.resolution;
    expect(r?.hours.median).toEqual({ value: 27, low: 18, high: 48 });
    expect(r?.hours.p90).toEqual({ value: 48, low: 43, high: null });
    // summary(fit, times = 24): surv 0.54658385093167705 [0.37207808724921121, 0.80293335280236955]
    close(r?.withinSla?.share, 1 - 0.54658385093167705);
    close(r?.withinSla?.low, 1 - 0.80293335280236955);
    close(r?.withinSla?.high, 1 - 0.37207808724921121);
    // every case was contacted at opening: S drops to 0 at time 0, the median is 0 and its
    // limits undefined (survfit: lower and upper NA where S = 0)
    expect(m.overall.contact?.hours.median).toEqual({ value: 0, low: null, high: null });
    expect(m.overall.contact?.withinSla).toBeNull();
  });

  it('compares each unit with the rest of its parent by survdiff (aml by x: χ² 3.3963886989776011)', () => {
    const m = followUpMetrics(AML_CASES, { now: NOW, sla: {}, hierarchy: AML_TREE });
    const byId = new Map(m.nodes?.map((n) => [n.id, n]));
    const a = byId.get('maintained')?.vsRest?.resolution;
    expect(a?.observed).toBe(7);
    close(a?.expected, 10.689335992300725);
    close(a?.chiSquare, 3.3963886989776011, 1e-10);
    close(a?.pValue, 0.065339322040505132, 1e-9);
    expect(a?.direction).toBe('slower');
    // BH over the two nodes at depth 1, both with the same p: q = p
    close(a?.qValue, 0.065339322040505132, 1e-9);
    expect(byId.get('nonmaintained')?.vsRest?.resolution?.direction).toBe('faster');
    expect(byId.get('all')?.vsRest).toBeNull();
    expect(byId.get('all')?.cases).toBe(23);
    expect(byId.get('maintained')?.resolution?.hours.median.value).toBe(31);
  });

  it('times in business hours on a calendar (Europe/Kyiv, 09:00–18:00, Monday–Friday)', () => {
    // Opened Friday 6 March 2026 17:00 Kyiv (15:00 UTC), contacted Monday 10:00 Kyiv:
    // 65 wall-clock hours, 1 + 1 = 2 business hours. A target of 4 business hours falls on
    // Monday 12:00 Kyiv, so the contact is within it (24 wall-clock hours would not be).
    const opened = Date.UTC(2026, 2, 6, 15);
    const contacted = Date.UTC(2026, 2, 9, 8);
    const cases = [{ caseId: 'x', nodeId: 's', openedAt: opened, firstContactAt: contacted }];
    const calendar = { timeZone: 'Europe/Kyiv', hours: { start: '09:00', end: '18:00' } };
    const m = followUpMetrics(cases, {
      now: contacted + HOUR,
      sla: { contact: { businessHours: 4 } },
      calendar,
    });
    expect(m.overall.contact?.hours.median.value).toBe(65);
    expect(m.overall.contact?.businessHours?.median.value).toBe(2);
    expect(m.overall.contact?.withinSla?.share).toBe(1);
    const wall = followUpMetrics(cases, { now: contacted + HOUR, sla: { contact: { hours: 24 } } });
    expect(wall.overall.contact?.withinSla?.share).toBe(0);
    expect(wall.overall.contact?.businessHours).toBeNull();
  });

  it('counts business hours of a case open for fifteen years (past one call of the kernel)', () => {
    // Monday to Friday, all day, UTC: 24 business hours per weekday, counted here day by day.
    const opened = Date.UTC(2000, 0, 3);
    const contacted = Date.UTC(2015, 0, 5, 12);
    let want = 0;
    for (let d = opened; d < contacted; d += 24 * HOUR) {
      const wd = new Date(d).getUTCDay();
      if (wd !== 0 && wd !== 6) want += Math.min(24, (contacted - d) / HOUR);
    }
    const m = followUpMetrics(
      [{ caseId: 'x', nodeId: 's', openedAt: opened, firstContactAt: contacted }],
      {
        now: contacted,
        sla: {},
        calendar: {},
      },
    );
    expect(m.overall.contact?.businessHours?.median.value).toBe(want);
  });

  it('business hours from the day table equal businessMsBetween over the span (Kyiv, DST, holidays)', () => {
    const calendar = {
      timeZone: 'Europe/Kyiv',
      hours: { start: '08:30', end: '19:00' },
      workdays: [1, 2, 3, 4, 5, 6],
      holidays: ['2025-03-31', '2025-10-27'],
    };
    const cal = resolveCalendar('test', calendar);
    const from = Date.UTC(2025, 2, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 * 24 * 60 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        (start, length) => {
          const a = from + start * 60_000;
          const b = a + length * 60_000;
          const m = followUpMetrics([{ caseId: 'x', nodeId: 's', openedAt: a, resolvedAt: b }], {
            now: b + HOUR,
            sla: {},
            calendar,
          });
          expect(m.overall.resolution?.businessHours?.median.value).toBe(
            businessMsBetween(cal, a, b) / HOUR,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('per period of opening, in the zone', () => {
    const m = followUpMetrics(
      [
        {
          caseId: 'a',
          nodeId: 's',
          openedAt: Date.UTC(2026, 0, 31, 23),
          resolvedAt: Date.UTC(2026, 1, 1, 1),
        },
        { caseId: 'b', nodeId: 's', openedAt: Date.UTC(2026, 1, 3) },
        { caseId: 'c', nodeId: 's', openedAt: Date.UTC(2026, 2, 3) },
      ],
      { now: Date.UTC(2026, 2, 10), sla: {}, period: 'month', timeZone: 'Europe/Kyiv' },
    );
    // 31 January 23:00 UTC is 1 February 01:00 in Kyiv
    expect(m.periods?.map((p) => [p.label, p.cases, p.open])).toEqual([
      ['2026-02', 2, 1],
      ['2026-03', 1, 1],
    ]);
  });

  it('minSample withholds a small unit and a sibling, so parent minus siblings reveals nothing', () => {
    const tree = buildHierarchy([
      { id: 'r', parentId: null },
      { id: 'big', parentId: 'r' },
      { id: 'mid', parentId: 'r' },
      { id: 'tiny', parentId: 'r' },
    ]);
    const cases: FollowUpCase[] = [];
    const add = (node: string, k: number) => {
      for (let i = 0; i < k; i++) {
        cases.push({ caseId: `${node}${String(i)}`, nodeId: node, openedAt: T0 + i * HOUR });
      }
    };
    add('big', 12);
    add('mid', 6);
    add('tiny', 2);
    const m = followUpMetrics(cases, {
      now: T0 + 100 * HOUR,
      sla: {},
      hierarchy: tree,
      minSample: 5,
    });
    const byId = new Map(m.nodes?.map((n) => [n.id, n]));
    expect(byId.get('tiny')?.suppression).toBe('min_sample');
    expect(byId.get('tiny')?.cases).toBeNull();
    expect(byId.get('tiny')?.contact).toBeNull();
    expect(byId.get('mid')?.suppression).toBe('complementary');
    expect(byId.get('big')?.cases).toBe(12);
    expect(byId.get('r')?.cases).toBe(20);
    expect(byId.get('tiny')?.vsRest).toBeNull();
    // curves would give tiny's at-risk counts as r's minus big's and mid's: withheld
    expect(byId.get('big')?.contact?.curve).toBeNull();
    expect(byId.get('r')?.contact?.curve).toBeNull();
    expect(m.overall.contact?.curve?.[0]).toMatchObject({ time: 0, atRisk: 20 });
  });

  it('minSample on periods: a small period and one more are withheld, the total stays', () => {
    const cases: FollowUpCase[] = [];
    for (let i = 0; i < 9; i++) {
      const month = i < 5 ? 0 : i < 8 ? 1 : 2; // 5 in January, 3 in February, 1 in March
      cases.push({ caseId: `p${String(i)}`, nodeId: 's', openedAt: Date.UTC(2026, month, 10 + i) });
    }
    const m = followUpMetrics(cases, {
      now: Date.UTC(2026, 3, 1),
      sla: {},
      period: 'month',
      minSample: 2,
    });
    expect(m.periods?.map((p) => [p.label, p.cases, p.suppression])).toEqual([
      ['2026-01', 5, null],
      ['2026-02', null, 'complementary'],
      ['2026-03', null, 'min_sample'],
    ]);
    expect(m.overall.cases).toBe(9);
  });

  it('a reopened case is open again and counted as reopened', () => {
    const m = followUpMetrics(
      [
        {
          caseId: 'a',
          nodeId: 's',
          openedAt: T0,
          resolvedAt: T0 + HOUR,
          reopenedAt: T0 + 5 * HOUR,
        },
        { caseId: 'b', nodeId: 's', openedAt: T0, resolvedAt: T0 + 2 * HOUR },
      ],
      { now: T0 + 100 * HOUR, sla: { resolution: { hours: 48 } } },
    );
    expect([m.overall.open, m.overall.reopened, m.overall.overdueResolution]).toEqual([1, 1, 1]);
    // the first resolution still counts as the time to resolution
    expect(m.overall.resolution?.events).toBe(2);
  });

  it('a dated hierarchy places cases through the structure at asOf', () => {
    const tree = buildHierarchy([
      { id: 'r', parentId: null },
      { id: 'old', parentId: 'r', validTo: Date.UTC(2026, 0, 1) },
      { id: 'new', parentId: 'r', validFrom: Date.UTC(2026, 0, 1) },
    ]);
    const cases = [
      { caseId: 'a', nodeId: 'new', openedAt: T0 },
      { caseId: 'b', nodeId: 'old', openedAt: T0 },
    ];
    const e = thrown(() => followUpMetrics(cases, { now: NOW, sla: {}, hierarchy: tree }));
    expect(e.code).toBe('unknown_node');
    expect(e.message).toContain(
      'case at index 1 has nodeId "old", which does not exist at the asOf date',
    );
    const m = followUpMetrics(cases, {
      now: NOW,
      sla: {},
      hierarchy: tree,
      onUnknownNode: 'exclude',
    });
    expect(m.excluded).toEqual([{ reason: 'node_not_valid', nodeId: 'old', n: 1, firstIndex: 1 }]);
    expect(m.nodes?.map((n) => [n.id, n.cases])).toEqual([
      ['r', 1],
      ['new', 1],
    ]);
  });

  it('sets aside cases of unknown nodes when asked, and names the first otherwise', () => {
    const cases = [
      { caseId: 'a', nodeId: 'maintained', openedAt: T0 },
      { caseId: 'b', nodeId: 'nowhere', openedAt: T0 },
      { caseId: 'c', nodeId: 'nowhere', openedAt: T0 },
    ];
    const e = thrown(() => followUpMetrics(cases, { now: NOW, sla: {}, hierarchy: AML_TREE }));
    expect(e.code).toBe('unknown_node');
    expect(e.index).toBe(1);
    expect(e.message).toContain('case at index 1 has nodeId "nowhere"');
    const m = followUpMetrics(cases, {
      now: NOW,
      sla: {},
      hierarchy: AML_TREE,
      onUnknownNode: 'exclude',
    });
    expect(m.excluded).toEqual([
      { reason: 'unknown_node', nodeId: 'nowhere', n: 2, firstIndex: 1 },
    ]);
    expect(m.excludedN).toBe(2);
    expect(m.overall.cases).toBe(1);
  });
});

describe('followUpMetrics: invalid cases and options', () => {
  const ok = { caseId: 'a', nodeId: 's', openedAt: T0 };
  const run = (cases: unknown, extra: object = {}) =>
    thrown(() => followUpMetrics(cases, { now: T0 + 10 * HOUR, sla: {}, ...extra }));

  it.each([
    ['contact before opening', { firstContactAt: T0 - 1 }, 'invalid_date', 'firstContactAt'],
    ['resolution before opening', { resolvedAt: T0 - 1 }, 'invalid_date', 'resolvedAt'],
    [
      'resolution before contact',
      { firstContactAt: T0 + 5, resolvedAt: T0 + 4 },
      'invalid_date',
      'resolvedAt',
    ],
    ['reopened without resolution', { reopenedAt: T0 + 1 }, 'invalid_date', 'reopenedAt'],
    [
      'reopened before resolution',
      { resolvedAt: T0 + 5, reopenedAt: T0 + 4 },
      'invalid_date',
      'reopenedAt',
    ],
    ['opened after now', { openedAt: T0 + 11 * HOUR }, 'invalid_date', 'openedAt'],
    ['resolution after now', { resolvedAt: T0 + 11 * HOUR }, 'invalid_date', 'resolvedAt'],
    ['an invalid Date', { openedAt: new Date(Number.NaN) }, 'invalid_date', 'openedAt'],
    [
      'an ISO string without coerce',
      { openedAt: '2026-03-02T09:00:00Z' },
      'invalid_date',
      'openedAt',
    ],
    ['a missing caseId', { caseId: undefined }, 'invalid_id', 'caseId'],
    ['a numeric nodeId', { nodeId: 7 }, 'invalid_id', 'nodeId'],
    ['a numeric outcome', { outcome: 3 }, 'invalid_input', 'outcome'],
  ])('%s', (_, patch, code, field) => {
    const e = run([ok, { ...ok, caseId: 'b', ...patch }]);
    expect(e.code).toBe(code);
    expect(e.index).toBe(1);
    expect(e.path).toEqual([1, field]);
  });

  it('names a duplicate case id with both indexes', () => {
    const e = run([ok, { ...ok, nodeId: 't' }]);
    expect(e.code).toBe('duplicate_id');
    expect(e.message).toContain('at index 1 was already used at index 0');
  });

  it('reads ISO strings with coerce', () => {
    const m = followUpMetrics(
      [{ ...ok, openedAt: '2026-03-02T11:00:00+02:00', firstContactAt: '2026-03-02T10:00Z' }],
      {
        now: '2026-03-03T00:00Z',
        sla: {},
        coerce: true,
      },
    );
    expect(m.overall.contact?.hours.median.value).toBe(1);
  });

  it('refuses bad options: a business target without a calendar, two amounts, a bad now', () => {
    expect(run([ok], { sla: { contact: { businessDays: 1 } } }).path).toEqual(['sla', 'contact']);
    expect(run([ok], { sla: { contact: { hours: 1, businessHours: 1 } }, calendar: {} }).code).toBe(
      'invalid_option',
    );
    expect(run([ok], { now: 'soon' }).code).toBe('invalid_date');
    expect(run([ok], { sla: { contact: { hours: -1 } } }).code).toBe('invalid_option');
    expect(run([ok], { slq: {} }).message).toContain("did you mean 'sla'");
    expect(run({}).code).toBe('invalid_input');
    expect(run([null]).path).toEqual([0]);
  });
});

describe('followUpMetrics: properties', () => {
  const tree = buildHierarchy([
    { id: 'r', parentId: null },
    { id: 'n', parentId: 'r' },
    { id: 's', parentId: 'r' },
    { id: 'n1', parentId: 'n' },
    { id: 'n2', parentId: 'n' },
    { id: 's1', parentId: 's' },
  ]);
  const nodes = ['r', 'n', 's', 'n1', 'n2', 's1'];
  const caseArb = fc.record({
    node: fc.constantFrom(...nodes),
    opened: fc.integer({ min: 0, max: 200 }),
    contact: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    resolve: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  });
  const toCases = (
    rows: { node: string; opened: number; contact: number | null; resolve: number | null }[],
  ) =>
    rows.map((r, i): FollowUpCase => {
      const opened = T0 + r.opened * HOUR;
      const contact =
        r.contact === null || r.opened + r.contact > 250 ? null : opened + r.contact * HOUR;
      const resolved =
        r.resolve === null || r.opened + (r.contact ?? 0) + r.resolve > 250
          ? null
          : opened + ((r.contact ?? 0) + r.resolve) * HOUR;
      return {
        caseId: `k${String(i)}`,
        nodeId: r.node,
        openedAt: opened,
        firstContactAt: contact,
        resolvedAt: resolved,
      };
    });
  const opts = {
    now: T0 + 250 * HOUR,
    sla: { contact: { hours: 24 }, resolution: { hours: 48 } },
    hierarchy: tree,
    period: 'week' as const,
  };

  it('no case is lost: each node holds its own cases plus its children’s, the root all of them', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 60 }), (rows) => {
        const cases = toCases(rows);
        const m = followUpMetrics(cases, opts);
        const byId = new Map(m.nodes?.map((n) => [n.id, n]));
        for (const n of m.nodes ?? []) {
          const children = (m.nodes ?? []).filter((c) => c.parentId === n.id);
          const own = cases.filter((c) => c.nodeId === n.id).length;
          expect(n.cases).toBe(own + children.reduce((s, c) => s + (c.cases ?? 0), 0));
          expect(n.open).toBe(
            children.reduce((s, c) => s + (c.open ?? 0), 0) +
              cases.filter((c) => c.nodeId === n.id && c.resolvedAt === null).length,
          );
        }
        expect(byId.get('r')?.cases).toBe(cases.length);
        expect(m.overall.cases).toBe(cases.length);
        expect((m.periods ?? []).reduce((s, p) => s + (p.cases ?? 0), 0)).toBe(cases.length);
        const c = m.overall.contact;
        expect((c?.events ?? 0) + (c?.censored ?? 0)).toBe(cases.length);
      }),
      { numRuns: 40 },
    );
  });

  it('the result does not depend on the order of the cases', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 40 }).chain((rows) =>
          fc.tuple(
            fc.constant(rows),
            fc.shuffledSubarray(
              rows.map((_, i) => i),
              { minLength: rows.length },
            ),
          ),
        ),
        ([rows, order]) => {
          const cases = toCases(rows);
          const shuffled = order.map((i) => cases[i] as FollowUpCase);
          expect(followUpMetrics(shuffled, { ...opts, minSample: 3 })).toEqual(
            followUpMetrics(cases, { ...opts, minSample: 3 }),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
