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
import { nodePeriodCube } from '../src/trend/trendByNode.ts';
import {
  baselineCube,
  baselineSeries,
  cubeData,
  hi,
  lo,
  MONTHS,
  median,
  N,
  nodes,
  storeIndex,
  stores,
  time,
  ZONE,
} from './_cube.ts';

const REPS = 7;

/** Seconds of each job, [median, minimum], running the jobs interleaved REPS times after a warm-up. */
function race(jobs: (() => unknown)[]): [number, number][] {
  for (const j of jobs) j();
  const t: number[][] = jobs.map(() => []);
  for (let r = 0; r < REPS; r++) jobs.forEach((j, k) => t[k]?.push(time(j)));
  return t.map((x) => [median(x), Math.min(...x)]);
}

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
const options = { period: 'month', timeZone: ZONE } as const;
const per = (t: number, n: number) => `${((t / (n / 1e6)) * 1000).toFixed(0)} ms/M`;
/** Median time, per million, ratio of medians to the baseline's, and ratio of minimums. */
const line = (name: string, [t, tMin]: [number, number], [b, bMin]: [number, number], n: number) =>
  `  ${name.padEnd(36)} ${(t * 1000).toFixed(0).padStart(6)} ms  ${per(t, n).padStart(9)}  ×${(t / b).toFixed(2)} (min ×${(tMin / bMin).toFixed(2)})`;
type Timing = [number, number];

for (const n of [1e6, 1e7]) {
  const { codes, score, at } = cubeData(n);
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
