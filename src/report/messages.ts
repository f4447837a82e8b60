// The words of the report pack per locale, kept apart from the page logic. Plural forms are
// chosen with Intl.PluralRules, numbers are written with Intl.NumberFormat (see format.ts).

/** A locale of the report. */
export type ReportLocale = 'en' | 'ru' | 'uk';

/** Plural forms by Intl.PluralRules category (`other` is required). */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

/** @internal The words of one locale. */
export interface Messages {
  readonly report: string;
  readonly overview: string;
  readonly nps: string;
  readonly interval: (confidence: string) => string;
  readonly respondents: Plural;
  readonly withheld: string;
  /** The minimum sample as counted after "fewer than" (Russian: genitive; Ukrainian: after "менше ніж"). */
  readonly minimumAnswers: Plural;
  /** `minimum`: the minimum written with {@link Messages.minimumAnswers}. */
  readonly withheldMinSample: (minimum: string) => string;
  readonly withheldComplementary: string;
  readonly noResponses: string;
  readonly trend: string;
  readonly period: string;
  readonly comparison: string;
  readonly comparisonChildren: string;
  readonly unit: string;
  readonly vsParent: string;
  readonly parentRow: (name: string) => string;
  readonly significantMark: string;
  readonly significanceLegend: (confidence: string) => string;
  readonly children: string;
  readonly noChildren: string;
  readonly drivers: string;
  readonly driversIntro: (level: string, share: string) => string;
  readonly driversFrom: (name: string) => string;
  readonly latest: (period: string) => string;
  readonly vsPrevious: string;
  readonly vsYearAgo: string;
  readonly significant: string;
  readonly notSignificant: string;
  readonly driver: string;
  readonly quadrant: string;
  readonly quadrants: Readonly<Record<string, string>>;
  readonly followUp: string;
  readonly cases: string;
  readonly open: string;
  readonly overdueContact: string;
  readonly medianContactHours: string;
  readonly withinSla: string;
  readonly quality: string;
  readonly responseRate: string;
  readonly auditCompliance: string;
  readonly gamingFlags: string;
  readonly gamingNames: Readonly<Record<string, string>>;
  readonly alerts: string;
  readonly alertText: (kind: 'drop' | 'rise', points: string, since: string) => string;
  readonly findings: string;
  readonly noFindings: string;
  readonly breadcrumb: string;
  readonly chartData: string;
  readonly asOf: (date: string) => string;
  readonly methodNote: (method: string, confidence: string) => string;
  readonly value: string;
  readonly yes: string;
}

const en: Messages = {
  report: 'NPS report',
  overview: 'Overview',
  nps: 'NPS',
  interval: (c) => `${c} interval`,
  respondents: { one: '{n} respondent', other: '{n} respondents' },
  withheld: 'Figures withheld',
  minimumAnswers: { one: '{n} response', other: '{n} responses' },
  withheldMinSample: (m) =>
    `This unit has fewer than ${m}, the minimum for publishing its figures, so none are shown.`,
  withheldComplementary:
    'These figures are withheld so that another withheld figure cannot be worked out by subtraction.',
  noResponses: 'No responses in the base yet.',
  trend: 'Trend',
  period: 'Period',
  comparison: 'Compared with its parent and siblings',
  comparisonChildren: 'Its units compared with it',
  unit: 'Unit',
  vsParent: 'Difference from parent',
  parentRow: (name) => `${name} (parent)`,
  significantMark: '*',
  significanceLegend: (c) =>
    `* significant: the difference from the parent holds at the ${c} level after the Benjamini–Hochberg adjustment across the units of the level.`,
  children: 'Units below',
  noChildren: 'No units below this one.',
  drivers: 'Drivers this level owns',
  driversIntro: (level, share) =>
    `Drivers owned by the ${level} level: ${share} of the explained importance.`,
  driversFrom: (name) => `Too few complete answers here: importance from ${name}.`,
  latest: (p) => `Latest period: ${p}`,
  vsPrevious: 'Against the previous period',
  vsYearAgo: 'Against the same period a year ago',
  significant: 'significant',
  notSignificant: 'within the noise',
  driver: 'Driver',
  quadrant: 'Priority',
  quadrants: {
    fix_first: 'fix first',
    maintain: 'maintain',
    low_priority: 'low priority',
    possible_overkill: 'possible overkill',
  },
  followUp: 'Follow-up of unhappy customers',
  cases: 'Cases',
  open: 'Open',
  overdueContact: 'Overdue for contact',
  medianContactHours: 'Median hours to contact',
  withinSla: 'Contacted within the SLA',
  quality: 'Survey quality',
  responseRate: 'Response rate',
  auditCompliance: 'Mystery-shopper compliance',
  gamingFlags: 'Suspicious score patterns',
  gamingNames: {
    topShare: 'too many top scores',
    noDetractors: 'no detractors',
    periodEnd: 'surge at the end of the period',
    burst: 'identical answers in bursts',
  },
  alerts: 'Alerts',
  alertText: (kind, points, since) =>
    `${kind === 'drop' ? 'Drop' : 'Rise'} of ${points} points since ${since}.`,
  findings: 'Findings',
  noFindings: 'No findings for this unit.',
  breadcrumb: 'Breadcrumb',
  chartData: 'Chart data',
  asOf: (d) => `As of ${d}`,
  methodNote: (m, c) => `Intervals: ${m}, ${c} confidence.`,
  value: 'Value',
  yes: 'yes',
};

const ru: Messages = {
  report: 'Отчёт NPS',
  overview: 'Обзор',
  nps: 'NPS',
  interval: (c) => `Интервал ${c}`,
  respondents: {
    one: '{n} респондент',
    few: '{n} респондента',
    many: '{n} респондентов',
    other: '{n} респондента',
  },
  withheld: 'Показатели скрыты',
  minimumAnswers: {
    one: '{n} ответа',
    few: '{n} ответов',
    many: '{n} ответов',
    other: '{n} ответа',
  },
  withheldMinSample: (m) =>
    `У подразделения меньше ${m} — минимума для публикации, поэтому показатели не приводятся.`,
  withheldComplementary:
    'Показатели скрыты, чтобы другой скрытый показатель нельзя было вычислить вычитанием.',
  noResponses: 'Пока нет ответов в базе расчёта.',
  trend: 'Динамика',
  period: 'Период',
  comparison: 'Сравнение с вышестоящим и соседними подразделениями',
  comparisonChildren: 'Подразделения в сравнении с ним',
  unit: 'Подразделение',
  vsParent: 'Разница с вышестоящим',
  parentRow: (name) => `${name} (вышестоящее)`,
  significantMark: '*',
  significanceLegend: (c) =>
    `* значимо: разница с вышестоящим подразделением сохраняется на уровне ${c} после поправки Бенджамини — Хохберга по подразделениям уровня.`,
  children: 'Подразделения ниже',
  noChildren: 'Ниже подразделений нет.',
  drivers: 'Драйверы, за которые отвечает этот уровень',
  driversIntro: (level, share) => `Драйверы уровня «${level}»: ${share} объяснённой важности.`,
  driversFrom: (name) => `Здесь мало полных ответов: важность по данным «${name}».`,
  latest: (p) => `Последний период: ${p}`,
  vsPrevious: 'К предыдущему периоду',
  vsYearAgo: 'К тому же периоду год назад',
  significant: 'значимо',
  notSignificant: 'в пределах случайных колебаний',
  driver: 'Драйвер',
  quadrant: 'Приоритет',
  quadrants: {
    fix_first: 'исправить в первую очередь',
    maintain: 'поддерживать',
    low_priority: 'низкий приоритет',
    possible_overkill: 'возможно, избыточно',
  },
  followUp: 'Работа с недовольными клиентами',
  cases: 'Обращения',
  open: 'Открыто',
  overdueContact: 'Просрочен контакт',
  medianContactHours: 'Медиана часов до контакта',
  withinSla: 'Связались в срок',
  quality: 'Качество опроса',
  responseRate: 'Доля ответивших',
  auditCompliance: 'Соответствие стандартам (тайный покупатель)',
  gamingFlags: 'Подозрительные закономерности оценок',
  gamingNames: {
    topShare: 'слишком много высших оценок',
    noDetractors: 'нет критиков',
    periodEnd: 'всплеск в конце периода',
    burst: 'серии одинаковых ответов',
  },
  alerts: 'Сигналы',
  alertText: (kind, points, since) =>
    `${kind === 'drop' ? 'Снижение' : 'Рост'} на ${points} п. с ${since}.`,
  findings: 'Выводы',
  noFindings: 'Выводов по подразделению нет.',
  breadcrumb: 'Навигация',
  chartData: 'Данные графика',
  asOf: (d) => `На ${d}`,
  methodNote: (m, c) => `Интервалы: ${m}, доверительная вероятность ${c}.`,
  value: 'Значение',
  yes: 'да',
};

const uk: Messages = {
  report: 'Звіт NPS',
  overview: 'Огляд',
  nps: 'NPS',
  interval: (c) => `Інтервал ${c}`,
  respondents: {
    one: '{n} респондент',
    few: '{n} респонденти',
    many: '{n} респондентів',
    other: '{n} респондента',
  },
  withheld: 'Показники приховано',
  minimumAnswers: {
    one: '{n} відповідь',
    few: '{n} відповіді',
    many: '{n} відповідей',
    other: '{n} відповіді',
  },
  withheldMinSample: (m) =>
    `Підрозділ має менше ніж ${m} — мінімум для публікації, тому показники не наводяться.`,
  withheldComplementary:
    'Показники приховано, щоб інший прихований показник не можна було обчислити відніманням.',
  noResponses: 'Поки немає відповідей у базі розрахунку.',
  trend: 'Динаміка',
  period: 'Період',
  comparison: 'Порівняння з вищим і сусідніми підрозділами',
  comparisonChildren: 'Підрозділи в порівнянні з ним',
  unit: 'Підрозділ',
  vsParent: 'Різниця з вищим',
  parentRow: (name) => `${name} (вищий)`,
  significantMark: '*',
  significanceLegend: (c) =>
    `* значуще: різниця з вищим підрозділом зберігається на рівні ${c} після поправки Бенджаміні — Хохберга за підрозділами рівня.`,
  children: 'Підрозділи нижче',
  noChildren: 'Нижче підрозділів немає.',
  drivers: 'Драйвери, за які відповідає цей рівень',
  driversIntro: (level, share) => `Драйвери рівня «${level}»: ${share} поясненої важливості.`,
  driversFrom: (name) => `Тут замало повних відповідей: важливість за даними «${name}».`,
  latest: (p) => `Останній період: ${p}`,
  vsPrevious: 'До попереднього періоду',
  vsYearAgo: 'До того ж періоду рік тому',
  significant: 'значуще',
  notSignificant: 'у межах випадкових коливань',
  driver: 'Драйвер',
  quadrant: 'Пріоритет',
  quadrants: {
    fix_first: 'виправити насамперед',
    maintain: 'підтримувати',
    low_priority: 'низький пріоритет',
    possible_overkill: 'можливо, надмірно',
  },
  followUp: 'Робота з незадоволеними клієнтами',
  cases: 'Звернення',
  open: 'Відкрито',
  overdueContact: 'Прострочено контакт',
  medianContactHours: 'Медіана годин до контакту',
  withinSla: 'Звʼязалися вчасно',
  quality: 'Якість опитування',
  responseRate: 'Частка тих, хто відповів',
  auditCompliance: 'Відповідність стандартам (таємний покупець)',
  gamingFlags: 'Підозрілі закономірності оцінок',
  gamingNames: {
    topShare: 'забагато найвищих оцінок',
    noDetractors: 'немає критиків',
    periodEnd: 'сплеск наприкінці періоду',
    burst: 'серії однакових відповідей',
  },
  alerts: 'Сигнали',
  alertText: (kind, points, since) =>
    `${kind === 'drop' ? 'Зниження' : 'Зростання'} на ${points} п. з ${since}.`,
  findings: 'Висновки',
  noFindings: 'Висновків щодо підрозділу немає.',
  breadcrumb: 'Навігація',
  chartData: 'Дані графіка',
  asOf: (d) => `Станом на ${d}`,
  methodNote: (m, c) => `Інтервали: ${m}, довірча ймовірність ${c}.`,
  value: 'Значення',
  yes: 'так',
};

/** @internal The words of each locale. */
export const MESSAGES: Readonly<Record<ReportLocale, Messages>> = { en, ru, uk };

/** @internal The plural form of `forms` for `n` by `rules`, with `{n}` replaced by `formatted`. */
export function plural(
  rules: Intl.PluralRules,
  forms: Plural,
  n: number,
  formatted: string,
): string {
  return (forms[rules.select(n)] ?? forms.other).replace('{n}', formatted);
}
