/** Russian messages of `describe`. */
import type { Messages } from './types.ts';

const METHOD = {
  window: 'сравнение последних периодов с предыдущими',
  parent: 'сравнение последних периодов с вышестоящим подразделением',
  ewma: 'контрольная карта EWMA вышла за границу',
  cusum: 'контрольная карта CUSUM вышла за границу',
} as const;

/** Russian. */
export const ru: Messages = {
  answers: { one: 'ответ', few: 'ответа', many: 'ответов', other: 'ответа' },
  points: { one: 'пункт', few: 'пункта', many: 'пунктов', other: 'пункта' },
  overall: 'Все ответы',
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
        return `за неделю с ${f.day(date)}`;
      case 'month':
        return `за ${f.month(date)}`;
      case 'quarter':
        return `за ${f.quarter(date)}-й квартал ${f.year(date)} года`;
      case 'year':
        return `за ${f.year(date)} год`;
    }
  },
  since: ({ period, date, sameYear }, f) => {
    switch (period) {
      case 'day':
        return `с ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'week':
        return `с недели, начавшейся ${sameYear ? f.dayNoYear(date) : f.day(date)}`;
      case 'month':
        return `с ${f.monthAfterDay(date, !sameYear)}`;
      case 'quarter':
        return `с ${f.quarter(date)}-го квартала ${f.year(date)} года`;
      case 'year':
        return `с ${f.year(date)} года`;
    }
  },
  periodName: ({ period, date }, f) => {
    switch (period) {
      case 'day':
        return f.day(date);
      case 'week':
        return `неделя с ${f.day(date)}`;
      case 'month':
        return f.month(date);
      case 'quarter':
        return `${f.quarter(date)}-й квартал ${f.year(date)} года`;
      case 'year':
        return `${f.year(date)} год`;
    }
  },
  change: ({ direction, points, since }, f) =>
    direction === 'down'
      ? `снижение на ${f.count(points, ru.points)} ${since}, статистически значимое`
      : `рост на ${f.count(points, ru.points)} ${since}, статистически значимый`,
  noChange: ({ since }) => `статистически значимых изменений ${since} нет`,
  lever: ({ driver }) => `главный собственный рычаг: ${driver}`,
  summary: ({ unit, figure, during, n, change, lever }, f) =>
    `${unit}: ${figure}${during === null ? '' : ` ${during}`}${n === null ? '' : `, ${f.count(n, ru.answers)}`}${change === null ? '' : `; ${change}`}${lever === null ? '' : `; ${lever}`}.`,
  empty: ({ unit, during }) => `${unit}: ответов${during === null ? '' : ` ${during}`} нет.`,
  noBase: ({ unit, during, n }, f) =>
    n === null
      ? `${unit}: ${during === null ? '' : `${during} `}нет ни промоутеров, ни критиков, поэтому NPS не определён.`
      : `${unit}: ${f.count(n, ru.answers)}${during === null ? '' : ` ${during}`}, среди них нет ни промоутеров, ни критиков, поэтому NPS не определён.`,
  yearAgo: ({ unit, period, direction, points }, f) =>
    direction === null
      ? `${unit}: по сравнению с тем же периодом год назад (${period}) статистически значимых изменений нет.`
      : `${unit}: по сравнению с тем же периодом год назад (${period}) ${direction === 'down' ? 'снижение' : 'рост'} на ${f.count(points, ru.points)}, статистически ${direction === 'down' ? 'значимое' : 'значимый'}.`,
  withheld: ({ unit, during, reason, minSample }, f) =>
    reason === 'min_sample'
      ? `${unit}: данные${during === null ? '' : ` ${during}`} скрыты, слишком мало ответов (минимум — ${f.num(minSample)}).`
      : `${unit}: данные${during === null ? '' : ` ${during}`} скрыты, чтобы по ним нельзя было вычислить данные меньшей группы.`,
  vsParent: ({ parent, direction, points, q }, f) =>
    direction === null
      ? `статистически значимого отличия от «${parent}» нет (q Бенджамини — Хохберга ${q} по подразделениям этого уровня)`
      : `на ${f.count(points, ru.points)} ${direction === 'below' ? 'ниже' : 'выше'}, чем «${parent}», статистически значимо (q Бенджамини — Хохберга ${q} по подразделениям этого уровня)`,
  alert: ({ unit, direction, points, since, detector, q }, f) =>
    `${unit}: сигнал — ${direction === 'down' ? 'снижение' : 'рост'} NPS на ${f.count(points, ru.points)} с ${f.day(since)} (${METHOD[detector]}${q === null ? '' : `, q Бенджамини — Хохберга ${q}`}).`,
};
