import * as z from 'zod/mini';
import { resolveScheme } from '../core/resolveScheme.ts';
import type { Scheme } from '../core/scheme.ts';
import type { DriverOutcome } from '../drivers/driverStats.ts';
import { NpsInputError } from '../errors.ts';
import { checkZone } from '../kernels/calendar.ts';
import { describe } from '../kernels/describe.ts';
import { calendarShape } from '../kernels/options.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { TrendPeriod } from '../types.ts';

/** The SQL engines {@link warehouseSql} writes for. */
export type WarehouseDialect = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake' | 'spark';

/**
 * Options of {@link warehouseSql}. Column and table names are quoted in the dialect's way, so
 * give them exactly as the engine stores them (Postgres folds unquoted names to lower case,
 * Snowflake to upper case).
 */
export interface WarehouseSqlOptions {
  /** The SQL engine. */
  readonly dialect: WarehouseDialect;
  /**
   * The table of responses: a name, a dotted path (`'analytics.responses'`, each part quoted
   * apart) or the parts as an array (for names that contain a dot).
   */
  readonly table: string | readonly string[];
  /** The column of scores (numeric; an integer on the scheme's scale counts). */
  readonly score: string;
  /** The column of node ids (any type; it is cast to text, the library's ids being strings). */
  readonly node: string;
  /**
   * The column of instants: a time-zone-aware timestamp (DuckDB and Postgres `timestamptz`,
   * BigQuery `TIMESTAMP`, Snowflake `TIMESTAMP_TZ` or `TIMESTAMP_LTZ`, Spark `TIMESTAMP` with
   * the session time zone UTC). Required with `period`, and used only with it.
   */
  readonly at?: string | undefined;
  /** The calendar period of `period_start` (with `at`); without it, one row per node. */
  readonly period?: TrendPeriod | undefined;
  /** IANA time zone the periods are computed in (default `'UTC'`), as in `trendByNode`. */
  readonly timeZone?: string | undefined;
  /** First day of the week, 0 = Sunday … 6 = Saturday (default 1, ISO Monday), as in `trendByNode`. */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | undefined;
  /** Scoring scheme the bands are written from (default `tenPointScheme`). */
  readonly scheme?: Scheme | undefined;
  /** The column of respondent weights: adds the weighted sums of a weighted `Tally`. */
  readonly weight?: string | undefined;
  /** Columns of driver ratings: adds the `driverSums` query (NULL or NaN marks a missing rating). */
  readonly drivers?: readonly string[] | undefined;
  /** The outcome of the driver sums, as in `driverStats` (default `'score'`). */
  readonly outcome?: DriverOutcome | undefined;
}

/**
 * The SQL texts of {@link warehouseSql}: one `SELECT` each, no trailing semicolon, no
 * parameters. Column names of the results are the lower-case names below (quoted, so Snowflake
 * keeps them lower case).
 */
export interface WarehouseSql {
  /**
   * One row per node (and period): `node_id` (text), `period_start` ('YYYY-MM-DD', with
   * `period`), `promoters`, `passives`, `detractors`, `missing` (NULL scores), `invalid`
   * (scores that are not an integer on the scale, NaN included) and, with `weight`,
   * `promoters_weight`, `passives_weight`, `detractors_weight` (Σw), `promoters_weight_squared`,
   * `passives_weight_squared`, `detractors_weight_squared` (Σw²) and `invalid_weights`.
   */
  readonly tallies: string;
  /**
   * With `drivers`: one row per node (and period) with `node_id`, `period_start`, `n` (complete
   * rows), `excluded` (rows set aside: a missing rating or score), `sum_i` = Σvᵢ and
   * `sum_i_j` = Σvᵢvⱼ for i ≤ j, where v₀ is the outcome and vᵢ the i-th driver.
   */
  readonly driverSums?: string;
}

/** What differs between dialects: quoting, types, and the local date of an instant. */
interface Dialect {
  readonly quote: string;
  readonly double: string;
  readonly text: string;
  /** The local date (a DATE) of instant column `at` in zone literal `zone`. */
  readonly localDate: (at: string, zone: string) => string;
  /** The first day of `period` containing local date `d` (a DATE). */
  readonly trunc: (period: Exclude<TrendPeriod, 'day' | 'week'>, d: string) => string;
  /** The first day of the week containing `d`, weeks starting on `ws` (0 = Sunday). */
  readonly week: (d: string, ws: number) => string;
  /** A DATE as 'YYYY-MM-DD' text. */
  readonly format: (d: string) => string;
  /** Whether double `e` is NaN (most engines take NaN = NaN as true, BigQuery does not). */
  readonly isNan: (e: string) => string;
}

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

const DIALECTS: Readonly<Record<WarehouseDialect, Dialect>> = {
  duckdb: {
    quote: '"',
    double: 'DOUBLE',
    text: 'VARCHAR',
    localDate: (at, zone) => `CAST(timezone(${zone}, ${at}) AS DATE)`,
    trunc: (p, d) => `CAST(date_trunc('${p}', ${d}) AS DATE)`,
    week: (d, ws) =>
      `CAST(${d} - CAST((dayofweek(${d}) + ${String(7 - ws)}) % 7 AS INTEGER) AS DATE)`,
    format: (d) => `strftime(${d}, '%Y-%m-%d')`,
    isNan: (e) => `isnan(${e})`,
  },
  postgres: {
    quote: '"',
    double: 'DOUBLE PRECISION',
    text: 'TEXT',
    localDate: (at, zone) => `CAST((${at} AT TIME ZONE ${zone}) AS DATE)`,
    trunc: (p, d) => `CAST(date_trunc('${p}', CAST(${d} AS TIMESTAMP)) AS DATE)`,
    week: (d, ws) => `(${d} - (CAST(EXTRACT(DOW FROM ${d}) AS INTEGER) + ${String(7 - ws)}) % 7)`,
    format: (d) => `to_char(${d}, 'YYYY-MM-DD')`,
    isNan: (e) => `${e} = CAST('NaN' AS DOUBLE PRECISION)`,
  },
  bigquery: {
    quote: '`',
    double: 'FLOAT64',
    text: 'STRING',
    localDate: (at, zone) => `DATE(${at}, ${zone})`,
    trunc: (p, d) => `DATE_TRUNC(${d}, ${p.toUpperCase()})`,
    week: (d, ws) => `DATE_TRUNC(${d}, WEEK(${WEEKDAYS[ws] ?? 'MONDAY'}))`,
    format: (d) => `FORMAT_DATE('%Y-%m-%d', ${d})`,
    isNan: (e) => `IS_NAN(${e})`,
  },
  snowflake: {
    quote: '"',
    double: 'DOUBLE',
    text: 'VARCHAR',
    localDate: (at, zone) =>
      `CAST(CAST(CONVERT_TIMEZONE(${zone}, ${at}) AS TIMESTAMP_NTZ) AS DATE)`,
    trunc: (p, d) => `DATE_TRUNC('${p.toUpperCase()}', ${d})`,
    week: (d, ws) => `DATEADD('day', -MOD(DAYOFWEEKISO(${d}) + ${String(7 - ws)}, 7), ${d})`,
    format: (d) => `TO_VARCHAR(${d}, 'YYYY-MM-DD')`,
    isNan: (e) => `${e} = CAST('NaN' AS DOUBLE)`,
  },
  spark: {
    quote: '`',
    double: 'DOUBLE',
    text: 'STRING',
    localDate: (at, zone) => `to_date(from_utc_timestamp(${at}, ${zone}))`,
    trunc: (p, d) => `to_date(date_trunc('${p.toUpperCase()}', ${d}))`,
    week: (d, ws) => `date_sub(${d}, pmod(dayofweek(${d}) + ${String(6 - ws)}, 7))`,
    format: (d) => `date_format(${d}, 'yyyy-MM-dd')`,
    isNan: (e) => `isnan(${e})`,
  },
};

const DIALECT_NAMES = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'spark'] as const;

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<WarehouseSqlOptions>()(
    z.strictObject({
      dialect: z.enum(DIALECT_NAMES),
      table: z.union([z.string(), z.array(z.string())]),
      score: z.string(),
      node: z.string(),
      at: z.optional(z.string()),
      period: z.optional(calendarShape().period),
      timeZone: calendarShape().timeZone,
      weekStartsOn: calendarShape().weekStartsOn,
      scheme: z.optional(z.unknown()),
      weight: z.optional(z.string()),
      drivers: z.optional(z.array(z.string())),
      outcome: z.optional(z.enum(['score', 'nps', 'promoter', 'detractor'])),
    }),
  ),
);

/**
 * Whether a name holds a character it may not: a quote of any dialect, the backslash, or a
 * control character. Refusing them (rather than escaping them per dialect) keeps every name one
 * literal token in every engine.
 */
function badIdentifier(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 32 || c === 127 || c === 34 || c === 39 || c === 92 || c === 96) return true;
  }
  return false;
}

function identifier(fn: string, name: string, path: readonly PropertyKey[], q: string): string {
  if (name === '' || name.length > 256 || badIdentifier(name))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.${path.map(String).join('.')} must be a column or table name of 1 to 256 characters without quotes, backslashes or control characters, received ${describe(name)}`,
      path,
      received: name,
    });
  return `${q}${name}${q}`;
}

/** A SQL string literal (the zone, checked to be an IANA name, holds no quote; doubled anyway). */
const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;

const BANDS = ['promoters', 'passives', 'detractors'] as const;

/**
 * Write the SQL that computes npskit's mergeable partials in a warehouse: per node (and
 * calendar period in a time zone) the counts of promoters, passives and detractors (and weighted
 * sums), and, for driver analysis, n, Σx and Σxxᵀ over complete rows. The band conditions are
 * written from the scheme, so they cannot drift from {@link classify}; periods are the local
 * calendar of `trendByNode` (days, ISO Monday weeks or weeks from `weekStartsOn`, months,
 * quarters, years in `timeZone`, exact across DST changes as the engine's zone database is).
 * Feed the rows back with {@link tallyEntriesFromSql} (to `rollup`, `trendByNode`, …) and
 * {@link driverStatsFromSql} (to the driver functions). docs/warehouse.md shows each engine.
 *
 * A score counts when it is an integer on the scheme's scale; NULL scores are counted in
 * `missing` and every other value (fractions, values off the scale, NaN) in `invalid`, so no
 * row is lost. With `weight`, a row whose weight is NULL, negative, NaN or outside the
 * library's range (0, or 1e-150 to 1e150) is counted in `invalid_weights` and nowhere else.
 *
 * @param options - Dialect, table and column names, calendar, scheme, weight and driver columns.
 * @returns `{ tallies, driverSums? }`: SQL texts (see {@link WarehouseSql} for their columns).
 * @throws {@link NpsInputError} `invalid_option` for an unknown dialect or key, a name with
 *   quotes, backslashes or control characters, `period` without `at` (or `at` without
 *   `period`), repeated drivers; `invalid_time_zone` for a zone that is not an IANA name;
 *   `invalid_scheme` for a malformed scheme.
 * @example
 * ```ts
 * const { tallies } = warehouseSql({ dialect: 'postgres', table: 'responses', score: 'score',
 *   node: 'store_id' });
 * tallies.includes(`WHEN "s" BETWEEN 8 AND 10 THEN 'promoters'`); //=> true
 * const m = warehouseSql({ dialect: 'bigquery', table: 'ds.responses', score: 'score',
 *   node: 'store_id', at: 'answered_at', period: 'month', timeZone: 'Europe/Kyiv' });
 * m.tallies.includes("DATE_TRUNC(DATE(`answered_at`, 'Europe/Kyiv'), MONTH)"); //=> true
 * ```
 */
export function warehouseSql(options: WarehouseSqlOptions): WarehouseSql {
  const fn = 'warehouseSql';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const scheme = resolveScheme(o.scheme as Scheme | undefined, fn);
  const d = DIALECTS[o.dialect];
  const q = d.quote;
  const id = (name: string, path: readonly PropertyKey[]) => identifier(fn, name, path, q);
  const alias = (name: string) => `${q}${name}${q}`;
  const parts = typeof o.table === 'string' ? o.table.split('.') : o.table;
  if (parts.length === 0)
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.table must name a table, received an empty array`,
      path: ['table'],
      received: o.table,
    });
  const table = parts
    .map((p, i) => id(p, typeof o.table === 'string' ? ['table'] : ['table', i]))
    .join('.');
  if ((o.period === undefined) !== (o.at === undefined))
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.period and options.at go together (the periods are of the instants in column at), received ${o.period === undefined ? `at ${describe(o.at)} without a period` : `period ${describe(o.period)} without at`}`,
      path: [o.period === undefined ? 'period' : 'at'],
      received: o.period ?? o.at,
    });
  const zone = o.timeZone ?? 'UTC';
  // An offset ('+05:30', which newer Node versions accept as a zone) means the opposite sign to
  // Postgres (POSIX rules) and is not a zone name to the other engines: refuse it.
  if (/^[+-]/.test(zone))
    throw new NpsInputError({
      code: 'invalid_time_zone',
      message: `${fn}: timeZone must be an IANA time zone name such as 'Asia/Kolkata' (an offset reads with the opposite sign in Postgres), received ${describe(zone)}`,
      path: ['timeZone'],
      received: zone,
    });
  checkZone(fn, zone);
  const drivers = o.drivers ?? [];
  const seen = new Set<string>();
  for (const [i, name] of drivers.entries()) {
    if (seen.has(name))
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options.drivers must not repeat a column, received ${describe(name)} twice`,
        path: ['drivers', i],
        received: name,
      });
    seen.add(name);
  }

  // The input columns, read once under fixed names in the innermost subquery `r`; the middle
  // subquery `c` classifies each row (scores and weights as the library reads them), the outer
  // query counts and sums by node (and period).
  const s = alias('s');
  const w = alias('w');
  const keys = [alias('node_id')];
  const cols = [`CAST(${id(o.node, ['node'])} AS ${d.text}) AS ${alias('node_id')}`];
  if (o.period !== undefined && o.at !== undefined) {
    const day = d.localDate(id(o.at, ['at']), literal(zone));
    const start =
      o.period === 'day'
        ? day
        : o.period === 'week'
          ? d.week(day, o.weekStartsOn ?? 1)
          : d.trunc(o.period, day);
    cols.push(`${d.format(start)} AS ${alias('period_start')}`);
    keys.push(alias('period_start'));
  }
  cols.push(`CAST(${id(o.score, ['score'])} AS ${d.double}) AS ${s}`);
  if (o.weight !== undefined) cols.push(`CAST(${id(o.weight, ['weight'])} AS ${d.double}) AS ${w}`);
  const query = (outer: readonly string[], middle: readonly string[], inner: readonly string[]) =>
    [
      `SELECT ${[...keys, ...outer].join(',\n       ')}`,
      `FROM (`,
      `  SELECT ${[...keys, ...middle].join(',\n         ')}`,
      `  FROM (`,
      `    SELECT ${[...cols, ...inner].join(',\n           ')}`,
      `    FROM ${table}`,
      `  ) AS ${alias('r')}`,
      `) AS ${alias('c')}`,
      `GROUP BY ${keys.join(', ')}`,
      `ORDER BY ${keys.join(', ')}`,
    ].join('\n');

  const [min, max] = scheme.scale;
  const valid = `${s} = FLOOR(${s}) AND ${s} BETWEEN ${String(min)} AND ${String(max)}`;
  const band = (b: (typeof BANDS)[number]) =>
    `${s} BETWEEN ${String(scheme[b][0])} AND ${String(scheme[b][1])}`;
  // A weight as `isWeight` (kernels/scores.ts) takes it: 0, or 1e-150 to 1e150.
  const badWeight = `${w} IS NULL OR NOT (${w} = 0 OR (${w} >= 1e-150 AND ${w} <= 1e150))`;
  const category = alias('category');
  const cases = [
    ...(o.weight === undefined ? [] : [`WHEN ${badWeight} THEN 'invalid_weight'`]),
    `WHEN ${s} IS NULL THEN 'missing'`,
    `WHEN NOT (${valid}) THEN 'invalid'`,
    ...BANDS.map((b) => `WHEN ${band(b)} THEN '${b}'`),
  ];
  const classified = [
    `CASE ${cases.join('\n              ')}\n         END AS ${category}`,
    ...(o.weight === undefined ? [] : [w]),
  ];
  const counted = (c: string) => `COUNT(CASE WHEN ${category} = '${c}' THEN 1 END)`;
  const counts = [
    ...BANDS.map((b) => `${counted(b)} AS ${alias(b)}`),
    `${counted('missing')} AS ${alias('missing')}`,
    `${counted('invalid')} AS ${alias('invalid')}`,
  ];
  if (o.weight !== undefined) {
    for (const b of BANDS)
      counts.push(
        `COALESCE(SUM(CASE WHEN ${category} = '${b}' THEN ${w} END), 0) AS ${alias(`${b}_weight`)}`,
      );
    for (const b of BANDS)
      counts.push(
        `COALESCE(SUM(CASE WHEN ${category} = '${b}' THEN ${w} * ${w} END), 0) AS ${alias(`${b}_weight_squared`)}`,
      );
    counts.push(`${counted('invalid_weight')} AS ${alias('invalid_weights')}`);
  }
  const tallies = query(counts, classified, []);
  if (drivers.length === 0) return { tallies };

  // Driver sums: v0 the outcome, v1… the ratings, NULL on rows that are not complete (a missing
  // score or rating, or, for a recoded outcome, a score off the scale), which SUM skips.
  const outcome = o.outcome ?? 'score';
  const x = drivers.map((_, i) => alias(`x${String(i + 1)}`));
  const complete = [
    `${s} IS NOT NULL`,
    ...(outcome === 'score' ? [] : [valid]),
    ...x.map((c) => `${c} IS NOT NULL`),
  ].join(' AND ');
  const y =
    outcome === 'score'
      ? s
      : outcome === 'nps'
        ? `CASE WHEN ${band('promoters')} THEN 100 WHEN ${band('detractors')} THEN -100 ELSE 0 END`
        : `CASE WHEN ${band(outcome === 'promoter' ? 'promoters' : 'detractors')} THEN 1 ELSE 0 END`;
  const v = [y, ...x].map(
    (e, i) => `CASE WHEN ${complete} THEN ${e} END AS ${alias(`v${String(i)}`)}`,
  );
  const vi = (i: number) => alias(`v${String(i)}`);
  const sums = [
    `COUNT(${vi(0)}) AS ${alias('n')}`,
    `COUNT(*) - COUNT(${vi(0)}) AS ${alias('excluded')}`,
  ];
  for (let i = 0; i < v.length; i++)
    sums.push(`COALESCE(SUM(${vi(i)}), 0) AS ${alias(`sum_${String(i)}`)}`);
  for (let i = 0; i < v.length; i++)
    for (let j = i; j < v.length; j++)
      sums.push(
        `COALESCE(SUM(${vi(i)} * ${vi(j)}), 0) AS ${alias(`sum_${String(i)}_${String(j)}`)}`,
      );
  // A NaN rating is missing, as in driverStats (NULL to SUM).
  const xCols = drivers.map((name, i) => {
    const v = `CAST(${id(name, ['drivers', i])} AS ${d.double})`;
    return `CASE WHEN ${d.isNan(v)} THEN NULL ELSE ${v} END AS ${x[i] ?? ''}`;
  });
  return { tallies, driverSums: query(sums, v, xCols) };
}
