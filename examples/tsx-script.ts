// A TypeScript script run with tsx (npskit installed from npm). Run: npx tsx examples/tsx-script.ts
// Which drivers move loyalty in the sample group, and which level of the organisation owns each.
import { type DriverImportance, shapley } from 'npskit';
import { sampleRetailGroup } from 'npskit/sample';

const group = sampleRetailGroup();
const ids = group.drivers.map((d) => d.id);
const rows = group.responses.map((r) => ({ score: r.score, ratings: r.ratings }));
const result = shapley(rows, { drivers: ids });
const owner = new Map(group.drivers.map((d) => [d.id as string, d]));
const top: readonly DriverImportance[] = [...result.drivers].sort((a, b) => a.rank - b.rank);
for (const d of top)
  console.log(
    `${String(d.rank)}. ${owner.get(d.driver)?.name ?? d.driver} (owned by the ${owner.get(d.driver)?.owner ?? '?'}): ${(100 * d.share).toFixed(1)}% of R²`,
  );
if (Math.abs(top.reduce((s, d) => s + d.share, 0) - 1) > 1e-9)
  throw new Error('tsx example: shares do not add up');
console.log(`tsx ok: R² = ${result.r2.toFixed(3)} on ${String(result.n)} complete answers`);
