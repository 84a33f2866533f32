/**
 * Runs the built CLI (`node bin/run.js …`; test/setup/build-dist.ts keeps dist/ current) as a
 * child process with NO_COLOR set and DEBUG and COLUMNS unset (unless `env` sets them),
 * optionally feeding stdin; resolves with exit code and output.
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

/** How to run nad: variables added to its environment, a command that launches it. */
export interface RunOptions {
  env?: Record<string, string>;
  /** A command that runs nad (e.g. `['setpriv', …, '--']`); none by default. */
  launcher?: readonly string[];
}

/** `node bin/run.js ...args` in `cwd` (default: the repository root). */
export function runNad(
  args: string[],
  stdin?: Uint8Array,
  cwd = ROOT,
  options: RunOptions = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.DEBUG;
    delete env.COLUMNS;
    Object.assign(env, options.env ?? {});
    const launcher = options.launcher ?? [];
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
