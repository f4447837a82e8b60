import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  driverStats,
  driverStatsFromSql,
  isNpsInputError,
  rollup,
  type SqlRow,
  tallyEntriesFromSql,
  trendByNode,
} from '../../src/index.ts';

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (isNpsInputError(e)) return e.code;
    throw e;
  }
}

const row = (patch: Record<string, unknown> = {}): SqlRow => ({
  node_id: 'a',
  period_start: '2025-03-01',
  promoters: 3n,
  passives: 1n,
  detractors: 1n,
  missing: 0n,
  invalid: 0n,
  ...patch,
});

describe('tallyEntriesFromSql(rows, options?)', () => {
  it('reads BigInt, number and digit-string counts and puts at the local midnight of period_start', () => {
    const { entries, excludedN, excluded } = tallyEntriesFromSql(
      [row(), row({ node_id: 'b', promoters: 2, passives: '4', detractors: 0n })],
      { timeZone: 'Europe/Kyiv' },
    );
    expect(excludedN).toBe(0);
    expect(excluded).toEqual([]);
    expect(entries).toEqual([
      // 2025-03-01 00:00 in Kyiv (UTC+2) is 2025-02-28T22:00Z
      {
        nodeId: 'a',
        at: Date.UTC(2025, 1, 28, 22),
        tally: { promoters: 3, passives: 1, detractors: 1, n: 5 },
      },
      {
        nodeId: 'b',
        at: Date.UTC(2025, 1, 28, 22),
        tally: { promoters: 2, passives: 4, detractors: 0, n: 6 },
      },
    ]);
  });

  it('the local midnight is exact on both sides of the DST changes (Kyiv, 2025)', () => {
    const at = (d: string) =>
      tallyEntriesFromSql([row({ period_start: d })], { timeZone: 'Europe/Kyiv' }).entries[0]?.at;
    expect(at('2025-03-30')).toBe(Date.UTC(2025, 2, 29, 22)); // the DST day starts at UTC+2
    expect(at('2025-03-31')).toBe(Date.UTC(2025, 2, 30, 21)); // the next at UTC+3
    expect(at('2025-10-26')).toBe(Date.UTC(2025, 9, 25, 21));
    expect(at('2025-10-27')).toBe(Date.UTC(2025, 9, 26, 22));
    // America/Santiago skipped midnight on 2024-09-08: the day starts at 01:00 (04:00Z)
    expect(
      tallyEntriesFromSql([row({ period_start: '2024-09-08' })], { timeZone: 'America/Santiago' })
        .entries[0]?.at,
    ).toBe(Date.UTC(2024, 8, 8, 4));
    // UTC by default
    expect(tallyEntriesFromSql([row()]).entries[0]?.at).toBe(Date.UTC(2025, 2, 1));
  });

  it('without period_start: no at; a NULL period_start or node_id is kept as missing', () => {
    const r = { node_id: null, promoters: 1, passives: 0, detractors: 0 };
    expect(tallyEntriesFromSql([r]).entries).toEqual([
      { nodeId: null, tally: { promoters: 1, passives: 0, detractors: 0, n: 1 } },
    ]);
    expect(tallyEntriesFromSql([row({ period_start: null })]).entries[0]).not.toHaveProperty('at');
  });

  it('reads weighted sums into a weighted Tally', () => {
    const { entries } = tallyEntriesFromSql([
      row({
        promoters_weight: 4.5,
        passives_weight: '1.5',
        detractors_weight: 2,
        promoters_weight_squared: 7.25,
        passives_weight_squared: 2.25,
        detractors_weight_squared: 4,
        invalid_weights: 0n,
      }),
    ]);
    expect(entries[0]?.tally).toEqual({
      promoters: 3,
      passives: 1,
      detractors: 1,
      n: 5,
      weights: {
        promoters: 4.5,
        passives: 1.5,
        detractors: 2,
        promotersSquared: 7.25,
        passivesSquared: 2.25,
        detractorsSquared: 4,
      },
    });
  });

  it('feeds rollup and trendByNode like the rows they count', () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 'a', parentId: 'all' },
      { id: 'b', parentId: 'all' },
    ]);
    const rows = [
      { nodeId: 'a', score: 10, at: Date.UTC(2025, 2, 31, 20, 30) }, // 23:30 local, March
      { nodeId: 'a', score: 3, at: Date.UTC(2025, 2, 31, 21, 30) }, // 00:30 local, April
      { nodeId: 'b', score: 7, at: Date.UTC(2025, 2, 1, 0) },
    ];
    const sqlRows = [
      { node_id: 'a', period_start: '2025-03-01', promoters: 1n, passives: 0n, detractors: 0n },
      { node_id: 'a', period_start: '2025-04-01', promoters: 0n, passives: 0n, detractors: 1n },
      { node_id: 'b', period_start: '2025-03-01', promoters: 0n, passives: 1n, detractors: 0n },
    ];
    const { entries } = tallyEntriesFromSql(sqlRows, { timeZone: 'Europe/Kyiv' });
    const o = { period: 'month', timeZone: 'Europe/Kyiv' } as const;
    expect(trendByNode(h, entries, o)).toEqual(trendByNode(h, rows, o));
    expect(rollup(h, entries)).toEqual(rollup(h, rows));
  });

  it('refuses missing and invalid scores by default, counts them with onInvalidScore exclude', () => {
    const rows = [row({ missing: 2n }), row({ invalid: '1' })];
    expect(codeOf(() => tallyEntriesFromSql(rows))).toBe('invalid_score');
    expect(() => tallyEntriesFromSql(rows)).toThrow(
      `tallyEntriesFromSql: row 0 (node "a", period 2025-03-01) counted 2 missing and 0 invalid scores, which the library refuses by default; pass onInvalidScore: 'exclude' to set them aside (counted in excluded)`,
    );
    const r = tallyEntriesFromSql(rows, { onInvalidScore: 'exclude' });
    expect(r.excludedN).toBe(3);
    expect(r.excluded).toEqual([
      { reason: 'missing_score', count: 2 },
      { reason: 'invalid_score', count: 1 },
    ]);
    expect(r.entries).toHaveLength(2);
  });

  it('rejects bad rows and options with typed errors', () => {
    const bad = (r: unknown, o?: unknown) =>
      codeOf(() => tallyEntriesFromSql(r as SqlRow[], o as undefined));
    expect(bad([row()])).toBe('ok');
    expect(bad('rows')).toBe('invalid_input');
    expect(bad([null])).toBe('invalid_input');
    expect(bad([row({ promoters: -1 })])).toBe('invalid_count');
    expect(bad([row({ promoters: 1.5 })])).toBe('invalid_count');
    expect(bad([row({ passives: undefined })])).toBe('invalid_count');
    expect(bad([row({ detractors: 2n ** 60n })])).toBe('invalid_count');
    expect(bad([row({ node_id: 7 })])).toBe('invalid_id');
    expect(bad([row({ period_start: '2025-02-30' })])).toBe('invalid_date');
    expect(bad([row({ period_start: '2025-03' })])).toBe('invalid_date');
    expect(bad([row({ period_start: new Date() })])).toBe('invalid_date');
    expect(bad([row({ promoters_weight: 1, invalid_weights: 1n })])).toBe('invalid_weight');
    expect(bad([row({ promoters_weight: 1 })])).toBe('non_finite');
    expect(
      bad([
        row({
          promoters_weight: Number.NaN,
          passives_weight: 1,
          detractors_weight: 1,
          promoters_weight_squared: 1,
          passives_weight_squared: 1,
          detractors_weight_squared: 1,
        }),
      ]),
    ).toBe('non_finite');
    expect(bad([row()], { timeZone: 'Mars/Olympus' })).toBe('invalid_time_zone');
    expect(bad([row()], { onInvalidScore: 'skip' })).toBe('invalid_option');
    expect(bad([row()], { zone: 'UTC' })).toBe('invalid_option');
  });

  it('names the row and column in errors', () => {
    let err: unknown;
    try {
      tallyEntriesFromSql([row(), row({ passives: 'x' })]);
    } catch (e) {
      err = e;
    }
    expect(isNpsInputError(err) && [err.index, err.path, err.message]).toEqual([
      1,
      [1, 'passives'],
      'tallyEntriesFromSql: passives of row 1 must be a non-negative integer count (a number, BigInt or string of digits), received "x"',
    ]);
  });
});

describe('driverStatsFromSql(rows, options)', () => {
  // rows (score, speed, staff) at node a: (9, 8, 7), (5, 4, 6), (7, 6, 6), plus one with staff NULL
  const data = [
    { score: 9, ratings: { speed: 8, staff: 7 } },
    { score: 5, ratings: { speed: 4, staff: 6 } },
    { score: 7, ratings: { speed: 6, staff: 6 } },
    { score: 8, ratings: { speed: 6, staff: null } },
  ];
  const sqlRow = {
    node_id: 'a',
    n: 3n,
    excluded: 1n,
    sum_0: 21,
    sum_1: 18,
    sum_2: 19,
    sum_0_0: 81 + 25 + 49,
    sum_0_1: 72 + 20 + 42,
    sum_0_2: 63 + 30 + 42,
    sum_1_1: 64 + 16 + 36,
    sum_1_2: 56 + 24 + 36,
    sum_2_2: 49 + 36 + 36,
  };

  it('equals driverStats of the rows the sums were taken over', () => {
    const [a, ...rest] = driverStatsFromSql([sqlRow], { drivers: ['speed', 'staff'] });
    expect(rest).toEqual([]);
    expect(a?.nodeId).toBe('a');
    expect(a?.periodStart).toBeNull();
    const want = driverStats(data, { drivers: ['speed', 'staff'] });
    expect(a?.stats.n).toBe(want.n);
    expect(a?.stats.excludedN).toBe(want.excludedN);
    a?.stats.means.forEach((m, i) => {
      expect(m).toBeCloseTo(want.means[i] ?? Number.NaN, 12);
    });
    a?.stats.comoments.forEach((c, i) => {
      expect(c).toBeCloseTo(want.comoments[i] ?? Number.NaN, 12);
    });
  });

  it('keeps the outcome and the period start', () => {
    const [a] = driverStatsFromSql([{ ...sqlRow, period_start: '2025-01-01' }], {
      drivers: ['speed', 'staff'],
      outcome: 'score',
    });
    expect(a?.periodStart).toBe('2025-01-01');
    expect(a?.stats.outcome).toBe('score');
  });

  it('rejects impossible sums and bad rows with typed errors naming the row', () => {
    const bad = (r: Record<string, unknown>, drivers = ['speed', 'staff']) =>
      codeOf(() => driverStatsFromSql([r], { drivers }));
    expect(bad(sqlRow)).toBe('ok');
    expect(bad({ ...sqlRow, sum_1_1: 1 })).toBe('incompatible_stats');
    expect(bad({ ...sqlRow, sum_2: undefined })).toBe('non_finite');
    expect(bad({ ...sqlRow, n: -1 })).toBe('invalid_count');
    expect(bad({ ...sqlRow, excluded: 'x' })).toBe('invalid_count');
    expect(bad(sqlRow, ['speed', 'staff', 'price'])).toBe('non_finite');
    expect(codeOf(() => driverStatsFromSql([sqlRow], {} as { drivers: string[] }))).toBe(
      'invalid_option',
    );
    expect(() =>
      driverStatsFromSql([sqlRow, { ...sqlRow, sum_1_1: 1 }], { drivers: ['speed', 'staff'] }),
    ).toThrow(/^driverStatsFromSql: row 1: sums must be possible sums/);
  });
});
