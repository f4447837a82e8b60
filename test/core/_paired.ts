// Shared by the paired-comparison tests (compareNps.test.ts, comparePairedWeighted.test.ts).
import type { Scheme } from '../../src/index.ts';

/** Scores for y = +1 / 0 / −1 under a scheme: 10, 7, and the lowest score. */
export const scoresOf = (ys: readonly number[], scheme: Scheme): number[] =>
  ys.map((y) => (y === 1 ? 10 : y === 0 ? 7 : scheme.scale[0]));

export const rep = (value: number, times: number): number[] =>
  Array.from({ length: times }, () => value);

/**
 * The 70-respondent panel of the R references (y = +1 / 0 / −1 in waves a and b), as written in
 * R: ya <- c(rep(1,30), rep(0,12), rep(-1,8), rep(1,5), rep(-1,6), rep(0,9));
 *    yb <- c(rep(1,22), rep(0,5), rep(-1,3), rep(1,4), rep(0,8), rep(0,8), rep(-1,11), rep(-1,9))
 */
export const panel70 = {
  ya: [...rep(1, 30), ...rep(0, 12), ...rep(-1, 8), ...rep(1, 5), ...rep(-1, 6), ...rep(0, 9)],
  yb: [
    ...rep(1, 22),
    ...rep(0, 5),
    ...rep(-1, 3),
    ...rep(1, 4),
    ...rep(0, 8),
    ...rep(0, 8),
    ...rep(-1, 11),
    ...rep(-1, 9),
  ],
} as const;
