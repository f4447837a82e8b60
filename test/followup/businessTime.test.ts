import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import {
  addBusiness,
  type BusinessCalendar,
  businessClock,
  businessMsBetween,
  MAX_BUSINESS_DAYS,
  resolveCalendar,
} from '../../src/kernels/businessTime.ts';
import { wallToInstant } from '../../src/kernels/calendar.ts';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** Kyiv, Monday to Friday 09:00–18:00. */
const office = resolveCalendar('t', { hours: { start: '09:00', end: '18:00' } }, 'Europe/Kyiv');
/** Kyiv, every day, all day. */
const always = resolveCalendar('t', { timeZone: 'Europe/Kyiv', workdays: [0, 1, 2, 3, 4, 5, 6] });

function thrown(f: () => unknown): NpsInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof NpsInputError) return e;
    throw e;
  }
  throw new Error('expected an NpsInputError');
}

describe('resolveCalendar(fn, calendar, timeZone?)', () => {
  it('defaults: Monday to Friday, all day, no holidays, the given zone or UTC', () => {
    expect(resolveCalendar('f', undefined)).toEqual({
      timeZone: 'UTC',
      workdays: [1, 2, 3, 4, 5],
      holidays: new Set(),
      start: 0,
      end: 1440,
    });
    expect(resolveCalendar('f', {}, 'Europe/Kyiv').timeZone).toBe('Europe/Kyiv');
    expect(resolveCalendar('f', { timeZone: 'Asia/Tokyo' }, 'Europe/Kyiv').timeZone).toBe(
      'Asia/Tokyo',
    );
  });

  it('reads hours and holidays (instants as their local date in the zone)', () => {
    const c = resolveCalendar(
      'f',
      {
        hours: { start: '08:30', end: '24:00' },
        // 2025-01-06T23:30Z is already 7 January in Kyiv (UTC+2)
        holidays: ['2025-01-01', new Date('2025-01-06T23:30:00Z'), at('2025-05-01T12:00Z')],
        workdays: [6, 1, 2],
      },
      'Europe/Kyiv',
    );
    expect(c.start).toBe(510);
    expect(c.end).toBe(1440);
    expect([...c.holidays]).toEqual(['2025-01-01', '2025-01-07', '2025-05-01']);
    expect(c.workdays).toEqual([1, 2, 6]);
  });

  it('refuses bad calendars with typed errors', () => {
    expect(thrown(() => resolveCalendar('f', { timeZone: 'Europe/Kiev2' })).code).toBe(
      'invalid_time_zone',
    );
    expect(thrown(() => resolveCalendar('f', { workdays: [] })).code).toBe('invalid_option');
    expect(thrown(() => resolveCalendar('f', { workdays: [1, 1] })).code).toBe('invalid_option');
    expect(thrown(() => resolveCalendar('f', { workdays: [7] })).path).toEqual([
      'calendar',
      'workdays',
      0,
    ]);
    expect(
      thrown(() => resolveCalendar('f', { hours: { start: '9:00', end: '18:00' } })).code,
    ).toBe('invalid_option');
    expect(
      thrown(() => resolveCalendar('f', { hours: { start: '18:00', end: '09:00' } })).message,
    ).toMatch(/must be before/);
    expect(
      thrown(() => resolveCalendar('f', { hours: { start: '24:00', end: '24:00' } })).path,
    ).toEqual(['calendar', 'hours', 'start']);
    expect(
      thrown(() => resolveCalendar('f', { hours: { start: '09:60', end: '18:00' } })).code,
    ).toBe('invalid_option');
    const e = thrown(() => resolveCalendar('f', { holidays: ['2025-01-01', '2025-02-30'] }));
    expect(e.code).toBe('invalid_date');
    expect(e.path).toEqual(['calendar', 'holidays', 1]);
    expect(thrown(() => resolveCalendar('f', { holidays: [new Date(Number.NaN)] })).code).toBe(
      'invalid_date',
    );
    expect(thrown(() => resolveCalendar('f', { weekdays: [1] })).message).toMatch(
      /unknown key "weekdays"/,
    );
    expect(thrown(() => resolveCalendar('f', 'weekdays')).code).toBe('invalid_option');
  });
});

describe('businessMsBetween(cal, from, to)', () => {
  it('counts the 23- and 25-hour days of the Kyiv DST changes as they run', () => {
    // 2025-03-29 (24 h) + 2025-03-30 (03:00 → 04:00, 23 h)
    expect(
      businessMsBetween(always, at('2025-03-29T00:00+02:00'), at('2025-03-31T00:00+03:00')) / H,
    ).toBe(47);
    // 2025-10-25 (24 h) + 2025-10-26 (04:00 → 03:00, 25 h)
    expect(
      businessMsBetween(always, at('2025-10-25T00:00+03:00'), at('2025-10-27T00:00+02:00')) / H,
    ).toBe(49);
  });

  it('working hours across the changes: 02:00–05:00 on the Sundays is 2 h in March, 4 h in October', () => {
    const night = resolveCalendar('t', {
      timeZone: 'Europe/Kyiv',
      workdays: [0],
      hours: { start: '02:00', end: '05:00' },
    });
    // 02:00+02:00 = 00:00Z to 05:00+03:00 = 02:00Z
    expect(businessMsBetween(night, at('2025-03-29T00:00Z'), at('2025-03-31T00:00Z')) / H).toBe(2);
    // 02:00+03:00 = 23:00Z to 05:00+02:00 = 03:00Z
    expect(businessMsBetween(night, at('2025-10-25T00:00Z'), at('2025-10-27T00:00Z')) / H).toBe(4);
  });

  it('a working day that opens inside the spring gap opens at the change (review reproduction)', () => {
    // Kyiv 2025-03-30: clocks go 03:00 → 04:00 (01:00Z). Opening at 03:30 (skipped) means 04:00,
    // so Sunday's working time 03:30–24:00 is 20 h, and one business hour from Saturday noon
    // is due at 05:00+03:00 (a minute-by-minute count over Intl gives both)
    const early = resolveCalendar('t', {
      timeZone: 'Europe/Kyiv',
      workdays: [0],
      hours: { start: '03:30', end: '24:00' },
    });
    expect(wallToInstant('Europe/Kyiv', at('2025-03-30T03:30Z'))).toBe(at('2025-03-30T01:00Z'));
    expect(businessMsBetween(early, at('2025-03-29T12:00Z'), at('2025-03-31T00:00Z')) / H).toBe(20);
    expect(iso(addBusiness(early, at('2025-03-29T12:00Z'), { businessHours: 1 }))).toBe(
      '2025-03-30T02:00:00.000Z',
    );
  });

  it('skips weekends and holidays', () => {
    // Friday 2025-03-28 17:00 to Monday 2025-03-31 10:00: 1 h on Friday, 1 h on Monday
    const from = at('2025-03-28T17:00+02:00');
    const to = at('2025-03-31T10:00+03:00');
    expect(businessMsBetween(office, from, to) / H).toBe(2);
    const withHoliday: BusinessCalendar = { ...office, holidays: new Set(['2025-03-31']) };
    expect(businessMsBetween(withHoliday, from, to) / H).toBe(1);
    // a whole week, Monday 00:00 to next Monday 00:00: 5 × 9 h
    expect(
      businessMsBetween(office, at('2025-10-20T00:00+03:00'), at('2025-10-27T00:00+02:00')) / H,
    ).toBe(45);
  });

  it('is 0 for an empty or reversed span, and inside non-working time', () => {
    const t = at('2025-03-28T12:00+02:00');
    expect(businessMsBetween(office, t, t)).toBe(0);
    expect(businessMsBetween(office, t + H, t)).toBe(0);
    expect(
      businessMsBetween(office, at('2025-03-29T10:00+02:00'), at('2025-03-30T20:00+03:00')),
    ).toBe(0);
  });

  it('refuses spans beyond the limit and invalid instants', () => {
    const e = thrown(() => businessMsBetween(office, 0, (MAX_BUSINESS_DAYS + 5) * 86_400_000));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain(`up to ${String(MAX_BUSINESS_DAYS)} days (about eleven years)`);
    expect(thrown(() => businessMsBetween(office, Number.NaN, 0)).code).toBe('invalid_date');
    // ten years are fine
    expect(
      businessMsBetween(always, at('2015-01-01T00:00+02:00'), at('2025-01-01T00:00+02:00')) / H,
    ).toBe(3653 * 24);
  });
});

describe('addBusiness(cal, from, amount)', () => {
  it('hours are elapsed hours, whatever the calendar (across the spring change)', () => {
    // Saturday 22:00+02:00 (20:00Z) + 6 h = 02:00Z = Sunday 05:00+03:00 (7 h later on the wall)
    expect(iso(addBusiness(office, at('2025-03-29T22:00+02:00'), { hours: 6 }))).toBe(
      '2025-03-30T02:00:00.000Z',
    );
  });

  it('business hours: Friday 17:00 + 2 h is Monday 10:00 (summer time began on the Sunday)', () => {
    expect(iso(addBusiness(office, at('2025-03-28T17:00+02:00'), { businessHours: 2 }))).toBe(
      '2025-03-31T07:00:00.000Z',
    );
    // Monday a holiday: Tuesday 10:00+03:00
    const h = resolveCalendar(
      't',
      { holidays: ['2025-03-31'], hours: { start: '09:00', end: '18:00' } },
      'Europe/Kyiv',
    );
    expect(iso(addBusiness(h, at('2025-03-28T17:00+02:00'), { businessHours: 2 }))).toBe(
      '2025-04-01T07:00:00.000Z',
    );
    // received before opening: the clock starts at 09:00; 9 h ends at the close, 18:00
    expect(iso(addBusiness(office, at('2025-10-24T07:00+03:00'), { businessHours: 9 }))).toBe(
      '2025-10-24T15:00:00.000Z',
    );
    // zero business hours: due at once
    expect(addBusiness(office, at('2025-10-25T07:00+03:00'), { businessHours: 0 })).toBe(
      at('2025-10-25T07:00+03:00'),
    );
  });

  it('business hours on an all-day calendar over the 23-hour Sunday', () => {
    // Sunday 2025-03-30 00:00+02:00 + 24 business hours = Monday 01:00+03:00
    expect(iso(addBusiness(always, at('2025-03-30T00:00+02:00'), { businessHours: 24 }))).toBe(
      '2025-03-30T22:00:00.000Z',
    );
    // and over the 25-hour Sunday 2025-10-26: Sunday 23:00+02:00
    expect(iso(addBusiness(always, at('2025-10-26T00:00+03:00'), { businessHours: 24 }))).toBe(
      '2025-10-26T21:00:00.000Z',
    );
  });

  it('business days: the close of the N-th working day after the current one', () => {
    // Friday 10:00 + 1 → Monday 2025-10-27 18:00, after the autumn change (+02:00)
    expect(iso(addBusiness(office, at('2025-10-24T10:00+03:00'), { businessDays: 1 }))).toBe(
      '2025-10-27T16:00:00.000Z',
    );
    // 0 = by close of business the same day
    expect(iso(addBusiness(office, at('2025-10-24T10:00+03:00'), { businessDays: 0 }))).toBe(
      '2025-10-24T15:00:00.000Z',
    );
    // received after closing on Friday: the current working day is Monday, so 1 → Tuesday
    expect(iso(addBusiness(office, at('2025-10-24T19:00+03:00'), { businessDays: 1 }))).toBe(
      '2025-10-28T16:00:00.000Z',
    );
    // received on Saturday: same as after Friday's close
    expect(iso(addBusiness(office, at('2025-10-25T12:00+03:00'), { businessDays: 1 }))).toBe(
      '2025-10-28T16:00:00.000Z',
    );
    // with Monday a holiday, Friday + 1 → Tuesday
    const h: BusinessCalendar = { ...office, holidays: new Set(['2025-10-27']) };
    expect(iso(addBusiness(h, at('2025-10-24T10:00+03:00'), { businessDays: 1 }))).toBe(
      '2025-10-28T16:00:00.000Z',
    );
  });

  it('refuses malformed amounts and deadlines too far ahead', () => {
    const t = at('2025-10-24T10:00+03:00');
    expect(thrown(() => addBusiness(office, t, {})).code).toBe('invalid_option');
    expect(thrown(() => addBusiness(office, t, { hours: 1, businessDays: 1 })).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => addBusiness(office, t, { businessHours: -1 })).code).toBe('invalid_option');
    expect(thrown(() => addBusiness(office, t, { businessDays: 1.5 })).code).toBe('invalid_option');
    expect(thrown(() => addBusiness(office, t, { businessDays: 5000 })).code).toBe('too_large');
  });
});

describe('business time properties', () => {
  const zones = ['Europe/Kyiv', 'America/Santiago', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'];
  const calendars = fc
    .record({
      zone: fc.constantFrom(...zones),
      workdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: fc.integer({ min: 0, max: 23 * 60 }),
      len: fc.integer({ min: 60, max: 24 * 60 }),
      holidays: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5 }),
    })
    .map(({ zone, workdays, start, len, holidays }) => {
      const hh = (m: number) =>
        `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return resolveCalendar('p', {
        timeZone: zone,
        workdays,
        hours: { start: hh(start), end: hh(Math.min(1440, start + len)) },
        // days from 2025-03-01
        holidays: holidays.map((d) =>
          new Date(Date.UTC(2025, 2, 1 + d)).toISOString().slice(0, 10),
        ),
      });
    });
  // instants around the 2025 spring and autumn changes of the zones above
  const instants = fc.integer({
    min: Date.UTC(2025, 1, 20),
    max: Date.UTC(2025, 10, 10),
  });

  it('addBusiness(businessHours) then businessMsBetween gives the hours back', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 0, max: 40 * H }), (cal, from, ms) => {
        const due = addBusiness(cal, from, { businessHours: ms / H });
        expect(due).toBeGreaterThanOrEqual(from);
        expect(businessMsBetween(cal, from, due)).toBe(Math.round((ms / H) * H));
      }),
      { numRuns: 200 },
    );
  });

  it('businessMsBetween is additive and at most the elapsed time', () => {
    fc.assert(
      fc.property(calendars, instants, instants, instants, (cal, a0, b0, c0) => {
        const [a, b, c] = [a0, b0, c0].sort((x, y) => x - y) as [number, number, number];
        const ab = businessMsBetween(cal, a, b);
        expect(ab + businessMsBetween(cal, b, c)).toBe(businessMsBetween(cal, a, c));
        expect(ab).toBeLessThanOrEqual(b - a);
      }),
      { numRuns: 200 },
    );
  });

  it('a shared business clock answers as fresh calls do, in any order of questions', () => {
    fc.assert(
      fc.property(
        calendars,
        fc.array(fc.tuple(instants, fc.integer({ min: 0, max: 30 * H })), { maxLength: 20 }),
        (cal, asks) => {
          const clock = businessClock(cal);
          for (const [from, ms] of asks) {
            expect(clock.add(from, { businessHours: ms / H })).toBe(
              addBusiness(cal, from, { businessHours: ms / H }),
            );
            expect(clock.add(from, { businessDays: ms % 5 })).toBe(
              addBusiness(cal, from, { businessDays: ms % 5 }),
            );
            expect(clock.between(from, from + ms * 3)).toBe(
              businessMsBetween(cal, from, from + ms * 3),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('businessDays N lands on a closing time, later for larger N', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 0, max: 20 }), (cal, from, n) => {
        const due = addBusiness(cal, from, { businessDays: n });
        const next = addBusiness(cal, from, { businessDays: n + 1 });
        expect(due).toBeGreaterThan(from);
        expect(next).toBeGreaterThan(due);
        // at the close: no working time in the minute after it (unless days run to midnight,
        // when the next working day may open at that very instant)
        if (cal.end < 1440) expect(businessMsBetween(cal, due, due + 60_000)).toBe(0);
        expect(businessMsBetween(cal, due - 1, due)).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('the fast wall-time path agrees with wallToInstant (every working boundary of 2024–2026)', () => {
    for (const zone of zones) {
      const cal = resolveCalendar('p', {
        timeZone: zone,
        workdays: [0, 1, 2, 3, 4, 5, 6],
        hours: { start: '00:30', end: '24:00' },
      });
      const from = Date.UTC(2024, 0, 1);
      const to = Date.UTC(2026, 11, 31);
      // the sum of all working intervals, each computed by wallToInstant directly
      let expected = 0;
      const d0 = Math.floor(from / 86_400_000) - 1;
      const d1 = Math.floor(to / 86_400_000) + 1;
      for (let d = d0; d <= d1; d++) {
        const a = Math.max(wallToInstant(zone, d * 86_400_000 + 30 * 60_000), from);
        const b = Math.min(wallToInstant(zone, (d + 1) * 86_400_000), to);
        if (b > a) expected += b - a;
      }
      expect(businessMsBetween(cal, from, to)).toBe(expected);
    }
  });
});
