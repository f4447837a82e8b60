import { expect, describe as group, it } from 'vitest';
import { describe } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { fixedAnalysis, fixedChanges, fixedRollup, fixedShifts } from './_fixed.ts';

const texts = (r: unknown, locale: 'en' | 'ru' | 'uk') =>
  describe(r, { locale }).map((f) => `${f.kind}${f.significant ? ' *' : ''}: ${f.text}`);

group('describe an analysis', () => {
  const a = fixedAnalysis();
  it('en', () => {
    expect(texts(a, 'en')).toMatchInlineSnapshot(`
      [
        "summary *: Group: NPS -12 (±19) in November 2025, 102 answers; down 35 points since October, significant; the biggest lever it owns: prices.",
        "year_ago: Group: no significant change against the same period a year earlier (November 2024).",
        "summary *: Region North: NPS -20 (-40 – 2) in November 2025, 80 answers; down 45 points since October, significant.",
        "year_ago *: Region North: down 33 points against the same period a year earlier (November 2024), significant.",
        "summary *: Store Lenina 5: NPS -50 (-72 – -20) in November 2025, 40 answers; down 100 points since October, significant; the biggest lever it owns: speed of service.",
        "year_ago *: Store Lenina 5: down 75 points against the same period a year earlier (November 2024), significant.",
        "summary: Store Mira 12: NPS 10 (-20 – 39) in November 2025, 40 answers; no significant change since October; the biggest lever it owns: speed of service.",
        "year_ago: Store Mira 12: no significant change against the same period a year earlier (November 2024).",
        "summary: Region South: NPS 18 (-23 – 53) in November 2025, 22 answers; no significant change since October.",
        "withheld: Kiosk Vokzal: figures withheld in November 2025, too few answers (the minimum is 5).",
        "withheld: Store Sadova 1: figures withheld in November 2025 so that a smaller group's figures cannot be worked out from them.",
        "alert *: Group: alert, NPS dropped 35 points since November 1, 2025 (recent periods against its own earlier ones, Benjamini–Hochberg q = 0.02).",
        "alert *: Region North: alert, NPS dropped 45 points since November 1, 2025 (recent periods against its own earlier ones, Benjamini–Hochberg q = 0.012).",
        "alert *: Store Lenina 5: alert, NPS dropped 100 points since November 1, 2025 (recent periods against its own earlier ones, Benjamini–Hochberg q < 0.001).",
      ]
    `);
  });
  it('ru', () => {
    expect(texts(a, 'ru')).toMatchInlineSnapshot(`
      [
        "summary *: Group: NPS -12 (±19) за ноябрь 2025 г., 102 ответа; снижение на 35 пунктов с октября, статистически значимое; главный собственный рычаг: prices.",
        "year_ago: Group: по сравнению с тем же периодом год назад (ноябрь 2024 г.) статистически значимых изменений нет.",
        "summary *: Region North: NPS -20 (-40 – 2) за ноябрь 2025 г., 80 ответов; снижение на 45 пунктов с октября, статистически значимое.",
        "year_ago *: Region North: по сравнению с тем же периодом год назад (ноябрь 2024 г.) снижение на 33 пункта, статистически значимое.",
        "summary *: Store Lenina 5: NPS -50 (-72 – -20) за ноябрь 2025 г., 40 ответов; снижение на 100 пунктов с октября, статистически значимое; главный собственный рычаг: speed of service.",
        "year_ago *: Store Lenina 5: по сравнению с тем же периодом год назад (ноябрь 2024 г.) снижение на 75 пунктов, статистически значимое.",
        "summary: Store Mira 12: NPS 10 (-20 – 39) за ноябрь 2025 г., 40 ответов; статистически значимых изменений с октября нет; главный собственный рычаг: speed of service.",
        "year_ago: Store Mira 12: по сравнению с тем же периодом год назад (ноябрь 2024 г.) статистически значимых изменений нет.",
        "summary: Region South: NPS 18 (-23 – 53) за ноябрь 2025 г., 22 ответа; статистически значимых изменений с октября нет.",
        "withheld: Kiosk Vokzal: данные за ноябрь 2025 г. скрыты, слишком мало ответов (минимум — 5).",
        "withheld: Store Sadova 1: данные за ноябрь 2025 г. скрыты, чтобы по ним нельзя было вычислить данные меньшей группы.",
        "alert *: Group: сигнал — снижение NPS на 35 пунктов с 1 ноября 2025 г. (сравнение последних периодов с предыдущими, q Бенджамини — Хохберга = 0,02).",
        "alert *: Region North: сигнал — снижение NPS на 45 пунктов с 1 ноября 2025 г. (сравнение последних периодов с предыдущими, q Бенджамини — Хохберга = 0,012).",
        "alert *: Store Lenina 5: сигнал — снижение NPS на 100 пунктов с 1 ноября 2025 г. (сравнение последних периодов с предыдущими, q Бенджамини — Хохберга < 0,001).",
      ]
    `);
  });
  it('uk', () => {
    expect(texts(a, 'uk')).toMatchInlineSnapshot(`
      [
        "summary *: Group: NPS -12 (±19) за листопад 2025 р., 102 відповіді; зниження на 35 пунктів з жовтня, статистично значуще; головний власний важіль: prices.",
        "year_ago: Group: порівняно з тим самим періодом рік тому (листопад 2024 р.) статистично значущих змін немає.",
        "summary *: Region North: NPS -20 (-40 – 2) за листопад 2025 р., 80 відповідей; зниження на 45 пунктів з жовтня, статистично значуще.",
        "year_ago *: Region North: порівняно з тим самим періодом рік тому (листопад 2024 р.) зниження на 33 пункти, статистично значуще.",
        "summary *: Store Lenina 5: NPS -50 (-72 – -20) за листопад 2025 р., 40 відповідей; зниження на 100 пунктів з жовтня, статистично значуще; головний власний важіль: speed of service.",
        "year_ago *: Store Lenina 5: порівняно з тим самим періодом рік тому (листопад 2024 р.) зниження на 75 пунктів, статистично значуще.",
        "summary: Store Mira 12: NPS 10 (-20 – 39) за листопад 2025 р., 40 відповідей; статистично значущих змін з жовтня немає; головний власний важіль: speed of service.",
        "year_ago: Store Mira 12: порівняно з тим самим періодом рік тому (листопад 2024 р.) статистично значущих змін немає.",
        "summary: Region South: NPS 18 (-23 – 53) за листопад 2025 р., 22 відповіді; статистично значущих змін з жовтня немає.",
        "withheld: Kiosk Vokzal: дані за листопад 2025 р. приховано, замало відповідей (мінімум — 5).",
        "withheld: Store Sadova 1: дані за листопад 2025 р. приховано, щоб із них не можна було обчислити дані меншої групи.",
        "alert *: Group: сигнал — зниження NPS на 35 пунктів з 1 листопада 2025 р. (порівняння останніх періодів із попередніми, q Бенджаміні — Хохберга = 0,02).",
        "alert *: Region North: сигнал — зниження NPS на 45 пунктів з 1 листопада 2025 р. (порівняння останніх періодів із попередніми, q Бенджаміні — Хохберга = 0,012).",
        "alert *: Store Lenina 5: сигнал — зниження NPS на 100 пунктів з 1 листопада 2025 р. (порівняння останніх періодів із попередніми, q Бенджаміні — Хохберга < 0,001).",
      ]
    `);
  });
});

group('describe a rollup, a trendChanges and a detectShifts result', () => {
  it('en', () => {
    expect([
      ...texts(fixedRollup(), 'en'),
      ...texts(fixedChanges(), 'en'),
      ...texts(fixedShifts(), 'en'),
    ]).toMatchInlineSnapshot(`
      [
        "summary: Group: NPS 8 (±12), 284 answers.",
        "summary: Region North: NPS 6 (±13), 240 answers; no significant difference from Group (Benjamini–Hochberg q = 0.44 across the units of this level).",
        "summary: Region South: NPS 18 (-11 – 45), 44 answers; no significant difference from Group (Benjamini–Hochberg q = 0.44 across the units of this level).",
        "summary: Store Lenina 5: NPS 8 (±18), 120 answers; no significant difference from Region North (Benjamini–Hochberg q = 0.7 across the units of this level).",
        "summary: Store Mira 12: NPS 3 (±18), 120 answers; no significant difference from Region North (Benjamini–Hochberg q = 0.7 across the units of this level).",
        "withheld: Kiosk Vokzal: figures withheld, too few answers (the minimum is 5).",
        "withheld: Store Sadova 1: figures withheld so that a smaller group's figures cannot be worked out from them.",
        "summary *: All responses: NPS -50 in November 2025; down 100 points since October, significant.",
        "year_ago *: All responses: down 75 points against the same period a year earlier (November 2024), significant.",
        "alert *: store-7: alert, NPS dropped 75 points since April 1, 2025 (recent periods against its own earlier ones, Benjamini–Hochberg q < 0.001).",
      ]
    `);
  });
  it('ru', () => {
    expect([
      ...texts(fixedRollup(), 'ru'),
      ...texts(fixedChanges(), 'ru'),
      ...texts(fixedShifts(), 'ru'),
    ]).toMatchInlineSnapshot(`
      [
        "summary: Group: NPS 8 (±12), 284 ответа.",
        "summary: Region North: NPS 6 (±13), 240 ответов; статистически значимого отличия от «Group» нет (q Бенджамини — Хохберга = 0,44 по подразделениям этого уровня).",
        "summary: Region South: NPS 18 (-11 – 45), 44 ответа; статистически значимого отличия от «Group» нет (q Бенджамини — Хохберга = 0,44 по подразделениям этого уровня).",
        "summary: Store Lenina 5: NPS 8 (±18), 120 ответов; статистически значимого отличия от «Region North» нет (q Бенджамини — Хохберга = 0,7 по подразделениям этого уровня).",
        "summary: Store Mira 12: NPS 3 (±18), 120 ответов; статистически значимого отличия от «Region North» нет (q Бенджамини — Хохберга = 0,7 по подразделениям этого уровня).",
        "withheld: Kiosk Vokzal: данные скрыты, слишком мало ответов (минимум — 5).",
        "withheld: Store Sadova 1: данные скрыты, чтобы по ним нельзя было вычислить данные меньшей группы.",
        "summary *: Все ответы: NPS -50 за ноябрь 2025 г.; снижение на 100 пунктов с октября, статистически значимое.",
        "year_ago *: Все ответы: по сравнению с тем же периодом год назад (ноябрь 2024 г.) снижение на 75 пунктов, статистически значимое.",
        "alert *: store-7: сигнал — снижение NPS на 75 пунктов с 1 апреля 2025 г. (сравнение последних периодов с предыдущими, q Бенджамини — Хохберга < 0,001).",
      ]
    `);
  });
  it('uk', () => {
    expect([
      ...texts(fixedRollup(), 'uk'),
      ...texts(fixedChanges(), 'uk'),
      ...texts(fixedShifts(), 'uk'),
    ]).toMatchInlineSnapshot(`
      [
        "summary: Group: NPS 8 (±12), 284 відповіді.",
        "summary: Region North: NPS 6 (±13), 240 відповідей; статистично значущої відмінності від «Group» немає (q Бенджаміні — Хохберга = 0,44 серед підрозділів цього рівня).",
        "summary: Region South: NPS 18 (-11 – 45), 44 відповіді; статистично значущої відмінності від «Group» немає (q Бенджаміні — Хохберга = 0,44 серед підрозділів цього рівня).",
        "summary: Store Lenina 5: NPS 8 (±18), 120 відповідей; статистично значущої відмінності від «Region North» немає (q Бенджаміні — Хохберга = 0,7 серед підрозділів цього рівня).",
        "summary: Store Mira 12: NPS 3 (±18), 120 відповідей; статистично значущої відмінності від «Region North» немає (q Бенджаміні — Хохберга = 0,7 серед підрозділів цього рівня).",
        "withheld: Kiosk Vokzal: дані приховано, замало відповідей (мінімум — 5).",
        "withheld: Store Sadova 1: дані приховано, щоб із них не можна було обчислити дані меншої групи.",
        "summary *: Усі відповіді: NPS -50 за листопад 2025 р.; зниження на 100 пунктів з жовтня, статистично значуще.",
        "year_ago *: Усі відповіді: порівняно з тим самим періодом рік тому (листопад 2024 р.) зниження на 75 пунктів, статистично значуще.",
        "alert *: store-7: сигнал — зниження NPS на 75 пунктів з 1 квітня 2025 р. (порівняння останніх періодів із попередніми, q Бенджаміні — Хохберга < 0,001).",
      ]
    `);
  });
});

group('the figures behind the sentences', () => {
  it('are the hand-computed ones of the fixed data', () => {
    const a = fixedAnalysis();
    const s1 = describe(a, { locale: 'en', unitId: 's1' });
    // November 2025: 10 promoters, 30 detractors → (10 − 30) / 40 = −50; October: (30 − 10) / 40 = +50;
    // November 2024: (25 − 15) / 40 = +25
    expect(s1.map((f) => [f.kind, f.figures.nps ?? null, f.figures.difference])).toEqual([
      ['summary', -50, -100],
      ['year_ago', null, -75],
      ['alert', null, -100],
    ]);
    expect(s1[0]?.figures.driver).toBe('speed');
    // a withheld unit: no figure at all
    const kiosk = describe(a, { locale: 'ru', unitId: 's3' });
    expect(kiosk).toEqual([
      {
        unitId: 's3',
        unitName: 'Kiosk Vokzal',
        kind: 'withheld',
        text: 'Kiosk Vokzal: данные за ноябрь 2025 г. скрыты, слишком мало ответов (минимум — 5).',
        significant: false,
        figures: { minSample: 5 },
      },
    ]);
    expect(kiosk[0]?.text).not.toMatch(/\d+ (ответ|NPS)/);
  });
});

group('describe refuses what it cannot read', () => {
  it('names the accepted results for an unknown shape', () => {
    const e = thrown(() => describe({ points: [] }, { locale: 'en' }));
    expect(e).toMatchObject({ code: 'invalid_input', path: [] });
    expect(e.message).toMatch(
      /^describe: result must be an analysis \(from analyze\), a rollup result, a trendChanges result or a detectShifts result/,
    );
    expect(thrown(() => describe(null, { locale: 'en' }))).toMatchObject({ code: 'invalid_input' });
    expect(thrown(() => describe([], { locale: 'en' }))).toMatchObject({ code: 'invalid_input' });
  });

  it('points at the malformed field of a recognised result', () => {
    const r = fixedRollup();
    const bad = { ...r, nodes: [{ ...r.nodes[0], nps: 'high' }] };
    const e = thrown(() => describe(bad, { locale: 'en' }));
    expect(e).toMatchObject({ code: 'invalid_input', path: ['nodes', 0, 'nps'] });
    expect(e.message).toMatch(/^describe: result\.nodes\.0\.nps must be/);
  });

  it('checks its options and the unit asked for', () => {
    expect(thrown(() => describe(fixedRollup(), { locale: 'de' } as never))).toMatchObject({
      code: 'invalid_option',
      path: ['locale'],
    });
    expect(
      thrown(() => describe(fixedRollup(), { locale: 'en', unit: 's1' } as never)),
    ).toMatchObject({ code: 'invalid_option' });
    expect(thrown(() => describe(fixedRollup(), { locale: 'en', unitId: 'nope' }))).toMatchObject({
      code: 'unknown_node',
      path: ['unitId'],
    });
  });
});
