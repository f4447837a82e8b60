// Benchmark: the cost of minSample (the linear disclosure audit, src/kernels/disclosure.ts).
// Run with `npx tsx bench/suppression.ts [responses] [rounds]`. The benchmark tree (2,126 nodes)
// with answers skewed towards a few stores, so many store-months fall below minSample 30 and
// the audit has real work. Each line is the median over rounds of the ratio of a call with
// minSample to the same call without it, timed in the same round (so machine load cancels);
// publishTables is compared with the rollup and the cube each suppressed on its own.

import { buildHierarchy, publishTables, rollup, trendByNode } from '../src/index.ts';
import { seededRandom } from '../src/kernels/random.ts';
import { benchTree } from './_tree.ts';

const n = Number(process.argv[2] ?? 300_000);
const rounds = Number(process.argv[3] ?? 3);
const { nodes, stores } = benchTree();
const h = buildHierarchy(nodes);
const rnd = seededRandom(7);
const nodeId: string[] = [];
const score = new Float64Array(n);
const at = new Float64Array(n);
const start = Date.UTC(2024, 0, 1);
for (let i = 0; i < n; i++) {
  nodeId.push(stores[Math.floor(rnd() ** 2 * stores.length)] ?? '');
  score[i] = 1 + Math.floor(rnd() * 10);
  at[i] = start + rnd() * 365 * 86_400_000;
}
const rows = { nodeId, score, at };
const trend = { period: 'month' } as const;

function time(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const cases: [string, () => unknown, () => unknown][] = [
  ['rollup', () => rollup(h, rows), () => rollup(h, rows, { minSample: 30 })],
  [
    'trendByNode (12 months)',
    () => trendByNode(h, rows, trend),
    () => trendByNode(h, rows, { ...trend, minSample: 30 }),
  ],
  [
    'publishTables (rollup + cube) vs each alone',
    () => {
      rollup(h, rows, { minSample: 30 });
      trendByNode(h, rows, { ...trend, minSample: 30 });
    },
    () => publishTables(h, rows, { minSample: 30, trend }),
  ],
];
for (const [name, base, withMin] of cases) {
  const ratios: number[] = [];
  const secs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const b = time(base);
    const w = time(withMin);
    ratios.push(w / b);
    secs.push(w);
  }
  console.log(
    `${name}: ×${median(ratios).toFixed(2)} (${median(secs).toFixed(2)} s with minSample; n=${String(n)}, ${String(rounds)} rounds)`,
  );
}
const t = trendByNode(h, rows, { ...trend, minSample: 30 });
const hidden = t.nodes.reduce((s, x) => s + x.points.filter((p) => p.suppressed).length, 0);
console.log(
  `cube cells withheld: ${String(hidden)} of ${String(t.nodes.length * t.periods.length)}`,
);
