// A small seeded organisation for the report tests, with hostile ids and names: ids
// `__proto__`, `constructor`, `a/b`, and `Store` / `store` (equal on case-insensitive file
// systems); names holding `<`, `&`, quotes and a script tag; a kiosk below minSample.
import {
  auditCompliance,
  buildHierarchy,
  detectShifts,
  driverPerformance,
  driversByOwner,
  followUpMetrics,
  importancePerformance,
  type ReportAnalysis,
  responseRates,
  rollup,
  shapley,
  trend,
  trendByNode,
  trendChanges,
} from '../../src/index.ts';

export const NODES = [
  { id: 'group', parentId: null, level: 'group', name: 'Group "Retail" <&>' },
  { id: 'retail', parentId: 'group', level: 'division', name: 'Retail chain' },
  { id: 'online', parentId: 'group', level: 'division', name: "Online <shop> & 'web'" },
  { id: '__proto__', parentId: 'retail', level: 'region', name: 'North & "East"' },
  { id: 'a/b', parentId: 'retail', level: 'region', name: 'South' },
  { id: 'constructor', parentId: 'online', level: 'region', name: 'Web' },
  { id: 'Store', parentId: '__proto__', level: 'store', name: 'Store One' },
  { id: 'store', parentId: '__proto__', level: 'store', name: 'Store Two' },
  { id: 's3', parentId: 'a/b', level: 'store', name: '<script>alert("x")</script>' },
  { id: 'tiny', parentId: 'a/b', level: 'store', name: 'Tiny kiosk' },
  { id: 's4', parentId: 'a/b', level: 'store', name: 'Kiosk Four' },
  { id: 'app', parentId: 'constructor', level: 'store', name: 'App' },
] as const;

const STORES = ['Store', 'store', 's3', 'app', 's4'] as const;
export const MIN_SAMPLE = 5;

/** A seeded linear congruential generator on [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Responses over 2025, about 12 a month per store, 2 in all at the kiosk; ratings speed/price. */
function responses(seed = 7) {
  const rnd = lcg(seed);
  const rows: {
    nodeId: string;
    score: number;
    at: number;
    ratings: { speed: number; price: number };
  }[] = [];
  STORES.forEach((nodeId, k) => {
    for (let month = 0; month < 12; month++) {
      for (let i = 0; i < (nodeId === 's4' ? 6 : 12); i++) {
        const speed = 1 + Math.floor(rnd() * 10);
        const price = 1 + Math.floor(rnd() * 10);
        // store `s3` slips in the last two months
        const slip = nodeId === 's3' && month >= 10 ? 6 : 0;
        const base = (speed + price) / 2 + 1 + k * 0.3 - slip + rnd() * 2;
        const score = Math.max(1, Math.min(10, Math.round(base)));
        rows.push({
          nodeId,
          score,
          at: Date.UTC(2025, month, 1 + i * 2, 12),
          ratings: { speed, price },
        });
      }
    }
  });
  rows.push({
    nodeId: 'tiny',
    score: 9,
    at: Date.UTC(2025, 5, 3),
    ratings: { speed: 8, price: 7 },
  });
  rows.push({
    nodeId: 'tiny',
    score: 2,
    at: Date.UTC(2025, 6, 3),
    ratings: { speed: 3, price: 4 },
  });
  return rows;
}

/** The analysis of the fixture: every section a page can show. */
export function analysis(): ReportAnalysis {
  const h = buildHierarchy(NODES);
  const rows = responses();
  const cube = trendByNode(h, rows, { period: 'month', minSample: MIN_SAMPLE });
  const importance = shapley(rows);
  const owners = new Map([
    ['speed', 'store'],
    ['price', 'group'],
  ]);
  const hour = 3_600_000;
  const opened = Date.UTC(2025, 11, 1, 9);
  const cases = STORES.flatMap((nodeId, k) =>
    Array.from({ length: 6 }, (_, i) => ({
      caseId: `${nodeId}-${String(i)}`,
      nodeId,
      openedAt: opened + i * hour,
      firstContactAt: opened + i * hour + (2 + k * 3 + i) * hour,
      ...(i % 2 === 0 ? { resolvedAt: opened + i * hour + 40 * hour } : {}),
    })),
  );
  const invitations = STORES.flatMap((nodeId, k) =>
    Array.from({ length: 20 }, (_, i) => ({
      invitationId: `${nodeId}-${String(i)}`,
      nodeId,
      at: Date.UTC(2025, 10, 1 + i),
      responded: i % (2 + k) === 0,
    })),
  );
  return {
    rollup: rollup(h, rows, { minSample: MIN_SAMPLE }),
    trend: cube,
    shifts: detectShifts(cube, { recent: 3, baseline: 6 }),
    changes: ['group', 's3'].map((id) => {
      const ids = new Set([id, ...h.descendants(id)]);
      const c = trendChanges(
        trend(
          rows.filter((r) => ids.has(r.nodeId)),
          { period: 'month' },
        ),
      ).changes.at(-1);
      return {
        id,
        period: cube.periods.at(-1) ?? null,
        suppressed: false,
        previous: c?.previous ?? null,
        yearAgo: c?.yearAgo ?? null,
      };
    }),
    drivers: {
      drivers: [
        { id: 'speed', name: 'Speed of service', owner: 'store' },
        { id: 'price', name: 'Prices <& offers>', owner: 'group' },
      ],
      units: NODES.map((n) => {
        // the group and the South region are analysed; the stores have too few answers
        const run = n.id === 'group' || n.id === 'a/b';
        const ids = new Set([n.id, ...h.descendants(n.id)]);
        const imp = run ? shapley(rows.filter((r) => ids.has(r.nodeId))) : importance;
        return {
          id: n.id,
          skipped: run ? null : 'min_sample',
          byOwner: run ? driversByOwner(imp, owners) : [],
          quadrants: run ? importancePerformance(imp, driverPerformance(rows)) : [],
          ownLevers: run
            ? imp.drivers.map((d) => d.driver).filter((d) => owners.get(d) === n.level)
            : [],
        };
      }),
    },
    followUp: followUpMetrics(cases, {
      now: opened + 72 * hour,
      sla: { contact: { hours: 24 } },
      hierarchy: h,
      minSample: MIN_SAMPLE,
    }),
    quality: {
      responseRates: responseRates(h, invitations, { minSample: MIN_SAMPLE }),
      // a mystery-shopper visit per store and month: greeting passed in 3 months of 4
      audits: auditCompliance(
        h,
        STORES.flatMap((nodeId) =>
          Array.from({ length: 12 }, (_, month) => ({
            auditId: `${nodeId}-${String(month)}`,
            nodeId,
            at: Date.UTC(2025, month, 15),
            items: [{ standard: 'greeting', passed: month % 4 !== 0 }],
          })),
        ),
        { minSample: MIN_SAMPLE },
      ),
    },
    asOf: '2025-12-31',
  };
}
