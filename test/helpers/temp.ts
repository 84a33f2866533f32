/**
 * Temporary directories for tests, removed after the test file that made them (each test file
 * imports this module afresh, so the afterAll below is registered on its root suite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new directory under the system's temporary directory, named `nad-<what>-…`. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `nad-${what}-`));
  made.push(dir);
  return dir;
}
