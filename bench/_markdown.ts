// The tables of `npm run bench` (bench/run.ts), from its results JSON: what README "Performance"
// shows, printed by `npm run bench -- --markdown`.
import type { SynthConfig } from './_synth.ts';

/** One engine × job on one configuration (medians over the fresh processes). */
export interface TaskResult {
  config: SynthConfig;
  engine: string;
  job: string;
  processes: number;
  /** Seconds to read the cached columns (the same for every engine). */
  read: number;
  /** Seconds to load them into the engine's own form (DuckDB: Parquet → table). */
  load: number;
  /** Seconds of the first call in the process. */
  first: number;
  /** CPU seconds (user + system, every thread) of the first call. */
  firstCpu: number;
  /** Median seconds of the repeated calls in the same process. */
  warm: number | null;
  /** Their median CPU seconds. */
  warmCpu: number | null;
  peakRssMB: number;
  check: number[] | null;
  /** The 1-minute load average when the process started. */
  loadavg: number;
  error?: string;
}

/** The results file of one run. */
export interface BenchResults {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGB: number;
    freeMemoryGB: number;
    node: string;
    platform: string;
    loadavgStart: number[];
    loadavgEnd: number[];
  };
  quick: boolean;
  rounds: number;
  tasks: TaskResult[];
  grid: TaskResult[];
  mismatches: string[];
  extra: Record<string, Record<string, unknown>>;
}

const LABEL: Record<string, string> = {
  loop: 'typed-array loop',
  npskit: 'npskit',
  duckdb: 'DuckDB',
  arquero: 'arquero',
  idiomatic: 'idiomatic JS',
};
const JOB: Record<string, string> = {
  rollup: 'rollup (every node)',
  cube: 'node × month cube',
  drivers: 'drivers (16, Shapley)',
};

const sec = (s: number | null): string =>
  s === null || Number.isNaN(s)
    ? '—'
    : s < 0.1
      ? s.toFixed(3)
      : s < 10
        ? s.toFixed(2)
        : s.toFixed(1);
const ratio = (t: number | null, b: number | null | undefined): string =>
  t === null || b === null || b === undefined || Number.isNaN(t) ? '—' : `${(t / b).toFixed(1)}×`;
const count = (n: number): string =>
  n >= 1e5 ? `1e${String(Math.round(Math.log10(n)))}` : String(n);

function mainTable(r: BenchResults, n: number): string[] {
  const rows = r.tasks.filter((t) => t.config.responses === n);
  const out = [
    `**${count(n)} responses** (${String(rows[0]?.config.stores ?? '')} stores, ${String(rows[0]?.config.months ?? '')} months, ${String(rows[0]?.config.drivers ?? '')} drivers)`,
    '',
    '| job | engine | load (s) | first call (s) | CPU (s) | × loop | repeat call (s) | CPU (s) | × loop | peak RSS (MB) |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const job of ['rollup', 'cube', 'drivers']) {
    const base = rows.find((t) => t.job === job && t.engine === 'loop');
    for (const t of rows.filter((x) => x.job === job)) {
      if (t.error !== undefined) {
        out.push(
          `| ${JOB[job] ?? job} | ${LABEL[t.engine] ?? t.engine} | ${t.error.startsWith('skipped') ? t.error : `failed: ${t.error.slice(0, 80)}`} | | | | | | | | |`,
        );
        continue;
      }
      out.push(
        `| ${JOB[job] ?? job} | ${LABEL[t.engine] ?? t.engine} | ${sec(t.load)} | ${sec(t.first)} | ${sec(t.firstCpu)} | ${ratio(t.firstCpu, base?.firstCpu)} | ${sec(t.warm)} | ${sec(t.warmCpu)} | ${ratio(t.warmCpu, base?.warmCpu)} | ${String(t.peakRssMB)} |`,
      );
    }
  }
  return out;
}

function gridTable(r: BenchResults): string[] {
  const all = [...r.tasks, ...r.grid].filter((t) => t.engine === 'loop' || t.engine === 'npskit');
  const keyed = new Map<string, TaskResult[]>();
  for (const t of all) {
    const c = t.config;
    const k = `${String(c.responses)}|${String(c.stores)}|${String(c.months)}|${String(c.drivers)}|${t.job}`;
    keyed.set(k, [...(keyed.get(k) ?? []), t]);
  }
  const out = [
    '| responses | stores | months | drivers | job | npskit first call (CPU s) | npskit repeat call (CPU s) | loop repeat call (CPU s) | npskit ÷ loop (repeat) |',
    '|--:|--:|--:|--:|---|--:|--:|--:|--:|',
  ];
  const rows = [...keyed.values()].sort((a, b) => {
    const x = a[0]?.config;
    const y = b[0]?.config;
    if (!x || !y) return 0;
    return (
      (a[0]?.job ?? '').localeCompare(b[0]?.job ?? '') ||
      x.responses - y.responses ||
      x.stores - y.stores ||
      x.months - y.months ||
      x.drivers - y.drivers
    );
  });
  for (const g of rows) {
    const np = g.find((t) => t.engine === 'npskit');
    const lp = g.find((t) => t.engine === 'loop');
    const c = (np ?? lp)?.config;
    if (!np || !lp || !c) continue;
    out.push(
      `| ${count(c.responses)} | ${String(c.stores)} | ${String(c.months)} | ${String(c.drivers)} | ${np.job} | ${sec(np.firstCpu)} | ${sec(np.warmCpu)} | ${sec(lp.warmCpu)} | ${ratio(np.warmCpu, lp.warmCpu)} |`,
    );
  }
  return out;
}

type Plain = Record<string, unknown>;
const isPlain = (x: unknown): x is Plain =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const cell = (x: unknown): string =>
  isPlain(x) || Array.isArray(x) ? JSON.stringify(x) : String(x);

/** A table of rows of plain objects, the first column named `head`. */
function objectTable(head: string, rows: [string, Plain][]): string[] {
  const keys = [...new Set(rows.flatMap(([, o]) => Object.keys(o)))];
  return [
    `| ${[head, ...keys].join(' | ')} |`,
    `|${[head, ...keys].map(() => '---').join('|')}|`,
    ...rows.map(([k, o]) => `| ${[k, ...keys.map((x) => cell(o[x] ?? ''))].join(' | ')} |`),
  ];
}

/**
 * The final JSON line of another benchmark (bench/coldStart.ts, bench/warm.ts): its scalars in
 * a sentence, each array of objects and each group of objects as a table.
 */
function extraTables(name: string, v: Plain): string[] {
  const scalars = Object.entries(v).filter(([, x]) => !isPlain(x) && !Array.isArray(x));
  const groups = Object.entries(v).filter(([, x]) => isPlain(x) && Object.values(x).some(isPlain));
  const flat = Object.entries(v).filter(
    ([, x]) => isPlain(x) && !Object.values(x).some(isPlain),
  ) as [string, Plain][];
  const out = [
    `\`bench/${name}.ts\`: ${scalars.map(([k, x]) => `${k} ${cell(x)}`).join(', ')}`,
    '',
  ];
  // objects with the same keys share a table
  const bySignature = new Map<string, [string, Plain][]>();
  for (const [k, o] of flat) {
    const sig = Object.keys(o).join(',');
    bySignature.set(sig, [...(bySignature.get(sig) ?? []), [k, o]]);
  }
  for (const rows of bySignature.values()) out.push(...objectTable('', rows), '');
  for (const [k, x] of Object.entries(v))
    if (Array.isArray(x) && x.every(isPlain))
      out.push(
        ...objectTable(
          k,
          x.map((o, i) => [cell(o.name ?? i), o]),
        ),
        '',
      );
  for (const [k, x] of groups)
    out.push(...objectTable(k, Object.entries(x as Plain) as [string, Plain][]), '');
  return out;
}

/** The markdown of a results file: one table per size, the growth grid, the machine. */
export function toMarkdown(r: BenchResults): string {
  const m = r.machine;
  const sizes = [...new Set(r.tasks.map((t) => t.config.responses))].sort((a, b) => a - b);
  const out: string[] = [
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${String(m.cores)} cores, ${String(m.memoryGB)} GB, Node ${m.node}, ${m.platform}; load average ${m.loadavgStart.join(' ')} at the start${m.loadavgEnd.length > 0 ? `, ${m.loadavgEnd.join(' ')} at the end` : ''}${r.rounds > 1 ? `; each task in ${String(r.rounds)} fresh processes, medians` : ''}.`,
    '',
  ];
  out.push(
    'Times are seconds of one call in a fresh process: wall time, and CPU time (user + system of every thread: DuckDB runs on both cores, the others on one). Ratios to the typed-array loop are of CPU time, the figure least disturbed by other work on a shared machine. "Load" is building the engine\'s own form of the columns (DuckDB: Parquet into a table; idiomatic JS: row objects), not counted in the calls. "Repeat call" is the median of later calls in the same process.',
    '',
  );
  for (const n of sizes) out.push(...mainTable(r, n), '');
  if (r.tasks.length + r.grid.length > 0)
    out.push('How cost grows (npskit and the loop):', '', ...gridTable(r), '');
  for (const [name, v] of Object.entries(r.extra)) out.push(...extraTables(name, v));
  out.push(
    r.mismatches.length === 0
      ? 'Every engine returned the same answer (checked per job and size).'
      : `Answers differ: ${r.mismatches.join('; ')}`,
  );
  return `${out.join('\n')}\n`;
}
