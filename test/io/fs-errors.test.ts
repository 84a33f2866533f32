// The one mapping of file-system errors to message words, and the messages built on it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, ModelError } from '../../src/common/errors.js';
import { fsErrorReason } from '../../src/io/fs-errors.js';
import { readModelFile, writeModelFile } from '../../src/io/model-file.js';
import { fileError } from '../../src/io/source.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('fs-errors');

/** A Node-style error with a code, as fs calls throw them. */
function fsError(code: string, message = `${code}: something failed`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('fsErrorReason', () => {
  it.each([
    ['ENOENT', 'no such file'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EISDIR', 'is a directory'],
    ['EIO', 'EIO: something failed'],
  ])('%s → %s', (code, reason) => {
    expect(fsErrorReason(fsError(code))).toBe(reason);
  });

  it('names what is missing when asked, and copes with non-errors', () => {
    expect(fsErrorReason(fsError('ENOENT'), 'no such directory')).toBe('no such directory');
    expect(fsErrorReason(fsError('EACCES'), 'no such directory')).toBe('permission denied');
    expect(fsErrorReason('boom')).toBe('boom');
  });

  it('gives the reason of real fs errors', async () => {
    const missing = await readFile(join(dir, 'none')).catch((e: unknown) => e);
    expect(fsErrorReason(missing)).toBe('no such file');
    const directory = await readFile(dir).catch((e: unknown) => e);
    expect(fsErrorReason(directory)).toBe('is a directory');
  });
});

describe('messages built on it', () => {
  it('reading an input: "cannot read: …", InputErrors pass through', () => {
    expect(fileError('a.csv', fsError('EACCES')).describe()).toBe(
      'a.csv: cannot read: permission denied',
    );
    expect(fileError('a.csv', fsError('ENOENT')).describe()).toBe(
      'a.csv: cannot read: no such file',
    );
    const own = new InputError('own words');
    expect(fileError('a.csv', own)).toBe(own);
  });

  it('reading and writing models', async () => {
    const read = await readModelFile(join(dir, 'none.nadm')).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(ModelError);
    expect((read as ModelError).describe()).toBe(
      `${join(dir, 'none.nadm')}: cannot read model: no such file`,
    );
    const readDir = await readModelFile(dir).catch((e: unknown) => e);
    expect((readDir as ModelError).describe()).toBe(`${dir}: cannot read model: is a directory`);
    const out = join(dir, 'no-dir', 'm.nadm');
    const write = await writeModelFile(out, new Uint8Array(4)).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(InputError);
    expect((write as InputError).describe()).toBe(`${out}: cannot write model: no such directory`);
  });
});
