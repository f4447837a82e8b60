/**
 * The `npskit` command line: `npskit report <export> --score <col> --node <col> …` reads a survey
 * export, rolls it up the organisation and prints the terminal report. The only code in npskit
 * that does I/O; {@link main} takes the arguments and the output streams and returns the exit
 * code, so tests run it in-process.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Analysis, analyze } from '../analysis/analyze.ts';
import { classicScheme, tenPointScheme } from '../core/scheme.ts';
import { describe } from '../describe/describe.ts';
import { relativeImportance } from '../drivers/relativeImportance.ts';
import { isNpsInputError } from '../errors.ts';
import { rollup } from '../hierarchy/rollup.ts';
import { categoryTable, rowScore } from '../kernels/scores.ts';
import { renderSvg } from '../render/svg.ts';
import { reportPack } from '../report/reportPack.ts';
import {
  type Args,
  MAIN_HELP,
  parseCommandLine,
  REPORT_HELP,
  type ReportArgs,
  SAMPLE_HELP,
} from './args.ts';
import { CliError, EXIT } from './errors.ts';
import { noRows, type Prepared, prepare } from './prepare.ts';
import { Progress, type Writer } from './progress.ts';
import { type ReportData, reportLines } from './report.ts';
import { sampleCsv } from './sample.ts';
import {
  decodeUtf8,
  formatOf,
  isParquet,
  readCsv,
  readJson,
  readParquet,
  type Table,
} from './table.ts';

/** Where the CLI writes, and its clock (for the progress bar). */
export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Milliseconds, default `performance.now`. */
  readonly now?: (() => number) | undefined;
}

/** npskit's version, from the package.json above this file (src/cli or dist). */
async function version(): Promise<string> {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(await readFile(new URL(up, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'npskit' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: look one level up
    }
  }
  return 'unknown';
}

/** A file's bytes, or the `io` error saying why they cannot be read. */
async function bytesOf(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    throw new CliError('io', `cannot read ${file}: ${why}`, { cause: e });
  }
}

/** Read an export or organisation file into a table. */
async function readTable(file: string, progress: Progress): Promise<Table> {
  progress.start(`reading ${basename(file)}`);
  const bytes = await bytesOf(file);
  if (isParquet(bytes)) {
    const table = await readParquet(bytes, file);
    progress.done();
    return table;
  }
  const text = decodeUtf8(bytes, file);
  const format = formatOf(file, text);
  const table =
    format === 'csv'
      ? await readCsv(text, file, (f) => {
          progress.update(f);
        })
      : readJson(text, file, format);
  progress.done();
  return table;
}

function sourceOf(t: Table): string {
  if (t.format === 'json') return 'JSON array';
  if (t.format === 'jsonl') return 'JSON Lines';
  if (t.format === 'parquet') return 'Parquet';
  const name = t.delimiter === ';' ? 'semicolon' : t.delimiter === '\t' ? 'tab' : 'comma';
  return `CSV, ${name}-separated`;
}

const LIBRARY_REASONS: Readonly<Record<string, string>> = {
  missing_score: 'blank score',
  invalid_score: 'score not on the scale',
  unknown_node: 'unit not in the organisation',
};

/** Driver importance over the used responses, or the library's reason it cannot be computed. */
function drivers(p: Prepared, a: ReportArgs, scheme: typeof tenPointScheme): ReportData['drivers'] {
  if (p.ratings === null || a.drivers === null) return null;
  const rows: { score: number; ratings: Readonly<Record<string, number | null>> }[] = [];
  const table = categoryTable(scheme);
  p.responses.forEach((r, i) => {
    const score = rowScore(table, scheme.scale[0], r.score, true);
    const ratings = p.ratings?.[i];
    if (
      score !== undefined &&
      ratings !== undefined &&
      r.nodeId !== undefined &&
      p.hierarchy.has(r.nodeId)
    ) {
      rows.push({ score, ratings });
    }
  });
  try {
    return relativeImportance(rows, { drivers: a.drivers, metric: 'lmg' });
  } catch (e) {
    if (isNpsInputError(e)) return { error: e.message };
    throw e;
  }
}

/** Run `npskit report`; returns the report's lines and data for `--out`. */
async function report(a: ReportArgs, io: CliIo, now: () => number): Promise<number> {
  const progress = new Progress(io.stderr, !a.quiet && io.stderr.isTTY === true, now);
  const table = await readTable(a.file, progress);
  const organisation = a.hierarchy === null ? null : await readTable(a.hierarchy, progress);
  progress.start('reading rows');
  // A terminal takes its writes synchronously, so the bar moves during this synchronous step.
  const p = prepare(table, a, organisation, (f) => {
    progress.update(f);
  });
  const scheme = a.scheme === 'classic' ? classicScheme : tenPointScheme;
  const options = {
    scheme,
    confidence: a.confidence,
    minSample: a.minSample,
    coerce: true,
    onInvalidScore: 'exclude',
    onUnknownNode: 'exclude',
  } as const;
  progress.start('rolling up');
  const r = rollup(p.hierarchy, p.responses, options);
  for (const x of r.excluded) {
    const base = LIBRARY_REASONS[x.reason] ?? x.reason.replaceAll('_', ' ');
    const value =
      x.reason === 'unknown_node'
        ? ` ${JSON.stringify(x.nodeId)}`
        : x.reason === 'invalid_score' && 'value' in x
          ? ` (${JSON.stringify(x.value)})`
          : '';
    p.setAside.add(`${base}${value}`, p.lines[x.firstIndex] ?? 0, x.n);
  }
  const used = p.responses.length - r.excludedN;
  if (used === 0) throw noRows(table, p.setAside, a.file);
  // With dates: the whole analysis (cube, changes, alerts, drivers by owner) and its findings.
  let analysis: Analysis | null = null;
  if (a.at !== null) {
    progress.start('analysing');
    const owned =
      a.owners === null || a.drivers === null
        ? null
        : a.drivers.map((id) => ({ id, owner: a.owners?.get(id) ?? '' }));
    const unowned = owned?.filter((d) => d.owner === '').map((d) => d.id) ?? [];
    if (unowned.length > 0) {
      throw new CliError(
        'usage',
        `--owners gives no level for ${unowned.map((d) => JSON.stringify(d)).join(', ')}; give every driver of --drivers a level (driver=level)`,
      );
    }
    const rows =
      owned === null
        ? p.responses
        : p.responses.map((row, i) => ({ ...row, ratings: p.ratings?.[i] ?? {} }));
    analysis = analyze(p.hierarchy, rows, {
      ...options,
      period: 'month',
      timeZone: a.timeZone,
      ...(owned === null ? {} : { drivers: owned }),
    });
  }
  const trend = analysis?.trend ?? null;
  const findings =
    analysis === null
      ? null
      : describe(analysis, { locale: a.locale }).filter(
          (f, i) => i === 0 || f.kind === 'alert' || f.significant,
        );
  progress.start('drivers');
  const dr = drivers(p, a, scheme);
  progress.done();
  const data: ReportData = {
    file: a.file,
    source: sourceOf(table),
    lineWord: table.format === 'json' ? 'item' : table.format === 'parquet' ? 'row' : 'line',
    rollup: r,
    trend,
    drivers: dr,
    badRatings: p.badRatings,
    findings,
    read: p.read,
    used,
    setAside: p.setAside,
  };
  const text = `${reportLines(data).join('\n')}\n`;
  io.stdout.write(text);
  if (a.out !== null) {
    try {
      await mkdir(a.out, { recursive: true });
      await writeFile(join(a.out, 'report.txt'), text);
      const json = {
        file: a.file,
        read: p.read,
        used,
        setAside: [...p.setAside.byReason.values()],
        rollup: r,
        trend,
        drivers: dr,
      };
      await writeFile(join(a.out, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
      progress.start('HTML pages');
      const pack = await reportPack(analysis ?? { rollup: r }, {
        locale: a.locale,
        render: renderSvg,
        title: `NPS: ${basename(a.file)}`,
        ...(analysis === null ? {} : { findings: describe(analysis, { locale: a.locale }) }),
      });
      for (const f of pack.files) {
        // reportPack names bare files; refuse anything else rather than write outside --out
        if (basename(f.path) !== f.path) throw new Error(`unsafe page name ${f.path}`);
        await writeFile(join(a.out, f.path), f.contents);
      }
      progress.done();
      io.stderr.write(
        `npskit: wrote ${String(pack.files.length)} pages to ${join(a.out, 'index.html')}\n`,
      );
    } catch (e) {
      throw new CliError(
        'io',
        `cannot write the report into ${a.out}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }
  return EXIT.ok;
}

/**
 * Run the `npskit` command line.
 *
 * @param argv - The arguments after `npskit` (`process.argv.slice(2)`).
 * @param io - Where the report (stdout) and messages and the progress bar (stderr) go.
 * @returns The exit code: 0 done, 1 the data stopped the run, 2 a wrong command line, 3 a file
 *   that cannot be read or written, 70 a bug (the stack trace with `--debug`).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? (() => performance.now());
  let args: Args | undefined;
  try {
    args = parseCommandLine(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(
          args.topic === 'report' ? REPORT_HELP : args.topic === 'sample' ? SAMPLE_HELP : MAIN_HELP,
        );
        return EXIT.ok;
      case 'version':
        io.stdout.write(`${await version()}\n`);
        return EXIT.ok;
      case 'report':
        return await report(args, io, now);
      case 'sample': {
        const text = sampleCsv(args.seed);
        try {
          await writeFile(args.file, text);
        } catch (e) {
          throw new CliError(
            'io',
            `cannot write ${args.file}: ${e instanceof Error ? e.message : String(e)}`,
            { cause: e },
          );
        }
        const rows = text.split('\n').length - 2;
        io.stderr.write(
          `npskit: wrote the sample retail group's ${String(rows)} answers to ${args.file}\n`,
        );
        return EXIT.ok;
      }
    }
  } catch (e) {
    const debug = args?.command === 'report' ? args.debug : argv.includes('--debug');
    if (e instanceof CliError) {
      io.stderr.write(`npskit: ${e.message}\n`);
      if (debug && e.cause instanceof Error) io.stderr.write(`${e.cause.stack ?? ''}\n`);
      return EXIT[e.kind];
    }
    if (isNpsInputError(e)) {
      io.stderr.write(`npskit: ${e.message}\n`);
      if (debug) io.stderr.write(`${e.stack ?? ''}\n`);
      return EXIT.data;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(
      `npskit: internal error: ${message}${debug ? '' : ' (rerun with --debug for the stack trace, and please report it)'}\n`,
    );
    if (debug && e instanceof Error) io.stderr.write(`${e.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
