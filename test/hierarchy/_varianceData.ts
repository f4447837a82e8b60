// Per-store counts [region, store, promoters, passives, detractors] of the data sets of
// test/reference/varianceComponents.R (its output, with the lme4 fits: varianceComponents.out).

/** One store's counts: region, store, promoters, passives, detractors. */
export type StoreCounts = readonly [string, string, number, number, number];

/** (a) 4 regions × 3 stores × 12 answers, classic scheme. */
export const balanced: readonly StoreCounts[] = [
  ['r1', 'r1s1', 3, 1, 8],
  ['r1', 'r1s2', 0, 1, 11],
  ['r1', 'r1s3', 1, 2, 9],
  ['r2', 'r2s1', 0, 6, 6],
  ['r2', 'r2s2', 3, 3, 6],
  ['r2', 'r2s3', 0, 1, 11],
  ['r3', 'r3s1', 4, 0, 8],
  ['r3', 'r3s2', 6, 4, 2],
  ['r3', 'r3s3', 4, 2, 6],
  ['r4', 'r4s1', 9, 3, 0],
  ['r4', 'r4s2', 9, 0, 3],
  ['r4', 'r4s3', 12, 0, 0],
];

/** (b) 5 regions of 1–4 stores, 2–30 answers each, ten-point scheme. */
export const unbalanced: readonly StoreCounts[] = [
  ['r1', 'r1s1', 3, 0, 0],
  ['r1', 'r1s2', 16, 8, 3],
  ['r1', 'r1s3', 6, 7, 4],
  ['r2', 'r2s1', 16, 6, 2],
  ['r3', 'r3s1', 13, 10, 5],
  ['r3', 'r3s2', 5, 3, 7],
  ['r3', 'r3s3', 3, 2, 1],
  ['r3', 'r3s4', 3, 2, 1],
  ['r4', 'r4s1', 4, 6, 19],
  ['r4', 'r4s2', 0, 0, 3],
  ['r5', 'r5s1', 6, 2, 1],
  ['r5', 'r5s2', 15, 5, 8],
  ['r5', 'r5s3', 5, 3, 11],
  ['r5', 'r5s4', 13, 6, 11],
];

/** (c) two stores of NPS 20 under the ten-point scheme. */
export const twoStores: readonly StoreCounts[] = [
  ['all', 'a', 6, 0, 4],
  ['all', 'b', 3, 5, 2],
];

/** (d) 10 regions × 5 stores × 8 answers, a region effect and no store effect, classic scheme. */
export const noStoreEffect: readonly StoreCounts[] = [
  ['r1', 'r1s1', 5, 2, 1],
  ['r1', 'r1s2', 4, 2, 2],
  ['r1', 'r1s3', 3, 2, 3],
  ['r1', 'r1s4', 2, 1, 5],
  ['r1', 'r1s5', 2, 3, 3],
  ['r2', 'r2s1', 2, 3, 3],
  ['r2', 'r2s2', 2, 2, 4],
  ['r2', 'r2s3', 1, 3, 4],
  ['r2', 'r2s4', 5, 2, 1],
  ['r2', 'r2s5', 4, 3, 1],
  ['r3', 'r3s1', 2, 3, 3],
  ['r3', 'r3s2', 2, 2, 4],
  ['r3', 'r3s3', 4, 2, 2],
  ['r3', 'r3s4', 4, 2, 2],
  ['r3', 'r3s5', 2, 3, 3],
  ['r4', 'r4s1', 4, 0, 4],
  ['r4', 'r4s2', 2, 2, 4],
  ['r4', 'r4s3', 3, 2, 3],
  ['r4', 'r4s4', 3, 1, 4],
  ['r4', 'r4s5', 2, 2, 4],
  ['r5', 'r5s1', 6, 2, 0],
  ['r5', 'r5s2', 7, 1, 0],
  ['r5', 'r5s3', 6, 0, 2],
  ['r5', 'r5s4', 7, 0, 1],
  ['r5', 'r5s5', 5, 2, 1],
  ['r6', 'r6s1', 1, 2, 5],
  ['r6', 'r6s2', 3, 1, 4],
  ['r6', 'r6s3', 2, 0, 6],
  ['r6', 'r6s4', 2, 2, 4],
  ['r6', 'r6s5', 3, 1, 4],
  ['r7', 'r7s1', 5, 1, 2],
  ['r7', 'r7s2', 3, 3, 2],
  ['r7', 'r7s3', 7, 1, 0],
  ['r7', 'r7s4', 7, 1, 0],
  ['r7', 'r7s5', 4, 2, 2],
  ['r8', 'r8s1', 2, 3, 3],
  ['r8', 'r8s2', 3, 2, 3],
  ['r8', 'r8s3', 2, 2, 4],
  ['r8', 'r8s4', 3, 2, 3],
  ['r8', 'r8s5', 1, 2, 5],
  ['r9', 'r9s1', 2, 3, 3],
  ['r9', 'r9s2', 4, 2, 2],
  ['r9', 'r9s3', 3, 3, 2],
  ['r9', 'r9s4', 5, 1, 2],
  ['r9', 'r9s5', 2, 2, 4],
  ['r10', 'r10s1', 6, 0, 2],
  ['r10', 'r10s2', 7, 1, 0],
  ['r10', 'r10s3', 4, 3, 1],
  ['r10', 'r10s4', 5, 3, 0],
  ['r10', 'r10s5', 5, 2, 1],
];
