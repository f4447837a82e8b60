import type * as z from 'zod/mini';
import { NpsInputError, type NpsInputErrorCode } from '../errors.ts';

/**
 * Parse `value` with a zod/mini schema at the public boundary; on failure throw an
 * {@link NpsInputError} carrying the zod issues, the first issue's path, and a readable message.
 */
export function parseWith<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  fn: string,
  what: string,
  code: NpsInputErrorCode = 'invalid_option',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  throw new NpsInputError({
    code,
    message: `${fn}: ${what} is invalid${where}: ${first?.message ?? 'unknown problem'}`,
    path: first?.path ?? [],
    received: value,
    issues,
    cause: result.error,
  });
}

/**
 * A value built on first use and kept: for option schemas, which cost about 0.2 ms to build and
 * a few microseconds to parse, so a function called in a loop should not rebuild its schema.
 * Nothing runs at import time, so modules stay tree-shakable.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
