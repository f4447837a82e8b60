// Shared fixtures of the hierarchy tests: hand-built trees, response builders, random trees.
import fc from 'fast-check';
import { expect } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';

/** A three-level tree: hq → north (n1, n2), south (s1). */
export const regionTree = [
  { id: 'hq', parentId: null, level: 'company' },
  { id: 'north', parentId: 'hq', level: 'region' },
  { id: 'south', parentId: 'hq', level: 'region' },
  { id: 'n1', parentId: 'north', level: 'store' },
  { id: 'n2', parentId: 'north', level: 'store' },
  { id: 's1', parentId: 'south', level: 'store' },
] as const;

/** A two-level tree: a company with the given stores. */
export function storeTree(stores: readonly string[] = ['a', 'b', 'c']) {
  return [
    { id: 'all', parentId: null, level: 'company' },
    ...stores.map((id) => ({ id, parentId: 'all', level: 'store' })),
  ];
}

/** k rows with the same node and score. */
export const rep = (nodeId: string, score: number, k: number) =>
  Array.from({ length: k }, () => ({ nodeId, score }));

/** The `code` of the NpsInputError `f` throws (asserting it is one), or undefined. */
/**
 * Stores of unequal size under one region, for the funnel and shrinkage checks against R:
 * a: P30 Pa12 D8, b: P5 D9, c: P61 Pa20 D33 (ten-point scheme, base P + D).
 */
export const unequal = [
  ...rep('a', 10, 30),
  ...rep('a', 7, 12),
  ...rep('a', 2, 8),
  ...rep('b', 9, 5),
  ...rep('b', 3, 9),
  ...rep('c', 8, 61),
  ...rep('c', 6, 20),
  ...rep('c', 1, 33),
];

export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return (e as NpsInputError).code;
  }
  return undefined;
}

/** Random tree: node i > 0 has a parent among 0..i−1; node 1 is called `__proto__`. */
const treeArb = fc
  .integer({ min: 1, max: 12 })
  .chain((size) =>
    fc.tuple(fc.constant(size), fc.array(fc.nat(), { minLength: size - 1, maxLength: size - 1 })),
  )
  .map(([size, ps]) => {
    const ids = Array.from({ length: size }, (_, i) => (i === 1 ? '__proto__' : `n${String(i)}`));
    return ids.map((id, i) => ({
      id,
      parentId: i === 0 ? null : (ids[(ps[i - 1] ?? 0) % i] ?? null),
    }));
  });

/** The day store `s` moves from region north to region south in {@link movedStoreTree}. */
export const move = Date.UTC(2025, 5, 1);

/** A dated tree: hq → north, south; store `s` moves from north to south on {@link move}; plus `extra`. */
export function movedStoreTree(
  extra: readonly { id: string; parentId: string; validTo?: number }[],
) {
  return [
    { id: 'hq', parentId: null },
    { id: 'north', parentId: 'hq' },
    { id: 'south', parentId: 'hq' },
    { id: 's', parentId: 'north', validTo: move },
    { id: 's', parentId: 'south', validFrom: move },
    ...extra,
  ];
}

/** A random tree, up to 60 responses on its nodes (each with the `extra` fields), and a minSample in 0..6. */
export function caseArbWith<E extends object>(extra: fc.Arbitrary<E>) {
  return treeArb.chain((nodes) =>
    fc.tuple(
      fc.constant(nodes),
      fc.array(
        fc
          .tuple(
            fc.record({
              nodeId: fc.constantFrom(...nodes.map((n) => n.id)),
              score: fc.integer({ min: 1, max: 10 }),
            }),
            extra,
          )
          .map(([r, e]) => ({ ...e, ...r })),
        { maxLength: 60 },
      ),
      fc.integer({ min: 0, max: 6 }),
    ),
  );
}

/** A random tree, up to 60 responses on its nodes, and a minSample in 0..6. */
export const caseArb = caseArbWith(fc.constant({}));

/** The tally of one response on the ten-point scheme (8–10 / 6–7 / 1–5). */
export const unitTally = (score: number) => ({
  promoters: score >= 8 ? 1 : 0,
  passives: score === 6 || score === 7 ? 1 : 0,
  detractors: score <= 5 ? 1 : 0,
  n: 1,
});
