import { PGlite } from '@electric-sql/pglite';
import { engineSuite, loadSql } from './_suite.ts';

engineSuite('postgres', async (clean, messy) => {
  // PGlite's session zone is UTC; the SQL converts to the named zone explicitly.
  const pg = new PGlite();
  for (const sql of [
    ...loadSql('responses', clean, 'INTEGER', 'TIMESTAMPTZ'),
    ...loadSql('messy', messy, 'DOUBLE PRECISION', 'TIMESTAMPTZ'),
  ])
    await pg.exec(sql);
  return {
    query: async (sql) => (await pg.query<Record<string, unknown>>(sql)).rows,
    close: () => pg.close(),
  };
});
