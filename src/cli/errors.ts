/** The CLI's failures and their exit codes (see `npskit --help`). */

/** Exit codes, stable for scripts. */
export const EXIT = {
  /** The report was written. */
  ok: 0,
  /** The data stopped the run: no usable rows, an unknown column, an unreadable file format. */
  data: 1,
  /** The command line is wrong: an unknown flag, a missing value, a bad number. */
  usage: 2,
  /** A file could not be read or written (missing, no permission, a directory). */
  io: 3,
  /** A bug in npskit: please report it (rerun with --debug for the stack trace). */
  internal: 70,
} as const;

/** Why a run stopped. */
export type CliErrorKind = 'data' | 'usage' | 'io';

/** A failure the CLI explains in one sentence and maps to an exit code. */
export class CliError extends Error {
  readonly kind: CliErrorKind;
  constructor(kind: CliErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.kind = kind;
  }
}
