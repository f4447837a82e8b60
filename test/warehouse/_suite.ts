// The checks every engine runs: npskit's results from the SQL partials equal its results from
// the raw rows, exactly for counts and to 1e-12 (relative) for weighted sums and driver
// statistics, over two years in Europe/Kyiv (DST changes, responses near local midnight).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DriverStats,
  driverStats,
  driverStatsFromSql,
  isNpsInputError,
  mergeDriverStats,
  relativeImportance,
  rollup,
  type SqlRow,
  tallyEntriesFromSql,
  trendByNode,
  type WarehouseDialect,
  warehouseSql,
} from '../../src/index.ts';
import { badRows, DRIVERS, hierarchy, type MessyRow, responses, values, ZONE } from './_data.ts';
import { sampleLoad, sampleSuite } from './_sample.ts';

/** An engine with the table `responses` (and `messy`) loaded: runs one query. */
export interface Engine {
  readonly query: (sql: string) => Promise<readonly SqlRow[]>;
  readonly close: () => Promise<void>;
}

/** The DDL that loads `rows` into table `name` (columns store, score, at, w, speed, staff, price). */
function loadSql(name: string, rows: readonly MessyRow[], scoreType: string, tsType: string) {
  return [
    `CREATE TABLE ${name} (store TEXT, score ${scoreType}, answered_at ${tsType}, w DOUBLE PRECISION, speed INTEGER, staff INTEGER, price INTEGER)`,
    `INSERT INTO ${name} SELECT store, CAST(score AS ${scoreType}), to_timestamp(t), CAST(w AS DOUBLE PRECISION), CAST(speed AS INTEGER), CAST(staff AS INTEGER), CAST(price AS INTEGER) FROM (VALUES ${values(rows)}) AS v(store, score, t, w, speed, staff, price)`,
  ];
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/** Means and co-moments agree to 1e-12 relative; counts exactly. */
function expectStatsClose(got: DriverStats, want: DriverStats): void {
  expect(got.drivers).toEqual(want.drivers);
  expect(got.outcome).toBe(want.outcome);
  expect(got.n).toBe(want.n);
  expect(got.excludedN).toBe(want.excludedN);
  got.means.forEach((m, i) => {
    expect(rel(m, want.means[i] ?? Number.NaN)).toBeLessThan(1e-12);
  });
  got.comoments.forEach((c, i) => {
    expect(rel(c, want.comoments[i] ?? Number.NaN)).toBeLessThan(1e-12);
  });
}

export function engineSuite(
  dialect: WarehouseDialect,
  open: (statements: readonly string[]) => Promise<Engine>,
): void {
  const rows = responses();
  const messy: MessyRow[] = [...rows.slice(0, 300), ...badRows()];
  const raw = rows.map(({ nodeId, score, at }) => ({ nodeId, score, at }));
  const tree = hierarchy();
  let engine: Engine;
  beforeAll(async () => {
    engine = await open([
      ...loadSql('responses', rows, 'INTEGER', 'TIMESTAMPTZ'),
      ...loadSql('messy', messy, 'DOUBLE PRECISION', 'TIMESTAMPTZ'),
      ...sampleLoad(),
    ]);
    return () => engine.close();
  }, 240_000);
  const base = { dialect, table: 'responses', score: 'score', node: 'store' } as const;

  describe(`warehouseSql on ${dialect}`, { timeout: 60_000 }, () => {
    it('tallies without periods feed rollup to the same result as the raw rows', async () => {
      const sql = warehouseSql(base);
      const { entries, excludedN } = tallyEntriesFromSql(await engine.query(sql.tallies));
      expect(excludedN).toBe(0);
      expect(entries).toHaveLength(6);
      expect(rollup(tree, entries)).toEqual(rollup(tree, raw));
    });

    for (const period of ['day', 'week', 'month', 'quarter', 'year'] as const)
      it(`tallies by ${period} in ${ZONE} feed trendByNode to the same cube as the raw rows`, async () => {
        const sql = warehouseSql({ ...base, at: 'answered_at', period, timeZone: ZONE });
        const { entries } = tallyEntriesFromSql(await engine.query(sql.tallies), {
          timeZone: ZONE,
        });
        const options = { period, timeZone: ZONE };
        const want = trendByNode(tree, raw, options);
        expect(trendByNode(tree, entries, options)).toEqual(want);
        expect(want.nodes[0]?.points.reduce((a, p) => a + (p.n ?? 0), 0)).toBe(rows.length);
      });

    for (const weekStartsOn of [0, 3] as const)
      it(`weeks starting on day ${String(weekStartsOn)} match trendByNode's`, async () => {
        const sql = warehouseSql({
          ...base,
          at: 'answered_at',
          period: 'week',
          timeZone: ZONE,
          weekStartsOn,
        });
        const { entries } = tallyEntriesFromSql(await engine.query(sql.tallies), {
          timeZone: ZONE,
        });
        const options = { period: 'week', timeZone: ZONE, weekStartsOn } as const;
        expect(trendByNode(tree, entries, options)).toEqual(trendByNode(tree, raw, options));
      });

    it('months in UTC (the default zone) match too', async () => {
      const sql = warehouseSql({ ...base, at: 'answered_at', period: 'month' });
      const { entries } = tallyEntriesFromSql(await engine.query(sql.tallies));
      expect(trendByNode(tree, entries, { period: 'month' })).toEqual(
        trendByNode(tree, raw, { period: 'month' }),
      );
    });

    it('puts instants around Kyiv midnights and DST changes in the local period', async () => {
      const sql = warehouseSql({ ...base, at: 'answered_at', period: 'day', timeZone: ZONE });
      const got = await engine.query(sql.tallies);
      const days = new Set(got.map((r) => r.period_start));
      // every response's local day (checked with Intl, independent of the library)
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' });
      expect(days).toEqual(new Set(rows.map((r) => local.format(r.at))));
      const months = await engine.query(
        warehouseSql({ ...base, at: 'answered_at', period: 'month', timeZone: ZONE }).tallies,
      );
      // 2024-10-31T21:00Z is 23:00 local (UTC+2 since 27 October): still October
      const oct = rows.filter(
        (r) =>
          r.nodeId === 's1' &&
          r.at >= Date.UTC(2024, 8, 30, 21) &&
          r.at < Date.UTC(2024, 9, 31, 22),
      ).length;
      const octRow = months.find((r) => r.node_id === 's1' && r.period_start === '2024-10-01');
      expect(
        Number(octRow?.promoters) + Number(octRow?.passives) + Number(octRow?.detractors),
      ).toBe(oct);
    });

    it('weighted tallies: the same counts, weighted sums to 1e-12', async () => {
      const sql = warehouseSql({ ...base, weight: 'w' });
      const { entries } = tallyEntriesFromSql(await engine.query(sql.tallies));
      const weighted = rows.map(({ nodeId, score, at, weight }) => ({ nodeId, score, at, weight }));
      const got = rollup(tree, entries);
      const want = rollup(tree, weighted);
      expect(got.nodes.map((x) => x.id)).toEqual(want.nodes.map((x) => x.id));
      got.nodes.forEach((x, i) => {
        const y = want.nodes[i];
        const { weights: gw, ...gc } = x.total ?? {};
        const { weights: ww, ...wc } = y?.total ?? {};
        expect(gc).toEqual(wc);
        for (const k of Object.keys(ww ?? {}) as (keyof NonNullable<typeof ww>)[])
          expect(rel(gw?.[k] ?? Number.NaN, ww?.[k] ?? Number.NaN)).toBeLessThan(1e-12);
        expect(rel(x.nps ?? Number.NaN, y?.nps ?? Number.NaN)).toBeLessThan(1e-12);
        expect(rel(x.se ?? Number.NaN, y?.se ?? Number.NaN)).toBeLessThan(1e-12);
      });
    });

    for (const outcome of ['score', 'nps', 'promoter'] as const)
      it(`driver sums (outcome ${outcome}) give driverStats of the raw rows to 1e-12`, async () => {
        const sql = warehouseSql({ ...base, drivers: [...DRIVERS], outcome });
        const got = driverStatsFromSql(await engine.query(sql.driverSums ?? ''), {
          drivers: [...DRIVERS],
          outcome,
        });
        const options = { drivers: [...DRIVERS], outcome };
        expect(got.map((g) => g.nodeId)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
        for (const g of got)
          expectStatsClose(
            g.stats,
            driverStats(
              rows.filter((r) => r.nodeId === g.nodeId),
              options,
            ),
          );
        const all = got.map((g) => g.stats).reduce((a, b) => mergeDriverStats(a, b));
        const want = driverStats(rows, options);
        expectStatsClose(all, want);
        const a = relativeImportance(all, { metric: 'lmg', outcome });
        const b = relativeImportance(rows, { metric: 'lmg', outcome, drivers: [...DRIVERS] });
        a.drivers.forEach((d, i) => {
          expect(rel(d.raw, b.drivers[i]?.raw ?? Number.NaN)).toBeLessThan(1e-12);
        });
      });

    it('a NaN rating is missing, as in driverStats (not a NaN sum)', async () => {
      await engine.query(
        `CREATE TABLE nan_ratings AS SELECT store, score, CAST(speed AS DOUBLE PRECISION) AS speed FROM (VALUES ('a', 9, '8'), ('a', 5, '4'), ('a', 7, 'NaN'), ('a', 6, NULL)) AS v(store, score, speed)`,
      );
      const sql = warehouseSql({ ...base, table: 'nan_ratings', drivers: ['speed'] });
      const [got] = driverStatsFromSql(await engine.query(sql.driverSums ?? ''), {
        drivers: ['speed'],
      });
      const want = driverStats(
        [
          { score: 9, ratings: { speed: 8 } },
          { score: 5, ratings: { speed: 4 } },
          { score: 7, ratings: { speed: Number.NaN } },
          { score: 6, ratings: { speed: null } },
        ],
        { drivers: ['speed'] },
      );
      // (9, 8) and (5, 4): means 7 and 6, co-moments 8; two rows set aside
      expect(got?.stats).toEqual({ ...want, comoments: [8, 8, 8, 8], excludedN: 2 });
    });

    it('driver sums by month match driverStats of each month', async () => {
      const sql = warehouseSql({
        ...base,
        at: 'answered_at',
        period: 'month',
        timeZone: ZONE,
        drivers: ['speed'],
      });
      const got = driverStatsFromSql(await engine.query(sql.driverSums ?? ''), {
        drivers: ['speed'],
      });
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' });
      const march = got.find((g) => g.nodeId === 's2' && g.periodStart === '2025-03-01');
      const want = rows.filter(
        (r) => r.nodeId === 's2' && local.format(r.at).startsWith('2025-03'),
      );
      expect(march).toBeDefined();
      if (march) expectStatsClose(march.stats, driverStats(want, { drivers: ['speed'] }));
    });

    it('counts missing and invalid scores: an error by default, excluded on request', async () => {
      const sql = warehouseSql({ ...base, table: 'messy' });
      const got = await engine.query(sql.tallies);
      expect(got.reduce((a, r) => a + Number(r.missing), 0)).toBe(2);
      expect(got.reduce((a, r) => a + Number(r.invalid), 0)).toBe(3);
      let err: unknown;
      try {
        tallyEntriesFromSql(got);
      } catch (e) {
        err = e;
      }
      expect(isNpsInputError(err) && err.code).toBe('invalid_score');
      const { entries, excludedN, excluded } = tallyEntriesFromSql(got, {
        onInvalidScore: 'exclude',
      });
      expect(excluded).toEqual([
        { reason: 'missing_score', count: 2 },
        { reason: 'invalid_score', count: 3 },
      ]);
      const want = rollup(
        tree,
        messy.map(({ nodeId, score, at }) => ({ nodeId, score, at })),
        { onInvalidScore: 'exclude' },
      );
      expect(excludedN).toBe(want.excludedN);
      expect(rollup(tree, entries).nodes).toEqual(want.nodes);
    });
  });

  sampleSuite(dialect, () => engine);
}
