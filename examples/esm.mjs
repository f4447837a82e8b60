// A Node ESM script (npskit installed from npm). Run: node examples/esm.mjs
// The sample retail group's stores, ranked by NPS with their intervals; small stores withheld.
import { rollup } from 'npskit';
import { sampleRetailGroup } from 'npskit/sample';

const group = sampleRetailGroup();
const { nodes } = rollup(group.hierarchy, group.responses, { minSample: 30 });
const stores = nodes.filter((n) => n.level === 'store' && n.nps !== null);
stores.sort((a, b) => (b.nps ?? 0) - (a.nps ?? 0));
for (const s of stores.slice(0, 5))
  console.log(
    `${s.name}: NPS ${s.nps.toFixed(1)} [${s.low.toFixed(1)}, ${s.high.toFixed(1)}], n = ${s.n}`,
  );
const root = nodes.find((n) => n.parentId === null);
if (root === undefined || root.n !== group.responses.length)
  throw new Error('ESM example: lost answers');
console.log(`ESM ok: ${String(root.n)} answers, NPS ${root.nps.toFixed(1)}`);
