import * as z from 'zod/mini';
import {
  type DriverOutcome,
  type DriverStats,
  driverStatsFromSums,
} from '../drivers/driverStats.ts';
import { NpsInputError } from '../errors.ts';
import { checkZone, utcMs, wallToInstant } from '../kernels/calendar.ts';
import { coerceNumber, readCount } from '../kernels/counts.ts';
import { describe } from '../kernels/describe.ts';
import { makeTally } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { TallyEntry, TallyWeights } from '../types.ts';

/** One result row of a {@link warehouseSql} query, as a database driver returns it. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Options of {@link tallyEntriesFromSql}. */
export interface TallyEntriesFromSqlOptions {
  /** The time zone the query was written for (default `'UTC'`): `period_start` is local to it. */
  readonly timeZone?: string | undefined;
  /**
   * What to do with rows whose `missing` or `invalid` count is not 0: `'error'` (default, as
   * the library does with such scores) or `'exclude'` (left out and counted in `excluded`).
   */
  readonly onInvalidScore?: 'error' | 'exclude' | undefined;
}

/** Scores a warehouse query set aside, by reason (only with `onInvalidScore: 'exclude'`). */
export interface SqlExclusion {
  /** `'missing_score'` (NULL) or `'invalid_score'` (not an integer on the scale). */
  readonly reason: 'missing_score' | 'invalid_score';
  /** How many responses. */
  readonly count: number;
}

/** The result of {@link tallyEntriesFromSql}. */
export interface SqlTallyEntries {
  /**
   * One tally entry per row, for `rollup`, `trendByNode` and every function reading responses:
   * `nodeId` (`null` for a NULL node), `at` the instant the row's local `period_start` begins
   * in the zone (absent without a period or for a NULL one) and the `tally` (with weighted sums
   * when the query had a weight).
   */
  readonly entries: readonly TallyEntry[];
  /** Responses set aside for their score (0 unless `onInvalidScore: 'exclude'`). */
  readonly excludedN: number;
  /** Those responses by reason (reasons with a count of 0 omitted). */
  readonly excluded: readonly SqlExclusion[];
}

/** Options of {@link driverStatsFromSql}. */
export interface DriverStatsFromSqlOptions {
  /** The driver names, in the order of the query's `drivers` (`sum_1` is the first). */
  readonly drivers: readonly string[];
  /** The outcome the query was written for (default `'score'`). */
  readonly outcome?: DriverOutcome | undefined;
}

/** Driver statistics of one node (and period) from a `driverSums` query. */
export interface SqlDriverStats {
  /** The node (`null` for a NULL node). */
  readonly nodeId: string | null;
  /** The local date 'YYYY-MM-DD' the period starts on (`null` without periods). */
  readonly periodStart: string | null;
  /** The statistics: merge them with `mergeDriverStats`, pass them to the driver functions. */
  readonly stats: DriverStats;
}

const tallyOptionsSchema = /* @__PURE__ */ lazy(() =>
  z.optional(
    exactKeys<TallyEntriesFromSqlOptions>()(
      z.strictObject({
        timeZone: z.optional(z.string()),
        onInvalidScore: z.optional(z.enum(['error', 'exclude'])),
      }),
    ),
  ),
);

const driverOptionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<DriverStatsFromSqlOptions>()(
    z.strictObject({
      drivers: z.array(z.string()),
      outcome: z.optional(z.enum(['score', 'nps', 'promoter', 'detractor'])),
    }),
  ),
);

const BANDS = ['promoters', 'passives', 'detractors'] as const;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkRows(fn: string, rows: unknown): readonly SqlRow[] {
  if (!Array.isArray(rows))
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: rows must be an array of result rows (objects keyed by column name), received ${describe(rows)}`,
      received: rows,
    });
  return rows as readonly SqlRow[];
}

function rowAt(fn: string, rows: readonly SqlRow[], i: number): SqlRow {
  const r: unknown = rows[i];
  if (typeof r === 'object' && r !== null && !Array.isArray(r)) return r as SqlRow;
  throw new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: row ${String(i)} must be an object keyed by column name, received ${describe(r)}`,
    index: i,
    path: [i],
    received: r,
  });
}

/** A count column (BigInt, number or digits, as drivers return `COUNT(*)`). */
function count(fn: string, row: SqlRow, i: number, key: string): number {
  const v = Object.hasOwn(row, key) ? row[key] : undefined;
  const n = readCount(v, true);
  if (n !== null) return n;
  throw new NpsInputError({
    code: 'invalid_count',
    message: `${fn}: ${key} of row ${String(i)} must be a non-negative integer count (a number, BigInt or string of digits), received ${describe(v)}`,
    index: i,
    path: [i, key],
    received: v,
  });
}

/** A sum column (a number, or a BigInt or decimal string as drivers return `SUM`). */
function sum(fn: string, row: SqlRow, i: number, key: string): number {
  const v = Object.hasOwn(row, key) ? row[key] : undefined;
  const x = typeof v === 'number' ? v : coerceNumber(v);
  if (x !== undefined && Number.isFinite(x)) return x;
  throw new NpsInputError({
    code: 'non_finite',
    message: `${fn}: ${key} of row ${String(i)} must be a finite number (or a BigInt or decimal string), received ${describe(v)}`,
    index: i,
    path: [i, key],
    received: v,
  });
}

/** `node_id`: a string, or `null` for a NULL node. */
function nodeOf(fn: string, row: SqlRow, i: number): string | null {
  const v = Object.hasOwn(row, 'node_id') ? row.node_id : undefined;
  if (typeof v === 'string' || v === null) return v;
  throw new NpsInputError({
    code: 'invalid_id',
    message: `${fn}: node_id of row ${String(i)} must be a string or null (the query casts it to text), received ${describe(v)}`,
    index: i,
    path: [i, 'node_id'],
    received: v,
  });
}

/** `period_start`: a 'YYYY-MM-DD' string, `null` (a NULL instant), or absent (no periods). */
function periodOf(fn: string, row: SqlRow, i: number): string | null {
  if (!Object.hasOwn(row, 'period_start')) return null;
  const v = row.period_start;
  if (v === null) return null;
  const m = typeof v === 'string' ? LOCAL_DATE.exec(v) : null;
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(utcMs(y, mo - 1, d));
    if (t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return v as string;
  }
  throw new NpsInputError({
    code: 'invalid_date',
    message: `${fn}: period_start of row ${String(i)} must be a local date 'YYYY-MM-DD' or null, received ${describe(v)}`,
    index: i,
    path: [i, 'period_start'],
    received: v,
  });
}

/**
 * Turn the rows of a {@link warehouseSql} `tallies` query into tally entries for `rollup`,
 * `trendByNode`, `trend` and every function that reads responses, so the library finishes
 * with exact statistics what the warehouse counted. Each row's `period_start` (a local date)
 * becomes `at`, the instant that date begins in `timeZone` (exact across DST changes, and in a
 * zone whose midnight was skipped, the first instant of the day), so `trendByNode` with the
 * same `period`, `timeZone` and `weekStartsOn` puts it in the same period. Counts may be
 * numbers, BigInts or strings of digits, as database drivers return them.
 *
 * @param rows - The result rows (objects keyed by column name).
 * @param options - `timeZone` of the query (default `'UTC'`), `onInvalidScore`.
 * @returns `{ entries, excludedN, excluded }`.
 * @throws {@link NpsInputError} `invalid_score` when a row counted missing or invalid scores
 *   (unless `onInvalidScore: 'exclude'`), `invalid_weight` when it counted invalid weights,
 *   `invalid_count` for a count that is not a non-negative integer, `non_finite` for a weighted
 *   sum that is not a finite number, `invalid_id` for a node id that is not text,
 *   `invalid_date` for a `period_start` that is not a date, `invalid_input` for rows that are
 *   not objects, `invalid_time_zone` and `invalid_option` for bad options.
 * @example
 * ```ts
 * // rows as DuckDB returns them (COUNT is a BigInt)
 * const { entries } = tallyEntriesFromSql(
 *   [{ node_id: 'a', period_start: '2025-03-01', promoters: 3n, passives: 1n, detractors: 1n,
 *      missing: 0n, invalid: 0n }],
 *   { timeZone: 'Europe/Kyiv' },
 * );
 * new Date(entries[0].at).toISOString(); //=> '2025-02-28T22:00:00.000Z'
 * nps(entries[0].tally); //=> 50
 * ```
 */
export function tallyEntriesFromSql(
  rows: readonly SqlRow[],
  options?: TallyEntriesFromSqlOptions,
): SqlTallyEntries {
  const fn = 'tallyEntriesFromSql';
  const o = parseWith(tallyOptionsSchema(), options, fn, 'options');
  const zone = o?.timeZone ?? 'UTC';
  checkZone(fn, zone);
  const exclude = o?.onInvalidScore === 'exclude';
  const list = checkRows(fn, rows);
  const entries: TallyEntry[] = [];
  let missingN = 0;
  let invalidN = 0;
  for (let i = 0; i < list.length; i++) {
    const row = rowAt(fn, list, i);
    const nodeId = nodeOf(fn, row, i);
    const start = periodOf(fn, row, i);
    const [p, pa, d] = BANDS.map((b) => count(fn, row, i, b)) as [number, number, number];
    const missing = Object.hasOwn(row, 'missing') ? count(fn, row, i, 'missing') : 0;
    const invalid = Object.hasOwn(row, 'invalid') ? count(fn, row, i, 'invalid') : 0;
    if ((missing > 0 || invalid > 0) && !exclude)
      throw new NpsInputError({
        code: 'invalid_score',
        message: `${fn}: row ${String(i)} (node ${describe(nodeId)}${start === null ? '' : `, period ${start}`}) counted ${String(missing)} missing and ${String(invalid)} invalid scores, which the library refuses by default; pass onInvalidScore: 'exclude' to set them aside (counted in excluded)`,
        index: i,
        path: [i, missing > 0 ? 'missing' : 'invalid'],
        received: missing > 0 ? missing : invalid,
      });
    missingN += missing;
    invalidN += invalid;
    let weights: TallyWeights | undefined;
    if (Object.hasOwn(row, 'promoters_weight')) {
      const bad = Object.hasOwn(row, 'invalid_weights') ? count(fn, row, i, 'invalid_weights') : 0;
      if (bad > 0)
        throw new NpsInputError({
          code: 'invalid_weight',
          message: `${fn}: row ${String(i)} (node ${describe(nodeId)}${start === null ? '' : `, period ${start}`}) counted ${String(bad)} invalid weights (NULL, negative, NaN or outside 0 and 1e-150 to 1e150); fix or filter them in the warehouse`,
          index: i,
          path: [i, 'invalid_weights'],
          received: bad,
        });
      const [wp, wpa, wd, sp, spa, sd] = [
        ...BANDS.map((b) => sum(fn, row, i, `${b}_weight`)),
        ...BANDS.map((b) => sum(fn, row, i, `${b}_weight_squared`)),
      ] as [number, number, number, number, number, number];
      weights = {
        promoters: wp,
        passives: wpa,
        detractors: wd,
        promotersSquared: sp,
        passivesSquared: spa,
        detractorsSquared: sd,
      };
    }
    const tally = makeTally(p, pa, d, weights, fn);
    const at = start === null ? undefined : localMidnight(zone, start);
    entries.push(at === undefined ? { nodeId, tally } : { nodeId, at, tally });
  }
  const excluded: SqlExclusion[] = [];
  if (missingN > 0) excluded.push({ reason: 'missing_score', count: missingN });
  if (invalidN > 0) excluded.push({ reason: 'invalid_score', count: invalidN });
  return { entries, excludedN: missingN + invalidN, excluded };
}

/** The instant a local date 'YYYY-MM-DD' begins in `zone` (epoch ms). */
function localMidnight(zone: string, date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return wallToInstant(zone, utcMs(y, m - 1, d));
}

/**
 * Turn the rows of a {@link warehouseSql} `driverSums` query into {@link DriverStats}, one per
 * node (and period), through `driverStatsFromSums` (x̄ = Σx / n, Cᵢⱼ = Σxᵢxⱼ − n x̄ᵢx̄ⱼ; exact
 * for integer ratings, whose sums a double holds exactly). `excludedN` is the query's
 * `excluded` count. Merge them with `mergeDriverStats` (up a hierarchy, over periods) and pass
 * them to `relativeImportance`, `driverRegression` and the other linear driver functions.
 *
 * @param rows - The result rows.
 * @param options - `drivers` (the names, in the query's order) and `outcome`.
 * @returns One `{ nodeId, periodStart, stats }` per row.
 * @throws {@link NpsInputError} `incompatible_stats` for sums no rows can produce (see
 *   `driverStatsFromSums`), `invalid_count` for a bad `n` or `excluded`, `non_finite` for a sum
 *   that is not a finite number, `invalid_id`, `invalid_date` and `invalid_input` as
 *   {@link tallyEntriesFromSql}, `invalid_option` for bad options.
 * @example
 * ```ts
 * // rows (score, speed): (9, 8) and (5, 4) at store 'a', one more with speed NULL
 * const [a] = driverStatsFromSql(
 *   [{ node_id: 'a', n: 2n, excluded: 1n, sum_0: 14, sum_1: 12, sum_0_0: 106, sum_0_1: 92,
 *      sum_1_1: 80 }],
 *   { drivers: ['speed'] },
 * );
 * a.stats.comoments; //=> [8, 8, 8, 8]
 * a.stats.excludedN; //=> 1
 * ```
 */
export function driverStatsFromSql(
  rows: readonly SqlRow[],
  options: DriverStatsFromSqlOptions,
): readonly SqlDriverStats[] {
  const fn = 'driverStatsFromSql';
  const o = parseWith(driverOptionsSchema(), options, fn, 'options');
  const list = checkRows(fn, rows);
  const k = o.drivers.length + 1;
  const out: SqlDriverStats[] = [];
  for (let i = 0; i < list.length; i++) {
    const row = rowAt(fn, list, i);
    const nodeId = nodeOf(fn, row, i);
    const periodStart = periodOf(fn, row, i);
    const n = count(fn, row, i, 'n');
    const excludedN = count(fn, row, i, 'excluded');
    const sums = Array.from({ length: k }, (_, a) => sum(fn, row, i, `sum_${String(a)}`));
    const products = new Array<number>(k * k);
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) {
        const v = sum(fn, row, i, `sum_${String(a)}_${String(b)}`);
        products[a * k + b] = v;
        products[b * k + a] = v;
      }
    let stats: DriverStats;
    try {
      stats = driverStatsFromSums({
        drivers: o.drivers,
        outcome: o.outcome ?? 'score',
        n,
        sums,
        sumsOfProducts: products,
      });
    } catch (e) {
      if (!(e instanceof NpsInputError)) throw e;
      throw new NpsInputError({
        code: e.code,
        message: `${fn}: row ${String(i)}: ${e.message.replace(/^driverStatsFromSums: /, '')}`,
        index: i,
        path: [i, ...e.path],
        received: e.received,
        cause: e,
      });
    }
    out.push({ nodeId, periodStart, stats: { ...stats, excludedN } });
  }
  return out;
}
