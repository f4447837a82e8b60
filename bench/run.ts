// `npm run bench`: npskit against its peers on a seeded synthetic retail group, each task in a
// fresh process (bench/task.ts), in the same run. Writes bench/results/<date>.json and
// bench/results/<date>.md and prints the table.
//   npm run bench                     1e5, 1e6 and 1e7 responses, every engine, then the growth grid
//   npm run bench -- --quick          1e5 responses only, one warm repeat (the CI smoke step)
//   npm run bench -- --sizes 1e6      chosen sizes (comma-separated); --no-grid skips the grid
//   npm run bench -- --rounds 3       each task in 3 fresh processes, the median kept (noisy machines)
//   npm run bench -- --budget 300     skip a task whose first call projects past 300 s (default)
//   npm run bench -- --markdown [f]   print the tables of the newest (or the given) results file
// The data (2000 stores in a 5-level tree, 24 months, 16 drivers) is generated once per
// configuration into bench/.data/ (git-ignored). The speed helper's bench/coldStart.ts and
// bench/warm.ts run too when present (each prints a final JSON line, kept in the results).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchResults, TaskResult } from './_markdown.ts';
import { toMarkdown } from './_markdown.ts';
import { ensureData, ensureParquet, keyOf, type SynthConfig } from './_synth.ts';

const HERE = import.meta.dirname;
const RESULTS = join(HERE, 'results');
const TSX = join(HERE, '..', 'node_modules', '.bin', 'tsx');
const ENGINES = ['loop', 'npskit', 'duckdb', 'arquero', 'idiomatic'] as const;
const JOBS = ['rollup', 'cube', 'drivers'] as const;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? '' : v;
}

function newestResults(): string {
  const files = existsSync(RESULTS)
    ? readdirSync(RESULTS)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const last = files.at(-1);
  if (last === undefined) throw new Error('no results yet: run `npm run bench` first');
  return join(RESULTS, last);
}

/** The last JSON line a command printed, or an error record. */
function runJson(args: string[], env: Record<string, string> = {}): Record<string, unknown> {
  const r = spawnSync(TSX, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60 * 1000,
  });
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined)
    return {
      error: `exit ${String(r.status ?? r.signal)}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
    };
  return JSON.parse(line) as Record<string, unknown>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
};

/** The record of a task not run: its first call would take about `projected` seconds. */
function skipped(config: SynthConfig, engine: string, job: string, projected: number): TaskResult {
  const error = `skipped: about ${projected.toFixed(0)} s projected from the smaller size (over --budget)`;
  console.error(`${keyOf(config).padEnd(24)} ${engine.padEnd(9)} ${job.padEnd(7)} ${error}`);
  return {
    config,
    engine,
    job,
    processes: 0,
    read: Number.NaN,
    load: Number.NaN,
    first: Number.NaN,
    firstCpu: Number.NaN,
    warm: null,
    warmCpu: null,
    peakRssMB: Number.NaN,
    check: null,
    loadavg: loadavg()[0] ?? 0,
    error,
  };
}

/** One engine × job on one configuration, `rounds` fresh processes, the medians kept. */
function task(
  config: SynthConfig,
  dir: string,
  engine: string,
  job: string,
  reps: number,
  rounds: number,
): TaskResult {
  const runs: Record<string, unknown>[] = [];
  for (let r = 0; r < rounds; r++) {
    const load0 = loadavg()[0] ?? 0;
    const out = runJson(['--expose-gc', join(HERE, 'task.ts'), engine, job, dir, String(reps)], {
      TZ: 'Europe/Kyiv',
      NODE_OPTIONS: '--max-old-space-size=16384',
    });
    runs.push({ ...out, loadavg: load0 });
    if ('error' in out) break;
  }
  const ok = runs.filter((x) => !('error' in x));
  const num = (k: string) => median(ok.map((x) => Number(x[k])));
  const result: TaskResult = {
    config,
    engine,
    job,
    processes: runs.length,
    read: num('read'),
    load: num('load'),
    first: num('first'),
    firstCpu: num('firstCpu'),
    warm: reps > 0 ? num('warm') : null,
    warmCpu: reps > 0 ? num('warmCpu') : null,
    peakRssMB: num('peakRssMB'),
    check: (ok[0]?.check as number[] | undefined) ?? null,
    loadavg: median(runs.map((x) => Number(x.loadavg))),
    ...(ok.length < runs.length ? { error: String(runs.at(-1)?.error) } : {}),
  };
  const t = (s: number | null) =>
    s === null || Number.isNaN(s) ? '   —  ' : s.toFixed(3).padStart(7);
  console.error(
    `${keyOf(config).padEnd(24)} ${engine.padEnd(9)} ${job.padEnd(7)} load ${t(result.load)} first ${t(result.first)} warm ${t(result.warm)} s, ${String(result.peakRssMB)} MB${result.error ? ` ERROR ${result.error}` : ''}`,
  );
  return result;
}

async function run(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = (flag('--sizes') ?? (quick ? '1e5' : '1e5,1e6,1e7')).split(',').map(Number);
  const rounds = Number(flag('--rounds') ?? 1);
  const grid = !quick && !process.argv.includes('--no-grid');
  const budget = Number(flag('--budget') ?? 300);
  const engines = (flag('--engines') ?? ENGINES.join(',')).split(',');
  const base = { stores: 2000, months: 24, drivers: 16 };
  const started = new Date();
  const results: BenchResults = {
    date: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      freeMemoryGB: Math.round(freemem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadavgStart: loadavg().map((x) => Math.round(x * 100) / 100),
      loadavgEnd: [],
    },
    quick,
    rounds,
    tasks: [],
    grid: [],
    mismatches: [],
    extra: {},
  };
  mkdirSync(RESULTS, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const file = join(RESULTS, `${stamp}${quick ? '-quick' : ''}.json`);
  /** Written after every task, so a run cut short keeps what it measured. */
  const save = () => {
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  };
  const runConfig = async (config: SynthConfig, which: readonly string[], into: TaskResult[]) => {
    const dir = ensureData(config);
    if (which.includes('duckdb')) await ensureParquet(dir);
    // fewer repeated calls where one call takes long
    const reps = quick ? 0 : config.responses >= 1e6 ? 1 : 3;
    for (const job of JOBS) {
      const rows = which.map((e) => {
        // an engine whose first call at a smaller size projects (linearly) past the budget is
        // skipped at this one, and the table says so
        const prev = into
          .filter((t) => t.engine === e && t.job === job && t.config.responses < config.responses)
          .at(-1);
        const projected = prev ? (prev.first * config.responses) / prev.config.responses : 0;
        const r =
          projected > budget || prev?.error?.startsWith('skipped') === true
            ? skipped(config, e, job, projected)
            : task(config, dir, e, job, reps, rounds);
        into.push(r);
        save();
        return r;
      });
      const ref = JSON.stringify(rows[0]?.check);
      for (const r of rows)
        if (r.check !== null && JSON.stringify(r.check) !== ref)
          results.mismatches.push(
            `${keyOf(config)} ${job}: ${r.engine} ${JSON.stringify(r.check)} ≠ ${rows[0]?.engine ?? ''} ${ref}`,
          );
    }
  };
  for (const n of sizes) await runConfig({ ...base, responses: n }, engines, results.tasks);
  if (grid) {
    // how cost grows: npskit and the loop at 1e6 responses, one dimension varied at a time
    const points: SynthConfig[] = [
      { ...base, responses: 1e6, stores: 200 },
      { ...base, responses: 1e6, stores: 20_000 },
      { ...base, responses: 1e6, months: 12 },
      { ...base, responses: 1e6, months: 48 },
      { ...base, responses: 1e6, drivers: 4 },
      { ...base, responses: 1e6, drivers: 8 },
    ];
    for (const c of points) await runConfig(c, ['loop', 'npskit'], results.grid);
  }
  // the speed helper's benchmarks, when present
  for (const [name, args] of [
    ['coldStart', [join(HERE, 'coldStart.ts')]],
    ['warm', ['--expose-gc', join(HERE, 'warm.ts')]],
  ] as const) {
    if (quick || !existsSync(args.at(-1) ?? '')) continue;
    console.error(`running bench/${name}.ts`);
    results.extra[name] = runJson([...args]);
  }
  results.machine.loadavgEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  save();
  const md = toMarkdown(results);
  writeFileSync(file.replace(/\.json$/, '.md'), md);
  console.log(md);
  console.error(`wrote ${file}`);
  if (results.mismatches.length > 0) {
    console.error(`answers differ:\n${results.mismatches.join('\n')}`);
    process.exitCode = 1;
  }
}

if (process.argv.includes('--markdown')) {
  const given = flag('--markdown');
  const file = given === undefined || given === '' ? newestResults() : given;
  console.log(toMarkdown(JSON.parse(readFileSync(file, 'utf8')) as BenchResults));
} else await run();
