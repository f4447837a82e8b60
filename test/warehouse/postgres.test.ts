import { PGlite } from '@electric-sql/pglite';
import { engineSuite } from './_suite.ts';

engineSuite('postgres', async (statements) => {
  // PGlite's session zone is UTC; the SQL converts to the named zone explicitly.
  const pg = new PGlite();
  for (const sql of statements) await pg.exec(sql);
  return {
    query: async (sql) => (await pg.query<Record<string, unknown>>(sql)).rows,
    close: () => pg.close(),
  };
});
