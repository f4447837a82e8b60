// End-to-end loyalty analysis of a built-in sample retail group, printed as a readable report.
// Run: npm install && npm run demo
//
// The group (seeded, so every run prints the same report): a head office with three divisions
// (retail chain, wholesale, online shop), regions and 24 stores / pick-up points, 18 months of
// survey answers on the default ten-point scale, four touchpoints, and attribute ratings for six
// drivers of loyalty owned by different levels. One store's service slips in the last weeks.
// Detractors are called back (stores answer within about a day; the slipping store slowly), and
// some customers answer the survey again a few weeks later.

import {
  buildHierarchy,
  compareNps,
  detectShifts,
  driverPerformance,
  driversByOwner,
  followUpMetrics,
  followUpQueue,
  followUpRecovery,
  importancePerformance,
  npsInterval,
  rank,
  rollup,
  rollupTable,
  sampleSize,
  segments,
  shapley,
  tally,
  trend,
  trendByNode,
  trendChanges,
  trendTest,
  varianceComponents,
} from '../src/index.ts';
import { seededRandom } from '../src/kernels/random.ts';

const rng = seededRandom(2026);
const normal = (): number => {
  // Box–Muller from the seeded uniform source.
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
};

// --- the organisation ---------------------------------------------------------------------
const nodes: { id: string; parentId: string | null; level: string; name: string }[] = [
  { id: 'HQ', parentId: null, level: 'head office', name: 'Head office' },
  { id: 'RET', parentId: 'HQ', level: 'division', name: 'Retail chain' },
  { id: 'WHS', parentId: 'HQ', level: 'division', name: 'Wholesale' },
  { id: 'WEB', parentId: 'HQ', level: 'division', name: 'Online shop' },
];
const regions = [
  { id: 'RET-N', division: 'RET', name: 'Retail North', effect: 0.3 },
  { id: 'RET-S', division: 'RET', name: 'Retail South', effect: 0.1 },
  { id: 'RET-E', division: 'RET', name: 'Retail East', effect: -0.4 },
  { id: 'WHS-C', division: 'WHS', name: 'Wholesale Centre', effect: -0.2 },
  { id: 'WHS-V', division: 'WHS', name: 'Wholesale Volga', effect: 0 },
  { id: 'WEB-P', division: 'WEB', name: 'Pick-up points', effect: 0.2 },
];
const stores: { id: string; quality: number; size: number }[] = [];
for (const r of regions) {
  nodes.push({ id: r.id, parentId: r.division, level: 'region', name: r.name });
  for (let i = 1; i <= 4; i++) {
    const id = `${r.id}-${String(i)}`;
    stores.push({ id, quality: r.effect + 0.35 * normal(), size: 0.4 + 1.6 * rng() });
    nodes.push({ id, parentId: r.id, level: 'store', name: `Store ${id}` });
  }
}
const slipping = 'RET-S-2'; // service slips in the last 8 weeks

// --- the survey ----------------------------------------------------------------------------
const drivers = ['politeness', 'speed', 'expertise', 'assortment', 'price', 'delivery'] as const;
const owner = new Map<string, string>([
  ['politeness', 'store'],
  ['speed', 'store'],
  ['expertise', 'store'],
  ['assortment', 'head office'],
  ['price', 'head office'],
  ['delivery', 'division'],
]);
const effects = [0.3, 0.15, 0.12, 0.18, 0.2, 0.1];
const ratingOffset = [0.8, 0.2, 0.4, -0.3, -1.0, -0.6]; // price and delivery are rated lowest
const touchpoints = ['checkout', 'consultation', 'delivery', 'returns'];
const touchEffect = [0.2, 0.4, -0.3, -0.9];
const clamp = (x: number) => Math.min(10, Math.max(1, Math.round(x)));
const day = 86_400_000;
const start = Date.UTC(2024, 11, 31, 21); // 2025-01-01 00:00 Moscow time
const end = Date.UTC(2026, 5, 30, 21); // 2026-07-01 00:00 Moscow time: 18 months
const days = Math.round((end - start) / day);
const responses: { nodeId: string; score: number; at: number; touchpoint: string }[] = [];
const driverRows: { score: number; ratings: Record<string, number> }[] = [];
for (const s of stores) {
  for (let t = 0; t < days; t++) {
    const drop = s.id === slipping && t >= days - 56 ? -0.8 : 0;
    const count = Math.floor(s.size * (1.4 + 1.2 * rng()) + rng());
    for (let k = 0; k < count; k++) {
      const tp = Math.floor(rng() * 4);
      const q = s.quality + drop + (touchEffect[tp] ?? 0);
      const ratings = drivers.map((_, j) =>
        clamp(7 + (ratingOffset[j] ?? 0) + 1.5 * q + 1.6 * normal()),
      );
      let latent = 0.6;
      ratings.forEach((r, j) => {
        latent += (effects[j] ?? 0) * r;
      });
      const score = clamp(latent + 1.2 * normal());
      const at = start + (t + rng()) * day;
      responses.push({ nodeId: s.id, score, at, touchpoint: touchpoints[tp] ?? 'checkout' });
      driverRows.push({
        score,
        ratings: Object.fromEntries(drivers.map((d, j) => [d, ratings[j] ?? 0])),
      });
    }
  }
}

// --- report ----------------------------------------------------------------------------------
const fmt = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined ? '—' : x.toFixed(d);
const sig = (q: number | null | undefined) =>
  q === null || q === undefined ? '' : q < 0.01 ? ' **' : q < 0.05 ? ' *' : '';
const heading = (s: string) => {
  console.log(`\n${s}\n${'─'.repeat(s.length)}`);
};

console.log(
  'npskit demo — a sample retail group (seeded), ten-point scheme (1..10; 8–10 promoters,',
);
console.log('6–7 passives, 1–5 detractors; NPS = (P − D) / (P + D)), 95% intervals.');

const all = tally(responses.map((r) => r.score));
const i = npsInterval(all);
heading('1. The group');
console.log(
  `NPS ${fmt(i.nps)} [${fmt(i.low)}, ${fmt(i.high)}] from ${String(all.n)} responses ` +
    `(${String(all.promoters)} promoters, ${String(all.passives)} passives, ${String(all.detractors)} detractors)`,
);

const h = buildHierarchy(nodes);
const result = rollup(h, responses, { minSample: 30 });
heading('2. Roll-up from the point of sale to the head office');
console.log(
  'vs parent: difference from the parent (overlap-aware); * q < 0.05, ** q < 0.01 (BH per level)',
);
for (const row of rollupTable(result)) {
  const label = `${'  '.repeat(row.depth)}${row.node}`;
  const vs =
    row.vsParent === null ? '' : `  vs parent ${fmt(row.vsParent).padStart(6)}${sig(row.qValue)}`;
  console.log(
    `${label.padEnd(14)} ${(row.level ?? '').padEnd(11)} n=${String(row.n ?? '—').padStart(6)}  NPS ${fmt(row.nps).padStart(6)} [${fmt(row.low)}, ${fmt(row.high)}]${vs}`,
  );
}

heading(
  '3. Where loyalty varies (REML variance components: share of the variance of single answers)',
);
const components = varianceComponents(result);
for (const l of components.levels)
  console.log(`  ${String(l.level).padEnd(12)} ${fmt(l.share === null ? null : 100 * l.share)}%`);
const within = components.residual.share;
console.log(`  ${'within'.padEnd(12)} ${fmt(within === null ? null : 100 * within)}%`);

heading('4. Store league, shrunk toward each region (empirical Bayes)');
for (const r of rank(result, { level: 'store', by: 'shrunk' }).slice(0, 5))
  console.log(`  ${String(r.rank)}. ${r.id.padEnd(9)} ${fmt(r.value)}`);

heading('5. Touchpoints (each against all other answers; BH q-values)');
for (const s of segments(responses, { by: 'touchpoint' }).segments)
  console.log(
    `  ${s.segment.padEnd(13)} NPS ${fmt(s.nps).padStart(6)} [${fmt(s.low)}, ${fmt(s.high)}]  vs rest ${fmt(s.vsRest?.difference).padStart(6)}${sig(s.vsRest?.qValue)}`,
  );

heading('6. Monthly trend (Europe/Moscow), with month-over-month and year-over-year changes');
const monthly = trend(responses, { period: 'month', timeZone: 'Europe/Moscow' });
const changes = trendChanges(monthly).changes;
monthly.points.forEach((p, k) => {
  const c = changes[k];
  const mom = c?.previous
    ? `${fmt(c.previous.difference).padStart(6)}${c.previous.significant ? ' *' : '  '}`
    : '     —  ';
  const yoy = c?.yearAgo
    ? `${fmt(c.yearAgo.difference).padStart(6)}${c.yearAgo.significant ? ' *' : ''}`
    : '     —';
  console.log(
    `  ${p.label}  n=${String(p.total.n).padStart(5)}  NPS ${fmt(p.nps).padStart(6)} [${fmt(p.low)}, ${fmt(p.high)}]  MoM ${mom}  YoY ${yoy}`,
  );
});
const slope = trendTest(monthly);
console.log(
  `  Trend: ${fmt(slope.slope, 2)} NPS points per month (p = ${fmt(slope.pValue, 3)}, weighted least squares)`,
);

heading(
  '7. Early warning: weekly series of every unit, last 6 weeks against the 26 before (min 20 in the base)',
);
const cube = trendByNode(h, responses, { period: 'week', timeZone: 'Europe/Moscow', to: end - 1 });
const shifts = detectShifts(cube, { recent: 6, baseline: 26, minSample: 20 });
console.log(
  `  ${String(shifts.tests)} tests as of ${shifts.asOf}; ${String(shifts.alerts.length)} alert(s)`,
);
// A test's evidence is its q-value; an EWMA's is |Z| in standard deviations against L (Z is
// negative for a drop); a CUSUM's is its sum against h. `since` is the start of the window a
// test compared, or the chart's estimate of when the change began.
const evidence = (a: (typeof shifts.alerts)[number]): string =>
  a.qValue !== null
    ? `q = ${a.qValue.toPrecision(2)}`
    : a.detector === 'ewma'
      ? `|EWMA| = ${fmt(Math.abs(a.statistic), 2)} SD > L = ${fmt(a.limit, 2)}`
      : `CUSUM = ${fmt(a.statistic, 2)} > h = ${fmt(a.limit, 2)}`;
for (const a of shifts.alerts)
  console.log(
    `  ${a.id.padEnd(8)} ${a.kind} of ${fmt(Math.abs(a.difference))} points ${a.qValue !== null ? `over the ${String(a.windows.tested)} weeks from ${a.since.slice(0, 10)}` : `since ${a.since.slice(0, 10)} (estimated start)`} (${a.detector}: ` +
      `${fmt(a.baseline.nps)} → ${fmt(a.recent.nps)}, n ${String(a.baseline.n)} → ${String(a.recent.n)}, ${evidence(a)})`,
  );
const slip = result.nodes.find((n) => n.id === slipping);
const region = result.nodes.find((n) => n.id === 'RET-S');
if (slip?.total && region?.total) {
  const c = compareNps(slip.total, region.total, { relation: 'nested' });
  console.log(
    `  ${slipping} over the whole period vs its region: ${fmt(c.difference)} points [${fmt(c.low)}, ${fmt(c.high)}], p = ${c.pValue.toPrecision(2)}`,
  );
}

heading('8. Drivers of the score (exact Shapley / LMG decomposition of R²) and who owns them');
const sh = shapley(driverRows);
console.log(`  R² = ${sh.r2.toFixed(3)}, n = ${String(sh.n)}`);
for (const d of [...sh.drivers].sort((a, b) => a.rank - b.rank))
  console.log(
    `  ${String(d.rank)}. ${d.driver.padEnd(11)} ${(100 * d.share).toFixed(1).padStart(5)}% of R²   owner: ${owner.get(d.driver) ?? '—'}`,
  );
console.log('  By owning level:');
for (const o of driversByOwner(sh, owner))
  console.log(
    `    ${String(o.owner).padEnd(12)} ${(100 * o.share).toFixed(1).padStart(5)}%  (${o.drivers.join(', ')})`,
  );
console.log('  Importance against mean rating (cut at the means):');
for (const d of importancePerformance(sh, driverPerformance(driverRows)))
  console.log(`    ${d.driver.padEnd(11)} rated ${fmt(d.performance, 2)}  → ${d.quadrant}`);

heading('9. Planning the next wave');
// passives are outside the ten-point base: plan with the share seen in this wave
const passiveShare = all.passives / all.n;
const plan = sampleSize({ marginOfError: 10 }, { passiveShare });
const planDiff = sampleSize({ difference: 15, power: 0.8 }, { passiveShare });
console.log(
  `  ±10 NPS points for one store needs ${String(plan.baseN)} promoters and detractors, ${String(plan.n)} answers at this wave's ${(100 * passiveShare).toFixed(0)}% passives; detecting a 15-point gap between two stores (80% power) needs ${String(planDiff.n)} per store.`,
);

heading('10. Closing the loop: who to call back, and what calling back recovers');
// the last week's answers, each with an id; the group works Monday to Friday, 9:00–18:00 Moscow
const now = end;
const lastWeek = responses
  .map((r, k) => ({ ...r, responseId: `R${String(k)}` }))
  .filter((r) => r.at >= now - 7 * day);
const handledBefore = lastWeek.filter((r) => r.nodeId !== slipping && rng() < 0.7);
const queue = followUpQueue(
  lastWeek,
  {
    hierarchy: h,
    sla: { businessDays: 1 },
    calendar: { timeZone: 'Europe/Moscow', hours: { start: '09:00', end: '18:00' } },
    escalation: [{ afterHours: 72 }],
    handled: handledBefore.map((r) => r.responseId),
  },
  now,
);
console.log(
  `  ${String(queue.items.length)} customers to call back from the last week, ${String(queue.overdueN)} overdue (SLA: by close of the next working day).`,
);
const overdueBy = new Map<string, number>();
for (const it of queue.items)
  if (it.overdue) overdueBy.set(it.owner ?? '—', (overdueBy.get(it.owner ?? '—') ?? 0) + 1);
for (const [node, k] of [...overdueBy].sort((a, b) => b[1] - a[1]).slice(0, 3))
  console.log(`    ${node.padEnd(10)} ${String(k)} overdue`);
const first = queue.items[0];
if (first !== undefined)
  console.log(
    `  First in line: ${first.responseId} at ${first.nodeId ?? '—'} (score ${String(first.score)}, due ${first.dueAt.slice(0, 16)}, owner ${first.owner ?? '—'}).`,
  );
// a case for every detractor of the last quarter: contacted within hours (the slipping store
// slowly), resolved a day or two later; some are still open at `now`
const pct = (x: number | null) => (x === null ? '—' : fmt(100 * x));
const exp = (mean: number) => -mean * Math.log(1 - rng());
const hour = 3_600_000;
const cases = responses
  .filter((r) => r.score <= 5 && r.at >= now - 91 * day)
  .map((r, k) => {
    const openedAt = r.at + exp(1) * hour;
    const contact = openedAt + exp(r.nodeId === slipping ? 60 : 10) * hour;
    const resolved = contact + exp(30) * hour;
    return {
      caseId: `C${String(k)}`,
      nodeId: r.nodeId,
      openedAt: Math.min(openedAt, now),
      firstContactAt: contact < now ? contact : null,
      resolvedAt: resolved < now ? resolved : null,
    };
  });
const loop = followUpMetrics(cases, {
  now,
  hierarchy: h,
  sla: { contact: { hours: 24 }, resolution: { hours: 72 } },
  minSample: 10,
});
const oc = loop.overall.contact;
const orr = loop.overall.resolution;
console.log(
  `  Last quarter: ${String(loop.overall.cases)} cases, ${String(loop.overall.open)} open now, ${String(loop.overall.overdueContact)} never contacted past the 24-hour target.`,
);
console.log(
  `  Time to first contact (Kaplan–Meier, open cases censored): median ${fmt(oc?.hours.median.value)} h [${fmt(oc?.hours.median.low)}, ${fmt(oc?.hours.median.high)}], 90% within ${fmt(oc?.hours.p90.value)} h; ${pct(oc?.withinSla?.share ?? null)}% within 24 h. To resolution: median ${fmt(orr?.hours.median.value)} h.`,
);
for (const n of loop.nodes ?? []) {
  const c = n.vsRest?.contact;
  if (c?.direction === 'slower' && c.qValue < 0.05)
    console.log(
      `  ${n.id.padEnd(10)} contacts customers slower than the rest of ${n.parentId ?? '—'}: median ${fmt(n.contact?.hours.median.value)} h, ${String(c.observed)} contacts where ${fmt(c.expected)} were expected (log-rank q = ${c.qValue.toPrecision(2)}).`,
    );
}
// detractors of the spring answered again: called back within two days or not called back
const pairs = responses
  .filter((r) => r.score <= 5 && r.at < start + 400 * day && rng() < 0.25)
  .map((r) => {
    const followedUp = rng() < 0.6;
    const lift = followedUp ? 1.6 : 0.6;
    return { before: r.score, after: clamp(r.score + lift + 1.8 * normal()), followedUp };
  });
const rec = followUpRecovery(pairs);
const fu = rec.recovery.followedUp.recovered;
const nf = rec.recovery.notFollowedUp.recovered;
console.log(
  `  Re-surveyed detractors: ${pct(fu.share)}% of those called back are no longer detractors [${pct(fu.low)}, ${pct(fu.high)}] (n ${String(fu.n)}), against ${pct(nf.share)}% of the others (n ${String(nf.n)}).`,
);
const later = rec.laterNps.difference;
if (later !== null)
  console.log(
    `  Their later NPS differs by ${fmt(later.difference)} points [${fmt(later.low)}, ${fmt(later.high)}] (an observational comparison: who is called back is not random).`,
  );
