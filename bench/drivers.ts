// Benchmark: driver analysis. Run with `npx tsx bench/drivers.ts`.
// 1. The co-moment pass (driverStats on columns) over 1e6 rows × 16 drivers, against a baseline
//    that only sums the same columns (memory traffic) in the same run.
// 2. Exact Shapley/LMG for p = 12, 16, 20, 24 from statistics, against Johnson's relative
//    weights (one eigen-decomposition) and, for p = 12, against a naive one-solve-per-subset LMG.

import { cholesky, choleskySolve } from '../src/_lib/matrix.ts';
import { normalDraw, seededRandom } from '../src/_lib/random.ts';
import { driverStats, relativeWeights, shapley } from '../src/index.ts';

function time(fn: () => unknown, reps = 3): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
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

const N = 1_000_000;
const P = 16;
const data = columns(N, P, 1);
const tBase = time(() => {
  let s = 0;
  for (const c of data.cols) for (let i = 0; i < N; i++) s += c[i] ?? 0;
  return s;
});
const tStats = time(() => driverStats(data));
console.log(
  `co-moment pass 1e6 × ${String(P)}: ${tStats.toFixed(3)} s (target ≤ 0.2 s); column-sum baseline ${tBase.toFixed(3)} s; ratio ${(tStats / tBase).toFixed(1)}×`,
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

for (const p of [12, 16, 20, 24]) {
  const d = columns(5000, p, p);
  const stats = driverStats(d);
  const reps = p >= 24 ? 1 : 3;
  const tLmg = time(() => shapley(stats), reps);
  const tRw = time(() => relativeWeights(stats), 3);
  const target =
    p === 16
      ? ' (target ≤ 0.02 s)'
      : p === 20
        ? ' (target ≤ 0.1 s)'
        : p === 24
          ? ' (target ≤ 1 s)'
          : '';
  let extra = '';
  if (p === 12) {
    const s = p + 1;
    const corr = new Float64Array(s * s);
    const k = s;
    const idx = [...Array.from({ length: p }, (_, j) => j + 1), 0];
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const a = idx[i] ?? 0;
        const b = idx[j] ?? 0;
        corr[i * s + j] =
          (stats.comoments[a * k + b] ?? 0) /
          Math.sqrt((stats.comoments[a * k + a] ?? 0) * (stats.comoments[b * k + b] ?? 0));
      }
    const tNaive = time(() => naiveLmg(corr, p), 1);
    extra = `; naive one-solve-per-subset ${tNaive.toFixed(4)} s, speed-up ${(tNaive / tLmg).toFixed(0)}×`;
  }
  console.log(
    `exact Shapley p = ${String(p)} (${String(2 ** p)} subsets): ${tLmg.toFixed(4)} s${target}; relative weights ${tRw.toFixed(5)} s; ratio ${(tLmg / tRw).toFixed(0)}×${extra}`,
  );
}
