/**
 * @internal The one builder of {@link GroupFigures}: every table that reports a group (rollup,
 * trend, trendByNode, segments, crossTab) builds its figures here, so a group reads the same
 * everywhere and a withheld group publishes nothing.
 */
import type { GroupFigures, PublishedFigures, SuppressionReason, Tally } from '../types.ts';
import type { NpsInterval, NpsIntervalOptions, ResolvedInterval } from './npsInterval.ts';
import { intervalOfTally, resolveIntervalOptions } from './npsInterval.ts';
import { baseCount } from './variance.ts';

/** The figures of a withheld group: nothing but `suppressed: true`. */
export const WITHHELD: GroupFigures = /* @__PURE__ */ Object.freeze(withheld());

/**
 * The published figures of tally `t` under the resolved interval options; `interval` when it
 * was already computed for `t` (e.g. memoised for small cells).
 */
export function figuresOf(
  t: Tally,
  r: ResolvedInterval,
  interval: NpsInterval | null = intervalOfTally(t, r),
): PublishedFigures {
  return {
    total: t,
    n: t.n,
    baseN: baseCount(t, r.scheme.base),
    nps: interval?.nps ?? null,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    se: interval?.se ?? null,
    suppressed: false,
  };
}

/**
 * The interval options (`scheme`, `confidence`, `method`, `prior`) of a table function's options
 * object, validated and resolved: the table functions take the interval group among their own.
 */
export function intervalOptionsOf(
  fn: string,
  options: NpsIntervalOptions | undefined,
): ResolvedInterval {
  return resolveIntervalOptions(fn, {
    scheme: options?.scheme,
    confidence: options?.confidence,
    method: options?.method,
    prior: options?.prior,
  });
}

/**
 * The figures of a node × period cell of tally `t` (published: `suppression` null), as one
 * literal of every field: a cube builds these by the hundred thousand, and adding a field to
 * an object after it is built (or spreading it into another) costs V8 an extra allocation.
 */
export function cellFiguresOf(
  t: Tally,
  r: ResolvedInterval,
  interval: NpsInterval | null,
): PublishedFigures & { readonly suppression: null } {
  return {
    total: t,
    n: t.n,
    baseN: baseCount(t, r.scheme.base),
    nps: interval?.nps ?? null,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    se: interval?.se ?? null,
    suppressed: false,
    suppression: null,
  };
}

/** The figures of a withheld cell, with why. */
export function withheldCell(
  suppression: SuppressionReason,
): GroupFigures & { readonly suppression: SuppressionReason } {
  return {
    total: null,
    n: null,
    baseN: null,
    nps: null,
    low: null,
    high: null,
    se: null,
    suppressed: true,
    suppression,
  };
}

/** Fresh figures of a withheld group (to add fields to; {@link WITHHELD} is frozen). */
function withheld(): GroupFigures {
  return {
    total: null,
    n: null,
    baseN: null,
    nps: null,
    low: null,
    high: null,
    se: null,
    suppressed: true,
  };
}
