/**
 * Streaming reader of KDD Cup 1999 rows (../spec/kdd-features.md §1): 41 comma-separated
 * features and a label ending in '.'. Reads a file or stdin (`-`), plain or gzip, through
 * source.ts (the one way inputs are opened), with csv-parse. Every row is validated; a bad row is
 * an InputError naming file, line and column, or, with `skipBadRows`, counted and skipped.
 *
 * Lines are cut and repeated lines parsed once by kdd-lines.ts; input it cannot take as csv-parse
 * would (quotes, other line ends) goes on to csv-parse's streaming parser (kdd-stream.ts).
 * Rows are handed on one KddRow at a time, or column-wise (kdd-rows.ts) with no object per row.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { InputError } from '../common/errors.js';
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import { FastKddLines, type RowSink } from './kdd-lines.js';
import { RowColumns, SYMBOL_COUNT, validateRecord, type RowProblem } from './kdd-rows.js';
import { handedOver, overlongError, streamRows } from './kdd-stream.js';
import { openSource, sourceName, type InputRef } from '../io/source.js';

export { MAX_ROW_BYTES } from './kdd-lines.js';
export { RowColumns } from './kdd-rows.js';

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
  /** Worker threads parsing a large input beside the reading thread (default 2; 0 or 1: none). */
  readonly jobs?: number;
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

/** Receives each good row: row `i` of `rows` (valid during the call only), found on `line`. */
export type KddRowHandler = (rows: RowColumns, i: number, line: number) => void;

/** A KDD input read to its end: its display name and counters. */
export interface KddReadResult {
  readonly name: string;
  readonly stats: KddReadStats;
}

/** Opens a KDD file (or `-` for stdin) for streaming, row by row. Errors surface while iterating. */
export function readKddRows(path: string, options: KddReadOptions = {}): KddReader {
  const name = sourceName(path);
  const stats = newStats();
  return { name, stats, rows: rowsOf(path, name, options, stats) };
}

/**
 * Reads every row of a KDD file (or `-` for stdin, or an opened stream) into `onRow`, in order, with no object per
 * row. A bad row, or an error thrown by `onRow`, rejects after the rows before it were handed on.
 */
export async function readKddInto(
  path: InputRef,
  onRow: KddRowHandler,
  options: KddReadOptions = {},
): Promise<KddReadResult> {
  const name = sourceName(path);
  const stats = newStats();
  for await (const _ of readSteps(path, name, options, stats, onRow)) void _;
  return { name, stats };
}

function newStats(): KddReadStats {
  return { rows: 0, badRows: 0, badExamples: [], sha256: null };
}

async function* rowsOf(
  path: string,
  name: string,
  options: KddReadOptions,
  stats: KddReadStats,
): AsyncGenerator<KddRow> {
  let ready: KddRow[] = [];
  const steps = readSteps(path, name, options, stats, (rows, i, line) => {
    const { values, symbols, labels } = rows;
    ready.push({
      line,
      numbers: values.slice(i * KDD_FEATURE_COUNT, (i + 1) * KDD_FEATURE_COUNT),
      symbols: symbols.slice(i * SYMBOL_COUNT, (i + 1) * SYMBOL_COUNT),
      label: labels[i]!,
    });
  });
  for (;;) {
    let done = false;
    let failed = false;
    let failure: unknown;
    try {
      done = (await steps.next()).done === true;
    } catch (err) {
      failed = true;
      failure = err;
    }
    const rows = ready;
    ready = [];
    yield* rows;
    if (failed) throw failure;
    if (done) return;
  }
}

/** Where rows go while reading one input, and the bad-row policy. */
class Collector implements RowSink {
  /** The bad row that stops reading (without skipBadRows). */
  failure: InputError | undefined;

  constructor(
    private readonly name: string,
    private readonly skipBadRows: boolean,
    private readonly stats: KddReadStats,
    private readonly onRow: KddRowHandler,
  ) {}

  row(rows: RowColumns, i: number, line: number): void {
    this.stats.rows++;
    this.onRow(rows, i, line);
  }

  bad(line: number, problem: RowProblem): boolean {
    const err = rowError(problem, this.name, line);
    if (!this.skipBadRows) this.failure = err;
    else {
      this.stats.badRows++;
      if (this.stats.badExamples.length < 10) this.stats.badExamples.push(err);
    }
    return this.skipBadRows;
  }
}

/**
 * Reads the input, handing rows to `onRow`, and pauses (yields) after each chunk, so that a
 * caller can hand on rows gathered so far. Throws the first bad row (unless skipped) or error.
 */
async function* readSteps(
  path: InputRef,
  name: string,
  options: KddReadOptions,
  stats: KddReadStats,
  onRow: KddRowHandler,
): AsyncGenerator<void> {
  const source = await openSource(path, options.stdin);
  const chunks = source.chunks[Symbol.asyncIterator]();
  try {
    const hash = createHash('sha256');
    const out = new Collector(name, options.skipBadRows === true, stats, onRow);
    const fast = new FastKddLines(validateRecord, out, parseThreads(options.jobs));
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) await fast.end();
        else {
          hash.update(next.value);
          await fast.push(asBuffer(next.value));
        }
        if (out.failure) throw out.failure;
        const stop = fast.stop;
        if (stop?.kind === 'overlong') throw overlongError(name, stop.line);
        if (stop?.kind === 'handover') {
          const rest = handedOver(stop, chunks, hash, (sha256) => (stats.sha256 = sha256));
          yield* streamRows(rest, name, out, validateRecord);
          return;
        }
        yield;
        if (next.done) break;
      }
    } finally {
      fast.close();
    }
    stats.sha256 = hash.digest('hex');
  } finally {
    await chunks.return?.(undefined);
  }
}

/** Parsing threads for `jobs`: at most 2 (the reading thread keeps one core busy itself). */
function parseThreads(jobs: number | undefined): number {
  const n = Math.min(jobs ?? availableParallelism(), 2);
  return n > 1 ? n : 0;
}

/** Checks one record; returns the row or the error describing the first problem. */
export function validateRow(
  record: readonly string[],
  line: number,
  file: string,
): KddRow | InputError {
  const out = new RowColumns(1);
  const problem = validateRecord(record, out, 0);
  if (problem !== undefined) return rowError(problem, file, line);
  return { line, numbers: out.values, symbols: out.symbols, label: out.labels[0]! };
}

/** The error of a bad row: file, line and column, the problem and what a row should be. */
function rowError(problem: RowProblem, file: string, line: number): InputError {
  return new InputError(problem.message, {
    location: { file, line, column: problem.column },
    hint: 'A KDD row is 41 features and a label ending in ".".',
  });
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}
