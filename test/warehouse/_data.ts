// Seeded responses for the warehouse tests: a company, two regions and six stores over two
// years (2024–2025) in Europe/Kyiv, with many responses within hours of local midnight on the
// first of each month and around the DST changes (last Sunday of March 03:00 → 04:00, last
// Sunday of October 04:00 → 03:00), ratings with missing values, weights, and a few invalid and
// missing scores.
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { seededRandom } from '../../src/kernels/random.ts';

export const ZONE = 'Europe/Kyiv';
export const DRIVERS = ['speed', 'staff', 'price'] as const;
const STORES = ['s1', 's2', 's3', 's4', 's5', 's6'];

export const hierarchy = () =>
  buildHierarchy([
    { id: 'all', parentId: null, level: 'company' },
    { id: 'north', parentId: 'all', level: 'region' },
    { id: 'south', parentId: 'all', level: 'region' },
    ...STORES.map((id, i) => ({ id, parentId: i < 3 ? 'north' : 'south', level: 'store' })),
  ]);

export interface Row {
  readonly nodeId: string;
  readonly score: number;
  /** Epoch ms, whole seconds (so SQL `to_timestamp(seconds)` holds it exactly). */
  readonly at: number;
  readonly weight: number;
  readonly ratings: Readonly<Record<(typeof DRIVERS)[number], number | null>>;
}

/** UTC instants near the Kyiv month boundaries and DST changes of 2024 and 2025. */
function hotSpots(): number[] {
  const out: number[] = [];
  for (const y of [2024, 2025])
    for (let m = 0; m < 12; m++) {
      // local midnight of the 1st: 22:00Z the day before in winter (UTC+2), 21:00Z in summer (UTC+3)
      for (const h of [20, 21, 22, 23]) out.push(Date.UTC(y, m, 1) - (24 - h) * 3_600_000);
      out.push(Date.UTC(y, m, 1));
    }
  // DST changes: 2024-03-31 01:00Z, 2024-10-27 01:00Z, 2025-03-30 01:00Z, 2025-10-26 01:00Z
  for (const t of [
    Date.UTC(2024, 2, 31, 1),
    Date.UTC(2024, 9, 27, 1),
    Date.UTC(2025, 2, 30, 1),
    Date.UTC(2025, 9, 26, 1),
  ])
    for (const dh of [-3, -2, -1, 0, 1, 2]) out.push(t + dh * 3_600_000);
  return out;
}

export function responses(n = 4000, seed = 7): Row[] {
  const random = seededRandom(seed);
  const spots = hotSpots();
  const from = Date.UTC(2024, 0, 1) - 2 * 3_600_000;
  const span = Date.UTC(2026, 0, 1) - 2 * 3_600_000 - from;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const store = STORES[Math.floor(random() * STORES.length)] as string;
    const base =
      random() < 0.35
        ? (spots[Math.floor(random() * spots.length)] as number) +
          Math.floor((random() - 0.5) * 7_200) * 1000
        : from + Math.floor((random() * span) / 1000) * 1000;
    const quality = random();
    const rating = () =>
      Math.max(1, Math.min(10, Math.round(quality * 9 + 1 + (random() - 0.5) * 4)));
    const speed = rating();
    const staff = rating();
    const price = random() < 0.1 ? null : rating();
    const score = Math.max(1, Math.min(10, Math.round(0.4 * speed + 0.4 * staff + random() * 3)));
    rows.push({
      nodeId: store,
      score,
      at: base,
      weight: Math.round((0.5 + random() * 2) * 1000) / 1000,
      ratings: { speed: random() < 0.05 ? null : speed, staff, price },
    });
  }
  return rows;
}

/** A row whose score may be missing. */
export interface MessyRow extends Omit<Row, 'score'> {
  readonly score: number | null;
}

/** Rows whose scores the library refuses: missing (null) and invalid (7.5, 11, 0). */
export function badRows(): MessyRow[] {
  const at = Date.UTC(2024, 5, 10, 12);
  const ratings = { speed: 5, staff: 5, price: 5 };
  return [null, 7.5, 11, 0, null].map((score, i) => ({
    nodeId: `s${String((i % 6) + 1)}`,
    score,
    at,
    weight: 1,
    ratings,
  }));
}

/** The SQL literal of a value: NULL, a number or a quoted string. */
const lit = (v: number | string | null): string =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`;

/** The VALUES list of the rows: (store, score, at seconds, w, speed, staff, price). */
export function values(rows: readonly MessyRow[]): string {
  return rows
    .map(
      (r) =>
        `(${[r.nodeId, r.score, r.at / 1000, r.weight, r.ratings.speed, r.ratings.staff, r.ratings.price].map(lit).join(', ')})`,
    )
    .join(',\n');
}
