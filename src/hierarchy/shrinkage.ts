import * as z from 'zod/mini';
import { effectiveCounts } from '../core/npsInterval.ts';
import type { Tally } from '../core/tally.ts';
import { answerVariance } from '../core/variance.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { levelDepth, rollupNodes } from './_levelUnits.ts';
import type { RollupResult } from './rollup.ts';

/** Options of {@link shrinkage} and {@link rank}: the level to work on. */
export interface LevelOptions {
  /** A level name (e.g. `'store'`) or a depth (0 = root). Default: the deepest level. */
  readonly level?: string | number | undefined;
}

/**
 * How {@link shrinkage} estimates the between-unit variance τ²:
 * - `'DL'`: DerSimonian and Laird's method of moments (1986), closed form;
 * - `'REML'`: restricted maximum likelihood by Fisher scoring (Viechtbauer 2005).
 */
export type ShrinkageMethod = 'DL' | 'REML';

/** Options of {@link shrinkage}. */
export interface ShrinkageOptions extends LevelOptions {
  /** The estimator of τ²: `'DL'` (default) or `'REML'` (see {@link ShrinkageMethod}). */
  readonly method?: ShrinkageMethod | undefined;
}

/** Empirical-Bayes estimate of one unit. NPS figures on −100..100. */
export interface ShrunkEstimate {
  /** The unit's id. */
  readonly id: string;
  /** Its observed NPS. */
  readonly nps: number;
  /**
   * The mean it is shrunk toward: the estimated mean NPS of the units under its parent, weighted
   * by 1 / (vᵢ + τ²) (the fitted value of the model; the parent's own responses do not enter it).
   * Equal to `nps` for an only child.
   */
  readonly prior: number;
  /** The shrunk (posterior mean, BLUP) NPS. */
  readonly shrunk: number;
  /** The weight on the unit's own data, τ² / (τ² + vᵢ), in [0, 1]. */
  readonly reliability: number;
  /** Respondents in the unit's base (Kish effective size when weighted). */
  readonly baseN: number;
}

/** The result of {@link shrinkage}. */
export interface ShrinkageResult {
  /** The level's depth. */
  readonly depth: number;
  /** The estimator of τ² used. */
  readonly method: ShrinkageMethod;
  /**
   * Estimated between-unit variance τ² of the true NPS of units under the same parent, in NPS
   * points squared; 0 when `df` is 0 (no two units share a parent: nothing to estimate it from).
   */
  readonly tau2: number;
  /**
   * Cochran's Q of the residual heterogeneity: Σ wᵢ (xᵢ − x̄_parent)² with wᵢ = 1/vᵢ and x̄_parent
   * the 1/vᵢ-weighted mean of the units under the same parent (metafor's `QE`). Under no
   * heterogeneity it follows a χ² on `df` degrees of freedom.
   */
  readonly q: number;
  /** Degrees of freedom of `q`: units minus parents (k − G); an only child adds nothing. */
  readonly df: number;
  /** Fisher-scoring iterations (REML); 0 for DL. */
  readonly iterations: number;
  /**
   * Whether REML converged (a change of τ² of at most 1e-10 within 100 iterations); always
   * `true` for DL. When `false`, `tau2` and the estimates are those of the last iteration.
   */
  readonly converged: boolean;
  /** One estimate per visible, non-empty unit of the level. */
  readonly units: readonly ShrunkEstimate[];
}

const levelField = () => z.optional(z.union([z.string(), z.int().check(z.gte(0))]));

const shrinkageSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<ShrinkageOptions>()(
    z.strictObject({ level: levelField(), method: z.optional(z.enum(['DL', 'REML'])) }),
  ),
);

/** Base size m and per-response variance of a tally (on the −1..1 scale). */
function moments(t: Tally, all: boolean): { m: number; mean: number; s2: number } | null {
  const c = effectiveCounts(t, all ? 'all' : 'promoters-and-detractors');
  const m = all ? c.p + c.pa + c.d : c.p + c.d;
  if (m <= 0) return null;
  const p = c.p / m;
  const d = c.d / m;
  return { m, mean: p - d, s2: answerVariance(p, d) };
}

/**
 * Empirical-Bayes shrinkage of the units of one level toward the mean of the units under the
 * same parent, so a store with 4 answers does not top the league.
 *
 * Model (a random-effects meta-regression with the parent as a factor): unit i under parent g
 * has true NPS θᵢ ~ N(μ_g, τ²), one τ² for the level; its observed NPS xᵢ ~ N(θᵢ, vᵢ) with
 * vᵢ = σ²_g / mᵢ, the parent's per-response variance of the +1/0/−1 outcome over the unit's base
 * size mᵢ (stable for tiny units, and independent of the unit's own answers).
 *
 * τ² by `method`:
 * - `'DL'` (default): DerSimonian and Laird (1986), "Meta-analysis in clinical trials",
 *   Controlled Clinical Trials 7, 177–188, with the parent as moderator: wᵢ = 1/vᵢ,
 *   Q = Σ wᵢ(xᵢ − x̄_g)² with x̄_g the wᵢ-weighted mean under parent g, G parents with units,
 *   τ² = max(0, (Q − (k − G)) / (Σwᵢ − Σ_g Σ_{i∈g} wᵢ² / Σ_{i∈g} wᵢ)). The parent's NPS is not
 *   treated as known (it is estimated from its children), and an only child adds nothing to Q,
 *   to the denominator or to k − G: it carries no information on τ².
 * - `'REML'`: restricted maximum likelihood (Viechtbauer 2005, "Bias and efficiency of
 *   meta-analytic variance estimators in the random-effects model", J. Educ. Behav. Stat. 30,
 *   261–293) by Fisher scoring as metafor's `rma()` does it: start from max(0, Hedges'
 *   estimate), step τ² += (y′PPy − tr P) / tr(PP), halving steps that would make it negative,
 *   until a step is at most 1e-10 NPS points² (at most 100 iterations; `converged` says whether
 *   it got there), then metafor's check that τ² = 0 does not have a higher likelihood.
 *
 * DL is the default: closed form, it cannot fail to converge, and in the simulation of the
 * tests (true τ² = 225) it was as nearly unbiased as REML (means 222.9 and 223.0).
 *
 * The estimate is the best linear unbiased predictor under the fitted τ²:
 * θ̂ᵢ = Bᵢ xᵢ + (1 − Bᵢ) μ̂_g with Bᵢ = τ² / (τ² + vᵢ) and μ̂_g = Σ xᵢ/(vᵢ + τ²) / Σ 1/(vᵢ + τ²)
 * over the units under g (Morris 1983, "Parametric empirical Bayes inference: theory and
 * applications", JASA 78, 47–55). This is metafor's
 * `blup(rma(yi, vi, mods = ~ factor(parent), method = 'DL'))` (Viechtbauer 2010, "Conducting
 * meta-analyses in R with the metafor package", J. Stat. Softw. 36(3)); τ², Q and the estimates
 * agree with metafor 3.8.1 to 1e-9 (test/hierarchy/shrinkage.test.ts). Suppressed and empty
 * units and units whose parent is suppressed are left out; responses given at the parent itself
 * enter σ²_g but not μ̂_g.
 *
 * @param result - A {@link RollupResult}.
 * @param options - `level`: name or depth (default: the deepest); `method`: `'DL'` (default) or
 *   `'REML'`.
 * @returns τ² with its method, Q and df, and one {@link ShrunkEstimate} per unit.
 * @throws {@link NpsInputError} `invalid_level` for an unknown level, `invalid_option` for an
 *   unknown method or option, `invalid_input` for something that is not a rollup result.
 * @example
 * ```ts
 * // Two stores of one region, classic scheme: a 55 P / 20 Pa / 25 D (NPS 30), b 47 / 20 / 33 (14).
 * const h = buildHierarchy([
 *   { id: 'r', parentId: null }, { id: 'a', parentId: 'r' }, { id: 'b', parentId: 'r' },
 * ]);
 * const r = rollup(h, [
 *   { nodeId: 'a', tally: { promoters: 55, passives: 20, detractors: 25 } },
 *   { nodeId: 'b', tally: { promoters: 47, passives: 20, detractors: 33 } },
 * ], { scheme: classicScheme });
 * const s = shrinkage(r);
 * [s.method, s.df, Math.round(s.tau2 * 100) / 100]; //=> ['DL', 1, 52.84]
 * s.units.map((u) => Math.round(u.shrunk * 100) / 100); //=> [25.3, 18.7]
 * // REML (with two units under one parent it equals DL):
 * const reml = shrinkage(r, { method: 'REML' });
 * [reml.converged, Math.round(reml.tau2 * 100) / 100]; //=> [true, 52.84]
 * ```
 */
export function shrinkage(result: RollupResult, options?: ShrinkageOptions): ShrinkageResult {
  const o = parseWith(shrinkageSchema(), options ?? {}, 'shrinkage', 'options');
  const depth = levelDepth('shrinkage', result, o.level);
  const method = o.method ?? 'DL';
  return shrinkLevels(result, depth, method).get(depth) ?? emptyLevel(depth, method);
}

/** The result for a level without units. */
function emptyLevel(depth: number, method: ShrinkageMethod): ShrinkageResult {
  return { depth, method, tau2: 0, q: 0, df: 0, iterations: 0, converged: true, units: [] };
}

/** One unit's figures before shrinking (NPS points). */
interface Item extends FitUnit {
  readonly id: string;
  readonly m: number;
}

/**
 * @internal {@link shrinkage} of every level at once (or of `only` that depth), in one pass over
 * the nodes: a deep hierarchy (a chain of 100,000 nodes) costs O(nodes), not O(nodes × depth).
 * The caller has checked `result` with `rollupNodes`.
 */
export function shrinkLevels(
  result: RollupResult,
  only?: number,
  method: ShrinkageMethod = 'DL',
): Map<number, ShrinkageResult> {
  const all = result.base === 'all';
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const byDepth = new Map<number, Item[]>();
  for (const n of result.nodes) {
    if ((only !== undefined && n.depth !== only) || n.total === null || n.parentId === null)
      continue;
    const parent = byId.get(n.parentId);
    if (parent?.total == null) continue;
    const own = moments(n.total, all);
    const par = moments(parent.total, all);
    if (own === null || par === null) continue;
    let items = byDepth.get(n.depth);
    if (items === undefined) {
      items = [];
      byDepth.set(n.depth, items);
    }
    // The rollup's own NPS figure, so `nps` agrees with it.
    items.push({
      id: n.id,
      group: n.parentId,
      x: n.nps ?? 100 * own.mean,
      v: (1e4 * Math.max(par.s2, 1e-12)) / own.m,
      m: own.m,
    });
  }
  const out = new Map<number, ShrinkageResult>();
  for (const [depth, items] of byDepth) {
    const fit = fitRandomEffects(items, method);
    out.set(depth, {
      depth,
      method,
      tau2: fit.tau2,
      q: fit.q,
      df: fit.df,
      iterations: fit.iterations,
      converged: fit.converged,
      units: items.map((it, i) => ({
        id: it.id,
        nps: it.x,
        prior: fit.prior[i] ?? it.x,
        shrunk: fit.shrunk[i] ?? it.x,
        reliability: fit.reliability[i] ?? 0,
        baseN: it.m,
      })),
    });
  }
  return out;
}

/** @internal One unit of a random-effects fit: estimate `x`, sampling variance `v` (> 0), group. */
export interface FitUnit {
  readonly x: number;
  readonly v: number;
  readonly group: string;
}

/** @internal A fitted random-effects model with a group factor, and its BLUPs per unit. */
export interface RandomEffectsFit {
  readonly tau2: number;
  readonly q: number;
  readonly df: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Per unit: the fitted group mean μ̂_g, the BLUP and Bᵢ = τ² / (τ² + vᵢ). */
  readonly prior: Float64Array;
  readonly shrunk: Float64Array;
  readonly reliability: Float64Array;
}

/** REML stops when a Fisher-scoring step moves τ² by at most this (in the units of x squared). */
const REML_THRESHOLD = 1e-10;
/** REML gives up after this many steps (metafor's default `maxiter`). */
const REML_MAX_ITERATIONS = 100;
/** metafor's `tol` (.Machine$double.eps^0.25) for preferring τ² = 0 by its REML likelihood. */
const LL0_TOLERANCE = 2 ** -13;

/**
 * @internal The random-effects model xᵢ ~ N(μ_g, τ² + vᵢ) with one mean per group, τ² by DL or
 * REML (see {@link shrinkage}; metafor's `rma(x, v, mods = ~ factor(group))`), and the BLUP of
 * each unit. Groups of one unit take no part in estimating τ² (their residual is 0 and their
 * REML likelihood term is constant); their BLUP is their own x.
 */
export function fitRandomEffects(
  units: readonly FitUnit[],
  method: ShrinkageMethod,
  maxIterations: number = REML_MAX_ITERATIONS,
): RandomEffectsFit {
  if (units.length === 1) {
    // One unit (every level of a chain): nothing to estimate, its BLUP is its own value.
    const u = units[0] as FitUnit;
    const one = (value: number) => Float64Array.of(value);
    return {
      tau2: 0,
      q: 0,
      df: 0,
      iterations: 0,
      converged: true,
      prior: one(u.x),
      shrunk: one(u.x),
      reliability: one(0),
    };
  }
  const byGroup = new Map<string, number[]>();
  units.forEach((u, i) => {
    const g = byGroup.get(u.group);
    if (g === undefined) byGroup.set(u.group, [i]);
    else g.push(i);
  });
  const groups: number[][] = [];
  let df = 0;
  for (const g of byGroup.values()) {
    if (g.length < 2) continue;
    groups.push(g);
    df += g.length - 1;
  }
  const x = (i: number): number => (units[i] as FitUnit).x;
  const v = (i: number): number => (units[i] as FitUnit).v;

  // Cochran's Q of the residuals and the DL denominator tr(P) at τ² = 0.
  const fixed = weightedSums(groups, x, v, 0);
  const q = fixed.rss;
  let tau2 = df > 0 ? Math.max(0, (q - df) / fixed.trP) : 0;
  let iterations = 0;
  let converged = true;
  if (method === 'REML' && df > 0) {
    ({ tau2, iterations, converged } = reml(groups, x, v, df, maxIterations));
  }

  const prior = new Float64Array(units.length);
  const shrunk = new Float64Array(units.length);
  const reliability = new Float64Array(units.length);
  // Only children: the fitted mean of their group is their own value.
  units.forEach((u, i) => {
    prior[i] = u.x;
    shrunk[i] = u.x;
    reliability[i] = u.v > 0 || tau2 > 0 ? tau2 / (tau2 + u.v) : 0;
  });
  const { means } = weightedSums(groups, x, v, tau2);
  groups.forEach((g, j) => {
    const mu = means[j] as number;
    for (const i of g) {
      const b = reliability[i] as number;
      prior[i] = mu;
      shrunk[i] = b === 1 ? x(i) : b === 0 ? mu : b * x(i) + (1 - b) * mu;
    }
  });
  return { tau2, q, df, iterations, converged, prior, shrunk, reliability };
}

/**
 * Sums over the groups at τ² of the weights wᵢ = 1/(vᵢ + τ²) that DL and REML need, with P the
 * residual projection W − WX(X′WX)⁻¹X′W of the group factor (block g: diag(w) − w w′ / Σw):
 * rss = y′Py, trP, trPP = tr(PP), yPPy = y′PPy, Σ log Σ_{i∈g} wᵢ (log det X′WX), Σ log(vᵢ + τ²),
 * and each group's wᵢ-weighted mean.
 */
function weightedSums(
  groups: readonly (readonly number[])[],
  x: (i: number) => number,
  v: (i: number) => number,
  tau2: number,
): {
  rss: number;
  trP: number;
  trPP: number;
  yPPy: number;
  logDet: number;
  logV: number;
  means: number[];
} {
  const means: number[] = [];
  let rss = 0;
  let trP = 0;
  let trPP = 0;
  let yPPy = 0;
  let logDet = 0;
  let logV = 0;
  for (const g of groups) {
    let s = 0;
    let sx = 0;
    let s2 = 0;
    let s3 = 0;
    for (const i of g) {
      const w = 1 / (v(i) + tau2);
      s += w;
      sx += w * x(i);
      s2 += w * w;
      s3 += w * w * w;
      logV += Math.log(v(i) + tau2);
    }
    const mu = sx / s;
    means.push(mu);
    for (const i of g) {
      const w = 1 / (v(i) + tau2);
      const r = x(i) - mu;
      rss += w * r * r;
      yPPy += w * w * r * r;
    }
    trP += s - s2 / s;
    trPP += s2 - (2 * s3) / s + (s2 / s) * (s2 / s);
    logDet += Math.log(s);
  }
  return { rss, trP, trPP, yPPy, logDet, logV, means };
}

/** The REML log-likelihood of τ², up to a constant. */
function remlLogLik(sums: { rss: number; logDet: number; logV: number }): number {
  return -0.5 * (sums.logV + sums.logDet + sums.rss);
}

/** REML τ² by Fisher scoring, as metafor's `rma.uni` (see {@link shrinkage}). */
function reml(
  groups: readonly (readonly number[])[],
  x: (i: number) => number,
  v: (i: number) => number,
  df: number,
  maxIterations: number,
): { tau2: number; iterations: number; converged: boolean } {
  // Start: Hedges' estimator max(0, (Σ (xᵢ − x̄_g)² − Σ vᵢ (1 − 1/n_g)) / (k − G)).
  let rss = 0;
  let trPV = 0;
  for (const g of groups) {
    let mean = 0;
    for (const i of g) mean += x(i);
    mean /= g.length;
    for (const i of g) {
      rss += (x(i) - mean) ** 2;
      trPV += v(i) * (1 - 1 / g.length);
    }
  }
  let tau2 = Math.max(0, (rss - trPV) / df);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const s = weightedSums(groups, x, v, tau2);
    let step = (s.yPPy - s.trP) / s.trPP;
    if (!Number.isFinite(step)) step = 0;
    if (tau2 + step < 0) {
      if (tau2 === 0) step = 0;
      else while (tau2 + step < 0) step /= 2;
    }
    tau2 += step;
    if (Math.abs(step) <= REML_THRESHOLD) {
      converged = true;
      break;
    }
  }
  if (converged && tau2 > REML_THRESHOLD) {
    const at0 = remlLogLik(weightedSums(groups, x, v, 0));
    if (at0 - remlLogLik(weightedSums(groups, x, v, tau2)) > LL0_TOLERANCE) tau2 = 0;
  }
  return { tau2, iterations, converged };
}

/** Options of {@link rank}. */
export interface RankOptions extends LevelOptions {
  /** What to rank by: raw `'nps'`, `'shrunk'` (default: {@link shrinkage} with DL) or `'lowerBound'` (the interval's low). */
  readonly by?: 'nps' | 'shrunk' | 'lowerBound' | undefined;
}

/** One place in a league table. */
export interface RankedUnit {
  /** The unit's id. */
  readonly id: string;
  /** 1 for the best; ties share the smallest rank. */
  readonly rank: number;
  /** The value ranked on (NPS points). */
  readonly value: number;
}

const rankSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<RankOptions>()(
    z.strictObject({
      level: levelField(),
      by: z.optional(z.enum(['nps', 'shrunk', 'lowerBound'])),
    }),
  ),
);

/**
 * A league table of the units of one level, best first, ranked by raw NPS, by the shrunk
 * estimate of {@link shrinkage} (default) or by the lower confidence limit, so that small units
 * with lucky answers do not top it. Suppressed and empty units are left out.
 *
 * @param result - A {@link RollupResult}.
 * @param options - `level` (default the deepest) and `by`.
 * @returns Ranked units, best first.
 * @throws {@link NpsInputError} `invalid_level`, `invalid_option`.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const r = rollup(h, [{ nodeId: 'a', score: 10 }, { nodeId: 'b', score: 2 }, { nodeId: 'b', score: 9 }]);
 * rank(r, { by: 'nps' }).map((u) => u.id); //=> ['a', 'b']
 * ```
 */
export function rank(result: RollupResult, options?: RankOptions): RankedUnit[] {
  const o = parseWith(rankSchema(), options ?? {}, 'rank', 'options');
  rollupNodes('rank', result);
  const by = o.by ?? 'shrunk';
  let values: { id: string; value: number }[];
  if (by === 'shrunk') {
    values = shrinkage(result, { level: o.level }).units.map((u) => ({
      id: u.id,
      value: u.shrunk,
    }));
  } else {
    const depth = levelDepth('rank', result, o.level);
    values = [];
    for (const n of result.nodes) {
      const v = by === 'nps' ? n.nps : n.low;
      if (n.depth === depth && v !== null) values.push({ id: n.id, value: v });
    }
  }
  values.sort((a, b) => b.value - a.value);
  const out: RankedUnit[] = [];
  values.forEach((v, i) => {
    const prev = out[i - 1];
    out.push({
      id: v.id,
      value: v.value,
      rank: prev?.value === v.value ? prev.rank : i + 1,
    });
  });
  return out;
}
