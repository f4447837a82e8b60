import { NpsInputError } from '../errors.ts';

/**
 * @internal Refuse up front a request whose size passes a documented limit, with the typed
 * `too_large` error that names the size, the limit and (when given) what to do instead, rather
 * than running out of memory or time later.
 *
 * @param fn - The public function's name, for the message.
 * @param what - What was counted, e.g. `'nodes × periods'`.
 * @param size - The size of this request.
 * @param limit - The largest size accepted.
 * @param hint - A sentence on what to do instead (optional).
 */
export function checkSize(
  fn: string,
  what: string,
  size: number,
  limit: number,
  hint?: string,
): void {
  if (size <= limit) return;
  throw new NpsInputError({
    code: 'too_large',
    message: `${fn}: ${what} must be at most ${String(limit)}, received ${String(size)}${hint === undefined ? '' : `; ${hint}`}`,
    received: size,
  });
}
