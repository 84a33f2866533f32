/**
 * The encoded rows a baseline is trained on: feature rows over the extended set, encoded as a
 * scan model encodes them (row-encoder.ts: the KDD 41 with protocol, service and flag as codes,
 * then the extended columns), in a growing Float32Array. The symbol vocabularies are those of
 * the training rows, codes in order of first appearance, so that a symbol the baseline never saw
 * encodes as −1 when scoring. Every value is then put on a log scale (baselineScale): counts
 * and byte totals span orders of magnitude, and an isolation forest splits uniformly between a
 * node's minimum and maximum, so on the raw scale a handful of huge transfers take nearly every
 * split and a DNS query of 90 packets looks like any other. The rows also count their kinds
 * (protocol/service/flag as the encoding maps them): a kind the baseline never saw is novel
 * whatever the forest says (novelty-scorer.ts), since a forest cannot isolate a code outside
 * the range it split.
 */
import type { FeatureRow } from '../features/kdd.js';
import { flagForScoring, serviceForScoring } from '../features/services.js';
import type { BaselineKind } from '../model/baseline-file.js';
import { EXTENDED_MODEL_FEATURES, RowEncoder } from './row-encoder.js';

/** The columns of a baseline's input: the scan model's extended encoding. */
export const BASELINE_FEATURES = EXTENDED_MODEL_FEATURES;

/** Codes below this per symbol column (vocabularies are capped well below it on reading). */
const KIND_RADIX = 1 << 16;

/** One number for the codes of a (protocol, service, flag) kind. */
export function kindKey(protocol: number, service: number, flag: number): number {
  return (protocol * KIND_RADIX + service) * KIND_RADIX + flag;
}

function kindCodes(key: number): [number, number, number] {
  const flag = key % KIND_RADIX;
  const rest = (key - flag) / KIND_RADIX;
  return [Math.floor(rest / KIND_RADIX), rest % KIND_RADIX, flag];
}

/**
 * The value scale of a baseline, in place on `width` values at `base`: x ≥ 0 → ln(1 + x);
 * negative values (the −1 of a symbol never seen) stay as they are.
 */
export function baselineScale(X: Float32Array, base: number, width: number): void {
  for (let c = base; c < base + width; c++) {
    const v = X[c]!;
    if (v >= 0) X[c] = Math.log1p(v);
  }
}

/** Growing matrix of encoded training rows and the vocabularies met so far. */
export class TrainingRows {
  /** Values per row. */
  readonly width = BASELINE_FEATURES.length;
  private data = new Float32Array(4096 * this.width);
  private count = 0;
  private readonly vocab: Map<string, number>[] = [new Map(), new Map(), new Map()];
  private readonly kindCounts = new Map<number, number>();
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
    const kind = kindKey(this.data[at + 1]!, this.data[at + 2]!, this.data[at + 3]!);
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    baselineScale(this.data, at, w);
  }

  /** The kinds of connection met, with their counts, in order of first appearance. */
  kinds(): BaselineKind[] {
    const names = this.vocab.map((m) => [...m.keys()]);
    return [...this.kindCounts].map(([key, n]) => {
      const [p, s, f] = kindCodes(key);
      return [names[0]![p]!, names[1]![s]!, names[2]![f]!, n];
    });
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
