import { NpsInputError } from '../errors.ts';
import { describe } from './describe.ts';

/**
 * @internal The `invalid_input` error `fn: <what>, received <value>`, with the path of the bad
 * value when known.
 */
export function badInput(
  fn: string,
  what: string,
  received: unknown,
  path?: readonly PropertyKey[],
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_input',
    message: `${fn}: ${what}, received ${describe(received)}`,
    received,
    ...(path === undefined ? {} : { path }),
  });
}
