/**
 * Internal: reading trend series (results of `trend`, per-node series, the `trendByNode` cube)
 * and the variance each period's NPS is weighted by. Shared by trendChanges, trendTest and
 * detectShifts.
 * @internal
 */

import { effectiveCounts } from '../core/npsInterval.ts';
import type { NpsBase } from '../core/scheme.ts';
import { type Tally, tallyFromCounts } from '../core/tally.ts';
import { answerVariance, npsMoments } from '../core/variance.ts';
import { isNpsInputError, NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { isTallyLike, sumTallies } from '../kernels/tallies.ts';

/** @internal A period of a series: ISO start (inclusive) and end (exclusive). */
export interface SeriesPeriod {
  readonly start: string;
  readonly end: string;
}

/** @internal One unit's series: its tallies aligned with the periods. */
export interface SeriesUnit {
  readonly id: string;
  readonly parentId: string | null;
  readonly tallies: readonly Tally[];
}

/** @internal Validate one period's tally (a `Tally` object). */
export function readTally(fn: string, value: unknown, path: PropertyKey[]): Tally {
  if (!isTallyLike(value)) {
    throw badInput(fn, `${path.map(String).join('.')} must be a Tally`, value, path);
  }
  try {
    return tallyFromCounts(value);
  } catch (e) {
    if (!isNpsInputError(e)) throw e;
    throw new NpsInputError({
      code: e.code,
      message: `${fn}: ${path.map(String).join('.')} is not a valid Tally: ${e.message.replace(/^tallyFromCounts: /, '')}`,
      path: [...path, ...e.path],
      received: value,
      cause: e,
    });
  }
}

function readString(fn: string, value: unknown, path: PropertyKey[]): string {
  if (typeof value !== 'string')
    throw badInput(fn, `${path.map(String).join('.')} must be a string`, value, path);
  return value;
}

/** @internal Periods and tallies of a `{ points: [{ start, end, total }] }` series. */
export function readPoints(
  fn: string,
  result: unknown,
  path: PropertyKey[] = [],
): { periods: SeriesPeriod[]; tallies: Tally[] } {
  const points = (result as { points?: unknown } | null | undefined)?.points;
  if (typeof result !== 'object' || result === null || !Array.isArray(points)) {
    throw badInput(
      fn,
      'the series must be an object { points: [{ start, end, total }] } as returned by trend()',
      result,
      path,
    );
  }
  const periods: SeriesPeriod[] = [];
  const tallies: Tally[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as { start?: unknown; end?: unknown; total?: unknown } | null;
    const at = [...path, 'points', i];
    if (typeof p !== 'object' || p === null)
      throw badInput(fn, `point ${String(i)} must be an object { start, end, total }`, p, at);
    periods.push({
      start: readString(fn, p.start, [...at, 'start']),
      end: readString(fn, p.end, [...at, 'end']),
    });
    tallies.push(readTally(fn, p.total, [...at, 'total']));
  }
  return { periods, tallies };
}

/** @internal Pooled tally of `tallies[from .. to)` (validated tallies; empty range → empty tally). */
export function poolRange(tallies: readonly Tally[], from: number, to: number): Tally {
  return sumTallies(tallies.slice(Math.max(0, from), Math.max(0, to)));
}

/**
 * @internal The variance (−1..1 scale) a period's NPS is weighted or standardised by, or null
 * for an empty base: the (Taylor-linearised, when weighted) variance of `npsMoments`; when that
 * is 0 (every respondent in one category: NPS ±100, or only passives under base 'all') the
 * variance at Rocks' (2016) adjusted counts (P + ¾, D + ¾, and passives + 3/2 under base 'all',
 * from the Kish-effective counts when weighted) replaces it, so one-sided periods keep a finite
 * weight that grows with their size.
 */
export function periodVariance(t: Tally, base: NpsBase): number | null {
  const m = npsMoments(t, base);
  if (m === null) return null;
  if (m.variance > 0) return m.variance;
  const c = effectiveCounts(t, base);
  const p = c.p + 0.75;
  const d = c.d + 0.75;
  const pa = base === 'all' ? c.pa + 1.5 : 0;
  const n = p + pa + d;
  return answerVariance(p / n, d / n, (p - d) / n) / n;
}
