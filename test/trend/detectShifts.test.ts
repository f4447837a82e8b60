import { describe, expect, it } from 'vitest';
import { compareNps } from '../../src/core/compareNps.ts';
import { npsInterval } from '../../src/core/npsInterval.ts';
import { mergeTallies, type Tally, tallyFromCounts } from '../../src/core/tally.ts';
import { NpsInputError } from '../../src/errors.ts';
import { buildHierarchy } from '../../src/hierarchy/buildHierarchy.ts';
import { benjaminiHochberg } from '../../src/stats/benjaminiHochberg.ts';
import { detectShifts, type ShiftSeries } from '../../src/trend/detectShifts.ts';
import { trendByNode } from '../../src/trend/trendByNode.ts';

const t = (promoters: number, passives: number, detractors: number): Tally =>
  tallyFromCounts({ promoters, passives, detractors });
const start = (k: number) =>
  new Date(Date.UTC(2025, 0, 6 + 7 * k)).toISOString().replace('.000Z', 'Z');
const points = (tallies: readonly Tally[]) =>
  tallies.map((total, k) => ({ start: start(k), end: start(k + 1), total }));
const unit = (id: string, tallies: readonly Tally[], parentId?: string): ShiftSeries => ({
  id,
  parentId,
  points: points(tallies),
});
const rep = (x: Tally, n: number): Tally[] => Array.from({ length: n }, () => x);
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return 'no error';
};

/** A window as reported: the hand-computed fields, and its interval as npsInterval gives it. */
function withInterval<W extends { total: Tally; nps: number | null }>(w: W) {
  const i = npsInterval(w.total);
  return { ...w, low: i.low, high: i.high, se: i.se, suppressed: false };
}

describe('detectShifts', () => {
  const stable = t(30, 10, 10); // NPS 50 on a base of 40
  const low = t(10, 10, 30); // NPS −50
  const units = [
    unit('drop', [...rep(stable, 6), low, low]),
    unit('stable', rep(stable, 8)),
    unit('tiny', [...rep(t(1, 0, 1), 6), t(0, 0, 2), t(0, 0, 2)]),
  ];
  const opts = { recent: 2, baseline: 6, chart: 'none' as const };

  it('flags an obvious drop with the right since; a stable unit is not flagged (hand-computed)', () => {
    const r = detectShifts(units, opts);
    expect(r.asOf).toBe(start(8));
    expect(r.tests).toBe(2);
    // tiny: 2 respondents in the base a period, 4 in its recent window
    expect(r.skipped).toStrictEqual([
      { id: 'tiny', detector: 'window', reason: 'min_sample', available: 4, needed: 30 },
    ]);
    expect(r.alerts).toHaveLength(1);
    const a = r.alerts[0];
    expect([a?.id, a?.kind, a?.detector, a?.since, a?.difference]).toStrictEqual([
      'drop',
      'drop',
      'window',
      start(6),
      -100,
    ]);
    expect(a?.baseline).toStrictEqual(
      withInterval({
        start: start(0),
        end: start(6),
        total: t(180, 60, 60),
        nps: 50,
        n: 300,
        baseN: 240,
      }),
    );
    expect(a?.recent).toStrictEqual(
      withInterval({
        start: start(6),
        end: start(8),
        total: t(20, 20, 60),
        nps: -50,
        n: 100,
        baseN: 80,
      }),
    );
    // Score z, by hand: pooled P 200, D 120 of 320 → 0.25, σ² = 1 − 0.25² = 0.9375;
    // 1/80 + 1/240 = 1/60; se = √(0.9375/60) = 0.125; z = −1 / 0.125.
    expect(a?.statistic).toBeCloseTo(-8, 12);
    // p: two-sided mid-p of Fisher's test of (P 20, D 60) against (P 180, D 60), from R
    // (test/reference/windowTestMidp.R).
    expect((a?.pValue ?? 0) / 2.6619597796113835e-15).toBeCloseTo(1, 9);
    expect(a?.windows).toStrictEqual({ baseline: 6, tested: 2, shortened: false });
    // q-values: BH over both units' p-values (the stable unit's z is 0: p = 1).
    expect(a?.qValue).toBe(benjaminiHochberg([a?.pValue ?? 1, 1])[0]);
    // The interval is compareNps' (independent samples) of recent against baseline.
    const c = compareNps(mergeTallies(low, low), mergeTallies(...rep(stable, 6)));
    expect([a?.low, a?.high]).toStrictEqual([c.low, c.high]);
    expect(a?.limit).toBe(0.05);
  });

  it('direction: rise-only ignores the drop; one-sided p halves the two-sided one', () => {
    expect(detectShifts(units, { ...opts, direction: 'rise' }).alerts).toStrictEqual([]);
    const both = detectShifts(units, opts).alerts[0];
    const drop = detectShifts(units, { ...opts, direction: 'drop' }).alerts[0];
    expect(drop?.pValue).toBeCloseTo((both?.pValue ?? 0) / 2, 20);
  });

  it('minSample and too few periods are reported as skipped checks, with the numbers', () => {
    // Two periods: the window test needs recent 2 + baseline 26, the chart 26 + 26.
    const r = detectShifts([unit('short', [stable, stable])], { recent: 2, chart: 'ewma' });
    expect(r.skipped).toStrictEqual([
      { id: 'short', detector: 'window', reason: 'too_few_periods', available: 2, needed: 28 },
      { id: 'short', detector: 'ewma', reason: 'too_few_periods', available: 2, needed: 52 },
    ]);
    expect(r.alerts).toStrictEqual([]);
    // Shortened, the window test runs on 1 + 1 and the chart on a 1-period baseline and span:
    // each side has 40 in the base, short of 41.
    expect(
      detectShifts([unit('short', [stable, stable])], {
        recent: 1,
        minSample: 41,
        shortWindows: 'shorten',
      }).skipped,
    ).toStrictEqual([
      { id: 'short', detector: 'window', reason: 'min_sample', available: 40, needed: 41 },
      { id: 'short', detector: 'ewma', reason: 'min_sample', available: 40, needed: 41 },
    ]);
    // One period is too short even to shorten: the fewest periods each check can run on.
    expect(
      detectShifts([unit('one', [stable])], { shortWindows: 'shorten' }).skipped,
    ).toStrictEqual([
      { id: 'one', detector: 'window', reason: 'too_few_periods', available: 1, needed: 5 },
      { id: 'one', detector: 'ewma', reason: 'too_few_periods', available: 1, needed: 2 },
    ]);
    const none = detectShifts(units, { ...opts, minSample: 0 });
    expect(none.tests).toBe(3);
  });

  it('accepts a single trend series (id option) and the trendByNode cube with parents', () => {
    const one = detectShifts(
      { points: points([...rep(stable, 6), low, low]) },
      { ...opts, id: 'store' },
    );
    expect(one.alerts.map((a) => [a.id, a.detector])).toStrictEqual([['store', 'window']]);
    // Region = a + b pooled (the cube's totals are pooled up the hierarchy).
    const a = [...rep(stable, 6), low, low];
    const b = rep(stable, 8);
    const region = a.map((x, k) => mergeTallies(x, b[k] as Tally));
    const cube = {
      periods: points(a).map(({ start: s, end }) => ({ start: s, end })),
      nodes: [
        {
          id: 'region',
          parentId: null,
          points: region.map((total) => ({ total, nps: null, low: null, high: null })),
        },
        { id: 'a', parentId: 'region', points: a.map((total) => ({ total })) },
        { id: 'b', parentId: 'region', points: b.map((total) => ({ total })) },
      ],
    };
    const r = detectShifts(cube, { ...opts, parent: true });
    expect(r.skipped).toContainEqual({
      id: 'region',
      detector: 'parent',
      reason: 'no_parent',
      available: null,
      needed: null,
    });
    const pa = r.alerts.find((x) => x.id === 'a' && x.detector === 'parent');
    // a's recent −50 against the region's recent: P 80, D 80 → 0.
    expect(pa?.kind).toBe('drop');
    expect(pa?.baseline).toStrictEqual(
      withInterval({
        start: start(6),
        end: start(8),
        total: t(80, 40, 80),
        nps: 0,
        n: 200,
        baseN: 160,
      }),
    );
    expect(pa?.difference).toBe(-50);
    // Nested score z: a (−0.5 on 80) against the rest b (0.5 on 80), pooled = the region (0, σ² 1).
    expect(pa?.statistic).toBeCloseTo(-1 / Math.sqrt(2 / 80), 12);
    // p: mid-p of Fisher's test of a (P 20, D 60) against the rest (P 60, D 20), from R
    // (test/reference/windowTestMidp.R).
    expect((pa?.pValue ?? 0) / 1.6796195979932299e-10).toBeCloseTo(1, 9);
    expect(pa?.windows).toStrictEqual({ baseline: null, tested: 2, shortened: false });
    // The region itself shifted too (its window test), and b is above the region.
    expect(r.alerts.filter((x) => x.id === 'b').map((x) => [x.detector, x.kind])).toStrictEqual([
      ['parent', 'rise'],
    ]);
    // BH family: 3 window + 2 parent tests.
    expect(r.tests).toBe(5);
  });

  it('plugs into a real trendByNode cube (suppressed cells count as empty periods)', () => {
    const h = buildHierarchy([
      { id: 'region', parentId: null },
      { id: 'a', parentId: 'region' },
      { id: 'b', parentId: 'region' },
    ]);
    const rows: { nodeId: string; score: number; at: number }[] = [];
    for (let w = 0; w < 10; w++) {
      for (let i = 0; i < 40; i++) {
        const at = Date.UTC(2025, 0, 6 + 7 * w, 1 + (i % 20));
        // a: NPS 50 for 8 weeks (30 P, 10 Pa… as 3:1:1), then −50; b: NPS 50 throughout.
        const good = i % 5 < 3 ? 10 : i % 5 === 3 ? 7 : 2;
        const bad = i % 5 < 1 ? 10 : i % 5 === 1 ? 7 : 2;
        rows.push({ nodeId: 'a', score: w >= 8 ? bad : good, at });
        rows.push({ nodeId: 'b', score: good, at });
      }
    }
    const cube = trendByNode(h, rows, { period: 'week' });
    const r = detectShifts(cube, { recent: 2, baseline: 8, chart: 'none', parent: true });
    expect(r.alerts.map((x) => [x.id, x.detector, x.kind, x.since])).toStrictEqual([
      ['region', 'window', 'drop', '2025-03-03T00:00:00Z'],
      ['a', 'window', 'drop', '2025-03-03T00:00:00Z'],
      ['a', 'parent', 'drop', '2025-03-03T00:00:00Z'],
      ['b', 'parent', 'rise', '2025-03-03T00:00:00Z'],
    ]);
    expect(r.alerts[1]?.difference).toBe(-100);
    // With suppression every cell below 50 responses is null: nothing left to test.
    const suppressed = trendByNode(h, rows, { period: 'week', minSample: 50 });
    const s2 = detectShifts(suppressed, { recent: 2, baseline: 8, chart: 'none' });
    expect(s2.alerts.filter((x) => x.id !== 'region')).toStrictEqual([]);
  });

  it('EWMA statistic by hand (λ = 0.5, span 2, baseline 2)', () => {
    // Baseline: two periods of P 30, D 10 (base 40 each): μ0 = 0.5, σ0² = 1 − 0.25 = 0.75, N0 = 80.
    // Span: P 20, D 20 (ȳ 0), then P 10, D 30 (ȳ −0.5), n = 40 each.
    const tallies = [t(30, 0, 10), t(30, 0, 10), t(20, 0, 20), t(10, 0, 30)];
    const r = detectShifts([unit('u', tallies)], {
      recent: 1,
      baseline: 2,
      chartSpan: 2,
      minSample: 0,
      ewma: { lambda: 0.5, limit: 1 },
      fdr: 1e-12,
    });
    const s = Math.sqrt(0.75);
    const z1 = ((0 - 0.5) * Math.sqrt(40)) / s;
    const z2 = ((-0.5 - 0.5) * Math.sqrt(40)) / s;
    const Z = 0.5 * z2 + 0.25 * z1;
    const varZ = 0.25 + 0.0625 + (0.5 * Math.sqrt(40) + 0.25 * Math.sqrt(40)) ** 2 / 80;
    const e = r.alerts.find((a) => a.detector === 'ewma');
    expect(e?.statistic).toBeCloseTo(Z / Math.sqrt(varZ), 12);
    expect(e?.limit).toBe(1);
    expect([e?.kind, e?.since]).toStrictEqual(['drop', start(2)]);
    expect(e?.baseline.nps).toBe(50);
    expect(e?.recent).toStrictEqual(
      withInterval({
        start: start(2),
        end: start(4),
        total: t(30, 0, 50),
        nps: -25,
        n: 80,
        baseN: 80,
      }),
    );
    expect(e?.difference).toBe(-75);
    expect([e?.pValue, e?.qValue, e?.low, e?.high]).toStrictEqual([null, null, null, null]);
  });

  it('CUSUM: the alarm dates from the period after the sum was last 0', () => {
    const tallies = [...rep(t(40, 0, 10), 6), t(10, 0, 40), t(10, 0, 40)];
    const r = detectShifts([unit('u', tallies)], {
      chart: 'cusum',
      baseline: 4,
      chartSpan: 4,
      cusum: { k: 0.5, h: 2 },
      recent: 1,
    });
    const c = r.alerts.find((a) => a.detector === 'cusum');
    expect([c?.kind, c?.since, c?.difference]).toStrictEqual(['drop', start(6), -120]);
    expect(c?.statistic).toBeGreaterThan(2);
    // Self-starting by hand: z6 = (−0.6 − 0.6)/(σ√(1/50 + 1/300)), σ² = 1 − 0.36.
    const s = Math.sqrt(0.64);
    const z6 = (-0.6 - 0.6) / (s * Math.sqrt(1 / 50 + 1 / 300));
    const m7 = (0.6 * 300 - 0.6 * 50) / 350;
    const z7 = (-0.6 - m7) / (s * Math.sqrt(1 / 50 + 1 / 350));
    expect(c?.statistic).toBeCloseTo(-z6 - 0.5 - z7 - 0.5, 12);
    // A stable series raises nothing.
    expect(
      detectShifts([unit('s', rep(t(40, 0, 10), 8))], { chart: 'cusum', baseline: 4 }).alerts,
    ).toStrictEqual([]);
  });

  it('a series shorter than the windows is skipped, or with shortWindows: shorten says what it used', () => {
    // Issue 10 §6: 18 monthly periods (2025-01 … 2026-06) with the defaults (recent 4, baseline
    // 26, chartSpan 26); the NPS drops from 50 to −50 in 2026-05.
    const month = (k: number) => new Date(Date.UTC(2025, k, 1)).toISOString().replace('.000Z', 'Z');
    const tallies = [...rep(t(60, 20, 20), 16), t(20, 20, 60), t(20, 20, 60)];
    const series = {
      points: tallies.map((total, k) => ({ start: month(k), end: month(k + 1), total })),
    };
    const plain = detectShifts(series);
    expect(plain.alerts).toStrictEqual([]);
    expect(plain.skipped).toStrictEqual([
      { id: 'series', detector: 'window', reason: 'too_few_periods', available: 18, needed: 30 },
      { id: 'series', detector: 'ewma', reason: 'too_few_periods', available: 18, needed: 52 },
    ]);
    const short = detectShifts(series, { shortWindows: 'shorten' });
    expect(short.skipped).toStrictEqual([]);
    expect(
      short.alerts.map((a) => [a.detector, a.kind, a.since, a.baseline.start, a.windows]),
    ).toStrictEqual([
      // the last 4 months against the 14 before them; since = the window tested
      ['window', 'drop', month(14), month(0), { baseline: 14, tested: 4, shortened: true }],
      // 18 months split 26 : 26 into a 9-month baseline and a 9-month span; since = the
      // estimated change point, the month the drop started
      ['ewma', 'drop', month(16), month(0), { baseline: 9, tested: 9, shortened: true }],
    ]);
    const ewma = short.alerts[1];
    expect([ewma?.baseline.end, ewma?.recent.nps, ewma?.difference]).toStrictEqual([
      month(9),
      -50,
      -100,
    ]);
    expect(code(() => detectShifts(series, { shortWindows: 'cut' as never }))).toBe(
      'invalid_option',
    );
  });

  it('EWMA since: the maximum-likelihood start of the step, not the start of the excursion', () => {
    // Baseline 8 × (P 30, D 10); the span opens slightly low by chance (P 29, D 11 twice), then
    // the NPS collapses from period 12: Z is below 0 from period 8, the step starts at 12.
    const tallies = [
      ...rep(t(30, 0, 10), 8),
      t(29, 0, 11),
      t(29, 0, 11),
      t(30, 0, 10),
      t(29, 0, 11),
      t(10, 0, 30),
      t(10, 0, 30),
    ];
    const r = detectShifts([unit('u', tallies)], { baseline: 8, chartSpan: 6, recent: 1 });
    const e = r.alerts.find((a) => a.detector === 'ewma');
    expect([e?.kind, e?.since, e?.windows]).toStrictEqual([
      'drop',
      start(12),
      { baseline: 8, tested: 6, shortened: false },
    ]);
  });

  it('errors: options, ids, alignment, tallies, parents that do not include the child', () => {
    expect(code(() => detectShifts(units, { recent: 0 }))).toBe('invalid_option');
    expect(code(() => detectShifts(units, { fdr: 1 }))).toBe('invalid_option');
    expect(code(() => detectShifts(units, { chart: 'shewhart' as never }))).toBe('invalid_option');
    expect(code(() => detectShifts(units, { ewma: { lambda: 0 } }))).toBe('invalid_option');
    expect(code(() => detectShifts([units[0] as ShiftSeries, units[0] as ShiftSeries]))).toBe(
      'duplicate_id',
    );
    expect(code(() => detectShifts([units[0] as ShiftSeries, unit('x', [stable])]))).toBe(
      'invalid_input',
    );
    expect(code(() => detectShifts([{ id: 7, points: [] } as never]))).toBe('invalid_id');
    expect(code(() => detectShifts([unit('x', [{ promoters: 1.5 } as never])]))).toBe(
      'invalid_count',
    );
    expect(code(() => detectShifts(42 as never))).toBe('invalid_input');
    expect(
      code(() => detectShifts({ periods: [], nodes: [{ id: 'a', points: [{}] }] } as never)),
    ).toBe('invalid_input');
    const big = unit('child', rep(t(50, 0, 50), 8), 'parent');
    expect(code(() => detectShifts([unit('parent', rep(stable, 8)), big], { parent: true }))).toBe(
      'invalid_input',
    );
  });

  it('does not mutate its input and is deterministic', () => {
    const copy = structuredClone(units);
    const a = detectShifts(units, {});
    expect(units).toStrictEqual(copy);
    expect(detectShifts(units, {})).toStrictEqual(a);
  });
});
