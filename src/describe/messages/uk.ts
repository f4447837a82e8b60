/** Ukrainian messages of `describe`. */
import type { Messages } from './types.ts';

const METHOD = {
  window: 'порівняння останніх періодів із попередніми',
  parent: 'порівняння останніх періодів із вищим підрозділом',
  ewma: 'контрольна карта EWMA вийшла за межу',
  cusum: 'контрольна карта CUSUM вийшла за межу',
} as const;

/** Ukrainian. */
export const uk: Messages = {
  answers: { one: 'відповідь', few: 'відповіді', many: 'відповідей', other: 'відповіді' },
  points: { one: 'пункт', few: 'пункти', many: 'пунктів', other: 'пункту' },
  overall: 'Усі відповіді',
  nps: ({ nps, margin, range }) =>
    margin !== null
      ? `NPS ${nps} (±${margin})`
      : range !== null
        ? `NPS ${nps} (${range})`
        : `NPS ${nps}`,
  during: ({ period, date }, f) => {
    switch (period) {
      case 'day':
        return `за ${f.day(date)}`;
      case 'week':
        return `за тиждень з ${f.day(date)}`;
      case 'month':
        return `за ${f.month(date)}`;
      case 'quarter':
        return `за ${f.quarter(date)}-й квартал ${f.year(date)} року`;
      case 'year':
        return `за ${f.year(date)} рік`;
    }
  },
  since: ({ period, date, sameYear }, f) => {
    switch (period) {
      case 'day':
        return `з ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'week':
        return `з тижня, що почався ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'month':
        return `з ${f.monthAfterDay(date, !sameYear)}`;
      case 'quarter':
        return `з ${f.quarter(date)}-го кварталу ${f.year(date)} року`;
      case 'year':
        return `з ${f.year(date)} року`;
    }
  },
  periodName: ({ period, date }, f) => {
    switch (period) {
      case 'day':
        return f.day(date);
      case 'week':
        return `тиждень з ${f.day(date)}`;
      case 'month':
        return f.month(date);
      case 'quarter':
        return `${f.quarter(date)}-й квартал ${f.year(date)} року`;
      case 'year':
        return `${f.year(date)} рік`;
    }
  },
  change: ({ direction, points, since }, f) =>
    `${direction === 'down' ? 'зниження' : 'зростання'} на ${f.count(points, uk.points)} ${since}, статистично значуще`,
  noChange: ({ since }) => `статистично значущих змін ${since} немає`,
  lever: ({ driver }) => `головний власний важіль: ${driver}`,
  summary: ({ unit, figure, during, n, change, lever }, f) =>
    `${unit}: ${figure}${during === null ? '' : ` ${during}`}${n === null ? '' : `, ${f.count(n, uk.answers)}`}${change === null ? '' : `; ${change}`}${lever === null ? '' : `; ${lever}`}.`,
  empty: ({ unit, during }) => `${unit}: відповідей${during === null ? '' : ` ${during}`} немає.`,
  noBase: ({ unit, during, n }, f) =>
    n === null
      ? `${unit}: ${during === null ? '' : `${during} `}немає ні промоутерів, ні критиків, тому NPS не визначено.`
      : `${unit}: ${f.count(n, uk.answers)}${during === null ? '' : ` ${during}`}, серед них немає ні промоутерів, ні критиків, тому NPS не визначено.`,
  yearAgo: ({ unit, period, direction, points }, f) =>
    direction === null
      ? `${unit}: порівняно з тим самим періодом рік тому (${period}) статистично значущих змін немає.`
      : `${unit}: порівняно з тим самим періодом рік тому (${period}) ${direction === 'down' ? 'зниження' : 'зростання'} на ${f.count(points, uk.points)}, статистично значуще.`,
  withheld: ({ unit, during, reason, minSample }, f) =>
    reason === 'min_sample'
      ? `${unit}: дані${during === null ? '' : ` ${during}`} приховано, замало відповідей (мінімум — ${f.num(minSample)}).`
      : `${unit}: дані${during === null ? '' : ` ${during}`} приховано, щоб із них не можна було обчислити дані меншої групи.`,
  vsParent: ({ parent, direction, points, q }, f) =>
    direction === null
      ? `статистично значущої відмінності від «${parent}» немає (q Бенджаміні — Хохберга ${q} серед підрозділів цього рівня)`
      : `на ${f.count(points, uk.points)} ${direction === 'below' ? 'нижче' : 'вище'}, ніж «${parent}», статистично значуще (q Бенджаміні — Хохберга ${q} серед підрозділів цього рівня)`,
  alert: ({ unit, direction, points, since, detector, q }, f) =>
    `${unit}: сигнал — ${direction === 'down' ? 'зниження' : 'зростання'} NPS на ${f.count(points, uk.points)} з ${f.day(since)} (${METHOD[detector]}${q === null ? '' : `, q Бенджаміні — Хохберга ${q}`}).`,
};
