/**
 * The message catalogue of `describe`: every sentence of every locale, apart from the logic.
 * Each locale file (en.ts, ru.ts, uk.ts) is a {@link Messages}, so a missing key fails the type
 * check. Messages receive figures already formatted for the locale (numbers by
 * `Intl.NumberFormat`, dates by `Intl.DateTimeFormat`) and choose plural forms with
 * `Intl.PluralRules` through {@link Formatter}.
 * @module
 */
import type { TrendPeriod } from '../../types.ts';

/** Word forms by `Intl.PluralRules` category; `other` is required, the rest as the language needs. */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** A calendar period: its length and the wall-clock date of its start (`'2026-11-01'`). */
interface PeriodRef {
  readonly period: TrendPeriod;
  readonly date: string;
}

/** The locale's formatting, built on `Intl` (see src/describe/format.ts). */
export interface Formatter {
  /** A figure rounded for reading (NPS points: whole numbers; below 1, one decimal). */
  num(x: number): string;
  /** A p- or q-value with its relation: "= 0.012" (two significant digits) or "< 0.001". */
  prob(x: number): string;
  /** A count with its noun in the plural form `Intl.PluralRules` selects: "5 ответов". */
  count(n: number, forms: PluralForms): string;
  /** An interval of two figures, as `Intl.NumberFormat#formatRange` writes it: "84–100". */
  range(low: number, high: number): string;
  /** A day: "3 November 2026", "3 ноября 2026 г.". */
  day(date: string): string;
  /** A day without the year: "3 November", "3 ноября". */
  dayNoYear(date: string): string;
  /** A month with its year, standalone (nominative): "November 2026", "ноябрь 2026 г.". */
  month(date: string): string;
  /** The month's name as it stands after a day (genitive in Russian and Ukrainian): "ноября". */
  monthAfterDay(date: string, withYear: boolean): string;
  /** The quarter's number, 1–4, as the locale writes numbers. */
  quarter(date: string): string;
  /** The year alone, as Intl writes it: "2026". */
  year(date: string): string;
}

/** Which way a significant change goes. */
export type Direction = 'up' | 'down';

/** Who or what raised an alert (`detectShifts`' detectors). */
type Detector = 'window' | 'parent' | 'ewma' | 'cusum';

/** Every message of `describe`, in one locale. */
export interface Messages {
  /** "answer(s)". */
  readonly answers: PluralForms;
  /** "point(s)" of NPS. */
  readonly points: PluralForms;
  /** The subject when a result names no unit (a trend of the whole data). */
  readonly overall: string;
  /** "NPS 34" and its interval: `(±6)` when symmetric, else the range. */
  nps(p: { nps: string; margin: string | null; range: string | null }): string;
  /** The period a figure is for: "in November 2026", "за ноябрь 2026 г.". */
  during(p: PeriodRef, f: Formatter): string;
  /** Since an earlier period: "since October", "с октября" (`sameYear`: the year may be left out). */
  since(p: PeriodRef & { sameYear: boolean }, f: Formatter): string;
  /** A period named alone: "November 2025", "ноябрь 2025 г.". */
  periodName(p: PeriodRef, f: Formatter): string;
  /** A significant change: "down 9 points since October, significant". */
  change(p: { direction: Direction; points: number; since: string }, f: Formatter): string;
  /** No significant change: "no significant change since October". */
  noChange(p: { since: string }): string;
  /** The unit's biggest own lever: "the biggest lever it owns: speed of service". */
  lever(p: { driver: string }): string;
  /** "Unit: figure in period, n answers; change; lever." (`n` null: not known, left out) */
  summary(
    p: {
      unit: string;
      figure: string;
      during: string | null;
      n: number | null;
      change: string | null;
      lever: string | null;
    },
    f: Formatter,
  ): string;
  /** "Unit: no answers in November 2026." */
  empty(p: { unit: string; during: string | null }): string;
  /** "Unit: 5 answers in November 2026, none a promoter or a detractor (no NPS)." */
  noBase(p: { unit: string; during: string | null; n: number | null }, f: Formatter): string;
  /** Against the same period a year earlier. */
  yearAgo(
    p: { unit: string; period: string; direction: Direction | null; points: number },
    f: Formatter,
  ): string;
  /** Withheld figures (of the period `during`, when given): too few answers, or hidden to protect a small group. */
  withheld(
    p: {
      unit: string;
      during: string | null;
      reason: 'min_sample' | 'complementary';
      minSample: number;
    },
    f: Formatter,
  ): string;
  /** A node against its parent (rollup), Benjamini–Hochberg q across the level. */
  vsParent(
    p: { parent: string; direction: 'above' | 'below' | null; points: number; q: string },
    f: Formatter,
  ): string;
  /** A shift alert with its method. */
  alert(
    p: {
      unit: string;
      direction: Direction;
      points: number;
      since: string;
      detector: Detector;
      q: string | null;
    },
    f: Formatter,
  ): string;
}
