// Size of the candidate window tests of detectShifts under "no change", computed exactly by
// enumerating every pair of outcomes (no Monte Carlo error), for the ten-point scheme (passives
// outside the base, so a side is Binomial(m, π) promoters among its m respondents in the base).
// Then a seeded simulation of the whole window test of detectShifts (random base sizes: 25%
// passives), on one unit, where an alert at `fdr: α` is exactly "p ≤ α", beside the old
// continuity-corrected z on the same draws, under the ten-point and the classic scheme.
// Run: npx tsx test/trend/windowTestSize.ts [draws = 200000]   (a few minutes)
//
// Candidates, each two-sided by doubling the smaller one-sided p (capped at 1):
//   cc     the pooled score z with a continuity correction of half a lattice step (npskit ≤ 0.0.0)
//   score  the pooled score z without a correction
//   exact  Fisher's exact conditional test (hypergeometric given the total of promoters)
//   midp   Lancaster's (1961) mid-p of the same conditional test: P(X < x) + ½·P(X = x)

import { classicScheme } from '../../src/core/scheme.ts';
import type { Tally } from '../../src/core/tally.ts';
import { npsMoments } from '../../src/core/variance.ts';
import { logGamma } from '../../src/kernels/beta.ts';
import { normalCdf } from '../../src/kernels/normal.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { makeTally } from '../../src/kernels/tallies.ts';
import { detectShifts } from '../../src/trend/detectShifts.ts';
import { periodVariance } from '../../src/trend/series.ts';
import { windowTestP } from '../../src/trend/windowTest.ts';

const lchoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** log Binomial(k; n, π) pmf for k = 0..n. */
function binom(n: number, pi: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++)
    out[k] = Math.exp(lchoose(n, k) + k * Math.log(pi) + (n - k) * Math.log1p(-pi));
  return out;
}

export type Candidate = (x: number, m: number, y: number, n: number) => number;

/** One-sided (drop: recent lower) p of the score z, with or without the continuity correction. */
function zDrop(x: number, m: number, y: number, n: number, corrected: boolean): number {
  const N = m + n;
  const k = x + y;
  const d = (2 * x) / m - (2 * y) / n; // NPS difference on −1..1 (passives outside the base)
  const pp = k / N;
  const v = 4 * pp * (1 - pp) * (1 / m + 1 / n);
  const c = corrected ? 1 / m + 1 / n : 0; // half the lattice step 2 of a mean of ±1
  if (v === 0) return 0.5;
  const num = Math.sign(d) * Math.max(0, Math.abs(d) - c);
  return normalCdf(num / Math.sqrt(v));
}

function twoSidedZ(corrected: boolean): Candidate {
  return (x, m, y, n) => {
    const lo = zDrop(x, m, y, n, corrected);
    return Math.min(1, 2 * Math.min(lo, 1 - lo));
  };
}

/** Fisher's exact or Lancaster's mid-p, two-sided by doubling, from the hypergeometric law. */
function conditional(mid: boolean): Candidate {
  return (x, m, y, n) => {
    const N = m + n;
    const K = x + y;
    const lo = Math.max(0, m - (N - K));
    const hi = Math.min(K, m);
    const c = lchoose(N, m);
    let below = 0;
    let above = 0;
    let at = 0;
    for (let i = lo; i <= hi; i++) {
      const pr = Math.exp(lchoose(K, i) + lchoose(N - K, m - i) - c);
      if (i < x) below += pr;
      else if (i > x) above += pr;
      else at = pr;
    }
    const w = mid ? 0.5 : 1;
    return Math.min(1, 2 * Math.min(below + w * at, above + w * at));
  };
}

export const candidates: [string, Candidate][] = [
  ['cc', twoSidedZ(true)],
  ['score', twoSidedZ(false)],
  ['exact', conditional(false)],
  ['midp', conditional(true)],
  [
    'npskit',
    (x, m, y, n) =>
      windowTestP(
        makeTally(x, 0, m - x),
        makeTally(y, 0, n - y),
        'promoters-and-detractors',
        'both',
      )?.p ?? 1,
  ],
];

/** P(p ≤ α) under H0 for base sizes m (recent) and n (baseline) and promoter share π. */
export function size(test: Candidate, m: number, n: number, pi: number, alphas: readonly number[]) {
  const bm = binom(m, pi);
  const bn = binom(n, pi);
  const out = alphas.map(() => 0);
  for (let x = 0; x <= m; x++) {
    const px = bm[x] as number;
    if (px < 1e-15) continue;
    for (let y = 0; y <= n; y++) {
      const pr = px * (bn[y] as number);
      if (pr < 1e-18) continue;
      const p = test(x, m, y, n);
      alphas.forEach((a, i) => {
        if (p <= a * (1 + 1e-12)) out[i] = (out[i] as number) + pr;
      });
    }
  }
  return out;
}

/**
 * The continuity-corrected pooled score z of npskit ≤ 0.0.0 (two-sided p), for either base:
 * half the lattice step of a mean of y, 1·(1/m + 1/n) with passives outside the base.
 */
function ccP(a: Tally, b: Tally, base: 'all' | 'promoters-and-detractors'): number {
  const ma = npsMoments(a, base);
  const mb = npsMoments(b, base);
  const pooled = makeTally(
    a.promoters + b.promoters,
    a.passives + b.passives,
    a.detractors + b.detractors,
  );
  const vp = periodVariance(pooled, base);
  if (ma === null || mb === null || vp === null) return 1;
  const inv = 1 / ma.n + 1 / mb.n;
  const d = ma.estimate - mb.estimate;
  const num = Math.max(0, Math.abs(d) - (base === 'all' ? 0.5 : 1) * inv);
  const z = num / Math.sqrt(vp * (ma.n + mb.n) * inv);
  return Math.min(1, 2 * normalCdf(-z));
}

/**
 * Seeded draws of a unit answering `perWeek` times a week (25% passives, true NPS `nps` on
 * the ten-point shares) over `baseline` + `recent` weeks, with no change: the share of draws
 * whose window-test p is at most each α, for npskit (through detectShifts) and for the old
 * corrected z.
 */
export function simulatedSize(
  seed: number,
  draws: number,
  alphas: readonly number[],
  classic: boolean,
  perWeek = 20,
  recent = 4,
  baseline = 26,
  nps = 30,
): { npskit: number[]; cc: number[] } {
  const rnd = seededRandom(seed);
  const pShare = (0.75 * (1 + nps / 100)) / 2;
  const dShare = 0.75 - pShare;
  const weeks = recent + baseline;
  const base = classic ? 'all' : 'promoters-and-detractors';
  const npskit = alphas.map(() => 0);
  const cc = alphas.map(() => 0);
  const week = (w: number) => new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString();
  for (let r = 0; r < draws; r++) {
    const tallies: Tally[] = [];
    for (let w = 0; w < weeks; w++) {
      let p = 0;
      let d = 0;
      for (let i = 0; i < perWeek; i++) {
        const x = rnd();
        if (x < pShare) p++;
        else if (x < pShare + dShare) d++;
      }
      tallies.push(makeTally(p, perWeek - p - d, d));
    }
    const points = tallies.map((total, w) => ({ start: week(w), end: week(w + 1), total }));
    const sum = (ts: Tally[]) =>
      makeTally(
        ts.reduce((s, t) => s + t.promoters, 0),
        ts.reduce((s, t) => s + t.passives, 0),
        ts.reduce((s, t) => s + t.detractors, 0),
      );
    const pc = ccP(sum(tallies.slice(baseline)), sum(tallies.slice(0, baseline)), base);
    // One unit, one test: q = p, so with fdr just below 1 every test with p < 1 alerts.
    const res = detectShifts(
      { points },
      {
        recent,
        baseline,
        chart: 'none',
        fdr: 1 - 1e-9,
        minSample: 1,
        ...(classic ? { scheme: classicScheme } : {}),
      },
    );
    const p = res.alerts[0]?.pValue ?? 1;
    alphas.forEach((a, i) => {
      if (p <= a) npskit[i] = (npskit[i] as number) + 1;
      if (pc <= a) cc[i] = (cc[i] as number) + 1;
    });
  }
  return { npskit: npskit.map((c) => c / draws), cc: cc.map((c) => c / draws) };
}

if (process.argv[1]?.endsWith('windowTestSize.ts')) {
  const alphas = [0.05, 0.005, 0.00025];
  // Base sizes (recent, baseline): the minimum (30 / 30); 4 weeks against 26 at 20 and 100
  // responses a week with 25% passives (60 / 390, 300 / 1950); a small store (15 / 100).
  const sizes: [number, number][] = [
    [30, 30],
    [15, 100],
    [60, 390],
    [300, 1950],
  ];
  const shares = [0.5, 0.65, 0.85]; // NPS 0, 30, 70 within the base
  console.log(`two-sided size at α = ${alphas.join(' / ')} (exact enumeration)`);
  for (const [m, n] of sizes) {
    for (const pi of shares) {
      const row = candidates.map(
        ([name, t]) =>
          `${name} ${size(t, m, n, pi, alphas)
            .map((s) => s.toPrecision(2))
            .join('/')}`,
      );
      console.log(`m ${String(m)}, n ${String(n)}, π ${String(pi)}: ${row.join('  ')}`);
    }
  }
  const draws = Number(process.argv[2] ?? 200_000);
  for (const classic of [false, true]) {
    const r = simulatedSize(classic ? 12 : 11, draws, alphas, classic);
    const se = alphas.map((a) => Math.sqrt((a * (1 - a)) / draws).toPrecision(1));
    console.log(
      `simulated, ${classic ? 'classic' : 'ten-point'} scheme, 4 vs 26 weeks at 20 a week, NPS 30, ${String(draws)} draws (binomial SE at nominal ${se.join(' / ')}):`,
    );
    console.log(`  npskit ${r.npskit.map((x) => x.toPrecision(2)).join(' / ')}`);
    console.log(`  cc     ${r.cc.map((x) => x.toPrecision(2)).join(' / ')}`);
  }
}
