// A Deno script. In a project with npskit in package.json and node_modules, Deno resolves it
// there: `deno run examples/deno.ts`. Elsewhere, write the imports as 'npm:npskit' and
// 'npm:npskit/sample'.
import { classify, type NpsCategory, npsInterval, tally } from 'npskit';
import { sampleRetailGroup } from 'npskit/sample';

const group = sampleRetailGroup();
const scores = group.responses.filter((r) => r.language === 'uk').map((r) => r.score);
const c: NpsCategory = classify(scores[0] ?? 10);
const t = tally(scores);
const i = npsInterval(t, { method: 'tango' });
console.log(
  `${String(t.n)} answers in Ukrainian (the first: a ${c}): NPS ${i.nps.toFixed(1)} [${i.low.toFixed(1)}, ${i.high.toFixed(1)}]`,
);
if (t.n === 0 || t.promoters + t.passives + t.detractors !== t.n)
  throw new Error('Deno example: wrong tally');
console.log('Deno ok', Deno.version.deno);
