import { describe, expect, it } from 'vitest';
import { instantOf, SetAsideLog, summary } from '../../src/cli/prepare.ts';
import { PROGRESS_DELAY, Progress } from '../../src/cli/progress.ts';
import { reportLines } from '../../src/cli/report.ts';
import { sniffDelimiter } from '../../src/cli/table.ts';
import { buildHierarchy, rollup } from '../../src/index.ts';
import { collector } from './_run.ts';

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1,5;2;3', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y;z",b,c\n', ','],
    ['"a,b";c', ';'],
    ['single', ','],
    ['a;b\n1,2,3,4,5', ';'],
  ])('%j → %j', (text, d) => {
    expect(sniffDelimiter(text)).toBe(d);
  });
});

describe('instantOf', () => {
  it('reads ISO instants with an offset as they are', () => {
    expect(instantOf('2025-01-05T10:00:00+03:00', 'Europe/Moscow')).toBe(Date.UTC(2025, 0, 5, 7));
    expect(instantOf(' 2025-02-03T09:15:00Z ', 'Asia/Tokyo')).toBe(Date.UTC(2025, 1, 3, 9, 15));
    expect(instantOf(1_700_000_000_000, 'UTC')).toBe(1_700_000_000_000);
  });

  it('reads local dates and times on the clock of the zone', () => {
    // Moscow is UTC+3 all year since 2014.
    expect(instantOf('2025-01-12 18:30', 'Europe/Moscow')).toBe(Date.UTC(2025, 0, 12, 15, 30));
    expect(instantOf('2025-03-01', 'Europe/Moscow')).toBe(Date.UTC(2025, 1, 28, 21));
    expect(instantOf('2025-07-01T12:00:00.250', 'Europe/Berlin')).toBe(
      Date.UTC(2025, 6, 1, 10, 0, 0, 250),
    );
    // 02:30 on 2025-03-30 does not exist in Berlin (clocks jump 02:00 → 03:00 at 01:00 UTC):
    // it reads as the change itself.
    expect(instantOf('2025-03-30 02:30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 30, 1));
    // 02:30 on 2025-10-26 happens twice in Berlin: the earlier (summer time, UTC+2) is taken.
    expect(instantOf('2025-10-26 02:30', 'Europe/Berlin')).toBe(Date.UTC(2025, 9, 26, 0, 30));
  });

  it.each([
    '01.02.2025',
    '2025-02-30',
    '2025-13-01',
    '2025-01-01 24:00',
    'soon',
    '',
    '2025-01-01T10:00'.slice(0, 13),
  ])('is NaN for %j', (s) => {
    expect(instantOf(s, 'UTC')).toBeNaN();
  });

  it('is NaN for values that are not text or numbers', () => {
    expect(instantOf(null, 'UTC')).toBeNaN();
    expect(instantOf(Number.POSITIVE_INFINITY, 'UTC')).toBeNaN();
    expect(instantOf({}, 'UTC')).toBeNaN();
  });
});

describe('summary', () => {
  it('counts reasons and names the first five lines of each', () => {
    const log = new SetAsideLog();
    for (const line of [3, 5, 8, 13, 21, 34]) log.add('blank score', line);
    log.add('unit not in the organisation "x"', 40, 3);
    expect(log.total).toBe(9);
    expect(summary(20, 11, log)).toBe(
      '20 rows read, 11 used, 9 set aside (6 blank score: lines 3, 5, 8, 13, 21, …; 3 unit not in the organisation "x": line 40, …)',
    );
    expect(summary(1, 1, new SetAsideLog(), 'item')).toBe('1 row read, 1 used, 0 set aside');
  });
});

describe('Progress', () => {
  it('draws only after the delay, at most every 100 ms, and erases itself', () => {
    const err = collector(true);
    let t = 0;
    const p = new Progress(err, true, () => t);
    p.start('reading');
    p.update(0.5);
    expect(err.text).toBe('');
    t = PROGRESS_DELAY;
    p.update(0.5);
    expect(err.text).toBe(`\rreading [${'#'.repeat(20)}${'-'.repeat(20)}]  50%`);
    t += 50;
    p.update(0.75);
    expect(err.text.split('\r')).toHaveLength(2);
    t += 100;
    p.update(1);
    expect(err.text.endsWith(`[${'#'.repeat(40)}] 100%`)).toBe(true);
    p.done();
    expect(err.text.endsWith('\r\x1b[2K')).toBe(true);
    p.done();
    expect(err.text.split('\x1b[2K')).toHaveLength(2);
  });

  it('never draws when disabled', () => {
    const err = collector(true);
    let t = 0;
    const p = new Progress(err, false, () => (t += 5000));
    p.start('x');
    p.update(1);
    p.done();
    expect(err.text).toBe('');
  });
});

describe('reportLines', () => {
  const h = buildHierarchy([
    { id: 'g', parentId: null, level: 'group', name: 'Group' },
    { id: 'n', parentId: 'g', level: 'region', name: 'North' },
    { id: 's', parentId: 'g', level: 'region', name: 'South' },
    { id: 'n1', parentId: 'n', level: 'store' },
  ]);
  // North (n1): 3 promoters, 1 detractor; South: 1 passive.
  const scores: [string, number][] = [
    ['n1', 9],
    ['n1', 10],
    ['n1', 8],
    ['n1', 2],
    ['s', 7],
  ];
  const r = rollup(
    h,
    scores.map(([nodeId, score]) => ({ nodeId, score })),
  );

  it('lists units in tree order with n, NPS and interval, and ends with the count of rows', () => {
    const log = new SetAsideLog();
    log.add('blank score', 7);
    const lines = reportLines({
      file: 'x.csv',
      source: 'CSV, comma-separated',
      lineWord: 'line',
      rollup: r,
      trend: null,
      drivers: null,
      badRatings: 0,
      findings: null,
      read: 6,
      used: 5,
      setAside: log,
    });
    const group = r.nodes[0];
    // The rollup's own limits, rounded to whole points (−40 to +91 here).
    const interval = (id: string) => {
      const x = r.nodes.find((node) => node.id === id);
      return `${fmt(x?.low)} to ${fmt(x?.high)}`;
    };
    const fmt = (x: number | null | undefined) => {
      const v = Math.round(x ?? Number.NaN);
      return v > 0 ? `+${String(v)}` : String(v);
    };
    // Group: 3 P, 1 passive, 1 D over base P + D = 4: (3 − 1) / 4 = +50. North: (3 − 1) / 4 = +50.
    expect(group?.nps).toBe(50);
    expect(lines).toEqual([
      'npskit report: x.csv (CSV, comma-separated)',
      '',
      'Units: NPS with its 95% interval (wilson)',
      `  Group    group   n 5  NPS  +50  (${interval('g')})`,
      `    North  region  n 4  NPS  +50  (${interval('n')})`,
      `      n1   store   n 4  NPS  +50  (${interval('n1')})`,
      '    South  region  n 1  no NPS (no promoters or detractors)',
      '',
      '6 rows read, 5 used, 1 set aside (1 blank score: line 7)',
    ]);
  });

  it('says why drivers could not be computed', () => {
    const lines = reportLines({
      file: 'x.csv',
      source: 'CSV',
      lineWord: 'line',
      rollup: r,
      trend: null,
      drivers: { error: 'relativeImportance: too few rows' },
      badRatings: 2,
      findings: null,
      read: 5,
      used: 5,
      setAside: new SetAsideLog(),
    });
    expect(lines).toContain('Drivers: not computed: relativeImportance: too few rows');
    expect(lines).toContain('  (2 ratings were not numbers and were read as missing)');
  });
});
