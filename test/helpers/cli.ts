/**
 * Runs the built CLI (`node bin/run.js …`; test/setup/build-dist.ts keeps dist/ current) as a
 * child process with NO_COLOR set and DEBUG unset, optionally feeding stdin; resolves with exit
 * code and output.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

/** Exit code and output of one run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/run.js ...args` in `cwd` (default: the repository root); `launcher` is a command
 * that runs it (e.g. `['setpriv', …, '--']`), none by default.
 */
export function runNad(
  args: string[],
  stdin?: Uint8Array,
  cwd = ROOT,
  launcher: readonly string[] = [],
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.DEBUG;
    const command = [...launcher, process.execPath, join(ROOT, 'bin/run.js'), ...args];
    const child = spawn(command[0]!, command.slice(1), { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? new Uint8Array(0));
  });
}
