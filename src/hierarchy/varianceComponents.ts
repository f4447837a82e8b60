import { type Tally } from '../core/tally.ts';
import { NpsInputError } from '../errors.ts';
import { weightSums } from '../kernels/tallies.ts';
import { rollupNodes } from './_levelUnits.ts';
import type { RollupNode, RollupResult } from './rollup.ts';

/** Variation between the units of one level. */
export interface LevelVariation {
  /** Depth of the level (0 = roots, which matters only for a forest). */
  readonly depth: number;
  /** The level's name, or `null`. */
  readonly level: string | null;
  /** Sum of squares between the level's units within their parents. */
  readonly ss: number;
  /** Share of the total sum of squares, 0..1 (`null` when there is no variation at all). */
  readonly share: number | null;
}

/** The result of {@link varianceComponents}. */
export interface VarianceComponents {
  /** Total sum of squares of the response-level outcome (promoter +1, passive 0, detractor −1). */
  readonly total: number;
  /** Between-unit variation per level, from the top down. */
  readonly levels: readonly LevelVariation[];
  /** Variation among responses within the smallest groups. */
  readonly within: {
    /** Sum of squares within the smallest groups. */
    readonly ss: number;
    /** Share of the total sum of squares, 0..1 (`null` when there is no variation at all). */
    readonly share: number | null;
  };
}

interface Sums {
  n: number;
  s: number;
  q: number;
}

/**
 * Where loyalty varies: the share of the variation of the response-level outcome (promoter = +1,
 * passive = 0, detractor = −1) that lies between units at each level, nested within their
 * parents, and within the smallest groups. So management sees whether problems are store-level
 * or region-level.
 *
 * Method: the exact nested analysis-of-variance decomposition of the total sum of squares,
 * SS_total = Σ_levels SS_between + SS_within, with, for each parent p and its groups g (its
 * children's subtrees, plus its own responses as one more group),
 * SS_between = Σ_g n_g (ȳ_g − ȳ_p)², computed from the tallies' sufficient statistics
 * n, Σy = P − D, Σy² = P + D (Searle, Casella and McCulloch 1992, "Variance Components", ch. 3,
 * the hierarchical ANOVA table). Shares are SS ratios (descriptive η²). Weighted tallies use their
 * weighted sums. Needs the unsuppressed rollup.
 *
 * @param result - A {@link RollupResult} computed without `minSample` suppression.
 * @returns Total SS, SS and share per level, and within-group SS.
 * @throws {@link NpsInputError} `invalid_input` when some node is suppressed, when the groups do
 *   not nest (a dated structure replayed per response in which units moved: use
 *   `structure: 'as-of'`), or when the argument is not a rollup result.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null }, { id: 'a', parentId: 'all' }, { id: 'b', parentId: 'all' },
 * ]);
 * const v = varianceComponents(rollup(h, [
 *   { nodeId: 'a', score: 10 }, { nodeId: 'a', score: 10 },
 *   { nodeId: 'b', score: 1 }, { nodeId: 'b', score: 1 },
 * ]));
 * v.levels[1]?.share; //=> 1  (all the variation is between the two stores)
 * v.within.ss; //=> 0
 * ```
 */
export function varianceComponents(result: RollupResult): VarianceComponents {
  const fn = 'varianceComponents';
  const nodes = rollupNodes(fn, result);
  const sums = new Map<string, { total: Sums; own: Sums }>();
  const toSums = (n: RollupNode): { total: Sums; own: Sums } => {
    if (n.total === null || n.own === null) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: node ${JSON.stringify(n.id)} is suppressed; compute the rollup without minSample for variance components`,
        received: n.id,
      });
    }
    const t = weightSums(n.total);
    const o = weightSums(n.own);
    return {
      total: {
        n: t.promoters + t.passives + t.detractors,
        s: t.promoters - t.detractors,
        q: t.promoters + t.detractors,
      },
      own: {
        n: o.promoters + o.passives + o.detractors,
        s: o.promoters - o.detractors,
        q: o.promoters + o.detractors,
      },
    };
  };
  let maxDepth = 0;
  for (const n of nodes) {
    sums.set(n.id, toSums(n));
    maxDepth = Math.max(maxDepth, n.depth);
  }
  const term = (x: Sums) => (x.n > 0 ? (x.s * x.s) / x.n : 0);
  const between = new Float64Array(maxDepth + 1);
  let within = 0;
  const kids = new Map<string, RollupNode[]>();
  let rootN = 0;
  let rootS = 0;
  let rootQ = 0;
  let rootTerms = 0;
  for (const n of nodes) {
    if (n.parentId === null) {
      const t = sums.get(n.id)?.total;
      if (t) {
        rootN += t.n;
        rootS += t.s;
        rootQ += t.q;
        rootTerms += term(t);
      }
    } else {
      const list = kids.get(n.parentId);
      if (list) list.push(n);
      else kids.set(n.parentId, [n]);
    }
  }
  // The decomposition needs nested groups: every node's total = own + Σ children's totals
  // (not so when a dated structure is replayed per response and a node moved or was closed).
  for (const n of nodes) {
    const t = n.total as Tally;
    const o = n.own as Tally;
    let p = o.promoters;
    let pa = o.passives;
    let d = o.detractors;
    for (const c of kids.get(n.id) ?? []) {
      p += c.total?.promoters ?? 0;
      pa += c.total?.passives ?? 0;
      d += c.total?.detractors ?? 0;
    }
    if (p !== t.promoters || pa !== t.passives || d !== t.detractors) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: node ${JSON.stringify(n.id)}'s total is not its own responses plus its children's totals (a dated structure replayed per response, where units moved); compute the rollup with structure: 'as-of' for variance components`,
        received: n.id,
      });
    }
  }
  between[0] = rootTerms - term({ n: rootN, s: rootS, q: rootQ });
  for (const n of nodes) {
    const s = sums.get(n.id);
    if (!s) continue;
    const children = kids.get(n.id) ?? [];
    if (children.length === 0) {
      within += s.total.q - term(s.total);
      continue;
    }
    let groups = term(s.own);
    for (const c of children) {
      const cs = sums.get(c.id);
      if (cs) groups += term(cs.total);
    }
    between[n.depth + 1] = (between[n.depth + 1] ?? 0) + groups - term(s.total);
    within += s.own.q - term(s.own);
  }
  const total = rootQ - term({ n: rootN, s: rootS, q: rootQ });
  const share = (x: number) => (total > 0 ? Math.max(0, x) / total : null);
  const levels: LevelVariation[] = [];
  for (let d = 0; d <= maxDepth; d++) {
    const ss = Math.max(0, between[d] ?? 0);
    levels.push({ depth: d, level: result.levels[d] ?? null, ss, share: share(ss) });
  }
  return { total, levels, within: { ss: Math.max(0, within), share: share(within) } };
}
