/** The command line: flags parsed with node:util `parseArgs`, the help texts. */
import { parseArgs } from 'node:util';
import { closest } from '../kernels/suggest.ts';
import { CliError } from './errors.ts';

/** What `npskit report` was asked to do. */
export interface ReportArgs {
  readonly command: 'report';
  readonly file: string;
  readonly score: string;
  readonly node: string;
  readonly levels: readonly string[] | null;
  readonly hierarchy: string | null;
  readonly at: string | null;
  readonly timeZone: string;
  readonly drivers: readonly string[] | null;
  readonly out: string | null;
  /** The language of the findings and the HTML pages. */
  readonly locale: 'en' | 'ru' | 'uk';
  /** The level that owns each driver (`--owners speed=store,prices=head office`). */
  readonly owners: ReadonlyMap<string, string> | null;
  readonly minSample: number;
  readonly confidence: number;
  readonly scheme: 'ten-point' | 'classic';
  readonly quiet: boolean;
  readonly debug: boolean;
}

/** A parsed command line. */
export type Args =
  | ReportArgs
  | { readonly command: 'sample'; readonly file: string; readonly seed: number }
  | { readonly command: 'help'; readonly topic: 'main' | 'report' | 'sample' }
  | { readonly command: 'version' };

/** The default minimum number of responses for a unit's or a month's figures to be shown. */
const DEFAULT_MIN_SAMPLE = 30;

export const MAIN_HELP = `npskit: Net Promoter Score reports from survey exports

Usage:
  npskit report <export> --score <column> --node <column> [options]
  npskit sample <file.csv> [--seed <n>]
  npskit --help | npskit report --help | npskit --version

Commands:
  report   read a survey export (CSV, JSON or Parquet), print the NPS of every unit, its changes and
           findings, and with --out write an HTML report: one page per unit
  sample   write the built-in sample retail group's answers as a CSV export, to try report on

Examples:
  npskit report survey.csv --score q1 --node store
  npskit report survey.csv --score q1 --node store --levels division,region,store --at date
  npskit sample survey.csv
  npskit report survey.csv --score score --node store --levels division,region \\
      --at answered_at --time-zone Europe/Moscow --out report/

Exit codes: 0 done; 1 the data stopped the run (no usable rows, an unknown column);
2 a wrong command line; 3 a file that cannot be read or written; 70 a bug in npskit.
Run 'npskit report --help' for every option.
`;

export const REPORT_HELP = `Usage: npskit report <export> --score <column> --node <column> [options]

Reads a survey export and prints, for every unit of the organisation, its number of
responses and its NPS with a confidence interval; a monthly trend with --at; driver
importance with --drivers. Rows that cannot be used are counted and listed with reasons.

The export:
  CSV (UTF-8, with or without a byte-order mark; comma, semicolon or tab, found from the
  header line; quoted fields may hold delimiters and line breaks), JSON (an array of
  objects), JSON Lines (one object per line) or Parquet (found by its magic bytes;
  timestamps read as instants). Scores may be numbers or numeric text
  (" 9 " reads as 9); a blank score, a decimal comma ("8,0") or a score off the scale is
  set aside and counted, never guessed.

Required:
  --score <column>       the column holding the likelihood-to-recommend score
  --node <column>        the column holding the unit (store, branch…) each response is for

The organisation (one of; without either, every unit sits under one root "All"):
  --levels <a,b,c>       flat columns naming each response's unit at every level, top-down;
                         the --node column is the lowest level (added if not listed)
  --hierarchy <file>     an organisation file (CSV or JSON) with columns id, parent_id
                         (blank for the root), and optionally level and name

Options:
  --at <column>          response dates: ISO 8601 instants ("2025-03-01T10:00:00+03:00") or
                         local dates and times ("2025-03-01 10:00", "2025-03-01") read in
                         --time-zone; adds a monthly trend of the whole organisation
  --time-zone <zone>     IANA zone for local dates and the months (default UTC)
  --drivers <a,b,…>      rating columns; adds their importance for the score (Shapley / LMG)
  --min-sample <n>       hide the figures of a unit or month with fewer responses
                         (default ${String(DEFAULT_MIN_SAMPLE)}; 0 shows everything)
  --confidence <p>       confidence level of the intervals (default 0.95)
  --scheme <name>        ten-point (1-10; 8-10 promoters, 1-5 detractors; the default) or
                         classic (0-10; 9-10 promoters, 0-6 detractors)
  --owners <d=level,…>   the level that owns each driver (speed=store,prices=division): adds
                         each unit's own levers to the findings and the HTML pages
  --locale <en|ru|uk>    the language of the findings and the HTML pages (default en)
  --out <dir>            also write the HTML report (index.html and one page per unit, charts
                         drawn in; opens offline), report.txt and report.json into <dir>
  --quiet                no progress bar (it shows on a terminal when a step takes over 1 s)
  --debug                print the stack trace of an unexpected error
  -h, --help             this help
  -V, --version          the version

Examples:
  npskit report survey.csv --score q1 --node store
  npskit report survey.csv --score q1 --node store --levels division,region \\
      --at answered_at --time-zone Europe/Moscow --drivers speed,staff,prices
  npskit report answers.jsonl --score nps --node branch --hierarchy org.csv --out report/
  npskit sample survey.csv && npskit report survey.csv --score score --node store \\
      --levels division,region --at answered_at --time-zone Europe/Moscow \\
      --drivers politeness,speed,price --owners politeness=store,speed=store,price=division \\
      --locale ru --out report/

Exit codes: 0 done; 1 the data stopped the run (no usable rows, an unknown column, a file
that is not CSV, JSON or UTF-8); 2 a wrong command line; 3 a file that cannot be read or
written; 70 a bug in npskit (rerun with --debug and report it).
`;

export const SAMPLE_HELP = `Usage: npskit sample <file.csv> [--seed <n>]

Writes the built-in sample retail group (npskit/sample: a head office, three divisions, regions
and stores, two years of answers with six driver ratings, touchpoints, channels, interviewers
and comments) as a CSV export: one row per answer with the columns response_id, division,
region, store, answered_at (ISO 8601 with the Moscow offset), score, touchpoint, channel,
interviewer, the six ratings (politeness, speed, expertise, assortment, price, delivery; blank
when skipped), language and comment. Same seed, same file.

Example:
  npskit sample survey.csv
  npskit report survey.csv --score score --node store --levels division,region \\
      --at answered_at --time-zone Europe/Moscow --out report/
`;

const OPTIONS = {
  score: { type: 'string' },
  node: { type: 'string' },
  levels: { type: 'string' },
  hierarchy: { type: 'string' },
  at: { type: 'string' },
  'time-zone': { type: 'string' },
  drivers: { type: 'string' },
  out: { type: 'string' },
  owners: { type: 'string' },
  locale: { type: 'string' },
  seed: { type: 'string' },
  'min-sample': { type: 'string' },
  confidence: { type: 'string' },
  scheme: { type: 'string' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const COMMANDS = ['report', 'sample'];

function usage(message: string): CliError {
  return new CliError('usage', `${message}; run 'npskit report --help' for the options`);
}

/** A comma-separated list of column names, trimmed, none empty, none twice. */
function list(flag: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw usage(
      `--${flag} must be column names separated by commas, received ${JSON.stringify(value)}`,
    );
  }
  const twice = items.find((s, i) => items.indexOf(s) !== i);
  if (twice !== undefined) throw usage(`--${flag} names the column ${JSON.stringify(twice)} twice`);
  return items;
}

/** Explain a parseArgs failure with the nearest known flag. */
function parseFailure(e: unknown): CliError {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const near = closest(unknown.replace(/^-+/, ''), Object.keys(OPTIONS));
    return usage(
      `unknown option ${unknown}${near === undefined ? '' : ` (did you mean --${near}?)`}`,
    );
  }
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return usage(`${missing} needs a value`);
  return usage(message.split('\n')[0] ?? message);
}

/**
 * Parse the arguments after `npskit` (e.g. `process.argv.slice(2)`).
 *
 * @throws {@link CliError} `usage` for an unknown flag or command, a missing value or a bad number.
 */
export function parseCommandLine(argv: readonly string[]): Args {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw parseFailure(e);
  }
  const { values: v, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (v.version === true) return { command: 'version' };
  if (command === undefined) {
    if (v.help === true || argv.length === 0) return { command: 'help', topic: 'main' };
    throw usage('a command is needed (npskit report <export> …)');
  }
  if (command === 'help') {
    const topic = rest[0] === 'report' || rest[0] === 'sample' ? rest[0] : 'main';
    return { command: 'help', topic };
  }
  if (command === 'sample') {
    if (v.help === true) return { command: 'help', topic: 'sample' };
    const [file, ...extra] = rest;
    if (file === undefined) throw usage('npskit sample needs the CSV file to write');
    if (extra.length > 0) throw usage('npskit sample writes one file');
    const seed = v.seed === undefined ? 2026 : Number(v.seed);
    if (v.seed !== undefined && (!/^\s*\d+\s*$/.test(v.seed) || !Number.isSafeInteger(seed)))
      throw usage(`--seed must be a whole number, received ${JSON.stringify(v.seed)}`);
    return { command: 'sample', file, seed };
  }
  if (command !== 'report') {
    const near = closest(command, COMMANDS);
    throw usage(
      `unknown command ${JSON.stringify(command)}${near === undefined ? '' : ` (did you mean ${near}?)`}`,
    );
  }
  if (v.help === true) return { command: 'help', topic: 'report' };
  const [file, ...extra] = rest;
  if (file === undefined) throw usage('npskit report needs the export file to read');
  if (extra.length > 0) {
    throw usage(
      `npskit report reads one file, received also ${extra.map((x) => JSON.stringify(x)).join(', ')}`,
    );
  }
  if (v.score === undefined) throw usage('--score <column> is required (the column of scores)');
  if (v.node === undefined) throw usage('--node <column> is required (the column of units)');
  if (v.levels !== undefined && v.hierarchy !== undefined) {
    throw usage('give either --levels or --hierarchy, not both');
  }
  let minSample = DEFAULT_MIN_SAMPLE;
  if (v['min-sample'] !== undefined) {
    minSample = Number(v['min-sample']);
    if (!/^\s*\d+\s*$/.test(v['min-sample']) || !Number.isSafeInteger(minSample)) {
      throw usage(
        `--min-sample must be a whole number of responses, received ${JSON.stringify(v['min-sample'])}`,
      );
    }
  }
  let confidence = 0.95;
  if (v.confidence !== undefined) {
    confidence = Number(v.confidence);
    if (v.confidence.trim() === '' || !(confidence > 0 && confidence < 1)) {
      throw usage(
        `--confidence must be a number between 0 and 1 such as 0.9, received ${JSON.stringify(v.confidence)}`,
      );
    }
  }
  const locale = v.locale ?? 'en';
  if (locale !== 'en' && locale !== 'ru' && locale !== 'uk') {
    throw usage(`--locale must be en, ru or uk, received ${JSON.stringify(locale)}`);
  }
  let owners: Map<string, string> | null = null;
  if (v.owners !== undefined) {
    owners = new Map();
    for (const item of v.owners.split(',')) {
      const eq = item.indexOf('=');
      const driver = item.slice(0, eq).trim();
      const level = item.slice(eq + 1).trim();
      if (eq < 0 || driver === '' || level === '') {
        throw usage(
          `--owners must be driver=level pairs separated by commas (speed=store,prices=division), received ${JSON.stringify(v.owners)}`,
        );
      }
      owners.set(driver, level);
    }
    if (v.drivers === undefined) throw usage('--owners needs --drivers (the rating columns)');
  }
  const scheme = v.scheme ?? 'ten-point';
  if (scheme !== 'ten-point' && scheme !== 'classic') {
    throw usage(`--scheme must be ten-point or classic, received ${JSON.stringify(scheme)}`);
  }
  return {
    command: 'report',
    file,
    score: v.score,
    node: v.node,
    levels: v.levels === undefined ? null : list('levels', v.levels),
    hierarchy: v.hierarchy ?? null,
    at: v.at ?? null,
    timeZone: v['time-zone'] ?? 'UTC',
    drivers: v.drivers === undefined ? null : list('drivers', v.drivers),
    out: v.out ?? null,
    locale,
    owners,
    minSample,
    confidence,
    scheme,
    quiet: v.quiet === true,
    debug: v.debug === true,
  };
}
