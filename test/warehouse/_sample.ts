// The sample retail group (npskit/sample) loaded into DuckDB and Postgres (PGlite): npskit's
// results from the SQL partials equal its results from the raw rows, exactly for counts and to
// 1e-12 for driver statistics, with periods in the group's zone and in Europe/Kyiv (DST).
import { describe, expect, it } from 'vitest';
import {
  driverStats,
  driverStatsFromSql,
  mergeDriverStats,
  rollup,
  type SqlRow,
  tallyEntriesFromSql,
  trendByNode,
  type WarehouseDialect,
  warehouseSql,
} from '../../src/index.ts';
import { sampleRetailGroup } from '../../src/sample/index.ts';

const group = sampleRetailGroup();
const drivers = group.drivers.map((d) => d.id);
const raw = group.responses.map(({ nodeId, score, at }) => ({ nodeId, score, at }));

/** DDL and INSERTs (in batches) of the sample's responses, as table `sample_responses`. */
export function sampleLoad(): string[] {
  const cols = [
    'node_id TEXT',
    'score INTEGER',
    'answered_at TIMESTAMPTZ',
    ...drivers.map((d) => `${d} INTEGER`),
  ];
  const out = [`CREATE TABLE sample_responses (${cols.join(', ')})`];
  const batch = 5000;
  for (let i = 0; i < group.responses.length; i += batch) {
    const values = group.responses
      .slice(i, i + batch)
      .map(
        (r) =>
          `('${r.nodeId}', ${String(r.score)}, to_timestamp(${String(r.at / 1000)}), ${drivers
            .map((d) => String(r.ratings[d] ?? 'NULL'))
            .join(', ')})`,
      )
      .join(',\n');
    out.push(`INSERT INTO sample_responses VALUES ${values}`);
  }
  return out;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/** The checks on the sample group, run on an engine that has loaded {@link sampleLoad}. */
export function sampleSuite(
  dialect: WarehouseDialect,
  engine: () => { readonly query: (sql: string) => Promise<readonly SqlRow[]> },
): void {
  describe(`the sample retail group through ${dialect}`, { timeout: 60_000 }, () => {
    const base = { dialect, table: 'sample_responses', score: 'score', node: 'node_id' } as const;

    it('rollup from the tallies equals rollup from the responses', async () => {
      const rows = await engine().query(warehouseSql(base).tallies);
      expect(rollup(group.hierarchy, tallyEntriesFromSql(rows).entries)).toEqual(
        rollup(group.hierarchy, raw),
      );
    });

    for (const [period, timeZone] of [
      ['month', group.timeZone],
      ['month', 'Europe/Kyiv'],
      ['week', 'Europe/Kyiv'],
      ['quarter', 'Europe/Kyiv'],
    ] as const)
      it(`trendByNode by ${period} in ${timeZone} from the tallies equals it from the responses`, async () => {
        const sql = warehouseSql({ ...base, at: 'answered_at', period, timeZone });
        const { entries } = tallyEntriesFromSql(await engine().query(sql.tallies), { timeZone });
        const options = { period, timeZone };
        expect(trendByNode(group.hierarchy, entries, options)).toEqual(
          trendByNode(group.hierarchy, raw, options),
        );
      });

    it('driver statistics from the sums equal driverStats of the responses to 1e-12', async () => {
      const sql = warehouseSql({ ...base, drivers, outcome: 'nps' });
      const perNode = driverStatsFromSql(await engine().query(sql.driverSums ?? ''), {
        drivers,
        outcome: 'nps',
      });
      const merged = perNode.map((x) => x.stats).reduce((a, b) => mergeDriverStats(a, b));
      const checks = [
        ...perNode.map((x) => ({
          got: x.stats,
          rows: group.responses.filter((r) => r.nodeId === x.nodeId),
        })),
        { got: merged, rows: group.responses },
      ];
      for (const { got, rows } of checks) {
        const want = driverStats(rows, { drivers, outcome: 'nps' });
        expect([got.n, got.excludedN]).toEqual([want.n, want.excludedN]);
        got.means.forEach((m, i) => {
          expect(rel(m, want.means[i] ?? Number.NaN)).toBeLessThan(1e-12);
        });
        got.comoments.forEach((c, i) => {
          expect(rel(c, want.comoments[i] ?? Number.NaN)).toBeLessThan(1e-12);
        });
      }
      expect(merged.excludedN).toBeGreaterThan(0);
    });
  });
}
