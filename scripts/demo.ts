// End-to-end analysis of a built-in sample retail group, printed as a readable report.
// Run: npm install && npm run demo

import { seededRandom } from '../src/_lib/random.ts';
import {
  buildHierarchy,
  npsInterval,
  rank,
  rollup,
  rollupTable,
  shapley,
  tally,
  trend,
} from '../src/index.ts';

const rng = seededRandom(2026);
const nodes = [
  { id: 'HQ', parentId: null, level: 'head office', name: 'Head office' },
  { id: 'RET', parentId: 'HQ', level: 'division', name: 'Retail chain' },
  { id: 'WHS', parentId: 'HQ', level: 'division', name: 'Wholesale' },
  { id: 'RET-N', parentId: 'RET', level: 'region', name: 'Retail North' },
  { id: 'RET-S', parentId: 'RET', level: 'region', name: 'Retail South' },
  { id: 'WHS-C', parentId: 'WHS', level: 'region', name: 'Wholesale Centre' },
];
const stores: { id: string; region: string; quality: number }[] = [];
for (const region of ['RET-N', 'RET-S', 'WHS-C']) {
  for (let i = 1; i <= 4; i++) {
    const id = `${region}-${String(i)}`;
    stores.push({ id, region, quality: rng() * 2 - 1 });
    nodes.push({ id, parentId: region, level: 'store', name: `Store ${id}` });
  }
}
const drivers = ['politeness', 'speed', 'assortment', 'price'] as const;
const clamp = (x: number) => Math.min(10, Math.max(1, Math.round(x)));
const responses: { nodeId: string; score: number; at: number }[] = [];
const driverRows: { score: number; ratings: Record<string, number> }[] = [];
const start = Date.UTC(2026, 0, 1);
for (const s of stores) {
  const count = 40 + Math.floor(rng() * 160);
  for (let k = 0; k < count; k++) {
    const r = drivers.map(() => clamp(6 + s.quality * 2 + (rng() - 0.5) * 6));
    const [po = 0, sp = 0, as = 0, pr = 0] = r;
    const score = clamp(0.35 * po + 0.2 * sp + 0.25 * as + 0.2 * pr + (rng() - 0.5) * 3 + 1);
    responses.push({ nodeId: s.id, score, at: start + Math.floor(rng() * 180) * 86_400_000 });
    driverRows.push({ score, ratings: { politeness: po, speed: sp, assortment: as, price: pr } });
  }
}

const h = buildHierarchy(nodes);
const result = rollup(h, responses, { minSample: 50 });
const fmt = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
console.log('npskit demo: sample retail group (seeded), ten-point scheme, 95% Wilson intervals\n');
const all = tally(responses.map((r) => r.score));
const i = npsInterval(all);
console.log(
  `Group NPS ${fmt(i.nps)} [${fmt(i.low)}, ${fmt(i.high)}] from ${String(all.n)} responses\n`,
);
console.log(
  'Organisation roll-up (stores under 50 answers suppressed, with complementary suppression):',
);
for (const row of rollupTable(result)) {
  const pad = '  '.repeat(row.depth);
  console.log(
    `${`${pad}${row.node}`.padEnd(18)} ${(row.level ?? '').padEnd(12)} n=${String(row.n ?? '—').padStart(5)}  NPS ${fmt(row.nps).padStart(6)}  [${fmt(row.low)}, ${fmt(row.high)}]${row.suppressed ? '  (suppressed)' : ''}`,
  );
}
console.log('\nStore league by lower confidence bound:');
for (const r of rank(result, { level: 'store', by: 'lowerBound' }).slice(0, 5))
  console.log(' ', JSON.stringify(r));
console.log('\nMonthly trend (Europe/Moscow):');
for (const p of trend(responses, { period: 'month', timeZone: 'Europe/Moscow' }).points) {
  console.log(
    `  ${p.start.slice(0, 7)}  n=${String(p.total.n).padStart(5)}  NPS ${fmt(p.nps).padStart(6)}  [${fmt(p.low)}, ${fmt(p.high)}]`,
  );
}
console.log('\nKey drivers of the score (exact Shapley / LMG decomposition of R²):');
const sh = shapley(driverRows);
console.log(`  R² = ${sh.r2.toFixed(3)}, n = ${String(sh.n)}`);
for (const d of sh.drivers)
  console.log(`  ${String(d.rank)}. ${d.driver.padEnd(11)} ${(100 * d.share).toFixed(1)}% of R²`);
