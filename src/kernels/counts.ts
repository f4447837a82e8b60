/**
 * @internal Reading counts as databases and exports hand them over: numbers, and with
 * `coerce: true` BigInts (DuckDB and Postgres `COUNT(*)` are 64-bit) and numeric strings (CSV).
 * One rule for every count reader (histograms, Arrow Int64 columns), so a count means the same
 * everywhere: a non-negative safe integer.
 */

/** A BigInt as a number when it is a safe integer (|v| ≤ 2^53 − 1), else `null`. */
export function safeNumberOfBigInt(v: bigint): number | null {
  return v <= 9_007_199_254_740_991n && v >= -9_007_199_254_740_991n ? Number(v) : null;
}

/** Digits only, optionally surrounded by blanks: what a CSV count cell may hold. */
const DIGITS = /^\s*\d+\s*$/;

/**
 * A decimal number as text, optionally surrounded by blanks (`' 9 '`, `'9.0'`, `'-0.5'`,
 * `'2.5e-3'`): what a CSV score or weight cell may hold. Hexadecimal, binary and octal literals
 * (`'0x9'`), `'Infinity'` and blanks are not numbers here, though `Number()` reads some of them.
 */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a numeric string (decimal notation, {@link DECIMAL}) or a safe-integer BigInt holds,
 * for `coerce: true`; `undefined` when the value is neither.
 */
export function coerceNumber(value: unknown): number | undefined {
  if (typeof value === 'string') return DECIMAL.test(value) ? Number(value) : undefined;
  if (typeof value === 'bigint') return safeNumberOfBigInt(value) ?? undefined;
  return undefined;
}

/**
 * A count as a number: a non-negative safe integer, or `null` when `value` is not one. With
 * `coerce`, a BigInt in the safe range and a string of decimal digits (blanks around it trimmed:
 * `' 412 '`) are accepted too; without it only numbers are.
 */
export function readCount(value: unknown, coerce: boolean): number | null {
  let n: number | null;
  if (typeof value === 'number') n = value;
  else if (!coerce) return null;
  else if (typeof value === 'bigint') n = safeNumberOfBigInt(value);
  else if (typeof value === 'string' && DIGITS.test(value)) n = Number(value);
  else return null;
  // `+ 0` turns −0 into 0, so a count never prints as "-0".
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n + 0 : null;
}

/**
 * Why {@link readCount} refused `value`, as the end of a sentence "must be a non-negative
 * integer count…": the hint to pass `coerce: true` when the value would have been accepted with
 * it (a numeric string or a BigInt).
 */
export function countRequirement(value: unknown, coerce: boolean): string {
  if (!coerce && readCount(value, true) !== null) {
    return `a non-negative integer count (a number); pass coerce: true to accept ${typeof value === 'bigint' ? 'BigInt counts' : 'numeric strings'}`;
  }
  return coerce
    ? 'a non-negative integer count up to 2^53 − 1 (a number, BigInt or string of digits)'
    : 'a non-negative integer count up to 2^53 − 1';
}
