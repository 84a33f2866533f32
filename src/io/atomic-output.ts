/**
 * An output file written whole or not at all: the bytes go to a temporary file beside it,
 * renamed into place by `commit`, so a failed run never leaves half an output under the real
 * name (`nad queue collect -o`). `-` writes to stdout instead, as it comes, and so does a path
 * that is not a regular file (a device, a FIFO).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { InputError } from '../common/errors.js';
import { fsErrorReason } from './fs-errors.js';

/** An output being written. */
export interface OutputFile {
  /** Writes a chunk; resolves when the stream can take more (backpressure). */
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file and moves it into place. */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure). */
  discard(): Promise<void>;
}

/** Opens `path` for writing (`-`: stdout); an unwritable path is an InputError naming it. */
export async function openOutput(path: string): Promise<OutputFile> {
  if (path === '-') return streamOutput(process.stdout, async () => undefined);
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    // A device or pipe (/dev/null, a FIFO): written as it comes, never renamed over.
    if (existing.isDirectory())
      throw new InputError('cannot write: is a directory', { location: { file: path } });
    const device = createWriteStream(path);
    return streamOutput(device, async () => {
      device.end();
      await once(device, 'finish');
    });
  }
  const tmp = `${path}.tmp-${process.pid}`;
  const failed = (err: unknown): InputError =>
    new InputError(`cannot write: ${fsErrorReason(err, 'no such directory')}`, {
      location: { file: path },
      hint: 'Choose a writable -o path in an existing directory.',
      cause: err,
    });
  const stream = createWriteStream(tmp);
  try {
    await once(stream, 'open');
  } catch (err) {
    throw failed(err);
  }
  const out = streamOutput(stream, async () => {
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, path);
  });
  return {
    write: (chunk) => out.write(chunk).catch((err: unknown) => Promise.reject(failed(err))),
    commit: () => out.commit().catch((err: unknown) => Promise.reject(failed(err))),
    discard: async () => {
      stream.destroy();
      await rm(tmp, { force: true });
    },
  };
}

/** Writes to a stream with backpressure; `finish` runs on commit. */
function streamOutput(
  stream: WriteStream | NodeJS.WriteStream,
  finish: () => Promise<void>,
): OutputFile {
  let error: unknown;
  stream.on('error', (err) => (error ??= err));
  return {
    write: async (chunk) => {
      if (error !== undefined) throw error;
      if (!stream.write(chunk)) await once(stream, 'drain'); // rejects on 'error'
      if (error !== undefined) throw error;
    },
    commit: async () => {
      if (error !== undefined) throw error;
      await finish();
    },
    discard: async () => undefined,
  };
}
