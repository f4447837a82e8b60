// The CLI as a real process: `npx tsx src/cli/bin.ts` (no build needed), and the built
// dist/cli.js when `npm run build` has made it. stderr is a pipe here, so no progress bar.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture } from './_run.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function spawn(
  command: string,
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: root, timeout: 60_000 }, (error, out, err) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, out, err });
    });
  });
}

const tsx = (args: readonly string[]) => spawn('npx', ['tsx', 'src/cli/bin.ts', ...args]);

describe('npskit as a process', () => {
  it('prints the report on stdout, nothing on stderr, and exits 0', async () => {
    const { code, out, err } = await tsx([
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
    ]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).not.toContain('\r');
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^11 rows read, 7 used, 4 set aside \(/);
  }, 60_000);

  it('exits 1 with one sentence on stderr and no stack trace', async () => {
    const { code, out, err } = await tsx([
      'report',
      fixture('answers.jsonl'),
      '--score',
      'scor',
      '--node',
      'store',
    ]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^npskit: .* has no column "scor" \(--score\); did you mean "score"\?/);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);

  it.skipIf(!existsSync(dist))(
    'runs from the built dist/cli.js (run `npm run build` first)',
    async () => {
      const help = await spawn(process.execPath, [dist, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain('npskit report <export>');
      const usage = await spawn(process.execPath, [dist, 'report', 'x.csv', '--nod', 'n']);
      expect(usage.code).toBe(2);
      expect(usage.err).toContain('unknown option --nod (did you mean --node?)');
    },
    60_000,
  );
});
