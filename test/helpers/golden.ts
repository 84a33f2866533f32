/**
 * Golden files: the one helper of every test that compares output with a committed file.
 *
 * Normally `expectGolden` compares the output with the file; a missing file fails. With
 * `UPDATE_GOLDEN=1` (exactly "1": any other value, `0` included, compares) it writes the output
 * and then compares it, softly, with what the file held *before*: an unchanged golden passes on a
 * comparison that could have failed, and a changed or new one fails as "golden file updated: …"
 * with the difference, so an update run never reports a pass it did not check. Review the diff,
 * then run the tests without UPDATE_GOLDEN: they pass against the new files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './fixtures.js';

/** True for the value of UPDATE_GOLDEN that rewrites golden files: "1", and nothing else. */
export function isUpdateValue(value: string | undefined): boolean {
  return value === '1';
}

/** True when this run rewrites golden files (UPDATE_GOLDEN=1). */
export const UPDATE_GOLDEN = isUpdateValue(process.env.UPDATE_GOLDEN);

/** Texts longer than this are compared line by line (a full diff of megabytes is unreadable). */
const DIFF_LIMIT = 100_000;

/** What `writeOrRead` found: the file's content before the call, and whether it wrote. */
export interface GoldenState {
  before: string | undefined;
  wrote: boolean;
}

/** Reads the golden file; in update mode also writes `actual` to it (folders made as needed). */
export function writeOrRead(path: string, actual: string, update: boolean): GoldenState {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (!update) return { before, wrote: false };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, actual);
  return { before, wrote: true };
}

/** The first line where `a` and `b` differ, with both versions; undefined when equal. */
export function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const show = (l: string | undefined): string => (l === undefined ? '(none)' : JSON.stringify(l));
  return `line ${i + 1} of ${la.length} vs ${lb.length}: ${show(la[i])} vs golden ${show(lb[i])}`;
}

/** Compares `actual` with the golden file at `path` (absolute), or rewrites it (see above). */
export function expectGolden(path: string, actual: string, update = UPDATE_GOLDEN): void {
  const name = relative(ROOT, path);
  const { before, wrote } = writeOrRead(path, actual, update);
  const check = wrote ? expect.soft : expect;
  const what = wrote
    ? `golden file updated: ${name} (review the diff)`
    : `${name} (after a deliberate change, UPDATE_GOLDEN=1 rewrites it)`;
  if (before === undefined) {
    check(before, `${what}: there was no golden file`).toBeDefined();
  } else if (actual.length > DIFF_LIMIT || before.length > DIFF_LIMIT) {
    const difference = firstDifference(actual, before);
    check(difference === undefined, `${what}: first difference at ${difference}`).toBe(true);
  } else {
    check(actual, what).toBe(before);
  }
}
