// The CLI end to end on the built-in sample: `npskit sample` writes the export, `npskit report`
// reads it back, prints findings in the chosen language and writes the HTML pack with --out.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollup } from '../../src/index.ts';
import { sampleRetailGroup } from '../../src/sample/index.ts';
import { run } from './_run.ts';

let dir = '';
let csv = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'npskit-cli-pack-'));
  csv = join(dir, 'survey.csv');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const report = (extra: readonly string[]) => [
  'report',
  csv,
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
  ...extra,
];

describe('npskit sample, then npskit report on it', () => {
  it('writes the sample group as a CSV export, one row per answer', {
    timeout: 60_000,
  }, async () => {
    const { code, err } = await run(['sample', csv]);
    expect(code).toBe(0);
    const g = sampleRetailGroup();
    expect(err).toContain(`${String(g.responses.length)} answers`);
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]).toBe(
      'response_id,division,region,store,answered_at,score,touchpoint,channel,interviewer,politeness,speed,expertise,assortment,price,delivery,language,comment',
    );
  });

  it('reads every answer back, with the same pooled figures as the library on the sample', {
    timeout: 120_000,
  }, async () => {
    const { code, out } = await run(report(['--min-sample', '0']));
    expect(code).toBe(0);
    const g = sampleRetailGroup();
    const n = g.responses.length;
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      `${String(n)} rows read, ${String(n)} used, 0 set aside`,
    );
    const root = rollup(g.hierarchy, g.responses).nodes[0];
    const shown = out.split('\n').find((l) => l.trimStart().startsWith('All '));
    expect(shown).toContain(`n ${String(n)}`);
    expect(shown).toContain(`+${String(Math.round(root?.nps ?? 0))} `);
  });

  it('names the planted slip in its findings, in Russian with --locale ru', {
    timeout: 120_000,
  }, async () => {
    const g = sampleRetailGroup();
    const { code, out } = await run(report(['--locale', 'ru']));
    expect(code).toBe(0);
    const findings = out.slice(out.indexOf('Findings'));
    const slip = findings.split('\n').filter((l) => l.includes(g.stories.slippingStore.name));
    expect(slip.length).toBeGreaterThan(0);
    expect(slip.join('\n')).toMatch(/значим/);
  });

  it('writes the HTML pack with --out: an index and one page per unit, charts drawn in', {
    timeout: 120_000,
  }, async () => {
    const out = join(dir, 'pack');
    const g = sampleRetailGroup();
    const { code, err } = await run(
      report([
        '--drivers',
        'politeness,speed,price',
        '--owners',
        'politeness=store,speed=store,price=division',
        '--out',
        out,
      ]),
    );
    expect(code).toBe(0);
    const files = await readdir(out);
    const pages = files.filter((f) => f.endsWith('.html'));
    // one page per unit: the stores, regions and divisions, and index.html for the root "All"
    // the levels hang from (in place of the sample's head office)
    expect(pages).toContain('index.html');
    expect(pages.length).toBe(g.nodes.filter((x) => x.level !== 'head office').length + 1);
    expect(err).toContain(`wrote ${String(pages.length)} pages`);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<svg');
    expect(index).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(files).toContain('report.json');
  });

  it('refuses --owners without a level for a driver, or without --drivers (exit 2)', async () => {
    const a = await run(report(['--drivers', 'speed,price', '--owners', 'speed=store']));
    expect(a.code).toBe(2);
    expect(a.err).toContain('"price"');
    const b = await run(report(['--owners', 'speed=store']));
    expect(b.code).toBe(2);
    expect(b.err).toContain('--owners needs --drivers');
    const c = await run(report(['--locale', 'de']));
    expect(c.code).toBe(2);
    expect(c.err).toContain('--locale must be en, ru or uk');
  });
});
