import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally } from '../../src/core/tally.ts';
import { NpsInputError } from '../../src/errors.ts';
import { rollingTrend } from '../../src/trend/rolling.ts';
import { trend } from '../../src/trend/trend.ts';

const H = 3_600_000;
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return 'no error';
};

describe('rollingTrend', () => {
  it('weekly points of a 14-day window across the Kyiv spring-forward change (hand-computed)', () => {
    // Kyiv is +02:00 until 2025-03-30 03:00, then +03:00. Rows (local time):
    //   a 2025-03-16 23:30 +02 (10, P)   b 2025-03-17 00:00 +02 (2, D, on a window boundary)
    //   c 2025-03-30 23:30 +03 (2, D)    d 2025-03-31 00:00 +03 (9, P, on a week boundary)
    //   e 2025-04-13 23:59 +03 (10, P)
    const rows = [
      { score: 10, at: Date.UTC(2025, 2, 16, 21, 30) },
      { score: 2, at: Date.UTC(2025, 2, 16, 22, 0) },
      { score: 2, at: Date.UTC(2025, 2, 30, 20, 30) },
      { score: 9, at: Date.UTC(2025, 2, 30, 21, 0) },
      { score: 10, at: Date.UTC(2025, 3, 13, 20, 59) },
    ];
    const r = rollingTrend(rows, {
      period: 'week',
      window: { days: 14 },
      timeZone: 'Europe/Kyiv',
      from: Date.UTC(2025, 2, 17, 12),
    });
    // Week ending 03-24: window 03-10..03-24 holds a, b → NPS 0; ending 03-31: b, c → −100;
    // ending 04-07: c, d → 0; ending 04-14: d, e → 100.
    expect(r.points.map((p) => [p.start, p.end, p.periodStart, p.total.n, p.nps])).toStrictEqual([
      ['2025-03-10T00:00:00+02:00', '2025-03-24T00:00:00+02:00', '2025-03-17T00:00:00+02:00', 2, 0],
      [
        '2025-03-17T00:00:00+02:00',
        '2025-03-31T00:00:00+03:00',
        '2025-03-24T00:00:00+02:00',
        2,
        -100,
      ],
      ['2025-03-24T00:00:00+02:00', '2025-04-07T00:00:00+03:00', '2025-03-31T00:00:00+03:00', 2, 0],
      [
        '2025-03-31T00:00:00+03:00',
        '2025-04-14T00:00:00+03:00',
        '2025-04-07T00:00:00+03:00',
        2,
        100,
      ],
    ]);
    // The window holding the change is 14 calendar days of which one has 23 hours.
    const w = r.points[1];
    expect(Date.parse(w?.end ?? '') - Date.parse(w?.start ?? '')).toBe((13 * 24 + 23) * H);
  });

  it('day windows across a missing midnight (Santiago 2024-09-08 starts at 01:00)', () => {
    const r = rollingTrend([{ score: 10, at: Date.UTC(2024, 8, 8, 4, 30) }], {
      period: 'day',
      window: { days: 2 },
      timeZone: 'America/Santiago',
    });
    expect(r.points.map((p) => [p.start, p.end, p.total.n])).toStrictEqual([
      ['2024-09-07T00:00:00-04:00', '2024-09-09T00:00:00-03:00', 1],
    ]);
  });

  it('period windows reach back before `from` (3-month rolling, monthly)', () => {
    const rows = [
      { score: 10, at: Date.UTC(2024, 10, 15) }, // Nov 2024: before `from`
      { score: 1, at: Date.UTC(2025, 0, 10) },
      { score: 9, at: Date.UTC(2025, 2, 10) },
    ];
    const r = rollingTrend(rows, {
      period: 'month',
      window: { periods: 3 },
      from: Date.UTC(2025, 0, 1),
    });
    expect(
      r.points.map((p) => [p.start, p.end, p.total.promoters, p.total.detractors]),
    ).toStrictEqual([
      ['2024-11-01T00:00:00Z', '2025-02-01T00:00:00Z', 1, 1],
      ['2024-12-01T00:00:00Z', '2025-03-01T00:00:00Z', 0, 1],
      ['2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z', 1, 1],
    ]);
    expect(r.points[1]?.nps).toBe(-100);
  });

  it('weighted sums leave the window exactly: no ghost weight', () => {
    const rows = [{ score: 10, at: Date.UTC(2025, 0, 1), weight: 0.1 }];
    for (let i = 1; i < 40; i++) rows.push({ score: 3, at: Date.UTC(2025, 0, 1 + i), weight: 0.7 });
    const r = rollingTrend(rows, { period: 'day', window: { days: 3 } });
    const last = r.points.at(-1)?.total;
    expect(last?.promoters).toBe(0);
    expect(last?.weights?.promoters).toBe(0);
    expect(last?.weights?.promotersSquared).toBe(0);
    expect(r.points.at(-1)?.nps).toBe(-100);
  });

  const zones = ['UTC', 'Europe/Kyiv', 'America/Santiago', 'Australia/Lord_Howe'];
  const periods = ['day', 'week', 'month', 'quarter', 'year'] as const;
  const start = Date.UTC(2024, 0, 1);
  const rowsArb = fc.array(
    fc.record({
      score: fc.integer({ min: 1, max: 10 }),
      at: fc.integer({ min: start, max: start + 400 * 86_400_000 }),
      weight: fc.constantFrom(0.5, 1, 1.3, 2.25),
    }),
    { minLength: 1, maxLength: 60 },
  );

  it('a window of one period equals trend (property)', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom(...periods),
        fc.constantFrom(...zones),
        (rows, period, timeZone) => {
          const plain = rows.map(({ score, at }) => ({ score, at }));
          const a = trend(plain, { period, timeZone });
          const b = rollingTrend(plain, { period, timeZone, window: { periods: 1 } });
          expect(b.points).toStrictEqual(a.points.map((p) => ({ ...p, periodStart: p.start })));
          if (period === 'day') {
            const c = rollingTrend(plain, { period, timeZone, window: { days: 1 } });
            expect(c.points).toStrictEqual(a.points.map((p) => ({ ...p, periodStart: p.start })));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('the incremental window equals a brute-force re-scan (property, weighted)', () => {
    const windowArb = fc.oneof(
      fc.record({ days: fc.integer({ min: 1, max: 120 }) }),
      fc.record({ periods: fc.integer({ min: 1, max: 6 }) }),
    );
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom(...periods.slice(0, 4)),
        fc.constantFrom(...zones),
        windowArb,
        (rows, period, timeZone, window) => {
          const r = rollingTrend(rows, { period, timeZone, window });
          for (const p of r.points) {
            const lo = Date.parse(p.start);
            const hi = Date.parse(p.end);
            const inside = rows.filter((x) => x.at >= lo && x.at < hi);
            const ref = tally(
              inside.map((x) => x.score),
              { weights: inside.map((x) => x.weight) },
            );
            expect([p.total.promoters, p.total.passives, p.total.detractors]).toStrictEqual([
              ref.promoters,
              ref.passives,
              ref.detractors,
            ]);
            const w = p.total.weights;
            const rw = ref.weights;
            expect(w).toBeDefined();
            for (const k of ['promoters', 'passives', 'detractors', 'promotersSquared'] as const) {
              expect(w?.[k]).toBeCloseTo(rw?.[k] ?? 0, 9);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('empty input gives no points; input is not mutated', () => {
    expect(rollingTrend([], { period: 'week', window: { days: 7 } }).points).toStrictEqual([]);
    const rows = Object.freeze([Object.freeze({ score: 9, at: Date.UTC(2025, 0, 1) })]);
    const r = rollingTrend(rows, { period: 'day', window: { days: 2 } });
    expect(r.points).toHaveLength(1);
    expect(rows[0]).toStrictEqual({ score: 9, at: Date.UTC(2025, 0, 1) });
  });

  it('errors: invalid window, zone and dates use the existing codes', () => {
    const rows = [{ score: 10, at: 0 }];
    const bad = [
      { days: 0 },
      { days: 1.5 },
      { periods: -1 },
      { days: 1, periods: 2 },
      {},
      { weeks: 2 },
      { days: 100_001 },
    ];
    for (const window of bad) {
      expect(code(() => rollingTrend(rows, { period: 'day', window: window as never }))).toBe(
        'invalid_option',
      );
    }
    expect(code(() => rollingTrend(rows, { period: 'day' } as never))).toBe('invalid_option');
    expect(
      code(() => rollingTrend(rows, { period: 'fortnight' as never, window: { days: 1 } })),
    ).toBe('invalid_option');
    expect(
      code(() =>
        rollingTrend(rows, { period: 'day', window: { days: 1 }, timeZone: 'Mars/Olympus' }),
      ),
    ).toBe('invalid_time_zone');
    expect(
      code(() =>
        rollingTrend([{ score: 10, at: Number.NaN }], { period: 'day', window: { days: 1 } }),
      ),
    ).toBe('invalid_date');
    expect(
      code(() => rollingTrend(rows, { period: 'day', window: { days: 1 }, to: new Date('x') })),
    ).toBe('invalid_date');
  });

  it('a first window reaching back before the earliest Date is invalid_date (it used to hang)', () => {
    // The earliest accepted instant (8.64e15 ms less 400 days before 1970): its month is
    // reportable, but 500 days or 20 months before it are before the earliest Date.
    const first = -8639965440000000;
    for (const window of [{ periods: 20 }, { days: 500 }]) {
      for (const timeZone of ['UTC', 'Europe/Moscow']) {
        let code: string | undefined;
        try {
          rollingTrend([{ score: 9, at: first }], { period: 'month', timeZone, window });
        } catch (e) {
          expect(e).toBeInstanceOf(NpsInputError);
          code = (e as NpsInputError).code;
          expect((e as NpsInputError).message).toContain('reaches back before the earliest date');
        }
        expect(code).toBe('invalid_date');
      }
    }
    // a window of one period is the reported period itself, as trend reports it
    const one = rollingTrend([{ score: 9, at: first }], {
      period: 'month',
      window: { periods: 1 },
    });
    expect(one.points.map((p) => [p.start, p.nps])).toEqual(
      trend([{ score: 9, at: first }], { period: 'month' }).points.map((p) => [p.start, p.nps]),
    );
    // a normal date with a long window is fine
    const far = rollingTrend([{ score: 9, at: Date.UTC(2026, 5, 1) }], {
      period: 'month',
      window: { periods: 10_000 },
    });
    expect(far.points[0]?.nps).toBe(100);
  });

  it('responses in no window are counted in outsideN; from/to select periods as in trend', () => {
    const rows = [
      { score: 10, at: Date.UTC(2024, 11, 15) }, // before `from`, but also before every window
      { score: 3, at: Date.UTC(2024, 10, 15) }, // before every window
      { score: 9, at: Date.UTC(2025, 0, 20) },
      { score: 9, at: Date.UTC(2025, 2, 1) }, // after `to`'s period (February)
    ];
    const o = {
      period: 'month',
      window: { days: 31 },
      from: Date.UTC(2025, 0, 10),
      to: Date.UTC(2025, 1, 3),
    } as const;
    const r = rollingTrend(rows, o);
    // trend's options are strict: it takes the calendar keys, not the window
    const t = trend(rows, { period: o.period, from: o.from, to: o.to });
    expect(r.points.map((p) => p.periodStart)).toStrictEqual(t.points.map((p) => p.start));
    expect(r.points.map((p) => [p.start, p.end, p.total.n])).toStrictEqual([
      ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', 1],
      ['2025-01-29T00:00:00Z', '2025-03-01T00:00:00Z', 0],
    ]);
    // The window of the first point starts 2025-01-01: 2024-12-15 and 2024-11-15 are in none.
    expect(r.outsideN).toBe(3);
    expect(t.outsideN).toBe(3);
  });
});
