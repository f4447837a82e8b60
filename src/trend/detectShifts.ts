import * as z from 'zod/mini';
import { compareTallies, type NpsComparison, restOf } from '../core/compareNps.ts';
import { figuresOf } from '../core/figures.ts';
import {
  type ConfidenceOptions,
  type ResolvedInterval,
  resolveIntervalOptions,
} from '../core/npsInterval.ts';
import { resolveScheme } from '../core/resolveScheme.ts';
import type { NpsBase } from '../core/scheme.ts';
import type { Tally } from '../core/tally.ts';
import { baseCount, npsMoments } from '../core/variance.ts';
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe } from '../kernels/describe.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { confidenceOption, minSampleOption } from '../kernels/options.ts';
import { makeTally } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { benjaminiHochberg } from '../stats/benjaminiHochberg.ts';
import type { PublishedFigures } from '../types.ts';
import {
  periodVariance,
  poolRange,
  readPoints,
  readTally,
  type SeriesPeriod,
  type SeriesUnit,
} from './series.ts';
import { windowTestP } from './windowTest.ts';

/** One period of a unit's series: `{ start, end, total }` as in a `trend` point. */
export interface ShiftPoint {
  /** Period start, ISO 8601 (inclusive). */
  readonly start: string;
  /** Period end, ISO 8601 (exclusive). */
  readonly end: string;
  /** The period's tally. */
  readonly total: Tally;
}

/**
 * One unit of {@link detectShifts}' input (a series, or a node of a cube): an id, its parent's
 * id, and one point per period, aligned with every other unit's.
 */
export interface ShiftUnit<P> {
  /** The unit's id (store, region…). */
  readonly id: string;
  /**
   * The parent's id, when the parent is in the input too and its tallies include this unit's
   * (`null` or absent for a root).
   */
  readonly parentId?: string | null | undefined;
  /** One point per period, in order. */
  readonly points: readonly P[];
}

/** One unit's series for {@link detectShifts}: an id, its parent's id, and its points. */
export type ShiftSeries = ShiftUnit<ShiftPoint>;

/** A single series, as returned by `trend`. */
export interface ShiftTrendInput {
  /** The series' points. */
  readonly points: readonly ShiftPoint[];
}

/** A period of a cube: ISO start (inclusive) and end (exclusive). */
export interface ShiftPeriod {
  /** Period start, ISO 8601. */
  readonly start: string;
  /** Period end, ISO 8601. */
  readonly end: string;
}

/** One cell of a cube: a node's tally in a period (`null` when suppressed). */
export interface ShiftCubePoint {
  /** The tally, or `null` for a suppressed cell (treated as an empty period). */
  readonly total: Tally | null;
}

/** One node of a cube: its id, its parent's id and one cell per period. */
export type ShiftCubeNode = ShiftUnit<ShiftCubePoint>;

/** The node × period cube of `trendByNode`, as {@link detectShifts} reads it. */
export interface ShiftCube {
  /** The periods, in order. */
  readonly periods: readonly ShiftPeriod[];
  /** The nodes, each with one cell per period. */
  readonly nodes: readonly ShiftCubeNode[];
}

/**
 * What {@link detectShifts} accepts: one series (`trend` result), per-unit series, or the
 * node × period cube of `trendByNode`.
 */
export type ShiftInput = ShiftTrendInput | readonly ShiftSeries[] | ShiftCube;

/** EWMA chart parameters of {@link detectShifts}. */
export interface EwmaChartOptions {
  /** Smoothing weight λ in (0, 1] (default 0.1). */
  readonly lambda?: number | undefined;
  /** Limit L in standard deviations of the statistic (default 2.814). */
  readonly limit?: number | undefined;
}

/** CUSUM chart parameters of {@link detectShifts}, in standard units. */
export interface CusumChartOptions {
  /** Reference value k ≥ 0 (default 0.5): about half the shift to detect, per period. */
  readonly k?: number | undefined;
  /** Decision interval h > 0 (default 5). */
  readonly h?: number | undefined;
}

/** Options of {@link detectShifts}. */
export interface DetectShiftsOptions extends ConfidenceOptions {
  /** Id given to a single series (default `'series'`). */
  readonly id?: string | undefined;
  /** Periods in the recent window, the last ones of the series (default 4). */
  readonly recent?: number | undefined;
  /** Periods in the baseline, just before the recent window or the chart span (default 26). */
  readonly baseline?: number | undefined;
  /**
   * Minimum respondents in the NPS base (an unweighted count: P + D under the ten-point
   * scheme) on each side of a window or parent test, and in a chart's baseline (default 30).
   */
  readonly minSample?: number | undefined;
  /** False-discovery rate of the window (and parent) tests, Benjamini–Hochberg (default 0.05). */
  readonly fdr?: number | undefined;
  /** Which shifts to report (default `'both'`); one direction makes the tests one-sided. */
  readonly direction?: 'both' | 'drop' | 'rise' | undefined;
  /** Also test each unit's recent window against its parent's (default false). */
  readonly parent?: boolean | undefined;
  /** Chart for sustained drifts (default `'ewma'`). */
  readonly chart?: 'ewma' | 'cusum' | 'none' | undefined;
  /** Periods the chart monitors, the last ones of the series (default 26). */
  readonly chartSpan?: number | undefined;
  /** EWMA smoothing λ and limit L (default 0.1 and 2.814). */
  readonly ewma?: EwmaChartOptions | undefined;
  /** CUSUM reference value k and decision interval h (default 0.5 and 5). */
  readonly cusum?: CusumChartOptions | undefined;
  /**
   * What to do when the series is shorter than a check's windows (`recent` + `baseline` for
   * the window test, `recent` for the parent test, `baseline` + `chartSpan` for the chart):
   * `'skip'` (default) lists the check in `skipped` with reason `'too_few_periods'` and the
   * periods available and needed; `'shorten'` runs it on shorter windows and states them in
   * the alert's `windows` (the window test keeps `recent` and shortens the baseline to the
   * periods before it; the parent test uses every period; the chart splits the series between
   * baseline and span in the proportion baseline : chartSpan, at least one period each).
   */
  readonly shortWindows?: 'skip' | 'shorten' | undefined;
}

/**
 * A stretch of periods pooled: its span (`start` of the first period to `end` of the last, ISO
 * 8601) and its group figures (tally, `n`, `baseN`, NPS with its interval at the options'
 * `confidence` by the scheme's default method, as `npsInterval`).
 */
export interface ShiftWindow extends ShiftPeriod, PublishedFigures {}

/** The windows a check of {@link detectShifts} actually used, in periods. */
export interface ShiftWindowsUsed {
  /**
   * Periods in the unit's baseline (window test, chart), or null for the parent test, whose
   * reference is the parent's recent window.
   */
  readonly baseline: number | null;
  /** Periods tested: the recent window (window and parent tests) or the chart's span. */
  readonly tested: number;
  /** True when `shortWindows: 'shorten'` cut the windows to fit a short series. */
  readonly shortened: boolean;
}

/** One alert: what changed, by how much, since when, with what evidence. */
export interface ShiftAlert {
  /** The unit. */
  readonly id: string;
  /** Direction of the shift. */
  readonly kind: 'drop' | 'rise';
  /**
   * What raised it: `'window'` (recent window against the unit's baseline), `'parent'`
   * (recent window against the parent's), `'ewma'` or `'cusum'` (the chart is beyond its limit
   * at the last period).
   */
  readonly detector: 'window' | 'parent' | 'ewma' | 'cusum';
  /** recent.nps − baseline.nps, in NPS points. */
  readonly difference: number;
  /**
   * Start (ISO) of the first period of `recent`: for a test, the start of the recent window
   * it tested (the change may have begun earlier, inside the baseline, or later, inside the
   * window); for a chart, the estimated change point (EWMA: the maximum-likelihood start of a
   * step change within the span; CUSUM: the period after the sum was last 0).
   */
  readonly since: string;
  /** The reference: the unit's baseline, or (detector `'parent'`) the parent's recent window. */
  readonly baseline: ShiftWindow;
  /** The unit's periods from `since` to the end of the series. */
  readonly recent: ShiftWindow;
  /** Lower limit of the interval of the difference (window tests), or null (charts). */
  readonly low: number | null;
  /** Upper limit of the interval of the difference (window tests), or null (charts). */
  readonly high: number | null;
  /** p-value of the window test (one-sided when `direction` is one-sided), or null (charts). */
  readonly pValue: number | null;
  /** Benjamini–Hochberg q-value across all window and parent tests, or null (charts). */
  readonly qValue: number | null;
  /** z of the window test, or the chart statistic (EWMA in standard deviations, CUSUM sum). */
  readonly statistic: number;
  /** The chart's limit (L or h), or for window tests the FDR level the q-value passed. */
  readonly limit: number;
  /** The windows the check used (shorter than the options' only with `shortWindows: 'shorten'`). */
  readonly windows: ShiftWindowsUsed;
}

/** A check that could not be run for a unit. */
export interface SkippedCheck {
  /** The unit. */
  readonly id: string;
  /** The detector. */
  readonly detector: 'window' | 'parent' | 'ewma' | 'cusum';
  /**
   * Why: `'too_few_periods'` (the series is shorter than the check's windows),
   * `'min_sample'` (fewer than `minSample` respondents in the base on a side), or
   * `'no_parent'` (the parent is not in the input).
   */
  readonly reason: SkipReason;
  /**
   * What there was: periods in the series (`too_few_periods`), or respondents in the base on
   * the smaller side (`min_sample`); null for `no_parent`.
   */
  readonly available: number | null;
  /**
   * What the check needs: periods (`recent` + `baseline` for the window test, `recent` for the
   * parent test, `baseline` + `chartSpan` for the chart; with `shortWindows: 'shorten'`, the
   * fewest it can run on), or `minSample`; null for `no_parent`.
   */
  readonly needed: number | null;
}

/** Why a check of {@link detectShifts} was not run. */
export type SkipReason = 'too_few_periods' | 'min_sample' | 'no_parent';

/** Result of {@link detectShifts}. */
export interface DetectShiftsResult {
  /** End (ISO) of the last period: the "now" the alerts refer to (empty string for no periods). */
  readonly asOf: string;
  /** Alerts, by unit in input order, then window, parent, chart. */
  readonly alerts: readonly ShiftAlert[];
  /** Number of window and parent tests in the Benjamini–Hochberg family. */
  readonly tests: number;
  /** Checks not run. */
  readonly skipped: readonly SkippedCheck[];
}

function buildOptionsSchema() {
  const count = z.number().check(z.int(), z.gte(1));
  return exactKeys<DetectShiftsOptions>()(
    z.strictObject({
      id: z.optional(z.string()),
      scheme: z.optional(z.unknown()),
      recent: z.optional(count),
      baseline: z.optional(count),
      minSample: minSampleOption(),
      fdr: z.optional(z.number().check(z.gt(0), z.lt(1))),
      direction: z.optional(z.enum(['both', 'drop', 'rise'])),
      parent: z.optional(z.boolean()),
      chart: z.optional(z.enum(['ewma', 'cusum', 'none'])),
      chartSpan: z.optional(count),
      ewma: z.optional(
        exactKeys<EwmaChartOptions>()(
          z.strictObject({
            lambda: z.optional(z.number().check(z.gt(0), z.lte(1))),
            limit: z.optional(z.number().check(z.gt(0))),
          }),
        ),
      ),
      cusum: z.optional(
        exactKeys<CusumChartOptions>()(
          z.strictObject({
            k: z.optional(z.number().check(z.gte(0))),
            h: z.optional(z.number().check(z.gt(0))),
          }),
        ),
      ),
      shortWindows: z.optional(z.enum(['skip', 'shorten'])),
      confidence: confidenceOption(),
    }),
  );
}

const optionsSchema = /* @__PURE__ */ lazy(buildOptionsSchema);

function readId(fn: string, value: unknown, path: PropertyKey[]): string {
  if (typeof value !== 'string') {
    throw new NpsInputError({
      code: 'invalid_id',
      message: `${fn}: ${path.map(String).join('.')} must be a string id, received ${describe(value)}`,
      path,
      received: value,
    });
  }
  return value;
}

function readParent(fn: string, value: unknown, path: PropertyKey[]): string | null {
  return value === undefined || value === null ? null : readId(fn, value, path);
}

const EMPTY: Tally = makeTally(0, 0, 0);

/** @internal Units and periods of any accepted input shape. */
function readUnits(
  fn: string,
  input: unknown,
  singleId: string,
): { periods: SeriesPeriod[]; units: SeriesUnit[] } {
  if (Array.isArray(input)) {
    let periods: SeriesPeriod[] = [];
    const units = input.map((u: unknown, i): SeriesUnit => {
      if (typeof u !== 'object' || u === null) {
        throw badInput(fn, `unit ${String(i)} must be an object { id, parentId?, points }`, u, [i]);
      }
      const s = u as { id?: unknown; parentId?: unknown };
      const r = readPoints(fn, u, [i]);
      if (i === 0) periods = r.periods;
      else if (
        r.periods.length !== periods.length ||
        r.periods.some((p, k) => p.start !== periods[k]?.start)
      ) {
        throw badInput(
          fn,
          `unit ${String(i)}'s points must cover the same periods as unit 0's (${String(periods.length)} periods from ${describe(periods[0]?.start)})`,
          r.periods.length,
          [i, 'points'],
        );
      }
      return {
        id: readId(fn, s.id, [i, 'id']),
        parentId: readParent(fn, s.parentId, [i, 'parentId']),
        tallies: r.tallies,
      };
    });
    return { periods, units };
  }
  if (typeof input === 'object' && input !== null && 'nodes' in input) {
    const c = input as { periods?: unknown; nodes?: unknown };
    if (!Array.isArray(c.periods) || !Array.isArray(c.nodes)) {
      throw badInput(
        fn,
        'a cube must be { periods: [{ start, end }], nodes: [{ id, points }] }',
        input,
        [],
      );
    }
    const periods = c.periods.map((p: unknown, k): SeriesPeriod => {
      const q = p as { start?: unknown; end?: unknown } | null;
      if (typeof q?.start !== 'string' || typeof q.end !== 'string') {
        throw badInput(fn, `periods.${String(k)} must be { start, end } ISO strings`, p, [
          'periods',
          k,
        ]);
      }
      return { start: q.start, end: q.end };
    });
    const units = c.nodes.map((nd: unknown, i): SeriesUnit => {
      const q = nd as { id?: unknown; parentId?: unknown; points?: unknown } | null;
      if (typeof q !== 'object' || q === null || !Array.isArray(q.points)) {
        throw badInput(fn, `nodes.${String(i)} must be { id, points: [{ total }] }`, nd, [
          'nodes',
          i,
        ]);
      }
      if (q.points.length !== periods.length) {
        throw badInput(
          fn,
          `nodes.${String(i)}.points must have one point per period (${String(periods.length)})`,
          q.points.length,
          ['nodes', i, 'points'],
        );
      }
      return {
        id: readId(fn, q.id, ['nodes', i, 'id']),
        parentId: readParent(fn, q.parentId, ['nodes', i, 'parentId']),
        tallies: q.points.map((p: unknown, k) => {
          const total = (p as { total?: unknown } | null)?.total;
          // A suppressed cell (`total: null`) carries no data: an empty period.
          return total === null ? EMPTY : readTally(fn, total, ['nodes', i, 'points', k, 'total']);
        }),
      };
    });
    return { periods, units };
  }
  const r = readPoints(fn, input);
  return { periods: r.periods, units: [{ id: singleId, parentId: null, tallies: r.tallies }] };
}

/** A pending window or parent test. */
interface Pending {
  readonly unit: number;
  readonly detector: 'window' | 'parent';
  readonly cmp: NpsComparison;
  readonly z: number;
  readonly baseline: ShiftWindow;
  readonly recent: ShiftWindow;
  readonly since: string;
  readonly p: number;
  readonly windows: ShiftWindowsUsed;
}

interface Resolved {
  readonly base: NpsBase;
  readonly recent: number;
  readonly baseline: number;
  readonly minSample: number;
  readonly fdr: number;
  readonly direction: 'both' | 'drop' | 'rise';
  readonly parent: boolean;
  readonly chart: 'ewma' | 'cusum' | 'none';
  readonly span: number;
  readonly lambda: number;
  readonly limit: number;
  readonly k: number;
  readonly h: number;
  readonly shorten: boolean;
  readonly confidence: number;
  readonly zc: number;
  /** The interval options of the windows' figures. */
  readonly interval: ResolvedInterval;
}

function windowOf(
  periods: readonly SeriesPeriod[],
  t: Tally,
  from: number,
  to: number,
  interval: ResolvedInterval,
): ShiftWindow {
  return {
    start: periods[from]?.start ?? '',
    end: periods[to - 1]?.end ?? '',
    ...figuresOf(t, interval),
  };
}

/** A chart's reference: the baseline's mean μ₀, per-response SD σ₀ and (effective) size N₀. */
interface ChartReference {
  readonly mu: number;
  readonly sigma: number;
  readonly n0: number;
}

/** The chart's verdict at the last period, or null when it is within its limit. */
interface ChartAlarm {
  readonly kind: 'drop' | 'rise';
  readonly statistic: number;
  readonly since: number;
}

/**
 * A control chart over the monitored periods [from, to) of one unit's tallies, against the
 * baseline reference: the alarm at the last period, or null.
 */
type Chart = (
  tallies: readonly Tally[],
  from: number,
  to: number,
  reference: ChartReference,
  o: Resolved,
) => ChartAlarm | null;

/**
 * EWMA of standardised period means, with the variance of the statistic including the
 * baseline's own estimation error (see detectShifts). Returns the alarm at the last period.
 */
const ewmaChart: Chart = (tallies, from, to, { mu, sigma, n0 }, o) => {
  const lam = o.lambda;
  let zs = 0;
  let a = 0;
  let b = 0;
  let any = false;
  // √n_t·z_t and n_t per period, for the change-point estimate
  const sz = new Float64Array(to - from);
  const sn = new Float64Array(to - from);
  for (let t = from; t < to; t++) {
    const m = npsMoments(tallies[t] as Tally, o.base);
    if (m !== null) {
      const rn = Math.sqrt(m.effectiveN);
      const zt = ((m.estimate - mu) * rn) / sigma;
      zs = (1 - lam) * zs + lam * zt;
      a = (1 - lam) * (1 - lam) * a + lam * lam;
      b = (1 - lam) * b + lam * rn;
      sz[t - from] = rn * zt;
      sn[t - from] = m.effectiveN;
      any = true;
    }
  }
  if (!any) return null;
  const e = zs / Math.sqrt(a + (b * b) / n0);
  const kind = e < 0 ? 'drop' : 'rise';
  if (!(Math.abs(e) > o.limit) || !wanted(kind, o.direction)) return null;
  return { kind, statistic: e, since: from + stepChangePoint(sz, sn, kind) };
};

/**
 * The maximum-likelihood start of a step change in a normal mean of known in-control level,
 * from the last period back (Pignatiello & Samuel 2001, Journal of Quality Technology 33,
 * 82–95, with period sizes): the τ maximising (Σ_{t≥τ} √n_t·z_t)² / Σ_{t≥τ} n_t among the
 * starts whose shift has the alarm's sign, `sz[t]` = √n_t·z_t and `sn[t]` = n_t (0 for an empty
 * period). The index is within the span; the last non-empty period when no start fits.
 */
function stepChangePoint(sz: Float64Array, sn: Float64Array, kind: 'drop' | 'rise'): number {
  let s = 0;
  let n = 0;
  let best = -1;
  let at = -1;
  let last = sz.length - 1;
  for (let t = sz.length - 1; t >= 0; t--) {
    const nt = sn[t] as number;
    if (nt === 0) continue;
    if (n === 0) last = t;
    s += sz[t] as number;
    n += nt;
    const score = (s * s) / n;
    if ((kind === 'drop' ? s < 0 : s > 0) && score > best) {
      best = score;
      at = t;
    }
  }
  return at < 0 ? last : at;
}

/**
 * One-sided CUSUMs (lower for drops, upper for rises) of self-starting standardised period
 * means: each period is compared with the pooled mean of the baseline and all monitored
 * periods before it (recursive residuals, Hawkins 1987), which are independent N(0, 1) under no
 * change, so the baseline's own error does not accumulate in the sums.
 */
const cusumChart: Chart = (tallies, from, to, { mu, sigma, n0 }, o) => {
  let lo = 0;
  let hi = 0;
  let lastLo = from - 1;
  let lastHi = from - 1;
  let sum = mu * n0;
  let size = n0;
  for (let t = from; t < to; t++) {
    const m = npsMoments(tallies[t] as Tally, o.base);
    if (m === null) continue;
    const zt = (m.estimate - sum / size) / (sigma * Math.sqrt(1 / m.effectiveN + 1 / size));
    sum += m.estimate * m.effectiveN;
    size += m.effectiveN;
    lo = Math.max(0, lo - zt - o.k);
    hi = Math.max(0, hi + zt - o.k);
    if (lo === 0) lastLo = t;
    if (hi === 0) lastHi = t;
  }
  const drop = lo > o.h && wanted('drop', o.direction);
  const rise = hi > o.h && wanted('rise', o.direction);
  if (!drop && !rise) return null;
  const useDrop = drop && (!rise || lo >= hi);
  return useDrop
    ? { kind: 'drop', statistic: lo, since: lastLo + 1 }
    : { kind: 'rise', statistic: hi, since: lastHi + 1 };
};

function wanted(kind: 'drop' | 'rise', direction: 'both' | 'drop' | 'rise'): boolean {
  return direction === 'both' || direction === kind;
}

/**
 * Early warning of NPS shifts for one series or many units at once ("now" is the end of the
 * last period; no clock is read): for each unit,
 *
 * 1. **Window test**: the last `recent` periods pooled against the `baseline` periods just
 *    before them, run only when both sides have at least `minSample` respondents in the base. The
 *    difference and its interval are `compareNps`' (independent samples). The p-value is
 *    Lancaster's (1961) mid-p of the exact conditional test given the pooled counts (Fisher's
 *    2 × 2 table of promoters and detractors under the ten-point scheme; the 2 × 3 table with
 *    T = P − D under base `'all'`; Agresti, "Categorical Data Analysis", 3rd ed., §1.4.5, §3.5),
 *    one-sided when `direction` is, two-sided by doubling; `statistic` is the pooled score z.
 *    Its size, computed exactly on the base sizes of weekly alerts, is 0.044–0.052 at α = 0.05
 *    and at most nominal at the α ≈ 0.05/200 Benjamini–Hochberg needs across 200 units, where
 *    the continuity-corrected z used before was 0.026–0.036 (docs/alerts.md). Weighted
 *    tallies use the normal p of the score z.
 * 2. **Parent test** (`parent: true`): the unit's recent window against its parent's (which
 *    includes it): the nested comparison of `compareNps` for the difference and interval, and
 *    the same mid-p test of the unit against the rest of the parent for the p-value.
 * 3. The p-values of all window and parent tests of all units form one family, adjusted by
 *    Benjamini–Hochberg (1995); a test alerts when its q-value is at most `fdr`.
 * 4. **Chart** for sustained drifts over the last `chartSpan` periods, standardised by the
 *    baseline of the `baseline` periods before that span (mean μ₀ = its NPS, per-response SD
 *    σ₀ from its variance, with the zero-variance floor of `trendTest`): each period gives
 *    z_t = (ȳ_t − μ₀)·√n_t / σ₀ from its mean score ȳ_t of y ∈ {+1, 0, −1} and its n_t
 *    respondents (Kish-effective when weighted); empty periods leave the chart unchanged.
 *    - EWMA (Roberts 1959, Technometrics 1, 239–250): Z_t = λ·z_t + (1 − λ)·Z_{t−1}, Z = 0 at
 *      the start, alarm when |Z| > L·sd(Z) at the last period, where sd(Z) is the exact
 *      time-varying SD √(Σc_t² + (Σc_t√n_t)²/N₀) (c_t the EWMA weights; the second term is the
 *      baseline's estimation error, N₀ its respondents). Defaults λ = 0.1, L = 2.814: in-control
 *      ARL ≈ 500 for a continuously monitored chart (Lucas & Saccucci 1990, Technometrics 32,
 *      1–12, Table 3); here a false alarm at one evaluation has probability ≈ 2Φ(−L) ≈ 0.5%
 *      (half that for one direction).
 *    - CUSUM (Page 1954, Biometrika 41, 100–115): S⁻_t = max(0, S⁻_{t−1} − z_t − k) for drops,
 *      S⁺_t = max(0, S⁺_{t−1} + z_t − k) for rises, on self-starting z_t (each period against
 *      the pooled mean of the baseline and the monitored periods before it, scaled by
 *      √(1/n_t + 1/N), Hawkins 1987, The Statistician 36, 299–316); alarm when S > h at the
 *      last period. Defaults k = 0.5, h = 5
 *      (two-sided in-control ARL ≈ 465; Montgomery, "Introduction to Statistical Quality
 *      Control", §9.1).
 *    A chart's `since` is its estimate of the change point: for EWMA the maximum-likelihood
 *    start of a step change within the span (Pignatiello & Samuel 2001, Journal of Quality
 *    Technology 33, 82–95), for CUSUM the period after S was last 0 (Page's estimate). Chart
 *    alarms are not in the BH family; their false-alarm rate is set by L or h.
 *
 * A series shorter than a check's windows (`recent` + `baseline` periods for the window test,
 * `baseline` + `chartSpan` for the chart) is not silently cut: the check is listed in `skipped`
 * with reason `'too_few_periods'` and the periods available and needed, unless
 * `shortWindows: 'shorten'` asks for shorter windows, which every alert states in `windows`.
 *
 * Each alert gives the unit, `kind` (drop or rise), detector, the difference in NPS points
 * between the recent stretch and the reference, `since` (a test: the start of the window it
 * tested; a chart: the estimated change point), both sides' NPS and n, the windows used, and
 * the evidence: p- and q-value (tests) or statistic and limit (charts). False-alarm rates and
 * detection delays from seeded simulations are tabulated in docs/alerts.md (with 200 stores at
 * 20 responses a week, the defaults flag a 30-point drop within 4 weeks at 52% of the
 * stores, and raise 0.125 chart alarms per store-year without change). O(units × periods).
 *
 * @param input - A `trend` result (one unit), an array of `{ id, parentId?, points }` with
 *   aligned points, or a `trendByNode` cube `{ periods, nodes: [{ id, parentId?, points }] }`
 *   (a suppressed cell, `total: null`, counts as an empty period: for alerting, build the cube
 *   without `minSample`).
 * @param options - `recent` (4), `baseline` (26), `minSample` (30), `fdr` (0.05), `direction`,
 *   `parent`, `chart` ('ewma'), `chartSpan` (26), `ewma`, `cusum`, `shortWindows` ('skip'),
 *   `scheme`, `confidence`, `id`.
 * @returns `{ asOf, alerts, tests, skipped }`.
 * @throws {@link NpsInputError} `invalid_option` for bad options, `invalid_input` for a
 *   malformed or misaligned series, `invalid_id` / `duplicate_id` for unit ids, `invalid_count`
 *   for a bad tally, `invalid_input` when a parent's tally does not include its child's.
 * @example
 * ```ts
 * const t = (p: number, d: number) => tallyFromCounts({ promoters: p, passives: 0, detractors: d });
 * const points = [t(60, 20), t(60, 20), t(60, 20), t(30, 50)].map((total, k) => ({
 *   start: `2025-0${k + 1}-01T00:00:00Z`, end: `2025-0${k + 2}-01T00:00:00Z`, total,
 * }));
 * const r = detectShifts({ points }, { recent: 1, baseline: 3, chart: 'none' });
 * r.alerts.map((a) => [a.kind, a.detector, a.since, a.difference]);
 * //=> [['drop', 'window', '2025-04-01T00:00:00Z', -75]]
 * ```
 */
export function detectShifts(input: ShiftInput, options?: DetectShiftsOptions): DetectShiftsResult {
  const fn = 'detectShifts';
  const p = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const scheme = resolveScheme(options?.scheme, fn);
  const confidence = p.confidence ?? 0.95;
  const o: Resolved = {
    base: scheme.base,
    recent: p.recent ?? 4,
    baseline: p.baseline ?? 26,
    minSample: p.minSample ?? 30,
    fdr: p.fdr ?? 0.05,
    direction: p.direction ?? 'both',
    parent: p.parent ?? false,
    chart: p.chart ?? 'ewma',
    span: p.chartSpan ?? 26,
    lambda: p.ewma?.lambda ?? 0.1,
    limit: p.ewma?.limit ?? 2.814,
    k: p.cusum?.k ?? 0.5,
    h: p.cusum?.h ?? 5,
    shorten: p.shortWindows === 'shorten',
    confidence,
    zc: zForConfidence(confidence),
    interval: resolveIntervalOptions(fn, { scheme, confidence }),
  };
  const { periods, units } = readUnits(fn, input, p.id ?? 'series');
  const byId = new Map<string, number>();
  units.forEach((u, i) => {
    if (byId.has(u.id)) {
      throw new NpsInputError({
        code: 'duplicate_id',
        message: `${fn}: unit ids must be unique, received ${describe(u.id)} twice`,
        path: [i, 'id'],
        received: u.id,
      });
    }
    byId.set(u.id, i);
  });
  const T = periods.length;
  const win = windowPlan(T, o.recent, o.baseline, o.shorten);
  const par = parentPlan(T, o.recent, o.shorten);
  const skipped: SkippedCheck[] = [];
  const pending: Pending[] = [];
  const charts: (ShiftAlert | null)[] = units.map(() => null);
  const recentTallies = units.map((u) =>
    par.run ? poolRange(u.tallies, T - par.tested, T) : EMPTY,
  );

  units.forEach((u, i) => {
    // 1. window test
    if (!win.run) skip(skipped, u.id, 'window', 'too_few_periods', T, win.needed);
    else {
      const rStart = T - win.tested;
      const bStart = rStart - win.baseline;
      const rec = poolRange(u.tallies, rStart, T);
      const bas = poolRange(u.tallies, bStart, rStart);
      const t = baseTest(rec, bas, 'independent', o, fn);
      if (typeof t === 'number') skip(skipped, u.id, 'window', 'min_sample', t, o.minSample);
      else {
        pending.push({
          unit: i,
          detector: 'window',
          ...t,
          baseline: windowOf(periods, bas, bStart, rStart, o.interval),
          recent: windowOf(periods, rec, rStart, T, o.interval),
          since: periods[rStart]?.start ?? '',
          windows: { baseline: win.baseline, tested: win.tested, shortened: win.shortened },
        });
      }
    }
    // 2. parent test
    if (o.parent) {
      const j = u.parentId === null ? undefined : byId.get(u.parentId);
      if (j === undefined) skip(skipped, u.id, 'parent', 'no_parent', null, null);
      else if (!par.run) skip(skipped, u.id, 'parent', 'too_few_periods', T, par.needed);
      else {
        const rStart = T - par.tested;
        const rec = recentTallies[i] as Tally;
        const pt = recentTallies[j] as Tally;
        const t = baseTest(rec, pt, 'nested', o, fn);
        if (typeof t === 'number') skip(skipped, u.id, 'parent', 'min_sample', t, o.minSample);
        else {
          pending.push({
            unit: i,
            detector: 'parent',
            ...t,
            baseline: windowOf(periods, pt, rStart, T, o.interval),
            recent: windowOf(periods, rec, rStart, T, o.interval),
            since: periods[rStart]?.start ?? '',
            windows: { baseline: null, tested: par.tested, shortened: par.shortened },
          });
        }
      }
    }
    // 4. chart
    if (o.chart !== 'none') charts[i] = chartAlert(u, periods, o, skipped);
  });

  const q = benjaminiHochberg(pending.map((t) => t.p));
  const perUnit: ShiftAlert[][] = units.map(() => []);
  pending.forEach((t, i) => {
    const qi = q[i] ?? 1;
    const d = t.cmp.difference;
    const kind = d < 0 ? 'drop' : 'rise';
    if (!(qi <= o.fdr) || d === 0 || !wanted(kind, o.direction)) return;
    perUnit[t.unit]?.push({
      id: units[t.unit]?.id ?? '',
      kind,
      detector: t.detector,
      difference: d,
      since: t.since,
      baseline: t.baseline,
      recent: t.recent,
      low: t.cmp.low,
      high: t.cmp.high,
      pValue: t.p,
      qValue: qi,
      statistic: t.z,
      limit: o.fdr,
      windows: t.windows,
    });
  });
  const alerts: ShiftAlert[] = [];
  units.forEach((_, i) => {
    alerts.push(...(perUnit[i] ?? []));
    const c = charts[i];
    if (c) alerts.push(c);
  });
  return { asOf: periods[T - 1]?.end ?? '', alerts, tests: pending.length, skipped };
}

/** The windows a check runs on, or what it lacks. */
type Plan =
  | {
      readonly run: true;
      readonly baseline: number;
      readonly tested: number;
      readonly shortened: boolean;
    }
  | { readonly run: false; readonly needed: number };

/**
 * The window test's windows on a series of T periods: `recent` k after `baseline` b, or (shorten)
 * k after the T − k periods before it, at least one.
 */
function windowPlan(T: number, k: number, b: number, shorten: boolean): Plan {
  if (T >= k + b) return { run: true, baseline: b, tested: k, shortened: false };
  if (shorten && T > k) return { run: true, baseline: T - k, tested: k, shortened: true };
  return { run: false, needed: shorten ? k + 1 : k + b };
}

/** The parent test's recent window: k periods, or (shorten) all T of a shorter series. */
function parentPlan(T: number, k: number, shorten: boolean): Plan {
  if (T >= k) return { run: true, baseline: 0, tested: k, shortened: false };
  if (shorten && T >= 1) return { run: true, baseline: 0, tested: T, shortened: true };
  return { run: false, needed: shorten ? 1 : k };
}

/**
 * The chart's baseline b and span s on T periods, or (shorten) T split in the proportion b : s,
 * at least one period each.
 */
function chartPlan(T: number, b: number, s: number, shorten: boolean): Plan {
  if (T >= b + s) return { run: true, baseline: b, tested: s, shortened: false };
  if (shorten && T >= 2) {
    const b1 = Math.min(T - 1, Math.max(1, Math.round((T * b) / (b + s))));
    return { run: true, baseline: b1, tested: T - b1, shortened: true };
  }
  return { run: false, needed: shorten ? 2 : b + s };
}

function skip(
  skipped: SkippedCheck[],
  id: string,
  detector: SkippedCheck['detector'],
  reason: SkipReason,
  available: number | null,
  needed: number | null,
): void {
  skipped.push({ id, detector, reason, available, needed });
}

/**
 * The window or parent test of `rec` against `ref` (the baseline, or the parent, which
 * includes `rec`): the comparison, the score z and the mid-p of the unit against the reference
 * (against the rest of the parent for `'nested'`), or, when a side has fewer than `minSample`
 * respondents in the base, that smaller count.
 */
function baseTest(
  rec: Tally,
  ref: Tally,
  relation: 'independent' | 'nested',
  o: Resolved,
  fn: string,
): Pick<Pending, 'cmp' | 'z' | 'p'> | number {
  const smaller = Math.min(baseCount(rec, o.base), baseCount(ref, o.base));
  if (smaller < o.minSample) return smaller;
  const cmp = compareTallies(rec, ref, o.base, relation, o.zc, o.confidence, fn);
  const other = relation === 'nested' ? restOf(rec, ref, fn) : ref;
  const t = windowTestP(rec, other, o.base, o.direction);
  // Both sides passed minSample ≥ 1 but the rest of a parent may be empty: nothing to test.
  if (cmp === null || t === null) return relation === 'nested' ? baseCount(other, o.base) : smaller;
  return { cmp, z: t.z, p: t.p };
}

function chartAlert(
  u: SeriesUnit,
  periods: readonly SeriesPeriod[],
  o: Resolved,
  skipped: SkippedCheck[],
): ShiftAlert | null {
  const detector = o.chart === 'cusum' ? 'cusum' : 'ewma';
  const T = periods.length;
  const plan = chartPlan(T, o.baseline, o.span, o.shorten);
  if (!plan.run) {
    skip(skipped, u.id, detector, 'too_few_periods', T, plan.needed);
    return null;
  }
  const from = T - plan.tested;
  const b0 = from - plan.baseline;
  const bas = poolRange(u.tallies, b0, from);
  const m = npsMoments(bas, o.base);
  const v = periodVariance(bas, o.base);
  const size = baseCount(bas, o.base);
  if (m === null || v === null || size < o.minSample) {
    skip(skipped, u.id, detector, 'min_sample', size, o.minSample);
    return null;
  }
  const n0 = m.effectiveN;
  const sigma = Math.sqrt(v * n0);
  const ref = { mu: m.estimate, sigma, n0 };
  const chart: Chart = detector === 'ewma' ? ewmaChart : cusumChart;
  const alarm = chart(u.tallies, from, T, ref, o);
  if (alarm === null) return null;
  const rec = poolRange(u.tallies, alarm.since, T);
  const baseline = windowOf(periods, bas, b0, from, o.interval);
  const recent = windowOf(periods, rec, alarm.since, T, o.interval);
  // The chart moved in the run, so the run has respondents; the baseline passed minSample.
  if (recent.nps === null || baseline.nps === null) return null;
  return {
    id: u.id,
    kind: alarm.kind,
    detector,
    difference: recent.nps - baseline.nps,
    since: periods[alarm.since]?.start ?? '',
    baseline,
    recent,
    low: null,
    high: null,
    pValue: null,
    qValue: null,
    statistic: alarm.statistic,
    limit: detector === 'ewma' ? o.limit : o.h,
    windows: { baseline: plan.baseline, tested: plan.tested, shortened: plan.shortened },
  };
}
