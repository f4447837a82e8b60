import { describe, expect, it } from 'vitest';
import { classicScheme, defineScheme, isNpsInputError, tenPointScheme } from '../../src/index.ts';

describe('defineScheme', () => {
  it('defineScheme(definition) returns a validated copy with a default name', () => {
    const def = {
      scale: [1, 5],
      promoters: [5, 5],
      passives: [4, 4],
      detractors: [1, 3],
      base: 'all',
    } as const;
    const s = defineScheme(def);
    expect(s).toEqual({ name: 'custom', ...def });
    expect(s).not.toBe(def);
    expect(s.scale).not.toBe(def.scale);
  });

  it('defineScheme reproduces both presets', () => {
    expect(defineScheme(tenPointScheme)).toEqual(tenPointScheme);
    expect(defineScheme(classicScheme)).toEqual(classicScheme);
  });

  it('defineScheme rejects a gap in the bands (it would drop scores silently)', () => {
    expect(() =>
      defineScheme({
        scale: [0, 10],
        promoters: [9, 10],
        passives: [7, 7],
        detractors: [0, 6],
        base: 'all',
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: defineScheme: the bands must cover the whole scale [0, 10], but score 8 belongs to no band]`,
    );
  });

  it('defineScheme rejects overlapping bands', () => {
    expect(() =>
      defineScheme({
        scale: [0, 10],
        promoters: [8, 10],
        passives: [7, 8],
        detractors: [0, 6],
        base: 'all',
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: defineScheme: bands must not overlap, but promoters [8, 10] and passives [7, 8] share score 8]`,
    );
  });

  it('defineScheme rejects bands outside the scale, reversed ranges, fractions and unknown bases', () => {
    const bad: unknown[] = [
      { scale: [1, 10], promoters: [8, 11], passives: [6, 7], detractors: [1, 5], base: 'all' },
      { scale: [10, 1], promoters: [8, 10], passives: [6, 7], detractors: [1, 5], base: 'all' },
      { scale: [1, 10], promoters: [7.5, 10], passives: [6, 7], detractors: [1, 5], base: 'all' },
      {
        scale: [1, 10],
        promoters: [8, 10],
        passives: [6, 7],
        detractors: [1, 5],
        base: 'everyone',
      },
      { scale: [1, 10], promoters: [8, 10], passives: [6, 7], detractors: [1, 5] },
      {
        scale: [1, 10],
        promoters: [8, 10],
        passives: [6, 7],
        detractors: [1, 5],
        base: 'all',
        extra: 1,
      },
      null,
    ];
    for (const b of bad) {
      let caught: unknown;
      try {
        defineScheme(b as never);
      } catch (e) {
        caught = e;
      }
      expect(isNpsInputError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe('invalid_scheme');
    }
  });

  it('defineScheme names the path of a schema problem', () => {
    try {
      defineScheme({
        scale: [1, 10],
        promoters: [8, 10],
        passives: [6, 7],
        detractors: [1, 5],
        base: 'x' as 'all',
      });
      expect.unreachable();
    } catch (e) {
      expect(isNpsInputError(e) && e.path).toEqual(['base']);
      expect(isNpsInputError(e) && e.issues.length).toBe(1);
    }
  });
});
