// Seeded simulation of detectShifts: false alarms under no change and the delay to detect a
// drop. Used by test/trend/detectShifts.sim.test.ts; run
// `npx tsx test/trend/shiftSimulation.ts [reps] [batches] [config]` for the tables in
// docs/alerts.md (more replications, with Monte Carlo standard errors).

import { type Tally } from '../../src/core/tally.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { makeTally } from '../../src/kernels/tallies.ts';
import {
  type DetectShiftsOptions,
  detectShifts,
  type ShiftSeries,
} from '../../src/trend/detectShifts.ts';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday

/** Promoter and detractor shares giving `nps` on the ten-point scheme with 25% passives. */
function shares(nps: number): { p: number; d: number } {
  const inBase = 0.75;
  const pi = (1 + nps / 100) / 2;
  return { p: inBase * pi, d: inBase * (1 - pi) };
}

/** Weekly tallies of `units` units: `perWeek` responses a week, NPS `before` then `after` from week `changeAt`. */
function simulate(
  seed: number,
  units: number,
  weeks: number,
  perWeek: number,
  before: number,
  after: number,
  changeAt: number,
): Tally[][] {
  const rnd = seededRandom(seed);
  const a = shares(before);
  const b = shares(after);
  const out: Tally[][] = [];
  for (let u = 0; u < units; u++) {
    const row: Tally[] = [];
    for (let w = 0; w < weeks; w++) {
      const s = w >= changeAt ? b : a;
      let p = 0;
      let d = 0;
      for (let i = 0; i < perWeek; i++) {
        const x = rnd();
        if (x < s.p) p++;
        else if (x < s.p + s.d) d++;
      }
      row.push(makeTally(p, perWeek - p - d, d));
    }
    out.push(row);
  }
  return out;
}

/** Per-unit series of the first `weeks` weeks. */
function series(data: readonly Tally[][], weeks: number): ShiftSeries[] {
  return data.map((row, u) => ({
    id: `u${String(u)}`,
    points: row.slice(0, weeks).map((total, w) => ({
      start: new Date(T0 + w * WEEK).toISOString(),
      end: new Date(T0 + (w + 1) * WEEK).toISOString(),
      total,
    })),
  }));
}

/** Share of units flagged by each detector in one evaluation at the last week, per replication. */
export function falseAlarms(
  seed: number,
  reps: number,
  options: DetectShiftsOptions,
  units = 200,
  weeks = 52,
  perWeek = 20,
): { anyWindow: number; window: number; chart: number } {
  let anyWindow = 0;
  let window = 0;
  let chart = 0;
  for (let r = 0; r < reps; r++) {
    const data = simulate(seed + r, units, weeks, perWeek, 30, 30, weeks);
    const res = detectShifts(series(data, weeks), options);
    const w = res.alerts.filter((x) => x.detector === 'window').length;
    if (w > 0) anyWindow++;
    window += w;
    chart += res.alerts.filter((x) => x.detector === 'ewma' || x.detector === 'cusum').length;
  }
  return {
    anyWindow: anyWindow / reps,
    window: window / (reps * units),
    chart: chart / (reps * units),
  };
}

/**
 * Weeks from a drop (at week `stable`) until each unit is first flagged (by any detector, or
 * the given one), evaluating weekly; `Infinity` when not flagged within `horizon` weeks.
 */
export function delays(
  seed: number,
  options: DetectShiftsOptions,
  detector: 'any' | 'window' | 'ewma' | 'cusum',
  units = 200,
  stable = 52,
  horizon = 52,
  perWeek = 20,
  drop = 10,
): number[] {
  const data = simulate(seed, units, stable + horizon, perWeek, 30, 30 - drop, stable);
  const first = new Array<number>(units).fill(Number.POSITIVE_INFINITY);
  const all = series(data, stable + horizon);
  for (let j = 1; j <= horizon; j++) {
    const T = stable + j;
    const res = detectShifts(
      all.map((s) => ({ id: s.id, points: s.points.slice(0, T) })),
      options,
    );
    for (const a of res.alerts) {
      if (a.kind !== 'drop' || (detector !== 'any' && a.detector !== detector)) continue;
      const u = Number(a.id.slice(1));
      if (first[u] === Number.POSITIVE_INFINITY) first[u] = j;
    }
  }
  return first;
}

/**
 * New alarms (a unit flagged now but not at the previous evaluation) per unit per 52 weekly
 * evaluations, on data with no change: the monitoring false-alarm rate (≈ 52 / in-control ARL).
 */
export function onsets(
  seed: number,
  options: DetectShiftsOptions,
  units = 200,
  history = 104,
  evaluations = 52,
  perWeek = 20,
): { chart: number; window: number; chartSe: number } {
  const data = simulate(seed, units, history + evaluations, perWeek, 30, 30, Infinity);
  const perUnit = new Array<number>(units).fill(0);
  const all = series(data, history + evaluations);
  const prev = new Map<string, boolean>();
  let chart = 0;
  let window = 0;
  for (let j = 1; j <= evaluations; j++) {
    const T = history + j;
    const res = detectShifts(
      all.map((s) => ({ id: s.id, points: s.points.slice(0, T) })),
      options,
    );
    const now = new Set(res.alerts.map((a) => `${a.id}/${a.detector === 'window' ? 'w' : 'c'}`));
    for (const key of now) {
      if (!prev.get(key)) {
        if (key.endsWith('/w')) window++;
        else {
          chart++;
          const u = Number(key.slice(1, key.indexOf('/')));
          perUnit[u] = (perUnit[u] ?? 0) + 1;
        }
      }
    }
    prev.clear();
    for (const key of now) prev.set(key, true);
  }
  const years = (units * evaluations) / 52;
  // Units are independent, but a unit's alarms are not (they cluster, and units differ through
  // their baselines): the SE comes from the spread of the per-unit counts.
  const mean = chart / units;
  const sd = Math.sqrt(perUnit.reduce((s, c) => s + (c - mean) ** 2, 0) / (units - 1));
  return {
    chart: chart / years,
    window: window / years,
    chartSe: sd / Math.sqrt(units) / (evaluations / 52),
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Monte Carlo standard error of a share x of n independent units. */
function shareSe(x: number, n: number): number {
  return Math.sqrt((x * (1 - x)) / n);
}

/** `delays` over `batches` independent batches of `units` units (seeds seed, seed + 1000, …). */
function pooledDelays(
  seed: number,
  batches: number,
  options: DetectShiftsOptions,
  detector: 'any' | 'window' | 'ewma' | 'cusum',
  units: number,
  perWeek: number,
  drop: number,
): number[] {
  const out: number[] = [];
  for (let b = 0; b < batches; b++)
    out.push(...delays(seed + 1000 * b, options, detector, units, 104, 52, perWeek, drop));
  return out;
}

if (process.argv[1]?.endsWith('shiftSimulation.ts')) {
  // npx tsx test/trend/shiftSimulation.ts [reps = 100] [batches = 5] [config filter]
  // reps: one-evaluation replications of 200 units; batches: independent batches of 200 units
  // for the detection runs (within 4/13/26/52 weeks); the no-change monitoring runs (new alarms
  // per unit-year, cheaper and noisier) use twice as many batches.
  const configs: [string, DetectShiftsOptions][] = [
    ['defaults: window 4 vs 26, EWMA λ 0.1, L 2.814, span 26', {}],
    ['direction drop', { direction: 'drop' }],
    ['CUSUM k 0.5, h 5, span 26', { chart: 'cusum' }],
    ['CUSUM k 0.25, h 8, span 52', { chart: 'cusum', cusum: { k: 0.25, h: 8 }, chartSpan: 52 }],
    [
      'EWMA λ 0.05, L 2.615, span 52, baseline 52',
      { ewma: { lambda: 0.05, limit: 2.615 }, chartSpan: 52, baseline: 52 },
    ],
  ];
  const reps = Number(process.argv[2] ?? 100);
  const batches = Number(process.argv[3] ?? 5);
  const filter = process.argv[4] ?? '';
  const units = 200 * batches;
  const fmt = (xs: number[]) => {
    const by = (w: number) => {
      const x = xs.filter((d) => d <= w).length / xs.length;
      return `${x.toFixed(3)} ± ${shareSe(x, xs.length).toFixed(3)}`;
    };
    return `median ${String(median(xs))}, within 4/13/26/52 weeks: ${by(4)} / ${by(13)} / ${by(26)} / ${by(52)}`;
  };
  console.log(
    `${String(reps)} one-evaluation replications × 200 units; detection runs on ${String(units)} units, no-change monitoring on ${String(2 * units)} (± Monte Carlo SE)`,
  );
  for (const [name, o] of configs) {
    if (!name.includes(filter)) continue;
    const fa = falseAlarms(1000, reps, o, 200, 104);
    let chart = 0;
    let window = 0;
    let chartVar = 0;
    const onsetBatches = 2 * batches;
    for (let b = 0; b < onsetBatches; b++) {
      const on = onsets(2000 + 1000 * b, o);
      chart += on.chart / onsetBatches;
      window += on.window / onsetBatches;
      chartVar += (on.chartSe / onsetBatches) ** 2;
    }
    // Window alarms: Poisson SE √count / unit-years; chart alarms: from the per-unit spread.
    const poissonSe = (rate: number) => Math.sqrt(rate * 2 * units) / (2 * units);
    console.log(name);
    console.log(
      `  one evaluation: P(any window alert among 200) ${fa.anyWindow.toFixed(3)} ± ${shareSe(fa.anyWindow, reps).toFixed(3)}, window per unit ${fa.window.toFixed(5)}, chart per unit ${fa.chart.toFixed(5)} ± ${shareSe(fa.chart, reps * 200).toFixed(5)}`,
    );
    console.log(
      `  new alarms per unit-year (52 weekly evaluations): window ${window.toFixed(4)} ± ${poissonSe(window).toFixed(4)}, chart ${chart.toFixed(4)} ± ${Math.sqrt(chartVar).toFixed(4)}`,
    );
    const chartDetector = o.chart === 'cusum' ? 'cusum' : 'ewma';
    console.log(
      `  10-pt drop, 20/wk, any: ${fmt(pooledDelays(7, batches, o, 'any', 200, 20, 10))}`,
    );
    console.log(
      `  10-pt drop, 20/wk, window: ${fmt(pooledDelays(7, batches, o, 'window', 200, 20, 10))}`,
    );
    console.log(
      `  10-pt drop, 20/wk, chart: ${fmt(pooledDelays(7, batches, o, chartDetector, 200, 20, 10))}`,
    );
    console.log(
      `  30-pt drop, 20/wk, any: ${fmt(pooledDelays(8, batches, o, 'any', 200, 20, 30))}`,
    );
    console.log(
      `  10-pt drop, 100/wk, any: ${fmt(pooledDelays(9, batches, o, 'any', 200, 100, 10))}`,
    );
  }
}
