// The `se` and `label` fields of trend points (trend, rollingTrend, trendByNode's periods).
// Run under TZ=UTC and TZ=America/Santiago: labels must not depend on the process time zone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npsInterval } from '../../src/core/npsInterval.ts';
import { classicScheme } from '../../src/core/scheme.ts';
import { tallyFromCounts } from '../../src/core/tally.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { rollingTrend } from '../../src/trend/rolling.ts';
import { type TrendPeriod, trend } from '../../src/trend/trend.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';

const DAY = 86_400_000;
const PERIODS: TrendPeriod[] = ['day', 'week', 'month', 'quarter', 'year'];
const ZONES = [
  'UTC',
  'Europe/Moscow',
  'America/Santiago',
  'Europe/Kyiv',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Havana',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
];

const labelsOf = (r: { points: readonly { label: string }[] }) => r.points.map((p) => p.label);

describe('trend point se', () => {
  // January 2025: 10, 9, 8 (promoters), 7 (passive), 3 (detractor); February: none; March: 2.
  const rows = [
    ...[10, 9, 8, 7, 3].map((score, i) => ({ score, at: Date.UTC(2025, 0, 5 + i) })),
    { score: 2, at: Date.UTC(2025, 2, 3) },
  ];

  it('is the Wilson se at the estimate on the 10-point scheme (hand-computed)', () => {
    // Ten-point scheme, base P + D, default method Wilson, whose se is that at the estimate:
    // se = 100 · 2 · √(π(1 − π) / m). January: P = 3, D = 1, m = 4, π = 3/4 →
    //   100 · 2 · √((3/4 · 1/4) / 4) = 200 · √(3/64) = 25√3 ≈ 43.30127.
    // February: empty base → null. March: P = 0, D = 1, π = 0 → 0.
    const r = trend(rows, { period: 'month' });
    expect(r.points.map((p) => [p.label, p.nps])).toStrictEqual([
      ['2025-01', 50],
      ['2025-02', null],
      ['2025-03', -100],
    ]);
    expect(r.points[0]?.se).toBeCloseTo(25 * Math.sqrt(3), 12);
    expect(r.points[1]?.se).toBeNull();
    expect(r.points[2]?.se).toBe(0);
  });

  it('is the Wald se under the classic scheme with method wald (hand-computed)', () => {
    // Classic scheme (base all): January 10, 9 promoters; 8, 7 passives; 3 detractor: n = 5,
    // p = 0.4, d = 0.2, NPS 20; se = 100 · √((p + d − (p − d)²) / n) = 100 · √((0.6 − 0.04) / 5)
    //   = 100 · √0.112 ≈ 33.46640. March: 2 is a detractor, p = 0, d = 1: se = 100 · √(1 − 1) = 0.
    const r = trend(rows, { period: 'month', scheme: classicScheme, method: 'wald' });
    expect(r.points.map((p) => p.nps)).toStrictEqual([20, null, -100]);
    expect(r.points[0]?.se).toBeCloseTo(100 * Math.sqrt(0.112), 12);
    expect(r.points[1]?.se).toBeNull();
    expect(r.points[2]?.se).toBe(0);
  });

  it('rollingTrend and trendByNode carry the same se for the same tally', () => {
    // A one-period window is the period itself; the cube's root pools every response.
    const roll = rollingTrend(rows, { period: 'month', window: { periods: 1 } });
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 's', parentId: 'all' },
    ]);
    const cube = trendByNode(
      h,
      rows.map((x) => ({ ...x, nodeId: 's' })),
      { period: 'month' },
    );
    const want = [25 * Math.sqrt(3), null, 0];
    for (const got of [
      roll.points.map((p) => p.se),
      cube.nodes[0]?.points.map((p) => p.se) ?? [],
      cube.nodes[1]?.points.map((p) => p.se) ?? [],
    ]) {
      expect(got).toHaveLength(3);
      expect(got[0]).toBeCloseTo(want[0] as number, 12);
      expect(got.slice(1)).toStrictEqual(want.slice(1));
    }
  });

  it('equals npsInterval(total).se for every method, weighted or not (property)', () => {
    const methods = ['wald', 'adjusted-wald', 'tango', 'wilson'] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.integer({ min: 1, max: 10 }),
            day: fc.integer({ min: 0, max: 120 }),
            weight: fc.option(fc.double({ min: 0.1, max: 5, noNaN: true }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom(...methods),
        fc.boolean(),
        (draws, method, weighted) => {
          const rs = draws.map((d) => ({
            score: d.score,
            at: Date.UTC(2025, 0, 1) + d.day * DAY,
            ...(weighted ? { weight: d.weight ?? 1 } : {}),
          }));
          const o = { period: 'month' as const, method, timeZone: 'Europe/Moscow' };
          const pts = [
            ...trend(rs, o).points,
            ...rollingTrend(rs, { ...o, window: { days: 45 } }).points,
          ];
          for (const p of pts) {
            const base = p.total.promoters + p.total.detractors;
            if (base === 0) expect(p.se).toBeNull();
            else expect(p.se).toBe(npsInterval(p.total, { method }).se);
          }
        },
      ),
    );
  });
});

describe('trend point label', () => {
  it('names each kind of period (UTC, 2026-03-15)', () => {
    const at = Date.UTC(2026, 2, 15, 12);
    const rows = [{ score: 9, at }];
    // 2026-01-01 is a Thursday, so ISO week 1 starts on Monday 2025-12-29; Monday 2026-03-09 is
    // 70 days (10 weeks) later: week 11, which holds Sunday 2026-03-15.
    expect(PERIODS.map((period) => labelsOf(trend(rows, { period })))).toStrictEqual([
      ['2026-03-15'],
      ['2026-W11'],
      ['2026-03'],
      ['2026-Q1'],
      ['2026'],
    ]);
  });

  it('uses the ISO week-numbering year across the year boundary', () => {
    // 2024-12-30 (Monday) starts ISO week 1 of 2025, because 2025-01-02 is its Thursday.
    const a = trend([], {
      period: 'week',
      from: Date.UTC(2024, 11, 25),
      to: Date.UTC(2025, 0, 6),
    });
    expect(a.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2024-12-23T00:00:00Z', '2024-W52'],
      ['2024-12-30T00:00:00Z', '2025-W01'],
      ['2025-01-06T00:00:00Z', '2025-W02'],
    ]);
    // 2021-01-03 is a Sunday, in the week of Monday 2020-12-28, whose Thursday is 2020-12-31:
    // week 53 of 2020 (2020 began on a Thursday, so it has 53 ISO weeks).
    const b = trend([{ score: 9, at: Date.UTC(2021, 0, 3, 12) }], {
      period: 'week',
      to: Date.UTC(2021, 0, 4),
    });
    expect(b.points.map((p) => [p.start, p.label, p.total.n])).toStrictEqual([
      ['2020-12-28T00:00:00Z', '2020-W53', 1],
      ['2021-01-04T00:00:00Z', '2021-W01', 0],
    ]);
  });

  it('numbers weeks of another start day by the same rule (week 1 has ≥ 4 days of January)', () => {
    // Sunday weeks: 2020-12-27 – 2021-01-02 has 2 days of January, so it is the last week of
    // 2020; Sunday weeks of 2020 began on 2019-12-29 (it holds 4 days of January 2020), and
    // 2020-12-27 is 364 days = 52 weeks later: week 53. 2021-01-03 – 01-09 is week 1 of 2021.
    const r = trend([], {
      period: 'week',
      weekStartsOn: 0,
      from: Date.UTC(2020, 11, 28),
      to: Date.UTC(2021, 0, 4),
    });
    expect(r.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2020-12-27T00:00:00Z', '2020-W53'],
      ['2021-01-03T00:00:00Z', '2021-W01'],
    ]);
  });

  it("is on the trend's zone's calendar, not the process's", () => {
    // 2024-12-31T21:30Z is 2025-01-01 00:30 in Moscow (+03:00) and 2024-12-31 18:30 in Santiago
    // (−03:00): every calendar label differs except the ISO week (Tuesday 2024-12-31 and
    // Wednesday 2025-01-01 are both in 2025-W01).
    const rows = [{ score: 9, at: Date.UTC(2024, 11, 31, 21, 30) }];
    const byZone = (timeZone: string) =>
      PERIODS.map((period) => labelsOf(trend(rows, { period, timeZone }))[0]);
    expect(byZone('Europe/Moscow')).toStrictEqual([
      '2025-01-01',
      '2025-W01',
      '2025-01',
      '2025-Q1',
      '2025',
    ]);
    expect(byZone('America/Santiago')).toStrictEqual([
      '2024-12-31',
      '2025-W01',
      '2024-12',
      '2024-Q4',
      '2024',
    ]);
    // Kiritimati is +14:00: 2025-06-30T10:30Z is 2025-07-01 00:30 there, and even the middle of
    // that day (2025-06-30T22:00Z) is still 30 June in UTC and in Santiago, so a label read in
    // the process zone would say June. Monday 2025-06-30 is 182 days (26 weeks) after Monday
    // 2024-12-30, the start of 2025-W01: week 27.
    const k = [{ score: 9, at: Date.UTC(2025, 5, 30, 10, 30) }];
    expect(
      PERIODS.map((period) => labelsOf(trend(k, { period, timeZone: 'Pacific/Kiritimati' }))[0]),
    ).toStrictEqual(['2025-07-01', '2025-W27', '2025-07', '2025-Q3', '2025']);
  });

  it('Europe/Moscow across its last DST change (2014-10-26, +04:00 → +03:00)', () => {
    // Clocks went from 02:00 +04 back to 01:00 +03, so 2014-10-26 had 25 hours.
    const r = trend([], {
      period: 'day',
      timeZone: 'Europe/Moscow',
      from: Date.UTC(2014, 9, 25, 12),
      to: Date.UTC(2014, 9, 27, 12),
    });
    expect(r.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2014-10-25T00:00:00+04:00', '2014-10-25'],
      ['2014-10-26T00:00:00+04:00', '2014-10-26'],
      ['2014-10-27T00:00:00+03:00', '2014-10-27'],
    ]);
    expect(Date.parse(r.points[1]?.end ?? '') - Date.parse(r.points[1]?.start ?? '')).toBe(
      25 * 3_600_000,
    );
    // Weeks: Monday 2014-10-20 is 294 days (42 weeks) after Monday 2013-12-30, the start of
    // ISO 2014-W01 (2014-01-02 is its Thursday): week 43; the change falls on its Sunday.
    const w = trend([], {
      period: 'week',
      timeZone: 'Europe/Moscow',
      from: Date.UTC(2014, 9, 22),
      to: Date.UTC(2014, 9, 28),
    });
    expect(w.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2014-10-20T00:00:00+04:00', '2014-W43'],
      ['2014-10-27T00:00:00+03:00', '2014-W44'],
    ]);
  });

  it('America/Santiago across both DST changes of 2024', () => {
    // 2024-04-07 00:00 −03 went back to 2024-04-06 23:00 −04 (2024-04-06 has 25 hours);
    // 2024-09-08 00:00 −04 jumped to 01:00 −03 (that day has no midnight and starts at 01:00).
    const zone = 'America/Santiago';
    const autumn = trend([], {
      period: 'day',
      timeZone: zone,
      from: Date.UTC(2024, 3, 6, 12),
      to: Date.UTC(2024, 3, 7, 12),
    });
    expect(autumn.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2024-04-06T00:00:00-03:00', '2024-04-06'],
      ['2024-04-07T00:00:00-04:00', '2024-04-07'],
    ]);
    // 2024-09-08T03:30Z is 2024-09-07 23:30 −04; 04:00Z is the transition, 01:00 −03 on the 8th.
    const spring = trend(
      [
        { score: 10, at: Date.UTC(2024, 8, 8, 3, 30) },
        { score: 2, at: Date.UTC(2024, 8, 8, 4, 0) },
      ],
      { period: 'day', timeZone: zone, to: Date.UTC(2024, 8, 9, 12) },
    );
    expect(spring.points.map((p) => [p.start, p.label, p.nps])).toStrictEqual([
      ['2024-09-07T00:00:00-04:00', '2024-09-07', 100],
      ['2024-09-08T01:00:00-03:00', '2024-09-08', -100],
      ['2024-09-09T00:00:00-03:00', '2024-09-09', null],
    ]);
    // Monthly and weekly labels on both sides of the September change.
    const m = trend([], { period: 'month', timeZone: zone, from: Date.UTC(2024, 8, 1, 12) });
    expect(labelsOf(m)).toStrictEqual(['2024-09']);
    const w = trend([], {
      period: 'week',
      timeZone: zone,
      from: Date.UTC(2024, 8, 4),
      to: Date.UTC(2024, 8, 10),
    });
    // Monday 2024-01-01 starts 2024-W01; Monday 2024-09-02 is 245 days (35 weeks) later.
    expect(w.points.map((p) => [p.start, p.label])).toStrictEqual([
      ['2024-09-02T00:00:00-04:00', '2024-W36'],
      ['2024-09-09T00:00:00-03:00', '2024-W37'],
    ]);
  });

  it("rollingTrend labels a window by its reporting (last) period, trendByNode its periods, as trend's", () => {
    const rows = [
      { score: 9, at: Date.UTC(2024, 11, 20) },
      { score: 3, at: Date.UTC(2025, 0, 14) },
    ];
    const o = { period: 'week', timeZone: 'Europe/Moscow' } as const;
    const t = trend(rows, o);
    expect(labelsOf(t)).toStrictEqual(['2024-W51', '2024-W52', '2025-W01', '2025-W02', '2025-W03']);
    const r = rollingTrend(rows, { ...o, window: { days: 90 } });
    expect(labelsOf(r)).toStrictEqual(labelsOf(t));
    // The 90-day window of the point labelled 2025-W01 ends with that week (on 2025-01-06 00:00
    // Moscow time) and starts 90 days earlier.
    expect([r.points[2]?.label, r.points[2]?.start, r.points[2]?.end]).toStrictEqual([
      '2025-W01',
      '2024-10-08T00:00:00+03:00',
      '2025-01-06T00:00:00+03:00',
    ]);
    const h = buildHierarchy([{ id: 'all', parentId: null }]);
    const cube = trendByNode(
      h,
      rows.map((x) => ({ ...x, nodeId: 'all' })),
      o,
    );
    expect(cube.periods.map((p) => p.label)).toStrictEqual(labelsOf(t));
  });

  it("matches the zone's wall-clock calendar (Intl) in any zone, period and week start (property)", () => {
    // Reference: the wall-clock date of the period start read through Intl, then plain
    // arithmetic: a week's year and number are those of its 4th day (the ISO Thursday rule).
    const wallDate = (zone: string, ms: number): number => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      }).formatToParts(new Date(ms));
      const get = (t: string) => Number(parts.find((x) => x.type === t)?.value);
      return Date.UTC(get('year'), get('month') - 1, get('day'));
    };
    const pad = (n: number) => String(n).padStart(2, '0');
    const reference = (period: TrendPeriod, wall: number): string => {
      const d = new Date(wall);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      switch (period) {
        case 'day':
          return `${String(y)}-${pad(m + 1)}-${pad(d.getUTCDate())}`;
        case 'week': {
          const fourth = new Date(wall + 3 * DAY);
          const wy = fourth.getUTCFullYear();
          const week = Math.floor((fourth.getTime() - Date.UTC(wy, 0, 1)) / DAY / 7) + 1;
          return `${String(wy)}-W${pad(week)}`;
        }
        case 'month':
          return `${String(y)}-${pad(m + 1)}`;
        case 'quarter':
          return `${String(y)}-Q${String(Math.floor(m / 3) + 1)}`;
        case 'year':
          return String(y);
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...PERIODS),
        fc.constantFrom(0, 1, 2, 3, 4, 5, 6),
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (timeZone, period, weekStartsOn, from) => {
          const span = { day: 3, week: 21, month: 90, quarter: 270, year: 730 }[period] * DAY;
          const r = trend([], { period, timeZone, weekStartsOn, from, to: from + span });
          const labels = labelsOf(r);
          expect(new Set(labels).size).toBe(labels.length);
          for (const p of r.points) {
            expect(p.label).toBe(reference(period, wallDate(timeZone, Date.parse(p.start))));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('weekly labels of a whole year of Monday weeks count 1, 2, … without a gap', () => {
    // 2026 has 53 ISO weeks (2026-01-01 is a Thursday): 2025-12-29 … 2026-12-28.
    const r = trend([], {
      period: 'week',
      timeZone: 'America/Santiago',
      from: Date.UTC(2026, 0, 1, 12),
      to: Date.UTC(2026, 11, 31, 12),
    });
    expect(labelsOf(r)).toStrictEqual(
      Array.from({ length: 53 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`),
    );
  });
});

describe('fields of a point', () => {
  it('trend, rollingTrend and trendByNode periods list label and se with the other fields', () => {
    const rows = [{ score: 10, at: Date.UTC(2025, 0, 5) }];
    const figures = ['total', 'n', 'baseN', 'nps', 'low', 'high', 'se', 'suppressed'];
    expect(Object.keys(trend(rows, { period: 'month' }).points[0] ?? {})).toStrictEqual([
      'start',
      'end',
      'label',
      ...figures,
    ]);
    expect(
      Object.keys(rollingTrend(rows, { period: 'month', window: { days: 7 } }).points[0] ?? {}),
    ).toStrictEqual(['start', 'end', 'periodStart', 'label', ...figures]);
    const h = buildHierarchy([{ id: 'all', parentId: null }]);
    const cube = trendByNode(h, [{ nodeId: 'all', score: 10, at: Date.UTC(2025, 0, 5) }], {
      period: 'month',
    });
    expect(cube.periods).toStrictEqual([
      { start: '2025-01-01T00:00:00Z', end: '2025-02-01T00:00:00Z', label: '2025-01' },
    ]);
    // A pre-aggregated tally in: its se is npsInterval's (one promoter: 0).
    const w = tallyFromCounts({ promoters: 1, passives: 0, detractors: 0 });
    expect(trend([{ tally: w, at: Date.UTC(2025, 0, 5) }], { period: 'year' }).points[0]?.se).toBe(
      npsInterval(w).se,
    );
  });
});
