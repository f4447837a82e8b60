import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { lazy, parseWith } from '../kernels/validate.ts';

export type { NpsBase, Scheme, SchemeDefinition, ScoreRange } from '../types.ts';

import type { Scheme, SchemeDefinition } from '../types.ts';

/** The largest scale span a scheme may have (scores are looked up in a table of this size). */
const MAX_SPAN = 100_000;

const rangeSchema = /* @__PURE__ */ lazy(() =>
  z
    .tuple([z.int(), z.int()])
    .check(z.refine((r) => r[0] <= r[1], 'expected [low, high] with low ≤ high')),
);

const schemeSchema = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    name: z.optional(z.string()),
    scale: rangeSchema(),
    promoters: rangeSchema(),
    passives: rangeSchema(),
    detractors: rangeSchema(),
    base: z.enum(['all', 'promoters-and-detractors']),
  }),
);

const BANDS = ['promoters', 'passives', 'detractors'] as const;

/**
 * Define and validate a scoring scheme.
 *
 * The scale is an integer range; the three bands are integer ranges inside it that do not
 * overlap and together cover the whole scale (a gap would silently drop scores, so it is an
 * error). `base` chooses the denominator of the NPS.
 *
 * @param definition - Scale, bands and base.
 * @returns The validated scheme (a new object; the input is not kept).
 * @throws {@link NpsInputError} with code `invalid_scheme` when a range is malformed, a band leaves
 *   the scale, two bands overlap or a score of the scale belongs to no band.
 * @example
 * ```ts
 * // A 1..5 CSAT-style scheme: 5 promotes, 4 is neutral, 1–3 detract.
 * const csat = defineScheme({
 *   scale: [1, 5], promoters: [5, 5], passives: [4, 4], detractors: [1, 3], base: 'all',
 * });
 * classify(4, csat); //=> 'passive'
 * ```
 */
export function defineScheme(definition: SchemeDefinition): Scheme {
  const d = parseWith(schemeSchema(), definition, 'defineScheme', 'the scheme', 'invalid_scheme');
  const [min, max] = d.scale;
  const fail = (message: string, path: PropertyKey[], received: unknown): never => {
    throw new NpsInputError({
      code: 'invalid_scheme',
      message: `defineScheme: ${message}`,
      path,
      received,
    });
  };
  if (max - min > MAX_SPAN) {
    fail(
      `the scale must span at most ${String(MAX_SPAN)} points, received [${String(min)}, ${String(max)}]`,
      ['scale'],
      d.scale,
    );
  }
  for (const band of BANDS) {
    const [lo, hi] = d[band];
    if (lo < min || hi > max) {
      fail(
        `${band} [${String(lo)}, ${String(hi)}] must lie inside the scale [${String(min)}, ${String(max)}]`,
        [band],
        d[band],
      );
    }
  }
  for (let i = 0; i < BANDS.length; i++) {
    for (let j = i + 1; j < BANDS.length; j++) {
      const a = BANDS[i] as (typeof BANDS)[number];
      const b = BANDS[j] as (typeof BANDS)[number];
      const [alo, ahi] = d[a];
      const [blo, bhi] = d[b];
      if (alo <= bhi && blo <= ahi) {
        fail(
          `bands must not overlap, but ${a} [${String(alo)}, ${String(ahi)}] and ${b} [${String(blo)}, ${String(bhi)}] share score ${String(Math.max(alo, blo))}`,
          [b],
          d[b],
        );
      }
    }
  }
  const covered =
    d.promoters[1] -
    d.promoters[0] +
    (d.passives[1] - d.passives[0]) +
    (d.detractors[1] - d.detractors[0]) +
    3;
  if (covered !== max - min + 1) {
    let gap = min;
    for (let s = min; s <= max; s++) {
      if (!BANDS.some((b) => d[b][0] <= s && s <= d[b][1])) {
        gap = s;
        break;
      }
    }
    fail(
      `the bands must cover the whole scale [${String(min)}, ${String(max)}], but score ${String(gap)} belongs to no band`,
      ['scale'],
      gap,
    );
  }
  return {
    name: d.name ?? 'custom',
    scale: [min, max],
    promoters: [d.promoters[0], d.promoters[1]],
    passives: [d.passives[0], d.passives[1]],
    detractors: [d.detractors[0], d.detractors[1]],
    base: d.base,
  };
}

/**
 * The default scheme: a 1..10 scale, promoters 8–10, passives 6–7, detractors 1–5, and
 * NPS = (P − D) / (P + D) (passives are left out of the base), as used by the retail group
 * this library was built for.
 *
 * @example
 * ```ts
 * tenPointScheme.promoters; //=> [8, 10]
 * nps([10, 8, 7, 3]); //=> 33.333333333333336  (2 promoters, 1 detractor; the passive is outside the base)
 * ```
 */
export const tenPointScheme: Scheme = {
  name: 'ten-point',
  scale: [1, 10],
  promoters: [8, 10],
  passives: [6, 7],
  detractors: [1, 5],
  base: 'promoters-and-detractors',
};

/**
 * The classic NPS scheme (Reichheld 2003): a 0..10 scale, promoters 9–10, passives 7–8,
 * detractors 0–6, and NPS = (P − D) / (P + Pa + D).
 *
 * @example
 * ```ts
 * nps([10, 9, 8, 3], { scheme: classicScheme }); //=> 25
 * ```
 */
export const classicScheme: Scheme = {
  name: 'classic',
  scale: [0, 10],
  promoters: [9, 10],
  passives: [7, 8],
  detractors: [0, 6],
  base: 'all',
};
