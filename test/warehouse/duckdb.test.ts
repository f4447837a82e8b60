import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineScheme, tally, warehouseSql } from '../../src/index.ts';
import { engineSuite } from './_suite.ts';

engineSuite('duckdb', async (statements) => {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  for (const sql of statements) await db.run(sql);
  return {
    query: async (sql) => (await db.runAndReadAll(sql)).getRowObjects(),
    close: () => {
      db.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
});

describe('warehouseSql bands on DuckDB', { timeout: 60_000 }, () => {
  it('classify every score as tally() does, for random schemes (bands from the scheme)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -5, max: 5 }),
          fc.integer({ min: 2, max: 12 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
          fc.constantFrom('all', 'promoters-and-detractors'),
          fc.array(fc.integer({ min: -8, max: 20 }), { minLength: 1, maxLength: 40 }),
          async (min, span, a, b, base, extra) => {
            const max = min + span;
            // detractors [min, d], passives [d + 1, p], promoters [p + 1, max]
            const d = min + Math.floor((a / 101) * (span - 1));
            const p = d + Math.floor((b / 101) * (max - d - 1));
            const scheme = defineScheme({
              scale: [min, max],
              detractors: [min, d],
              passives: p >= d + 1 ? [d + 1, p] : [d + 1, d + 1],
              promoters: p >= d + 1 ? [p + 1, max] : [d + 2, max],
              base,
            });
            const scores = [...Array.from({ length: span + 1 }, (_, i) => min + i), ...extra];
            const fractional = [min + 0.5, Number.NaN];
            const values = [...scores, ...fractional].map((s) => `('${String(s)}')`).join(', ');
            await db.run(
              `CREATE OR REPLACE TABLE t AS SELECT 'n' AS node, CAST(v AS DOUBLE) AS score FROM (VALUES ${values}, (NULL)) AS x(v)`,
            );
            const sql = warehouseSql({
              dialect: 'duckdb',
              table: 't',
              score: 'score',
              node: 'node',
              scheme,
            });
            const [got] = (await db.runAndReadAll(sql.tallies)).getRowObjects();
            const valid = scores.filter((s) => s >= min && s <= max);
            const want = tally(valid, { scheme });
            expect([
              got?.promoters,
              got?.passives,
              got?.detractors,
              got?.missing,
              got?.invalid,
            ]).toEqual(
              [
                want.promoters,
                want.passives,
                want.detractors,
                1,
                scores.length - valid.length + 2,
              ].map(BigInt),
            );
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
