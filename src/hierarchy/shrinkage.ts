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

/** Empirical-Bayes estimate of one unit. NPS figures on −100..100. */
export interface ShrunkEstimate {
  /** The unit's id. */
  readonly id: string;
  /** Its observed NPS. */
  readonly nps: number;
  /** The prior mean: its parent's pooled NPS. */
  readonly prior: number;
  /** The shrunk (posterior mean) NPS. */
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
  /** Estimated between-unit variance τ² of the NPS, in NPS points squared. */
  readonly tau2: number;
  /** One estimate per visible, non-empty unit of the level. */
  readonly units: readonly ShrunkEstimate[];
}

const levelSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<LevelOptions>()(
    z.strictObject({ level: z.optional(z.union([z.string(), z.int().check(z.gte(0))])) }),
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
 * Empirical-Bayes shrinkage of the units of one level toward their parents, so a store with 4
 * answers does not top the league.
 *
 * Model: unit i's true NPS θᵢ ~ N(μ_parent, τ²); its observed NPS xᵢ ~ N(θᵢ, vᵢ) with
 * vᵢ = σ²_parent / mᵢ (the parent's per-response variance of the +1/0/−1 outcome over the
 * unit's base size mᵢ, which is stable for tiny units). τ² is estimated by the method of moments
 * with known centres (DerSimonian and Laird 1986): with wᵢ = 1/vᵢ and Q = Σ wᵢ(xᵢ − μ_parent)²,
 * E[Q] = k + τ² Σwᵢ, so τ² = max(0, (Q − k) / Σwᵢ). The estimate is the posterior mean
 * θ̂ᵢ = Bᵢ xᵢ + (1 − Bᵢ) μ_parent with Bᵢ = τ² / (τ² + vᵢ) (Morris 1983, "Parametric empirical
 * Bayes inference: theory and applications", JASA 78, 47–55). Suppressed and empty units and
 * units whose parent is suppressed are left out.
 *
 * @param result - A {@link RollupResult}.
 * @param options - `level`: name or depth (default: the deepest).
 * @returns τ² and one {@link ShrunkEstimate} per unit.
 * @throws {@link NpsInputError} `invalid_level` for an unknown level, `invalid_input` for
 *   something that is not a rollup result.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const r = rollup(h, [{ nodeId: 'a', score: 10 }, { nodeId: 'b', score: 2 }, { nodeId: 'b', score: 9 }]);
 * const s = shrinkage(r);
 * s.tau2; //=> 0  (the spread is no more than noise)
 * s.units.map((u) => u.shrunk); //=> [33.333333333333336, 33.333333333333336]
 * ```
 */
export function shrinkage(result: RollupResult, options?: LevelOptions): ShrinkageResult {
  const o = parseWith(levelSchema(), options ?? {}, 'shrinkage', 'options');
  const depth = levelDepth('shrinkage', result, o.level);
  return shrinkLevels(result, depth).get(depth) ?? { depth, tau2: 0, units: [] };
}

/** One unit's figures before shrinking (means on the −1..1 scale). */
interface Item {
  readonly id: string;
  readonly x: number;
  readonly mu: number;
  readonly v: number;
  readonly m: number;
  readonly raw: number;
  readonly pri: number;
}

/**
 * @internal {@link shrinkage} of every level at once (or of `only` that depth), in one pass over
 * the nodes: a deep hierarchy (a chain of 100,000 nodes) costs O(nodes), not O(nodes × depth).
 * The caller has checked `result` with `rollupNodes`.
 */
export function shrinkLevels(result: RollupResult, only?: number): Map<number, ShrinkageResult> {
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
    // Means on the −1..1 scale from the rollup's own NPS figures, so `nps` and `prior` agree with it.
    items.push({
      id: n.id,
      x: (n.nps ?? 100 * own.mean) / 100,
      mu: (parent.nps ?? 100 * par.mean) / 100,
      raw: n.nps ?? 100 * own.mean,
      pri: parent.nps ?? 100 * par.mean,
      v: Math.max(par.s2, 1e-12) / own.m,
      m: own.m,
    });
  }
  const out = new Map<number, ShrinkageResult>();
  for (const [depth, items] of byDepth) out.set(depth, shrinkItems(depth, items));
  return out;
}

/** τ² of one level's items (DerSimonian–Laird) and their posterior means. */
function shrinkItems(depth: number, items: readonly Item[]): ShrinkageResult {
  let q = 0;
  let sw = 0;
  for (const it of items) {
    const w = 1 / it.v;
    q += w * (it.x - it.mu) ** 2;
    sw += w;
  }
  const k = items.length;
  const tau2 = k > 0 && sw > 0 ? Math.max(0, (q - k) / sw) : 0;
  const units = items.map((it) => {
    const b = tau2 / (tau2 + it.v);
    return {
      id: it.id,
      nps: it.raw,
      prior: it.pri,
      shrunk: b === 0 ? it.pri : b === 1 ? it.raw : b * it.raw + (1 - b) * it.pri,
      reliability: b,
      baseN: it.m,
    };
  });
  return { depth, tau2: 1e4 * tau2, units };
}

/** Options of {@link rank}. */
export interface RankOptions extends LevelOptions {
  /** What to rank by: raw `'nps'`, `'shrunk'` (default, see {@link shrinkage}) or `'lowerBound'` (the interval's low). */
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
      level: z.optional(z.union([z.string(), z.int().check(z.gte(0))])),
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
