import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, run } from './_run.ts';

/** The last line of a report: "N rows read, M used, K set aside (…)". */
const lastLine = (out: string): string => out.trimEnd().split('\n').at(-1) ?? '';

/** A report line, found by its start (after the indentation). */
const lineOf = (out: string, start: string): string | undefined =>
  out.split('\n').find((l) => l.trimStart().startsWith(start));

describe('npskit report on a comma-separated export with a BOM, quotes and bad rows', () => {
  const argv = [
    'report',
    fixture('survey.csv'),
    '--score',
    'score',
    '--node',
    'store',
    '--levels',
    'division,region',
    '--at',
    'answered_at',
    '--time-zone',
    'Europe/Moscow',
    '--min-sample',
    '0',
  ];

  it('rolls the usable rows up the levels (hand-counted)', async () => {
    const { code, out, err } = await run(argv);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('(CSV, comma-separated)');
    // Used rows: 1, 2, 4, 11 promoters (the " 8 " of row 4 is read as 8), 3 and 8 detractors,
    // 6 passive. NPS = (4 − 2) / (4 + 2) = +33 under the ten-point scheme.
    expect(lineOf(out, 'All')).toMatch(/^ {2}All +total +n 7 +NPS +\+33 /);
    // Retail: rows 1, 2, 3, 4, 11 → 4 promoters, 1 detractor: (4 − 1) / 5 = +60.
    expect(lineOf(out, 'Retail')).toMatch(/division +n 5 +NPS +\+60 /);
    // Online: row 6 passive, row 8 detractor: −1 / 1 = −100, n = 2.
    expect(lineOf(out, 'Online')).toMatch(/division +n 2 +NPS +-100 /);
    expect(lineOf(out, 'S-102')).toMatch(/store +n 2 +NPS +0 /);
    // Tree order: each unit is followed by its own subtree.
    const order = ['All', 'Retail', 'North', 'S-101', 'S-102', 'South', 'S-201', 'Online', 'Web'];
    const at = order.map((name) =>
      out.split('\n').findIndex((l) => l.trimStart().startsWith(`${name} `)),
    );
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('counts every row: read = used + set aside, with reasons and line numbers', async () => {
    const { out } = await run(argv);
    // Row 5 (line 7) has a blank score, row 7 (line 9) scores 11, row 9 (line 11) has no date,
    // row 10 (line 12) has 6 fields for 9 columns. Row 3 spans lines 4–5 (a quoted line break).
    expect(lastLine(out)).toBe(
      '11 rows read, 7 used, 4 set aside (1 row whose number of fields differs from the header\'s 9: line 12; 1 unreadable date in answered_at: line 11; 1 blank score: line 7; 1 score not on the scale ("11"): line 9)',
    );
  });

  it('puts responses in the months of --time-zone (local times read on its clock)', async () => {
    const { out } = await run(argv);
    expect(out).toContain('Monthly trend of All (Europe/Moscow)');
    // January: rows 1, 2 promoters, 3 detractor; February: row 4 promoter, 6 passive;
    // March: row 8 detractor, 11 promoter.
    expect(lineOf(out, '2025-01')).toMatch(/n 3 +NPS +\+33 /);
    expect(lineOf(out, '2025-02')).toMatch(/n 2 +NPS \+100 /);
    expect(lineOf(out, '2025-03')).toMatch(/n 2 +NPS +0 /);
  });

  it('suppresses units below --min-sample and says so', async () => {
    const { out } = await run([...argv.slice(0, -2), '--min-sample', '2']);
    expect(out).toContain('figures of units with fewer than 2 responses are suppressed');
    expect(lineOf(out, 'S-201')).toMatch(/store +suppressed \(fewer than 2 responses\)$/);
    expect(lineOf(out, 'S-102')).toMatch(/store +n 2 +NPS +0 /);
    // South (n 1) is hidden, so Retail − North would reveal it unless North is hidden too, and
    // North − S-102 would then reveal North: the library withholds S-101 and North as well.
    expect(lineOf(out, 'North')).toMatch(
      /region +suppressed \(else a smaller unit could be worked out by subtraction\)$/,
    );
    expect(lineOf(out, 'S-101')).toMatch(/store +suppressed \(else a smaller unit/);
  });

  it('ranks the drivers by their LMG share of R² (R reference)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'npskit-cli-'));
    try {
      const { code, out } = await run([...argv, '--drivers', 'speed,staff', '--out', dir]);
      expect(code).toBe(0);
      // Complete rows 1, 2, 3, 4, 8; row 6 lacks staff, row 11's staff is "n/a".
      // R 4.2.2, base lm:
      //   y <- c(9, 10, 3, 8, 2); speed <- c(9, 10, 2, 8, 1); staff <- c(10, 9, 5, 8, 3)
      //   r2 <- function(f) summary(lm(f))$r.squared
      //   full <- r2(y ~ speed + staff); a <- r2(y ~ speed); b <- r2(y ~ staff)
      //   (a + full - b) / 2   # 0.5345287700 (speed);  (b + full - a) / 2  # 0.4646797777
      //   full                 # 0.9992085477
      expect(out).toContain('from 5 complete rows (2 with a missing rating left out)');
      expect(lineOf(out, '1.')).toMatch(/1\. +speed +53%$/);
      expect(lineOf(out, '2.')).toMatch(/2\. +staff +47%$/);
      expect(out).toContain('(1 rating was not a number and was read as missing)');
      const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {
        read: number;
        used: number;
        drivers: { r2: number; drivers: { driver: string; raw: number }[] };
      };
      expect(json.read).toBe(11);
      expect(json.used).toBe(7);
      expect(json.drivers.r2).toBeCloseTo(0.9992085477, 9);
      expect(json.drivers.drivers.map((d) => d.raw)).toEqual([
        expect.closeTo(0.53452877, 8),
        expect.closeTo(0.4646797777, 8),
      ]);
      expect(await readFile(join(dir, 'report.txt'), 'utf8')).toBe(out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npskit report reads other delimiters and formats', () => {
  it('sniffs semicolons, keeps quoted semicolons, and sets a decimal comma aside', async () => {
    const { code, out } = await run([
      'report',
      fixture('survey-semicolon.csv'),
      '--score',
      'score',
      '--node',
      'store',
      '--at',
      'date',
      '--min-sample',
      '0',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('(CSV, semicolon-separated)');
    // "Store; Centre" is one unit: its row 2 ("8,0") is set aside and row 1's date 01.02.2025
    // is not ISO, so only Outlet's 10 and 1 remain: NPS 0.
    expect(lineOf(out, 'Store; Centre')).toMatch(/store +n 0 +no responses$/);
    expect(lineOf(out, 'Outlet')).toMatch(/n 2 +NPS +0 /);
    expect(lastLine(out)).toBe(
      '4 rows read, 2 used, 2 set aside (1 unreadable date in date: line 2; 1 score not on the scale ("8,0"): line 3)',
    );
  });

  it('drops a byte-order mark before the first column name', async () => {
    const { code, out } = await run([
      'report',
      fixture('bom-semicolon.csv'),
      '--score',
      'score',
      '--node',
      'store',
      '--min-sample',
      '0',
    ]);
    expect(code).toBe(0);
    expect(lineOf(out, 'A ')).toMatch(/n 2 +NPS +0 /);
  });

  it('reads tab-separated files', async () => {
    const { code, out } = await run([
      'report',
      fixture('survey.tsv'),
      '--score',
      'score',
      '--node',
      'store',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('(CSV, tab-separated)');
    expect(lastLine(out)).toBe('2 rows read, 2 used, 0 set aside');
  });

  it('reads a JSON array against an organisation file, with names and item numbers', async () => {
    const { code, out } = await run([
      'report',
      fixture('answers.json'),
      '--score',
      'score',
      '--node',
      'store',
      '--hierarchy',
      fixture('org.csv'),
      '--at',
      'at',
      '--min-sample',
      '0',
    ]);
    expect(code).toBe(0);
    // s1: 9, "10" → +100; s2: 4 → −100; North: 2 P, 1 D → +33; s3: 8 → +100; group: 3 P, 1 D → +50.
    expect(lineOf(out, 'Retail Group')).toMatch(/group +n 4 +NPS +\+50 /);
    expect(lineOf(out, 'North')).toMatch(/region +n 3 +NPS +\+33 /);
    expect(lineOf(out, 'Tverskaya')).toMatch(/store +n 2 +NPS \+100 /);
    expect(lineOf(out, 'Arbat')).toMatch(/store +n 1 +NPS -100 /);
    expect(out).toContain('Monthly trend of Retail Group (UTC)');
    expect(lastLine(out)).toBe(
      '7 rows read, 4 used, 3 set aside (1 not an object: item 7; 1 unit not in the organisation "s9": item 5; 1 blank score: item 6)',
    );
  });

  it('reads JSON Lines, skipping blank lines', async () => {
    const { code, out } = await run([
      'report',
      fixture('answers.jsonl'),
      '--score',
      'score',
      '--node',
      'store',
      '--min-sample',
      '0',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('(JSON Lines)');
    expect(lineOf(out, 'All')).toMatch(/n 3 +NPS +\+33 /);
  });
});

describe('npskit report: every row accounted for (property)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'npskit-cli-prop-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read = used + set aside, and used = rows with a unit and a score on the scale', async () => {
    const scores = ['9', ' 10 ', '1', '6', '', 'x', '11', '8,0', '0', '"7"'];
    const valid = new Set(['9', ' 10 ', '1', '6', '"7"']);
    const row = fc.record({
      score: fc.constantFrom(...scores),
      node: fc.constantFrom('A', 'B', '"C, D"', ''),
      extra: fc.boolean(),
    });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const file = join(dir, `p${String(k++)}.csv`);
        const body = rows.map((r) => `${r.score},${r.node}${r.extra ? ',z' : ''}`).join('\n');
        await writeFile(file, `score,store\n${body}\n`);
        const { code, out, err } = await run([
          'report',
          file,
          '--score',
          'score',
          '--node',
          'store',
          '--min-sample',
          '0',
        ]);
        const used = rows.filter((r) => !r.extra && r.node !== '' && valid.has(r.score)).length;
        if (used === 0) {
          expect(code).toBe(1);
          expect(err).toContain('has no usable rows');
          return;
        }
        expect(code).toBe(0);
        const m = /^(\d+) rows? read, (\d+) used, (\d+) set aside/.exec(lastLine(out));
        expect(m?.slice(1).map(Number)).toEqual([rows.length, used, rows.length - used]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('npskit: usage, help and errors', () => {
  it('prints help with examples and the version', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    expect(main.out).toContain('Examples:');
    expect((await run([])).out).toBe(main.out);
    const report = await run(['report', '--help']);
    expect(report.code).toBe(0);
    expect(report.out).toContain('--hierarchy <file>');
    expect(report.out).toContain('npskit report survey.csv --score q1 --node store');
    const pkg = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(await run(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it.each([
    [['report', 'x.csv', '--scroe', 's'], 'unknown option --scroe (did you mean --score?)'],
    [['reprot', 'x.csv'], 'unknown command "reprot" (did you mean report?)'],
    [['report', '--score', 's', '--node', 'n'], 'needs the export file'],
    [['report', 'x.csv', '--node', 'n'], '--score <column> is required'],
    [['report', 'x.csv', '--score', 's', '--node'], '--node needs a value'],
    [
      ['report', 'x.csv', '--score', 's', '--node', 'n', '--min-sample', '3.5'],
      '--min-sample must be a whole number',
    ],
    [
      ['report', 'x.csv', '--score', 's', '--node', 'n', '--confidence', '95'],
      '--confidence must be a number between 0 and 1',
    ],
    [
      ['report', 'x.csv', '--score', 's', '--node', 'n', '--levels', 'a', '--hierarchy', 'o.csv'],
      'either --levels or --hierarchy',
    ],
    [
      ['report', 'x.csv', '--score', 's', '--node', 'n', '--drivers', 'a,,b'],
      '--drivers must be column names',
    ],
  ])('exits 2 on a wrong command line: %j', async (argv, message) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the nearest zone for a misspelt --time-zone', async () => {
    const { code, err } = await run([
      'report',
      fixture('survey.tsv'),
      '--score',
      'score',
      '--node',
      'store',
      '--at',
      'score',
      '--time-zone',
      'Europe/Moskow',
    ]);
    expect(code).toBe(2);
    expect(err).toBe(
      'npskit: --time-zone must be an IANA time zone name, received "Europe/Moskow"; did you mean \'Europe/Moscow\'?\n',
    );
  });

  it('exits 1 for an unknown column, naming the nearest and the columns', async () => {
    const { code, err } = await run([
      'report',
      fixture('answers.jsonl'),
      '--score',
      'score',
      '--node',
      'stor',
    ]);
    expect(code).toBe(1);
    expect(err).toBe(
      `npskit: ${fixture('answers.jsonl')} has no column "stor" (--node); did you mean "store"? Its columns are "store", "score"\n`,
    );
  });

  it('exits 1 when no row is usable, saying why', async () => {
    const { code, out, err } = await run([
      'report',
      fixture('blank-scores.csv'),
      '--score',
      'score',
      '--node',
      'store',
    ]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(
      'has no usable rows: 3 rows read, 0 used, 3 set aside (2 blank score: lines 2, 3; 1 score not on the scale ("n/a"): line 4)',
    );
  });

  it.each([
    ['broken-quote.csv', [], 'cannot be read as CSV at line 3'],
    ['latin1.csv', [], 'is not UTF-8 text'],
    [
      'survey.tsv',
      ['--hierarchy', fixture('cycle-org.csv')],
      'buildHierarchy: parent links form a cycle',
    ],
    ['two-parents.csv', ['--levels', 'region'], '"S1" appears under two parents'],
  ])('exits 1 with one sentence for bad data: %s', async (name, extra, message) => {
    const { code, err } = await run([
      'report',
      fixture(name),
      '--score',
      'score',
      '--node',
      'store',
      ...extra,
    ]);
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('maps a library row index back to the line of the file', async () => {
    const { err } = await run([
      'report',
      fixture('two-parents.csv'),
      '--score',
      'score',
      '--node',
      'store',
      '--levels',
      'region',
    ]);
    expect(err).toContain('(row 1 is line 3 of');
  });

  it('exits 3 when a file cannot be read, and --debug adds the stack', async () => {
    const missing = await run(['report', 'no-such-file.csv', '--score', 's', '--node', 'n']);
    expect(missing).toEqual({
      code: 3,
      out: '',
      err: 'npskit: cannot read no-such-file.csv: there is no such file\n',
    });
    const debug = await run([
      'report',
      'no-such-file.csv',
      '--score',
      's',
      '--node',
      'n',
      '--debug',
    ]);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/\n\s+at /);
  });
});

describe('the progress bar', () => {
  const argv = ['report', fixture('survey.tsv'), '--score', 'score', '--node', 'store'];
  /** A clock that jumps two seconds at every reading, so every step looks slow. */
  const slowClock = () => {
    let t = 0;
    return () => (t += 2000);
  };

  it('shows on a terminal when a step takes over a second, and is erased', async () => {
    const { code, err } = await run(argv, { tty: true, now: slowClock() });
    expect(code).toBe(0);
    expect(err).toMatch(/^\rreading survey\.tsv \[#+\] 100%/);
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stays off when stderr is not a terminal, with --quiet, or for fast steps', async () => {
    expect((await run(argv, { tty: false, now: slowClock() })).err).toBe('');
    expect((await run([...argv, '--quiet'], { tty: true, now: slowClock() })).err).toBe('');
    expect((await run(argv, { tty: true, now: () => 0 })).err).toBe('');
  });
});
