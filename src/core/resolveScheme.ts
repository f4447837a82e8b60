import { NpsInputError } from '../errors.ts';
import { classicScheme, defineScheme, type Scheme, tenPointScheme } from './scheme.ts';

/**
 * The scheme an options object asks for: the default {@link tenPointScheme} when absent, the
 * presets as they are, anything else validated with {@link defineScheme} (so a hand-written
 * scheme literal is checked once per call, never trusted blindly).
 * @internal
 */
export function resolveScheme(
  scheme: Scheme | undefined,
  fn: string,
  where = 'options.scheme',
): Scheme {
  if (scheme === undefined) return tenPointScheme;
  if (scheme === tenPointScheme || scheme === classicScheme) return scheme;
  try {
    return defineScheme(scheme);
  } catch (e) {
    if (e instanceof NpsInputError) {
      throw new NpsInputError({
        code: 'invalid_scheme',
        message: e.message.replace(/^defineScheme:/, `${fn}: ${where}:`),
        path: ['scheme', ...e.path],
        received: e.received,
        issues: e.issues,
        cause: e,
      });
    }
    throw e;
  }
}
