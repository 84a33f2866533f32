/**
 * Scores feature rows with a fitted model, in batches: KDD rows → the model's numeric encoding
 * (symbolic columns through the vocabularies stored in the model, after mapping values a
 * 1998-trained model never saw: flags RSTRH/SHR → OTH, unknown services → other) → class
 * probabilities → attack score = 1 − P(normal), and the most probable attack class.
 */
import { cloneRow, type FeatureRow } from '../features/kdd.js';
import { bareLabel, labelCategory } from '../features/labels.js';
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import { flagForScoring, serviceForScoring } from '../features/services.js';
import { ModelError } from '../errors.js';
import type { Forest } from '../model/forest.js';
import type { ModelFile } from '../model/serialize.js';

/** Rows scored together (one predictProba call). */
const BATCH_ROWS = 2048;
/** Memoised results kept at most (cleared when full). */
const MEMO_ROWS = 1 << 16;

/** The bytes of row `r` of X as a string (a Map key; 164 characters). */
function rowKey(X: Float32Array, r: number): string {
  const bytes = KDD_FEATURE_COUNT * 4;
  return Buffer.from(X.buffer, X.byteOffset + r * bytes, bytes).toString('latin1');
}

/** One scored row: the row (a stable copy) and what the model says of it. */
export interface ScoredRow {
  row: FeatureRow;
  /** 1 − P(normal): the probability that the connection is an attack. */
  score: number;
  /** Most probable non-normal class (attack label without the dot) and its category. */
  attackLabel: string;
  attackCategory: string;
  /** The encoded features, as the model saw them. */
  x: Float32Array;
}

/** Batching scorer over one model; `onScored` receives rows in the order they were added. */
export class Scorer {
  private readonly forest: Forest;
  private readonly codes: Map<string, number>[];
  private readonly normalClass: number;
  private readonly classLabels: string[];
  private readonly classCategories: string[];
  private readonly X = new Float32Array(BATCH_ROWS * KDD_FEATURE_COUNT);
  private pending: FeatureRow[] = [];
  /** Batch positions of the rows not found in the memo. */
  private readonly fresh = new Int32Array(BATCH_ROWS);
  /** Score and best attack class by encoded row bytes. */
  private readonly cache = new Map<string, { score: number; best: number }>();

  constructor(
    model: ModelFile,
    private readonly onScored: (s: ScoredRow) => void,
  ) {
    const { forest, info } = model;
    if (forest.nFeatures !== KDD_FEATURE_COUNT) {
      throw new ModelError(
        `the model has ${forest.nFeatures} features, KDD rows have ${KDD_FEATURE_COUNT}`,
        {
          hint: 'Use a model trained by `nad train` on KDD-format rows.',
        },
      );
    }
    this.forest = forest;
    this.codes = [1, 2, 3].map(
      (col) => new Map((info.featureCategories[col] ?? []).map((s, i) => [s, i])),
    );
    this.classLabels = info.classNames.map(bareLabel);
    this.classCategories = this.classLabels.map((l) => labelCategory(l) ?? l);
    this.normalClass = this.classLabels.indexOf('normal');
    if (this.normalClass < 0) {
      throw new ModelError(
        'the model has no "normal" class, so it cannot tell attacks from normal traffic',
        {
          hint: 'Train with labels that include normal. rows.',
        },
      );
    }
  }

  /** Queues a row (copied); scores the batch when it is full. */
  add(row: FeatureRow): void {
    const i = this.pending.length;
    this.encode(row, i);
    this.pending.push(cloneRow(row));
    if (this.pending.length === BATCH_ROWS) this.flush();
  }

  /**
   * Scores every queued row. Identical encoded rows are common (floods and scans repeat one
   * feature vector thousands of times), so results are memoised by the row's bytes and only
   * rows not seen before go through the forest.
   */
  flush(): void {
    const n = this.pending.length;
    if (n === 0) return;
    const keys: string[] = new Array<string>(n);
    const xs: Float32Array[] = new Array<Float32Array>(n);
    let m = 0;
    for (let r = 0; r < n; r++) {
      const key = rowKey(this.X, r);
      keys[r] = key;
      xs[r] = this.X.slice(r * KDD_FEATURE_COUNT, (r + 1) * KDD_FEATURE_COUNT);
      if (this.cache.has(key)) continue;
      if (m !== r)
        this.X.copyWithin(
          m * KDD_FEATURE_COUNT,
          r * KDD_FEATURE_COUNT,
          (r + 1) * KDD_FEATURE_COUNT,
        );
      this.fresh[m++] = r;
    }
    // The fresh rows are now at the front of X.
    if (m > 0) this.predictFresh(m, keys);
    for (let r = 0; r < n; r++) {
      const hit = this.cache.get(keys[r]!)!;
      this.onScored({
        row: this.pending[r]!,
        score: hit.score,
        attackLabel: hit.best < 0 ? 'normal' : this.classLabels[hit.best]!,
        attackCategory: hit.best < 0 ? 'normal' : this.classCategories[hit.best]!,
        x: xs[r]!,
      });
    }
    this.pending = [];
  }

  /** Predicts the first `m` rows of X (the fresh ones) and memoises them. */
  private predictFresh(m: number, keys: readonly string[]): void {
    const K = this.forest.nClasses;
    const proba = this.forest.predictProba(this.X, m);
    if (this.cache.size + m > MEMO_ROWS) this.cache.clear();
    for (let i = 0; i < m; i++) {
      let best = -1;
      let bestP = -1;
      for (let k = 0; k < K; k++) {
        if (k !== this.normalClass && proba[i * K + k]! > bestP) {
          bestP = proba[i * K + k]!;
          best = k;
        }
      }
      const score = Math.min(1, Math.max(0, 1 - proba[i * K + this.normalClass]!));
      this.cache.set(keys[this.fresh[i]!]!, { score, best });
    }
  }

  /** Writes the model encoding of `row` at batch position `i`. */
  private encode(row: FeatureRow, i: number): void {
    const base = i * KDD_FEATURE_COUNT;
    for (let c = 0; c < KDD_FEATURE_COUNT; c++) this.X[base + c] = row.numbers[c]!;
    const [protocol, service, flag] = row.symbols;
    this.X[base + 1] = this.codes[0]!.get(protocol) ?? -1;
    this.X[base + 2] = this.codes[1]!.get(serviceForScoring(service)) ?? -1;
    this.X[base + 3] = this.codes[2]!.get(flagForScoring(flag)) ?? -1;
  }
}
