// Run with: npx tsx examples/node/quick-start.ts
import { buildHierarchy, classicScheme, nps, npsInterval, rollup, tally } from '../../src/index.ts';

const scores = [10, 9, 8, 7, 6, 3, 10, 2];
console.log('tally', tally(scores));
console.log('NPS (ten-point scheme)', nps(scores));
console.log('NPS (classic scheme)', nps([10, 9, 8, 3], { scheme: classicScheme }));
// n: all respondents; baseN: respondents in the NPS base (passives are outside it here)
const { low, high, n, baseN } = npsInterval(scores);
console.log(
  `95% interval [${low.toFixed(1)}, ${high.toFixed(1)}], n = ${String(n)}, baseN = ${String(baseN)}`,
);

const h = buildHierarchy([
  { id: 'HQ', parentId: null, name: 'Head office' },
  { id: 'S1', parentId: 'HQ', name: 'Main Street' },
  { id: 'S2', parentId: 'HQ', name: 'Station' },
]);
const responses = scores.map((score, i) => ({ nodeId: i < 5 ? 'S1' : 'S2', score }));
// minSample: nodes with fewer respondents are withheld (every figure null)
for (const node of rollup(h, responses, { minSample: 4 }).nodes)
  console.log(
    node.name,
    node.suppressed
      ? `withheld (${String(node.suppression)})`
      : { n: node.n, baseN: node.baseN, nps: node.nps },
  );
