import fc from 'fast-check';

/**
 * A respondent weight as the one weight rule accepts it (src/kernels/scores.ts `isWeight`): 0, or
 * a number from 1e-150 up (its square must stay a normal double), here at most `max`.
 */
export const respondentWeight = (max = 5): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(0), fc.double({ min: 1e-150, max, noNaN: true }));
