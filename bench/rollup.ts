// Benchmark: rollup. Run with `npx tsx bench/rollup.ts` (add `--expose-gc` via NODE_OPTIONS if wanted).
// 1e6 and 1e7 responses over 2000 stores in a 5-level tree (company → 5 divisions → 20 macro-
// regions → 100 regions → 2000 stores). Reports time per million responses for the columnar
// path (dictionary-encoded node ids, Uint8Array scores), the string-column path, the row-object
// path (random order, and the same rows in store order) and
// the ratio to a tight typed-array counting loop (classify with a table,
// count into node × 3, pool once) written here, timed in the same run. A second loop written
// here, over the row objects with only a string-keyed lookup per row, shows the floor of any
// row-object path.

import { buildHierarchy, rollup } from '../src/index.ts';
import { seededRandom } from '../src/kernels/random.ts';
import { benchTree } from './_tree.ts';

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

// CPU time of this process (user + system, seconds) rather than wall time: with other processes
// competing for the cores, wall time mostly measures how long we waited for one.
function time(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

const { nodes, stores } = benchTree();
const h = buildHierarchy(nodes);
const parentIndex = new Int32Array(nodes.length);
const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
nodes.forEach((n, i) => {
  parentIndex[i] = n.parentId === null ? -1 : (indexOf.get(n.parentId) ?? -1);
});
const storeIndex = Int32Array.from(stores, (s) => indexOf.get(s) ?? 0);
const table = new Uint8Array([0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);

// The least any row-object path can do: read each row, look its string id up (a null-prototype
// object, the fastest string-keyed lookup measured here), classify and count; no validation.
const idIndex: Record<string, number> = Object.create(null) as Record<string, number>;
for (const [id, i] of indexOf) idIndex[id] = i;
function rowsFloor(rows: readonly { nodeId: string; score: number }[]): Float64Array {
  const counts = new Float64Array(nodes.length * 3);
  for (const r of rows) {
    const j = 3 * (idIndex[r.nodeId] ?? 0) + (table[r.score - 1] ?? 0);
    counts[j] = (counts[j] ?? 0) + 1;
  }
  return counts;
}

function baseline(codes: Int32Array, score: Uint8Array): Float64Array {
  const counts = new Float64Array(nodes.length * 3);
  const len = codes.length;
  for (let i = 0; i < len; i++) {
    const j = 3 * (storeIndex[codes[i] ?? 0] ?? 0) + (table[(score[i] ?? 1) - 1] ?? 0);
    counts[j] = (counts[j] ?? 0) + 1;
  }
  for (let x = nodes.length - 1; x > 0; x--) {
    const p = parentIndex[x] ?? 0;
    for (let c = 0; c < 3; c++)
      counts[3 * p + c] = (counts[3 * p + c] ?? 0) + (counts[3 * x + c] ?? 0);
  }
  return counts;
}

// Paths are timed in interleaved rounds (baseline, then each path once per round) and each
// path's ratio is the median of its per-round ratios to that round's baseline, so load from
// other processes that drifts during the run affects both sides of a ratio alike.
const rounds = Number(process.env.ROUNDS ?? 5);
// SIZES=1e6 (comma-separated) to run fewer sizes while iterating.
const sizes = (process.env.SIZES ?? '1e6,1e7').split(',').map(Number);
for (const n of sizes) {
  const rng = seededRandom(42);
  const codes = new Int32Array(n);
  const score = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = Math.floor(rng() * stores.length);
    score[i] = 1 + Math.floor(rng() * 10);
  }
  const dict = { score, nodeId: { codes, values: stores } };
  const strCol = { score, nodeId: Array.from(codes, (c) => stores[c] ?? '') };
  const rows = Array.from(codes, (c, i) => ({ nodeId: stores[c] ?? '', score: score[i] ?? 1 }));
  // the same responses in store order (exports sorted by store): runs of equal ids
  const order = Array.from(codes.keys()).sort((x, y) => (codes[x] ?? 0) - (codes[y] ?? 0));
  const sortedRows = order.map((i) => ({
    nodeId: stores[codes[i] ?? 0] ?? '',
    score: score[i] ?? 1,
  }));
  const all: [string, () => unknown][] = [
    ['columns (dictionary)', () => rollup(h, dict)],
    ['columns (strings)', () => rollup(h, strCol)],
    ['rows', () => rollup(h, rows)],
    ['rows in store order', () => rollup(h, sortedRows)],
    ['rows: lookup floor (bench loop)', () => rowsFloor(rows)],
  ];
  // PATHS=dictionary,floor (substrings of the names) to time fewer paths while iterating.
  const only = process.env.PATHS?.split(',');
  const paths = all.filter(([name]) => only?.some((p) => name.includes(p)) ?? true);
  // sanity: the same root counts
  const r = rollup(h, dict).nodes[0]?.total;
  const b = baseline(codes, score);
  if (r?.promoters !== b[2] || r?.detractors !== b[0]) throw new Error('mismatch');
  for (const [, f] of paths) f(); // warm-up
  const base: number[] = [];
  const times = paths.map(() => [] as number[]);
  const ratios = paths.map(() => [] as number[]);
  for (let k = 0; k < rounds; k++) {
    const t0 = time(() => baseline(codes, score));
    base.push(t0);
    paths.forEach(([, f], j) => {
      const t = time(f);
      times[j]?.push(t);
      ratios[j]?.push(t / t0);
    });
  }
  const per = (t: number) => `${((t / (n / 1e6)) * 1000).toFixed(1)} ms/M`;
  console.log(
    `n=${n.toExponential(0)} (median of ${String(rounds)} rounds): baseline ${per(median(base))}; ` +
      paths
        .map(
          ([name], j) =>
            `${name} ${per(median(times[j] ?? []))} ×${median(ratios[j] ?? []).toFixed(2)}`,
        )
        .join('; '),
  );
}
