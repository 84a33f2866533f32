/**
 * The streaming path of the KDD reader (kdd-csv.ts): csv-parse over a byte stream, record by
 * record, for the input the fast path (kdd-lines.ts) hands over — quoted fields, which may span
 * lines, and line ends other than LF or CRLF throughout. A LineGuard ends the stream before a line
 * longer than MAX_ROW_BYTES, so that memory never grows with the file.
 */
import { parse } from 'csv-parse';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import type { Hash } from 'node:crypto';
import { InputError } from '../common/errors.js';
import { MAX_ROW_BYTES, type FastStop, type RowSink } from './kdd-lines.js';
import { RowColumns, type RecordValidator } from './kdd-rows.js';

/** A csv-parse record and the line it ends on. */
interface LineRecord {
  readonly record: string[];
  readonly line: number;
}

/** Where streamRows hands its rows: a RowSink that keeps the bad row that stopped reading. */
export interface StreamSink extends RowSink {
  readonly failure: InputError | undefined;
}

/**
 * csv-parse's streaming parser over `bytes` (the rest of an input, see handedOver), each record
 * validated and handed to `out`; pauses (yields) every few thousand rows. Throws the bad row that
 * stops reading, a csv-parse error or an over-long line as an InputError naming `name`.
 */
export async function* streamRows(
  bytes: AsyncIterable<Uint8Array>,
  name: string,
  out: StreamSink,
  validate: RecordValidator,
): AsyncGenerator<void> {
  const records = parseRecords(bytes);
  const row = new RowColumns(1);
  let n = 0;
  try {
    for (;;) {
      let next: IteratorResult<LineRecord, number>;
      try {
        next = await records.next();
      } catch (err) {
        throw csvError(err, name);
      }
      if (next.done) {
        if (next.value > 0) throw overlongError(name, next.value);
        return;
      }
      const { record, line } = next.value;
      const problem = validate(record, row, 0);
      if (problem === undefined) out.row(row, 0, line);
      else if (!out.bad(line, problem)) throw out.failure;
      if (++n % STREAM_STEP_ROWS === 0) yield;
    }
  } finally {
    await records.return(0);
  }
}

/**
 * The bytes the streaming parser reads after a handover: one line end per line already read (so
 * that csv-parse counts lines and knows the line end as if it had read them), the bytes of the
 * handed-over line on, then the rest of the input, hashed (`onEnd` gets the sha256 at its end).
 */
export async function* handedOver(
  stop: FastStop & { kind: 'handover' },
  chunks: AsyncIterator<Uint8Array>,
  hash: Hash,
  onEnd: (sha256: string) => void,
): AsyncGenerator<Uint8Array> {
  if (stop.line > 1) yield Buffer.from(stop.lineEnd.repeat(stop.line - 1), 'latin1');
  yield* stop.rest;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    hash.update(next.value);
    yield next.value;
  }
  onEnd(hash.digest('hex'));
}

/** The error of a line longer than MAX_ROW_BYTES (rows before it were handed on). */
export function overlongError(name: string, line: number): InputError {
  return new InputError(
    `row longer than ${MAX_ROW_BYTES} bytes (no line end, or an unclosed quote); the rest of the file cannot be read`,
    { location: { file: name, line }, hint: 'Rows before it were read.' },
  );
}

/** An InputError naming the file and line for a csv-parse error; InputErrors pass through. */
function csvError(err: unknown, name: string): InputError {
  if (err instanceof InputError) return err;
  const e = err as Error & { lines?: number };
  return new InputError(e.message ?? String(err), {
    location: { file: name, line: e.lines },
    cause: err,
  });
}

/** Rows between two pauses of streamRows. */
const STREAM_STEP_ROWS = 8192;

/**
 * csv-parse's records of `bytes`, in order. Returns the line that was longer than MAX_ROW_BYTES
 * (every record before it was yielded), or 0 when the input was read to its end. Errors of
 * csv-parse and of `bytes` are thrown as they are, after every record before them.
 */
async function* parseRecords(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<LineRecord, number> {
  // Records are taken from csv-parse as it makes them (on_record), not from its output stream,
  // which drops the records it holds when an error destroys it.
  const queue: LineRecord[] = [];
  let taken = 0;
  const recordsReady = new Signal();
  const roomReady = new Signal();
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    // Backstop for quoted fields spanning lines; LineGuard catches long lines first.
    max_record_size: 2 * MAX_ROW_BYTES,
    on_record: (record: string[], info: { lines: number }) => {
      queue.push({ record, line: info.lines });
      recordsReady.wake();
      return null;
    },
  });
  const guard = new LineGuard();
  const input = Readable.from(paced(bytes, () => queue.length - taken, roomReady));
  let failure: unknown;
  let ended = false;
  pipeline([input, guard, parser], (err) => {
    failure = err;
    ended = true;
    recordsReady.wake();
  });
  parser.resume();
  try {
    for (;;) {
      while (taken < queue.length) {
        const r = queue[taken]!;
        queue[taken++] = EMPTY;
        if (queue.length - taken < QUEUE_RECORDS / 2) roomReady.wake();
        if (guard.overLine > 0 && r.line >= guard.overLine) return guard.overLine; // the cut line
        yield r;
      }
      queue.length = 0;
      taken = 0;
      if (ended) break;
      await recordsReady.sleep();
    }
  } finally {
    roomReady.wake();
    if (!ended) input.destroy();
  }
  if (failure !== undefined && guard.overLine === 0) throw failure;
  return guard.overLine;
}

const EMPTY: LineRecord = { record: [], line: 0 };
/** Records csv-parse may hold for the reader before the input waits. */
const QUEUE_RECORDS = 16_384;

/** A wake-up call for one sleeper. */
class Signal {
  private sleeper: (() => void) | undefined;

  /** Resolves at the next wake(). */
  sleep(): Promise<void> {
    return new Promise((resolve) => (this.sleeper = resolve));
  }

  /** Wakes the sleeper, if any. */
  wake(): void {
    const s = this.sleeper;
    this.sleeper = undefined;
    s?.();
  }
}

/** `bytes`, each chunk passed on only while fewer than QUEUE_RECORDS records wait. */
async function* paced(
  bytes: AsyncIterable<Uint8Array>,
  waiting: () => number,
  room: Signal,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of bytes) {
    while (waiting() >= QUEUE_RECORDS) await room.sleep();
    yield chunk;
  }
}

/**
 * Passes whole lines until one grows past MAX_ROW_BYTES, then ends the stream before it, so the
 * parser delivers every row before the fault and never buffers a line that grows with the file
 * (csv-parse's own max_record_size error would drop the rows it holds). Bytes after the cut are
 * read and dropped.
 */
class LineGuard extends Transform {
  /** 1-based line of the over-long line; 0 while none. */
  overLine = 0;
  private line = 1;
  private lineBytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.overLine > 0) return done();
    for (let start = 0; ;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (this.lineBytes + end - start > MAX_ROW_BYTES) {
        this.overLine = this.line;
        this.push(chunk.subarray(0, start));
        this.push(null);
        return done();
      }
      if (nl < 0) {
        this.lineBytes += end - start;
        return done(null, chunk);
      }
      this.line++;
      this.lineBytes = 0;
      start = nl + 1;
    }
  }
}
