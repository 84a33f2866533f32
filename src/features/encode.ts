/**
 * Turns KDD rows into the model's input: a row-major Float32Array matrix with the symbolic
 * columns (protocol_type, service, flag) as integer codes, and label codes. The codes come from
 * a vocabulary that grows while training and is stored in the model file, then frozen for
 * evaluation and scanning, where an unseen symbol gets code −1 (below every trained code).
 */
import { KDD_FEATURE_COUNT, KDD_SYMBOLIC_COLUMNS } from './schema.js';

/** Symbol ↔ integer code, in order of first appearance. */
export class Vocabulary {
  private readonly codes = new Map<string, number>();
  private readonly symbols: string[] = [];
  /** The symbol code() was last asked for, and its answer. */
  private lastSymbol: string | undefined;
  private lastCode = -1;

  /** A vocabulary holding `symbols` (codes 0, 1, …); `frozen` ones do not grow. */
  constructor(
    symbols: readonly string[] = [],
    public readonly frozen = false,
  ) {
    for (const s of symbols) this.add(s);
  }

  /** Code of `symbol`; a new symbol is added unless frozen (then −1). */
  code(symbol: string): number {
    if (symbol === this.lastSymbol) return this.lastCode; // rows come in runs of one symbol
    const known = this.codes.get(symbol);
    const c = known ?? (this.frozen ? -1 : this.add(symbol));
    this.lastSymbol = symbol;
    this.lastCode = c;
    return c;
  }

  /** The symbols in code order. */
  list(): readonly string[] {
    return this.symbols;
  }

  /** Number of symbols. */
  get size(): number {
    return this.symbols.length;
  }

  private add(symbol: string): number {
    const c = this.codes.get(symbol);
    if (c !== undefined) return c;
    this.symbols.push(symbol);
    this.codes.set(symbol, this.symbols.length - 1);
    return this.symbols.length - 1;
  }
}

/** What the encoder needs of a row (a KddRow from src/kdd/kdd-csv.ts fits). */
export interface EncodableRow {
  /** 41 values; the symbolic columns are ignored. */
  readonly numbers: ArrayLike<number>;
  /** Symbols of protocol_type, service, flag. */
  readonly symbols: readonly string[];
  readonly label: string;
}

/** An encoded KDD table. */
export interface KddMatrix {
  /** nRows × 41, row-major. */
  readonly X: Float32Array;
  readonly nRows: number;
  /** Label code per row (index into `labels`). */
  readonly y: Int32Array;
  /** One vocabulary per symbolic column, in column order. */
  readonly symbolVocabularies: readonly Vocabulary[];
  readonly labels: Vocabulary;
  /** Rows whose symbols were unknown to a frozen vocabulary. */
  readonly unknownSymbolRows: number;
}

/** Rows of the encoder's largest blocks: it grows by adding blocks, never copying rows. */
const BLOCK_ROWS = 1 << 14;

/** Rows of the encoder's first block (blocks double up to BLOCK_ROWS). */
const FIRST_BLOCK_ROWS = 1024;

/** Builds a KddMatrix one row at a time, in blocks joined once by finish(). */
export class KddEncoder {
  private readonly blocks: { readonly X: Float32Array; readonly y: Int32Array }[] = [];
  private X = new Float32Array(0);
  private y = new Int32Array(0);
  /** Rows in the current block. */
  private at = 0;
  private nRows = 0;
  private unknown = 0;

  /** An encoder using (and, unless frozen, growing) the given vocabularies. */
  constructor(
    readonly symbolVocabularies: readonly Vocabulary[] = KDD_SYMBOLIC_COLUMNS.map(
      () => new Vocabulary(),
    ),
    readonly labels: Vocabulary = new Vocabulary(),
  ) {}

  /** Appends one row. */
  push(row: EncodableRow): void {
    this.pushValues(row.numbers, 0, row.symbols, 0, row.label);
  }

  /**
   * Appends one row given as `values[at …]` (41 values; the symbolic columns are ignored),
   * `symbols[symbolsAt …]` (protocol_type, service, flag) and its label.
   */
  pushValues(
    values: ArrayLike<number>,
    at: number,
    symbols: readonly string[],
    symbolsAt: number,
    label: string,
  ): void {
    if (this.at === this.y.length) this.grow();
    const X = this.X;
    const base = this.at * KDD_FEATURE_COUNT;
    for (let c = 0; c < KDD_FEATURE_COUNT; c++) X[base + c] = values[at + c]!;
    let unknown = false;
    for (let i = 0; i < KDD_SYMBOLIC_COLUMNS.length; i++) {
      const code = this.symbolVocabularies[i]!.code(symbols[symbolsAt + i]!);
      if (code < 0) unknown = true;
      X[base + KDD_SYMBOLIC_COLUMNS[i]!] = code;
    }
    if (unknown) this.unknown++;
    this.y[this.at++] = this.labels.code(label);
    this.nRows++;
  }

  /** The matrix of the rows pushed so far (copies). */
  finish(): KddMatrix {
    const X = new Float32Array(this.nRows * KDD_FEATURE_COUNT);
    const y = new Int32Array(this.nRows);
    let row = 0;
    for (const b of this.blocks) {
      const n = Math.min(b.y.length, this.nRows - row);
      X.set(b.X.subarray(0, n * KDD_FEATURE_COUNT), row * KDD_FEATURE_COUNT);
      y.set(b.y.subarray(0, n), row);
      row += n;
    }
    return {
      X,
      nRows: this.nRows,
      y,
      symbolVocabularies: this.symbolVocabularies,
      labels: this.labels,
      unknownSymbolRows: this.unknown,
    };
  }

  /** Starts a new block, twice the size of the last one, up to BLOCK_ROWS. */
  private grow(): void {
    const rows = Math.min(Math.max(FIRST_BLOCK_ROWS, 2 * this.y.length), BLOCK_ROWS);
    this.X = new Float32Array(rows * KDD_FEATURE_COUNT);
    this.y = new Int32Array(rows);
    this.at = 0;
    this.blocks.push({ X: this.X, y: this.y });
  }
}

/** Encodes all rows of an async stream (e.g. readKddRows(path).rows). */
export async function encodeKddRows(
  rows: AsyncIterable<EncodableRow>,
  encoder = new KddEncoder(),
): Promise<KddMatrix> {
  for await (const row of rows) encoder.push(row);
  return encoder.finish();
}
