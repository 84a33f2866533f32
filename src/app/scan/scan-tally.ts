/**
 * What `nad scan` counts and adds per scored connection: the per-file tally (anomalies by
 * category, --fail-on hits, top score) and, with a baseline, the novelty and verdict of a row.
 */
import type { FeatureRow } from '../../features/kdd.js';
import type { Baseline } from '../../model/baseline-file.js';
import { NoveltyScorer, verdictOf } from '../../rows/novelty-scorer.js';
import type { ScanFileResult, ScanRecord, Verdict } from '../../rows/scan-record.js';
import type { ScoredRow } from '../../rows/scorer.js';
import { roundScore } from './scan-explain.js';
import type { ScanOptions } from './scan-file.js';

/**
 * The novelty of the row being scored under a baseline, and its verdict. The rows of a scored
 * batch get their novelty together, when the batch's first row comes (NoveltyScorer.scoreBatch).
 */
export class Novelty {
  private readonly scorer: NoveltyScorer;
  private novelty = 0;
  private verdict: Verdict = 'normal';
  /** The batch whose novelty is in `scores` (ScoredBatch.seq; 0: none yet). */
  private seq = 0;
  private scores: Float64Array = new Float64Array(0);
  /** The position of the row last scored in its batch. */
  private index = 0;

  constructor(
    baseline: Baseline,
    private readonly threshold: number,
  ) {
    this.scorer = new NoveltyScorer(baseline);
  }

  /** The novelty of the row last scored, as its record shows it. */
  get value(): number {
    return roundScore(this.novelty);
  }

  /** Scores the row of `s` (its verdict counts it; `add` then completes its record). */
  score(s: ScoredRow): Verdict {
    if (s.scored.seq !== this.seq) {
      this.seq = s.scored.seq;
      this.scores = this.scorer.scoreBatch(s.batch, s.scored.count);
    }
    this.index = s.index;
    this.novelty = this.scores[s.index]!;
    this.verdict = verdictOf(s.score, this.threshold, this.novelty, this.scorer.threshold);
    return this.verdict;
  }

  /** Adds the novelty fields of the row last scored to its record (a novel row: class `novel`). */
  add(r: ScanRecord, featureRow: FeatureRow): ScanRecord {
    const row = { novelty: roundScore(this.novelty), noveltyWhy: '', verdict: this.verdict };
    const { features, ...rest } = r;
    const out: ScanRecord = { ...rest, ...row, features };
    out.noveltyWhy = this.scorer.whyInBatch(this.index, featureRow);
    if (this.verdict === 'novel') {
      out.attackLabel = 'novel';
      out.category = 'novel';
      out.why = `novel: ${out.noveltyWhy}`;
    }
    return out;
  }
}

/** The warning of a file whose scan was stopped (Ctrl-C). */
export const INTERRUPTED = 'scan interrupted: the rest of the file was not read';

/** Per-file counts of scored connections: anomalies by category, --fail-on hits, top score. */
export class Tally {
  private anomalies = 0;
  private failing = 0;
  private maxScore = 0;
  private readonly byCategory: Record<string, number> = {};

  constructor(private readonly options: ScanOptions) {}

  /**
   * Counts one scored connection; true when it is an anomaly: score ≥ threshold, or with a
   * baseline a verdict other than normal (a novel connection is counted as category `novel` and
   * fails --fail-on whatever its score).
   */
  count(s: ScoredRow, verdict?: Verdict): boolean {
    const anomalous =
      verdict !== undefined ? verdict !== 'normal' : s.score >= this.options.threshold;
    if (anomalous) {
      const category = verdict === 'novel' ? 'novel' : s.attackCategory;
      this.anomalies++;
      this.byCategory[category] = (this.byCategory[category] ?? 0) + 1;
    }
    const failOn = this.options.failOn;
    if (failOn !== undefined && (s.score >= failOn || verdict === 'novel')) this.failing++;
    this.maxScore = Math.max(this.maxScore, s.score);
    return anomalous;
  }

  counts(): Pick<ScanFileResult, 'anomalies' | 'anomaliesByCategory' | 'failing' | 'maxScore'> {
    return {
      anomalies: this.anomalies,
      anomaliesByCategory: this.byCategory,
      failing: this.failing,
      maxScore: roundScore(this.maxScore),
    };
  }
}
