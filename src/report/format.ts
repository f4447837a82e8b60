// Numbers of the report pack, written with Intl.NumberFormat in the report's locale.
import { MESSAGES, type Messages, plural, type ReportLocale } from './messages.ts';

/** @internal Formatters and words of one locale. */
export interface Formats {
  readonly locale: ReportLocale;
  readonly m: Messages;
  /** An NPS or a difference, whole points (`−`-signed differences with `signed`). */
  readonly points: (v: number, signed?: boolean) => string;
  /** A share on 0..1 as a percentage. */
  readonly percent: (v: number) => string;
  /** A count. */
  readonly count: (v: number) => string;
  /** Hours, one decimal. */
  readonly hours: (v: number) => string;
  /** `n respondents`. */
  readonly respondents: (n: number) => string;
  /** The minimum sample `n` as counted after "fewer than". */
  readonly minimumAnswers: (n: number) => string;
  /** An interval `low – high` in points. */
  readonly range: (low: number, high: number) => string;
}

/** Formats built so far (an Intl.NumberFormat costs about a millisecond to build). */
const built = new Map<ReportLocale, Formats>();

/** @internal The formats of `locale` (built once). */
export function formats(locale: ReportLocale): Formats {
  let f = built.get(locale);
  if (f === undefined) {
    f = buildFormats(locale);
    built.set(locale, f);
  }
  return f;
}

function buildFormats(locale: ReportLocale): Formats {
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const m = MESSAGES[locale];
  const rules = new Intl.PluralRules(locale);
  // rounded first, so that −0.3 is written 0, not "-0" (Intl keeps the sign of a negative zero)
  const points = (v: number, s = false): string => (s ? signed : whole).format(Math.round(v) + 0);
  return {
    locale,
    m,
    points,
    percent: (v) => pct.format(v),
    count: (v) => whole.format(v),
    hours: (v) => oneDecimal.format(v),
    respondents: (n) => plural(rules, m.respondents, n, whole.format(n)),
    minimumAnswers: (n) => plural(rules, m.minimumAnswers, n, whole.format(n)),
    range: (low, high) => `${points(low)} – ${points(high)}`,
  };
}
