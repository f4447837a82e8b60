import { describe, expect, it } from 'vitest';
import * as main from '../src/index.ts';
import * as render from '../src/render/svg.ts';
import * as sample from '../src/sample/index.ts';
import { collectExamples, instrument } from './_support/examples.ts';

// the examples see every public name: the main entry's, `npskit/sample`'s and `npskit/render`'s
const api = { ...main, ...sample, ...render };
const examples = collectExamples('src');

describe('TSDoc @example blocks run and show true results', () => {
  it('every exported function has at least one example', () => {
    const withExamples = new Set(examples.map((e) => e.symbol));
    const missing = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !withExamples.has(k));
    expect(missing).toEqual([]);
  });

  it('every example shows at least one result (`//=> value`), so none passes vacuously', () => {
    expect(examples.filter((e) => !e.code.includes('//=>')).map((e) => e.symbol)).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.symbol} (${e.file}:${String(e.line)})`, e] as const))(
    '%s',
    async (_, e) => {
      const js = instrument(e.code);
      const names = Object.keys(api);
      const check = (actual: unknown, expected: unknown, line: number): void => {
        if (typeof expected === 'number')
          expect(actual, `example line ${String(line)}`).toBe(expected);
        else expect(actual, `example line ${String(line)}`).toStrictEqual(expected);
      };
      // an async function, so an example may `await` (reportPack)
      const AsyncFunction =
        // eslint-disable-next-line @typescript-eslint/require-await -- only its constructor is used
        (Object.getPrototypeOf(async () => undefined) as { constructor: FunctionConstructor })
          .constructor;
      const run = new AsyncFunction('__check', ...names, js) as (
        ...args: unknown[]
      ) => Promise<void>;
      await run(check, ...names.map((n) => (api as Record<string, unknown>)[n]));
    },
  );
});
