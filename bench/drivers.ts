// Benchmark: driver analysis. Run with `npx tsx bench/drivers.ts`.
// Times are medians of several runs; every task is interleaved with baselines measured in the
// same run, so the ratios stay meaningful on a machine shared with other jobs.
// 1. The co-moment pass (driverStats on typed columns) over 1e6 rows × 16 drivers, against
//    (a) a plain sum of the same 17 columns (memory traffic) and (b) a plain sum-of-products
//    loop over the same 153 column pairs (the same arithmetic, naively ordered).
// 2. Exact Shapley/LMG for p = 12, 16, 20, 24 from statistics, against Johnson's relative
//    weights (one eigen-decomposition) and, for p = 12, a naive one-solve-per-subset LMG.

import { driverStats, relativeWeights, shapley } from '../src/index.ts';
import { cholesky, choleskySolve } from '../src/kernels/matrix.ts';
import { normalDraw, seededRandom } from '../src/kernels/random.ts';

/** Median seconds of each task over `reps` interleaved rounds. */
function medians(tasks: Record<string, () => unknown>, reps: number): Record<string, number> {
  const times = new Map<string, number[]>(Object.keys(tasks).map((k) => [k, []]));
  for (let r = 0; r < reps; r++)
    for (const [k, f] of Object.entries(tasks)) {
      const t0 = performance.now();
      f();
      times.get(k)?.push((performance.now() - t0) / 1000);
    }
  const out: Record<string, number> = {};
  for (const [k, ts] of times) out[k] = ts.sort((a, b) => a - b)[ts.length >> 1] ?? Number.NaN;
  return out;
}

function columns(n: number, p: number, seed: number) {
  const rng = seededRandom(seed);
  const ratings = new Map<string, Float64Array>();
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = new Float64Array(n);
    cols.push(c);
    ratings.set(`d${String(j)}`, c);
  }
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const common = normalDraw(rng);
    let y = normalDraw(rng);
    for (let j = 0; j < p; j++) {
      const v = Math.min(10, Math.max(1, Math.round(6 + 1.5 * (0.7 * common + normalDraw(rng)))));
      const col = cols[j];
      if (col) col[i] = v;
      y += ((j + 1) / p) * v;
    }
    score[i] = y;
  }
  return { score, ratings, cols };
}

/** A ratio with two significant digits or more. */
const ratio = (r: number): string => (r < 10 ? r.toFixed(1) : r.toFixed(0));

const verdict = (t: number, target: number): string =>
  `target ≤ ${String(target)} s: ${t <= target ? 'met' : 'MISSED'}`;

const N = 1_000_000;
const P = 16;
const data = columns(N, P, 1);
const all = [data.score, ...data.cols];
const co = medians(
  {
    stats: () => driverStats(data),
    columnSum: () => {
      let s = 0;
      for (const c of all) for (let i = 0; i < N; i++) s += c[i] as number;
      return s;
    },
    sumOfProducts: () => {
      let s = 0;
      for (let a = 0; a < all.length; a++) {
        const x = all[a] as Float64Array;
        for (let b = a; b < all.length; b++) {
          const y = all[b] as Float64Array;
          for (let i = 0; i < N; i++) s += (x[i] as number) * (y[i] as number);
        }
      }
      return s;
    },
  },
  7,
);
const tStats = co.stats ?? Number.NaN;
console.log(
  `co-moment pass, 1e6 rows × ${String(P)} drivers: median ${tStats.toFixed(3)} s (${verdict(tStats, 0.2)})`,
);
console.log(
  `  baselines in the same run: column sum ${(co.columnSum ?? 0).toFixed(3)} s (pass = ${ratio(tStats / (co.columnSum ?? 1))}×), plain sum-of-products loop ${(co.sumOfProducts ?? 0).toFixed(3)} s (pass = ${(tStats / (co.sumOfProducts ?? 1)).toFixed(2)}×)`,
);

function naiveLmg(corr: Float64Array, p: number): number {
  // one fresh Cholesky solve per subset (what the sweep DFS avoids); returns a checksum
  const s = p + 1;
  let acc = 0;
  for (let mask = 1; mask < 1 << p; mask++) {
    const idx: number[] = [];
    for (let j = 0; j < p; j++) if (mask & (1 << j)) idx.push(j);
    const k = idx.length;
    const a = new Float64Array(k * k);
    const b = new Float64Array(k);
    idx.forEach((u, x) => {
      idx.forEach((v, y) => (a[x * k + y] = corr[u * s + v] ?? 0));
      b[x] = corr[u * s + p] ?? 0;
    });
    const beta = choleskySolve(cholesky(a, k).l, k, b);
    for (let x = 0; x < k; x++) acc += (beta[x] ?? 0) * (b[x] ?? 0);
  }
  return acc;
}

const TARGETS = new Map([
  [16, 0.02],
  [20, 0.1],
  [24, 1],
]);
for (const p of [12, 16, 20, 24]) {
  const stats = driverStats(columns(5000, p, p));
  const tasks: Record<string, () => unknown> = {
    lmg: () => shapley(stats),
    johnson: () => relativeWeights(stats),
  };
  if (p === 12) {
    const s = p + 1;
    const corr = new Float64Array(s * s);
    const idx = [...Array.from({ length: p }, (_, j) => j + 1), 0];
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const a = idx[i] ?? 0;
        const b = idx[j] ?? 0;
        corr[i * s + j] =
          (stats.comoments[a * s + b] ?? 0) /
          Math.sqrt((stats.comoments[a * s + a] ?? 0) * (stats.comoments[b * s + b] ?? 0));
      }
    tasks.naive = () => naiveLmg(corr, p);
  }
  const m = medians(tasks, p >= 24 ? 3 : p >= 20 ? 5 : 9);
  const tLmg = m.lmg ?? Number.NaN;
  const target = TARGETS.get(p);
  const naive =
    m.naive === undefined
      ? ''
      : `; naive one-solve-per-subset ${m.naive.toFixed(4)} s (sweep DFS ${ratio(m.naive / tLmg)}× faster)`;
  console.log(
    `exact Shapley p = ${String(p)} (${String(2 ** p)} subsets): median ${tLmg.toFixed(4)} s${target === undefined ? '' : ` (${verdict(tLmg, target)})`}; relative weights ${(m.johnson ?? 0).toFixed(5)} s (LMG = ${ratio(tLmg / (m.johnson ?? 1))}×)${naive}`,
  );
}
