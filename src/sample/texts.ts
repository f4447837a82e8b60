/**
 * The words of the sample retail group: its organisation (regions and stores with real-looking
 * names), its drivers, the interviewers of its call centre, and short comments in Russian,
 * Ukrainian and English, one positive, one lukewarm and one negative per driver.
 */

/** @internal A region of the sample: its division, name, language mix and stores. */
export interface RegionSpec {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  /** Effect on the latent quality of its stores. */
  readonly effect: number;
  /** Main comment language of its customers. */
  readonly ukrainian: boolean;
  /** Stores: id, name, relative volume. */
  readonly stores: readonly (readonly [id: string, name: string, size: number])[];
}

/** @internal The divisions under the head office. */
export const DIVISIONS = [
  { id: 'retail', name: 'Retail chain' },
  { id: 'wholesale', name: 'Wholesale' },
  { id: 'online', name: 'Online shop' },
] as const;

/** @internal The regions and their stores (wholesale depots and pick-up points are "stores" too). */
export const REGIONS: readonly RegionSpec[] = [
  {
    id: 'retail-nw',
    division: 'retail',
    name: 'Retail North-West',
    effect: 0.12,
    ukrainian: false,
    stores: [
      ['spb-nevsky', 'Saint Petersburg, Nevsky Prospekt', 1.6],
      ['spb-moskovsky', 'Saint Petersburg, Moskovsky Prospekt', 1.3],
      ['novgorod', 'Veliky Novgorod, Bolshaya Moskovskaya', 0.7],
      ['pskov', 'Pskov, Oktyabrsky Prospekt', 0.6],
    ],
  },
  {
    id: 'retail-centre',
    division: 'retail',
    name: 'Retail Centre',
    effect: 0.05,
    ukrainian: false,
    stores: [
      ['msk-tverskaya', 'Moscow, Tverskaya Street', 1.8],
      ['msk-mitino', 'Moscow, Mitino', 1.4],
      ['tver', 'Tver, Tverskoy Prospekt', 0.8],
      ['yaroslavl', 'Yaroslavl, Kirova Street', 0.8],
    ],
  },
  {
    id: 'retail-volga',
    division: 'retail',
    name: 'Retail Volga',
    effect: -0.15,
    ukrainian: false,
    stores: [
      ['kazan-bauman', 'Kazan, Bauman Street', 1.3],
      ['samara-leninskaya', 'Samara, Leninskaya Street', 1.0],
      ['nnovgorod', 'Nizhny Novgorod, Bolshaya Pokrovskaya', 1.1],
      ['saratov', 'Saratov, Kirova Prospekt', 0.7],
    ],
  },
  {
    id: 'retail-ua',
    division: 'retail',
    name: 'Retail Ukraine',
    effect: 0.1,
    ukrainian: true,
    stores: [
      ['kyiv-khreshchatyk', 'Kyiv, Khreshchatyk', 1.6],
      ['lviv-rynok', 'Lviv, Rynok Square', 1.0],
      ['kharkiv-sumska', 'Kharkiv, Sumska Street', 1.0],
      ['odesa-derybasivska', 'Odesa, Derybasivska Street', 0.9],
    ],
  },
  {
    id: 'wholesale-centre',
    division: 'wholesale',
    name: 'Wholesale Centre',
    effect: -0.1,
    ukrainian: false,
    stores: [
      ['podolsk-depot', 'Podolsk depot', 0.6],
      ['ryazan-depot', 'Ryazan depot', 0.4],
      ['tula-depot', 'Tula depot', 0.4],
    ],
  },
  {
    id: 'wholesale-south',
    division: 'wholesale',
    name: 'Wholesale South',
    effect: 0,
    ukrainian: false,
    stores: [
      ['rostov-depot', 'Rostov-on-Don depot', 0.6],
      ['krasnodar-depot', 'Krasnodar depot', 0.5],
      ['volgograd-depot', 'Volgograd depot', 0.4],
    ],
  },
  {
    id: 'online-ru',
    division: 'online',
    name: 'Pick-up points Russia',
    effect: 0.08,
    ukrainian: false,
    stores: [
      ['pickup-khimki', 'Pick-up point Moscow, Khimki', 1.2],
      ['pickup-yekaterinburg', 'Pick-up point Yekaterinburg', 0.8],
      ['pickup-novosibirsk', 'Pick-up point Novosibirsk', 0.7],
    ],
  },
  {
    id: 'online-ua',
    division: 'online',
    name: 'Pick-up points Ukraine',
    effect: 0.05,
    ukrainian: true,
    stores: [
      ['pickup-kyiv-obolon', 'Pick-up point Kyiv, Obolon', 0.9],
      ['pickup-dnipro', 'Pick-up point Dnipro', 0.6],
    ],
  },
];

/** @internal The drivers of loyalty: id, name, owning level, mean offset, effect on the score. */
export const DRIVER_SPECS = [
  ['politeness', 'Politeness of staff', 'store', 0.8, 0.3],
  ['speed', 'Speed of service', 'store', 0.2, 0.15],
  ['expertise', 'Staff expertise', 'store', 0.4, 0.12],
  ['assortment', 'Assortment', 'head office', -0.3, 0.18],
  ['price', 'Prices', 'head office', -1.0, 0.2],
  ['delivery', 'Delivery', 'division', -0.6, 0.1],
] as const;

/** @internal The call centre's interviewers (phone surveys); the last one's answers are too good. */
export const INTERVIEWERS = [
  'Marina Sokolova',
  'Dmitry Orlov',
  'Anna Kuznetsova',
  'Oleksandr Bondarenko',
  'Yulia Melnyk',
  'Sergey Pavlov',
  'Natalia Morozova',
  'Andriy Shevchenko',
  'Olga Lebedeva',
  'Irina Volkova',
] as const;

type Phrases = readonly [positive: string, lukewarm: string, negative: string];

/** @internal Comments per driver and language: [positive, lukewarm, negative]. */
export const COMMENTS: Readonly<Record<'ru' | 'uk' | 'en', readonly Phrases[]>> = {
  ru: [
    [
      'Очень вежливый и внимательный персонал, спасибо!',
      'Персонал в целом вежливый, но не всегда приветливый.',
      'Продавец разговаривал грубо, больше не приду.',
    ],
    [
      'Обслужили быстро, без очереди.',
      'Нормально, но на кассе пришлось подождать.',
      'Очень долго ждал на кассе, работала одна касса.',
    ],
    [
      'Консультант отлично разбирается в товаре, помог с выбором.',
      'Консультант помог, но не на все вопросы ответил.',
      'Консультант ничего не знает о товаре.',
    ],
    [
      'Большой выбор, нашёл всё, что нужно.',
      'Выбор неплохой, но нужного размера не было.',
      'Половины товаров нет в наличии.',
    ],
    [
      'Цены приятные, хорошие акции.',
      'Цены чуть выше, чем у конкурентов.',
      'Слишком дорого, в других магазинах дешевле.',
    ],
    [
      'Доставили вовремя, курьер вежливый.',
      'Доставка нормальная, но курьер опоздал на час.',
      'Доставку перенесли два раза, заказ пришёл повреждённым.',
    ],
  ],
  uk: [
    [
      'Дуже ввічливий і уважний персонал, дякую!',
      'Персонал загалом ввічливий, але не завжди привітний.',
      'Продавець розмовляв грубо, більше не прийду.',
    ],
    [
      'Обслужили швидко, без черги.',
      'Нормально, але на касі довелося почекати.',
      'Дуже довго чекав на касі, працювала одна каса.',
    ],
    [
      'Консультант чудово знається на товарі, допоміг з вибором.',
      'Консультант допоміг, але не на всі питання відповів.',
      'Консультант нічого не знає про товар.',
    ],
    [
      'Великий вибір, знайшов усе, що потрібно.',
      'Вибір непоганий, але потрібного розміру не було.',
      'Половини товарів немає в наявності.',
    ],
    [
      'Ціни приємні, гарні акції.',
      'Ціни трохи вищі, ніж у конкурентів.',
      'Занадто дорого, в інших магазинах дешевше.',
    ],
    [
      'Доставили вчасно, кур’єр ввічливий.',
      'Доставка нормальна, але кур’єр запізнився на годину.',
      'Доставку переносили двічі, замовлення прийшло пошкодженим.',
    ],
  ],
  en: [
    [
      'Very polite and helpful staff, thank you!',
      'Staff were polite enough, but not very friendly.',
      'The shop assistant was rude. Never again.',
    ],
    [
      'Quick service, no queue at all.',
      'Fine, but I had to wait at the checkout.',
      'Waited ages at the checkout, only one till open.',
    ],
    [
      'The consultant knew the products well and helped me choose.',
      'The consultant helped, but could not answer everything.',
      'The consultant knew nothing about the product.',
    ],
    [
      'Great choice, found everything I needed.',
      'Decent range, but my size was missing.',
      'Half of the items were out of stock.',
    ],
    [
      'Good prices and nice offers.',
      'Prices a bit higher than elsewhere.',
      'Far too expensive, cheaper in other shops.',
    ],
    [
      'Delivered on time, friendly courier.',
      'Delivery was fine, but the courier was an hour late.',
      'Delivery was rescheduled twice and the order arrived damaged.',
    ],
  ],
};
