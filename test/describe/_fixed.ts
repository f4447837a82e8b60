// Fixed results for the describe tests: a small group with a store whose NPS falls from
// October to November 2025 (significant), one that holds steady, a kiosk too small to publish
// and its sibling, withheld with it so that the kiosk's figures cannot be recovered.
import {
  analyze,
  buildHierarchy,
  detectShifts,
  rollup,
  tallyFromCounts,
  trend,
  trendChanges,
} from '../../src/index.ts';

const fixedHierarchy = () =>
  buildHierarchy([
    { id: 'g', parentId: null, level: 'group', name: 'Group' },
    { id: 'n', parentId: 'g', level: 'region', name: 'Region North' },
    { id: 's1', parentId: 'n', level: 'store', name: 'Store Lenina 5' },
    { id: 's2', parentId: 'n', level: 'store', name: 'Store Mira 12' },
    { id: 's', parentId: 'g', level: 'region', name: 'Region South' },
    { id: 's3', parentId: 's', level: 'store', name: 'Kiosk Vokzal' },
    { id: 's4', parentId: 's', level: 'store', name: 'Store Sadova 1' },
  ]);

/** `p` promoters (score 10) and `d` detractors (score 3) of `nodeId` in month `m` of `year`. */
function month(nodeId: string, year: number, m: number, p: number, d: number) {
  return Array.from({ length: p + d }, (_, i) => {
    const score = i < p ? 10 - (i % 3) : 3 - (i % 3);
    return {
      nodeId,
      score,
      at: Date.UTC(year, m, 1 + (i % 27), 10),
      ratings: {
        speed: Math.max(1, Math.min(10, score + ((i * 7) % 3) - 1)),
        price: 4 + ((i * 5) % 4),
      },
    };
  });
}

const fixedRows = () => [
  ...month('s1', 2024, 10, 25, 15),
  ...month('s2', 2024, 10, 20, 20),
  ...month('s1', 2025, 9, 30, 10),
  ...month('s2', 2025, 9, 20, 20),
  ...month('s1', 2025, 10, 10, 30),
  ...month('s2', 2025, 10, 22, 18),
  ...month('s3', 2025, 9, 1, 1),
  ...month('s3', 2025, 10, 1, 1),
  ...month('s4', 2025, 9, 12, 8),
  ...month('s4', 2025, 10, 12, 8),
];

const fixedDrivers = [
  { id: 'speed', name: 'speed of service', owner: 'store' },
  { id: 'price', name: 'prices', owner: 'group' },
];

export const fixedAnalysis = () =>
  analyze(fixedHierarchy(), fixedRows(), {
    minSample: 5,
    drivers: fixedDrivers,
    gaming: false,
    shifts: { recent: 1, baseline: 1, chart: 'none', minSample: 20 },
  });

export const fixedRollup = () => rollup(fixedHierarchy(), fixedRows(), { minSample: 5 });

export const fixedChanges = () =>
  trendChanges(
    trend(
      fixedRows().filter((r) => r.nodeId === 's1'),
      { period: 'month' },
    ),
  );

export const fixedShifts = () => {
  const t = (p: number, d: number) => tallyFromCounts({ promoters: p, passives: 0, detractors: d });
  const points = [t(60, 20), t(60, 20), t(60, 20), t(30, 50)].map((total, k) => ({
    start: `2025-0${String(k + 1)}-01T00:00:00Z`,
    end: `2025-0${String(k + 2)}-01T00:00:00Z`,
    total,
  }));
  return detectShifts([{ id: 'store-7', points }], { recent: 1, baseline: 3, chart: 'none' });
};
