import { DuckDBInstance } from '@duckdb/node-api';
import { engineSuite, loadSql } from './_suite.ts';

engineSuite('duckdb', async (clean, messy) => {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  for (const sql of [
    ...loadSql('responses', clean, 'INTEGER', 'TIMESTAMPTZ'),
    ...loadSql('messy', messy, 'DOUBLE PRECISION', 'TIMESTAMPTZ'),
  ])
    await db.run(sql);
  return {
    query: async (sql) => (await db.runAndReadAll(sql)).getRowObjects(),
    close: () => {
      db.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
});
