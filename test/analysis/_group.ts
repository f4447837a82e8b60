// A small seeded organisation for the analysis and describe tests: group → 2 divisions →
// 2 regions each → 3 stores each, 24 months of responses (2024-01 .. 2025-12, UTC) with three
// driver ratings; the score follows the ratings. Store 'n1a' drops sharply in its last month
// (its service slips), store 'w2c' has few answers (for minSample).
import { buildHierarchy } from '../../src/index.ts';
import { seededRandom } from '../../src/kernels/random.ts';

const groupNodes = () => {
  const nodes: { id: string; parentId: string | null; level: string; name: string }[] = [
    { id: 'g', parentId: null, level: 'group', name: 'Group' },
  ];
  for (const [d, dn] of [
    ['r', 'Retail'],
    ['w', 'Wholesale'],
  ] as const) {
    nodes.push({ id: d, parentId: 'g', level: 'division', name: dn });
    for (const [r, rn] of [
      [`${d === 'r' ? 'n' : 'w'}1`, 'North'],
      [`${d === 'r' ? 'n' : 'w'}2`, 'South'],
    ] as const) {
      nodes.push({ id: r, parentId: d, level: 'region', name: `${dn} ${rn}` });
      for (const s of ['a', 'b', 'c']) {
        nodes.push({ id: `${r}${s}`, parentId: r, level: 'store', name: `Store ${r}${s}` });
      }
    }
  }
  return nodes;
};

export const groupHierarchy = () => buildHierarchy(groupNodes());

export const groupDrivers = [
  { id: 'speed', name: 'speed of service', owner: 'store' },
  { id: 'assortment', name: 'assortment', owner: 'region' },
  { id: 'price', name: 'prices', owner: 'group' },
] as const;

export interface GroupRow {
  readonly nodeId: string;
  readonly score: number;
  readonly at: number;
  readonly interviewer: string;
  readonly ratings: { speed: number; assortment: number; price: number };
}

/** Seeded responses: about `perMonth` per store and month (a handful for 'w2c'). */
export function groupRows(seed = 1, perMonth = 40): GroupRow[] {
  const random = seededRandom(seed);
  const stores = groupNodes().filter((n) => n.level === 'store');
  const rows: GroupRow[] = [];
  const clamp = (x: number) => Math.max(1, Math.min(10, Math.round(x)));
  for (let m = 0; m < 24; m++) {
    for (const s of stores) {
      const count = s.id === 'w2c' ? 2 : perMonth;
      for (let i = 0; i < count; i++) {
        const slip = s.id === 'n1a' && m === 23 ? 3 : 0;
        const speed = clamp(8 + 3 * (random() - 0.5) - slip);
        const assortment = clamp(7 + 4 * (random() - 0.5));
        const price = clamp(6 + 4 * (random() - 0.5));
        const score = clamp(
          0.6 * speed + 0.25 * assortment + 0.15 * price + 4 * (random() - 0.5) - 0.3,
        );
        const day = 1 + Math.floor(random() * 27);
        rows.push({
          nodeId: s.id,
          score,
          at: Date.UTC(2024, m, day, 12),
          interviewer: `i${String(Math.floor(random() * 4))}`,
          ratings: { speed, assortment, price },
        });
      }
    }
  }
  return rows;
}
