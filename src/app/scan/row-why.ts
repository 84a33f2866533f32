/**
 * The `why` of a scored row (`nad scan`'s column): the malformed-packet field when the model's
 * rule fired, else the feature values that moved the attack probability most. What features a
 * row names depends on the model input and on which side of the threshold it scored only, so it
 * is memoised by encoded row: per scan, or across scans in a `ScanCache` (`nad serve` keeps one
 * per loaded model, so requests repeating rows seen before skip the forest walks).
 */
import type { FeatureRow } from '../../features/kdd.js';
import { bareLabel } from '../../kdd/labels.js';
import { attackContributions, attackContributionsOf, topFeatures } from '../../model/explain.js';
import type { ModelFile } from '../../model/serialize.js';
import type { RowFormat } from '../../rows/line-writer.js';
import { malformedField, usesMalformedRule } from '../../rows/malformed-rule.js';
import { columnText } from '../../rows/novelty-scorer.js';
import { RowTextCache } from '../../rows/row-text-cache.js';
import { ScoreMemo } from '../../rows/score-memo.js';
import type { ScoredBatch, ScoredRow } from '../../rows/scorer.js';

/** Number of feature values shown in `why`. */
const WHY_FEATURES = 3;
/** Entries kept at most in each why memo of a scan (cleared when full). */
const WHY_MEMO_ROWS = 1 << 14;
/**
 * Rows a ScanCache keeps at most, in its score memo and in each why memo: it lives as long as
 * its model (a server's), so it is kept small (about 6 MB with the shipped model).
 */
const CACHE_ROWS = 1 << 12;

/** Row-text memos a ScanCache keeps at most (by format and threshold; the oldest goes). */
const CACHE_ROW_TEXTS = 2;

/** The features `why` names, by encoded row (`ScoredRow.key`). */
type WhyMemo = Map<string, number[]> & { limit?: number };

/**
 * Memos that outlive one scan, for one model: its scores (Scorer) and its `why` features, by
 * encoded row. Bounded; what they hold changes the speed only, never an answer. Not for use by
 * two threads; safe across interleaved async scans (every access is synchronous).
 */
export class ScanCache {
  /** Scores and best classes by encoded row (for the Scorer). */
  readonly scores: ScoreMemo;
  /** `why` features of rows scoring at or above the threshold, and of those below it. */
  readonly towardsAttack: WhyMemo = Object.assign(new Map(), { limit: CACHE_ROWS });
  readonly towardsNormal: WhyMemo = Object.assign(new Map(), { limit: CACHE_ROWS });
  private readonly texts = new Map<string, RowTextCache>();

  constructor(readonly model: ModelFile) {
    this.scores = new ScoreMemo(model.forest.nFeatures, CACHE_ROWS);
  }

  /**
   * The memo of the features-only part of streamed lines (ScanLineWriter) in `format` at
   * `threshold` (the part holds the score, class and `why`), shared by the scans that ask for
   * the same: concurrent uploads to a server hold one memo, not one each (about 18 MB with the
   * shipped model). At most CACHE_ROW_TEXTS are kept; a scan keeps the one it was given.
   */
  rowTexts(format: RowFormat, threshold: number): RowTextCache {
    const key = `${format} ${threshold}`;
    let memo = this.texts.get(key);
    if (memo === undefined) {
      if (this.texts.size >= CACHE_ROW_TEXTS) this.texts.delete(this.texts.keys().next().value!);
      memo = new RowTextCache();
      this.texts.set(key, memo);
    }
    return memo;
  }
}

/** Explains rows scored by one model at one threshold. */
export class RowWhy {
  private readonly malformed: boolean;
  private readonly normalClass: number;
  private readonly towardsAttack: WhyMemo;
  private readonly towardsNormal: WhyMemo;
  /** With `everyRow`: the batch prepared (ScoredBatch.seq), its first row and its rows' tops. */
  private seq = -1;
  private from = 0;
  private tops: number[][] = [];

  /**
   * `cache`: memos shared with other scans of `model` (default: this scan's own). `everyRow`:
   * every row will be explained, in order, so the rest of a batch is explained at once on its
   * first row (tree by tree: faster), not one row at a time.
   */
  constructor(
    private readonly model: ModelFile,
    private readonly threshold: number,
    cache: ScanCache | undefined,
    private readonly everyRow: boolean,
  ) {
    this.malformed = usesMalformedRule(model.info);
    this.normalClass = model.info.classNames.findIndex((n) => bareLabel(n) === 'normal');
    this.towardsAttack = cache?.towardsAttack ?? new Map();
    this.towardsNormal = cache?.towardsNormal ?? new Map();
  }

  /** The `why` text of `s` (whose row is `row`). */
  explain(s: ScoredRow, row: FeatureRow): string {
    const broken = this.malformed
      ? malformedField(row.numbers, 0, row.symbols[0] === 'tcp')
      : undefined;
    if (broken !== undefined) return `malformed packet: ${broken}`;
    let top: number[];
    if (this.everyRow) {
      if (s.scored.seq !== this.seq || s.index < this.from) this.prepare(s.scored, s.index);
      top = this.tops[s.index - this.from]!;
    } else {
      const memo = this.memoFor(s.score);
      const key = s.key; // built on each access
      top = memo.get(key) ?? this.remember(memo, key, attackContributions(this.model.forest, s.x, this.normalClass), s.score); // prettier-ignore
    }
    let why = '';
    for (const i of top) why += `${why === '' ? '' : ' '}${columnText(row, i)}`;
    return why;
  }

  /** The memo of rows scoring `score`: an anomaly names what pushed it towards attack, a normal row (--all) what pushed it back. */
  private memoFor(score: number): WhyMemo {
    return score >= this.threshold ? this.towardsAttack : this.towardsNormal;
  }

  /** The top features of contributions `c` (changed) of a row scoring `score`, memoised. */
  private remember(memo: WhyMemo, key: string, c: Float64Array, score: number): number[] {
    if (score < this.threshold) for (let i = 0; i < c.length; i++) c[i] = -c[i]!;
    const top = topFeatures(c, WHY_FEATURES);
    if (memo.size >= (memo.limit ?? WHY_MEMO_ROWS)) memo.clear();
    memo.set(key, top);
    return top;
  }

  /** Finds the tops of rows `from ..` of batch `b`: memoised, else computed together. */
  private prepare(b: ScoredBatch, from: number): void {
    this.seq = b.seq;
    this.from = from;
    const n = b.count - from;
    const tops: number[][] = (this.tops = new Array<number[]>(n));
    const fresh = new Int32Array(n);
    const keys: string[] = [];
    for (let r = from; r < b.count; r++) {
      const key = b.key(r);
      const top = this.memoFor(b.scores[r]!).get(key);
      if (top !== undefined) tops[r - from] = top;
      else fresh[keys.push(key) - 1] = r;
    }
    const m = keys.length;
    if (m === 0) return;
    const F = b.width;
    const c = new Float64Array(m * F);
    attackContributionsOf(this.model.forest, b.X, fresh, m, this.normalClass, c);
    for (let j = 0; j < m; j++) {
      const r = fresh[j]!;
      const score = b.scores[r]!;
      tops[r - from] = this.remember(this.memoFor(score), keys[j]!, c.subarray(j * F, (j + 1) * F), score); // prettier-ignore
    }
  }
}
