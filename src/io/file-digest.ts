/**
 * The sha256 of a file's bytes as stored (a gzip file's compressed bytes, hex), streamed: names a
 * model file by content (`nad serve` reports which model answers, and whether a reload changed
 * it) and records which captures a baseline learned from or a queue job scans.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileError } from './source.js';

/** sha256 (hex) of the file at `path`; a missing or unreadable file is an InputError. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw fileError(path, err);
  }
  return hash.digest('hex');
}

/** fileSha256 of an input, or null for `-` (stdin cannot be read twice). */
export async function sha256File(path: string): Promise<string | null> {
  return path === '-' ? null : fileSha256(path);
}
