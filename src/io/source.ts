/**
 * Byte sources: a file path, `-` (stdin) or an opened stream (StreamInput: an HTTP upload) →
 * async iterable of chunks of about 1 MiB.
 * Gzip is detected by its magic bytes (1f 8b) and inflated transparently; the file name is
 * never looked at. This is the only module that opens capture files (DESIGN.md, io stage).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, InputLimitError, TruncatedInputError } from '../common/errors.js';
import { fsErrorReason } from './fs-errors.js';

/** Size of the chunks read from disk and produced by gunzip. */
export const CHUNK_BYTES = 1 << 20;

/** An opened input: its display name, on-disk size when known, and its (decompressed) bytes. */
export interface ByteSource {
  readonly name: string;
  /** Size on disk in bytes (compressed size for gzip); undefined for stdin. */
  readonly sizeBytes: number | undefined;
  /** True when the bytes were gzip-compressed on disk. */
  readonly gzip: boolean;
  /** Compressed bytes consumed so far (for progress). */
  readonly bytesRead: () => number;
  /** The decompressed bytes, in order. Errors are `InputError`s naming the file. */
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * An input that is already a byte stream rather than a path (an HTTP upload): its display name,
 * its chunks, and an optional cap on the bytes read from it after decompression.
 */
export interface StreamInput {
  readonly name: string;
  readonly stream: AsyncIterable<Uint8Array>;
  /**
   * Most bytes taken from the stream after gzip inflation (a gzip bomb stops here); past it,
   * reading fails with an InputLimitError. No cap when undefined.
   */
  readonly maxBytes?: number;
}

/** What a reader takes: a path, `-` for stdin, or an opened stream. */
export type InputRef = string | StreamInput;

/** The name an input goes by in messages: its path, `<stdin>` for `-`, or a stream's name. */
export function sourceName(input: InputRef): string {
  if (typeof input !== 'string') return input.name;
  return input === '-' ? '<stdin>' : input;
}

/**
 * Opens `input` (a path, stdin for `-`, or a StreamInput) and sniffs gzip. Missing/unreadable
 * files → InputError.
 */
export async function openSource(
  input: InputRef,
  stdin: Readable = process.stdin,
): Promise<ByteSource> {
  const name = sourceName(input);
  let sizeBytes: number | undefined;
  let raw: AsyncIterable<unknown>;
  if (typeof input !== 'string') {
    raw = input.stream;
  } else if (input === '-') {
    raw = stdin;
  } else {
    const path = input;
    try {
      const st = await stat(path);
      if (st.isDirectory())
        throw new InputError('is a directory', {
          location: { file: name },
          hint: 'Pass capture files, not directories.',
        });
      sizeBytes = st.size;
    } catch (err) {
      throw fileError(name, err);
    }
    raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  }
  let consumed = 0;
  const counted = countBytes(raw, name, (n) => (consumed += n));
  const head = await readHead(counted, 2);
  const gzip = head.bytes.length >= 2 && head.bytes[0] === 0x1f && head.bytes[1] === 0x8b;
  const plain = prepend(head.bytes, head.rest);
  const chunks = gzip ? gunzip(plain, name) : plain;
  const maxBytes = typeof input === 'string' ? undefined : input.maxBytes;
  return {
    name,
    sizeBytes,
    gzip,
    bytesRead: () => consumed,
    chunks: maxBytes === undefined ? chunks : capped(chunks, maxBytes, name, gzip),
  };
}

/** The chunks, failing with an InputLimitError once more than `max` bytes went through. */
async function* capped(
  chunks: AsyncIterable<Uint8Array>,
  max: number,
  name: string,
  gzip: boolean,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > max)
      throw new InputLimitError(
        `more than ${max} bytes${gzip ? ' after gzip decompression' : ''}`,
        { location: { file: name }, limit: max },
      );
    yield chunk;
  }
}

/** Maps a Node file-system error to a one-line InputError naming the file. */
export function fileError(name: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  return new InputError(`cannot read: ${fsErrorReason(err)}`, {
    location: { file: name },
    cause: err,
  });
}

async function* countBytes(
  raw: AsyncIterable<unknown>,
  name: string,
  add: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of raw) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
      add(bytes.length);
      yield bytes;
    }
  } catch (err) {
    throw fileError(name, err);
  }
}

interface Head {
  bytes: Uint8Array;
  rest: AsyncIterator<Uint8Array>;
}

/** Reads at least `n` bytes (or to EOF) so the format can be sniffed; returns them and the rest. */
async function readHead(it: AsyncGenerator<Uint8Array>, n: number): Promise<Head> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < n) {
    const next = await it.next();
    if (next.done) break;
    parts.push(next.value);
    total += next.value.length;
  }
  return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts), rest: it };
}

async function* prepend(
  head: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  while (true) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Inflates a gzip stream (multi-member files included). A stream cut short yields everything
 * inflated before the cut and then throws a TruncatedInputError so readers can keep the records.
 */
async function* gunzip(
  source: AsyncIterable<Uint8Array>,
  name: string,
): AsyncGenerator<Uint8Array> {
  const inflate = createGunzip({ chunkSize: CHUNK_BYTES });
  const feed = Readable.from(source, { objectMode: false });
  feed.on('error', (err) => inflate.destroy(err));
  feed.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') {
      throw new TruncatedInputError('gzip data ends early (file cut short)', {
        location: { file: name },
      });
    }
    throw new InputError(`corrupt gzip data: ${(err as Error).message}`, {
      location: { file: name },
    });
  } finally {
    feed.destroy();
  }
}
