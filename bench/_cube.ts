// The node × month cube that bench/trend.ts and bench/warm.ts time npskit against: the bench
// tree (bench/_tree.ts), 24 months in Europe/Kyiv, seeded columnar responses in random order,
// and the baseline, a tight typed-array loop doing the same job (bucket each instant by the month
// boundaries through an hourly lookup table, count per store × month × category, pool the month
// vectors up the tree). The month boundaries are computed here with @date-fns/tz, independently
// of the library. Also the CPU timer both benchmarks use.
import { TZDate } from '@date-fns/tz';
import { seededRandom } from '../src/kernels/random.ts';
import { benchTree } from './_tree.ts';

export const ZONE = 'Europe/Kyiv';
export const MONTHS = 24;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
}

/**
 * Seconds of CPU time (user + system) the process spent in `fn`: on a shared machine this is far
 * less disturbed by other processes than wall time, and on an idle one they agree.
 */
export function time(fn: () => unknown): number {
  // With --expose-gc, start every run from a collected heap so no run pays for another's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

// The tree, parents before children.
export const { nodes, stores } = benchTree();
export const N = nodes.length;
const indexOf = new Map(nodes.map((x, i) => [x.id, i]));
const parentIndex = Int32Array.from(nodes, (x) =>
  x.parentId === null ? -1 : (indexOf.get(x.parentId) ?? -1),
);
/** The node index of each store (by its dictionary code). */
export const storeIndex = Int32Array.from(stores, (s) => indexOf.get(s) ?? 0);
const table = new Uint8Array([0, 0, 0, 0, 0, 1, 1, 2, 2, 2]); // 1..10: detractor/passive/promoter

const bounds = Float64Array.from({ length: MONTHS + 1 }, (_, m) =>
  new TZDate(2024, m, 1, ZONE).getTime(),
);
/** The first instant of the first month and the end of the last. */
export const lo = bounds[0] as number;
export const hi = bounds[MONTHS] as number;
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

/** The baseline cube: counts per node (pooled) × month × category, `3·(node·MONTHS + month) + c`. */
export function baselineCube(codes: Int32Array, score: Uint8Array, at: Float64Array): Float64Array {
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

/** The baseline of one series (no nodes): counts per month × category. */
export function baselineSeries(score: Uint8Array, at: Float64Array): Float64Array {
  const counts = new Float64Array(MONTHS * 3);
  for (let i = 0; i < at.length; i++) {
    const t = at[i] as number;
    if (!(t >= lo && t < hi)) continue;
    const j = 3 * monthOf(t) + (table[(score[i] as number) - 1] as number);
    counts[j] = (counts[j] as number) + 1;
  }
  return counts;
}

/** `n` seeded responses in random order: store codes, scores 1..10 and instants in the months. */
export function cubeData(n: number): { codes: Int32Array; score: Uint8Array; at: Float64Array } {
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
