// Benchmark: trendByNode and trend. Run with `npx tsx --expose-gc bench/trend.ts` (without
// --expose-gc it runs too, but each run may pay for the previous runs' garbage).
// A node × month cube over 24 months in Europe/Kyiv (two DST changes a year) for 1e6 and 1e7
// responses over 2000 stores in a 5-level tree (company → 5 divisions → 20 macro-regions →
// 100 regions → 2000 stores), columnar input (dictionary-encoded nodeId, Float64Array `at`,
// Uint8Array score), in random time order. Baseline: a tight typed-array loop written here
// that does the same job (bucket each instant by the precomputed month boundaries through an
// hourly lookup table, count per store × month × category, pool the month vectors up the tree),
// timed in the same run, interleaved with the library calls. Reports the median of 7 runs,
// ms per million responses and the ratio to the baseline: of medians, and of minimums. Times
// are CPU time of the process (see `time`), the less noisy figure on a shared machine. The
// row-object variant runs at 1e6 only (1e7 row objects do not fit comfortably in memory).
// trend() (all responses, one series) is timed against the same kind of loop without nodes.
import { TZDate } from '@date-fns/tz';
import { buildHierarchy, trend, trendByNode } from '../src/index.ts';
import { seededRandom } from '../src/kernels/random.ts';
import { nodePeriodCube } from '../src/trend/trendByNode.ts';
import { benchTree } from './_tree.ts';

const ZONE = 'Europe/Kyiv';
const MONTHS = 24;
const REPS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
}

/**
 * Seconds of CPU time (user + system) the process spent in `fn`: on a shared machine this is far
 * less disturbed by other processes than wall time, and on an idle one they agree.
 */
function time(fn: () => unknown): number {
  // With --expose-gc, start every run from a collected heap so no run pays for another's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** Seconds of each job, [median, minimum], running the jobs interleaved REPS times after a warm-up. */
function race(jobs: (() => unknown)[]): [number, number][] {
  for (const j of jobs) j();
  const t: number[][] = jobs.map(() => []);
  for (let r = 0; r < REPS; r++) jobs.forEach((j, k) => t[k]?.push(time(j)));
  return t.map((x) => [median(x), Math.min(...x)]);
}

// The tree, parents before children.
const { nodes, stores } = benchTree();
const h = buildHierarchy(nodes);
// The same tree where every tenth store moves to the next region after 12 months.
const moveAt = new TZDate(2025, 0, 1, ZONE).getTime();
const regions = nodes.filter((x) => x.level === 'region').map((x) => x.id);
const dated = buildHierarchy(
  nodes.flatMap((x, i) => {
    if (x.level !== 'store' || i % 10 !== 0 || x.parentId === null) return [x];
    const next = regions[(regions.indexOf(x.parentId) + 1) % regions.length] ?? x.parentId;
    return [
      { ...x, validTo: moveAt },
      { ...x, parentId: next, validFrom: moveAt },
    ];
  }),
);
const N = nodes.length;
const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
const parentIndex = Int32Array.from(nodes, (n) =>
  n.parentId === null ? -1 : (indexOf.get(n.parentId) ?? -1),
);
const storeIndex = Int32Array.from(stores, (s) => indexOf.get(s) ?? 0);
const table = new Uint8Array([0, 0, 0, 0, 0, 1, 1, 2, 2, 2]); // 1..10: detractor/passive/promoter

// Month boundaries in Kyiv, computed here with @date-fns/tz (independently of the library).
const bounds = Float64Array.from({ length: MONTHS + 1 }, (_, m) =>
  new TZDate(2024, m, 1, ZONE).getTime(),
);
const lo = bounds[0] as number;
const hi = bounds[MONTHS] as number;
const HOUR = 3_600_000;
const lut = new Int32Array(Math.ceil((hi - lo) / HOUR) + 1);
for (let c = 0, b = 0; c < lut.length; c++) {
  while (b + 1 < MONTHS && (bounds[b + 1] as number) <= lo + c * HOUR) b++;
  lut[c] = b;
}
const monthOf = (t: number): number => {
  let b = lut[((t - lo) / HOUR) | 0] as number;
  if (t >= (bounds[b + 1] as number)) b++;
  return b;
};

function baselineCube(codes: Int32Array, score: Uint8Array, at: Float64Array): Float64Array {
  const P = MONTHS;
  const counts = new Float64Array(N * P * 3);
  const len = codes.length;
  for (let i = 0; i < len; i++) {
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) continue;
    const x = storeIndex[codes[i] as number] as number;
    const j = 3 * (x * P + monthOf(t)) + (table[(score[i] as number) - 1] as number);
    counts[j] = (counts[j] as number) + 1;
  }
  for (let x = N - 1; x > 0; x--) {
    const src = 3 * x * P;
    const dst = 3 * (parentIndex[x] as number) * P;
    for (let j = 0; j < 3 * P; j++)
      counts[dst + j] = (counts[dst + j] as number) + (counts[src + j] as number);
  }
  return counts;
}

function baselineSeries(score: Uint8Array, at: Float64Array): Float64Array {
  const counts = new Float64Array(MONTHS * 3);
  for (let i = 0; i < at.length; i++) {
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) continue;
    const j = 3 * monthOf(t) + (table[(score[i] as number) - 1] as number);
    counts[j] = (counts[j] as number) + 1;
  }
  return counts;
}

function data(n: number) {
  const rng = seededRandom(20_240_101);
  const codes = new Int32Array(n);
  const score = new Uint8Array(n);
  const at = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = Math.floor(rng() * stores.length);
    score[i] = 1 + Math.floor(rng() * 10);
    at[i] = Math.floor(lo + rng() * (hi - lo));
  }
  return { codes, score, at };
}

const options = { period: 'month', timeZone: ZONE } as const;
const per = (t: number, n: number) => `${((t / (n / 1e6)) * 1000).toFixed(0)} ms/M`;
/** Median time, per million, ratio of medians to the baseline's, and ratio of minimums. */
const line = (name: string, [t, tMin]: [number, number], [b, bMin]: [number, number], n: number) =>
  `  ${name.padEnd(36)} ${(t * 1000).toFixed(0).padStart(6)} ms  ${per(t, n).padStart(9)}  ×${(t / b).toFixed(2)} (min ×${(tMin / bMin).toFixed(2)})`;
type Timing = [number, number];

for (const n of [1e6, 1e7]) {
  const { codes, score, at } = data(n);
  const dict = { score, nodeId: { codes, values: stores }, at };
  // Sanity: the library's cube equals the baseline's (root, and one store-month cell).
  const ref = baselineCube(codes, score, at);
  const got = trendByNode(h, dict, options);
  const root = got.nodes[0]?.points ?? [];
  for (let k = 0; k < MONTHS; k++) {
    const t = root[k]?.total;
    if (t?.detractors !== ref[3 * k] || t?.promoters !== ref[3 * k + 2])
      throw new Error(`mismatch in month ${String(k)}`);
  }
  const s = storeIndex[7] as number;
  const store = got.nodes.find((x) => x.id === stores[7])?.points[5]?.total;
  if (store?.passives !== ref[3 * (s * MONTHS + 5) + 1]) throw new Error('store mismatch');
  if (got.periods[2]?.start !== '2024-03-01T00:00:00+02:00') throw new Error('boundary mismatch');

  const window = { ...options, from: lo, to: hi - 1 };
  const [base, cube, counts, fixed] = race([
    () => baselineCube(codes, score, at),
    () => trendByNode(h, dict, options),
    () => nodePeriodCube('bench', h, dict, options),
    () => trendByNode(h, dict, window),
  ]) as [Timing, Timing, Timing, Timing];
  console.log(`n=${n.toExponential(0)}, ${String(N)} nodes × ${String(MONTHS)} months, ${ZONE}:`);
  console.log(line('baseline cube loop', base, base, n));
  console.log(line('trendByNode, dictionary columns', cube, base, n));
  console.log(line('  same, from/to given', fixed, base, n));
  console.log(line('  counts only (no result objects)', counts, base, n));
  // Time-sorted input (same responses in time order) and a dated hierarchy.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (at[a] as number) - (at[b] as number),
  );
  const sorted = {
    score: Uint8Array.from(order, (i) => score[i] as number),
    nodeId: { codes: Int32Array.from(order, (i) => codes[i] as number), values: stores },
    at: Float64Array.from(order, (i) => at[i] as number),
  };
  const [b3, sortedT, datedT] = race([
    () => baselineCube(codes, score, at),
    () => trendByNode(h, sorted, options),
    () => trendByNode(dated, dict, options),
  ]) as [Timing, Timing, Timing];
  console.log(line('  same, time-sorted input', sortedT, b3, n));
  console.log(line('  same, dated tree (200 stores move)', datedT, b3, n));
  if (n <= 1e6) {
    const strCol = { score, at, nodeId: Array.from(codes, (c) => stores[c] ?? '') };
    const rows = Array.from(codes, (c, i) => ({
      nodeId: stores[c] ?? '',
      score: score[i] ?? 1,
      at: at[i] ?? 0,
    }));
    const [b2, str, row] = race([
      () => baselineCube(codes, score, at),
      () => trendByNode(h, strCol, options),
      () => trendByNode(h, rows, options),
    ]) as [Timing, Timing, Timing];
    console.log(line('trendByNode, string columns', str, b2, n));
    console.log(line('trendByNode, rows', row, b2, n));
  }
  const [series, tr] = race([
    () => baselineSeries(score, at),
    () => trend({ score, at }, options),
  ]) as [Timing, Timing];
  console.log(line('baseline series loop', series, series, n));
  console.log(line('trend, columns', tr, series, n));
}
