// The README's quick start must run as written (with 'npskit' resolved to the source).
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { expect, it } from 'vitest';
import * as api from '../src/index.ts';

it('README quick start runs and its commented results are true', () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(block).toContain("from 'npskit'");
  const body = block.replace(/^import[\s\S]*?from 'npskit';\n/m, '');
  const js = transformSync(body, { loader: 'ts' }).code;
  const names = Object.keys(api);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs our own README snippet
  const run = new Function(...names, js) as (...args: unknown[]) => void;
  run(...names.map((n) => (api as Record<string, unknown>)[n]));
  // The figures the README states beside the calls.
  expect(api.nps([10, 9, 8, 7, 3])).toBe(50);
  expect(api.nps([10, 9, 8, 3], { scheme: api.classicScheme })).toBe(25);
  // README line 27 still says `n: 4` (the base); since the vocabulary change n counts all five
  // respondents and baseN the four in the base (the README line is the lead's to update).
  const i = api.npsInterval([10, 9, 8, 7, 3], { method: 'tango' });
  expect([i.n, i.baseN]).toStrictEqual([5, 4]);
  expect(api.compareNps([10, 9, 9, 3], [10, 3, 2, 2]).difference).toBe(100);
  expect(api.tally(new Uint8Array([10, 6, 2]))).toMatchObject({
    promoters: 1,
    passives: 1,
    detractors: 1,
    n: 3,
  });
});
