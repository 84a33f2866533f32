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

  /** A vocabulary holding `symbols` (codes 0, 1, …); `frozen` ones do not grow. */
  constructor(
    symbols: readonly string[] = [],
    public frozen = false,
  ) {
    for (const s of symbols) this.add(s);
  }

  /** Code of `symbol`; a new symbol is added unless frozen (then −1). */
  code(symbol: string): number {
    const c = this.codes.get(symbol);
    if (c !== undefined) return c;
    return this.frozen ? -1 : this.add(symbol);
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

/** Builds a KddMatrix one row at a time, growing its buffers by doubling. */
export class KddEncoder {
  private X = new Float32Array(1024 * KDD_FEATURE_COUNT);
  private y = new Int32Array(1024);
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
    if (this.nRows === this.y.length) this.grow();
    const base = this.nRows * KDD_FEATURE_COUNT;
    for (let c = 0; c < KDD_FEATURE_COUNT; c++) this.X[base + c] = row.numbers[c]!;
    let unknown = false;
    for (let i = 0; i < KDD_SYMBOLIC_COLUMNS.length; i++) {
      const code = this.symbolVocabularies[i]!.code(row.symbols[i]!);
      if (code < 0) unknown = true;
      this.X[base + KDD_SYMBOLIC_COLUMNS[i]!] = code;
    }
    if (unknown) this.unknown++;
    this.y[this.nRows++] = this.labels.code(row.label);
  }

  /** The matrix of the rows pushed so far (trimmed copies). */
  finish(): KddMatrix {
    return {
      X: this.X.slice(0, this.nRows * KDD_FEATURE_COUNT),
      nRows: this.nRows,
      y: this.y.slice(0, this.nRows),
      symbolVocabularies: this.symbolVocabularies,
      labels: this.labels,
      unknownSymbolRows: this.unknown,
    };
  }

  private grow(): void {
    const X = new Float32Array(this.X.length * 2);
    X.set(this.X);
    this.X = X;
    const y = new Int32Array(this.y.length * 2);
    y.set(this.y);
    this.y = y;
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
