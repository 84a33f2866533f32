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

/** The rows of a batch of lines, in line order; `problems[i]` set for a bad line. */
export interface ParsedBatch {
  /** The rows (a plain object with these arrays once it crossed from a worker). */
  readonly rows: Pick<RowColumns, 'values' | 'symbols' | 'labels'>;
  readonly problems: (RowProblem | undefined)[];
}

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
  for (let i = 0; i < count; i++) problems[i] = validate(records[i + 1]!, rows, i);
  return { rows, problems };
}
