/**
 * The model encoding of a feature row, one definition for training and scoring: the 41 KDD
 * numbers, the symbolic columns (protocol_type, service, flag) as integer codes of the model's
 * vocabularies — after mapping values a 1998-trained model never saw (flags RSTRH/SHR → OTH,
 * unknown services → other; unknown symbols → −1) — and, for a model over the extended set
 * (docs/extended-features.md), the extended columns after them.
 */
import type { FeatureRow } from '../features/kdd.js';
import { EXTENDED_FEATURE_COUNT, EXTENDED_FEATURE_NAMES } from '../features/extended-schema.js';
import { KDD_FEATURE_COUNT, KDD_FEATURE_NAMES } from '../features/schema.js';
import { flagForScoring, serviceForScoring } from '../features/services.js';
import type { FeatureSet } from '../features/extended-schema.js';
import { ModelError } from '../common/errors.js';
import type { ModelInfo } from '../model/serialize.js';
import type { RowBatch } from './row-batch.js';

/** The feature names of a model over the extended set: the KDD 41, then the extended columns. */
export const EXTENDED_MODEL_FEATURES: readonly string[] = Object.freeze([
  ...KDD_FEATURE_NAMES,
  ...EXTENDED_FEATURE_NAMES,
]);

/** Which feature set a model reads, from its feature names; anything else → ModelError. */
export function modelFeatureSet(info: Pick<ModelInfo, 'featureNames'>): FeatureSet {
  const names = info.featureNames;
  const same = (want: readonly string[]): boolean =>
    names.length === want.length && names.every((n, i) => n === want[i]);
  if (same(KDD_FEATURE_NAMES)) return 'kdd';
  if (same(EXTENDED_MODEL_FEATURES)) return 'extended';
  throw new ModelError(
    `the model has ${names.length} features that are neither the 41 KDD features nor the KDD + extended set`,
    { hint: 'Use a model trained by `nad train` on KDD rows, or a scan model made by nad.' },
  );
}

/** Encodes feature rows as a model's input vectors (width = the model's feature count). */
export class RowEncoder {
  /** Values per encoded row. */
  readonly width: number;
  readonly set: FeatureSet;
  private readonly codes: Map<string, number>[];
  /** The symbols last encoded and their codes (rows in a row mostly share them). */
  private lastSymbols: readonly string[] = [];
  private readonly symbolCodes = new Float32Array(3);

  constructor(info: Pick<ModelInfo, 'featureNames' | 'featureCategories'>) {
    this.set = modelFeatureSet(info);
    this.width = KDD_FEATURE_COUNT + (this.set === 'extended' ? EXTENDED_FEATURE_COUNT : 0);
    this.codes = [1, 2, 3].map(
      (col) => new Map((info.featureCategories[col] ?? []).map((s, i) => [s, i])),
    );
  }

  /** Writes the encoding of `row` into X at `base`. Extended models need row.extended. */
  encode(row: FeatureRow, X: Float32Array, base: number): void {
    this.put(row.numbers, 0, row.symbols, 0, row.extended, 0, X, base);
  }

  /** Writes the encoding of row `i` of `batch` into X at `base` (as `encode` of that row). */
  encodeStored(batch: RowBatch, i: number, X: Float32Array, base: number): void {
    const ext = batch.extendedValues;
    this.put(batch.numbers, i * KDD_FEATURE_COUNT, batch.symbols, 3 * i, ext, i * EXTENDED_FEATURE_COUNT, X, base); // prettier-ignore
  }

  /**
   * The encoding of the 41 numbers at `at` of `numbers`, the symbols at `sym` of `symbols` and
   * the extended columns at `ext` of `extended`, into X at `base`.
   */
  private put(
    numbers: Float64Array,
    at: number,
    symbols: readonly string[],
    sym: number,
    extended: Float64Array | undefined,
    ext: number,
    X: Float32Array,
    base: number,
  ): void {
    for (let c = 0; c < KDD_FEATURE_COUNT; c++) X[base + c] = numbers[at + c]!;
    const protocol = symbols[sym]!;
    const service = symbols[sym + 1]!;
    const flag = symbols[sym + 2]!;
    const last = this.lastSymbols;
    if (protocol !== last[0] || service !== last[1] || flag !== last[2]) {
      this.lastSymbols = [protocol, service, flag];
      this.symbolCodes[0] = this.codes[0]!.get(protocol) ?? -1;
      this.symbolCodes[1] = this.codes[1]!.get(serviceForScoring(service)) ?? -1;
      this.symbolCodes[2] = this.codes[2]!.get(flagForScoring(flag)) ?? -1;
    }
    X[base + 1] = this.symbolCodes[0]!;
    X[base + 2] = this.symbolCodes[1]!;
    X[base + 3] = this.symbolCodes[2]!;
    if (this.set === 'extended') {
      if (extended === undefined) throw new ModelError('the model needs the extended feature set');
      const to = base + KDD_FEATURE_COUNT;
      for (let c = 0; c < EXTENDED_FEATURE_COUNT; c++) X[to + c] = extended[ext + c]!;
    }
  }
}
