/**
 * Helpers of the `nad scan` CLI tests: run the built CLI (`node bin/run.js`, built by `npm test`
 * before vitest) as a child process, compare with golden files under test/golden/scan/
 * (regenerate with UPDATE_GOLDEN=1 after a deliberate change), and make temporary inputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNad, type CliRun } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir as makeTempDir } from '../helpers/temp.js';

/** The small deterministic test model (not the default model, which is retrained). */
export const MODEL = 'fixtures/models/kdd-sample-20trees.nadm';
const GOLDEN = join(ROOT, 'test/golden/scan');

/** Exit code and output of one run. */
export type Run = CliRun;

/** Runs `node bin/run.js scan …args` in `cwd` (NO_COLOR, `env` added), feeding `stdin`. */
export function nadScan(
  args: string[],
  stdin?: Uint8Array,
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<Run> {
  return runNad(['scan', ...args], stdin, cwd, { env });
}

/** Elapsed times are the only output that varies between runs: replaced by 0. */
export function stableTimes(text: string): string {
  return text
    .replace(/"elapsedSec": [0-9.e-]+/g, '"elapsedSec": 0')
    .replace(/, \d+\.\d\d s(?=,|\n|$)/g, ', 0.00 s');
}

/** Compares with (or, with UPDATE_GOLDEN=1, rewrites) test/golden/scan/`name`. */
export function golden(name: string, actual: string): void {
  expectGolden(join(GOLDEN, name), actual);
}

/** A new temporary directory, removed after the test file. */
export function tempDir(): string {
  return makeTempDir('scan');
}

/** A fixture's bytes (path relative to the repository root). */
export function fixture(rel: string): Buffer {
  return readFileSync(join(ROOT, rel));
}

/** Fails unless dist/ was built (npm test builds it before vitest). */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/src/app/scan/scan-worker.js')))
    throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before these tests');
}
