// A small seeded retail group for the chart tests: a head office, two regions, six stores, twelve
// months of responses with driver ratings. Store n3 has no answers in April and few in September
// (empty and suppressed months under minSample 30); kiosk n4 answers twice a month (suppressed in
// the year's rollup); store s1's scores fall in the last three months (a drop the alerts find).
import { buildHierarchy } from '../../src/index.ts';
import { seededRandom } from '../../src/kernels/random.ts';

export const nodes = [
  { id: 'hq', parentId: null, level: 'group', name: 'Head office' },
  { id: 'north', parentId: 'hq', level: 'region', name: 'North' },
  { id: 'south', parentId: 'hq', level: 'region', name: 'South' },
  { id: 'n1', parentId: 'north', level: 'store', name: 'Tverskaya' },
  { id: 'n2', parentId: 'north', level: 'store', name: 'Arbat' },
  { id: 'n3', parentId: 'north', level: 'store', name: 'Pushkinskaya' },
  { id: 'n4', parentId: 'north', level: 'store', name: 'Kiosk' },
  { id: 's1', parentId: 'south', level: 'store', name: 'Deribasovskaya' },
  { id: 's2', parentId: 'south', level: 'store', name: 'Privoz' },
  { id: 's3', parentId: 'south', level: 'store', name: 'Arcadia' },
];

export const hierarchy = () => buildHierarchy(nodes);

export interface Row {
  readonly nodeId: string;
  readonly score: number;
  readonly at: number;
  readonly ratings: { readonly speed: number; readonly price: number; readonly staff: number };
}

/** Responses: 60 a month for most stores (n3: 35, none in April, 10 in September; n4: 2). */
export function responses(seed = 13): Row[] {
  const random = seededRandom(seed);
  const out: Row[] = [];
  const bias = new Map([
    ['n1', 1.0],
    ['n2', 0.4],
    ['n3', 0.6],
    ['n4', 0.0],
    ['s1', 0.8],
    ['s2', 0.0],
    ['s3', 2.0],
  ]);
  for (let m = 0; m < 12; m++)
    for (const [id, b] of bias) {
      const count = id === 'n4' ? 2 : id === 'n3' ? (m === 3 ? 0 : m === 8 ? 10 : 35) : 60;
      for (let k = 0; k < count; k++) {
        const speed = Math.min(10, Math.max(1, Math.round(6 + b + 3 * (random() - 0.5) * 2)));
        const price = Math.min(10, Math.max(1, Math.round(5 + 4 * (random() - 0.5) * 2)));
        const staff = Math.min(10, Math.max(1, Math.round(7 + b + 2 * (random() - 0.5) * 2)));
        const drop = id === 's1' && m >= 9 ? 1.2 : 0;
        const raw = 0.5 * speed + 0.2 * price + 0.3 * staff + 0.8 + (random() - 0.5) * 4 - drop;
        out.push({
          nodeId: id,
          score: Math.min(10, Math.max(1, Math.round(raw))),
          at: Date.UTC(2025, m, 1 + Math.floor(random() * 27), 12),
          ratings: { speed, price, staff },
        });
      }
    }
  return out;
}

/**
 * Follow-up cases of the detractors of January: contact within 1..40 hours of opening, resolution
 * 10..170 hours after the contact; every fifth case, and those that would close after
 * {@link casesNow}, still open (censored).
 */
export const casesNow = Date.UTC(2025, 1, 5);

export function cases(seed = 7) {
  const random = seededRandom(seed);
  const hour = 3_600_000;
  return responses()
    .filter((r) => r.score <= 5 && r.at < Date.UTC(2025, 1, 1))
    .map((r, k) => {
      const contact = r.at + Math.round((1 + 39 * random()) * hour);
      const resolved = contact + Math.round((10 + 160 * random()) * hour);
      return {
        caseId: `case${String(k)}`,
        nodeId: r.nodeId,
        openedAt: r.at,
        ...(contact <= casesNow ? { firstContactAt: contact } : {}),
        ...(k % 5 === 4 || resolved > casesNow ? {} : { resolvedAt: resolved }),
      };
    });
}
