/**
 * Scores feature rows with a fitted model, in batches: feature rows → the model's numeric
 * encoding (row-encoder.ts: the KDD 41, plus the extended columns for a model over the extended
 * set) → class probabilities → attack score = 1 − P(normal), and the most probable attack class.
 */
import type { FeatureRow } from '../features/kdd.js';
import { bareLabel, labelCategory } from '../kdd/labels.js';
import { ModelError } from '../common/errors.js';
import type { Forest } from '../model/forest.js';
import type { ModelFile } from '../model/serialize.js';
import { RowBatch } from './row-batch.js';
import { RowEncoder } from './row-encoder.js';
import { MALFORMED_SCORE, malformedField, usesMalformedRule } from './malformed-rule.js';
import type { FeatureSet } from '../features/extended-schema.js';
import { ScoreMemo } from './score-memo.js';

/** Rows scored together (one predictProba call). */
const BATCH_ROWS = 2048;

/** The bytes of row `r` (`width` values) of X as a string (a Map key). */
function rowKey(X: Float32Array, r: number, width: number): string {
  const bytes = width * 4;
  return Buffer.from(X.buffer, X.byteOffset + r * bytes, bytes).toString('latin1');
}

/**
 * One scored row and what the model says of it. Valid only during the onScored call (the
 * object is reused); `row`, `x` and `key` are built on access, for the rows that are reported.
 */
export interface ScoredRow {
  /** A stable copy of the row. */
  readonly row: FeatureRow;
  /** Start time of the connection (µs), without building the row. */
  startMicros: number;
  /** 1 − P(normal): the probability that the connection is an attack. */
  score: number;
  /** Most probable non-normal class (attack label without the dot) and its category. */
  attackLabel: string;
  attackCategory: string;
  /** The encoded features, as the model saw them. */
  readonly x: Float32Array;
  /** The encoded features as a string: equal keys, equal model inputs (for memoising). */
  readonly key: string;
  /** The batch holding the row, and its position there (read without building `row`). */
  readonly batch: RowBatch;
  readonly index: number;
}

/** The reused ScoredRow handed to onScored. */
class BatchScoredRow implements ScoredRow {
  startMicros = 0;
  score = 0;
  attackLabel = '';
  attackCategory = '';
  index = 0;

  constructor(
    readonly batch: RowBatch,
    private readonly X: Float32Array,
    private readonly width: number,
  ) {}

  get row(): FeatureRow {
    return this.batch.row(this.index);
  }

  get x(): Float32Array {
    return this.X.slice(this.index * this.width, (this.index + 1) * this.width);
  }

  get key(): string {
    return rowKey(this.X, this.index, this.width);
  }
}

/** Batching scorer over one model; `onScored` receives rows in the order they were added. */
export class Scorer {
  private readonly forest: Forest;
  private readonly encoder: RowEncoder;
  /** Values per encoded row. */
  private readonly width: number;
  private readonly normalClass: number;
  private readonly classLabels: string[];
  private readonly classCategories: string[];
  /** The model encoding of the queued rows. */
  private readonly X: Float32Array;
  /** X as 32-bit words (the memo's key). */
  private readonly words: Int32Array;
  /** The rows of X not found in the memo, packed for predictProba. */
  private readonly F: Float32Array;
  private readonly batch = new RowBatch(BATCH_ROWS);
  private readonly out: BatchScoredRow;
  private pending = 0;
  /** Batch positions of the rows not found in the memo (the rows of F). */
  private readonly fresh = new Int32Array(BATCH_ROWS);
  /** Score and best attack class (−1: none) of each queued row. */
  private readonly scores = new Float64Array(BATCH_ROWS);
  private readonly bests = new Int32Array(BATCH_ROWS);
  private readonly memo: ScoreMemo;
  /** The malformed-packet rule (malformed-rule.ts): the code of tcp and the dos class, or null. */
  private readonly malformed: { tcp: number; dos: number } | null;

  constructor(
    model: ModelFile,
    private readonly onScored: (s: ScoredRow) => void,
  ) {
    const { forest, info } = model;
    this.encoder = new RowEncoder(info);
    const width = (this.width = this.encoder.width);
    if (forest.nFeatures !== width)
      throw new ModelError(`the model has ${forest.nFeatures} features, its names say ${width}`);
    this.forest = forest;
    this.X = new Float32Array(BATCH_ROWS * width);
    this.words = new Int32Array(this.X.buffer);
    this.F = new Float32Array(BATCH_ROWS * width);
    this.out = new BatchScoredRow(this.batch, this.X, width);
    this.memo = new ScoreMemo(width);
    this.classLabels = info.classNames.map(bareLabel);
    this.classCategories = this.classLabels.map((l) => labelCategory(l) ?? l);
    this.normalClass = this.classLabels.indexOf('normal');
    this.malformed = usesMalformedRule(info)
      ? {
          tcp: info.featureCategories[1]?.indexOf('tcp') ?? -1,
          dos: this.classCategories.indexOf('dos'),
        }
      : null;
    if (this.normalClass < 0) {
      throw new ModelError(
        'the model has no "normal" class, so it cannot tell attacks from normal traffic',
        {
          hint: 'Train with labels that include normal. rows.',
        },
      );
    }
  }

  /** The feature set the model reads (rows must carry `extended` for `extended`). */
  get featureSet(): FeatureSet {
    return this.encoder.set;
  }

  /** Queues a row (copied); scores the batch when it is full. */
  add(row: FeatureRow): void {
    const i = this.pending++;
    this.encoder.encode(row, this.X, i * this.width);
    this.batch.put(i, row);
    if (this.pending === BATCH_ROWS) this.flush();
  }

  /**
   * Scores every queued row. Identical encoded rows are common (floods and scans repeat one
   * feature vector thousands of times), so results are memoised by the row's bytes and only
   * rows not seen before go through the forest.
   */
  flush(): void {
    const n = this.pending;
    if (n === 0) return;
    const memo = this.memo;
    let m = 0;
    for (let r = 0; r < n; r++) {
      if (memo.find(this.words, r)) {
        this.scores[r] = memo.score;
        this.bests[r] = memo.best;
        continue;
      }
      const w = this.width;
      this.F.set(this.X.subarray(r * w, (r + 1) * w), m * w);
      this.fresh[m++] = r;
    }
    if (m > 0) this.predictFresh(m);
    const out = this.out;
    for (let r = 0; r < n; r++) {
      const best = this.bests[r]!;
      out.index = r;
      out.startMicros = this.batch.start(r);
      out.score = this.scores[r]!;
      out.attackLabel = best < 0 ? 'normal' : this.classLabels[best]!;
      out.attackCategory = best < 0 ? 'normal' : this.classCategories[best]!;
      this.onScored(out);
    }
    this.pending = 0;
  }

  /** Predicts the first `m` rows of F (the fresh ones) and memoises them. */
  private predictFresh(m: number): void {
    const K = this.forest.nClasses;
    const proba = this.forest.predictProba(this.F, m);
    for (let i = 0; i < m; i++) {
      let best = -1;
      let bestP = -1;
      for (let k = 0; k < K; k++) {
        if (k !== this.normalClass && proba[i * K + k]! > bestP) {
          bestP = proba[i * K + k]!;
          best = k;
        }
      }
      let score = Math.min(1, Math.max(0, 1 - proba[i * K + this.normalClass]!));
      const r = this.fresh[i]!;
      const rule = this.malformed;
      if (rule !== null) {
        const at = r * this.width;
        if (
          malformedField(this.X, at, rule.tcp >= 0 && this.X[at + 1] === rule.tcp) !== undefined
        ) {
          score = Math.max(score, MALFORMED_SCORE);
          if (rule.dos >= 0) best = rule.dos;
        }
      }
      this.scores[r] = score;
      this.bests[r] = best;
      this.memo.store(this.words, r, score, best);
    }
  }
}
