/**
 * sha256 of a file's bytes as stored (a gzip file's compressed bytes), streamed: recorded in a
 * baseline to say which captures it learned from.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError } from '../common/errors.js';
import { fsErrorReason } from './fs-errors.js';

/** The sha256 (hex) of the file at `path`; null for `-` (stdin cannot be read twice). */
export async function sha256File(path: string): Promise<string | null> {
  if (path === '-') return null;
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new InputError(`cannot read: ${fsErrorReason(err)}`, {
      location: { file: path },
      cause: err,
    });
  }
  return hash.digest('hex');
}
