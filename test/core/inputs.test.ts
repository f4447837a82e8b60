import { describe, expect, it } from 'vitest';
import { zForConfidence } from '../../src/kernels/normal.ts';
import {
  classicScheme,
  classify,
  compareNps,
  defineScheme,
  mergeTallies,
  NpsInputError,
  nps,
  npsInterval,
  npsSummary,
  sampleSize,
  type Tally,
  tally,
  tallyFromCounts,
} from '../../src/index.ts';

/** The error thrown by `f`, which must be an NpsInputError (never a raw TypeError). */
function caught(f: () => unknown): NpsInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return e as NpsInputError;
  }
  throw new Error('expected an NpsInputError, but nothing was thrown');
}

const weights = (p: number, pa: number, d: number, p2: number, pa2: number, d2: number) => ({
  promoters: p,
  passives: pa,
  detractors: d,
  promotersSquared: p2,
  passivesSquared: pa2,
  detractorsSquared: d2,
});

describe('core functions reject every malformed input with a typed NpsInputError', () => {
  // [call, code, message] — the message follows `fn: what must be X, received Y`.
  const cases: [string, () => unknown, string, RegExp][] = [
    [
      'tally(null)',
      () => tally(null as never),
      'invalid_input',
      /^tally: scores must be an array, typed array or iterable of numbers, received null$/,
    ],
    ['tally(undefined)', () => tally(undefined as never), 'invalid_input', /received undefined$/],
    ['tally(5)', () => tally(5 as never), 'invalid_input', /received 5$/],
    ["tally('10')", () => tally('10' as never), 'invalid_input', /received "10"$/],
    [
      'tally weights null',
      () => tally([10], { weights: null as never }),
      'invalid_option',
      /^tally: weights must be an array, typed array or iterable of numbers, received null$/,
    ],
    [
      'tally options 5',
      () => tally([10], 5 as never),
      'invalid_option',
      /^tally: options must be an object, received 5$/,
    ],
    [
      'tally weight 1e-200 (its square underflows)',
      () => tally([10, 3], { weights: [1, 1e-200] }),
      'invalid_weight',
      /^tally: weight at index 1 must be 0 or a finite number from 1e-150 to 1e150 .*, received 1e-200$/,
    ],
    [
      'tally weight 1e200 (its square overflows)',
      () => tally([10, 3], { weights: [1e200, 1] }),
      'invalid_weight',
      /weight at index 0 .*received 1e\+200$/,
    ],
    [
      'tally([10n]) (a BigInt, no raw TypeError)',
      () => tally([10n as never]),
      'invalid_score',
      /^tally: score at index 0 must be an integer from 1 to 10 \(ten-point scheme\), received 10n$/,
    ],
    [
      'nps([Symbol()])',
      () => nps([Symbol('s') as never]),
      'invalid_score',
      /^nps: score at index 0 must be an integer/,
    ],
    [
      'nps([Object.create(null)])',
      () => nps([Object.create(null) as never]),
      'invalid_score',
      /^nps: score at index 0 must be an integer/,
    ],
    [
      'tally weight Symbol()',
      () => tally([10], { weights: [Symbol('w') as never] }),
      'invalid_weight',
      /^tally: weight at index 0 must be/,
    ],
    [
      'tally weight 2n',
      () => tally([10], { weights: [2n as never] }),
      'invalid_weight',
      /received 2n$/,
    ],
    [
      'compareNps paired BigInt',
      () => compareNps([10n as never], [9], { relation: 'paired' }),
      'invalid_score',
      /^compareNps: a: score at index 0 must be an integer/,
    ],
    [
      'tally misspelt option',
      () => tally([10], { wieghts: [2] } as never),
      'invalid_option',
      /^tally: options must only have the keys scheme, weights, received an unknown key "wieghts"$/,
    ],
    [
      'nps unknown option',
      () => nps([10], { method: 'wald' } as never),
      'invalid_option',
      /^nps: options must only have the keys scheme, received an unknown key "method"$/,
    ],
    [
      'nps options 5',
      () => nps([10], 5 as never),
      'invalid_option',
      /^nps: options must be an object, received 5$/,
    ],
    [
      'npsInterval confidence 2',
      () => npsInterval([10], { confidence: 2 }),
      'invalid_option',
      /^npsInterval: options\.confidence must be a number < 1, received 2$/,
    ],
    [
      'npsInterval unknown method',
      () => npsInterval([10], { method: 'exact' as never }),
      'invalid_option',
      /^npsInterval: options\.method must be one of 'wald', 'adjusted-wald', 'tango', 'bayes', 'wilson', received "exact"$/,
    ],
    [
      'npsSummary options 5',
      () => npsSummary([10], 5 as never),
      'invalid_option',
      /^npsSummary: options must be an object, received 5$/,
    ],
    [
      'compareNps relation',
      () => compareNps([10], [3], { relation: 'linked' as never }),
      'invalid_option',
      /^compareNps: options\.relation must be one of 'independent', 'nested', 'paired', received "linked"$/,
    ],
    [
      'sampleSize population 0.5',
      () => sampleSize({ marginOfError: 5 }, { population: 0.5 }),
      'invalid_option',
      /^sampleSize: options\.population must be an integer, received 0\.5$/,
    ],
    [
      'classify(8, null)',
      () => classify(8, null as never),
      'invalid_scheme',
      /^classify: scheme: the scheme must be an object, received null$/,
    ],
    [
      'defineScheme base',
      () =>
        defineScheme({
          scale: [1, 10],
          promoters: [8, 10],
          passives: [6, 7],
          detractors: [1, 5],
          base: 'most' as never,
        }),
      'invalid_scheme',
      /^defineScheme: the scheme at base must be one of 'all', 'promoters-and-detractors', received "most"$/,
    ],
    [
      'tallyFromCounts weights null',
      () => tallyFromCounts({ promoters: 1, passives: 0, detractors: 0, weights: null as never }),
      'invalid_weight',
      /^tallyFromCounts: weights must be an object of weighted sums/,
    ],
    [
      'mergeTallies(null)',
      () => mergeTallies(null as never),
      'invalid_input',
      /^mergeTallies: argument 0 must be an object of counts/,
    ],
  ];
  it.each(cases)('%s', (_name, f, code, message) => {
    const e = caught(f);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('tally accepts weights 0, 1e-150 and 1e150 (the ends of the range)', () => {
    const t = tally([10, 3, 7], { weights: [1e150, 1e-150, 0] });
    expect(t.weights?.promotersSquared).toBe(1e150 * 1e150);
    expect(t.weights?.detractorsSquared).toBeGreaterThan(0);
    // one weight dominates: Kish n = (1e150 + 1e-150)² / (1e300 + 1e-300) = 1 (to rounding)
    expect(npsInterval(t, { method: 'wald' }).n).toBeCloseTo(1, 14);
  });
});

describe('tallyFromCounts and mergeTallies check that weighted sums are possible', () => {
  it('a category without responses must have Σw = Σw² = 0', () => {
    const e = caught(() =>
      tallyFromCounts({
        promoters: 1,
        passives: 0,
        detractors: 0,
        weights: weights(1, 2, 0, 1, 4, 0),
      }),
    );
    expect(e.code).toBe('invalid_weight');
    expect(e.path).toEqual(['weights', 'passives']);
    expect(e.message).toBe(
      'tallyFromCounts: weights.passives (Σw) and weights.passivesSquared (Σw²) must be sums over 0 non-negative weights, so both 0, received Σw = 2 and Σw² = 4',
    );
  });

  it('Σw² above (Σw)² (impossible for non-negative weights) is rejected', () => {
    // one promoter of weight 2 has Σw = 2, Σw² = 4; Σw² = 5 cannot be
    const e = caught(() =>
      tallyFromCounts({
        promoters: 1,
        passives: 0,
        detractors: 0,
        weights: weights(2, 0, 0, 5, 0, 0),
      }),
    );
    expect(e.code).toBe('invalid_weight');
    expect(e.path).toEqual(['weights', 'promoters']);
  });

  it('(Σw)² above n·Σw² (a Kish size above the count) is rejected, also inside mergeTallies', () => {
    // 2 detractors with Σw = 4 need Σw² ≥ 8 (weights 2 and 2); Σw² = 6 would mean Kish n 2.67 > 2
    const bad = {
      promoters: 0,
      passives: 0,
      detractors: 2,
      n: 2,
      weights: weights(0, 0, 4, 0, 0, 6),
    };
    expect(caught(() => tallyFromCounts(bad)).path).toEqual(['weights', 'detractors']);
    expect(caught(() => mergeTallies(tally([10]), bad as Tally)).path).toEqual([
      1,
      'weights',
      'detractors',
    ]);
    expect(caught(() => npsInterval(bad as Tally)).code).toBe('invalid_weight');
    // the boundary cases are possible: equal weights (Σw² = (Σw)²/n) and a single weight
    expect(
      tallyFromCounts({
        promoters: 0,
        passives: 0,
        detractors: 2,
        weights: weights(0, 0, 4, 0, 0, 8),
      }).weights?.detractorsSquared,
    ).toBe(8);
    expect(
      tallyFromCounts({
        promoters: 3,
        passives: 0,
        detractors: 0,
        weights: weights(5, 0, 0, 25, 0, 0),
      }).n,
    ).toBe(3);
  });

  it('weighted sums rounded elsewhere (relative error 1e-12) are accepted', () => {
    const exact = tally([10, 10, 10], { weights: [0.1, 0.1, 0.1] }).weights;
    if (exact === undefined) throw new Error('weighted tally expected');
    const t = tallyFromCounts({
      promoters: 3,
      passives: 0,
      detractors: 0,
      weights: { ...exact, promotersSquared: exact.promotersSquared * (1 - 1e-12) },
    });
    expect(t.n).toBe(3);
  });
});

describe('confidence levels at the edge of (0, 1)', () => {
  it('zForConfidence is R qnorm(1 − α/2) digit for digit, and finite just below 1', () => {
    // R 4.2.2: qnorm(0.975) = 1.9599639845400536, qnorm(0.995) = 2.5758293035488999,
    // -qnorm(0.5 * (1 - 0.9999999999999999)) = 8.2923610758135951 (1 − α/2 rounds to 1 in doubles)
    expect(zForConfidence(0.95)).toBe(1.9599639845400536);
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035488999, 14);
    expect(zForConfidence(0.9999999999999999)).toBeCloseTo(8.2923610758135951, 12);
  });

  it('npsInterval at confidence 0.9999999999999999 returns finite limits', () => {
    for (const method of ['wald', 'wilson', 'tango', 'bayes', 'adjusted-wald'] as const) {
      const r = npsInterval([10, 10, 3, 7], { method, confidence: 0.9999999999999999 });
      expect(Number.isFinite(r.low) && Number.isFinite(r.high)).toBe(true);
      expect(r.low).toBeLessThanOrEqual(r.high);
    }
    const c = compareNps([10, 10, 3], [3, 3, 10], {
      scheme: classicScheme,
      confidence: 0.9999999999999999,
    });
    expect(Number.isFinite(c.low)).toBe(true);
  });
});
