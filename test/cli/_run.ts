// In-process runs of the CLI: `main` with collecting writers instead of the process's streams.
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

/** The path of a fixture export. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

/** A writer that keeps what is written. */
export function collector(isTTY = false): {
  write(s: string): boolean;
  isTTY: boolean;
  text: string;
} {
  return {
    isTTY,
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}

/** Run `npskit …argv` in-process: the exit code, stdout and stderr. */
export async function run(
  argv: readonly string[],
  options: { tty?: boolean; now?: () => number } = {},
): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector(options.tty === true);
  const code = await main(argv, { stdout: out, stderr: err, now: options.now });
  return { code, out: out.text, err: err.text };
}
