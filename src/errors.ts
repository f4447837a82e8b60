/**
 * Machine-readable reasons an input was rejected. Every {@link NpsInputError} carries one.
 *
 * - `invalid_score`: a score that is not an integer on the scheme's scale (NaN, 6.5, 11, `'7'`).
 * - `invalid_weight`: a weight that is negative, NaN or infinite.
 * - `invalid_count`: a count that is negative, fractional, not finite or above 2^53 − 1, or
 *   counts whose total (once read, merged or pooled) passes 2^53 − 1.
 * - `invalid_scheme`: a scheme whose scale or bands are malformed, overlap or leave gaps.
 * - `invalid_option`: an options object that does not match its schema.
 * - `length_mismatch`: columns (scores, weights, node ids…) of different lengths.
 * - `empty`: a scalar statistic asked of no data (NPS of nothing, or of passives only
 *   when passives are outside the base), or a hierarchy of no nodes.
 * - `invalid_id`, `duplicate_id`, `unknown_parent`, `unknown_node`, `cycle`, `multiple_roots`,
 *   `invalid_level`: hierarchy definitions and references.
 * - `invalid_date`, `invalid_time_zone`, `invalid_period`: time inputs.
 * - `too_few_rows`, `constant_driver`, `collinear`, `singular_matrix`, `not_positive_definite`,
 *   `unknown_driver`, `too_many_drivers`, `non_finite`, `incompatible_stats`: driver analysis.
 * - `too_large`: a request whose size (nodes × periods, replicates × drivers, permutations…)
 *   passes a documented limit, refused up front instead of running out of memory or time.
 * - `invalid_margin`, `unknown_category`, `empty_category`: raking margins (shares that do not
 *   sum to 1, a row's category absent from a margin, a margin category no respondent is in).
 * - `invalid_input`: any other malformed input.
 */
export type NpsInputErrorCode =
  | 'invalid_score'
  | 'invalid_weight'
  | 'invalid_count'
  | 'invalid_scheme'
  | 'invalid_option'
  | 'length_mismatch'
  | 'empty'
  | 'invalid_id'
  | 'duplicate_id'
  | 'unknown_parent'
  | 'unknown_node'
  | 'cycle'
  | 'multiple_roots'
  | 'invalid_level'
  | 'invalid_date'
  | 'invalid_time_zone'
  | 'invalid_period'
  | 'too_few_rows'
  | 'constant_driver'
  | 'collinear'
  | 'singular_matrix'
  | 'not_positive_definite'
  | 'unknown_driver'
  | 'too_many_drivers'
  | 'non_finite'
  | 'incompatible_stats'
  | 'too_large'
  | 'invalid_margin'
  | 'unknown_category'
  | 'empty_category'
  | 'invalid_input';

/** One problem found by a schema check (a simplified zod issue). */
export interface NpsInputIssue {
  /** Where in the input the problem was found, e.g. `['promoters', 0]`. */
  readonly path: readonly PropertyKey[];
  /** What was wrong, in words. */
  readonly message: string;
}

/** What an {@link NpsInputError} is constructed from. */
export interface NpsInputErrorDetails {
  /** The machine-readable reason. */
  readonly code: NpsInputErrorCode;
  /** The full human-readable message (conventionally `fn: what must be X, received Y`). */
  readonly message: string;
  /** Path of the offending value inside the argument, e.g. `['options', 'confidence']`. */
  readonly path?: readonly PropertyKey[];
  /** Row or element index of the offending value, for bulk inputs. */
  readonly index?: number;
  /** The offending value itself. */
  readonly received?: unknown;
  /** Schema issues, when a zod schema rejected the input. */
  readonly issues?: readonly NpsInputIssue[];
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

const BRAND: unique symbol = Symbol.for('npskit.NpsInputError') as never;

/**
 * The one error npskit throws for malformed input: a score off the scale, a duplicate node id,
 * an unknown time zone, a singular driver matrix… It carries a machine-readable `code`, the
 * place the problem was found (`path` and/or `index`), the offending value (`received`) and a
 * sentence a person understands.
 *
 * `instanceof NpsInputError` works even when two copies of npskit are loaded (ESM and CJS):
 * the check looks for a brand, not the prototype. {@link isNpsInputError} does the same.
 *
 * @example
 * ```ts
 * try {
 *   classify(11);
 * } catch (e) {
 *   e instanceof NpsInputError; //=> true
 *   (e as NpsInputError).code; //=> 'invalid_score'
 * }
 * ```
 */
export class NpsInputError extends RangeError {
  /** The machine-readable reason. */
  readonly code: NpsInputErrorCode;
  /** Path of the offending value inside the argument (empty when the argument itself). */
  readonly path: readonly PropertyKey[];
  /** Row or element index of the offending value, when the input is a collection. */
  readonly index: number | undefined;
  /** The offending value. */
  readonly received: unknown;
  /** Schema issues, when a schema rejected the input. */
  readonly issues: readonly NpsInputIssue[];
  /** @internal brand for cross-realm `instanceof`. */
  readonly [BRAND] = true;

  /** @param details - code, message and location of the problem. */
  constructor(details: NpsInputErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'NpsInputError';
    this.code = details.code;
    this.path = details.path ?? [];
    this.index = details.index;
    this.received = details.received;
    this.issues = details.issues ?? [];
  }

  /** Brand check, so `instanceof` works across duplicate copies of the library. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isNpsInputError(value);
  }
}

/**
 * Whether `value` is an {@link NpsInputError} from any copy of npskit (ESM or CJS).
 *
 * @param value - Anything caught.
 * @returns `true` for npskit input errors.
 * @example
 * ```ts
 * isNpsInputError(new NpsInputError({ code: 'empty', message: 'nps: no responses' })); //=> true
 * isNpsInputError(new Error('x')); //=> false
 * ```
 */
export function isNpsInputError(value: unknown): value is NpsInputError {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}
