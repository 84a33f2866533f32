/**
 * The novelty score of a feature row under a baseline (issue 14), one row at a time (the
 * reference) or a batch at once (`nad scan --baseline`, `nad serve --baseline`, the same
 * scores): the row encoded as the baseline was trained (row-encoder.ts with the baseline's
 * vocabularies, then baselineScale), its isolation-forest score — or 1 when its kind
 * (protocol/service/flag) is one the baseline never saw —, and "why": the kind when new, then
 * the columns whose values are rarest among the baseline's training rows (src/model/rarity.ts),
 * as `name=value`.
 */
import { InputError, ModelError } from '../common/errors.js';
import { EXTENDED_FEATURE_NAMES } from '../features/extended-schema.js';
import type { FeatureRow } from '../features/kdd.js';
import { KDD_FEATURE_COUNT, KDD_FEATURE_NAMES } from '../features/schema.js';
import type { Baseline } from '../model/baseline-file.js';
import { isolationScore, isolationScores } from '../model/iforest-score.js';
import { rarestColumns } from '../model/rarity.js';
import { roundNovelty } from '../model/baseline-fit.js';
import { baselineScale, kindKey } from './baseline-rows.js';
import type { RowBatch } from './row-batch.js';
import { RowEncoder } from './row-encoder.js';
import type { Verdict } from './scan-record.js';

/** Number of features named in a novelty "why". */
export const NOVELTY_WHY_FEATURES = 3;

/** Scores rows one at a time against a baseline. */
export class NoveltyScorer {
  private readonly encoder: RowEncoder;
  private readonly x: Float32Array;
  private readonly kinds: Set<number>;
  /** Whether the row last scored is of a kind the baseline never saw. */
  private newKind = false;
  /** scoreBatch's encoded rows, their kinds (1: new) and scores. */
  private batchX = new Float32Array(0);
  private batchNew = new Uint8Array(0);
  private batchScores = new Float64Array(0);
  /** The baseline's threshold: rows scoring at least this are novel. */
  readonly threshold: number;

  constructor(private readonly baseline: Baseline) {
    try {
      this.encoder = new RowEncoder(baseline.info);
    } catch (err) {
      throw new InputError(`baseline file: ${(err as Error).message}`, { cause: err });
    }
    if (this.encoder.width !== baseline.forest.nFeatures)
      throw new ModelError(
        `the baseline has ${baseline.forest.nFeatures} features, its names say ${this.encoder.width}`,
      );
    this.x = new Float32Array(this.encoder.width);
    this.threshold = baseline.info.threshold.value;
    const codes = [1, 2, 3].map(
      (c) => new Map((baseline.info.featureCategories[c] ?? []).map((s, i) => [s, i])),
    );
    this.kinds = new Set(
      baseline.info.kinds.map(([p, s, f]) =>
        kindKey(codes[0]!.get(p) ?? -1, codes[1]!.get(s) ?? -1, codes[2]!.get(f) ?? -1),
      ),
    );
  }

  /** The feature set rows must carry. */
  get featureSet(): 'kdd' | 'extended' {
    return this.encoder.set;
  }

  /**
   * The novelty score of `row`, to 4 decimals as shown (in (0, 1]; higher: less like the
   * baseline; 1: a new kind).
   */
  score(row: FeatureRow): number {
    const x = this.x;
    this.encoder.encode(row, x, 0);
    this.newKind = this.isNewKind(x, 0);
    baselineScale(x, 0, x.length);
    return this.newKind ? 1 : roundNovelty(isolationScore(this.baseline.forest, x, 0));
  }

  /**
   * The novelty scores of the first `n` rows of `batch`, each equal to what `score` gives for
   * that row, computed together: the rows are encoded into one matrix and walk the forest as a
   * block (iforest-score.ts). The array returned is reused by the next call.
   */
  scoreBatch(batch: RowBatch, n: number): Float64Array {
    const w = this.x.length;
    if (this.batchScores.length < n) {
      this.batchX = new Float32Array(n * w);
      this.batchScores = new Float64Array(n);
      this.batchNew = new Uint8Array(n);
    }
    const X = this.batchX;
    for (let i = 0; i < n; i++) {
      this.encoder.encodeStored(batch, i, X, i * w);
      this.batchNew[i] = this.isNewKind(X, i * w) ? 1 : 0;
      baselineScale(X, i * w, w);
    }
    const scores = isolationScores(this.baseline.forest, X, n);
    for (let i = 0; i < n; i++)
      this.batchScores[i] = this.batchNew[i] === 1 ? 1 : roundNovelty(scores[i]!);
    return this.batchScores;
  }

  /** Whether the encoded row at `base` of X (codes not yet scaled) is of a kind never seen. */
  private isNewKind(X: Float32Array, base: number): boolean {
    const [p, s, f] = [X[base + 1]!, X[base + 2]!, X[base + 3]!];
    return p < 0 || s < 0 || f < 0 || !this.kinds.has(kindKey(p, s, f));
  }

  /**
   * "why" of the row last scored: `new_kind=tcp/private/REJ` when the baseline never saw its
   * kind, then its rarest values for the baseline, e.g. `dst_bytes=0`.
   */
  why(row: FeatureRow): string {
    return this.whyOf(row, this.x, 0, this.newKind);
  }

  /** "why" of row `i` of the batch last scored by `scoreBatch` (`row`: that row). */
  whyInBatch(i: number, row: FeatureRow): string {
    return this.whyOf(row, this.batchX, i * this.x.length, this.batchNew[i] === 1);
  }

  private whyOf(row: FeatureRow, X: Float32Array, base: number, newKind: boolean): string {
    const cols = rarestColumns(this.baseline.info.profiles, X, base, NOVELTY_WHY_FEATURES);
    const rare = cols.map((c) => columnText(row, c)).join(' ');
    return newKind ? `new_kind=${row.symbols.join('/')} ${rare}` : rare;
  }
}

/** `name=value` of column `i` of the encoding (KDD columns, then the extended ones). */
export function columnText(row: FeatureRow, i: number): string {
  if (i < KDD_FEATURE_COUNT) return `${KDD_FEATURE_NAMES[i]}=${row.cell(i)}`;
  const v = row.extended?.[i - KDD_FEATURE_COUNT] ?? NaN;
  return `${EXTENDED_FEATURE_NAMES[i - KDD_FEATURE_COUNT]}=${Number.isInteger(v) ? v : v.toFixed(3)}`;
}

/**
 * The combined verdict of `nad scan --baseline`: `attack` when the supervised score reaches its
 * threshold (the supervised detections are kept as they are), else `novel` when the novelty
 * score reaches the baseline's threshold, else `normal`.
 */
export function verdictOf(
  score: number,
  threshold: number,
  novelty: number,
  noveltyThreshold: number,
): Verdict {
  if (score >= threshold) return 'attack';
  return novelty >= noveltyThreshold ? 'novel' : 'normal';
}
