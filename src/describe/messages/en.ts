/** English messages of `describe`. */
import type { Messages } from './types.ts';

const METHOD = {
  window: 'recent periods against its own earlier ones',
  parent: 'recent periods against its parent unit',
  ewma: 'EWMA control chart beyond its limit',
  cusum: 'CUSUM control chart beyond its limit',
} as const;

/** English. */
export const en: Messages = {
  answers: { one: 'answer', other: 'answers' },
  points: { one: 'point', other: 'points' },
  overall: 'All responses',
  nps: ({ nps, margin, range }) =>
    margin !== null
      ? `NPS ${nps} (±${margin})`
      : range !== null
        ? `NPS ${nps} (${range})`
        : `NPS ${nps}`,
  during: ({ period, date }, f) => {
    switch (period) {
      case 'day':
        return `on ${f.day(date)}`;
      case 'week':
        return `in the week of ${f.day(date)}`;
      case 'month':
        return `in ${f.month(date)}`;
      case 'quarter':
        return `in Q${f.quarter(date)} ${f.year(date)}`;
      case 'year':
        return `in ${f.year(date)}`;
    }
  },
  since: ({ period, date, sameYear }, f) => {
    switch (period) {
      case 'day':
        return `since ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'week':
        return `since the week of ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'month':
        return `since ${f.monthAfterDay(date, !sameYear)}`;
      case 'quarter':
        return `since Q${f.quarter(date)} ${f.year(date)}`;
      case 'year':
        return `since ${f.year(date)}`;
    }
  },
  periodName: ({ period, date }, f) => {
    switch (period) {
      case 'day':
        return f.day(date);
      case 'week':
        return `the week of ${f.day(date)}`;
      case 'month':
        return f.month(date);
      case 'quarter':
        return `Q${f.quarter(date)} ${f.year(date)}`;
      case 'year':
        return f.year(date);
    }
  },
  change: ({ direction, points, since }, f) =>
    `${direction} ${f.count(points, en.points)} ${since}, significant`,
  noChange: ({ since }) => `no significant change ${since}`,
  lever: ({ driver }) => `the biggest lever it owns: ${driver}`,
  summary: ({ unit, figure, during, n, change, lever }, f) =>
    `${unit}: ${figure}${during === null ? '' : ` ${during}`}${n === null ? '' : `, ${f.count(n, en.answers)}`}${change === null ? '' : `; ${change}`}${lever === null ? '' : `; ${lever}`}.`,
  empty: ({ unit, during }) => `${unit}: no answers${during === null ? '' : ` ${during}`}.`,
  noBase: ({ unit, during, n }, f) =>
    n === null
      ? `${unit}: no answer from a promoter or a detractor${during === null ? '' : ` ${during}`}, so no NPS.`
      : `${unit}: ${f.count(n, en.answers)}${during === null ? '' : ` ${during}`}, none from a promoter or a detractor, so no NPS.`,
  yearAgo: ({ unit, period, direction, points }, f) =>
    direction === null
      ? `${unit}: no significant change against the same period a year earlier (${period}).`
      : `${unit}: ${direction} ${f.count(points, en.points)} against the same period a year earlier (${period}), significant.`,
  withheld: ({ unit, during, reason, minSample }, f) =>
    reason === 'min_sample'
      ? `${unit}: figures withheld${during === null ? '' : ` ${during}`}, too few answers (the minimum is ${f.num(minSample)}).`
      : `${unit}: figures withheld${during === null ? '' : ` ${during}`} so that a smaller group's figures cannot be worked out from them.`,
  vsParent: ({ parent, direction, points, q }, f) =>
    direction === null
      ? `no significant difference from ${parent} (Benjamini–Hochberg q ${q} across the units of this level)`
      : `${f.count(points, en.points)} ${direction} ${parent}, significant (Benjamini–Hochberg q ${q} across the units of this level)`,
  alert: ({ unit, direction, points, since, detector, q }, f) =>
    `${unit}: alert, NPS ${direction === 'down' ? 'dropped' : 'rose'} ${f.count(points, en.points)} since ${f.day(since)} (${METHOD[detector]}${q === null ? '' : `, Benjamini–Hochberg q ${q}`}).`,
};
