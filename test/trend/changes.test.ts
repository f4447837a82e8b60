import { describe, expect, it } from 'vitest';
import { normalSf } from '../../src/kernels/normal.ts';
import { tallyFromCounts } from '../../src/core/tally.ts';
import { NpsInputError } from '../../src/errors.ts';
import { trendChanges } from '../../src/trend/changes.ts';
import { rollingTrend } from '../../src/trend/rolling.ts';
import { trend } from '../../src/trend/trend.ts';

const DAY = 86_400_000;
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return 'no error';
};

/** One response per day from `from` for `days` days, scores cycling through `scores`. */
function daily(from: number, days: number, scores: readonly number[]) {
  return Array.from({ length: days }, (_, i) => ({
    score: scores[i % scores.length] ?? 10,
    at: from + i * DAY + 12 * 3_600_000,
  }));
}

describe('trendChanges', () => {
  it('period over period: difference, se, z, p by hand (independent samples)', () => {
    const t = (promoters: number, passives: number, detractors: number) =>
      tallyFromCounts({ promoters, passives, detractors });
    const r = trendChanges({
      points: [
        { start: '2025-01-01T00:00:00Z', end: '2025-02-01T00:00:00Z', total: t(6, 2, 2) },
        { start: '2025-02-01T00:00:00Z', end: '2025-03-01T00:00:00Z', total: t(3, 2, 5) },
      ],
    });
    // Base P + D = 8 each: NPS 50 and −25; variances (1 − 0.5²)/8 and (1 − 0.25²)/8.
    const se = 100 * Math.sqrt(0.75 / 8 + 0.9375 / 8);
    const c = r.changes[1]?.previous;
    expect(r.period).toBe('month');
    expect(c?.against).toBe('2025-01-01T00:00:00Z');
    expect([c?.nps, c?.againstNps, c?.difference]).toStrictEqual([-25, 50, -75]);
    expect(c?.se).toBeCloseTo(se, 12);
    expect(c?.z).toBeCloseTo(-75 / se, 12);
    expect(c?.pValue).toBeCloseTo(2 * normalSf(75 / se), 12);
    expect(c?.low).toBeCloseTo(-75 - 1.959963984540054 * se, 10);
    expect(c?.significant).toBe(false);
    expect(r.changes[0]?.previous).toBeNull();
    expect(r.changes[1]?.yearAgo).toBeNull();
  });

  it('year over year across ISO week 53 (2020 has 53 weeks, 2019 and 2021 have 52)', () => {
    const rows = daily(Date.UTC(2019, 11, 30), 735, [10, 9, 3, 7]);
    const r = trendChanges(trend(rows, { period: 'week' }));
    expect(r.period).toBe('week');
    const at = (start: string) => r.changes.find((c) => c.start === start);
    // 2020-W53 (Mon 2020-12-28): no week 53 in 2019 → null.
    expect(at('2020-12-28T00:00:00Z')?.yearAgo).toBeNull();
    expect(at('2020-12-28T00:00:00Z')?.previous?.against).toBe('2020-12-21T00:00:00Z');
    // 2021-W01 (Mon 2021-01-04) ↔ 2020-W01 (Mon 2019-12-30): 53 weeks earlier.
    expect(at('2021-01-04T00:00:00Z')?.yearAgo?.against).toBe('2019-12-30T00:00:00Z');
    // 2021-W52 (Mon 2021-12-27) ↔ 2020-W52 (Mon 2020-12-21).
    expect(at('2021-12-27T00:00:00Z')?.yearAgo?.against).toBe('2020-12-21T00:00:00Z');
    // 2020-W10 (Mon 2020-03-02) ↔ 2019 has no week 10 in the series → null.
    expect(at('2020-03-02T00:00:00Z')?.yearAgo).toBeNull();
    // Same scores every week → differences of 0.
    expect(at('2021-06-07T00:00:00Z')?.yearAgo?.difference).toBe(0);
  });

  it('Sunday weeks number their own weeks (week 1 contains 4 January)', () => {
    const rows = daily(Date.UTC(2019, 11, 29), 400, [10, 3]);
    const r = trendChanges(trend(rows, { period: 'week', weekStartsOn: 0 }));
    const c = r.changes.find((x) => x.start === '2021-01-03T00:00:00Z');
    expect(c?.yearAgo?.against).toBe('2019-12-29T00:00:00Z');
  });

  it('days: same calendar date a year earlier; 29 February has none', () => {
    const rows = daily(Date.UTC(2023, 1, 1), 800, [10, 3, 9]);
    const r = trendChanges(trend(rows, { period: 'day', timeZone: 'Europe/Kyiv' }));
    expect(r.period).toBe('day');
    const at = (s: string) => r.changes.find((c) => c.start === s);
    expect(at('2024-02-29T00:00:00+02:00')?.yearAgo).toBeNull();
    expect(at('2024-03-01T00:00:00+02:00')?.yearAgo?.against).toBe('2023-03-01T00:00:00+02:00');
    // Across the spring-forward day (23 hours), still matched by date.
    expect(at('2024-03-31T00:00:00+02:00')?.yearAgo?.against).toBe('2023-03-31T00:00:00+03:00');
  });

  it('months, quarters and years; an empty side gives null, not an error', () => {
    const rows = [
      { score: 10, at: Date.UTC(2024, 0, 15) },
      { score: 2, at: Date.UTC(2024, 4, 15) },
      { score: 9, at: Date.UTC(2025, 0, 15) },
      { score: 1, at: Date.UTC(2025, 0, 16) },
      { score: 7, at: Date.UTC(2025, 4, 15) }, // passives only: empty base
    ];
    const m = trendChanges(trend(rows, { period: 'month' }));
    const jan = m.changes.find((c) => c.start === '2025-01-01T00:00:00Z');
    expect(jan?.yearAgo?.against).toBe('2024-01-01T00:00:00Z');
    expect(jan?.yearAgo?.difference).toBe(-100);
    expect(m.changes.find((c) => c.start === '2025-05-01T00:00:00Z')?.yearAgo).toBeNull();
    expect(m.changes.find((c) => c.start === '2024-02-01T00:00:00Z')?.previous).toBeNull();
    const q = trendChanges(trend(rows, { period: 'quarter' }));
    expect(q.period).toBe('quarter');
    expect(q.changes[4]?.yearAgo?.against).toBe('2024-01-01T00:00:00Z');
    const y = trendChanges(trend(rows, { period: 'year' }));
    expect(y.period).toBe('year');
    expect(y.changes[1]?.previous?.against).toBe('2024-01-01T00:00:00Z');
    expect(y.changes[1]?.yearAgo?.against).toBe('2024-01-01T00:00:00Z');
    expect(trendChanges({ points: [] })).toStrictEqual({
      period: null,
      confidence: 0.95,
      changes: [],
    });
  });

  it('errors: overlapping windows, gaps, bad dates, bad series, bad options', () => {
    const rows = daily(Date.UTC(2025, 0, 1), 30, [10, 3]);
    const rolling = rollingTrend(rows, { period: 'week', window: { days: 14 } });
    expect(code(() => trendChanges(rolling))).toBe('invalid_period');
    const weekly = trend(rows, { period: 'week' });
    expect(
      code(() => trendChanges({ points: [weekly.points[0], weekly.points[2]] as never })),
    ).toBe('invalid_period');
    const t = tallyFromCounts({ promoters: 1, passives: 0, detractors: 0 });
    expect(code(() => trendChanges({ points: [{ start: 'soon', end: 'later', total: t }] }))).toBe(
      'invalid_date',
    );
    expect(code(() => trendChanges({ points: [{ start: 1, end: 2, total: t }] as never }))).toBe(
      'invalid_input',
    );
    expect(code(() => trendChanges(weekly, { confidence: 2 }))).toBe('invalid_option');
  });

  it('does not mutate the trend result', () => {
    const r = trend(daily(Date.UTC(2025, 0, 1), 60, [10, 3, 8]), { period: 'month' });
    const copy = structuredClone(r);
    trendChanges(r);
    expect(r).toStrictEqual(copy);
  });
});
