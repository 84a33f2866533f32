/**
 * The global setup that keeps dist/ current (test/setup/build-dist.ts), on a two-file project of
 * its own: a changed source is re-emitted even when its mtime is old (tsc compares content),
 * a compiled file deleted by hand comes back, a compiled file whose source is gone is removed,
 * and a type error stops the run with tsc's message.
 */
import { readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDist } from './build-dist.js';
import { tempDir } from '../helpers/temp.js';

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    strict: true,
    types: [],
    skipLibCheck: true,
    rootDir: '.',
    outDir: 'dist',
  },
  include: ['src'],
};

function project(): { root: string; write: (rel: string, text: string) => void } {
  const root = tempDir('build');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const write = (rel: string, text: string): void => writeFileSync(join(root, rel), text);
  return { root, write };
}

const emitted = (root: string, rel: string): string =>
  readFileSync(join(root, 'dist', rel), 'utf8');

describe('buildDist (vitest global setup)', () => {
  it('emits what changed, by content, and restores compiled files deleted by hand', () => {
    const { root, write } = project();
    write('src/a.ts', 'export const a: number = 1;\n');
    write('src/b.ts', 'export const b: string = "b";\n');
    expect(buildDist(root, ['src'])).toEqual({ removed: [] });
    expect(emitted(root, 'src/a.js')).toBe('export const a = 1;\n');
    write('src/a.ts', 'export const a: number = 2;\n');
    utimesSync(join(root, 'src/a.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    buildDist(root, ['src']);
    expect(emitted(root, 'src/a.js')).toBe('export const a = 2;\n');
    rmSync(join(root, 'dist/src/b.js'));
    buildDist(root, ['src']);
    expect(emitted(root, 'src/b.js')).toBe('export const b = "b";\n');
  });

  it('removes compiled files whose source is gone', () => {
    const { root, write } = project();
    write('src/a.ts', 'export const a = 1;\n');
    write('src/b.ts', 'export const b = 2;\n');
    buildDist(root, ['src']);
    rmSync(join(root, 'src/b.ts'));
    expect(buildDist(root, ['src'])).toEqual({ removed: ['dist/src/b.js'] });
    expect(existsSync(join(root, 'dist/src/b.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/src/a.js'))).toBe(true);
  });

  it('a type error stops the run with the message of tsc', () => {
    const { root, write } = project();
    write('src/a.ts', 'export const a: number = "one";\n');
    expect(() => buildDist(root, ['src'])).toThrow(
      /tsc -p tsconfig.json exited with 2\nsrc\/a.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });
});
