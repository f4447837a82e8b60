import { tz } from '@date-fns/tz';
import {
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npsInterval } from '../../src/core/npsInterval.ts';
import { tallyFromCounts } from '../../src/core/tally.ts';
import { NpsInputError } from '../../src/errors.ts';
import {
  bucketAll,
  bucketOf,
  MAX_INSTANT,
  periodBoundaries,
  periodGrid,
} from '../../src/kernels/calendar.ts';
import { trend } from '../../src/trend/trend.ts';

describe('trend', () => {
  it('years 0–99 and before year 0: periods, ISO strings and labels (Date.UTC reads 0–99 as 19xx)', () => {
    const at = (y: number, m: number, d: number): number => new Date(0).setUTCFullYear(y, m, d);
    const one = (ms: number, period: 'month' | 'quarter' | 'year', timeZone = 'UTC') => {
      const p = trend([{ score: 9, at: ms }], { period, timeZone }).points[0];
      return [p?.start, p?.end, p?.label];
    };
    expect(one(at(50, 4, 10), 'month')).toEqual([
      '0050-05-01T00:00:00Z',
      '0050-06-01T00:00:00Z',
      '0050-05',
    ]);
    expect(one(at(50, 4, 10), 'year')).toEqual([
      '0050-01-01T00:00:00Z',
      '0051-01-01T00:00:00Z',
      '0050',
    ]);
    // year −5 (6 BC): May is May, not a month of year −6; six-digit signed years as toISOString
    expect(one(at(-5, 4, 10), 'month')).toEqual([
      '-000005-05-01T00:00:00Z',
      '-000005-06-01T00:00:00Z',
      '-000005-05',
    ]);
    expect(one(at(-5, 0, 10), 'quarter')).toEqual([
      '-000005-01-01T00:00:00Z',
      '-000005-04-01T00:00:00Z',
      '-000005-Q1',
    ]);
    expect(one(at(0, 11, 31), 'quarter')).toEqual([
      '0000-10-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '0000-Q4',
    ]);
    // local mean time: Apia's offset before 1892-07-04 was −11:26:56, written with its seconds
    expect(one(Date.UTC(1892, 7, 10), 'month', 'Pacific/Apia')[0]).toBe(
      '1892-08-01T00:00:00-11:26:56',
    );
  });
  it('hand-computed monthly series with an empty middle month', () => {
    const rows = [
      { score: 10, at: Date.UTC(2025, 0, 5) },
      { score: 9, at: Date.UTC(2025, 0, 31, 23, 59) },
      { score: 2, at: Date.UTC(2025, 0, 20) },
      { score: 3, at: Date.UTC(2025, 2, 1) }, // exactly on the March boundary
    ];
    const r = trend(rows, { period: 'month' });
    expect(r.points.map((p) => [p.start, p.end, p.total.n, p.nps])).toStrictEqual([
      ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', 3, 100 / 3],
      ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z', 0, null],
      ['2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z', 1, -100],
    ]);
  });

  it('Europe/Kyiv spring-forward day (2025-03-30, 03:00 → 04:00) is 23 hours long', () => {
    const r = trend(
      {
        score: [10, 3, 8],
        at: [
          Date.UTC(2025, 2, 29, 22, 0),
          Date.UTC(2025, 2, 30, 0, 30),
          Date.UTC(2025, 2, 30, 21, 0),
        ],
      },
      { period: 'day', timeZone: 'Europe/Kyiv' },
    );
    expect(r.points.map((p) => [p.start, p.end, p.total.n])).toStrictEqual([
      ['2025-03-30T00:00:00+02:00', '2025-03-31T00:00:00+03:00', 2],
      ['2025-03-31T00:00:00+03:00', '2025-04-01T00:00:00+03:00', 1],
    ]);
  });

  it('America/Santiago: day of the 2024-09-08 change, whose midnight does not exist', () => {
    // Clocks go 00:00 → 01:00 on 2024-09-08 in Santiago, so the day starts at 01:00 −03:00.
    const r = trend([{ score: 10, at: Date.UTC(2024, 8, 8, 4, 30) }], {
      period: 'day',
      timeZone: 'America/Santiago',
    });
    expect(r.points[0]?.start).toBe('2024-09-08T01:00:00-03:00');
    expect(r.points[0]?.end).toBe('2024-09-09T00:00:00-03:00');
  });

  it('America/Santiago fall-back 2025-04-06 (00:00 → 23:00 the day before): a 25-hour day', () => {
    // Intl: 02:59Z is 23:59 −03 on 04-05; 03:30Z is 23:30 −04 on 04-05 (the repeated hour);
    // 04:00Z is 00:00 −04 on 04-06.
    const at = [Date.UTC(2025, 3, 6, 2, 59), Date.UTC(2025, 3, 6, 3, 30), Date.UTC(2025, 3, 6, 4)];
    const r = trend(
      at.map((t) => ({ score: 10, at: t })),
      { period: 'day', timeZone: 'America/Santiago' },
    );
    expect(r.points.map((p) => [p.start, p.end, p.total.n])).toStrictEqual([
      ['2025-04-05T00:00:00-03:00', '2025-04-06T00:00:00-04:00', 2],
      ['2025-04-06T00:00:00-04:00', '2025-04-07T00:00:00-04:00', 1],
    ]);
  });

  it('Australia/Lord_Howe half-hour DST shift (2025-04-06 02:00 +11 → 01:30 +10:30)', () => {
    const r = trend([{ score: 10, at: Date.UTC(2025, 3, 5, 14, 0) }], {
      period: 'day',
      timeZone: 'Australia/Lord_Howe',
    });
    expect(r.points.map((p) => [p.start, p.end])).toStrictEqual([
      ['2025-04-06T00:00:00+11:00', '2025-04-07T00:00:00+10:30'],
    ]);
  });

  it('ISO week 53 of 2020 and Sunday weeks', () => {
    // 2020-12-28 (Mon) .. 2021-01-04: ISO week 53 of 2020.
    const r = trend([{ score: 10, at: Date.UTC(2021, 0, 1) }], { period: 'week' });
    expect([r.points[0]?.start, r.points[0]?.end]).toStrictEqual([
      '2020-12-28T00:00:00Z',
      '2021-01-04T00:00:00Z',
    ]);
    const s = trend([{ score: 10, at: Date.UTC(2021, 0, 1) }], { period: 'week', weekStartsOn: 0 });
    expect(s.points[0]?.start).toBe('2020-12-27T00:00:00Z');
  });

  it('leap day, quarter and year periods; from/to fill empty periods', () => {
    const r = trend([{ score: 10, at: Date.UTC(2024, 1, 29, 12) }], {
      period: 'quarter',
      from: Date.UTC(2023, 11, 31),
      to: new Date(Date.UTC(2024, 3, 1)),
    });
    expect(r.points.map((p) => [p.start, p.total.n])).toStrictEqual([
      ['2023-10-01T00:00:00Z', 0],
      ['2024-01-01T00:00:00Z', 1],
      ['2024-04-01T00:00:00Z', 0],
    ]);
    const d = trend([{ score: 10, at: Date.UTC(2024, 1, 29, 12) }], { period: 'day' });
    expect(d.points[0]?.start).toBe('2024-02-29T00:00:00Z');
    const y = trend([{ score: 10, at: Date.UTC(2024, 1, 29, 12) }], { period: 'year' });
    expect(y.points[0]?.end).toBe('2025-01-01T00:00:00Z');
  });

  it("trend(rows, { method: 'bayes', prior }) uses the caller's prior, as npsInterval does", () => {
    const rows = [10, 9, 3, 7, 8].map((score, i) => ({ score, at: Date.UTC(2025, 0, 1 + i) }));
    const prior = { promoters: 0.5, passives: 0.5, detractors: 0.5 };
    const [p] = trend(rows, { period: 'month', method: 'bayes', prior }).points;
    const i = npsInterval([10, 9, 3, 7, 8], { method: 'bayes', prior });
    expect([p?.low, p?.high]).toStrictEqual([i.low, i.high]);
    const flat = npsInterval([10, 9, 3, 7, 8], { method: 'bayes' });
    expect(p?.low).not.toBe(flat.low);
  });

  it('summing periods gives the all-time tally', () => {
    const score: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < 500; i++) {
      score.push(1 + ((i * 7) % 10));
      at.push(Date.UTC(2024, 0, 1) + i * 17 * 3600e3 + (i % 5) * 1234567);
    }
    const r = trend({ score, at }, { period: 'week', timeZone: 'America/Santiago' });
    const n = r.points.reduce((a, p) => a + p.total.n, 0);
    const p = r.points.reduce((a, q) => a + q.total.promoters, 0);
    expect(n).toBe(500);
    expect(p).toBe(score.filter((s) => s >= 8).length);
  });

  it('rejects an invalid zone and invalid dates', () => {
    expect(() =>
      trend([{ score: 10, at: 0 }], { period: 'day', timeZone: 'Mars/Olympus' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: trend: timeZone must be an IANA time zone name, received "Mars/Olympus"]`,
    );
    try {
      trend([{ score: 10, at: Number.NaN }], { period: 'day' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NpsInputError);
      expect((e as NpsInputError).code).toBe('invalid_date');
    }
    try {
      trend([{ score: 10, at: 0 }], { period: 'day', from: new Date('nope') });
      expect.unreachable();
    } catch (e) {
      expect((e as NpsInputError).code).toBe('invalid_date');
    }
  });

  it('grid bucketing equals binary search over the exact boundaries (property)', () => {
    const zones = ['UTC', 'Europe/Kyiv', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    const T0 = Date.UTC(2023, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('day', 'week', 'month', 'quarter', 'year' as const),
        fc.integer({ min: 0, max: 3 * 365 * 86_400_000 }),
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.array(fc.integer({ min: -40 * 86_400_000, max: 900 * 86_400_000 }), {
          maxLength: 60,
        }),
        (zone, period, from, len, offsets) => {
          const bounds = periodBoundaries('trend', period, zone, 1, T0 + from, T0 + from + len);
          // Instants at and 1 ms around every boundary, plus random ones.
          const ts: number[] = [];
          for (const b of bounds) ts.push(b - 1, b, b + 1);
          for (const o of offsets) ts.push(T0 + from + o);
          const at = Float64Array.from(ts);
          const got = new Int32Array(at.length);
          bucketAll(periodGrid(bounds), at, got);
          expect(Array.from(got)).toStrictEqual(ts.map((t) => bucketOf(bounds, t)));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('typed columns (fused path) give the same series as rows; bad values raise the same errors', () => {
    const T0 = Date.UTC(2024, 9, 20);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.integer({ min: 1, max: 10 }),
            at: fc.integer({ min: 0, max: 60 * 86_400_000 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.constantFrom('day', 'week', 'month' as const),
        (rs, period) => {
          const rows = rs.map((r) => ({ score: r.score, at: T0 + r.at }));
          const cols = {
            score: Uint8Array.from(rows, (r) => r.score),
            at: Float64Array.from(rows, (r) => r.at),
          };
          const options = { period, timeZone: 'Europe/Kyiv' };
          const before = structuredClone(cols);
          expect(trend(cols, options)).toStrictEqual(trend(rows, options));
          expect(cols).toStrictEqual(before);
        },
      ),
      { numRuns: 60 },
    );
    const code = (f: () => unknown): [string, number | undefined] => {
      try {
        f();
      } catch (e) {
        if (e instanceof NpsInputError) return [e.code, e.index];
      }
      return ['none', undefined];
    };
    const at = new Float64Array([0, Number.NaN]);
    expect(
      code(() => trend({ score: new Uint8Array([9, 9]), at }, { period: 'day' })),
    ).toStrictEqual(['invalid_date', 1]);
    expect(
      code(() =>
        trend({ score: new Uint8Array([9, 11]), at: new Float64Array([0, 1]) }, { period: 'day' }),
      ),
    ).toStrictEqual(['invalid_score', 1]);
    for (const bad of [9.5, Number.NaN, -1, 0]) {
      expect(
        code(() =>
          trend(
            { score: new Float64Array([9, bad]), at: new Float64Array([0, 1]) },
            { period: 'day' },
          ),
        ),
      ).toStrictEqual(['invalid_score', 1]);
    }
    expect(
      code(() => trend({ score: [9, 10], at: new Float64Array([0, 1, 2]) }, { period: 'day' })),
    ).toStrictEqual(['length_mismatch', undefined]);
  });

  it('responses outside from/to are counted in outsideN, from rows, tallies and typed columns', () => {
    const rows = [
      { score: 10, at: Date.UTC(2024, 11, 31, 23, 59) }, // before January
      { score: 9, at: Date.UTC(2025, 0, 1) }, // on the first boundary: inside
      { score: 3, at: Date.UTC(2025, 1, 28, 23, 59) }, // last instant of February: inside
      { score: 7, at: Date.UTC(2025, 2, 1) }, // on the end boundary: outside
      { score: 8, at: Date.UTC(2026, 0, 1) },
    ];
    const o = { period: 'month', from: Date.UTC(2025, 0, 15), to: Date.UTC(2025, 1, 3) } as const;
    const r = trend(rows, o);
    expect(r.points.map((p) => [p.start, p.total.n])).toStrictEqual([
      ['2025-01-01T00:00:00Z', 1],
      ['2025-02-01T00:00:00Z', 1],
    ]);
    expect(r.outsideN).toBe(3);
    const cols = {
      score: Uint8Array.from(rows, (x) => x.score),
      at: Float64Array.from(rows, (x) => x.at),
    };
    expect(trend(cols, o)).toStrictEqual(r);
    const tallies = [
      {
        at: Date.UTC(2024, 5, 1),
        tally: tallyFromCounts({ promoters: 4, passives: 2, detractors: 1 }),
      },
      {
        at: Date.UTC(2025, 0, 9),
        tally: tallyFromCounts({ promoters: 1, passives: 0, detractors: 0 }),
      },
    ];
    expect(trend(tallies, o).outsideN).toBe(7);
    // Without from/to nothing is outside.
    expect(trend(rows, { period: 'month' }).outsideN).toBe(0);
  });

  it('from/to: to before from is an error; a missing bound never crosses the given one', () => {
    const rows = [{ score: 10, at: Date.UTC(2025, 5, 10) }];
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof NpsInputError) return [e.code, e.path];
      }
      return 'none';
    };
    expect(
      err(() =>
        trend(rows, { period: 'month', from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 1, 1) }),
      ),
    ).toStrictEqual(['invalid_date', ['to']]);
    // All responses after `to`: the series is `to`'s period, the responses are outside.
    const a = trend(rows, { period: 'month', to: Date.UTC(2025, 1, 1) });
    expect(a.points.map((p) => [p.start, p.total.n])).toStrictEqual([['2025-02-01T00:00:00Z', 0]]);
    expect(a.outsideN).toBe(1);
    // No responses at all: `from` alone gives its period.
    const b = trend([], { period: 'quarter', from: Date.UTC(2025, 4, 1) });
    expect(b.points.map((p) => [p.start, p.end, p.total.n, p.nps])).toStrictEqual([
      ['2025-04-01T00:00:00Z', '2025-07-01T00:00:00Z', 0, null],
    ]);
    expect(trend([], { period: 'day' })).toStrictEqual({
      period: 'day',
      timeZone: 'UTC',
      points: [],
      outsideN: 0,
      excluded: [],
      excludedN: 0,
    });
  });

  it('instants beyond the date range and spans of more than 1 000 000 periods are rejected', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof NpsInputError) return [e.code, e.index];
      }
      return 'none';
    };
    // 8.64e15 is a valid Date, but the year containing it ends outside the date range.
    expect(
      err(() =>
        trend(
          [
            { score: 9, at: 0 },
            { score: 9, at: 8.64e15 },
          ],
          { period: 'year' },
        ),
      ),
    ).toStrictEqual(['invalid_date', 1]);
    expect(err(() => trend([{ score: 9, at: 0 }], { period: 'day', from: 1e300 }))).toStrictEqual([
      'invalid_date',
      undefined,
    ]);
    expect(
      err(() => trend([{ score: 9, at: 0 }], { period: 'day', from: -MAX_INSTANT })),
    ).toStrictEqual(['invalid_option', undefined]);
    // The edge itself is accepted and its year is complete.
    const y = trend([{ score: 9, at: MAX_INSTANT }], { period: 'year' });
    expect(y.points).toHaveLength(1);
  });

  it('Asia/Gaza 2009-09-04: midnight occurs twice (01:00 → 00:00); the day starts at the first', () => {
    // Checked with Intl.DateTimeFormat: 21:00Z is 00:00 EEST (+03), 22:00Z is 00:00 EET (+02).
    const r = trend([{ score: 10, at: Date.UTC(2009, 8, 3, 21, 30) }], {
      period: 'day',
      timeZone: 'Asia/Gaza',
    });
    expect([r.points[0]?.start, r.points[0]?.end]).toStrictEqual([
      '2009-09-04T00:00:00+03:00',
      '2009-09-05T00:00:00+02:00',
    ]);
  });

  it('week, month, quarter and year boundaries equal those of date-fns with tz() (reference)', () => {
    const processUtc =
      new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset() === 0 &&
      new Date(Date.UTC(2025, 6, 1)).getTimezoneOffset() === 0;
    const localTime = (zone: string, ms: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        dateStyle: 'short',
        timeStyle: 'medium',
      }).format(ms);
    // date-fns is an independent reference for these periods (it is not for days: see the
    // comment above wallToInstant in src/trend/trend.ts). Weeks of every start day.
    const from = Date.UTC(2018, 0, 1);
    const to = Date.UTC(2026, 0, 1);
    const fns = {
      week: [startOfWeek, addWeeks],
      month: [startOfMonth, addMonths],
      quarter: [startOfQuarter, addQuarters],
      year: [startOfYear, addYears],
    } as const;
    for (const zone of ['Europe/Kyiv', 'America/Santiago', 'Australia/Lord_Howe']) {
      for (const period of ['week', 'month', 'quarter', 'year'] as const) {
        for (const weekStartsOn of period === 'week'
          ? ([0, 1, 2, 3, 4, 5, 6] as const)
          : ([1] as const)) {
          const [startOf, add] = fns[period];
          const o = { in: tz(zone), weekStartsOn };
          const first = startOf(new Date(from), o);
          const ours = periodBoundaries('trend', period, zone, weekStartsOn, from, to);
          ours.forEach((ms, k) => {
            const ref = startOf(add(first, k, o), o).getTime();
            if (ref === ms) return;
            // date-fns depends on the process zone (see src/trend/trend.ts): under TZ=America/
            // Santiago it starts Lord Howe's Sunday weeks of early April at 01:00, under
            // TZ=Australia/Lord_Howe Santiago's a week early. A disagreement is allowed only
            // then, and Intl must confirm ours: local midnight at `ms`, the previous day 1 ms before.
            expect(processUtc).toBe(false);
            expect(localTime(zone, ms)).toMatch(/ 00:00:00$/);
            expect(localTime(zone, ms - 1).slice(0, 10)).not.toBe(localTime(zone, ms).slice(0, 10));
          });
        }
      }
    }
  });
});
