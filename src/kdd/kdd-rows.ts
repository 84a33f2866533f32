/**
 * Validated KDD rows stored column-wise in growing typed arrays, with no object per row: the
 * memo of distinct lines (kdd-lines.ts) and what the KDD reader (kdd-csv.ts) hands to its caller;
 * and the csv-parse call that turns a batch of distinct lines into such rows, on the reading
 * thread or on a worker (kdd-parse-pool.ts).
 */
import { parse } from 'csv-parse/sync';
import { excerpt } from '../common/sanitize.js';
import {
  KDD_FEATURE_COUNT,
  KDD_FEATURE_NAMES,
  KDD_SCHEMA,
  KDD_SYMBOLIC_COLUMNS,
} from '../features/schema.js';

/** Number of symbolic columns per row (protocol_type, service, flag). */
export const SYMBOL_COUNT = KDD_SYMBOLIC_COLUMNS.length;

const SYMBOLIC = KDD_SCHEMA.map((f) => f.kind === 'symbolic');

/** What is wrong with a row: its 1-based column and the message. */
export interface RowProblem {
  readonly column: number;
  readonly message: string;
}

/** Rows as parallel arrays, row `i` at `values[i × 41 …]`, `symbols[i × 3 …]`, `labels[i]`. */
export class RowColumns {
  /** 41 values per row; NaN at the symbolic columns. */
  values: Float64Array;
  /** The symbols of the symbolic columns, in column order, 3 per row. */
  readonly symbols: string[] = [];
  /** The labels including their trailing '.'. */
  readonly labels: string[] = [];

  /** Columns with room for `rows` rows before they grow. */
  constructor(rows: number) {
    this.values = new Float64Array(rows * KDD_FEATURE_COUNT);
  }

  /** Makes room for row `i` (doubling). */
  reserve(i: number): void {
    const need = (i + 1) * KDD_FEATURE_COUNT;
    if (need <= this.values.length) return;
    const grown = new Float64Array(Math.max(need, this.values.length * 2));
    grown.set(this.values);
    this.values = grown;
  }
}

/** Checks one csv-parse record and writes it as row `i` of `out`; returns its first problem. */
export type RecordValidator = (
  record: readonly string[],
  out: RowColumns,
  i: number,
) => RowProblem | undefined;

/**
 * Checks one csv-parse record and writes it as row `i` of `out` (room reserved); returns the
 * first problem, or undefined for a good row.
 */
export function validateRecord(
  record: readonly string[],
  out: RowColumns,
  i: number,
): RowProblem | undefined {
  if (record.length !== KDD_FEATURE_COUNT + 1) {
    const column = Math.min(record.length, KDD_FEATURE_COUNT + 1) + 1; // first missing or extra
    return {
      column,
      message: `expected 42 fields (41 features and a label), got ${record.length}`,
    };
  }
  const values = out.values;
  const at = i * KDD_FEATURE_COUNT;
  let k = i * SYMBOL_COUNT;
  for (let c = 0; c < KDD_FEATURE_COUNT; c++) {
    const s = record[c]!;
    if (SYMBOLIC[c]) {
      if (s.length === 0) return { column: c + 1, message: `${KDD_FEATURE_NAMES[c]} is empty` };
      values[at + c] = NaN;
      out.symbols[k++] = s;
      continue;
    }
    const v = s.length === 0 ? NaN : fieldNumber(s);
    if (!Number.isFinite(v))
      return { column: c + 1, message: `${KDD_FEATURE_NAMES[c]} is not a number: ${excerpt(s)}` };
    values[at + c] = v;
  }
  const label = record[KDD_FEATURE_COUNT]!;
  if (label.length < 2 || !label.endsWith('.'))
    return {
      column: KDD_FEATURE_COUNT + 1,
      message: `label must end in ".", got ${excerpt(label)}`,
    };
  out.labels[i] = label;
  return undefined;
}

/** Powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Number(s), with a shortcut for the usual field: up to 15 digits with at most one '.' in them.
 * Its digits then make an integer below 2^53 (exact), and dividing by a power of ten (exact)
 * rounds once, to the nearest double of the decimal, as Number() does.
 */
export function fieldNumber(s: string): number {
  const n = s.length;
  if (n > 15) return Number(s);
  let m = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) m = m * 10 + c - 48;
    else if (c === 46 && dot < 0) dot = i;
    else return Number(s);
  }
  if (dot < 0) return m;
  return n > 1 ? m / POW10[n - 1 - dot]! : NaN; // "." alone is not a number
}

/**
 * The rows of a batch of lines, in line order, in a form that crosses to and from worker threads
 * cheaply: the values, and the symbols and label of each row as indexes into the batch's distinct
 * strings. `problems[i]` is set for a bad line (its text entries are then −1).
 */
export interface ParsedBatch {
  /** 41 values per row. */
  readonly values: Float64Array;
  /** Per row: its 3 symbols then its label, as indexes into `strings`. */
  readonly text: Int32Array;
  readonly strings: string[];
  readonly problems: (RowProblem | undefined)[];
}

/** Entries of ParsedBatch.text per row: the symbols, then the label. */
export const TEXT_PER_ROW = SYMBOL_COUNT + 1;

/** csv-parse options: those of the streaming parser (kdd-stream.ts), the line end known. */
const PARSE_OPTIONS = { relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n' };

/**
 * First line of every csv-parse call: 42 empty fields. csv-parse takes the first record's length
 * as the expected one and builds an error object (with a stack) for each record of another
 * length, even with relax_column_count; a bad first line would make every good line after it pay
 * for that.
 */
const SENTINEL = Buffer.from(`${','.repeat(KDD_FEATURE_COUNT)}\n`);
/**
 * Bytes of lines per csv-parse call (to the end of a line). csv-parse keeps every record of a
 * call until it returns; small calls keep few, which makes garbage collection much cheaper
 * (about a fifth less CPU than one call per 1 MiB batch).
 */
const SLICE_BYTES = 64 * 1024;
const LF = 0x0a;

/**
 * Parses `count` lines, each ending in LF (the fast path's lines: no quotes, no CRs, none
 * empty), with csv-parse, a slice at a time (each after the SENTINEL line), and validates each
 * record.
 */
export function parseBatch(lines: Buffer, count: number, validate: RecordValidator): ParsedBatch {
  const rows = new RowColumns(count);
  const problems = new Array<RowProblem | undefined>(count);
  const text = new Int32Array(count * TEXT_PER_ROW).fill(-1);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const code = (s: string): number => {
    let c = index.get(s);
    if (c === undefined) index.set(s, (c = strings.push(s) - 1));
    return c;
  };
  let slice = Buffer.alloc(0);
  let i = 0;
  let got = 0;
  for (let start = 0; start < lines.length;) {
    const lf = lines.indexOf(LF, Math.min(start + SLICE_BYTES, lines.length) - 1);
    const end = lf < 0 ? lines.length : lf + 1;
    const size = SENTINEL.length + end - start;
    if (size > slice.length) {
      slice = Buffer.allocUnsafe(Math.max(size, SENTINEL.length + SLICE_BYTES + 1024));
      SENTINEL.copy(slice);
    }
    lines.copy(slice, SENTINEL.length, start, end);
    const records = parse(slice.subarray(0, size), PARSE_OPTIONS) as string[][];
    for (let r = 1; r < records.length && i < count; r++, i++) {
      problems[i] = validate(records[r]!, rows, i);
      if (problems[i] !== undefined) continue;
      for (let k = 0; k < SYMBOL_COUNT; k++)
        text[i * TEXT_PER_ROW + k] = code(rows.symbols[i * SYMBOL_COUNT + k]!);
      text[i * TEXT_PER_ROW + SYMBOL_COUNT] = code(rows.labels[i]!);
    }
    got += records.length - 1;
    start = end;
  }
  if (got !== count) throw new Error(`csv-parse gave ${got} records for ${count} lines`);
  return { values: rows.values, text, strings, problems };
}
