// Extracts the `@example` blocks of TSDoc comments from the source and turns them into
// runnable checks: `expr; //=> value` (inline) and a `//=> value` line after a statement both
// compare the statement's value with `value` (deep equality; numbers exactly).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transformSync } from 'esbuild';

export interface ExampleBlock {
  readonly file: string;
  readonly line: number;
  readonly symbol: string;
  readonly code: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** All `@example` blocks under `srcDir`. */
export function collectExamples(srcDir: string): ExampleBlock[] {
  const out: ExampleBlock[] = [];
  for (const file of walk(srcDir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\* @example\s*$/.test(lines[i] ?? '')) continue;
      let j = i + 1;
      while (j < lines.length && !/^\s*\* ```/.test(lines[j] ?? '')) j++;
      const body: string[] = [];
      let k = j + 1;
      while (k < lines.length && !/^\s*\* ```/.test(lines[k] ?? '')) {
        body.push((lines[k] ?? '').replace(/^\s*\* ?/, ''));
        k++;
      }
      let s = k;
      while (
        s < lines.length &&
        !/^\s*(export )?(declare )?(async )?(function|const|class|let|interface|type) /.test(
          lines[s] ?? '',
        )
      )
        s++;
      const symbol =
        /(?:function|const|class|let)\s+([A-Za-z0-9_$]+)/.exec(lines[s] ?? '')?.[1] ?? '?';
      out.push({ file: relative(process.cwd(), file), line: i + 1, symbol, code: body.join('\n') });
      i = k;
    }
  }
  return out;
}

function splitExpected(text: string): string {
  return text.split(/\s{2,}\(/)[0]?.trim() ?? '';
}

/** Rewrites an example into JS that calls `__check(actual, expected, line)` for every `//=>`. */
export function instrument(code: string): string {
  const lines = code.split('\n');
  const out: string[] = [];
  lines.forEach((raw, idx) => {
    const inline = /^(.*?);?\s*\/\/=>\s*(.+)$/.exec(raw);
    if (inline && (inline[1] ?? '').trim() !== '') {
      const indent = /^\s*/.exec(raw)?.[0] ?? '';
      out.push(
        `${indent}__check((${(inline[1] ?? '').trim()}), (${splitExpected(inline[2] ?? '')}), ${String(idx + 1)});`,
      );
      return;
    }
    const standalone = /^\s*\/\/=>\s*(.+)$/.exec(raw);
    if (standalone) {
      let start = out.length - 1;
      while (start > 0 && (/^[\s)\]}]/.test(out[start] ?? '') || (out[start] ?? '') === ''))
        start--;
      const stmt = out.splice(start).join('\n').replace(/;\s*$/, '');
      const decl = /^(?:const|let)\s+([A-Za-z0-9_$]+)\s*=/.exec(stmt);
      if (decl)
        out.push(
          `${stmt};`,
          `__check(${decl[1] ?? ''}, (${splitExpected(standalone[1] ?? '')}), ${String(idx + 1)});`,
        );
      else
        out.push(
          `__check((${stmt}), (${splitExpected(standalone[1] ?? '')}), ${String(idx + 1)});`,
        );
      return;
    }
    out.push(raw);
  });
  return transformSync(out.join('\n'), { loader: 'ts' }).code;
}
