// Property tests draw a fresh random seed on every run, so local runs keep exploring new cases.
// FC_SEED pins it (CI sets one so a green run on one machine is green on the next); a failing
// run prints the seed and path that reproduce it: `FC_SEED=<seed> npm test`.
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
  const n = Number(seed);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer, received ${seed}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: n });
}
