// One timed task of `npm run bench`, run by bench/run.ts in a fresh process:
//   tsx bench/task.ts <engine> <job> <data dir> [reps]
// engine: npskit | duckdb | arquero | idiomatic | loop; job: rollup | cube | drivers.
// Loads the cached synthetic group into the engine's own form (timed as `load`), runs the job
// once (`first`) and `reps` more times (`warm`, the median), and prints one JSON line: the times
// (wall seconds), the process's peak resident memory and a checksum of the answer that
// bench/run.ts compares across engines. Every engine does the same job: counts of detractors,
// passives and promoters for every node of the 5-level tree (rollup), the same per node × month
// in Europe/Kyiv (cube), and the driver analysis: the co-moments of the score and 16 ratings,
// then exact Shapley (LMG) shares of R² (drivers; the peers compute Σx and Σxy, which npskit's
// driverStatsFromSums and shapley finish, as a warehouse would).
import { performance } from 'node:perf_hooks';
import type { RelativeImportanceResult } from '../src/index.ts';
import {
  buildHierarchy,
  driverStats,
  driverStatsFromSums,
  rollup,
  shapley,
  trendByNode,
} from '../src/index.ts';
import { ensureParquet, readData, type SynthData, ZONE } from './_synth.ts';

type Job = 'rollup' | 'cube' | 'drivers';
/** What a job returns: a checksum of its answer. */
type Check = number[];
type Jobs = Record<Job, () => Check | Promise<Check>>;
type Engine = (d: SynthData) => Jobs | Promise<Jobs>;

// npskit's default ten-point scheme: scores 1–10, detractor 1–5, passive 6–7, promoter 8–10
// (category 0, 1, 2; index 0 is unused).
const CATEGORY = new Uint8Array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);

/** Parent index per node and store code → node index. */
function treeIndex(d: SynthData) {
  const indexOf = new Map(d.nodes.map((n, i) => [n.id, i]));
  const parent = Int32Array.from(d.nodes, (n) =>
    n.parentId === null ? -1 : (indexOf.get(n.parentId) ?? -1),
  );
  const storeNode = Int32Array.from(d.stores, (s) => indexOf.get(s) ?? 0);
  return { parent, storeNode };
}

/** The checksum of a rollup: root counts and the promoters summed over every node. */
const rollupCheck = (root: number[], allPromoters: number): Check => [...root, allPromoters];

/** The checksum of a driver analysis: n, R² and the last driver's share (to 1e-9). */
const driversCheck = (r: RelativeImportanceResult): Check => [
  r.n,
  Math.round(r.r2 * 1e9) / 1e9,
  Math.round((r.drivers.at(-1)?.raw ?? Number.NaN) * 1e9) / 1e9,
];

/** Σx and Σxy → exact Shapley through npskit (the finish every peer shares). */
function finishDrivers(d: SynthData, n: number, sums: number[], products: number[]): Check {
  const stats = driverStatsFromSums({
    drivers: d.driverNames,
    n,
    sums,
    sumsOfProducts: products,
  });
  return driversCheck(shapley(stats));
}

// ——— the tight typed-array loop (the baseline) ———
const loop: Engine = (d) => {
  const { parent, storeNode } = treeIndex(d);
  const N = d.nodes.length;
  const P = d.config.months;
  const { bounds } = d;
  const lo = bounds[0] as number;
  const hi = bounds[P] as number;
  const HOUR = 3_600_000;
  const lut = new Int32Array(Math.ceil((hi - lo) / HOUR) + 1);
  for (let c = 0, b = 0; c < lut.length; c++) {
    while (b + 1 < P && (bounds[b + 1] as number) <= lo + c * HOUR) b++;
    lut[c] = b;
  }
  const { store, score, at } = d;
  const n = score.length;
  return {
    rollup: () => {
      const counts = new Float64Array(N * 3);
      for (let i = 0; i < n; i++) {
        const j =
          3 * (storeNode[store[i] as number] as number) + (CATEGORY[score[i] as number] as number);
        counts[j] = (counts[j] as number) + 1;
      }
      for (let x = N - 1; x > 0; x--) {
        const p = 3 * (parent[x] as number);
        for (let c = 0; c < 3; c++)
          counts[p + c] = (counts[p + c] as number) + (counts[3 * x + c] as number);
      }
      let all = 0;
      for (let x = 0; x < N; x++) all += counts[3 * x + 2] as number;
      return rollupCheck([counts[0] as number, counts[1] as number, counts[2] as number], all);
    },
    cube: () => {
      const counts = new Float64Array(N * P * 3);
      for (let i = 0; i < n; i++) {
        const t = at[i] as number;
        if (!(t >= lo && t < hi)) continue;
        let b = lut[((t - lo) / HOUR) | 0] as number;
        if (t >= (bounds[b + 1] as number)) b++;
        const j =
          3 * ((storeNode[store[i] as number] as number) * P + b) +
          (CATEGORY[score[i] as number] as number);
        counts[j] = (counts[j] as number) + 1;
      }
      for (let x = N - 1; x > 0; x--) {
        const src = 3 * x * P;
        const dst = 3 * (parent[x] as number) * P;
        for (let j = 0; j < 3 * P; j++)
          counts[dst + j] = (counts[dst + j] as number) + (counts[src + j] as number);
      }
      let weighted = 0;
      for (let x = 0; x < N; x++)
        for (let m = 0; m < P; m++) weighted += (m + 1) * (counts[3 * (x * P + m) + 2] as number);
      return [counts[0] as number, counts[1] as number, counts[2] as number, weighted];
    },
    drivers: () => {
      const cols: ArrayLike<number>[] = [score, ...d.ratings];
      const k = cols.length;
      const sums = new Array<number>(k).fill(0);
      const products = new Array<number>(k * k).fill(0);
      for (let a = 0; a < k; a++) {
        const x = cols[a] as Uint8Array;
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i] as number;
        sums[a] = s;
        for (let b = a; b < k; b++) {
          const y = cols[b] as Uint8Array;
          let sp = 0;
          for (let i = 0; i < n; i++) sp += (x[i] as number) * (y[i] as number);
          products[a * k + b] = sp;
          products[b * k + a] = sp;
        }
      }
      return finishDrivers(d, n, sums, products);
    },
  };
};

// ——— npskit ———
const npskit: Engine = (d) => {
  const h = buildHierarchy(d.nodes);
  const columns = { score: d.score, nodeId: { codes: d.store, values: d.stores }, at: d.at };
  const ratings = new Map(d.driverNames.map((name, j) => [name, d.ratings[j] as Uint8Array]));
  return {
    rollup: () => {
      const r = rollup(h, columns);
      const t = r.nodes[0]?.total;
      let all = 0;
      for (const x of r.nodes) all += x.total?.promoters ?? 0;
      return rollupCheck([t?.detractors ?? -1, t?.passives ?? -1, t?.promoters ?? -1], all);
    },
    cube: () => {
      const r = trendByNode(h, columns, { period: 'month', timeZone: ZONE });
      const t = r.nodes[0]?.points[0]?.total;
      let weighted = 0;
      for (const x of r.nodes)
        x.points.forEach((p, m) => (weighted += (m + 1) * (p.total?.promoters ?? 0)));
      return [t?.detractors ?? -1, t?.passives ?? -1, t?.promoters ?? -1, weighted];
    },
    drivers: () => driversCheck(shapley(driverStats({ score: d.score, ratings }))),
  };
};

// ——— DuckDB (Parquet → an in-memory table; SQL does the counting, npskit the Shapley) ———
const duckdb: Engine = async (d) => {
  const file = await ensureParquet(process.argv[4] ?? '');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`CREATE TABLE r AS FROM read_parquet('${file}')`);
  // store → every node on its path (itself and its ancestors), by node index
  const { parent, storeNode } = treeIndex(d);
  const pairs: string[] = [];
  storeNode.forEach((x, s) => {
    for (let y = x; y >= 0; y = parent[y] as number) pairs.push(`(${String(s)},${String(y)})`);
  });
  await con.run('CREATE TABLE paths (store INTEGER, node INTEGER)');
  for (let i = 0; i < pairs.length; i += 5000)
    await con.run(`INSERT INTO paths VALUES ${pairs.slice(i, i + 5000).join(',')}`);
  loadSeconds = (performance.now() - t0) / 1000;
  const tally = (keys: string) => `
    WITH t AS (
      SELECT ${keys}, count(*) FILTER (score <= 5) AS det, count(*) FILTER (score BETWEEN 6 AND 7) AS pas,
             count(*) FILTER (score >= 8) AS pro
      FROM r GROUP BY ALL)
    SELECT p.node${keys.includes('month') ? ', t.month' : ''}, sum(det)::DOUBLE AS det, sum(pas)::DOUBLE AS pas,
           sum(pro)::DOUBLE AS pro
    FROM t JOIN paths p USING (store) GROUP BY ALL`;
  const cols = ['score', ...d.driverNames];
  const sumExprs = cols.map((c) => `sum(${c})::DOUBLE`);
  const productExprs: string[] = [];
  for (let a = 0; a < cols.length; a++)
    for (let b = a; b < cols.length; b++)
      productExprs.push(`sum(${cols[a] ?? ''}::BIGINT * ${cols[b] ?? ''})::DOUBLE`);
  const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
  return {
    rollup: async () => {
      const out = await rows(tally('store'));
      let all = 0;
      let root: number[] = [];
      for (const [node, det, pas, pro] of out) {
        all += Number(pro);
        if (node === 0) root = [Number(det), Number(pas), Number(pro)];
      }
      return rollupCheck(root, all);
    },
    cube: async () => {
      const month = `(datediff('month', DATE '2024-01-01', date_trunc('month', timezone('${ZONE}', "at"))))::INTEGER AS month`;
      const out = await rows(tally(`store, ${month}`));
      let weighted = 0;
      let root: number[] = [];
      for (const [node, m, det, pas, pro] of out) {
        weighted += (Number(m) + 1) * Number(pro);
        if (node === 0 && m === 0) root = [Number(det), Number(pas), Number(pro)];
      }
      return [...root, weighted];
    },
    drivers: async () => {
      const [row] = await rows(
        `SELECT count(*)::DOUBLE, ${sumExprs.join(', ')}, ${productExprs.join(', ')} FROM r`,
      );
      const v = (row ?? []).map(Number);
      const k = cols.length;
      const products = new Array<number>(k * k).fill(0);
      let q = 1 + k;
      for (let a = 0; a < k; a++)
        for (let b = a; b < k; b++) {
          products[a * k + b] = products[b * k + a] = v[q++] ?? Number.NaN;
        }
      return finishDrivers(d, v[0] ?? 0, v.slice(1, 1 + k), products);
    },
  };
};

// ——— arquero (columns as typed arrays; groupby/rollup/join verbs) ———
const arquero: Engine = async (d) => {
  const aq = await import('arquero');
  const { op } = aq;
  const t0 = performance.now();
  const cols: Record<string, ArrayLike<number>> = { store: d.store, score: d.score, at: d.at };
  d.driverNames.forEach((name, j) => (cols[name] = d.ratings[j] as Uint8Array));
  const table = aq.table(cols);
  const { parent, storeNode } = treeIndex(d);
  const ps: number[] = [];
  const pn: number[] = [];
  storeNode.forEach((x, s) => {
    for (let y = x; y >= 0; y = parent[y] as number) {
      ps.push(s);
      pn.push(y);
    }
  });
  const paths = aq.table({ store: ps, node: pn });
  loadSeconds = (performance.now() - t0) / 1000;
  const counts = {
    det: (r: { score: number }) => op.sum(r.score <= 5 ? 1 : 0),
    pas: (r: { score: number }) => op.sum(r.score >= 6 && r.score <= 7 ? 1 : 0),
    pro: (r: { score: number }) => op.sum(r.score >= 8 ? 1 : 0),
  };
  const up = {
    det: (r: { det: number }) => op.sum(r.det),
    pas: (r: { pas: number }) => op.sum(r.pas),
    pro: (r: { pro: number }) => op.sum(r.pro),
  };
  const names = ['score', ...d.driverNames];
  const aggs: Record<string, string> = { n: 'd => op.count()' };
  names.forEach((a, i) => {
    aggs[`s${String(i)}`] = `d => op.sum(d.${a})`;
    for (let j = i; j < names.length; j++)
      aggs[`p${String(i)}_${String(j)}`] = `d => op.sum(d.${a} * d.${names[j] ?? ''})`;
  });
  return {
    rollup: () => {
      const out = table
        .groupby('store')
        .rollup(counts)
        .join(paths, 'store')
        .groupby('node')
        .rollup(up);
      const root = out.filter((r: { node: number }) => r.node === 0).object() as Record<
        string,
        number
      >;
      return rollupCheck(
        [root.det ?? -1, root.pas ?? -1, root.pro ?? -1],
        (out.rollup({ s: (r: { pro: number }) => op.sum(r.pro) }).object() as { s: number }).s,
      );
    },
    cube: () => {
      // op.year/op.month read local time: the process runs with TZ=Europe/Kyiv
      const out = table
        .derive({ month: (r: { at: number }) => (op.year(r.at) - 2024) * 12 + op.month(r.at) })
        .groupby('store', 'month')
        .rollup(counts)
        .join(paths, 'store')
        .groupby('node', 'month')
        .rollup(up);
      const root = out
        .filter((r: { node: number; month: number }) => r.node === 0 && r.month === 0)
        .object() as Record<string, number>;
      const w = out
        .rollup({ w: (r: { month: number; pro: number }) => op.sum((r.month + 1) * r.pro) })
        .object() as { w: number };
      return [root.det ?? -1, root.pas ?? -1, root.pro ?? -1, w.w];
    },
    drivers: () => {
      const o = table.rollup(aggs).object() as Record<string, number>;
      const k = names.length;
      const products = new Array<number>(k * k).fill(0);
      for (let a = 0; a < k; a++)
        for (let b = a; b < k; b++)
          products[a * k + b] = products[b * k + a] = o[`p${String(a)}_${String(b)}`] ?? Number.NaN;
      return finishDrivers(
        d,
        o.n ?? 0,
        names.map((_, i) => o[`s${String(i)}`] ?? Number.NaN),
        products,
      );
    },
  };
};

// ——— idiomatic JS (row objects with string ids, Map, reduce) ———
interface Tally {
  detractors: number;
  passives: number;
  promoters: number;
}
interface Row {
  storeId: string;
  score: number;
  at: number;
  ratings: Record<string, number>;
}
const idiomatic: Engine = (d) => {
  const t0 = performance.now();
  const rows: Row[] = Array.from(d.score, (score, i) => {
    const ratings: Record<string, number> = {};
    d.driverNames.forEach((name, j) => (ratings[name] = (d.ratings[j] as Uint8Array)[i] as number));
    return { storeId: d.stores[d.store[i] as number] ?? '', score, at: d.at[i] as number, ratings };
  });
  const parentOf = new Map(d.nodes.map((x) => [x.id, x.parentId]));
  loadSeconds = (performance.now() - t0) / 1000;
  const category = (s: number) => (s >= 8 ? 'promoters' : s >= 6 ? 'passives' : 'detractors');
  /** Add every key's tally to its ancestors' (keys `${node}|${rest}`). */
  const rollUp = (leaves: Map<string, Tally>): Map<string, Tally> => {
    const all = new Map<string, Tally>();
    for (const [key, t] of leaves) {
      const [store = '', rest = ''] = key.split('|');
      for (let node: string | null | undefined = store; node; node = parentOf.get(node)) {
        const k = `${node}|${rest}`;
        const acc = all.get(k) ?? { detractors: 0, passives: 0, promoters: 0 };
        acc.detractors += t.detractors;
        acc.passives += t.passives;
        acc.promoters += t.promoters;
        all.set(k, acc);
      }
    }
    return all;
  };
  const tally = (key: (r: Row) => string) =>
    rows.reduce((m, r) => {
      const k = key(r);
      const t = m.get(k) ?? { detractors: 0, passives: 0, promoters: 0 };
      t[category(r.score)]++;
      return m.set(k, t);
    }, new Map<string, Tally>());
  return {
    rollup: () => {
      const all = rollUp(tally((r) => `${r.storeId}|`));
      const root = all.get('hq|');
      return rollupCheck(
        [root?.detractors ?? -1, root?.passives ?? -1, root?.promoters ?? -1],
        [...all.values()].reduce((s, t) => s + t.promoters, 0),
      );
    },
    cube: () => {
      // local time: the process runs with TZ=Europe/Kyiv
      const all = rollUp(
        tally((r) => {
          const dt = new Date(r.at);
          return `${r.storeId}|${String(dt.getFullYear())}-${String(dt.getMonth() + 1).padStart(2, '0')}`;
        }),
      );
      const root = all.get('hq|2024-01');
      let weighted = 0;
      for (const [k, t] of all) {
        const [y = '0', m = '0'] = (k.split('|')[1] ?? '').split('-');
        weighted += ((Number(y) - 2024) * 12 + Number(m)) * t.promoters;
      }
      return [root?.detractors ?? -1, root?.passives ?? -1, root?.promoters ?? -1, weighted];
    },
    drivers: () => {
      const names = d.driverNames;
      const k = names.length + 1;
      const acc = rows.reduce(
        (a, r) => {
          const x = [r.score, ...names.map((name) => r.ratings[name] ?? Number.NaN)];
          x.forEach((v, i) => {
            a.sums[i] = (a.sums[i] ?? 0) + v;
            for (let j = i; j < k; j++)
              a.products[i * k + j] = (a.products[i * k + j] ?? 0) + v * (x[j] ?? 0);
          });
          a.n++;
          return a;
        },
        { n: 0, sums: new Array<number>(k).fill(0), products: new Array<number>(k * k).fill(0) },
      );
      for (let i = 0; i < k; i++)
        for (let j = 0; j < i; j++) acc.products[i * k + j] = acc.products[j * k + i] ?? 0;
      return finishDrivers(d, acc.n, acc.sums, acc.products);
    },
  };
};

const ENGINES: Record<string, Engine> = { loop, npskit, duckdb, arquero, idiomatic };

/** Seconds the engine spent loading (read back by engines that time their own load). */
let loadSeconds = 0;

async function main(): Promise<void> {
  const [engineName = '', job = '', dir = '', repsArg = '3'] = process.argv.slice(2);
  const engine = ENGINES[engineName];
  if (!engine || !['rollup', 'cube', 'drivers'].includes(job) || !dir)
    throw new Error(
      'usage: tsx bench/task.ts <loop|npskit|duckdb|arquero|idiomatic> <rollup|cube|drivers> <dir> [reps]',
    );
  const tRead = performance.now();
  const data = readData(dir);
  const read = (performance.now() - tRead) / 1000;
  const tLoad = performance.now();
  const jobs = await engine(data);
  // engines that build their own copy time it themselves; the others' load is this call
  const load = loadSeconds || (performance.now() - tLoad) / 1000;
  const run = jobs[job as Job];
  const gc = (globalThis as { gc?: () => void }).gc;
  /** Wall and CPU (user + system, every thread) seconds of one call. */
  const timed = async (): Promise<[number, number, Check]> => {
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const check = await run();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return [wall, (c.user + c.system) / 1e6, check];
  };
  const [first, firstCpu, check] = await timed();
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let r = 0; r < Number(repsArg); r++) {
    const [w, c] = await timed();
    warm.push(w);
    warmCpu.push(c);
  }
  const mid = (xs: number[]) =>
    xs.length ? (xs.sort((a, b) => a - b)[xs.length >> 1] ?? null) : null;
  console.log(
    JSON.stringify({
      engine: engineName,
      job,
      read,
      load,
      first,
      firstCpu,
      warm: mid(warm),
      warmCpu: mid(warmCpu),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      check,
    }),
  );
}

await main();
