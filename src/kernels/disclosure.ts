/**
 * Protection of suppressed figures against every linear combination of what is published
 * (internal). The one rule behind every table's `minSample` (rollup, trendByNode, crossTab and
 * tables published together).
 *
 * Model (statistical disclosure control, Hundepool et al. 2012, "Statistical Disclosure
 * Control", ch. 4 and 6: linear sensitivity audit of a set of linked tables):
 * - The responses fall into *atoms*: the finest groups any published table distinguishes (node ×
 *   structure × period slice × segment…). An atom's count is unknown to a reader, except that
 *   an empty atom is taken as known to be empty (a reader may know a store was closed or a
 *   channel unused; assuming more knowledge only makes the protection safer).
 * - Every figure a table could publish is a *cell*: a set of atoms (a node's pooled subtree in a
 *   period, a column margin…). A published cell gives the reader one linear equation: the sum
 *   of its atoms' counts (and the same for each category count, promoters, passives,
 *   detractors, and for weighted sums, with the same equations).
 * - A hidden cell with responses is *determined* when its atom set's indicator lies in the span
 *   of the published cells' indicators (restricted to non-empty atoms): then a linear
 *   combination of published figures gives it exactly. Otherwise some non-zero change of the
 *   non-empty atoms keeps every published figure and changes the hidden one, and since every
 *   non-empty atom is positive, small such changes stay non-negative: neither linear algebra
 *   nor the non-negativity of counts pins the hidden cell's size.
 * - Cells that are never published but are natural groups (a node's own answers in a table that
 *   shows only pooled figures, a moved store's answers under its former parent) are protected
 *   too when they hold 1 to minSample − 1 responses.
 *
 * The audit: atoms pinned one at a time by a published cell whose other atoms are known are
 * peeled first (linear time; this is every "total minus the visible parts" attack), then the
 * remaining equations are reduced exactly (fraction-free integer Gaussian elimination with
 * gcd normalisation). The protection loop hides, for each determined cell, the smallest
 * published non-empty cell among those combined to determine it, then audits again, until no
 * protected cell is determined. Hiding only ever grows, so the loop ends. A release pass then
 * tries to publish each complement again, largest first, keeping it published when the audit
 * still finds nothing (at most 200 tries, within a counted work budget). Atoms that lie in
 * exactly the same cells are merged first.
 * @internal
 */
import { NpsInputError } from '../errors.ts';

/** @internal Cell states: 0 published, 1 below minSample, 2 complementary, 3 never published. */
export const PUBLISHED = 0;
/** @internal A cell hidden because it holds fewer than minSample responses. */
export const PRIMARY = 1;
/** @internal A cell hidden so that other hidden cells cannot be derived. */
const COMPLEMENTARY = 2;
/** @internal A cell no table publishes (protected when it holds 1 to minSample − 1 responses). */
const UNPUBLISHED = 3;

/** @internal Cells as sets of atoms, built by the tables. */
export class CellSet {
  readonly start: number[] = [0];
  readonly atoms: number[] = [];
  readonly state: number[] = [];
  /** Pairs (a, b): cell a is hidden whenever cell b is. */
  readonly follows: number[] = [];

  /** Add a cell with the given atoms; returns its index. */
  add(atoms: readonly number[], state: number): number {
    for (const a of atoms) this.atoms.push(a);
    this.start.push(this.atoms.length);
    this.state.push(state);
    return this.state.length - 1;
  }

  /** Cell `a` is hidden whenever cell `b` is. */
  follow(a: number, b: number): void {
    this.follows.push(a, b);
  }

  get size(): number {
    return this.state.length;
  }
}

/** @internal A determined protected cell and the published cells combined to determine it. */
interface Disclosure {
  readonly cell: number;
  readonly support: readonly number[];
}

/** Work budget of one audit's elimination (coefficient operations). */
const MAX_WORK = 200_000_000;

/** Sparse integer row: sorted column indices and their coefficients. */
interface Row {
  cols: number[];
  coefs: number[];
  /** The published cell this row started from (−1: a protected cell under audit). */
  cell: number;
  /** The rows combined into this one (its provenance, walked only for a disclosure). */
  from: readonly Row[];
}

/** The published cells combined into a row: a walk of its provenance. */
function provenance(r: Row, into: Set<number>): void {
  const seen = new Set<Row>();
  const stack: Row[] = [r];
  while (stack.length > 0) {
    const x = stack.pop() as Row;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.cell >= 0) into.add(x.cell);
    for (const y of x.from) stack.push(y);
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** a·u − b·v on sparse rows, normalised by the gcd of the result; `work` counts operations. */
function combine(a: number, u: Row, b: number, v: Row, counter: { work: number }): Row {
  const cols: number[] = [];
  const coefs: number[] = [];
  let i = 0;
  let j = 0;
  while (i < u.cols.length || j < v.cols.length) {
    const cu = i < u.cols.length ? (u.cols[i] as number) : Infinity;
    const cv = j < v.cols.length ? (v.cols[j] as number) : Infinity;
    let x: number;
    let col: number;
    if (cu === cv) {
      x = a * (u.coefs[i++] as number) - b * (v.coefs[j++] as number);
      col = cu;
    } else if (cu < cv) {
      x = a * (u.coefs[i++] as number);
      col = cu;
    } else {
      x = -b * (v.coefs[j++] as number);
      col = cv;
    }
    if (x !== 0) {
      cols.push(col);
      coefs.push(x);
    }
  }
  counter.work += u.cols.length + v.cols.length;
  let g = 0;
  for (const c of coefs) g = gcd(g, c);
  if (g > 1) for (let k = 0; k < coefs.length; k++) coefs[k] = (coefs[k] as number) / g;
  for (const c of coefs) {
    if (Math.abs(c) > 2 ** 48) {
      throw new NpsInputError({
        code: 'too_large',
        message:
          'minSample: the published tables are too entangled to check exactly which suppressed figures are protected; publish fewer tables together or use a coarser period',
      });
    }
  }
  return { cols, coefs, cell: -1, from: [u, v] };
}

/**
 * @internal The linear audit: every protected cell (hidden with responses, or never published
 * with 1 to minSample − 1 responses) that a linear combination of the published cells
 * determines, with the published cells used. `peelOnly`: only those that subtraction chains
 * (peeling) determine, without the elimination.
 */
function audit(
  cells: CellSet,
  atomN: Float64Array,
  hidden: Uint8Array,
  cellN: Float64Array,
  minSample: number,
  peelOnly = false,
  meter?: { work: number },
): Disclosure[] {
  const m = cells.size;
  const { start, atoms } = cells;
  const A = atomN.length;
  // published rows per atom (non-empty atoms only)
  const deg = new Int32Array(A + 1);
  for (let c = 0; c < m; c++) {
    if (hidden[c] !== PUBLISHED) continue;
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const a = atoms[k] as number;
      if ((atomN[a] as number) > 0) deg[a + 1] = (deg[a + 1] as number) + 1;
    }
  }
  for (let a = 0; a < A; a++) deg[a + 1] = (deg[a + 1] as number) + (deg[a] as number);
  const rowsOf = new Int32Array(deg[A] as number);
  const fill = deg.slice(0, A);
  const left = new Int32Array(m);
  for (let c = 0; c < m; c++) {
    if (hidden[c] !== PUBLISHED) continue;
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const a = atoms[k] as number;
      if ((atomN[a] as number) > 0) {
        rowsOf[fill[a] as number] = c;
        fill[a] = (fill[a] as number) + 1;
        left[c] = (left[c] as number) + 1;
      }
    }
  }
  // Peel: a published cell with one unknown atom left pins that atom.
  const knownBy = new Int32Array(A).fill(-1);
  const queue: number[] = [];
  for (let c = 0; c < m; c++) if (hidden[c] === PUBLISHED && left[c] === 1) queue.push(c);
  while (queue.length > 0) {
    const c = queue.pop() as number;
    if (left[c] !== 1) continue;
    let a = -1;
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const b = atoms[k] as number;
      if ((atomN[b] as number) > 0 && knownBy[b] === -1) {
        a = b;
        break;
      }
    }
    if (a < 0) continue;
    knownBy[a] = c;
    for (let k = deg[a] as number; k < (deg[a + 1] as number); k++) {
      const r = rowsOf[k] as number;
      left[r] = (left[r] as number) - 1;
      if (left[r] === 1) queue.push(r);
    }
  }
  // The published cells behind a pinned atom, found on demand.
  const supportOfAtoms = (list: readonly number[], into: Set<number>): void => {
    const stack = list.slice();
    while (stack.length > 0) {
      const a = stack.pop() as number;
      const c = knownBy[a] as number;
      if (c < 0 || into.has(c)) continue;
      into.add(c);
      for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
        const b = atoms[k] as number;
        if (b !== a && (atomN[b] as number) > 0) stack.push(b);
      }
    }
  };
  const unknownRow = (c: number, cell: number): Row => {
    const cols: number[] = [];
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const a = atoms[k] as number;
      if ((atomN[a] as number) > 0 && knownBy[a] === -1) cols.push(a);
    }
    cols.sort((x, y) => x - y);
    return { cols, coefs: cols.map(() => 1), cell, from: [] };
  };
  // Reduce the equations with two or more unknown atoms left to an echelon basis.
  const counter = { work: 0 };
  const basis = new Map<number, Row>();
  const reduce = (v: Row): Row => {
    let r = v;
    while (r.cols.length > 0) {
      const lead = r.cols[0] as number;
      const b = basis.get(lead);
      if (b === undefined) return r;
      r = combine(b.coefs[0] as number, r, r.coefs[0] as number, b, counter);
      if (counter.work > MAX_WORK) {
        throw new NpsInputError({
          code: 'too_large',
          message:
            'minSample: the published tables are too large to check exactly which suppressed figures are protected; publish fewer tables together or use a coarser period',
        });
      }
    }
    return r;
  };
  const residual: Row[] = [];
  for (let c = 0; c < m && !peelOnly; c++) {
    if (hidden[c] === PUBLISHED && (left[c] as number) >= 2) residual.push(unknownRow(c, c));
  }
  residual.sort((x, y) => x.cols.length - y.cols.length);
  for (const v of residual) {
    const r = reduce(v);
    if (r.cols.length > 0) basis.set(r.cols[0] as number, r);
  }
  // Audit each protected cell.
  const out: Disclosure[] = [];
  for (let c = 0; c < m; c++) {
    const n = cellN[c] as number;
    if (n <= 0 || n >= minSample || hidden[c] === PUBLISHED) continue;
    const u = unknownRow(c, -1);
    if (peelOnly && u.cols.length > 0) continue;
    const r = reduce(u);
    if (r.cols.length > 0) continue;
    const support = new Set<number>();
    provenance(r, support);
    const known: number[] = [];
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const a = atoms[k] as number;
      if ((atomN[a] as number) > 0 && knownBy[a] !== -1) known.push(a);
    }
    // atoms pinned before the elimination, in this cell and in the rows combined
    for (const p of [...support]) {
      for (let k = start[p] as number; k < (start[p + 1] as number); k++) {
        const a = atoms[k] as number;
        if ((atomN[a] as number) > 0 && knownBy[a] !== -1) known.push(a);
      }
    }
    supportOfAtoms(known, support);
    out.push({ cell: c, support: [...support] });
  }
  if (meter !== undefined) meter.work += counter.work + (start[m] as number);
  return out;
}

/**
 * @internal Protect every hidden cell: start from `cells.state` (primary suppression of
 * publishable cells with 1 to `minSample` − 1 responses is applied here too, and the `follows`
 * links), audit, hide the smallest published non-empty cell of each disclosure's support, and
 * repeat until the audit finds nothing. Returns the final state per cell. `initial` (optional)
 * holds hidden flags from a faster rule run first or a table's own convention (codes 1 and 2,
 * e.g. rollup hides empty nodes, a cross-table shows empty cells).
 */
export function protectCells(
  cells: CellSet,
  atomN: Float64Array,
  minSample: number,
  initial?: Uint8Array,
): Uint8Array {
  const m = cells.size;
  const hidden = Uint8Array.from(cells.state);
  const cellN = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    let n = 0;
    for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
      n += atomN[cells.atoms[k] as number] as number;
    }
    cellN[c] = n;
    if (hidden[c] === PUBLISHED && n > 0 && n < minSample) hidden[c] = PRIMARY;
    const f = initial?.[c] ?? 0;
    if (hidden[c] === PUBLISHED && f !== 0) hidden[c] = f;
  }
  if (minSample <= 0) return hidden;
  const coarse = coarsen(cells, atomN);
  cells = coarse.cells;
  atomN = coarse.atomN;
  const follows = cells.follows;
  const link = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = 0; k < follows.length; k += 2) {
        const a = follows[k] as number;
        const b = follows[k + 1] as number;
        if (hidden[a] === PUBLISHED && hidden[b] !== PUBLISHED) {
          hidden[a] = COMPLEMENTARY;
          changed = true;
        }
      }
    }
  };
  link();
  const meter = { work: 0 };
  protectLoop(cells, atomN, hidden, cellN, minSample, link, meter);
  release(cells, atomN, hidden, cellN, minSample, Math.max(RELEASE_WORK, meter.work));
  return hidden;
}

/** The work the release pass may always spend (audit operations), whatever the loop spent. */
const RELEASE_WORK = 200_000;
/** At most this many complements are tried for release. */
const RELEASE_TRIES = 200;

/**
 * The greedy loop hides more than needed where protections overlap: try to publish again each
 * complement (largest first), keeping it published when the audit still finds nothing. Each
 * try is an audit; the pass stops after {@link RELEASE_TRIES} tries or when it has spent
 * `budget` operations (as much as the protection itself, or {@link RELEASE_WORK}): counted
 * work, not time, so the result is the same on every machine.
 */
function release(
  cells: CellSet,
  atomN: Float64Array,
  hidden: Uint8Array,
  cellN: Float64Array,
  minSample: number,
  budget: number,
): void {
  const meter = { work: 0 };
  const follows = cells.follows;
  const tries: number[] = [];
  for (let c = 0; c < cells.size; c++) if (hidden[c] === COMPLEMENTARY) tries.push(c);
  tries.sort((a, b) => (cellN[b] as number) - (cellN[a] as number) || a - b);
  for (const c of tries.slice(0, RELEASE_TRIES)) {
    if (meter.work > budget) return;
    let free = true;
    for (let k = 0; k < follows.length && free; k += 2) {
      if (follows[k] === c && hidden[follows[k + 1] as number] !== PUBLISHED) free = false;
    }
    if (!free) continue;
    hidden[c] = PUBLISHED;
    if (audit(cells, atomN, hidden, cellN, minSample, false, meter).length > 0) {
      hidden[c] = COMPLEMENTARY;
    }
  }
}

/** Audit and hide until no protected cell is determined (see {@link protectCells}). */
function protectLoop(
  cells: CellSet,
  atomN: Float64Array,
  hidden: Uint8Array,
  cellN: Float64Array,
  minSample: number,
  link: () => void,
  meter: { work: number },
): void {
  // Subtraction chains (found by peeling alone, in linear time) are cut first; the exact
  // elimination runs only when peeling finds nothing, and the loop ends when it does too.
  let peelOnly = true;
  for (;;) {
    const found = audit(cells, atomN, hidden, cellN, minSample, peelOnly, meter);
    if (found.length === 0) {
      if (!peelOnly) return;
      peelOnly = false;
      continue;
    }
    peelOnly = true;
    for (const { support } of found) {
      let best = -1;
      let bestN = Infinity;
      for (const c of support) {
        const n = cellN[c] as number;
        if (hidden[c] === PUBLISHED && n > 0 && (n < bestN || (n === bestN && c > best))) {
          best = c;
          bestN = n;
        }
      }
      // Already broken by an earlier pick of this round, or nothing left to hide.
      if (best >= 0) hidden[best] = COMPLEMENTARY;
    }
    link();
  }
}

/** @internal The cells of one pooled tree table, by node (−1: none). */
export interface TreeCells {
  /** The node's pooled subtree. */
  readonly total: Int32Array;
  /** The node's own responses. */
  readonly own: Int32Array;
  /** The part of the node's pooled subtree that rolled up through its reported parent (dated only). */
  readonly via: Int32Array;
}

/** @internal How {@link treeCells} states its cells. */
export interface TreeCellOptions {
  /** Whether own cells are published (rollup) or only protected (tables of pooled figures). */
  readonly ownPublished: boolean;
  /** Whether to add the via cells of a dated structure as publishable (rollup's vsParent). */
  readonly via: boolean;
  /** `false`: no cell is published, the groups are only protected (default `true`). */
  readonly shown?: boolean;
}

/**
 * @internal Add the cells of a tree table over atoms: atom `atom[k]` holds responses of node
 * `node[k]` rolled up through structure `epoch[k]`. Per node: its pooled total (every atom at
 * or below it), its own responses, and, when the atoms span several structures, the parts of
 * its total that rolled up through each parent it had (and as a root): the pair cells, never
 * published but protected, since a moved store's few answers under its former region are a
 * group of their own. Nodes not in the reported structure have only protected cells.
 */
export function treeCells(
  cells: CellSet,
  size: number,
  report: { readonly order: Int32Array; readonly parent: Int32Array },
  atom: readonly number[],
  node: readonly number[],
  epoch: readonly { readonly parent: Int32Array }[],
  options: TreeCellOptions,
): TreeCells {
  const totalAtoms: number[][] = Array.from({ length: size }, () => []);
  const ownAtoms: number[][] = Array.from({ length: size }, () => []);
  const pairs = new Map<number, number[]>();
  const parentsSeen = new Map<number, Set<number>>();
  const dated = new Set(epoch).size > 1;
  for (let k = 0; k < atom.length; k++) {
    const a = atom[k] as number;
    let x = node[k] as number;
    const parent = (epoch[k] as { readonly parent: Int32Array }).parent;
    ownAtoms[x]?.push(a);
    while (x >= 0) {
      totalAtoms[x]?.push(a);
      const q = parent[x] as number;
      if (dated) {
        const key = x * (size + 1) + q + 1;
        let list = pairs.get(key);
        if (list === undefined) {
          list = [];
          pairs.set(key, list);
          let seen = parentsSeen.get(x);
          if (seen === undefined) {
            seen = new Set();
            parentsSeen.set(x, seen);
          }
          seen.add(q);
        }
        list.push(a);
      }
      x = q;
    }
  }
  const total = new Int32Array(size).fill(-1);
  const own = new Int32Array(size).fill(-1);
  const via = new Int32Array(size).fill(-1);
  const reported = new Uint8Array(size);
  for (const x of report.order) reported[x] = 1;
  for (let x = 0; x < size; x++) {
    const shown = reported[x] === 1 && options.shown !== false;
    total[x] = cells.add(totalAtoms[x] as number[], shown ? PUBLISHED : UNPUBLISHED);
    const ownShown = shown && options.ownPublished;
    own[x] = cells.add(ownAtoms[x] as number[], ownShown ? PUBLISHED : UNPUBLISHED);
    if (ownShown) cells.follow(own[x] as number, total[x] as number);
  }
  for (const [key, list] of pairs) {
    const x = Math.floor(key / (size + 1));
    const q = (key % (size + 1)) - 1;
    // a node that rolled up through one parent only: its pair cell is its total
    if ((parentsSeen.get(x)?.size ?? 0) < 2) {
      if (options.via && reported[x] === 1 && q === (report.parent[x] as number) && q >= 0) {
        via[x] = total[x] as number;
      }
      continue;
    }
    const isVia = options.via && reported[x] === 1 && q >= 0 && q === report.parent[x];
    const c = cells.add(list, isVia ? PUBLISHED : UNPUBLISHED);
    if (isVia) {
      via[x] = c;
      cells.follow(c, total[x] as number);
      cells.follow(c, total[q] as number);
    }
  }
  return { total, own, via };
}

/** @internal A cell state as a table's hidden flag: 0 published, 1 small sample, 2 otherwise withheld. */
export function hiddenFlag(state: number | undefined): number {
  return state === undefined || state === PUBLISHED ? 0 : state === PRIMARY ? 1 : 2;
}

/**
 * Merge the atoms that lie in exactly the same cells (a store's answers in every structure
 * where its place is the same, say): no published or protected figure tells them apart, so the
 * audit over the merged atoms decides exactly what it decides over the fine ones, on far fewer
 * unknowns. Empty atoms are dropped (they are known to be empty).
 */
function coarsen(cells: CellSet, atomN: Float64Array): { cells: CellSet; atomN: Float64Array } {
  const { start, atoms } = cells;
  const member: number[][] = [];
  for (let c = 0; c < cells.size; c++) {
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const a = atoms[k] as number;
      if ((atomN[a] as number) > 0) (member[a] ??= []).push(c);
    }
  }
  const classOf = new Int32Array(atomN.length).fill(-1);
  const ids = new Map<string, number>();
  const n: number[] = [];
  member.forEach((list, a) => {
    const key = list.join(',');
    let k = ids.get(key);
    if (k === undefined) {
      k = n.length;
      ids.set(key, k);
      n.push(0);
    }
    classOf[a] = k;
    n[k] = (n[k] ?? 0) + (atomN[a] as number);
  });
  const out = new CellSet();
  const seen = new Int32Array(n.length).fill(-1);
  for (let c = 0; c < cells.size; c++) {
    const list: number[] = [];
    for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
      const j = classOf[atoms[k] as number] as number;
      if (j >= 0 && seen[j] !== c) {
        seen[j] = c;
        list.push(j);
      }
    }
    out.add(list, cells.state[c] as number);
  }
  for (const f of cells.follows) out.follows.push(f);
  return { cells: out, atomN: Float64Array.from(n) };
}
