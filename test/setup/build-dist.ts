/**
 * Vitest global setup: the CLI tests and the scan worker threads run the compiled `dist/`, so a
 * stale build must never be tested. Before the first test (and before each watch-mode rerun)
 * `buildDist` brings `dist/` up to date with an incremental TypeScript build: tsc compares the
 * sources' content hashes with `dist/.tsbuildinfo` and re-emits what changed (≈ 3 s when nothing
 * did, ≈ 10 s from scratch, on the project's 2-core machine). A failed build stops the run with
 * tsc's messages; compiled files whose source is gone (a moved or deleted module) are removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** Repository root. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folders tsconfig.json compiles. */
export const SOURCE_DIRS = ['src', 'commands', 'bench'] as const;

/** What `buildDist` did. */
export interface BuildReport {
  /** Compiled files removed because their source no longer exists (relative to `root`). */
  removed: string[];
}

/**
 * Runs `tsc -p tsconfig.json --incremental` in `root` (outputs in `root`/dist), checks that every
 * source under `dirs` has its compiled file, and removes compiled files without a source.
 * Throws with tsc's output when the build fails.
 */
export function buildDist(root = ROOT, dirs: readonly string[] = SOURCE_DIRS): BuildReport {
  const buildInfo = join(root, 'dist/.tsbuildinfo');
  let missing = tsc(root, buildInfo);
  if (missing(dirs).length > 0) {
    // The build info says "up to date" but outputs were deleted by hand: build from scratch.
    rmSync(buildInfo, { force: true });
    missing = tsc(root, buildInfo);
  }
  const still = missing(dirs);
  if (still.length > 0) throw new Error(`tsc did not emit ${still.join(', ')}`);
  return { removed: removeOrphans(root, dirs) };
}

/** Runs tsc; returns a function listing the sources whose compiled file is missing. */
function tsc(root: string, buildInfo: string): (dirs: readonly string[]) => string[] {
  const bin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [bin, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', buildInfo];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `dist/ is not current and could not be rebuilt (the CLI tests run the compiled code): ` +
        `tsc -p tsconfig.json exited with ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`,
    );
  }
  return (dirs) =>
    sources(root, dirs).filter((ts) => !existsSync(join(root, 'dist', compiled(ts))));
}

/** Every TypeScript source under `dirs`, relative to `root`. */
function sources(root: string, dirs: readonly string[]): string[] {
  return dirs.flatMap((d) => filesBelow(root, d)).filter((f) => /(?<!\.d)\.ts$/.test(f));
}

/** `a/b.ts` → `a/b.js`. */
const compiled = (ts: string): string => ts.replace(/\.ts$/, '.js');

/** Removes dist/…/x.js and x.js.map whose x.ts is gone; returns what it removed. */
function removeOrphans(root: string, dirs: readonly string[]): string[] {
  const removed: string[] = [];
  const dist = join(root, 'dist');
  for (const file of dirs.flatMap((d) => filesBelow(dist, d))) {
    const source = file.replace(/\.js(\.map)?$/, '.ts');
    if (source !== file && !existsSync(join(root, source))) {
      rmSync(join(dist, file));
      removed.push(join('dist', file));
    }
  }
  return removed;
}

/** Files below `base`/`dir`, relative to `base` (none when the folder does not exist). */
function filesBelow(base: string, dir: string): string[] {
  const top = join(base, dir);
  if (!existsSync(top)) return [];
  return readdirSync(top, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(base, join(e.parentPath, e.name)));
}

/** Vitest globalSetup: build before the run and before every watch-mode rerun. */
export default function setup(project: TestProject): void {
  buildDist();
  project.onTestsRerun(() => void buildDist());
}
