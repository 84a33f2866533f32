/**
 * The encoded rows a baseline is trained on: feature rows over the extended set, encoded as a
 * scan model encodes them (row-encoder.ts: the KDD 41 with protocol, service and flag as codes,
 * then the extended columns), in a growing Float32Array. The symbol vocabularies are those of
 * the training rows, codes in order of first appearance, so that a symbol the baseline never saw
 * encodes as −1 when scoring: outside every range the forest split, hence quickly isolated.
 */
import type { FeatureRow } from '../features/kdd.js';
import { flagForScoring, serviceForScoring } from '../features/services.js';
import { EXTENDED_MODEL_FEATURES, RowEncoder } from './row-encoder.js';

/** The columns of a baseline's input: the scan model's extended encoding. */
export const BASELINE_FEATURES = EXTENDED_MODEL_FEATURES;

/** Growing matrix of encoded training rows and the vocabularies met so far. */
export class TrainingRows {
  /** Values per row. */
  readonly width = BASELINE_FEATURES.length;
  private data = new Float32Array(4096 * this.width);
  private count = 0;
  private readonly vocab: Map<string, number>[] = [new Map(), new Map(), new Map()];
  private readonly encoder = new RowEncoder({
    featureNames: BASELINE_FEATURES,
    featureCategories: [],
  });

  /** Rows added. */
  get rows(): number {
    return this.count;
  }

  /** The encoded rows (row-major, `width` values each). */
  get matrix(): Float32Array {
    return this.data.subarray(0, this.count * this.width);
  }

  /** Encodes and appends a row (it must carry the extended columns). */
  add(row: FeatureRow): void {
    const w = this.width;
    if ((this.count + 1) * w > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count++ * w;
    this.encoder.encode(row, this.data, at);
    const [protocol, service, flag] = row.symbols;
    this.data[at + 1] = this.code(0, protocol);
    this.data[at + 2] = this.code(1, serviceForScoring(service));
    this.data[at + 3] = this.code(2, flagForScoring(flag));
  }

  /** The symbol vocabularies per column (for ModelInfo.featureCategories). */
  categories(): (readonly string[] | null)[] {
    return BASELINE_FEATURES.map((_, c) =>
      c >= 1 && c <= 3 ? [...this.vocab[c - 1]!.keys()] : null,
    );
  }

  private code(column: number, symbol: string): number {
    const map = this.vocab[column]!;
    let code = map.get(symbol);
    if (code === undefined) map.set(symbol, (code = map.size));
    return code;
  }
}
