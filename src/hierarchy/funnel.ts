import * as z from 'zod/mini';
import { effectiveCounts } from '../core/npsInterval.ts';
import { normalQuantile } from '../kernels/normal.ts';
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
  /** Respondents in the base (the funnel's x axis). */
  readonly baseN: number;
  /** The unit's NPS. */
  readonly nps: number;
  /** Inner control limits at this base size. */
  readonly inner: readonly [low: number, high: number];
  /** Outer control limits at this base size. */
  readonly outer: readonly [low: number, high: number];
  /** Where the unit falls: beyond the outer limits, between inner and outer, or within. */
  readonly position: 'above-outer' | 'above-inner' | 'within' | 'below-inner' | 'below-outer';
}

/** The result of {@link funnel}. */
export interface FunnelResult {
  /** The level's depth. */
  readonly depth: number;
  /** The target: the pooled NPS of all the level's units. */
  readonly target: number;
  /** Per-response standard deviation of the +1/0/−1 outcome at the target (on −100..100). */
  readonly sd: number;
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

/**
 * Funnel-plot control limits for the units of one level (Spiegelhalter 2005, "Funnel plots for
 * comparing institutional performance", Statistics in Medicine 24, 1185–1202): the target θ₀ is
 * the pooled NPS of the level's visible units; at base size m the limits are
 * θ₀ ± z · σ₀ / √m with σ₀² = p₀ + d₀ − (p₀ − d₀)² the per-response variance at the target
 * (shares of promoters and detractors in the pooled base), z the normal quantile of each
 * two-sided coverage (default 95% and 99.8%, the paper's choice), limits clipped to ±100. No
 * over-dispersion adjustment is applied; use {@link shrinkage} for estimates that allow for it.
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
  const units: { id: string; m: number; nps: number }[] = [];
  let sp = 0;
  let sd = 0;
  let sm = 0;
  for (const n of nodes) {
    if (n.depth !== depth || n.total === null || n.nps === null) continue;
    const c = effectiveCounts(n.total, base);
    const m = all ? c.p + c.pa + c.d : c.p + c.d;
    sp += c.p;
    sd += c.d;
    sm += m;
    units.push({ id: n.id, m, nps: n.nps });
  }
  const p0 = sm > 0 ? sp / sm : 0;
  const d0 = sm > 0 ? sd / sm : 0;
  const target = 100 * (p0 - d0);
  const sigma = Math.sqrt(Math.max(0, p0 + d0 - (p0 - d0) ** 2));
  const zi = normalQuantile(0.5 + coverage[0] / 2);
  const zo = normalQuantile(0.5 + coverage[1] / 2);
  const clip = (x: number) => Math.max(-100, Math.min(100, x));
  return {
    depth,
    target,
    sd: 100 * sigma,
    coverage,
    units: units.map((u) => {
      const se = (100 * sigma) / Math.sqrt(u.m);
      const inner = [clip(target - zi * se), clip(target + zi * se)] as const;
      const outer = [clip(target - zo * se), clip(target + zo * se)] as const;
      const position =
        u.nps > outer[1]
          ? 'above-outer'
          : u.nps > inner[1]
            ? 'above-inner'
            : u.nps < outer[0]
              ? 'below-outer'
              : u.nps < inner[0]
                ? 'below-inner'
                : 'within';
      return { id: u.id, baseN: u.m, nps: u.nps, inner, outer, position };
    }),
  };
}
