// End-to-end loyalty analysis of the built-in sample retail group, printed as a readable report.
// Run: npm install && npm run demo
//
// The group comes from `npskit/sample` (seeded, so every run prints the same report): a head
// office with three divisions (retail chain, wholesale, online shop), eight regions and 27
// stores, depots and pick-up points, two years of survey answers on the default ten-point scale
// with ratings of six drivers owned by different levels, touchpoints, channels and phone
// interviewers; a follow-up case for every detractor, re-surveys, mystery-shopper audits and
// survey invitations. Three stories are planted: one store's service slips in the last weeks,
// one interviewer's answers are too good, and one store games the end of the month.
//
// The demo imports only the public entry points, as a user of the package would.
// `npm run demo -- --html report/` also writes the HTML report: one page per unit (open
// report/index.html); `--locale ru` or `uk` writes it in Russian or Ukrainian.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  analyze,
  auditCompliance,
  benjaminiHochberg,
  compareNps,
  describe,
  detectShifts,
  driverPerformance,
  driversByOwner,
  followUpMetrics,
  followUpQueue,
  followUpRecovery,
  gamingSignals,
  importancePerformance,
  npsInterval,
  rank,
  reportPack,
  responseRates,
  rollup,
  rollupTable,
  sampleSize,
  segments,
  shapley,
  sourceEffects,
  tally,
  trend,
  trendByNode,
  trendChanges,
  trendTest,
  varianceComponents,
} from '../src/index.ts';
import { renderSvg } from '../src/render/svg.ts';
import { sampleRetailGroup } from '../src/sample/index.ts';

const g = sampleRetailGroup();
const { hierarchy: h, responses, timeZone } = g;
const DAY = 86_400_000;

// --- names, numbers, dates ---------------------------------------------------------------------
const nameOf = new Map(g.nodes.map((n) => [n.id, n.name]));
const name = (id: string | null | undefined): string =>
  id === null || id === undefined ? '—' : (nameOf.get(id) ?? id);
const driverName = new Map<string, string>(g.drivers.map((d) => [d.id, d.name]));
const fmt = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined ? '—' : x.toFixed(d);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : fmt(100 * x));
const interval = (low: number | null | undefined, high: number | null | undefined) =>
  `[${fmt(low)}, ${fmt(high)}]`;
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const date = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const when = (t: number | string) => dateTime.format(new Date(t));
const day = (t: number | string) => date.format(new Date(t));
// One convention for every significance mark of the report: the Benjamini–Hochberg q-value
// (the false-discovery-rate-adjusted p-value) over the comparisons of the same table.
const mark = (q: number | null | undefined) =>
  q === null || q === undefined ? '  ' : q < 0.01 ? '**' : q < 0.05 ? '* ' : '  ';
const heading = (s: string) => {
  console.log(`\n${s}\n${'─'.repeat(s.length)}`);
};

// The report is as of the last answer in the data; nothing later is counted or claimed.
const lastAt = responses.reduce((m, r) => Math.max(m, r.at), 0);
const firstAt = responses.reduce((m, r) => Math.min(m, r.at), Number.POSITIVE_INFINITY);

console.log(
  `npskit demo — the sample retail group (seed ${String(g.seed)}), ${String(responses.length)} answers from ${day(firstAt)} to ${day(lastAt)}`,
);
console.log(
  `as of ${when(lastAt)} (${timeZone}, the last answer). Ten-point scheme (1..10; 8–10 promoters,`,
);
console.log('6–7 passives, 1–5 detractors; NPS = (P − D) / (P + D)), 95% intervals.');
console.log(
  'Significance marks, everywhere in this report: * q < 0.05, ** q < 0.01, where q is the',
);
console.log(
  'Benjamini–Hochberg q-value (false-discovery-rate-adjusted p) over the comparisons of that table.',
);

const all = tally(responses.map((r) => r.score));
const i = npsInterval(all);
heading('1. The group');
console.log(
  `NPS ${fmt(i.nps)} ${interval(i.low, i.high)} from ${String(all.n)} responses ` +
    `(${String(all.promoters)} promoters, ${String(all.passives)} passives, ${String(all.detractors)} detractors)`,
);

const result = rollup(h, responses, { minSample: 30 });
heading('2. Roll-up from the point of sale to the head office');
console.log('vs parent: difference from the parent (overlap-aware); marks: q over each level');
for (const row of rollupTable(result)) {
  const label = `${'  '.repeat(row.depth)}${name(row.node)}`;
  const vs =
    row.vsParent === null ? '' : `  vs parent ${fmt(row.vsParent).padStart(6)} ${mark(row.qValue)}`;
  console.log(
    `${label.padEnd(44)} ${(row.level ?? '').padEnd(11)} n=${String(row.n ?? '—').padStart(6)}  NPS ${fmt(row.nps).padStart(6)} ${interval(row.low, row.high).padEnd(14)}${vs}`,
  );
}

heading('3. Where loyalty varies (REML variance components of single answers)');
const components = varianceComponents(result);
let between = 0;
for (const l of components.levels) {
  if (l.share === null) continue; // the head office is a single unit: nothing to vary between
  between += l.share;
  console.log(`  ${`between ${String(l.level)}s`.padEnd(36)} ${pct(l.share).padStart(5)}%`);
}
const within = components.residual.share;
console.log(`  ${'between customers within a store'.padEnd(36)} ${pct(within).padStart(5)}%`);
console.log(
  `  The levels together account for ${pct(between)}% of the variance: most of it (${pct(within)}%) lies between`,
);
console.log(
  '  respondents of the same store — customers of one store differ far more than stores do. So a',
);
console.log(
  "  unit's NPS needs many answers to be precise, and small differences between stores are noise.",
);

heading('4. Store league: raw NPS, and shrunk toward each region (empirical Bayes)');
const byId = new Map(result.nodes.map((n) => [n.id, n]));
const league = rank(result, { level: 'store', by: 'shrunk' });
const leagueRow = (r: (typeof league)[number]) => {
  const n = byId.get(r.id);
  console.log(
    `  ${String(r.rank).padStart(2)}. ${name(r.id).padEnd(38)} shrunk ${fmt(r.value).padStart(5)}   raw ${fmt(n?.nps).padStart(5)} ${interval(n?.low, n?.high).padEnd(14)} n=${String(n?.n ?? '—')}`,
  );
};
for (const r of league.slice(0, 5)) leagueRow(r);
console.log('  …');
for (const r of league.slice(-5)) leagueRow(r);
console.log(
  '  The shrunk value pulls small stores toward their region; the interval is that of the raw NPS.',
);

heading('5. Touchpoints (each against all other answers; marks: q over the touchpoints)');
for (const s of segments(responses, { by: 'touchpoint' }).segments)
  console.log(
    `  ${s.segment.padEnd(13)} NPS ${fmt(s.nps).padStart(6)} ${interval(s.low, s.high).padEnd(14)} vs rest ${fmt(s.vsRest?.difference).padStart(6)} ${mark(s.vsRest?.qValue)}`,
  );

heading(`6. Monthly trend (${timeZone}), with month-over-month and year-over-year changes`);
const monthly = trend(responses, { period: 'month', timeZone });
const changes = trendChanges(monthly).changes;
// one family for the marks of this table: every month-over-month and year-over-year test
const ps = changes.flatMap((c) => [c.previous?.pValue ?? null, c.yearAgo?.pValue ?? null]);
const qs = benjaminiHochberg(ps);
console.log('  marks: q over all the changes of this table');
monthly.points.forEach((p, k) => {
  const c = changes[k];
  const mom = c?.previous
    ? `${fmt(c.previous.difference).padStart(6)} ${mark(qs[2 * k])}`
    : '     —   ';
  const yoy = c?.yearAgo
    ? `${fmt(c.yearAgo.difference).padStart(6)} ${mark(qs[2 * k + 1])}`
    : '     —';
  console.log(
    `  ${p.label}  n=${String(p.total.n).padStart(5)}  NPS ${fmt(p.nps).padStart(6)} ${interval(p.low, p.high).padEnd(14)}  MoM ${mom}  YoY ${yoy}`,
  );
});
const slope = trendTest(monthly);
console.log(
  `  Trend: ${fmt(slope.slope, 2)} NPS points per month (${slope.pValue < 0.001 ? 'p < 0.001' : `p = ${fmt(slope.pValue, 3)}`}, one test, weighted least squares)`,
);

heading(
  '7. Early warning: weekly series of every unit, last 6 weeks against the 26 before (min 20 in the base)',
);
const cube = trendByNode(h, responses, { period: 'week', timeZone, to: lastAt });
const shifts = detectShifts(cube, { recent: 6, baseline: 26, minSample: 20 });
const lastWeek = cube.periods[cube.periods.length - 1];
console.log(
  `  ${String(shifts.tests)} tests as of ${when(lastAt)}; ${String(shifts.alerts.length)} alert(s). The last week (from ${day(lastWeek?.start ?? lastAt)}) is counted to the last answer.`,
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
    `  ${name(a.id)}: ${a.kind} of ${fmt(Math.abs(a.difference))} points ${a.qValue !== null ? `over the ${String(a.windows.tested)} weeks from ${day(a.since)}` : `since ${day(a.since)} (estimated start)`} (${a.detector}: ` +
      `${fmt(a.baseline.nps)} → ${fmt(a.recent.nps)}, n ${String(a.baseline.n)} → ${String(a.recent.n)}, ${evidence(a)})`,
  );
const slipping = g.stories.slippingStore.nodeId;
const since = lastAt - 8 * 7 * DAY;
const slipRegion = h.parent(slipping) ?? '';
const scoresOf = (ids: ReadonlySet<string>) =>
  tally(responses.filter((r) => r.at > since && ids.has(r.nodeId)).map((r) => r.score));
const slipLately = scoresOf(new Set([slipping]));
const regionLately = scoresOf(new Set(h.descendants(slipRegion)));
const c8 = compareNps(slipLately, regionLately, { relation: 'nested' });
console.log(
  `  ${name(slipping)} in the last 8 weeks vs all of ${name(slipRegion)}: ${fmt(c8.difference)} points ${interval(c8.low, c8.high)} (n ${String(slipLately.n)} of ${String(regionLately.n)}; one planned comparison, p = ${c8.pValue.toPrecision(2)})`,
);

heading('8. Drivers of the score (exact Shapley / LMG decomposition of R²) and who owns them');
const owner = new Map<string, string>(g.drivers.map((d) => [d.id, d.owner]));
const sh = shapley(responses);
console.log(
  `  R² = ${sh.r2.toFixed(3)}, n = ${String(sh.n)} (answers with every rating; ${String(responses.length - sh.n)} skipped a question)`,
);
for (const d of [...sh.drivers].sort((a, b) => a.rank - b.rank))
  console.log(
    `  ${String(d.rank)}. ${(driverName.get(d.driver) ?? d.driver).padEnd(20)} ${(100 * d.share).toFixed(1).padStart(5)}% of R²   owner: ${owner.get(d.driver) ?? '—'}`,
  );
console.log('  By owning level:');
for (const o of driversByOwner(sh, owner))
  console.log(
    `    ${String(o.owner).padEnd(12)} ${(100 * o.share).toFixed(1).padStart(5)}%  (${o.drivers.map((d) => driverName.get(d) ?? d).join(', ')})`,
  );
console.log('  Importance against mean rating (cut at the means):');
for (const d of importancePerformance(sh, driverPerformance(responses)))
  console.log(
    `    ${(driverName.get(d.driver) ?? d.driver).padEnd(20)} rated ${fmt(d.performance, 2)}  → ${d.quadrant}`,
  );

heading('9. Planning the next wave');
// passives are outside the ten-point base: plan with the share seen in this wave
const passiveShare = all.passives / all.n;
const plan = sampleSize({ marginOfError: 10 }, { passiveShare });
const planDiff = sampleSize({ difference: 15, power: 0.8 }, { passiveShare });
console.log(
  `  ±10 NPS points for one store needs ${String(plan.baseN)} promoters and detractors, ${String(plan.n)} answers at this wave's ${(100 * passiveShare).toFixed(0)}% passives; detecting a 15-point gap between two stores (80% power) needs ${String(planDiff.n)} per store.`,
);

heading('10. Closing the loop: who to call back, and what calling back recovers');
// the last week's answers; the group works Monday to Friday, 9:00–18:00 Moscow time. An answer
// is handled when its case records a first contact by now.
const now = lastAt;
const contacted = new Set(
  g.followUpCases
    .filter((c) => c.firstContactAt != null && (c.firstContactAt as number) <= now)
    .map((c) => c.responseId),
);
const recent = responses.filter((r) => r.at > now - 7 * DAY);
const queue = followUpQueue(
  recent,
  {
    hierarchy: h,
    sla: { businessDays: 1 },
    calendar: { timeZone, hours: { start: '09:00', end: '18:00' } },
    escalation: [{ afterHours: 72 }],
    handled: recent.filter((r) => contacted.has(r.responseId)).map((r) => r.responseId),
  },
  now,
);
console.log(
  `  ${String(queue.items.length)} customers of the last week still to call back, ${String(queue.overdueN)} overdue (SLA: by close of the next working day).`,
);
const overdueBy = new Map<string, number>();
for (const it of queue.items)
  if (it.overdue) overdueBy.set(it.owner ?? '—', (overdueBy.get(it.owner ?? '—') ?? 0) + 1);
for (const [node, k] of [...overdueBy].sort((a, b) => b[1] - a[1]).slice(0, 3))
  console.log(`    ${name(node).padEnd(38)} ${String(k)} overdue`);
const first = queue.items[0];
if (first !== undefined)
  console.log(
    `  First in line: answer ${first.responseId} at ${name(first.nodeId)} (score ${String(first.score)}, due ${first.dueAt.slice(0, 16).replace('T', ' ')}, owner ${name(first.owner)}).`,
  );
// the cases of the last quarter's detractors, as the callback system holds them now
const cases = g.followUpCases
  .filter((c) => (c.openedAt as number) >= now - 91 * DAY && (c.openedAt as number) <= now)
  .map((c) => {
    const by = (t: typeof c.openedAt | null | undefined) =>
      t === null || t === undefined || (t as number) > now ? null : t;
    const contact = by(c.firstContactAt);
    const resolved = contact === null && c.firstContactAt != null ? null : by(c.resolvedAt);
    return {
      caseId: c.caseId,
      nodeId: c.nodeId,
      openedAt: c.openedAt,
      firstContactAt: contact,
      resolvedAt: resolved,
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
  `  Time to first contact (Kaplan–Meier, open cases censored): median ${fmt(oc?.hours.median.value)} h ${interval(oc?.hours.median.low, oc?.hours.median.high)}, 90% within ${fmt(oc?.hours.p90.value)} h; ${pct(oc?.withinSla?.share ?? null)}% within 24 h. To resolution: median ${fmt(orr?.hours.median.value)} h.`,
);
for (const n of loop.nodes ?? []) {
  const c = n.vsRest?.contact;
  if (c?.direction === 'slower' && c.qValue < 0.05)
    console.log(
      `  ${name(n.id)} contacts customers slower than the rest of ${name(n.parentId)}: median ${fmt(n.contact?.hours.median.value)} h, ${String(c.observed)} contacts where ${fmt(c.expected)} were expected (log-rank ${mark(c.qValue).trim()} q = ${c.qValue.toPrecision(2)}).`,
    );
}
// detractors who answered a re-survey four to six weeks later
const rec = followUpRecovery(g.resurveys);
const fu = rec.recovery.followedUp.recovered;
const nf = rec.recovery.notFollowedUp.recovered;
console.log(
  `  Re-surveyed detractors: ${pct(fu.share)}% of those called back within two days are no longer detractors ${interval(100 * (fu.low ?? Number.NaN), 100 * (fu.high ?? Number.NaN))} (n ${String(fu.n)}), against ${pct(nf.share)}% of the others (n ${String(nf.n)}).`,
);
const later = rec.laterNps.difference;
if (later !== null)
  console.log(
    `  Their later NPS differs by ${fmt(later.difference)} points ${interval(later.low, later.high)} (an observational comparison: who is called back is not random).`,
  );

heading(
  '11. Can the numbers be trusted? Interviewers, end-of-month surges, audits, response rates',
);
const interviewers = sourceEffects(responses, {
  by: 'interviewer',
  stratum: 'nodeId',
  simulate: 'never',
});
console.log(
  `  Phone interviewers, each against the others in the same stores (CMH test; marks: q over the ${String(interviewers.sources.length)} interviewers):`,
);
for (const s of [...interviewers.sources]
  .sort((a, b) => (a.qValue ?? 1) - (b.qValue ?? 1))
  .slice(0, 3))
  console.log(
    `    ${s.source.padEnd(22)} n=${String(s.n).padStart(4)}  NPS ${fmt(s.nps).padStart(6)} ${mark(s.qValue)} q = ${s.qValue?.toPrecision(2) ?? '—'}${s.flagged ? `  ← ${s.direction ?? ''}` : ''}`,
  );
const gaming = gamingSignals(h, responses, { period: 'month', timeZone });
const surges = new Map<string, number>();
for (const u of gaming.units)
  if (u.flags.includes('periodEnd') && h.level(u.id) === 'store')
    surges.set(u.id, (surges.get(u.id) ?? 0) + 1);
for (const [id, months] of surges)
  console.log(
    `  ${name(id)}: a surge of answers in the last three days of the month in ${String(months)} of the ${String(gaming.periods.length)} months (marks: q over the stores of each month, all *) — worth a look, not a verdict.`,
  );
const audits = auditCompliance(h, g.audits, { period: 'quarter', timeZone });
const lastQuarter = audits.periods?.length ?? 0;
const auditOf = (id: string) => audits.nodes.find((n) => n.id === id)?.periods?.[lastQuarter - 1];
const slipAudit = auditOf(slipping);
const groupAudit = audits.periods?.[lastQuarter - 1];
console.log(
  `  Mystery shoppers, last quarter: ${pct(groupAudit?.compliance)}% ${interval(100 * (groupAudit?.low ?? Number.NaN), 100 * (groupAudit?.high ?? Number.NaN))} of standards met across the group (${String(groupAudit?.audits ?? 0)} visits); ${pct(slipAudit?.compliance)}% at ${name(slipping)} (${String(slipAudit?.audits ?? 0)} visits: too few for a useful interval).`,
);
const rates = responseRates(h, g.invitations);
console.log(
  `  Response rate over the last year: ${pct(rates.overall.rate)}% of ${String(rates.overall.invited)} invitations answered.`,
);

// --- the HTML report: one page per unit -------------------------------------------------------
const argv = process.argv.slice(2);
const htmlAt = argv.indexOf('--html');
if (htmlAt >= 0) {
  const dir = argv[htmlAt + 1];
  if (dir === undefined || dir.startsWith('--'))
    throw new Error('--html needs a folder: npm run demo -- --html report/');
  const localeAt = argv.indexOf('--locale');
  const locale = localeAt >= 0 ? argv[localeAt + 1] : 'en';
  if (locale !== 'en' && locale !== 'ru' && locale !== 'uk')
    throw new Error('--locale must be en, ru or uk');
  const analysis = analyze(h, responses, {
    timeZone,
    minSample: 30,
    drivers: g.drivers,
    source: 'interviewer',
    followUpCases: g.followUpCases,
    followUpSla: { contact: { hours: 24 }, resolution: { hours: 72 } },
    invitations: g.invitations,
    audits: g.audits,
  });
  const pack = await reportPack(analysis, {
    locale,
    render: renderSvg,
    findings: describe(analysis, { locale }),
    title: 'Sample retail group',
  });
  await mkdir(dir, { recursive: true });
  for (const f of pack.files) await writeFile(join(dir, f.path), f.contents);
  console.log(
    `\nWrote the HTML report, ${String(pack.files.length)} pages: ${join(dir, 'index.html')}`,
  );
}
