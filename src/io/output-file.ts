/** An output file written in order (`nad merge -o FILE`), or stdout for `-`/none. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { InputError } from '../common/errors.js';
import { fsErrorReason } from './fs-errors.js';

/** A text sink with backpressure: await `ready()` now and then; `close()` at the end. */
export interface TextOutput {
  write(text: string): void;
  /** Resolves once buffered text is below the stream's mark. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Opens `path` for writing (created or truncated); stdout when undefined or `-`. Cannot write → InputError. */
export async function openTextOutput(path: string | undefined): Promise<TextOutput> {
  if (path === undefined || path === '-') return streamOutput(process.stdout, false);
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (err) {
    throw new InputError(`cannot write: ${fsErrorReason(err)}`, { location: { file: path } });
  }
  return streamOutput(stream, true);
}

function streamOutput(stream: NodeJS.WritableStream | WriteStream, end: boolean): TextOutput {
  let full = false;
  return {
    write(text) {
      if (!stream.write(text)) full = true;
    },
    async ready() {
      if (!full) return;
      full = false;
      await once(stream, 'drain');
    },
    async close() {
      if (!end) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
