import * as z from 'zod/mini';
import type { SchemeOptions } from '../core/classify.ts';
import { npsOfTally } from '../core/nps.ts';
import { resolveScheme } from '../core/resolveScheme.ts';
import { NpsInputError } from '../errors.ts';
import { studentTTwoSided } from '../kernels/beta.ts';
import { weightedCrossMoments } from '../kernels/moments.ts';
import { normalSf } from '../kernels/normal.ts';
import { exactKeys, parseWith } from '../kernels/validate.ts';
import { periodVariance, readPoints } from './series.ts';

/** Options of {@link trendTest}. */
export interface TrendTestOptions extends SchemeOptions {
  /**
   * How the residual scale is treated (default `'estimated'`):
   * - `'estimated'`: weights 1/variance up to a common factor estimated from the residuals, a
   *   t test on n − 2 degrees of freedom; what R's `lm(y ~ x, weights = w)` reports, and robust
   *   to period-to-period variation beyond sampling error;
   * - `'known'`: the sampling variances taken as known (fixed-effect meta-regression), a z test.
   */
  readonly scale?: 'estimated' | 'known' | undefined;
}

/** Result of {@link trendTest}. Slope and intercept in NPS points. */
export interface TrendTestResult {
  /** Slope of NPS on the period index, in NPS points per period. */
  readonly slope: number;
  /** Standard error of the slope, in NPS points per period. */
  readonly se: number;
  /** The test statistic slope / se (t for `'estimated'`, z for `'known'`). */
  readonly statistic: number;
  /** Degrees of freedom of the t test (periods used − 2), or null for the z test. */
  readonly df: number | null;
  /** Two-sided p-value of "no linear trend". */
  readonly pValue: number;
  /** Fitted NPS at period index 0 (the first point of the series). */
  readonly intercept: number;
  /** Number of periods used (those with a non-empty base). */
  readonly periods: number;
  /** Indices of the points skipped because their base was empty. */
  readonly skipped: readonly number[];
  /** The scale treatment used. */
  readonly scale: 'estimated' | 'known';
}

/**
 * Test for a linear trend across a whole series: weighted least squares of each period's NPS on
 * its period index (0, 1, 2, … in the series, so gaps keep their place), with inverse-variance
 * weights w = 1 / Var(NPS) (variance from the tally: multinomial, or Taylor-linearised when
 * weighted).
 *
 * With x̄, ȳ the w-weighted means, Sxx = Σw(x − x̄)², the slope is Σw(x − x̄)(y − ȳ) / Sxx
 * (Draper & Smith 1998, "Applied Regression Analysis", 3rd ed., §9.2). With `scale: 'known'` its
 * variance is 1 / Sxx and the test is a z test (the fixed-effect meta-regression of
 * Thompson & Sharp 1999, Statistics in Medicine 18, 2693–2708); with `'estimated'` (default) it
 * is φ / Sxx with φ = Σw·residual² / (n − 2) and the test is a t test on n − 2 df, exactly R's
 * `summary(lm(nps ~ index, weights = w))`. Periods with an empty base are skipped (and listed);
 * a period whose variance is 0 (everyone a promoter, say) is weighted by the variance at the
 * adjusted counts P + ¾, D + ¾ (passives + 3/2 under base 'all'; Rocks 2016) instead of an
 * infinite weight. Use it on `trend` results: the windows of a rolling trend overlap and are
 * not independent.
 *
 * @param result - A `trend` result, or any `{ points: [{ start, end, total }] }`.
 * @param options - `scheme` (the one the tallies were counted with; default tenPointScheme),
 *   `scale`.
 * @returns Slope (NPS points per period), se, statistic, df, p-value, intercept, periods used.
 * @throws {@link NpsInputError} `too_few_rows` with fewer than 3 usable periods (2 with
 *   `scale: 'known'`), `invalid_input` for a malformed series, `invalid_option`.
 * @example
 * ```ts
 * const t = (p: number, d: number) => tallyFromCounts({ promoters: p, passives: 0, detractors: d });
 * const series = { points: [t(50, 50), t(60, 40), t(70, 30)].map((total) => ({ start: '', end: '', total })) };
 * const r = trendTest(series, { scale: 'known' });
 * r.slope.toFixed(4); //=> '20.0000'
 * r.se.toFixed(4); //=> '6.7740'   (1 / √Σw(x − x̄)², w = 1 / 100, 1 / 96, 1 / 84)
 * ```
 */
export function trendTest(
  result: { readonly points: readonly unknown[] },
  options?: TrendTestOptions,
): TrendTestResult {
  const fn = 'trendTest';
  const o = parseWith(
    exactKeys<TrendTestOptions>()(
      z.strictObject({
        scheme: z.optional(z.unknown()),
        scale: z.optional(z.enum(['estimated', 'known'])),
      }),
    ),
    options ?? {},
    fn,
    'options',
  );
  const scheme = resolveScheme(options?.scheme, fn);
  const scale = o.scale ?? 'estimated';
  const { tallies } = readPoints(fn, result);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const skipped: number[] = [];
  for (let i = 0; i < tallies.length; i++) {
    const t = tallies[i];
    const v = t === undefined ? null : periodVariance(t, scheme.base);
    const y = t === undefined ? null : npsOfTally(t, scheme.base);
    if (v === null || y === null) {
      skipped.push(i);
      continue;
    }
    xs.push(i);
    ys.push(y);
    ws.push(1 / (10_000 * v));
  }
  const k = xs.length;
  const need = scale === 'known' ? 2 : 3;
  if (k < need) {
    throw new NpsInputError({
      code: 'too_few_rows',
      message: `${fn}: needs at least ${String(need)} periods with respondents in the base, received ${String(k)}`,
      path: ['points'],
      received: k,
    });
  }
  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (let i = 0; i < k; i++) {
    const w = ws[i] as number;
    sw += w;
    swx += w * (xs[i] as number);
    swy += w * (ys[i] as number);
  }
  const xbar = swx / sw;
  const ybar = swy / sw;
  const { sxx, sxy } = weightedCrossMoments(ws, xs, xbar, ys, ybar, k);
  const slope = sxy / sxx;
  const intercept = ybar - slope * xbar;
  if (scale === 'known') {
    const se = Math.sqrt(1 / sxx);
    const statistic = slope / se;
    const pValue = Math.min(1, 2 * normalSf(Math.abs(statistic)));
    return { slope, se, statistic, df: null, pValue, intercept, periods: k, skipped, scale };
  }
  let rss = 0;
  for (let i = 0; i < k; i++) {
    const r = (ys[i] as number) - intercept - slope * (xs[i] as number);
    rss += (ws[i] as number) * r * r;
  }
  const df = k - 2;
  const se = Math.sqrt(rss / df / sxx);
  const statistic = se > 0 ? slope / se : slope === 0 ? 0 : slope > 0 ? Infinity : -Infinity;
  const pValue = Number.isFinite(statistic) ? studentTTwoSided(statistic, df) : 0;
  return { slope, se, statistic, df, pValue, intercept, periods: k, skipped, scale };
}
