import { describe, expect, it } from 'vitest';
import { formatter } from '../../src/describe/format.ts';
import { en } from '../../src/describe/messages/en.ts';
import { ru } from '../../src/describe/messages/ru.ts';
import { uk } from '../../src/describe/messages/uk.ts';

const counts = [1, 2, 5, 11, 21, 22, 25];
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('plural forms from Intl.PluralRules', () => {
  it('Russian: one / few / many', () => {
    const f = formatter('ru');
    expect(counts.map((n) => f.count(n, ru.answers))).toEqual([
      '1 ответ',
      '2 ответа',
      '5 ответов',
      '11 ответов',
      '21 ответ',
      '22 ответа',
      '25 ответов',
    ]);
    expect(counts.map((n) => f.count(n, ru.points))).toEqual([
      '1 пункт',
      '2 пункта',
      '5 пунктов',
      '11 пунктов',
      '21 пункт',
      '22 пункта',
      '25 пунктов',
    ]);
  });

  it('Ukrainian: one / few / many', () => {
    const f = formatter('uk');
    expect(counts.map((n) => f.count(n, uk.answers))).toEqual([
      '1 відповідь',
      '2 відповіді',
      '5 відповідей',
      '11 відповідей',
      '21 відповідь',
      '22 відповіді',
      '25 відповідей',
    ]);
    expect(counts.map((n) => f.count(n, uk.points))).toEqual([
      '1 пункт',
      '2 пункти',
      '5 пунктів',
      '11 пунктів',
      '21 пункт',
      '22 пункти',
      '25 пунктів',
    ]);
  });

  it('English: one / other', () => {
    const f = formatter('en');
    expect(counts.map((n) => f.count(n, en.answers))).toEqual([
      '1 answer',
      '2 answers',
      '5 answers',
      '11 answers',
      '21 answers',
      '22 answers',
      '25 answers',
    ]);
  });

  it('choose the form of the number as shown: 4.7 points are written "5 пунктов"', () => {
    expect(formatter('ru').count(4.7, ru.points)).toBe('5 пунктов');
    expect(formatter('ru').count(21.2, ru.points)).toBe('21 пункт');
    // below 1, one decimal: the fractional form
    expect(formatter('ru').count(0.4, ru.points)).toBe('0,4 пункта');
    expect(formatter('uk').count(0.4, uk.points)).toBe('0,4 пункту');
    expect(formatter('en').count(1234, en.answers)).toBe('1,234 answers');
    expect(formatter('ru').count(1234, ru.answers)).toBe('1\u00a0234 ответа'); // Intl's no-break space;
  });

  // ICU writes "2025 г." with a no-break or narrow no-break space, depending on the pattern and
  // its version: compared with plain spaces
  it('months from Intl: genitive after "с"/"з", nominative alone', () => {
    const date = '2025-08-01';
    expect(plain(ru.since({ period: 'month', date, sameYear: true }, formatter('ru')))).toBe(
      'с августа',
    );
    expect(plain(uk.since({ period: 'month', date, sameYear: true }, formatter('uk')))).toBe(
      'з серпня',
    );
    expect(plain(en.since({ period: 'month', date, sameYear: true }, formatter('en')))).toBe(
      'since August',
    );
    expect(plain(ru.since({ period: 'month', date, sameYear: false }, formatter('ru')))).toBe(
      'с августа 2025 г.',
    );
    expect(plain(ru.periodName({ period: 'month', date }, formatter('ru')))).toBe('август 2025 г.');
    expect(plain(uk.periodName({ period: 'month', date }, formatter('uk')))).toBe(
      'серпень 2025 р.',
    );
    expect(plain(ru.during({ period: 'week', date: '2025-11-03' }, formatter('ru')))).toBe(
      'за неделю с 3 ноября 2025 г.',
    );
    expect(
      ru.since({ period: 'quarter', date: '2025-07-01', sameYear: true }, formatter('ru')),
    ).toBe('с 3-го квартала 2025 года');
    expect(plain(en.during({ period: 'quarter', date: '2025-10-01' }, formatter('en')))).toBe(
      'in Q4 2025',
    );
    expect(plain(en.during({ period: 'quarter', date: '2025-03-01' }, formatter('en')))).toBe(
      'in Q1 2025',
    );
  });

  it('the three catalogues have the same keys', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(uk).sort()).toEqual(Object.keys(en).sort());
  });
});

describe('no negative zero', () => {
  it('a figure or a limit that rounds to zero is written 0, never -0', () => {
    for (const locale of ['en', 'ru', 'uk']) {
      const f = formatter(locale);
      expect(f.range(-0.4, 10)).not.toMatch(/-0|−0/);
      expect(f.range(-12, -0.2)).not.toMatch(/-0(?!\d)|−0(?!\d)/);
      expect(f.num(-0.04)).toBe('0');
      expect(f.num(-0.3)).toMatch(/^[-−]0[.,]3$/);
    }
  });
});
