import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  classify,
  defineScheme,
  NpsInputError,
  tenPointScheme,
} from '../../src/index.ts';

describe('classify', () => {
  it.each([
    [1, 'detractor'],
    [5, 'detractor'],
    [6, 'passive'],
    [7, 'passive'],
    [8, 'promoter'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('classify(%i) under the ten-point default is %s (boundaries 5/6, 7/8)', (s, c) => {
    expect(classify(s)).toBe(c);
    expect(classify(s, tenPointScheme)).toBe(c);
  });

  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('classify(%i, classicScheme) is %s (boundaries 6/7, 8/9)', (s, c) => {
    expect(classify(s, classicScheme)).toBe(c);
  });

  it('classify(score, custom) follows a custom scheme', () => {
    const five = defineScheme({
      scale: [1, 5],
      promoters: [5, 5],
      passives: [4, 4],
      detractors: [1, 3],
      base: 'all',
    });
    expect([1, 2, 3, 4, 5].map((s) => classify(s, five))).toEqual([
      'detractor',
      'detractor',
      'detractor',
      'passive',
      'promoter',
    ]);
  });

  it('classify(0) is off the default 1..10 scale', () => {
    expect(() => classify(0)).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: classify: score must be an integer from 1 to 10 (ten-point scheme), received 0]`,
    );
  });

  it('classify never rounds: 6.5, NaN, Infinity, strings, null are errors with code invalid_score', () => {
    for (const bad of [6.5, Number.NaN, Infinity, -Infinity, '7', null, undefined, 11, -0.5]) {
      try {
        classify(bad as number);
        expect.unreachable(String(bad));
      } catch (e) {
        expect(e).toBeInstanceOf(NpsInputError);
        expect(e).toBeInstanceOf(RangeError);
        expect((e as NpsInputError).code).toBe('invalid_score');
        expect((e as NpsInputError).received).toBe(bad);
      }
    }
    expect(() => classify(6.5)).toThrow(/received 6\.5$/);
    expect(() => classify('7' as never)).toThrow(
      /received "7" \(numbers arrive as strings: pass coerce: true\)$/,
    );
  });

  it('classify validates a hand-written scheme literal', () => {
    const broken = { ...classicScheme, passives: [7, 7] as const };
    expect(() => classify(7, broken)).toThrow(/classify: scheme: the bands must cover/);
  });

  it('classify agrees with the band definition for every integer on any generated scheme (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (min, nd, np, npr) => {
          const scheme = defineScheme({
            scale: [min, min + nd + np + npr + 2],
            detractors: [min, min + nd],
            passives: [min + nd + 1, min + nd + np + 1],
            promoters: [min + nd + np + 2, min + nd + np + npr + 2],
            base: 'all',
          });
          for (let s = scheme.scale[0]; s <= scheme.scale[1]; s++) {
            const c = classify(s, scheme);
            const band =
              c === 'promoter'
                ? scheme.promoters
                : c === 'passive'
                  ? scheme.passives
                  : scheme.detractors;
            if (s < band[0] || s > band[1]) return false;
          }
          return true;
        },
      ),
    );
  });
});
