/**
 * @internal Survival analysis with right censoring: the Kaplan–Meier estimator, its Greenwood
 * variance and log-type pointwise intervals, quantiles with Brookmeyer–Crowley intervals, and
 * the k-group log-rank test. Everything matches R's `survival` package (Therneau, version
 * 3.5-3: `survfit`, `quantile.survfit`, `survdiff` with `rho = 0`) digit for digit up to
 * floating-point rounding; test/kernels/survival.test.ts checks it against R.
 *
 * Sources:
 * - E. L. Kaplan and P. Meier (1958), "Nonparametric estimation from incomplete observations",
 *   JASA 53, 457–481: S(t) = ∏_{tⱼ ≤ t} (1 − dⱼ / nⱼ), dⱼ events among nⱼ at risk at tⱼ. Ties
 *   of an event and a censoring at the same time count the censored case as still at risk
 *   (events before censorings), as survfit does.
 * - M. Greenwood (1926), "The natural duration of cancer", Reports on Public Health and
 *   Medical Subjects 33: Var(log S(t)) ≈ Σ dⱼ / (nⱼ (nⱼ − dⱼ)). The interval is survfit's
 *   default `conf.type = 'log'`: S · exp(± z · se), the upper end capped at 1, undefined where
 *   S = 0.
 * - R. Brookmeyer and J. Crowley (1982), "A confidence interval for the median survival time",
 *   Biometrics 38, 29–41: the interval of a quantile is the set of times whose pointwise
 *   interval holds the probability, read as survfit's `quantile()` reads it (the times where
 *   the lower and the upper pointwise curves cross 1 − p).
 * - N. Mantel (1966), "Evaluation of survival data and two new rank order statistics arising
 *   in its consideration", Cancer Chemotherapy Reports 50, 163–170; R. Peto and J. Peto (1972),
 *   "Asymptotically efficient rank invariant test procedures", JRSS A 135, 185–207: the
 *   log-rank test.
 * - T. M. Therneau and P. M. Grambsch (2000), "Modeling Survival Data: Extending the Cox
 *   Model", Springer; T. M. Therneau, "A Package for Survival Analysis in R" (CRAN survival).
 */
import { chiSquareSf } from './gamma.ts';
import { cholesky, choleskySolve } from './matrix.ts';
import { stableOrder } from './order.ts';

/**
 * @internal A Kaplan–Meier curve: one row per distinct time (events and censorings), as
 * survfit's `time`, `n.risk`, `n.event`, `n.censor`, `surv` and `std.err`.
 */
export interface KaplanMeier {
  /** Observations. */
  readonly n: number;
  /** Distinct times, ascending. */
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  /** S(t) just after each time. */
  readonly surv: Float64Array;
  /** Greenwood standard error of −log S (survfit's `std.err`); Infinity once S = 0. */
  readonly se: Float64Array;
}

/**
 * The Kaplan–Meier curve of `time` (any finite numbers, usually ≥ 0) with `event[i]` 1 for an
 * observed event and 0 for a right-censored observation.
 */
export function kaplanMeier(time: Float64Array, event: Uint8Array): KaplanMeier {
  const n = time.length;
  const o = stableOrder(time);
  const t: number[] = [];
  const risk: number[] = [];
  const ev: number[] = [];
  const cen: number[] = [];
  const surv: number[] = [];
  const se: number[] = [];
  let atRisk = n;
  let s = 1;
  let v = 0;
  let k = 0;
  while (k < n) {
    const tk = time[o[k] as number] as number;
    let d = 0;
    let c = 0;
    while (k < n && time[o[k] as number] === tk) {
      if (event[o[k] as number] === 1) d++;
      else c++;
      k++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      v = atRisk === d ? Infinity : v + d / (atRisk * (atRisk - d));
    }
    t.push(tk);
    risk.push(atRisk);
    ev.push(d);
    cen.push(c);
    surv.push(s);
    se.push(Math.sqrt(v));
    atRisk -= d + c;
  }
  return {
    n,
    time: Float64Array.from(t),
    nRisk: Float64Array.from(risk),
    nEvent: Float64Array.from(ev),
    nCensor: Float64Array.from(cen),
    surv: Float64Array.from(surv),
    se: Float64Array.from(se),
  };
}

/**
 * @internal survfit's log-type pointwise interval at row `j` with critical value `z`:
 * [S·e^(−z·se), min(1, S·e^(z·se))], both NaN where S = 0 (R's NA).
 */
export function kmLimits(km: KaplanMeier, j: number, z: number): { low: number; high: number } {
  const s = km.surv[j] as number;
  if (!(s > 0)) return { low: Number.NaN, high: Number.NaN };
  const e = km.se[j] as number;
  return { low: s * Math.exp(-z * e), high: Math.min(1, s * Math.exp(z * e)) };
}

/** The row of the curve in force at `t` (the last time ≤ t), or −1 before the first. */
function kmRowAt(km: KaplanMeier, t: number): number {
  const { time } = km;
  let lo = -1;
  let hi = time.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((time[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** @internal S(t), its log-type interval, as `summary(survfit, times = t)`. */
export function kmAt(
  km: KaplanMeier,
  t: number,
  z: number,
): { surv: number; low: number; high: number } {
  const j = kmRowAt(km, t);
  if (j < 0) return { surv: 1, low: 1, high: 1 };
  return { surv: km.surv[j] as number, ...kmLimits(km, j, z) };
}

/** R's `sqrt(.Machine$double.eps)`, the tolerance of `quantile.survfit`. */
const TOL = Math.sqrt(2.220446049250313e-16);

/** A curve 1 − S (or 1 − a limit) prepared for {@link findq}: R's `duplicated()` applied. */
interface StepCurve {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** The last time of the curve before deduplication (R's `xmax`). */
  readonly xmax: number;
  /** The largest non-NaN y (−Infinity when none). */
  readonly maxY: number;
  /** Whether the non-NaN ys increase strictly (then the search is binary). */
  readonly increasing: boolean;
}

/** Drop repeated values, keeping the first of each (NaN equal to NaN), as `duplicated()`. */
function stepCurve(x: readonly number[], y: readonly number[]): StepCurve {
  const xs: number[] = [];
  const ys: number[] = [];
  let maxY = -Infinity;
  let sawNaN = false;
  let increasing = true;
  let last = -Infinity;
  let seen: Set<number> | null = null;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (Number.isNaN(v)) {
      if (sawNaN) continue;
      sawNaN = true;
    } else if (increasing && !sawNaN && v > last) {
      last = v;
    } else if (increasing && !sawNaN && v === last) {
      continue; // the previous value again: a duplicate while the values only rose
    } else {
      // not monotone (an upper limit capped at 1 and released again): a global look-up
      seen ??= new Set(ys.filter((u) => !Number.isNaN(u)));
      increasing = false;
      if (seen.has(v)) continue;
    }
    if (seen !== null && !Number.isNaN(v)) seen.add(v);
    if (v > maxY) maxY = v;
    xs.push(x[i] as number);
    ys.push(v);
  }
  return { xs, ys, xmax: x[x.length - 1] as number, maxY, increasing };
}

/**
 * R's approx(ys + shift, seq_along(ys), p, method = 'constant', f = 1, rule = 1) without the NA
 * pairs: the index of the smallest value ≥ p (the values sorted, so the curve need not be
 * monotone), −1 when p is outside their range.
 */
function approxIndex(c: StepCurve, shift: number, p: number): number {
  const { ys } = c;
  if (c.increasing) {
    // NaN only at the end (once S = 0): search the numbers before it
    let n = ys.length;
    while (n > 0 && Number.isNaN(ys[n - 1])) n--;
    if (n === 0 || p < (ys[0] as number) + shift || p > (ys[n - 1] as number) + shift) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ys[mid] as number) + shift >= p) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  let best = -1;
  let bestV = Infinity;
  let minV = Infinity;
  for (let i = 0; i < ys.length; i++) {
    const v = (ys[i] as number) + shift;
    if (Number.isNaN(v)) continue;
    if (v < minV) minV = v;
    if (v >= p && v < bestV) {
      bestV = v;
      best = i;
    }
  }
  return p < minV ? -1 : best;
}

/**
 * survival:::findq: the time at which the step curve first reaches p, the midpoint of a flat
 * stretch at p (within TOL), NaN when never.
 */
function findq(c: StepCurve, p: number): number {
  if (c.maxY < p) return Number.NaN;
  const { xs, ys } = c;
  const i1 = approxIndex(c, TOL, p);
  const i2 = approxIndex(c, -TOL, p);
  let q = i1 < 0 || i2 < 0 ? Number.NaN : ((xs[i1] as number) + (xs[i2] as number)) / 2;
  if (p === 0) q = xs[0] as number;
  const last = ys[ys.length - 1] as number;
  if (!Number.isNaN(last) && Math.abs(p - last) < TOL) {
    q = i1 < 0 ? Number.NaN : ((xs[i1] as number) + c.xmax) / 2;
  }
  return q;
}

/** @internal A quantile of the time to the event and its interval (NaN: not reached). */
export interface KmQuantile {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * @internal The p-quantile of the time (the time by which a share p had the event), with the
 * Brookmeyer–Crowley interval at critical value `z`, exactly as `quantile(survfit(…), p)`
 * (conf.type 'log', start time 0): where the curve is flat at 1 − p the quantile is the middle
 * of the flat stretch (to the last time when the curve ends there).
 */
export function kmQuantile(km: KaplanMeier, p: number, z: number): KmQuantile {
  return kmQuantiles(km, [p], z)[0] as KmQuantile;
}

/** @internal {@link kmQuantile} for several probabilities, the curves built once. */
export function kmQuantiles(km: KaplanMeier, ps: readonly number[], z: number): KmQuantile[] {
  const m = km.time.length;
  const x: number[] = [0];
  const ys: number[] = [0];
  const yl: number[] = [0];
  const yh: number[] = [0];
  for (let j = 0; j < m; j++) {
    x.push(km.time[j] as number);
    ys.push(1 - (km.surv[j] as number));
    const { low, high } = kmLimits(km, j, z);
    yl.push(1 - low);
    yh.push(1 - high);
  }
  const cs = stepCurve(x, ys);
  const cl = stepCurve(x, yl);
  const ch = stepCurve(x, yh);
  return ps.map((p) => ({ value: findq(cs, p), low: findq(cl, p), high: findq(ch, p) }));
}

/** @internal The log-rank test of k groups (survdiff, rho = 0). */
export interface LogRank {
  /** Observed events per group. */
  readonly observed: Float64Array;
  /** Expected events per group under equal hazards. */
  readonly expected: Float64Array;
  /** The χ² statistic. */
  readonly chiSquare: number;
  /** Degrees of freedom: groups with expected events > 0, minus one. */
  readonly df: number;
  /** P(χ²_df ≥ chiSquare); NaN when df = 0. */
  readonly pValue: number;
}

/**
 * The log-rank test that `k` groups (`group[i]` in 0..k−1) share one hazard: at each event
 * time, expected events n_gj·d_j / n_j and the hypergeometric covariance
 * d_j (n_j − d_j)/(n_j − 1) · n_gj/n_j (δ_gh − n_hj/n_j); χ² = (O − E)ᵀ V⁻ (O − E) over the
 * groups with E > 0 less the first, as survdiff. A singular covariance gives χ² = NaN.
 * `order` (optional): `stableOrder(time)`, when the caller tests several groupings of one sample.
 */
export function logRank(
  time: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  k: number,
  order?: Int32Array,
): LogRank {
  const n = time.length;
  const o = order ?? stableOrder(time);
  const atRisk = new Float64Array(k);
  for (let i = 0; i < n; i++) atRisk[group[i] as number] = (atRisk[group[i] as number] ?? 0) + 1;
  let total = n;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const dg = new Float64Array(k);
  const leave = new Float64Array(k);
  let i = 0;
  while (i < n) {
    const t = time[o[i] as number] as number;
    dg.fill(0);
    leave.fill(0);
    let d = 0;
    while (i < n && time[o[i] as number] === t) {
      const r = o[i] as number;
      const g = group[r] as number;
      if (event[r] === 1) {
        dg[g] = (dg[g] as number) + 1;
        d++;
      }
      leave[g] = (leave[g] as number) + 1;
      i++;
    }
    if (d > 0) {
      const f = total > 1 ? (d * (total - d)) / (total - 1) : 0;
      for (let g = 0; g < k; g++) {
        const ng = atRisk[g] as number;
        observed[g] = (observed[g] as number) + (dg[g] as number);
        expected[g] = (expected[g] as number) + (ng * d) / total;
        if (f === 0 || ng === 0) continue;
        for (let h = 0; h < k; h++) {
          const nh = atRisk[h] as number;
          const delta = g === h ? 1 : 0;
          variance[g * k + h] =
            (variance[g * k + h] as number) + ((f * ng) / total) * (delta - nh / total);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] = (atRisk[g] as number) - (leave[g] as number);
    for (let g = 0; g < k; g++) total -= leave[g] as number;
  }
  const used: number[] = [];
  for (let g = 0; g < k; g++) if ((expected[g] as number) > 0) used.push(g);
  const df = used.length - 1;
  let chiSquare = 0;
  if (used.length >= 2) {
    const rest = used.slice(1);
    const m = rest.length;
    const vv = new Float64Array(m * m);
    const diff = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const g = rest[a] as number;
      diff[a] = (observed[g] as number) - (expected[g] as number);
      for (let b = 0; b < m; b++) vv[a * m + b] = variance[g * k + (rest[b] as number)] as number;
    }
    const { l, failedAt } = cholesky(vv, m);
    if (failedAt >= 0) chiSquare = Number.NaN;
    else {
      const x = choleskySolve(l, m, diff);
      for (let a = 0; a < m; a++) chiSquare += (x[a] as number) * (diff[a] as number);
    }
  }
  const pValue = df > 0 && Number.isFinite(chiSquare) ? chiSquareSf(chiSquare, df) : Number.NaN;
  return { observed, expected, chiSquare, df, pValue };
}
