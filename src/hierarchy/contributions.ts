import * as z from 'zod/mini';
import { weightSums } from '../kernels/tallies.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { rollupNodes } from './_levelUnits.ts';
import type { RollupResult } from './rollup.ts';

/** Options of {@link contributions}. */
export interface ContributionOptions {
  /** A target NPS (−100..100) for the what-if: what the parent would score if the child reached it. */
  readonly target?: number | undefined;
}

/** How much one child moves its parent's NPS. NPS figures on −100..100. */
export interface Contribution {
  /** The child's id. */
  readonly id: string;
  /** The parent's id. */
  readonly parentId: string;
  /** Parent NPS minus the parent's NPS without this child's responses (`null` if either is undefined). */
  readonly contribution: number | null;
  /** The parent's NPS without this child's responses. */
  readonly parentWithout: number | null;
  /** The parent's NPS if this child scored `target` with its base size unchanged (`null` without a target). */
  readonly parentAtTarget: number | null;
}

function npsOf(p: number, pa: number, d: number, all: boolean): number | null {
  const base = all ? p + pa + d : p + d;
  return base > 0 ? (100 * (p - d)) / base : null;
}

const contributionSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<ContributionOptions>()(
    z.strictObject({ target: z.optional(z.number().check(z.gte(-100), z.lte(100))) }),
  ),
);

/**
 * Each child's contribution to its parent's NPS: parent NPS − parent NPS recomputed from pooled
 * counts without the child's subtree, in NPS points (positive: the child lifts its parent). With
 * `target`, also the parent's NPS if the child's own NPS were `target` at the same base size
 * (promoters and detractors re-split so that the child's NPS equals the target; passives kept).
 * Weighted tallies use their weighted sums. Suppressed children and parents get `null` figures,
 * so the what-if cannot reveal hidden counts; so does a child that is not wholly inside its parent
 * (`inParent: false`: under a dated structure replayed per response, a node that moved).
 *
 * @param result - A {@link RollupResult}.
 * @param options - `target` NPS for the what-if.
 * @returns One {@link Contribution} per non-root node, in the result's order.
 * @throws {@link NpsInputError} `invalid_option` for a target outside −100..100; `invalid_input`
 *   for something that is not a rollup result.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const r = rollup(h, [{ nodeId: 'a', score: 10 }, { nodeId: 'b', score: 2 }, { nodeId: 'b', score: 9 }]);
 * contributions(r, { target: 100 }).map((c) => [c.id, c.contribution, c.parentAtTarget]);
 * //=> [['a', 33.333333333333336, 33.333333333333336], ['b', -66.66666666666666, 100]]
 * ```
 */
export function contributions(result: RollupResult, options?: ContributionOptions): Contribution[] {
  parseWith(contributionSchema(), options ?? {}, 'contributions', 'options');
  const target: number | undefined = options?.target;
  const nodes = rollupNodes('contributions', result);
  const all = result.base === 'all';
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: Contribution[] = [];
  for (const n of nodes) {
    if (n.parentId === null) continue;
    const parent = byId.get(n.parentId);
    const pt = parent?.total ?? null;
    const ct = n.total;
    // A moved node (dated structure replayed per response) is not wholly inside its parent.
    if (pt === null || ct === null || parent === undefined || !n.inParent) {
      out.push({
        id: n.id,
        parentId: n.parentId,
        contribution: null,
        parentWithout: null,
        parentAtTarget: null,
      });
      continue;
    }
    const pw = weightSums(pt);
    const cw = weightSums(ct);
    const useW = pt.weights !== undefined;
    const P = useW ? pw.promoters : pt.promoters;
    const Pa = useW ? pw.passives : pt.passives;
    const D = useW ? pw.detractors : pt.detractors;
    const p = useW ? cw.promoters : ct.promoters;
    const pa = useW ? cw.passives : ct.passives;
    const d = useW ? cw.detractors : ct.detractors;
    const without = npsOf(P - p, Pa - pa, D - d, all);
    const current = npsOf(P, Pa, D, all);
    let atTarget: number | null = null;
    if (target !== undefined) {
      const m = p + d;
      const nAll = all ? p + pa + d : m;
      // P' − D' = nAll · T/100, P' + D' = m, clipped to the feasible range.
      const diff = Math.max(-m, Math.min(m, (nAll * target) / 100));
      atTarget = npsOf(P - p + (m + diff) / 2, Pa, D - d + (m - diff) / 2, all);
    }
    out.push({
      id: n.id,
      parentId: n.parentId,
      contribution: current === null || without === null ? null : current - without,
      parentWithout: without,
      parentAtTarget: atTarget,
    });
  }
  return out;
}
