/**
 * Small KDD files for the train/eval tests, written to a temporary directory: the first rows of
 * the committed 20,000-row training sample, and copies with one row broken in a chosen way.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { ROOT } from './fixtures.js';
import { tempDir } from './temp.js';

/** Lines of fixtures/kdd/kdd-sample-20000.csv.gz (no trailing empty line). */
export function sampleLines(): string[] {
  const text = gunzipSync(
    readFileSync(join(ROOT, 'fixtures/kdd/kdd-sample-20000.csv.gz')),
  ).toString();
  return text.split('\n').filter((l) => l !== '');
}

/** Writes `lines` to a new temporary file and returns its path. */
export function writeTemp(name: string, lines: readonly string[]): string {
  const dir = tempDir('kdd');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A copy of `line` with field `index` (0-based) replaced. */
export function withField(line: string, index: number, value: string): string {
  const f = line.split(',');
  f[index] = value;
  return f.join(',');
}
