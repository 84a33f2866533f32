/**
 * Validated KDD rows stored column-wise in growing typed arrays, with no object per row: the
 * memo of distinct lines (kdd-lines.ts) and what the KDD reader (kdd-csv.ts) hands to its caller;
 * and the csv-parse call that turns a batch of distinct lines into such rows, on the reading
 * thread or on a worker (kdd-parse-pool.ts).
 */
import { parse } from 'csv-parse/sync';
import { KDD_FEATURE_COUNT, KDD_SYMBOLIC_COLUMNS } from '../features/schema.js';

/** Number of symbolic columns per row (protocol_type, service, flag). */
export const SYMBOL_COUNT = KDD_SYMBOLIC_COLUMNS.length;

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
 * Parses `count` lines, each ending in LF, after a first line of 42 empty fields (see SENTINEL in
 * kdd-lines.ts), with csv-parse, and validates each record.
 */
export function parseBatch(bytes: Buffer, count: number, validate: RecordValidator): ParsedBatch {
  const records = parse(bytes, PARSE_OPTIONS) as string[][];
  if (records.length !== count + 1)
    throw new Error(`csv-parse gave ${records.length - 1} records for ${count} lines`);
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
  for (let i = 0; i < count; i++) {
    problems[i] = validate(records[i + 1]!, rows, i);
    if (problems[i] !== undefined) continue;
    for (let k = 0; k < SYMBOL_COUNT; k++)
      text[i * TEXT_PER_ROW + k] = code(rows.symbols[i * SYMBOL_COUNT + k]!);
    text[i * TEXT_PER_ROW + SYMBOL_COUNT] = code(rows.labels[i]!);
  }
  return { values: rows.values, text, strings, problems };
}
