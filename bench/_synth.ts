// The synthetic retail group of `npm run bench` (bench/run.ts): a seeded 5-level tree (company →
// 5 divisions → 20 macro-regions → 100 regions → stores), responses spread over whole months in
// Europe/Kyiv from January 2024, scores 1–10 (npskit's default ten-point scheme) driven by 1–10 ratings of the drivers. Written once
// per configuration to bench/.data/<key>/ as raw little-endian typed columns (what every engine
// reads the same way) and, for DuckDB, as a Parquet file made from a CSV by DuckDB itself.
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { seededRandom } from '../src/kernels/random.ts';
import { type BenchNode, benchTree } from './_tree.ts';

/** The reporting zone of the synthetic group (two DST changes a year). */
export const ZONE = 'Europe/Kyiv';

/** One configuration of the synthetic group. */
export interface SynthConfig {
  readonly responses: number;
  /** Number of stores (a multiple of 100: the fan-out below the regions). */
  readonly stores: number;
  readonly months: number;
  readonly drivers: number;
}

/** A node of the tree, parents before children. */
export type SynthNode = BenchNode;

/** The columns of a synthetic group, as read back from the cache. */
export interface SynthData {
  readonly config: SynthConfig;
  readonly nodes: readonly SynthNode[];
  /** Store ids (the leaves), indexed by `store` codes. */
  readonly stores: readonly string[];
  /** Store code per response. */
  readonly store: Int32Array;
  /** Score 1–10 per response. */
  readonly score: Uint8Array;
  /** The instant (epoch ms) per response. */
  readonly at: Float64Array;
  /** Driver names `d00`, `d01`, …. */
  readonly driverNames: readonly string[];
  /** Rating 1–10 per driver and response. */
  readonly ratings: readonly Uint8Array[];
  /** Month boundaries in {@link ZONE} (epoch ms), `months + 1` of them. */
  readonly bounds: Float64Array;
}

/** The cache directory of the benchmark data (git-ignored). */
export const DATA_DIR = join(import.meta.dirname, '.data');

/** The directory name of a configuration. */
export const keyOf = (c: SynthConfig): string =>
  `n${String(c.responses)}-s${String(c.stores)}-m${String(c.months)}-d${String(c.drivers)}`;

/** The tree: company → 5 divisions → 20 macro-regions → 100 regions → `stores` stores. */
export const synthTree = (stores: number): { nodes: SynthNode[]; stores: string[] } =>
  benchTree(stores);

/** Month boundaries in {@link ZONE} from January 2024. */
export const monthBounds = (months: number): Float64Array =>
  Float64Array.from({ length: months + 1 }, (_, m) => new TZDate(2024, m, 1, ZONE).getTime());

const driverNamesOf = (p: number): string[] =>
  Array.from({ length: p }, (_, j) => `d${String(j).padStart(2, '0')}`);

const COLUMNS = (p: number) => ['store', 'score', 'at', ...driverNamesOf(p)];

function generate(c: SynthConfig, dir: string): void {
  const rng = seededRandom(20_240_101 + c.stores + c.months * 7 + c.drivers * 131);
  const n = c.responses;
  const { stores } = synthTree(c.stores);
  const S = stores.length;
  const bounds = monthBounds(c.months);
  const lo = bounds[0] as number;
  const hi = bounds[c.months] as number;
  // Store sizes vary (some stores get ~4× the responses of others); each store has a level.
  const storeEffect = Float64Array.from({ length: S }, () => rng() * 2 - 1);
  const weight = Float64Array.from({ length: S }, () => 0.5 + 1.5 * rng());
  const cum = new Float64Array(S);
  let acc = 0;
  for (let s = 0; s < S; s++) cum[s] = acc += weight[s] as number;
  const store = new Int32Array(n);
  const score = new Uint8Array(n);
  const at = new Float64Array(n);
  const ratings = Array.from({ length: c.drivers }, () => new Uint8Array(n));
  const beta = Float64Array.from({ length: c.drivers }, (_, j) => (j + 1) / c.drivers);
  let betaSum = 0;
  for (const b of beta) betaSum += b;
  for (let i = 0; i < n; i++) {
    const u = rng() * acc;
    let a = 0;
    let b = S - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((cum[m] as number) <= u) a = m + 1;
      else b = m;
    }
    store[i] = a;
    at[i] = Math.floor(lo + rng() * (hi - lo));
    const common = rng() + rng() - 1 + 0.5 * (storeEffect[a] as number);
    let y = 0;
    for (let j = 0; j < c.drivers; j++) {
      const v = Math.min(10, Math.max(1, Math.round(7 + 3 * common + 2 * (rng() + rng() - 1))));
      (ratings[j] as Uint8Array)[i] = v;
      y += (beta[j] as number) * v;
    }
    const s = Math.round(y / betaSum + 1.5 * (rng() + rng() - 1));
    score[i] = Math.min(10, Math.max(1, s));
  }
  mkdirSync(dir, { recursive: true });
  const cols = [store, score, at, ...ratings];
  COLUMNS(c.drivers).forEach((name, k) => {
    const col = cols[k] as Int32Array | Uint8Array | Float64Array;
    writeFileSync(join(dir, `${name}.bin`), new Uint8Array(col.buffer, 0, col.byteLength));
  });
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(c)}\n`);
}

/** The data of a configuration, generated and cached on first use. Returns the directory. */
export function ensureData(c: SynthConfig): string {
  const dir = join(DATA_DIR, keyOf(c));
  if (!existsSync(join(dir, 'meta.json'))) generate(c, dir);
  return dir;
}

function readColumn<T>(dir: string, name: string, make: (b: ArrayBuffer) => T): T {
  const buf = readFileSync(join(dir, `${name}.bin`));
  // copy into an aligned buffer of its own
  const own = new ArrayBuffer(buf.byteLength);
  new Uint8Array(own).set(buf);
  return make(own);
}

/** Read a cached configuration. */
export function readData(dir: string): SynthData {
  const config = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SynthConfig;
  const { nodes, stores } = synthTree(config.stores);
  const driverNames = driverNamesOf(config.drivers);
  return {
    config,
    nodes,
    stores,
    store: readColumn(dir, 'store', (b) => new Int32Array(b)),
    score: readColumn(dir, 'score', (b) => new Uint8Array(b)),
    at: readColumn(dir, 'at', (b) => new Float64Array(b)),
    driverNames,
    ratings: driverNames.map((d) => readColumn(dir, d, (b) => new Uint8Array(b))),
    bounds: monthBounds(config.months),
  };
}

/** The Parquet file of a configuration for DuckDB (made once, from a CSV DuckDB reads). */
export async function ensureParquet(dir: string): Promise<string> {
  const file = join(dir, 'responses.parquet');
  if (existsSync(file)) return file;
  const d = readData(dir);
  const csv = join(dir, 'responses.csv');
  const out = createWriteStream(csv);
  const names = COLUMNS(d.config.drivers);
  out.write(`${names.join(',')}\n`);
  const n = d.score.length;
  for (let i0 = 0; i0 < n; i0 += 10_000) {
    const lines: string[] = [];
    for (let i = i0; i < Math.min(n, i0 + 10_000); i++) {
      let line = `${String(d.store[i])},${String(d.score[i])},${String(d.at[i])}`;
      for (const r of d.ratings) line += `,${String(r[i])}`;
      lines.push(line);
    }
    if (!out.write(`${lines.join('\n')}\n`))
      await new Promise<void>((resolve) => {
        out.once('drain', () => {
          resolve();
        });
      });
  }
  await new Promise<void>((resolve, reject) => {
    out.end((e?: Error | null) => {
      if (e) reject(e);
      else resolve();
    });
  });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run("SET TimeZone = 'UTC'");
  const types = names
    .map((c) => `"${c}": '${c === 'store' ? 'INTEGER' : c === 'at' ? 'BIGINT' : 'UTINYINT'}'`)
    .join(', ');
  await con.run(
    `COPY (SELECT * REPLACE (make_timestamp("at" * 1000)::TIMESTAMPTZ AS "at") FROM read_csv('${csv}', header = true, columns = {${types}})) TO '${file}' (FORMAT parquet)`,
  );
  con.closeSync();
  db.closeSync();
  rmSync(csv);
  return file;
}
