// Every ```ts block of README.md and docs/*.md runs as written, with 'npskit' resolved to the
// source, and its `//=> value` comments are checked (the same instrumentation as the TSDoc
// @example blocks). Each block runs on its own: it imports what it uses and defines its data.
// Pseudo-code and result shapes are ```text blocks, which are not run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import * as render from '../src/render/svg.ts';
import * as sample from '../src/sample/index.ts';
import { instrument } from './_support/examples.ts';

interface DocBlock {
  readonly heading: string;
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a markdown file, each with the `##` heading it is under. */
function blocksOf(file: string): DocBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: DocBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) heading = line.slice(3).trim();
    if (line.trim() !== '```ts') continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() !== '```') body.push(lines[j++] ?? '');
    out.push({ heading, line: i + 1, code: body.join('\n') });
    i = j;
  }
  return out;
}

/** The language tags of the fenced blocks of a markdown file (`''` for an untagged fence). */
function fenceTags(file: string): string[] {
  const tags: string[] = [];
  let open = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*```(\S*)\s*$/.exec(line);
    if (m === null) continue;
    if (!open) tags.push(m[1] ?? '');
    open = !open;
  }
  return tags;
}

const MODULES: Readonly<Record<string, unknown>> = {
  npskit: api,
  'npskit/sample': sample,
  'npskit/render': render,
  'apache-arrow': arrow,
};

/** `import { a, b as c } from 'm';` (one or more lines) becomes `const { a, b: c } = __modules['m'];`. */
function withoutImports(code: string): string {
  return code.replace(
    /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?$/gm,
    (_, typeOnly: string | undefined, names: string, from: string) => {
      if (!(from in MODULES)) throw new Error(`doc block imports an unknown module ${from}`);
      if (typeOnly !== undefined) return '';
      const bindings = names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type '))
        .map((n) => n.replace(/\s+as\s+/, ': '));
      return `const { ${bindings.join(', ')} } = __modules[${JSON.stringify(from)}];`;
    },
  );
}

async function run(file: string, block: DocBlock): Promise<void> {
  const js = instrument(withoutImports(block.code));
  const check = (actual: unknown, expected: unknown, line: number): void => {
    const where = `${file}, ${block.heading}, line ${String(block.line + line)}`;
    if (typeof expected === 'number') expect(actual, where).toBe(expected);
    else expect(actual, where).toStrictEqual(expected);
  };
  // an async function, so a block may `await` (reportPack, renderSvg)
  const AsyncFunction =
    // eslint-disable-next-line @typescript-eslint/require-await -- only its constructor is used
    (Object.getPrototypeOf(async () => undefined) as { constructor: FunctionConstructor })
      .constructor;
  const body = new AsyncFunction('__check', '__modules', js) as (
    c: typeof check,
    m: typeof MODULES,
  ) => Promise<void>;
  await body(check, MODULES);
}

const FILES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

describe('documentation code blocks', () => {
  it('every fenced block is ts (run) or a named non-code language', () => {
    for (const file of FILES)
      for (const tag of fenceTags(file))
        expect(['ts', 'sh', 'text', 'sql', 'json'], file).toContain(tag);
  });

  it('the guides the issue asks for exist', () => {
    for (const guide of [
      'getting-started',
      'methodology',
      'hierarchy',
      'trends',
      'alerts',
      'drivers',
      'followup',
      'quality',
      'warehouse',
      'errors',
    ])
      expect(existsSync(`docs/${guide}.md`), guide).toBe(true);
  });

  it('the guides with examples keep them', () => {
    const count = (file: string): number => blocksOf(file).length;
    expect(count('README.md')).toBe(1);
    for (const file of [
      'docs/data-in.md',
      'docs/drivers.md',
      'docs/hierarchy.md',
      'docs/trends.md',
      'docs/vocabulary.md',
    ])
      expect(count(file), file).toBeGreaterThan(0);
  });

  it('docs/data-in.md has a checked block under every section', () => {
    const blocks = blocksOf('docs/data-in.md');
    expect(new Set(blocks.map((b) => b.heading))).toEqual(
      new Set([
        'A CSV export',
        'Counts per score from a database',
        'A flat organisation export',
        'An Apache Arrow table',
      ]),
    );
    expect(blocks.every((b) => b.code.includes('//=>'))).toBe(true);
  });

  for (const file of FILES)
    for (const block of blocksOf(file))
      it(`${file}: ${block.heading || '(top)'} (line ${String(block.line)})`, async () => {
        await run(file, block);
      });
});

describe('README quick start', () => {
  it('imports from npskit and states true results beside the calls', () => {
    const [block] = blocksOf('README.md');
    expect(block?.heading).toBe('Quick start');
    expect(block?.code).toContain("from 'npskit'");
    // The figures of the comments that are not `//=>` checks (objects shown in part).
    const i = api.npsInterval([10, 9, 8, 7, 3], { method: 'tango' });
    expect(block?.code).toContain('nps: 50, low, high, se, n: 5, baseN: 4, effectiveN: 4');
    expect([i.nps, i.n, i.baseN, i.effectiveN]).toStrictEqual([50, 5, 4, 4]);
    expect(block?.code).toContain('difference: 100');
    expect(api.compareNps([10, 9, 9, 3], [10, 3, 2, 2]).difference).toBe(100);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Whether `npm pack` ships a path (package.json `files`, plus README, LICENSE, CHANGELOG, package.json). */
function shipped(path: string, isDir: boolean): boolean {
  const files = (JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }).files;
  if (['README.md', 'LICENSE', 'package.json', 'CHANGELOG.md'].includes(path)) return true;
  return files.some((f) => {
    if (f === path || path.startsWith(`${f}/`)) return true;
    const m = /^(.*)\/\*(\.\w+)$/.exec(f);
    if (m === null) return false;
    return isDir ? m[1] === path : dirname(path) === m[1] && path.endsWith(m[2] ?? '');
  });
}

describe('documentation links', () => {
  // The README and the guides ship in the package (package.json `files`), so their relative
  // links must resolve there as well as in the repository.
  for (const file of FILES)
    it(`${file}: every relative link resolves to a shipped file and an existing heading`, () => {
      const text = readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = m[1] ?? '';
        if (/^[a-z]+:/i.test(href)) continue;
        const [target = '', anchor] = href.split('#');
        const path = target === '' ? file : normalize(join(dirname(file), target));
        if (!existsSync(path)) {
          broken.push(`${href}: no such file`);
          continue;
        }
        const isDir = statSync(path).isDirectory();
        if (!shipped(path, isDir)) broken.push(`${href}: not shipped`);
        if (anchor !== undefined && !isDir) {
          const anchors = readFileSync(path, 'utf8')
            .split('\n')
            .filter((l) => /^#{1,6} /.test(l))
            .map((l) => anchorOf(l.replace(/^#+ /, '')));
          if (!anchors.includes(anchor)) broken.push(`${href}: no heading #${anchor}`);
        }
      }
      expect(broken).toEqual([]);
    });
});
