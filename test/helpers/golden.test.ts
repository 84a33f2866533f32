/**
 * The golden-file helper (test/helpers/golden.ts): only UPDATE_GOLDEN=1 rewrites; a compare run
 * never writes; an update run writes and reports the previous content for the soft comparison;
 * large texts are compared line by line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, firstDifference, isUpdateValue, writeOrRead } from './golden.js';
import { tempDir } from './temp.js';

describe('golden files', () => {
  it('only "1" means update; 0, empty, true and unset compare', () => {
    expect(['1', '0', '', 'true', 'yes', undefined].map(isUpdateValue)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('compare mode reads and never writes', () => {
    const path = join(tempDir('golden'), 'a.txt');
    writeFileSync(path, 'old\n');
    expect(writeOrRead(path, 'new\n', false)).toEqual({ before: 'old\n', wrote: false });
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(writeOrRead(join(path, '..', 'none.txt'), 'x', false)).toEqual({
      before: undefined,
      wrote: false,
    });
  });

  it('update mode writes (making folders) and returns what the file held before', () => {
    const dir = tempDir('golden');
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'old\n');
    expect(writeOrRead(path, 'new\n', true)).toEqual({ before: 'old\n', wrote: true });
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    const fresh = join(dir, 'sub/b.txt');
    expect(writeOrRead(fresh, 'b\n', true)).toEqual({ before: undefined, wrote: true });
    expect(readFileSync(fresh, 'utf8')).toBe('b\n');
  });

  it('expectGolden in compare mode fails on a difference and on a missing file', () => {
    const dir = tempDir('golden');
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'same\n');
    expectGolden(path, 'same\n', false);
    expect(() => expectGolden(path, 'other\n', false)).toThrow(/UPDATE_GOLDEN=1 rewrites it/);
    expect(() => expectGolden(join(dir, 'none.txt'), 'x', false)).toThrow(/no golden file/);
    expect(existsSync(join(dir, 'none.txt'))).toBe(false);
    const big = 'row\n'.repeat(30_000);
    writeFileSync(path, big);
    expectGolden(path, big, false);
    expect(() => expectGolden(path, big.replace(/row\n$/, 'wor\n'), false)).toThrow(
      'first difference at line 30000 of 30001 vs 30001: "wor" vs golden "row"',
    );
  });

  it('expectGolden in update mode passes when the golden did not change, and writes it', () => {
    const path = join(tempDir('golden'), 'a.txt');
    writeFileSync(path, 'same\n');
    expectGolden(path, 'same\n', true);
    expect(readFileSync(path, 'utf8')).toBe('same\n');
  });

  // it.fails: this test passes only if its body fails, i.e. only if the soft check reports it.
  it.fails('expectGolden in update mode reports a changed golden as a failure', () => {
    const path = join(tempDir('golden'), 'a.txt');
    writeFileSync(path, 'old\n');
    expectGolden(path, 'new\n', true);
    expect(readFileSync(path, 'utf8')).toBe('new\n'); // written, and the run still went on
  });

  it.fails('expectGolden in update mode reports a new golden file as a failure', () => {
    expectGolden(join(tempDir('golden'), 'new.txt'), 'x\n', true);
  });

  it('firstDifference names the first differing line, or the missing one', () => {
    expect(firstDifference('a\nb\n', 'a\nb\n')).toBeUndefined();
    expect(firstDifference('a\nx\n', 'a\nb\n')).toBe('line 2 of 3 vs 3: "x" vs golden "b"');
    expect(firstDifference('a\n', 'a\nb\n')).toBe('line 2 of 2 vs 3: "" vs golden "b"');
    expect(firstDifference('a\nb', 'a')).toBe('line 2 of 2 vs 1: "b" vs golden (none)');
  });
});
