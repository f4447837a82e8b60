import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  defineScheme,
  isNpsInputError,
  type WarehouseDialect,
  type WarehouseSqlOptions,
  warehouseSql,
} from '../../src/index.ts';

const DIALECTS: readonly WarehouseDialect[] = [
  'duckdb',
  'postgres',
  'bigquery',
  'snowflake',
  'spark',
];
const base = {
  table: 'analytics.responses',
  score: 'score',
  node: 'store_id',
  at: 'answered_at',
  period: 'month',
  timeZone: 'Europe/Kyiv',
} as const;

/** The error code of a call, or 'ok'. */
function codeOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (isNpsInputError(e)) return e.code;
    throw e;
  }
}

describe('warehouseSql(options)', () => {
  for (const dialect of ['bigquery', 'snowflake', 'spark'] as const)
    it(`warehouseSql({ dialect: '${dialect}' }) texts are pinned`, () => {
      const sql = warehouseSql({
        ...base,
        dialect,
        period: 'week',
        weight: 'w',
        drivers: ['speed', 'staff'],
      });
      expect(sql.tallies).toMatchSnapshot('tallies');
      expect(sql.driverSums).toMatchSnapshot('driverSums');
    });

  it('bigquery takes the local date with DATE(ts, zone) and truncates with DATE_TRUNC', () => {
    const q = (period: 'day' | 'week' | 'month' | 'quarter' | 'year', weekStartsOn?: 0 | 1) =>
      warehouseSql({ ...base, dialect: 'bigquery', period, weekStartsOn }).tallies;
    expect(q('day')).toContain("FORMAT_DATE('%Y-%m-%d', DATE(`answered_at`, 'Europe/Kyiv'))");
    expect(q('week')).toContain("DATE_TRUNC(DATE(`answered_at`, 'Europe/Kyiv'), WEEK(MONDAY))");
    expect(q('week', 0)).toContain('WEEK(SUNDAY)');
    expect(q('month')).toContain("DATE_TRUNC(DATE(`answered_at`, 'Europe/Kyiv'), MONTH)");
    expect(q('quarter')).toContain('QUARTER)');
    expect(q('year')).toContain('YEAR)');
    expect(q('month')).toContain('FROM `analytics`.`responses`');
    expect(q('month')).toContain('CAST(`store_id` AS STRING)');
    expect(q('month')).toContain('CAST(`score` AS FLOAT64)');
  });

  it('snowflake converts with CONVERT_TIMEZONE, truncates with DATE_TRUNC, weeks from DAYOFWEEKISO', () => {
    const q = (period: 'week' | 'month', weekStartsOn?: 0 | 1) =>
      warehouseSql({ ...base, dialect: 'snowflake', period, weekStartsOn }).tallies;
    const day = `CAST(CAST(CONVERT_TIMEZONE('Europe/Kyiv', "answered_at") AS TIMESTAMP_NTZ) AS DATE)`;
    expect(q('month')).toContain(`TO_VARCHAR(DATE_TRUNC('MONTH', ${day}), 'YYYY-MM-DD')`);
    expect(q('week')).toContain(`DATEADD('day', -MOD(DAYOFWEEKISO(${day}) + 6, 7), ${day})`);
    // Sunday weeks: a Sunday (DAYOFWEEKISO 7) goes back (7 + 7) mod 7 = 0 days
    expect(q('week', 0)).toContain(`-MOD(DAYOFWEEKISO(${day}) + 7, 7)`);
    // quoted lower-case output names, which Snowflake would otherwise upper-case
    expect(q('month')).toContain('AS "promoters"');
  });

  it('spark shifts with from_utc_timestamp and truncates with date_trunc', () => {
    const q = (period: 'week' | 'quarter', weekStartsOn?: 0 | 1) =>
      warehouseSql({ ...base, dialect: 'spark', period, weekStartsOn }).tallies;
    const day = "to_date(from_utc_timestamp(`answered_at`, 'Europe/Kyiv'))";
    expect(q('quarter')).toContain(
      `date_format(to_date(date_trunc('QUARTER', ${day})), 'yyyy-MM-dd')`,
    );
    // dayofweek is 1 on Sunday: Monday weeks go back (dayofweek + 5) mod 7 days
    expect(q('week')).toContain(`date_sub(${day}, pmod(dayofweek(${day}) + 5, 7))`);
    expect(q('week', 0)).toContain(`pmod(dayofweek(${day}) + 6, 7)`);
  });

  it('duckdb and postgres convert with timezone() and AT TIME ZONE', () => {
    expect(warehouseSql({ ...base, dialect: 'duckdb' }).tallies).toContain(
      `strftime(CAST(date_trunc('month', CAST(timezone('Europe/Kyiv', "answered_at") AS DATE)) AS DATE), '%Y-%m-%d')`,
    );
    expect(warehouseSql({ ...base, dialect: 'postgres' }).tallies).toContain(
      `to_char(CAST(date_trunc('month', CAST(CAST(("answered_at" AT TIME ZONE 'Europe/Kyiv') AS DATE) AS TIMESTAMP)) AS DATE), 'YYYY-MM-DD')`,
    );
  });

  it('writes the bands from the scheme', () => {
    const classic = warehouseSql({
      dialect: 'duckdb',
      table: 't',
      score: 's',
      node: 'n',
      scheme: classicScheme,
    });
    expect(classic.tallies).toContain(
      `WHEN NOT ("s" = FLOOR("s") AND "s" BETWEEN 0 AND 10) THEN 'invalid'`,
    );
    expect(classic.tallies).toContain(`WHEN "s" BETWEEN 9 AND 10 THEN 'promoters'`);
    expect(classic.tallies).toContain(`WHEN "s" BETWEEN 7 AND 8 THEN 'passives'`);
    expect(classic.tallies).toContain(`WHEN "s" BETWEEN 0 AND 6 THEN 'detractors'`);
    const csat = defineScheme({
      scale: [1, 5],
      promoters: [5, 5],
      passives: [4, 4],
      detractors: [1, 3],
      base: 'all',
    });
    const q = warehouseSql({
      dialect: 'postgres',
      table: 't',
      score: 's',
      node: 'n',
      scheme: csat,
      drivers: ['d'],
      outcome: 'nps',
    });
    expect(q.tallies).toContain(`WHEN "s" BETWEEN 5 AND 5 THEN 'promoters'`);
    expect(q.driverSums).toContain(
      'THEN CASE WHEN "s" BETWEEN 5 AND 5 THEN 100 WHEN "s" BETWEEN 1 AND 3 THEN -100 ELSE 0 END END AS "v0"',
    );
  });

  it('without at and period: one row per node, no period_start; without drivers: no driverSums', () => {
    const sql = warehouseSql({ dialect: 'duckdb', table: 't', score: 's', node: 'n' });
    expect(sql.tallies).not.toContain('period_start');
    expect(sql.tallies).toContain('GROUP BY "node_id"\nORDER BY "node_id"');
    expect(sql.driverSums).toBeUndefined();
    expect(Object.keys(sql)).toEqual(['tallies']);
  });

  it('a table name may be given as parts (a dot inside a name)', () => {
    const sql = warehouseSql({
      dialect: 'spark',
      table: ['lake', 'nps.v2'],
      score: 's',
      node: 'n',
    });
    expect(sql.tallies).toContain('FROM `lake`.`nps.v2`');
  });

  it('rejects bad options with typed errors', () => {
    const ok: WarehouseSqlOptions = { dialect: 'duckdb', table: 't', score: 's', node: 'n' };
    const bad = (patch: Record<string, unknown>) => codeOf(() => warehouseSql({ ...ok, ...patch }));
    expect(bad({})).toBe('ok');
    expect(bad({ dialect: 'mysql' })).toBe('invalid_option');
    expect(bad({ score: 'a"b' })).toBe('invalid_option');
    expect(bad({ node: 'x`; DROP TABLE t; --' })).toBe('invalid_option');
    expect(bad({ table: "t'" })).toBe('invalid_option');
    expect(bad({ table: 'a..b' })).toBe('invalid_option');
    expect(bad({ table: [] })).toBe('invalid_option');
    expect(bad({ score: '' })).toBe('invalid_option');
    expect(bad({ weight: 'w\n' })).toBe('invalid_option');
    expect(bad({ drivers: ['a', 'a'] })).toBe('invalid_option');
    expect(bad({ drivers: ['a', 'b\\'] })).toBe('invalid_option');
    expect(bad({ period: 'month' })).toBe('invalid_option');
    expect(bad({ at: 'at' })).toBe('invalid_option');
    expect(bad({ at: 'at', period: 'fortnight' })).toBe('invalid_option');
    expect(bad({ at: 'at', period: 'week', weekStartsOn: 7 })).toBe('invalid_option');
    expect(bad({ at: 'at', period: 'month', timeZone: 'Europe/Kiyv' })).toBe('invalid_time_zone');
    expect(bad({ timeZone: "UTC'; --" })).toBe('invalid_time_zone');
    expect(bad({ scheme: { scale: [1, 10] } })).toBe('invalid_scheme');
    expect(bad({ outcome: 'mean' })).toBe('invalid_option');
    expect(bad({ tabel: 't' })).toBe('invalid_option');
    expect(codeOf(() => warehouseSql(undefined as unknown as WarehouseSqlOptions))).toBe(
      'invalid_option',
    );
  });

  it('refuses an offset as the zone (Postgres reads +05:30 as five and a half hours west)', () => {
    expect(() => warehouseSql({ ...base, dialect: 'postgres', timeZone: '+05:30' })).toThrow(
      /^warehouseSql: timeZone must be an IANA time zone name such as 'Asia\/Kolkata' \(an offset reads with the opposite sign in Postgres\)/,
    );
    expect(codeOf(() => warehouseSql({ ...base, dialect: 'duckdb', timeZone: '-03:00' }))).toBe(
      'invalid_time_zone',
    );
  });

  it('names the option and suggests the zone in messages', () => {
    expect(() => warehouseSql({ dialect: 'duckdb', table: 't', score: 'a"b', node: 'n' })).toThrow(
      /^warehouseSql: options.score must be a column or table name of 1 to 256 characters without quotes, backslashes or control characters, received/,
    );
    expect(() => warehouseSql({ ...base, dialect: 'duckdb', timeZone: 'Europe/Kiyv' })).toThrow(
      /did you mean 'Europe\/Kiev'|did you mean 'Europe\/Kyiv'/,
    );
  });

  it('every dialect writes both queries without repeating the caller-given names unquoted', () => {
    for (const dialect of DIALECTS) {
      const sql = warehouseSql({ ...base, dialect, weight: 'w', drivers: ['speed'] });
      for (const text of [sql.tallies, sql.driverSums ?? '']) {
        expect(text).not.toMatch(/[^"`]answered_at[^"`]/);
        expect(text).not.toMatch(/;/);
      }
    }
  });
});
