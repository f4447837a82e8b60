// Seeds (issue 10 §7): an integer in [0, 2^32 − 1], the generator's state; anything else is
// refused instead of being truncated (7.9 ran as 7, 2^32 as 0, −1 as 2^32 − 1).
import { describe, expect, it } from 'vitest';
import { bootstrapImportance, shapleySample } from '../../src/index.ts';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import { thrown } from '../_support/errors.ts';

const rng = seededRandom(11);
const rows = Array.from({ length: 60 }, () => {
  const x = normalDraw(rng);
  const y = normalDraw(rng);
  return { score: x + 0.5 * y + normalDraw(rng), ratings: { x, y } };
});

const runs = {
  shapleySample: (seed: number) => shapleySample(rows, { seed, permutations: 20 }),
  bootstrapImportance: (seed: number) =>
    bootstrapImportance(rows, { metric: 'johnson', seed, replicates: 20 }),
};

describe.each(Object.entries(runs))('%s: seed', (_name, run) => {
  it.each([7.9, -1, 2 ** 32, Number.NaN, Infinity, 1e20])(
    'refuses %s (invalid_option, path seed)',
    (seed) => {
      const e = thrown(() => run(seed));
      expect(e.code).toBe('invalid_option');
      expect(e.path).toEqual(['seed']);
    },
  );

  it('accepts 0 and 2^32 − 1, and they give different draws', () => {
    expect(run(0)).not.toEqual(run(2 ** 32 - 1));
    expect(run(2 ** 32 - 1)).toEqual(run(2 ** 32 - 1));
  });
});
