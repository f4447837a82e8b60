import * as z from 'zod/mini';
import { answerVariance, baseCount } from '../core/variance.ts';
import {
  binomialCdf,
  differenceDistributions,
  type InterpolatedQuantile,
  interpolatedQuantile,
} from '../kernels/discrete.ts';
import { normalQuantile } from '../kernels/normal.ts';
import { weightSums } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { levelDepth, rollupNodes } from './_levelUnits.ts';
import type { RollupResult } from './rollup.ts';

/** Options of {@link funnel}. */
export interface FunnelOptions {
  /** A level name or depth; default: the deepest level. */
  readonly level?: string | number | undefined;
  /** Two-sided coverage of the inner and outer limits (default `[0.95, 0.998]`). */
  readonly coverage?: readonly [number, number] | undefined;
}

/** One unit on a funnel plot. NPS figures on −100..100. */
export interface FunnelUnit {
  /** The unit's id. */
  readonly id: string;
  /** Respondents in the base (unweighted count). */
  readonly baseN: number;
  /**
   * The base size the limits are computed at (the funnel's x axis): `baseN` without weights,
   * the Kish effective size (Σw)² / Σw² of the base with weights.
   */
  readonly effectiveN: number;
  /** The unit's NPS (weighted when the responses carried weights). */
  readonly nps: number;
  /** Inner control limits at this base size. */
  readonly inner: readonly [low: number, high: number];
  /** Outer control limits at this base size. */
  readonly outer: readonly [low: number, high: number];
  /**
   * How the limits were computed: `'exact'` (the exact distribution of the unit's NPS at the
   * target, with Spiegelhalter's interpolation) or `'normal'` (the normal approximation, used
   * under base `'all'` above 10 000 answers).
   */
  readonly method: 'exact' | 'normal';
  /** Where the unit falls: beyond the outer limits, between inner and outer, or within. */
  readonly position: 'above-outer' | 'above-inner' | 'within' | 'below-inner' | 'below-outer';
}

/** The result of {@link funnel}. */
export interface FunnelResult {
  /** The level's depth. */
  readonly depth: number;
  /** The target: the pooled (weighted) NPS of the level's visible units, Σw·y / Σw over their bases. */
  readonly target: number;
  /** Per-response standard deviation of the +1/0/−1 outcome at the target (on −100..100). */
  readonly sd: number;
  /**
   * The distribution of a unit's P − D at the target: `'binomial'` when the base has no
   * passives (base `'promoters-and-detractors'`, or a level without passives), else
   * `'trinomial'`.
   */
  readonly distribution: 'binomial' | 'trinomial';
  /** The coverages of the inner and outer limits. */
  readonly coverage: readonly [number, number];
  /** One entry per visible, non-empty unit. */
  readonly units: readonly FunnelUnit[];
}

const funnelSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<FunnelOptions>()(
    z.strictObject({
      level: z.optional(z.union([z.string(), z.int().check(z.gte(0))])),
      coverage: z.optional(
        z.tuple([z.number().check(z.gt(0), z.lt(1)), z.number().check(z.gt(0), z.lt(1))]),
      ),
    }),
  ),
);

/** Above this base size the trinomial limits use the normal approximation. */
const EXACT_TRINOMIAL_MAX = 10_000;

/** The target's shares of promoters, passives and detractors in the pooled base. */
interface Shares {
  readonly p: number;
  readonly pa: number;
  readonly d: number;
}

/**
 * Limits for one tail probability at one base size, in NPS points (not clipped). With exact
 * limits, `lowCut` and `highCut` decide positions on the counts: a unit is below when
 * P − D < lowCut and above when D − P < highCut (null for the normal approximation).
 */
interface Tail {
  readonly low: number;
  readonly high: number;
  readonly lowCut: number | null;
  readonly highCut: number | null;
}

/** The inner and outer tails at one base size. */
type SizeLimits = readonly [inner: Tail, outer: Tail];

/**
 * Exact binomial limits at base size m: X = promoters ~ B(m, π) with π = p / (p + d), the
 * lower limit Spiegelhalter's interpolated p-quantile of X, the upper one that of
 * D = m − X ~ B(m, 1 − π) mirrored, NPS = 100·(2X − m) / m.
 */
function binomialTail(m: number, pi: number, tail: number): Tail {
  const low = interpolatedQuantile((k) => binomialCdf(k, m, pi), 0, m, tail);
  const high = interpolatedQuantile((k) => binomialCdf(k, m, 1 - pi), 0, m, tail);
  return {
    low: (100 * (2 * low.limit - m)) / m,
    high: (100 * (m - 2 * high.limit)) / m,
    lowCut: 2 * low.r - m,
    highCut: 2 * high.r - m,
  };
}

/** Normal-approximation limits θ₀ ± z·σ₀/√m (NPS points). */
function normalTail(m: number, target: number, sd: number, tail: number): Tail {
  const half = (-normalQuantile(tail) * sd) / Math.sqrt(m);
  return { low: target - half, high: target + half, lowCut: null, highCut: null };
}

/** Exact trinomial limits from the distribution of S = P − D (pmf[offset + s], window lo..hi). */
function trinomialTail(
  m: number,
  pmf: Float64Array,
  offset: number,
  lo: number,
  hi: number,
  tail: number,
): Tail {
  // left[i] = P(S ≤ lo − offset + i), right[i] = P(S ≥ hi − offset − i): both tails summed from
  // their own end, so neither loses digits to 1 − F.
  const width = hi - lo + 1;
  const left = new Float64Array(width);
  const right = new Float64Array(width);
  let acc = 0;
  for (let i = 0; i < width; i++) left[i] = acc += pmf[lo + i] ?? 0;
  acc = 0;
  for (let i = 0; i < width; i++) right[i] = acc += pmf[hi - i] ?? 0;
  const sLo = lo - offset;
  const sHi = hi - offset;
  const cdfOf =
    (sums: Float64Array, from: number) =>
    (k: number): number =>
      k < from ? 0 : (sums[Math.min(k - from, width - 1)] ?? 0);
  // S ≤ k, k from sLo; −S ≤ k, k from −sHi.
  const low: InterpolatedQuantile = interpolatedQuantile(cdfOf(left, sLo), sLo, sHi, tail);
  const high: InterpolatedQuantile = interpolatedQuantile(cdfOf(right, -sHi), -sHi, -sLo, tail);
  return {
    low: (100 * low.limit) / m,
    high: (-100 * high.limit) / m,
    lowCut: low.r,
    highCut: high.r,
  };
}

/** Limits at every base size in `sizes` (whole numbers ≥ 1) for the inner and outer tails. */
function limitsAt(
  sizes: ReadonlySet<number>,
  s: Shares,
  target: number,
  sd: number,
  tails: readonly [number, number],
): Map<number, SizeLimits> {
  const out = new Map<number, SizeLimits>();
  if (s.pa === 0) {
    const pi = s.p / (s.p + s.d);
    for (const m of sizes)
      out.set(m, [binomialTail(m, pi, tails[0]), binomialTail(m, pi, tails[1])]);
    return out;
  }
  const exact: number[] = [];
  for (const m of sizes) {
    if (m <= EXACT_TRINOMIAL_MAX) exact.push(m);
    else out.set(m, [normalTail(m, target, sd, tails[0]), normalTail(m, target, sd, tails[1])]);
  }
  exact.sort((a, b) => a - b);
  differenceDistributions(exact, s.p, s.pa, s.d, (m, pmf, offset, lo, hi) => {
    out.set(m, [
      trinomialTail(m, pmf, offset, lo, hi, tails[0]),
      trinomialTail(m, pmf, offset, lo, hi, tails[1]),
    ]);
  });
  return out;
}

/** A unit as read from the rollup. */
interface UnitData {
  readonly id: string;
  readonly baseN: number;
  readonly effectiveN: number;
  readonly nps: number;
  /** P − D (counts), or null with weights. */
  readonly difference: number | null;
}

const clip = (x: number): number => Math.max(-100, Math.min(100, x));

/** Limits at a real effective size: linear in m between the whole sizes around it. */
function interpolateSizes(a: Tail, b: Tail, t: number): Tail {
  return {
    low: (1 - t) * a.low + t * b.low,
    high: (1 - t) * a.high + t * b.high,
    lowCut: null,
    highCut: null,
  };
}

type Side = -1 | 0 | 1;

/** Whether a unit is below (−1), within (0) or above (+1) one pair of limits. */
function sideOf(u: UnitData, t: Tail): Side {
  if (u.difference !== null && t.lowCut !== null && t.highCut !== null) {
    if (u.difference < t.lowCut) return -1;
    return -u.difference < t.highCut ? 1 : 0;
  }
  if (u.nps < t.low) return -1;
  return u.nps > t.high ? 1 : 0;
}

function positionOf(inner: Side, outer: Side): FunnelUnit['position'] {
  if (outer === 1) return 'above-outer';
  if (outer === -1) return 'below-outer';
  if (inner === 1) return 'above-inner';
  return inner === -1 ? 'below-inner' : 'within';
}

/**
 * Funnel-plot control limits for the units of one level (D. J. Spiegelhalter (2005), "Funnel
 * plots for comparing institutional performance", Statistics in Medicine 24, 1185–1202), with
 * exact limits. The target θ₀ is the pooled NPS of the level's visible units (weighted:
 * Σw·y / Σw over their bases, y = +1 / 0 / −1), with shares p₀, pa₀, d₀ of promoters, passives
 * and detractors in the pooled base. A unit's P − D at base size m is, at the target:
 * - passive-excluded base (the ten-point scheme): 2X − m with X ~ Binomial(m, π₀),
 *   π₀ = p₀ / (p₀ + d₀), so NPS = 100·(2X/m − 1);
 * - base `'all'` (the classic scheme): the sum of m independent +1 / 0 / −1 answers
 *   (trinomial), its exact distribution by convolution; binomial again when the level has no
 *   passives. Above 10 000 answers the normal approximation θ₀ ± z·σ₀/√m is used instead
 *   (σ₀² = p₀ + d₀ − (p₀ − d₀)², z the normal quantile; `method: 'normal'`).
 *
 * Each lower limit is Spiegelhalter's interpolated quantile (appendix A.1.1) of the tail
 * probability α/2 = (1 − coverage)/2: r = min{k : F(k) ≥ α/2}, limit (r − a) with
 * a = (F(r) − α/2)/(F(r) − F(r − 1)), on the lattice of P − D (of X under the binomial). Each
 * upper limit is the same construction applied to D − P (to the detractor count), mirrored.
 * The interpolation gives smooth limits, and a unit is beyond a limit exactly when its one-sided
 * exact tail probability is below α/2, so the false-alarm rate never exceeds the nominal one
 * (with few answers it is lower: the data are discrete). Applying the formula to the upper
 * quantile of the promoter count instead would flag, at m = 5 and π₀ = 0.8, the 5-of-5 unit
 * that occurs with probability 0.33. Limits are clipped to ±100.
 *
 * With weights the distribution of a unit's weighted NPS is not binomial; its limits are the
 * exact ones at the Kish effective size n_eff = (Σw)²/Σw² of its base (linear between the
 * whole sizes around it), the size of an unweighted sample with the same variance at the
 * target (σ₀²/n_eff; L. Kish (1965), "Survey Sampling", §11.7): an approximation, and the
 * positions compare the weighted NPS with those limits. No over-dispersion adjustment is
 * applied; use {@link shrinkage} for estimates that allow for it. Methods and measured
 * false-alarm rates: docs/hierarchy.md.
 *
 * @param result - A {@link RollupResult}.
 * @param options - `level`, `coverage`.
 * @returns The target, σ₀ and per-unit limits and positions.
 * @throws {@link NpsInputError} `invalid_level`, `invalid_option`, `invalid_input`.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const rows = [10, 10, 10, 1].map((score) => ({ nodeId: 'a', score }))
 *   .concat([1, 1, 1, 10].map((score) => ({ nodeId: 'b', score })));
 * const f = funnel(rollup(h, rows));
 * f.target; //=> 0
 * f.distribution; //=> 'binomial'
 * // X ~ B(4, 0.5): P(X ≤ 0) = 0.0625 ≥ 0.025, so r = 0, a = (0.0625 − 0.025)/0.0625 = 0.6 and
 * // the 95% lower limit is 100·(2·(0 − 0.6)/4 − 1) = −130, clipped to −100
 * f.units[0]?.inner; //=> [-100, 100]
 * f.units.map((u) => u.position); //=> ['within', 'within']
 * ```
 */
export function funnel(result: RollupResult, options?: FunnelOptions): FunnelResult {
  const fn = 'funnel';
  parseWith(funnelSchema(), options ?? {}, fn, 'options');
  const nodes = rollupNodes(fn, result);
  const depth = levelDepth(fn, result, options?.level);
  const coverage = options?.coverage ?? [0.95, 0.998];
  const all = result.base === 'all';
  const base = all ? 'all' : 'promoters-and-detractors';
  const units: UnitData[] = [];
  let wp = 0;
  let wpa = 0;
  let wd = 0;
  for (const n of nodes) {
    if (n.depth !== depth || n.total === null || n.nps === null) continue;
    const w = weightSums(n.total);
    const pa = all ? w.passives : 0;
    const sum = w.promoters + pa + w.detractors;
    const sq = w.promotersSquared + (all ? w.passivesSquared : 0) + w.detractorsSquared;
    if (!(sum > 0)) continue;
    wp += w.promoters;
    wpa += pa;
    wd += w.detractors;
    const weighted = n.total.weights !== undefined;
    units.push({
      id: n.id,
      baseN: baseCount(n.total, base),
      effectiveN: weighted ? sum * (sum / sq) : baseCount(n.total, base),
      nps: n.nps,
      difference: weighted ? null : n.total.promoters - n.total.detractors,
    });
  }
  const sum = wp + wpa + wd;
  const shares: Shares =
    sum > 0 ? { p: wp / sum, pa: wpa / sum, d: wd / sum } : { p: 0, pa: 1, d: 0 };
  const target = sum > 0 ? (100 * (wp - wd)) / sum : 0;
  const sd = 100 * Math.sqrt(answerVariance(shares.p, shares.d));
  const sizes = new Set<number>();
  for (const u of units) {
    sizes.add(Math.max(1, Math.floor(u.effectiveN)));
    sizes.add(Math.max(1, Math.ceil(u.effectiveN)));
  }
  const tails = [(1 - coverage[0]) / 2, (1 - coverage[1]) / 2] as const;
  const table = limitsAt(sizes, shares, target, sd, tails);
  const distribution = shares.pa === 0 ? 'binomial' : 'trinomial';
  return {
    depth,
    target,
    sd,
    distribution,
    coverage,
    units: units.map((u) => {
      const f = Math.max(1, Math.floor(u.effectiveN));
      const c = Math.max(1, Math.ceil(u.effectiveN));
      const [fi, fo] = table.get(f) as SizeLimits;
      const [ci, co] = table.get(c) as SizeLimits;
      const t = c > f ? u.effectiveN - f : 0;
      const inner = c > f ? interpolateSizes(fi, ci, t) : fi;
      const outer = c > f ? interpolateSizes(fo, co, t) : fo;
      return {
        id: u.id,
        baseN: u.baseN,
        effectiveN: u.effectiveN,
        nps: u.nps,
        inner: [clip(inner.low), clip(inner.high)] as const,
        outer: [clip(outer.low), clip(outer.high)] as const,
        method: distribution === 'trinomial' && c > EXACT_TRINOMIAL_MAX ? 'normal' : 'exact',
        position: positionOf(sideOf(u, inner), sideOf(u, outer)),
      };
    }),
  };
}
