/**
 * Streaming reader of KDD Cup 1999 rows (../spec/kdd-features.md §1): 41 comma-separated
 * features and a label ending in '.'. Reads a file or stdin (`-`), plain or gzip (detected by the
 * magic bytes 1f 8b, never by the name), with csv-parse. Every row is validated; a bad row is an
 * InputError naming file, line and column, or, with `skipBadRows`, counted and skipped.
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../common/errors.js';
import { KDD_FEATURE_COUNT, KDD_FEATURE_NAMES, KDD_SCHEMA } from '../features/schema.js';
import { excerpt } from '../common/sanitize.js';

/** One validated KDD row. */
export interface KddRow {
  /** 1-based line number in the (decompressed) input. */
  readonly line: number;
  /** The 41 feature values; NaN at the symbolic columns. */
  readonly numbers: Float64Array;
  /** The symbols of the symbolic columns, in column order (protocol_type, service, flag). */
  readonly symbols: readonly string[];
  /** The label including its trailing '.', e.g. `smurf.`. */
  readonly label: string;
}

/** Options of readKddRows. */
export interface KddReadOptions {
  /** Skip and count bad rows instead of throwing (default false). */
  readonly skipBadRows?: boolean;
  /** The stream read for `-` (default process.stdin). */
  readonly stdin?: Readable;
}

/** Counters filled while reading. */
export interface KddReadStats {
  rows: number;
  badRows: number;
  /** The first few bad-row errors (at most 10), for a summary. */
  readonly badExamples: InputError[];
  /** sha256 (hex) of the decompressed bytes, set once the input was read to its end. */
  sha256: string | null;
}

/** A KDD input being read: the rows (iterate once) and the counters they update. */
export interface KddReader {
  readonly name: string;
  readonly stats: KddReadStats;
  readonly rows: AsyncIterable<KddRow>;
}

const SYMBOLIC = KDD_SCHEMA.map((f) => f.kind === 'symbolic');

/** Longest KDD row (field and line buffers of csv-parse), in characters. */
export const MAX_ROW_BYTES = 64 * 1024;

/** Opens a KDD file (or `-` for stdin) for streaming. Errors surface while iterating. */
export function readKddRows(path: string, options: KddReadOptions = {}): KddReader {
  const name = path === '-' ? '<stdin>' : path;
  const stats: KddReadStats = { rows: 0, badRows: 0, badExamples: [], sha256: null };
  return { name, stats, rows: iterateRows(path, name, options, stats) };
}

async function* iterateRows(
  path: string,
  name: string,
  options: KddReadOptions,
  stats: KddReadStats,
): AsyncGenerator<KddRow> {
  const raw = path === '-' ? (options.stdin ?? process.stdin) : createReadStream(path);
  const bytes = await sniffGzip(raw, name);
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    // Backstop for quoted fields spanning lines; LineGuard catches long lines first.
    max_record_size: 2 * MAX_ROW_BYTES,
  });
  const guard = new LineGuard();
  const hash = createHash('sha256');
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      stats.sha256 = hash.digest('hex');
      done();
    },
  });
  const stages: NodeJS.ReadWriteStream[] = bytes.gzip
    ? [createGunzip(), hasher, guard]
    : [hasher, guard];
  pipeline([bytes.stream, ...stages, parser], () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (guard.overLine > 0 && info.lines >= guard.overLine) break; // the cut line
      const row = validateRow(record, info.lines, name);
      if (row instanceof InputError) {
        if (!options.skipBadRows) throw row;
        stats.badRows++;
        if (stats.badExamples.length < 10) stats.badExamples.push(row);
        continue;
      }
      stats.rows++;
      yield row;
    }
  } catch (err) {
    if (guard.overLine === 0) throw toInputError(err, name);
  }
  if (guard.overLine > 0) {
    throw new InputError(
      `row longer than ${MAX_ROW_BYTES} bytes (no line end, or an unclosed quote); the rest of the file cannot be read`,
      { location: { file: name, line: guard.overLine }, hint: 'Rows before it were read.' },
    );
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

/** Checks one record; returns the row or the error describing the first problem. */
export function validateRow(
  record: readonly string[],
  line: number,
  file: string,
): KddRow | InputError {
  const bad = (column: number, message: string): InputError =>
    new InputError(message, {
      location: { file, line, column },
      hint: 'A KDD row is 41 features and a label ending in ".".',
    });
  if (record.length !== KDD_FEATURE_COUNT + 1) {
    const column = Math.min(record.length, KDD_FEATURE_COUNT + 1) + 1; // first missing or extra
    return bad(column, `expected 42 fields (41 features and a label), got ${record.length}`);
  }
  const numbers = new Float64Array(KDD_FEATURE_COUNT);
  const symbols: string[] = [];
  for (let c = 0; c < KDD_FEATURE_COUNT; c++) {
    const s = record[c]!;
    if (SYMBOLIC[c]) {
      if (s.length === 0) return bad(c + 1, `${KDD_FEATURE_NAMES[c]} is empty`);
      numbers[c] = NaN;
      symbols.push(s);
      continue;
    }
    const v = s.length === 0 ? NaN : Number(s);
    if (!Number.isFinite(v))
      return bad(c + 1, `${KDD_FEATURE_NAMES[c]} is not a number: ${excerpt(s)}`);
    numbers[c] = v;
  }
  const label = record[KDD_FEATURE_COUNT]!;
  if (label.length < 2 || !label.endsWith('.')) {
    return bad(KDD_FEATURE_COUNT + 1, `label must end in ".", got ${excerpt(label)}`);
  }
  return { line, numbers, symbols, label };
}

/** Reads until 2 bytes are known, then returns a stream of all bytes and whether they are gzip. */
async function sniffGzip(
  raw: Readable,
  name: string,
): Promise<{ stream: Readable; gzip: boolean }> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let have = 0;
  let done = false;
  try {
    while (have < 2) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      head.push(next.value);
      have += next.value.length;
    }
  } catch (err) {
    throw toInputError(err, name);
  }
  const first = Buffer.concat(head);
  async function* all(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { stream: Readable.from(all()), gzip: first[0] === 0x1f && first[1] === 0x8b };
}

/** An InputError naming the file for a system, gzip or CSV error; InputErrors pass through. */
function toInputError(err: unknown, name: string): InputError {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException & { lines?: number };
  const why =
    e.code === 'ENOENT'
      ? 'no such file'
      : e.code === 'EACCES'
        ? 'permission denied'
        : e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR'
          ? `corrupt gzip data (${e.message})`
          : (e.message ?? String(err));
  return new InputError(why, { location: { file: name, line: e.lines }, cause: err });
}
