// The simulated false-alarm rates of funnel() quoted in docs/hierarchy.md: 40 funnels of 1000
// stores per base size, every store on target, seeded. Run: npx tsx scripts/funnelFalseAlarms.ts
import { buildHierarchy, classicScheme, funnel, rollup } from '../src/index.ts';
import { seededRandom } from '../src/kernels/random.ts';

const STORES = 1000;
const FUNNELS = 40;
const ids = Array.from({ length: STORES }, (_, i) => `s${String(i)}`);
const h = buildHierarchy([
  { id: 'all', parentId: null },
  ...ids.map((id) => ({ id, parentId: 'all' })),
]);

type Weights = 'none' | 'log-normal';

function rates(classic: boolean, weights: Weights): string {
  const rnd = seededRandom(99);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out: string[] = [];
  for (const m of [5, 10, 20, 50]) {
    let outer = 0;
    let inner = 0;
    let units = 0;
    for (let r = 0; r < FUNNELS; r++) {
      const rows = ids.flatMap((nodeId) =>
        Array.from({ length: m }, () => {
          const v = rnd();
          // ten-point: π = 0.8; classic: 0.6 / 0.25 / 0.15
          const score = classic ? (v < 0.6 ? 10 : v < 0.85 ? 8 : 3) : v < 0.8 ? 10 : 1;
          return weights === 'none'
            ? { nodeId, score }
            : { nodeId, score, weight: Math.exp(0.7 * gauss()) };
        }),
      );
      const f = funnel(
        rollup(h, rows, { minSample: 1, ...(classic ? { scheme: classicScheme } : {}) }),
      );
      for (const u of f.units) {
        units++;
        if (u.position.endsWith('outer')) outer++;
        if (u.position !== 'within') inner++;
      }
    }
    out.push(`m = ${String(m)}: ${(outer / units).toFixed(5)} / ${(inner / units).toFixed(4)}`);
  }
  return out.join(', ');
}

for (const [classic, weights] of [
  [false, 'none'],
  [true, 'none'],
  [false, 'log-normal'],
  [true, 'log-normal'],
] as const) {
  console.log(
    `${classic ? 'classic' : 'ten-point'}, weights ${weights} (outer / inner): ${rates(classic, weights)}`,
  );
}
