// Seeded simulations of detectShifts against the figures documented in docs/alerts.md (there
// from larger runs of ./shiftSimulation.ts and ./windowTestSize.ts, on other seeds). Stores
// answer 20 times a week with 25% passives and a true NPS of 30 on the ten-point scheme
// (promoters 48.75%, detractors 26.25%). Tolerances are 3–3.5 Monte Carlo standard errors of
// the replicate count here, so a test fails by chance about once in 1 000–4 000 runs (and,
// being seeded, never at random).
import { describe, expect, it } from 'vitest';
import { normalSf } from '../../src/kernels/normal.ts';
import { delays, falseAlarms, median, onsets } from './shiftSimulation.ts';
import { candidates, simulatedSize, size } from './windowTestSize.ts';

/** New chart alarms per store-year under no change with the defaults (docs/alerts.md). */
const CHART_RATE = 0.125;

const share = (xs: readonly number[], weeks: number) =>
  xs.filter((x) => x <= weeks).length / xs.length;
const binomialSe = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe('detectShifts simulation', () => {
  it('window test size, exactly: the mid-p on 60 / 390 in the base (4 vs 26 weeks at 20 a week)', () => {
    // Exact enumeration (no Monte Carlo error); docs/alerts.md: 0.049 at 0.05 and 0.00022 at
    // 0.00025 for π = 0.65, where the continuity-corrected z of npskit ≤ 0.0.0 gives 0.034.
    const npskit = candidates.find(([name]) => name === 'npskit')?.[1];
    const cc = candidates.find(([name]) => name === 'cc')?.[1];
    if (npskit === undefined || cc === undefined) throw new Error('missing candidate');
    const [at05, farTail] = size(npskit, 60, 390, 0.65, [0.05, 0.00025]);
    expect(at05).toBeCloseTo(0.049, 3);
    expect(farTail).toBeLessThanOrEqual(0.00025);
    expect(farTail).toBeGreaterThan(0.0002);
    expect(size(cc, 60, 390, 0.65, [0.05])[0]).toBeCloseTo(0.034, 3);
  });

  it('window test size, simulated: P(p ≤ 0.05) under no change on one unit', () => {
    // docs/alerts.md: 0.048 (200 000 draws); 4 000 draws here, SE 0.0034.
    const r = simulatedSize(31, 4000, [0.05], false);
    const x = r.npskit[0] ?? Number.NaN;
    expect(Math.abs(x - 0.048)).toBeLessThanOrEqual(3.5 * binomialSe(0.048, 4000));
    // The corrected z on the same draws: about 0.035, well below nominal.
    expect(r.cc[0]).toBeLessThan(0.04);
  });

  it('no change: window alerts are FDR-controlled, the EWMA fires at its nominal per-evaluation rate', () => {
    // 8 replications of 200 units × 52 weeks, one evaluation at the end.
    const fa = falseAlarms(1000, 8, {}, 200, 52);
    // Under the complete null BH at q = 0.05 bounds P(any alert) by 0.05; 8 replications.
    expect(fa.anyWindow).toBeLessThanOrEqual(0.125);
    // EWMA λ 0.1, L 2.814: P(|Z| > L·sd) = 2Φ(−2.814) ≈ 0.0049 per unit and evaluation
    // (docs/alerts.md: 0.0051); 1 600 unit-evaluations here, SE ≈ 0.0018.
    const nominal = 2 * normalSf(2.814);
    expect(fa.chart).toBeGreaterThan(nominal / 3);
    expect(fa.chart).toBeLessThanOrEqual(2 * nominal);
  });

  it('no change, monitored weekly for a year: new alarms per unit-year as documented', () => {
    const units = 120;
    const on = onsets(4242, {}, units, 104, 52);
    // docs/alerts.md: 0.125 ± 0.010 new chart alarms per store-year (2 000 stores). A store's
    // alarms cluster and stores differ through their baselines, so the SE comes from the spread
    // of the per-store counts (about 0.05 for 120 stores), not from a Poisson count.
    expect(on.chartSe).toBeLessThan(0.07);
    expect(Math.abs(on.chart - CHART_RATE)).toBeLessThanOrEqual(3 * on.chartSe);
    // BH bounds P(any window alert) by 0.05 at each of the 52 evaluations: at most 2.6 new
    // window alarms expected in all, allow twice that.
    expect(on.window * units).toBeLessThanOrEqual(2 * 52 * 0.05);
  });

  it('a 30-point drop at 20 responses a week: flagged within 4 weeks at about half the stores', () => {
    // docs/alerts.md: 0.52 within 4 weeks (1 000 stores); 400 here, SE 0.025.
    const d = delays(4343, {}, 'any', 400, 104, 4, 20, 30);
    expect(Math.abs(share(d, 4) - 0.52)).toBeLessThanOrEqual(3 * binomialSe(0.52, 400));
  });

  it('a 10-point drop at 20 responses a week: slow to confirm, fastest with a CUSUM tuned to it', () => {
    // Per week the NPS has a standard error of about 24.6 points, so 10 points is 0.4 SE.
    const tuned = delays(
      7,
      { chart: 'cusum', cusum: { k: 0.25, h: 8 }, chartSpan: 52 },
      'any',
      60,
      104,
      52,
    );
    const m = median(tuned);
    expect(m).toBeGreaterThan(13);
    expect(m).toBeLessThanOrEqual(52);
    expect(share(tuned, 52)).toBeGreaterThanOrEqual(0.5);
    // With the defaults (4-week window, EWMA λ 0.1, 26-week span) fewer are confirmed, and
    // within a month hardly any: the evidence is not there yet.
    const plain = delays(7, {}, 'any', 40, 104, 52);
    expect(share(plain, 52)).toBeLessThan(share(tuned, 52));
    expect(share(plain, 4)).toBeLessThanOrEqual(0.1);
    expect(share(tuned, 4)).toBeLessThanOrEqual(0.1);
  });
});
