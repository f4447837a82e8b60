import type { Tally } from '../core/tally.ts';
import { NpsInputError } from '../errors.ts';
import { checkSize } from '../kernels/limits.ts';
import { symmetricEigen } from '../kernels/matrix.ts';
import type { NpsBase } from '../types.ts';
import { rollupNodes } from './_levelUnits.ts';
import type { RollupNode, RollupResult } from './rollup.ts';

/** The variance component of one level of the hierarchy. Variances in NPS points squared. */
export interface LevelComponent {
  /** Depth of the level (0 = roots, which matters only for a forest). */
  readonly depth: number;
  /** The level's name, or `null`. */
  readonly level: string | null;
  /**
   * Units of the level holding answers in the base. A node's own answers (a region's answers
   * that belong to none of its stores) count as one more unit at every level below it.
   */
  readonly units: number;
  /**
   * REML estimate of the variance of the level's unit effects, in NPS points squared; exactly 0
   * on the boundary. `null` when the level cannot be estimated: it has a single unit (a single
   * root), its units group the answers exactly as the level above does (the shared component is
   * reported there), or each of its units holds a single answer (then it is part of the residual).
   */
  readonly variance: number | null;
  /** `variance` / `total`, 0..1; `null` with `variance`, or when every answer is the same. */
  readonly share: number | null;
}

/** The result of {@link varianceComponents}. Variances in NPS points squared. */
export interface VarianceComponents {
  /** The estimator: restricted maximum likelihood. */
  readonly method: 'reml';
  /** The NPS base the outcome was read over (answers outside it, e.g. passives, are left out). */
  readonly base: NpsBase;
  /** Answers in the base. */
  readonly n: number;
  /** Sum of the estimated components (levels and residual); `null` for fewer than 2 answers. */
  readonly total: number | null;
  /** Whether some estimated component (a level or the residual) is exactly 0: a boundary fit. */
  readonly singular: boolean;
  /** One component per level, from the top down. */
  readonly levels: readonly LevelComponent[];
  /** Variation among answers within the smallest units. */
  readonly residual: {
    /** REML estimate of the residual variance (NPS points squared); `null` for fewer than 2 answers. */
    readonly variance: number | null;
    /** `variance` / `total`, 0..1; `null` when `total` is 0 or `null`. */
    readonly share: number | null;
  };
}

/** Components estimated at once, at most: each costs O(nodes × components²) per iteration. */
const MAX_COMPONENTS = 16;

/**
 * The rollup as flat arrays. Per node: parent index (−1 for roots), depth, and the sufficient
 * statistics of the outcome y ∈ {+1, 0, −1} over the base answers of its own responses and of its
 * subtree: count n, Σy = P − D and Σy² = P + D.
 */
interface Tree {
  readonly size: number;
  readonly maxDepth: number;
  /** Node indexes by ascending depth (parents before children). */
  readonly order: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly on: Float64Array;
  readonly os: Float64Array;
  readonly oq: Float64Array;
  readonly tn: Float64Array;
  readonly ts: Float64Array;
  readonly tq: Float64Array;
}

const fn = 'varianceComponents';

function refuse(message: string, received: unknown): never {
  throw new NpsInputError({ code: 'invalid_input', message: `${fn}: ${message}`, received });
}

/** Checks the rollup (unsuppressed, unweighted, nested) and flattens it into a {@link Tree}. */
function readTree(result: RollupResult): Tree {
  const nodes = rollupNodes(fn, result);
  const base: unknown = result.base;
  if (base !== 'all' && base !== 'promoters-and-detractors') {
    refuse(
      `result.base must be 'all' or 'promoters-and-detractors' (a rollup result's base)`,
      base,
    );
  }
  const all = result.base === 'all';
  const size = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n.id, i));
  const parent = new Int32Array(size);
  const depth = new Int32Array(size);
  const on = new Float64Array(size);
  const os = new Float64Array(size);
  const oq = new Float64Array(size);
  const tn = new Float64Array(size);
  const ts = new Float64Array(size);
  const tq = new Float64Array(size);
  // P, Pa, D of the children's totals, to check that the groups nest
  const kids = new Float64Array(3 * size);
  let maxDepth = 0;
  nodes.forEach((n: RollupNode, i) => {
    const { own, total } = n;
    if (own === null || total === null) {
      refuse(
        `node ${JSON.stringify(n.id)} is suppressed; compute the rollup without minSample for variance components`,
        n.id,
      );
    }
    if (own.weights !== undefined || total.weights !== undefined) {
      refuse(
        `node ${JSON.stringify(n.id)} carries weighted tallies; variance components are fitted to the answers as counted: compute the rollup without weights`,
        n.id,
      );
    }
    const p = n.parentId === null ? -1 : (index.get(n.parentId) ?? -2);
    const d = n.depth;
    if (p === -2 || (p === -1 ? d !== 0 : (nodes[p]?.depth ?? -1) !== d - 1)) {
      refuse(`node ${JSON.stringify(n.id)}'s parent or depth is not that of a rollup`, n.id);
    }
    parent[i] = p;
    depth[i] = d;
    maxDepth = Math.max(maxDepth, d);
    on[i] = own.promoters + own.detractors + (all ? own.passives : 0);
    os[i] = own.promoters - own.detractors;
    oq[i] = own.promoters + own.detractors;
    tn[i] = total.promoters + total.detractors + (all ? total.passives : 0);
    ts[i] = total.promoters - total.detractors;
    tq[i] = total.promoters + total.detractors;
    if (p >= 0) {
      kids[3 * p] = (kids[3 * p] ?? 0) + total.promoters;
      kids[3 * p + 1] = (kids[3 * p + 1] ?? 0) + total.passives;
      kids[3 * p + 2] = (kids[3 * p + 2] ?? 0) + total.detractors;
    }
  });
  // The model needs nested groups: every node's total = own + Σ children's totals (not so when
  // a dated structure is replayed per response and a node moved or was closed).
  nodes.forEach((n, i) => {
    // (not null: refused above)
    const o = n.own as Tally;
    const t = n.total as Tally;
    if (
      o.promoters + (kids[3 * i] ?? 0) !== t.promoters ||
      o.passives + (kids[3 * i + 1] ?? 0) !== t.passives ||
      o.detractors + (kids[3 * i + 2] ?? 0) !== t.detractors
    ) {
      refuse(
        `node ${JSON.stringify(n.id)}'s total is not its own responses plus its children's totals (a dated structure replayed per response, where units moved); compute the rollup with structure: 'as-of' for variance components`,
        n.id,
      );
    }
  });
  // counting sort by depth
  const start = new Int32Array(maxDepth + 2);
  for (let i = 0; i < size; i++) start[(depth[i] ?? 0) + 1] = (start[(depth[i] ?? 0) + 1] ?? 0) + 1;
  for (let d = 1; d <= maxDepth + 1; d++) start[d] = (start[d] ?? 0) + (start[d - 1] ?? 0);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const d = depth[i] ?? 0;
    order[start[d] ?? 0] = i;
    start[d] = (start[d] ?? 0) + 1;
  }
  return { size, maxDepth, order, parent, depth, on, os, oq, tn, ts, tq };
}

/** Whether s1/n1 = s2/n2 exactly (integers; BigInt when a product could lose digits). */
function sameRatio(s1: number, n1: number, s2: number, n2: number): boolean {
  const a = s1 * n2;
  const b = s2 * n1;
  if (Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) return a === b;
  return BigInt(s1) * BigInt(n2) === BigInt(s2) * BigInt(n1);
}

/**
 * Whether the data are constant within every group at depth `t` (t = −1: all answers in one
 * group). The data are the single answers when `cut` is below the deepest level, otherwise the
 * groups at depth `cut` (the nodes at that depth and the own answers of the nodes above it),
 * each by its mean.
 */
function constantWithin(tree: Tree, t: number, cut: number): boolean {
  const { size, order, parent, depth, on, os, oq, tn, ts } = tree;
  const answers = cut > tree.maxDepth;
  const anchor = new Int32Array(size);
  // the first mean seen in each group (slot `size` is the single group of t = −1)
  const firstS = new Float64Array(size + 1);
  const firstN = new Float64Array(size + 1);
  for (const x of order) {
    const d = depth[x] ?? 0;
    if (d > cut) break;
    const a = t < 0 ? size : d === t ? x : d > t ? (anchor[parent[x] ?? 0] ?? -1) : -1;
    anchor[x] = a;
    const n = d === cut ? (tn[x] ?? 0) : (on[x] ?? 0);
    if (n === 0) continue;
    const s = d === cut ? (ts[x] ?? 0) : (os[x] ?? 0);
    // y ∈ {+1, 0, −1}: a block of answers is constant when all are 0 or all are ±1 alike
    if (answers && !((oq[x] ?? 0) === 0 || ((oq[x] ?? 0) === n && Math.abs(s) === n))) return false;
    if (a < 0) continue;
    if (firstN[a] === 0) {
      firstS[a] = s;
      firstN[a] = n;
    } else if (!sameRatio(s, n, firstS[a] ?? 0, firstN[a] ?? 1)) return false;
  }
  return true;
}

/**
 * The REML criterion of the nested model and its exact gradient and Hessian, for the variance
 * ratios λ_c = σ²_c / σ²_e of the components whose top depths are `tops`, with the residual
 * variance profiled out (Bates et al. 2015, lme4, eq. 41):
 * f(λ) = log|V| + log(1ᵀV⁻¹1) + (N − 1) log r², r² = yᵀV⁻¹y − (1ᵀV⁻¹y)² / 1ᵀV⁻¹1, with
 * V = I + Σ_c λ_c Z_c Z_cᵀ. The nested covariance is built bottom-up: a node's block is its own
 * answers' block (compound symmetric) beside its children's blocks, plus λ J at the node; the
 * Sherman–Morrison formula gives log|V|, 1ᵀV⁻¹1, 1ᵀV⁻¹y and yᵀV⁻¹y of each block from those of
 * its parts in O(1), so one evaluation is O(nodes). Derivatives are carried forward exactly
 * (second-order forward mode: value, gradient, Hessian of each quantity).
 */
class Reml {
  readonly k: number;
  /** Length of a jet: value, k gradient terms, k × k Hessian terms. */
  private readonly m: number;
  /** The jets a, b, c of each inner node's block, at 3m × its slot. */
  private readonly acc: Float64Array;
  /** The nodes in the fit, parents before children. */
  private readonly nodes: Int32Array;
  /** Per node: its slot in `acc` (inner nodes), or −1 for a leaf of the fit. */
  private readonly slot: Int32Array;
  private readonly un: Float64Array;
  private readonly us: Float64Array;
  private readonly uq: Float64Array;
  /** Per depth: the component applied at nodes of that depth, or −1. */
  private readonly param: Int32Array;
  /** Per depth × component: 1 when the component applies to the own answers of inner nodes there. */
  private readonly below: Uint8Array;
  /** The same for a leaf, whose block is its own answers: the components below it and its own. */
  private readonly atLeaf: Uint8Array;
  private readonly tmp: Float64Array[];
  /** Units (answers, or groups at the cut) in the fit. */
  readonly units: number;

  constructor(
    private readonly tree: Tree,
    cut: number,
    tops: readonly number[],
  ) {
    const k = tops.length;
    this.k = k;
    this.m = 1 + k + k * k;
    const { size, order, parent, depth, on, os, oq, tn, ts } = tree;
    const un = new Float64Array(size);
    const us = new Float64Array(size);
    const uq = new Float64Array(size);
    const list: number[] = [];
    const slot = new Int32Array(size).fill(-1);
    let units = 0;
    for (const x of order) {
      const d = depth[x] ?? 0;
      if (d > cut) break;
      if ((tn[x] ?? 0) === 0) continue;
      list.push(x);
      slot[parent[x] ?? -1] = 0; // the parent is an inner node (index −1 is ignored)
      if (cut > tree.maxDepth) {
        un[x] = on[x] ?? 0;
        us[x] = os[x] ?? 0;
        uq[x] = oq[x] ?? 0;
        units += un[x] ?? 0;
      } else {
        // collapsed to group means: one unit per group at the cut, its residual the cut's component
        const n = d === cut ? (tn[x] ?? 0) : (on[x] ?? 0);
        if (n === 0) continue;
        const mean = (d === cut ? (ts[x] ?? 0) : (os[x] ?? 0)) / n;
        un[x] = 1;
        us[x] = mean;
        uq[x] = mean * mean;
        units += 1;
      }
    }
    let inner = 0;
    for (const x of list) if (slot[x] === 0) slot[x] = inner++;
    this.units = units;
    this.nodes = Int32Array.from(list);
    this.slot = slot;
    this.un = un;
    this.us = us;
    this.uq = uq;
    const depths = Math.min(cut, tree.maxDepth) + 1;
    this.param = new Int32Array(depths).fill(-1);
    this.below = new Uint8Array(depths * k);
    tops.forEach((top, c) => {
      this.param[top] = c;
      for (let d = 0; d < top; d++) this.below[d * k + c] = 1;
    });
    this.atLeaf = Uint8Array.from(this.below);
    tops.forEach((top, c) => {
      this.atLeaf[top * k + c] = 1;
    });
    this.acc = new Float64Array(3 * this.m * inner);
    this.tmp = Array.from({ length: 9 }, (_, i) => new Float64Array(i === 8 ? 3 * this.m : this.m));
  }

  /** f, its gradient and its Hessian (row-major) at λ. */
  evaluate(lambda: Float64Array): { f: number; g: Float64Array; h: Float64Array; r2: number } {
    const { k, m, acc, tmp, un, us, uq, param, slot } = this;
    const { parent, depth } = this.tree;
    const [ld, ta, tb, tc, t, inv, x, y, top] = tmp as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    acc.fill(0);
    ld.fill(0);
    top.fill(0);
    const nodes = this.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] ?? 0;
      const d = depth[node] ?? 0;
      const p = parent[node] ?? -1;
      const own = slot[node] ?? -1;
      // where the node's block goes: its parent's block, or the top
      const dest = p >= 0 ? acc : top;
      const at = p >= 0 ? 3 * m * (slot[p] ?? 0) : 0;
      const n = un[node] ?? 0;
      if (n > 0) {
        // own answers: a block I + Λ J with Λ the components over them, in closed form; a
        // leaf's own component is one of them, so its block goes straight to the parent
        const mask = own < 0 ? this.atLeaf : this.below;
        const o = own < 0 ? at : 3 * m * own;
        const out = own < 0 ? dest : acc;
        let lam = 0;
        for (let c = 0; c < k; c++) if (mask[d * k + c] === 1) lam += lambda[c] ?? 0;
        const s = us[node] ?? 0;
        const q = uq[node] ?? 0;
        const tt = 1 + n * lam;
        const i1 = 1 / tt;
        const i2 = i1 * i1;
        const i3 = i2 * i1;
        // value, first and second derivative in Λ of log t, a, b, c
        addOwn(ld, 0, k, mask, d, Math.log(tt), n * i1, -n * n * i2);
        addOwn(out, o, k, mask, d, n * i1, -n * n * i2, 2 * n * n * n * i3);
        addOwn(out, o + m, k, mask, d, s * i1, -s * n * i2, 2 * s * n * n * i3);
        addOwn(out, o + 2 * m, k, mask, d, q - s * s * lam * i1, -s * s * i2, 2 * s * s * n * i3);
      }
      if (own < 0) continue;
      const o = 3 * m * own;
      const c = param[d] ?? -1;
      if (c < 0) {
        addInto(dest, at, acc, o, 3 * m);
        continue;
      }
      // the node's own effect: block + λ_c J (Sherman–Morrison)
      ta.set(acc.subarray(o, o + m));
      tb.set(acc.subarray(o + m, o + 2 * m));
      tc.set(acc.subarray(o + 2 * m, o + 3 * m));
      const lc = lambda[c] ?? 0;
      byParam(t, c, lc, ta, k);
      const t0 = (t[0] ?? 0) + 1;
      t[0] = t0;
      chain(x, t, Math.log(t0), 1 / t0, -1 / (t0 * t0), k);
      addInto(ld, 0, x, 0, m);
      chain(inv, t, 1 / t0, -1 / (t0 * t0), 2 / (t0 * t0 * t0), k);
      mul(x, ta, inv, k);
      addInto(dest, at, x, 0, m);
      mul(x, tb, inv, k); // b
      addInto(dest, at + m, x, 0, m);
      mul(y, tb, x, k); // b_A · b
      byParam(x, c, lc, y, k);
      for (let j = 0; j < m; j++) tc[j] = (tc[j] ?? 0) - (x[j] ?? 0);
      addInto(dest, at + 2 * m, tc, 0, m);
    }
    // f = log|V| + log a + (N − 1) log(c − b² / a)
    const a = top.subarray(0, m);
    const b = top.subarray(m, 2 * m);
    const cc = top.subarray(2 * m, 3 * m);
    mul(x, b, b, k);
    const a0 = a[0] ?? 1;
    chain(inv, a, 1 / a0, -1 / (a0 * a0), 2 / (a0 * a0 * a0), k);
    mul(y, x, inv, k);
    for (let j = 0; j < m; j++) t[j] = (cc[j] ?? 0) - (y[j] ?? 0);
    const r2 = t[0] ?? 0;
    const f = ld;
    chain(x, a, Math.log(a0), 1 / a0, -1 / (a0 * a0), k);
    addInto(f, 0, x, 0, m);
    chain(x, t, Math.log(r2), 1 / r2, -1 / (r2 * r2), k);
    const df = this.units - 1;
    for (let j = 0; j < m; j++) f[j] = (f[j] ?? 0) + df * (x[j] ?? 0);
    return { f: f[0] ?? 0, g: f.slice(1, 1 + k), h: f.slice(1 + k), r2 };
  }
}

/** out[o..o+len) += src[s..s+len). */
function addInto(out: Float64Array, o: number, src: Float64Array, s: number, len: number): void {
  for (let j = 0; j < len; j++) out[o + j] = (out[o + j] ?? 0) + (src[s + j] ?? 0);
}

/** Adds to the jet at `o` a function of Λ = Σ λ_c over the components in row `d` of `mask`. */
function addOwn(
  out: Float64Array,
  o: number,
  k: number,
  below: Uint8Array,
  d: number,
  v: number,
  d1: number,
  d2: number,
): void {
  out[o] = (out[o] ?? 0) + v;
  for (let i = 0; i < k; i++) {
    if (below[d * k + i] !== 1) continue;
    out[o + 1 + i] = (out[o + 1 + i] ?? 0) + d1;
    for (let j = 0; j < k; j++)
      if (below[d * k + j] === 1)
        out[o + 1 + k + i * k + j] = (out[o + 1 + k + i * k + j] ?? 0) + d2;
  }
}

/** out = x · y (jets). */
function mul(out: Float64Array, x: Float64Array, y: Float64Array, k: number): void {
  const x0 = x[0] ?? 0;
  const y0 = y[0] ?? 0;
  out[0] = x0 * y0;
  for (let i = 0; i < k; i++) {
    out[1 + i] = (x[1 + i] ?? 0) * y0 + x0 * (y[1 + i] ?? 0);
    for (let j = 0; j < k; j++) {
      const h = 1 + k + i * k + j;
      out[h] =
        (x[h] ?? 0) * y0 +
        x0 * (y[h] ?? 0) +
        (x[1 + i] ?? 0) * (y[1 + j] ?? 0) +
        (x[1 + j] ?? 0) * (y[1 + i] ?? 0);
    }
  }
}

/** out = λ_c · x (jets; λ_c is the c-th variable, value `lc`). */
function byParam(out: Float64Array, c: number, lc: number, x: Float64Array, k: number): void {
  const x0 = x[0] ?? 0;
  out[0] = lc * x0;
  for (let i = 0; i < k; i++) {
    out[1 + i] = lc * (x[1 + i] ?? 0) + (i === c ? x0 : 0);
    for (let j = 0; j < k; j++) {
      const h = 1 + k + i * k + j;
      out[h] = lc * (x[h] ?? 0) + (i === c ? (x[1 + j] ?? 0) : 0) + (j === c ? (x[1 + i] ?? 0) : 0);
    }
  }
}

/** out = φ(x) (jets), given φ(x₀), φ′(x₀), φ″(x₀). */
function chain(
  out: Float64Array,
  x: Float64Array,
  v: number,
  d1: number,
  d2: number,
  k: number,
): void {
  out[0] = v;
  for (let i = 0; i < k; i++) {
    out[1 + i] = d1 * (x[1 + i] ?? 0);
    for (let j = 0; j < k; j++) {
      const h = 1 + k + i * k + j;
      out[h] = d1 * (x[h] ?? 0) + d2 * (x[1 + i] ?? 0) * (x[1 + j] ?? 0);
    }
  }
}

/**
 * Minimises the REML criterion over λ ≥ 0 by projected Newton steps (Bertsekas 1982) with the
 * exact Hessian (negative curvature reflected, Nocedal and Wright 2006, §3.4) and a backtracking
 * line search; components whose gradient points out of the boundary at 0 stay there. Returns λ
 * and r² at the optimum.
 */
function maximise(reml: Reml): { lambda: Float64Array; r2: number } {
  const k = reml.k;
  let lambda = new Float64Array(k).fill(1);
  let cur = reml.evaluate(lambda);
  for (let iter = 0; iter < 200 && k > 0; iter++) {
    const free: number[] = [];
    for (let i = 0; i < k; i++) if (!((lambda[i] ?? 0) === 0 && (cur.g[i] ?? 0) >= 0)) free.push(i);
    if (free.length === 0) break;
    const dir = newtonDirection(cur.g, cur.h, k, free);
    let decrement = 0;
    for (const i of free) decrement -= (cur.g[i] ?? 0) * (dir[i] ?? 0);
    let alpha = 1;
    let next = cur;
    let trial = lambda;
    let accepted = false;
    for (let half = 0; half < 60; half++) {
      trial = lambda.map((l, i) => Math.max(0, l + alpha * (dir[i] ?? 0)));
      next = reml.evaluate(trial);
      let slope = 0;
      for (let i = 0; i < k; i++) slope += (cur.g[i] ?? 0) * ((trial[i] ?? 0) - (lambda[i] ?? 0));
      // near the optimum f changes by less than its rounding: take the full Newton step
      if (next.f <= cur.f + 1e-4 * slope || decrement < 1e-14 * (1 + Math.abs(cur.f))) {
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) break;
    let step = 0;
    let scale = 1;
    for (let i = 0; i < k; i++) {
      step = Math.max(step, Math.abs((trial[i] ?? 0) - (lambda[i] ?? 0)));
      scale = Math.max(scale, trial[i] ?? 0);
    }
    lambda = trial;
    cur = next;
    if (step <= 1e-13 * scale) break;
  }
  return { lambda, r2: cur.r2 };
}

/** The Newton direction on the free components, −H⁻¹g with |eigenvalues| (0 elsewhere). */
function newtonDirection(
  g: Float64Array,
  h: Float64Array,
  k: number,
  free: readonly number[],
): Float64Array {
  const f = free.length;
  const sub = new Float64Array(f * f);
  for (let i = 0; i < f; i++)
    for (let j = 0; j < f; j++) sub[i * f + j] = h[(free[i] ?? 0) * k + (free[j] ?? 0)] ?? 0;
  const { values, vectors } = symmetricEigen(sub, f);
  let big = 0;
  for (const v of values) big = Math.max(big, Math.abs(v));
  const floor = Math.max(big * 1e-12, 1e-300);
  const dir = new Float64Array(k);
  for (let e = 0; e < f; e++) {
    let proj = 0;
    for (let i = 0; i < f; i++) proj += (vectors[i * f + e] ?? 0) * (g[free[i] ?? 0] ?? 0);
    const w = proj / Math.max(Math.abs(values[e] ?? 0), floor);
    for (let i = 0; i < f; i++) {
      const c = free[i] ?? 0;
      dir[c] = (dir[c] ?? 0) - w * (vectors[i * f + e] ?? 0);
    }
  }
  return dir;
}

/**
 * Where loyalty varies: the variance of the response-level outcome (promoter +100, passive 0,
 * detractor −100, over the answers in the scheme's NPS base) split into one component per level
 * of the hierarchy and a residual, in the nested random-effects model
 * y = μ + u_region + u_store + … + e, with the effects of each level independent, centred and of
 * a common variance (Searle, Casella and McCulloch 1992, "Variance Components", ch. 6). So
 * management sees whether problems are store-level or region-level, without the sampling noise of
 * small units counted as differences between them.
 *
 * Under the ten-point scheme (base `'promoters-and-detractors'`) passives are outside the base and
 * outside the model: each unit's mean outcome is its NPS. Under base `'all'` passives count as 0.
 * A node's own answers (a region's answers that belong to none of its stores) form one more unit
 * at each level below it, as `store = "own"` would in lme4.
 *
 * Method: restricted maximum likelihood (REML), the estimator of lme4's
 * `lmer(y ~ 1 + (1 | region/store), REML = TRUE)` (Bates, Mächler, Bolker and Walker 2015,
 * "Fitting linear mixed-effects models using lme4", J. Stat. Softw. 67(1)). It agrees with lme4
 * within lme4's optimiser tolerance (2e-7 relative against bobyqa with `rhoend = 1e-12`; lme4's
 * default settings stop up to 3e-5 from the optimum) and with the REML equations solved exactly
 * to 1e-14. On balanced data with no negative ANOVA estimate, REML equals the ANOVA (moments)
 * estimates. It is computed from per-node counts only: the nested covariance is built bottom-up
 * with the Sherman–Morrison formula in O(nodes) per evaluation, with exact derivatives, and
 * maximised by projected Newton steps to machine precision. Variances are constrained to be ≥ 0:
 * a component whose estimate lies on the boundary (typically where a moment estimate would be
 * negative) is exactly 0, and `singular` is then true, like lme4's `isSingular`.
 * When every unit of the smallest estimable level holds identical answers, the residual variance
 * is 0 and the levels above are estimated from the units' means. Fewer than 2 answers in the base
 * give `null` variances. Survey weights are not part of the model: weighted rollups are refused.
 *
 * @param result - A {@link RollupResult} computed without `minSample` suppression or weights.
 * @returns Per level its number of units, variance and share of the total; the residual; the
 *   method, base and number of answers.
 * @throws {@link NpsInputError} `invalid_input` when some node is suppressed or weighted, when the
 *   groups do not nest (a dated structure replayed per response in which units moved: use
 *   `structure: 'as-of'`), or when the argument is not a rollup result; `too_large` when more
 *   than 16 levels would be estimated at once.
 * @example
 * ```ts
 * // Three stores of four answers each (classic scheme: passives count as 0).
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, level: 'company' },
 *   { id: 'a', parentId: 'all', level: 'store' },
 *   { id: 'b', parentId: 'all', level: 'store' },
 *   { id: 'c', parentId: 'all', level: 'store' },
 * ]);
 * const v = varianceComponents(
 *   rollup(h, [
 *     { nodeId: 'a', tally: { promoters: 4, passives: 0, detractors: 0 } },
 *     { nodeId: 'b', tally: { promoters: 2, passives: 1, detractors: 1 } },
 *     { nodeId: 'c', tally: { promoters: 0, passives: 2, detractors: 2 } },
 *   ], { scheme: classicScheme }),
 * );
 * // Balanced one-way data: REML = the ANOVA estimates (MS_between − MS_within) / 4 and
 * // MS_within, with MS_between = 22 500 and MS_within = 4 166.67 (y on ±100).
 * v.levels[1]?.variance?.toFixed(2); //=> '4583.33'
 * v.residual.variance?.toFixed(2); //=> '4166.67'
 * v.levels[1]?.share?.toFixed(4); //=> '0.5238'
 * v.levels[0]?.variance; //=> null  (a single company: nothing to compare it with)
 * ```
 */
export function varianceComponents(result: RollupResult): VarianceComponents {
  const tree = readTree(result);
  const { size, maxDepth, depth, on, tn } = tree;
  let n = 0;
  for (let i = 0; i < size; i++) n += on[i] ?? 0;
  // Units per depth: the nodes there with answers, plus the own answers of every node above.
  const units = new Float64Array(maxDepth + 1);
  const ownAbove = new Float64Array(maxDepth + 2);
  for (let i = 0; i < size; i++) {
    const d = depth[i] ?? 0;
    if ((tn[i] ?? 0) > 0) units[d] = (units[d] ?? 0) + 1;
    if ((on[i] ?? 0) > 0) ownAbove[d + 1] = (ownAbove[d + 1] ?? 0) + 1;
  }
  for (let d = 1; d <= maxDepth; d++) {
    ownAbove[d] = (ownAbove[d] ?? 0) + (ownAbove[d - 1] ?? 0);
    units[d] = (units[d] ?? 0) + (ownAbove[d] ?? 0);
  }
  // A level is estimated at the top of each run of levels that group the answers alike, when it
  // has more than one unit and fewer units than answers.
  const tops: number[] = [];
  for (let d = 0; d <= maxDepth; d++) {
    const g = units[d] ?? 0;
    if (g > 1 && g < n && (d === 0 || g !== units[d - 1])) tops.push(d);
  }
  const variance = new Array<number | null>(maxDepth + 1).fill(null);
  let residual: number | null = null;
  if (n >= 2) {
    // Identical answers within every unit of the finest estimated level make the residual 0
    // (the REML optimum is on that boundary); the fit then moves up to the units' means.
    let cut = maxDepth + 1;
    let fitted: number[];
    for (;;) {
      fitted = tops.filter((d) => d < cut);
      const t = fitted.at(-1) ?? -1;
      if (!constantWithin(tree, t, cut)) break;
      if (t < 0) {
        fitted = [];
        cut = -1;
        break;
      }
      cut = t;
    }
    for (const d of tops) variance[d] = 0;
    residual = 0;
    if (cut >= 0) {
      checkSize(
        fn,
        'the number of levels estimated at once',
        fitted.length,
        MAX_COMPONENTS,
        'merge levels of the hierarchy',
      );
      const reml = new Reml(tree, cut, fitted);
      const { lambda, r2 } = maximise(reml);
      const s2 = (1e4 * r2) / (reml.units - 1);
      fitted.forEach((d, c) => {
        variance[d] = (lambda[c] ?? 0) * s2;
      });
      if (cut > maxDepth) residual = s2;
      else variance[cut] = s2;
    }
  }
  let total: number | null = null;
  if (residual !== null) {
    total = residual;
    for (const v of variance) if (v !== null) total += v;
  }
  const share = (v: number | null) =>
    v === null || total === null || total === 0 ? null : v / total;
  const levels: LevelComponent[] = [];
  for (let d = 0; d <= maxDepth; d++) {
    const v = variance[d] ?? null;
    levels.push({
      depth: d,
      level: result.levels[d] ?? null,
      units: units[d] ?? 0,
      variance: v,
      share: share(v),
    });
  }
  return {
    method: 'reml',
    base: result.base,
    n,
    total,
    singular: residual === 0 || variance.some((v) => v === 0),
    levels,
    residual: { variance: residual, share: share(residual) },
  };
}
