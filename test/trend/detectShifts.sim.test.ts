// Seeded simulation of detectShifts (helpers in ./shiftSimulation.ts; the full table with more
// replications is in docs/alerts.md). Stores answer 20 times a week with 25% passives and a true
// NPS of 30 on the ten-point scheme (promoters 48.75%, detractors 26.25%).
import { describe, expect, it } from 'vitest';
import { normalSf } from '../../src/kernels/normal.ts';
import { delays, falseAlarms, median, onsets } from './shiftSimulation.ts';

const share = (xs: readonly number[], weeks: number) =>
  xs.filter((x) => x <= weeks).length / xs.length;

describe('detectShifts simulation', () => {
  it('no change: window alerts are FDR-controlled, the EWMA fires at its nominal per-evaluation rate', () => {
    // 8 replications of 200 units × 52 weeks, one evaluation at the end.
    const fa = falseAlarms(1000, 8, {}, 200, 52);
    // Under the complete null BH at q = 0.05 bounds P(any alert) by 0.05; 8 replications.
    expect(fa.anyWindow).toBeLessThanOrEqual(0.125);
    // EWMA λ 0.1, L 2.814: P(|Z| > L·sd) = 2Φ(−2.814) ≈ 0.0049 per unit and evaluation.
    const nominal = 2 * normalSf(2.814);
    expect(fa.chart).toBeGreaterThan(nominal / 3);
    expect(fa.chart).toBeLessThanOrEqual(2 * nominal);
  });

  it('no change, monitored weekly for a year: new alarms per unit-year', () => {
    const on = onsets(2000, {}, 60, 52, 52);
    // BH bounds P(any window alert) by 0.05 at each of the 52 evaluations: at most 2.6 new
    // window alarms expected in all, allow twice that.
    expect(on.window * 60).toBeLessThanOrEqual(2 * 52 * 0.05);
    // In-control ARL of at least 200 weeks (Lucas & Saccucci's 500 assumes known parameters).
    expect(on.chart).toBeLessThanOrEqual(52 / 200);
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

  it('a 30-point drop at 20 responses a week is caught within weeks by the defaults', () => {
    const d = delays(8, {}, 'any', 60, 52, 26, 20, 30);
    expect(median(d)).toBeLessThanOrEqual(8);
    expect(share(d, 13)).toBeGreaterThanOrEqual(0.75);
  });
});
