// Parquet exports (hyparquet): the same report as the same data in CSV; a broken file is a data
// error. The Parquet file is written by DuckDB from the CSV fixture, with a real timestamp type.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, run } from './_run.ts';

let dir = '';
let parquet = '';
const csv = fixture('clean.csv');
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'npskit-cli-parquet-'));
  parquet = join(dir, 'survey.parquet');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(
    `COPY (SELECT * REPLACE (CAST(answered_at AS TIMESTAMPTZ) AS answered_at) FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
  );
  c.closeSync();
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (file: string) => [
  'report',
  file,
  '--score',
  'score',
  '--node',
  'store',
  '--levels',
  'division,region',
  '--at',
  'answered_at',
  '--time-zone',
  'Europe/Moscow',
  '--min-sample',
  '0',
];

describe('npskit report on a Parquet export', () => {
  it('gives the report of the same rows in CSV (timestamps read as instants)', async () => {
    const fromCsv = await run(args(csv));
    const fromParquet = await run(args(parquet));
    expect(fromParquet.code).toBe(0);
    expect(fromParquet.out.split('\n')[0]).toContain('(Parquet)');
    expect(fromParquet.out.split('\n').slice(1)).toEqual(fromCsv.out.split('\n').slice(1));
  });

  it('refuses a broken Parquet file as a data error (exit 1)', async () => {
    const broken = join(dir, 'broken.parquet');
    await writeFile(broken, Buffer.from('PAR1 this is not really parquet PAR1'));
    const r = await run(args(broken));
    expect(r.code).toBe(1);
    expect(r.err).toContain('looks like Parquet but cannot be read');
  });
});
