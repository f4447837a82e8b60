// Run from the repository root with: npx deno run examples/deno/quick-start.ts
// (Deno reads package.json and node_modules, and imports the TypeScript source directly.)
import { buildHierarchy, classicScheme, nps, npsInterval, rollup } from '../../src/index.ts';

const scores = [10, 9, 8, 7, 6, 3, 10, 2];
console.log('NPS (ten-point scheme)', nps(scores));
console.log('NPS (classic scheme)', nps([10, 9, 8, 3], { scheme: classicScheme }));
const i = npsInterval(scores);
console.log(
  `95% interval [${i.low.toFixed(1)}, ${i.high.toFixed(1)}], n = ${String(i.n)}, baseN = ${String(i.baseN)}`,
);
const h = buildHierarchy([
  { id: 'HQ', parentId: null, name: 'Head office' },
  { id: 'S1', parentId: 'HQ' },
]);
const hq = rollup(h, [{ nodeId: 'S1', score: 9 }]).nodes.find((n) => n.id === 'HQ');
if (hq?.total?.promoters !== 1 || hq.n !== 1 || hq.baseN !== 1 || hq.name !== 'Head office')
  throw new Error('Deno example: wrong roll-up');
console.log('Deno example ok');
