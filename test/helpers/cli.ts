/**
 * Runs the built CLI (`node bin/run.js …`, built by `npm test` before vitest) as a child process
 * with NO_COLOR set and DEBUG and COLUMNS unset (unless `env` sets them), optionally feeding
 * stdin; resolves with exit code and output.
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

/** `node bin/run.js ...args` in `cwd` (default: the repository root), with `env` added. */
export function runNad(
  args: string[],
  stdin?: Uint8Array,
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete childEnv.DEBUG;
    delete childEnv.COLUMNS;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {
      cwd,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? new Uint8Array(0));
  });
}
