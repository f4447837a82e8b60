/**
 * @internal The one builder of {@link GroupFigures}: every table that reports a group (rollup,
 * trend, trendByNode, segments, crossTab) builds its figures here, so a group reads the same
 * everywhere and a withheld group publishes nothing.
 */
import type { GroupFigures, PublishedFigures, Tally } from '../types.ts';
import type { NpsInterval, NpsIntervalOptions, ResolvedInterval } from './npsInterval.ts';
import { intervalOfTally, resolveIntervalOptions } from './npsInterval.ts';
import { baseCount } from './variance.ts';

/** The figures of a withheld group: nothing but `suppressed: true`. */
export const WITHHELD: GroupFigures = /* @__PURE__ */ Object.freeze({
  total: null,
  n: null,
  baseN: null,
  nps: null,
  low: null,
  high: null,
  se: null,
  suppressed: true,
});

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
