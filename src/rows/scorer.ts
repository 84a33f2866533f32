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

/** Rows scored together (one predictProba call), once the batch has grown. */
const BATCH_ROWS = 2048;
/**
 * Rows of a new scorer's first batch: it grows fourfold each time it fills, up to BATCH_ROWS, so
 * a scorer of a few rows (one `nad serve` request) does not allocate and zero megabytes first.
 * The batch size changes the speed only: rows are scored alike and handed on in order.
 */
const FIRST_BATCH_ROWS = 32;

/** The bytes of row `r` (`width` values) of X as a string (a Map key). */
function rowKey(X: Float32Array, r: number, width: number): string {
  const bytes = width * 4;
  return Buffer.from(X.buffer, X.byteOffset + r * bytes, bytes).toString('latin1');
}

/**
 * The batch being handed on, as the model saw it (valid during onScored; the same object is
 * updated for each batch): lets a consumer that reports every row work on the rest of the
 * batch at once (row-why.ts explains them tree by tree).
 */
export class ScoredBatch {
  /** Counts the batches handed on: a new value, a new batch. */
  seq = 0;
  /** Rows in the batch. */
  count = 0;
  /** The model encoding of the rows (`width` values a row). */
  X: Float32Array = new Float32Array(0);
  /** The score of each row. */
  scores: Float64Array = new Float64Array(0);

  constructor(readonly width: number) {}

  /** The encoded row `r` as a string (ScoredRow.key of that row). */
  key(r: number): string {
    return rowKey(this.X, r, this.width);
  }
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
  /** The index of that class among the model's classes (−1: none), for a RowLookup. */
  best: number;
  /**
   * The encoded features, as the model saw them (`x`, `key` and the row in `scored` are not
   * computed for a row its scorer's RowLookup knew).
   */
  readonly x: Float32Array;
  /** The encoded features as a string: equal keys, equal model inputs (for memoising). */
  readonly key: string;
  /** The batch holding the row, and its position there (read without building `row`). */
  readonly batch: RowBatch;
  readonly index: number;
  /** The scored batch the row is part of (at `index`). */
  readonly scored: ScoredBatch;
}

/** The reused ScoredRow handed to onScored. */
class BatchScoredRow implements ScoredRow {
  startMicros = 0;
  score = 0;
  attackLabel = '';
  attackCategory = '';
  best = -1;
  index = 0;

  constructor(
    readonly batch: RowBatch,
    private readonly X: Float32Array,
    private readonly width: number,
    readonly scored: ScoredBatch,
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

/**
 * A memo of scored rows by their stored content, asked before a row is encoded and scored
 * (ScanLineWriter: rows whose features-only text it holds). A result may depend on the row only.
 */
export interface RowLookup {
  /** True when row `i` of `batch` is known: then `score` and `best` are its. */
  has(batch: RowBatch, i: number): boolean;
  readonly score: number;
  readonly best: number;
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
  private X!: Float32Array;
  /** X as 32-bit words (the memo's key). */
  private words!: Int32Array;
  /** The rows of X not found in the memo, packed for predictProba. */
  private F!: Float32Array;
  private batch: RowBatch;
  /** Rows the current batch holds. */
  private capacity = 0;
  private out!: BatchScoredRow;
  private pending = 0;
  /** Batch positions of the rows not found in the memo (the rows of F). */
  private fresh = new Int32Array(0);
  /** Score and best attack class (−1: none) of each queued row, and 1 when `lookup` knew it. */
  private scores = new Float64Array(0);
  private bests = new Int32Array(0);
  private known = new Uint8Array(0);
  private readonly memo: ScoreMemo;
  private readonly scored: ScoredBatch;
  /** The malformed-packet rule (malformed-rule.ts): the code of tcp and the dos class, or null. */
  private readonly malformed: { tcp: number; dos: number } | null;

  /**
   * `memo`: a ScoreMemo shared with other scorers of `model` (default: a new one); `lookup`:
   * asked first for each row (the rows it knows are neither encoded nor scored).
   */
  constructor(
    model: ModelFile,
    private readonly onScored: (s: ScoredRow) => void,
    memo?: ScoreMemo,
    private readonly lookup?: RowLookup,
  ) {
    const { forest, info } = model;
    this.encoder = new RowEncoder(info);
    const width = (this.width = this.encoder.width);
    if (forest.nFeatures !== width)
      throw new ModelError(`the model has ${forest.nFeatures} features, its names say ${width}`);
    this.forest = forest;
    this.scored = new ScoredBatch(width);
    this.batch = this.allocate(FIRST_BATCH_ROWS);
    this.memo = memo ?? new ScoreMemo(width);
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

  /** Queues a row (copied); scores the batch when it is full (and then grows it if it may). */
  add(row: FeatureRow): void {
    const i = this.pending++;
    this.batch.put(i, row);
    const lookup = this.lookup;
    if (lookup !== undefined && lookup.has(this.batch, i)) {
      this.known[i] = 1;
      this.scores[i] = lookup.score;
      this.bests[i] = lookup.best;
    } else {
      this.known[i] = 0;
      this.encoder.encode(row, this.X, i * this.width);
    }
    if (this.pending === this.capacity) {
      this.flush();
      if (this.capacity < BATCH_ROWS) this.batch = this.allocate(this.capacity * 4);
    }
  }

  /** Allocates the (empty) batch buffers for `rows` rows, BATCH_ROWS at most. */
  private allocate(rows: number): RowBatch {
    const n = Math.min(BATCH_ROWS, rows);
    const w = this.width;
    this.capacity = n;
    const batch = new RowBatch(n);
    this.X = new Float32Array(n * w);
    this.words = new Int32Array(this.X.buffer);
    this.F = new Float32Array(n * w);
    this.out = new BatchScoredRow(batch, this.X, w, this.scored);
    this.fresh = new Int32Array(n);
    this.scores = new Float64Array(n);
    this.bests = new Int32Array(n);
    this.known = new Uint8Array(n);
    return batch;
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
      if (this.known[r] === 1) continue;
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
    const scored = this.scored;
    scored.seq++;
    scored.count = n;
    scored.X = this.X;
    scored.scores = this.scores;
    const out = this.out;
    for (let r = 0; r < n; r++) {
      const best = this.bests[r]!;
      out.index = r;
      out.best = best;
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
