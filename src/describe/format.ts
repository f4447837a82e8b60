/**
 * @internal The locale's formatting for `describe`, all of it from `Intl`: numbers
 * (`Intl.NumberFormat`), plural forms (`Intl.PluralRules`), dates and month names
 * (`Intl.DateTimeFormat`; the month after a day, genitive in Russian and Ukrainian, is read from
 * `formatToParts` of a full date, so no month name is written by hand).
 */
import type { Formatter, PluralForms } from './messages/types.ts';

/** `Intl.NumberFormat` with `formatRange` (ES2023; the project's lib predates it). */
type RangeFormat = Intl.NumberFormat & { formatRange(start: number, end: number): string };

/** The wall-clock date `'YYYY-MM-DD'` (the first 10 characters of an ISO string) as a UTC Date. */
function wall(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/** @internal A {@link Formatter} for `locale`. */
export function formatter(locale: string): Formatter {
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const tenth = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const two = new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 });
  const plural = new Intl.PluralRules(locale);
  const utc = { timeZone: 'UTC' } as const;
  const dayFmt = new Intl.DateTimeFormat(locale, {
    ...utc,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const dayNoYear = new Intl.DateTimeFormat(locale, { ...utc, day: 'numeric', month: 'long' });
  const monthFmt = new Intl.DateTimeFormat(locale, { ...utc, month: 'long', year: 'numeric' });
  const yearFmt = new Intl.DateTimeFormat(locale, { ...utc, year: 'numeric' });
  // what is shown: whole numbers, and one decimal below 1 (so 0.4 points is not "0 points")
  // (+ 0 turns a negative zero into 0: Intl writes −0.04 rounded as "-0")
  const shown = (x: number): number =>
    (Math.abs(x) < 1 && x !== 0 ? Math.round(x * 10) / 10 : Math.round(x)) + 0;
  const num = (x: number): string => (Math.abs(x) < 1 && x !== 0 ? tenth : whole).format(shown(x));
  return {
    num,
    prob: (x) => (x < 0.001 ? `< ${two.format(0.001)}` : `= ${two.format(x)}`),
    // the plural form of the number as shown (4.7 is written 5: "5 пунктов", not "5 пункта")
    count: (n, forms: PluralForms) => `${num(n)} ${forms[plural.select(shown(n))] ?? forms.other}`,
    range: (low, high) =>
      (whole as RangeFormat).formatRange(Math.round(low) + 0, Math.round(high) + 0),
    day: (date) => dayFmt.format(wall(date)),
    dayNoYear: (date) => dayNoYear.format(wall(date)),
    month: (date) => monthFmt.format(wall(date)),
    monthAfterDay: (date, withYear) => {
      const fmt = withYear ? dayFmt : dayNoYear;
      const parts = fmt.formatToParts(wall(date));
      const out: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (part === undefined) continue;
        // leave out the day and the separator that follows it
        if (part.type === 'day') {
          if (parts[i + 1]?.type === 'literal') i++;
          continue;
        }
        out.push(part.value);
      }
      return out.join('').trim();
    },
    quarter: (date) => whole.format(Math.floor(wall(date).getUTCMonth() / 3) + 1),
    year: (date) => yearFmt.format(wall(date)),
  };
}
