// The error a call throws, for tests of bad input: shared so that every test checks the same way
// that it is an NpsInputError.
import { expect } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';

/** The `NpsInputError` that `f` throws; fails the test when it throws anything else or nothing. */
export function thrown(f: () => unknown): NpsInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NpsInputError);
    return e as NpsInputError;
  }
  throw new Error('expected an NpsInputError, none was thrown');
}
