/**
 * Random dated organisations and responses for the suppression tests: nodes may move parent
 * or close on {@link MOVE}; responses fall in three months and three channels. Everything the
 * attacker of test/_attacker.ts needs (which groups a published figure covers) is computed here
 * from the raw responses, independently of the library.
 */
import fc from 'fast-check';
import type { Group } from '../_attacker.ts';

/** The day the structure changes (mid-February 2025). */
const MOVE = Date.UTC(2025, 1, 15);
/** Response instants: two before the change, two after; months 0, 1, 1, 2. */
const TIMES = [
  Date.UTC(2025, 0, 10),
  Date.UTC(2025, 1, 5),
  Date.UTC(2025, 1, 20),
  Date.UTC(2025, 2, 10),
];
export const CHANNELS = ['A', 'B', 'C'];

interface WorldNode {
  readonly id: string;
  readonly before: string | null;
  /** Parent after the change; `undefined` when the node closed on the change. */
  readonly after: string | null | undefined;
}

export interface Answer {
  readonly nodeId: string;
  readonly score: number;
  readonly at: number;
  readonly channel: string;
}

export interface World {
  readonly nodes: readonly WorldNode[];
  readonly answers: readonly Answer[];
}

/** Node `i`'s parent is some node `j < i` (acyclic); node 0 is the root. */
export function worldArb(dated: boolean): fc.Arbitrary<World> {
  return fc
    .integer({ min: 2, max: 7 })
    .chain((k) =>
      fc.tuple(
        fc.array(fc.nat(), { minLength: k, maxLength: k }),
        fc.array(fc.nat(), { minLength: k, maxLength: k }),
        fc.array(fc.boolean(), { minLength: k, maxLength: k }),
      ),
    )
    .map(([b, a, closes]) => {
      const k = b.length;
      const ids = Array.from({ length: k }, (_, i) => (i === 0 ? 'r' : `u${String(i)}`));
      const before = ids.map((_, i) => (i === 0 ? null : (ids[(b[i] ?? 0) % i] as string)));
      let after: (string | null | undefined)[] = ids.map((_, i) =>
        i === 0 ? null : dated ? (ids[(a[i] ?? 0) % i] as string) : before[i],
      );
      // a node may close only if no open node is under it after the change
      if (dated) {
        after = after.map((p, i) =>
          i > 0 && closes[i] === true && !after.includes(ids[i] as string) ? undefined : p,
        );
      }
      return ids.map((id, i) => ({ id, before: before[i] ?? null, after: after[i] }));
    })
    .chain((nodes) =>
      fc.record({
        nodes: fc.constant(nodes),
        answers: fc.array(
          fc
            .record({
              node: fc.nat(nodes.length - 1),
              score: fc.integer({ min: 1, max: 10 }),
              t: fc.nat(3),
              channel: fc.constantFrom(...CHANNELS),
            })
            .map(({ node, score, t, channel }) => ({
              nodeId: (nodes[node] as WorldNode).id,
              score,
              at: TIMES[t] as number,
              channel,
            })),
          { maxLength: 60 },
        ),
      }),
    )
    .map(({ nodes, answers }) => ({
      nodes,
      // a closed node answers only before the change
      answers: answers.filter(
        (x) => x.at < MOVE || nodes.find((n) => n.id === x.nodeId)?.after !== undefined,
      ),
    }));
}

/** The buildHierarchy input of a world. */
export function hierarchyOf(w: World) {
  return w.nodes.flatMap((n) =>
    n.before === n.after
      ? [{ id: n.id, parentId: n.before }]
      : [
          { id: n.id, parentId: n.before, validTo: MOVE },
          ...(n.after === undefined ? [] : [{ id: n.id, parentId: n.after, validFrom: MOVE }]),
        ],
  );
}

/** The parent of `id` in the structure valid at `at`. */
function parentAt(w: World, id: string, at: number): string | null {
  const n = w.nodes.find((x) => x.id === id);
  return (at < MOVE ? n?.before : n?.after) ?? null;
}

/** The node and its ancestors at the answer's instant. */
function chainOf(w: World, a: Answer): string[] {
  const out: string[] = [];
  let x: string | null = a.nodeId;
  while (x !== null) {
    out.push(x);
    x = parentAt(w, x, a.at);
  }
  return out;
}

/** Month index 0..2 of an instant. */
const monthOf = (at: number): number => new Date(at).getUTCMonth();

/** Restrictions of a group: a month, a channel. */
export interface Slice {
  readonly month?: number;
  readonly channel?: string | null;
}

const inSlice = (a: Answer, s: Slice) =>
  (s.month === undefined || monthOf(a.at) === s.month) &&
  (s.channel === undefined ||
    (s.channel === null ? CHANNELS.includes(a.channel) : a.channel === s.channel));

const label = (s: Slice) =>
  `${s.month === undefined ? '' : ` month ${String(s.month)}`}${s.channel === undefined ? '' : ` channel ${s.channel ?? 'any'}`}`;

/** The node's pooled subtree (in a slice). */
export function totalGroup(w: World, x: string, s: Slice = {}): Group<Answer> {
  return { name: `total ${x}${label(s)}`, has: (a) => inSlice(a, s) && chainOf(w, a).includes(x) };
}

/** The node's own answers (in a slice). */
export function ownGroup(x: string, s: Slice = {}): Group<Answer> {
  return { name: `own ${x}${label(s)}`, has: (a) => inSlice(a, s) && a.nodeId === x };
}

/** The node's pooled answers that rolled up through parent `q` (null: as a root). */
export function pairGroup(w: World, x: string, q: string | null, s: Slice = {}): Group<Answer> {
  return {
    name: `${x} under ${q ?? 'no parent'}${label(s)}`,
    has: (a) => inSlice(a, s) && chainOf(w, a).includes(x) && parentAt(w, x, a.at) === q,
  };
}

/** Every natural group of a slice: totals, own answers and the parts under each parent. */
export function naturalGroups(w: World, s: Slice = {}): Group<Answer>[] {
  const out: Group<Answer>[] = [];
  for (const n of w.nodes) {
    out.push(totalGroup(w, n.id, s), ownGroup(n.id, s));
    for (const q of new Set([n.before, n.after])) {
      if (q !== undefined) out.push(pairGroup(w, n.id, q, s));
    }
  }
  return out;
}
