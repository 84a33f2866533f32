/**
 * `nad scan`: capture → connections → KDD feature rows → model → scored connections, one file
 * at a time and streaming: rows are scored in batches as connections close, and only the
 * connections that will be reported are kept (all of them with `--all`, or handed straight to
 * a streaming writer).
 */
import { isoMicros, type FeatureRow } from '../../features/kdd.js';
import { bareLabel } from '../../kdd/labels.js';
import { KDD_FEATURE_NAMES } from '../../features/schema.js';
import { malformedField, usesMalformedRule } from '../../rows/malformed-rule.js';
import { formatHost } from '../../flow/key.js';
import type { InputError } from '../../common/errors.js';
import { attackContributions, topFeatures } from '../../model/explain.js';
import type { ModelFile } from '../../model/serialize.js';
import { sourceName, type InputRef } from '../../io/source.js';
import { ScanLineWriter, type RowFormat } from '../../rows/line-writer.js';
import {
  extractFeatures,
  type FeaturesFileResult,
  type FeaturesOptions,
} from '../features/features.js';
import type { ReadHooks } from '../shared/read-packets.js';
import { RecordCollector, rankOf, type ScanSort } from '../../rows/collect.js';
import { Scorer, type ScoredRow } from '../../rows/scorer.js';
import { NoveltyScorer, columnText, verdictOf } from '../../rows/novelty-scorer.js';
import type { Verdict } from '../../rows/scan-record.js';
import type { Baseline } from '../../model/baseline-file.js';
import type { ScanFileResult, ScanRecord } from '../../rows/scan-record.js';

export type { ScanFileResult, ScanRecord };

/** What to keep and count while scanning. */
export interface ScanOptions {
  /** Connections scoring at least this are anomalies. */
  threshold: number;
  /** Keep every connection, not only anomalies. */
  all: boolean;
  /** Also count connections scoring at least this (for --fail-on); undefined: no count. */
  failOn: number | undefined;
  /** Receives each kept record in start-time order instead of collecting it. */
  onRecord?: (r: ScanRecord) => void;
  /**
   * Receives the kept connections in start-time order as NDJSON or CSV lines (chunks of whole
   * lines, the file's last chunk before scanFile returns) instead of records: much faster than
   * onRecord + scanJsonLine / scanCsvLine, with the same text.
   */
  rowText?: RowText;
  /** Without onRecord: the order and limit of the collected records (default: time, all). */
  collect?: { sort: ScanSort; top: number | undefined };
  features?: FeaturesOptions;
  /** `--baseline`: novelty scores and the combined verdict (novelty-scorer.ts). */
  baseline?: Baseline;
  /** Progress reports and early stop (Ctrl-C). */
  hooks?: ReadHooks;
}

/** Where streamed NDJSON or CSV lines go. */
export interface RowText {
  format: RowFormat;
  /**
   * Receives chunks of whole lines (UTF-8); returns true when it no longer needs the chunk
   * (written or copied: its buffer is then reused), false when it keeps it.
   */
  write: (chunk: Uint8Array) => boolean;
}

/** Scans one capture (a path, `-` or an opened stream) with `model`. InputError when it cannot be opened or is not a capture. */
export async function scanFile(
  input: InputRef,
  model: ModelFile,
  options: ScanOptions,
): Promise<{ result: ScanFileResult; error: InputError | undefined; omitted: number }> {
  const t0 = process.hrtime.bigint();
  const records = new RecordCollector(options.collect?.sort ?? 'time', options.collect?.top);
  const tally = new Tally(options);
  const name = sourceName(input); // as the reader names it
  const why: Why = {
    model,
    memo: new Map(),
    threshold: options.threshold,
    malformed: usesMalformedRule(model.info),
  };
  const novelty = options.baseline && new Novelty(options.baseline, options.threshold);
  const record = (s: ScoredRow): ScanRecord => {
    const r = toRecord(s, name, why);
    return novelty === undefined ? r : novelty.add(r, s.row);
  };
  const text = options.rowText;
  const lines =
    text && new ScanLineWriter(text.format, name, record, text.write, novelty === undefined);
  const scorer = new Scorer(model, (s) => {
    const verdict = novelty?.score(s);
    if (!tally.count(s, verdict) && !options.all) return;
    if (lines !== undefined) return lines.add(s);
    if (options.onRecord !== undefined) return options.onRecord(record(s));
    const score = roundScore(s.score);
    const rank = rankOf({ score, novelty: novelty?.value, verdict });
    if (!records.rejects(rank, s.startMicros)) records.add(record(s));
  });
  let r: FeaturesFileResult;
  try {
    r = await extractFeatures(input, (row) => scorer.add(row), {
      ...options.features,
      set: novelty !== undefined ? 'extended' : scorer.featureSet,
      hooks: options.hooks,
    });
    scorer.flush();
  } finally {
    lines?.flush();
  }
  const kept = records.finish();
  const result: ScanFileResult = {
    file: r.file,
    packets: r.packets,
    connections: r.rows,
    ...tally.counts(),
    ignoredPackets: r.ignoredPackets,
    skippedPackets: r.skippedPackets,
    evictions: r.evictions,
    warnings: r.interrupted ? [...r.warnings, INTERRUPTED] : r.warnings,
    error: r.error === undefined || r.interrupted ? null : r.error.describe(),
    elapsedSec: Number(process.hrtime.bigint() - t0) / 1e9,
    records: kept.records,
  };
  if (r.interrupted) result.interrupted = true;
  return { result, error: r.interrupted ? undefined : r.error, omitted: kept.omitted };
}

/** The novelty of the row being scored under a baseline, and its verdict. */
class Novelty {
  private readonly scorer: NoveltyScorer;
  private novelty = 0;
  private verdict: Verdict = 'normal';

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
    this.novelty = this.scorer.score(s.row);
    this.verdict = verdictOf(s.score, this.threshold, this.novelty, this.scorer.threshold);
    return this.verdict;
  }

  /** Adds the novelty fields of the row last scored to its record (a novel row: class `novel`). */
  add(r: ScanRecord, featureRow: FeatureRow): ScanRecord {
    const row = { novelty: roundScore(this.novelty), noveltyWhy: '', verdict: this.verdict };
    const { features, ...rest } = r;
    const out: ScanRecord = { ...rest, ...row, features };
    out.noveltyWhy = this.scorer.why(featureRow);
    if (this.verdict === 'novel') {
      out.attackLabel = 'novel';
      out.category = 'novel';
      out.why = `novel: ${out.noveltyWhy}`;
    }
    return out;
  }
}

const INTERRUPTED = 'scan interrupted: the rest of the file was not read';

/** Per-file counts of scored connections: anomalies by category, --fail-on hits, top score. */
class Tally {
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

/** Scores are reported to 4 decimals. */
function roundScore(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

/** Number of feature values shown in `why`. */
const WHY_FEATURES = 3;

function toRecord(s: ScoredRow, file: string, why: Why): ScanRecord {
  const row = s.row;
  const e = row.endpoints;
  return {
    file,
    startTime: isoMicros(e.startMicros),
    startMicros: e.startMicros,
    srcAddr: formatHost(e.srcHost, e.ipVersion),
    srcPort: e.srcPort,
    dstAddr: formatHost(e.dstHost, e.ipVersion),
    dstPort: e.dstPort,
    protocol: row.symbols[0],
    service: row.symbols[1],
    flag: row.symbols[2],
    durationSec: row.numbers[0]!,
    srcBytes: row.numbers[4]!,
    dstBytes: row.numbers[5]!,
    attackLabel: s.score > 0 ? s.attackLabel : 'normal',
    category: s.score > 0 ? s.attackCategory : 'normal',
    score: roundScore(s.score),
    why: explainRow(s, row, why),
    features: featureObject(row),
  };
}

/** The features `why` names, by encoded row (they depend on the model input only). */
type WhyMemo = Map<string, number[]>;
/** Entries kept at most in a WhyMemo (cleared when full). */
const WHY_MEMO_ROWS = 1 << 16;

/** What `why` needs: the model, the features named per encoded row, the threshold. */
interface Why {
  model: ModelFile;
  memo: WhyMemo;
  threshold: number;
  /** The model applies the malformed-packet rule. */
  malformed: boolean;
}

function explainRow(s: ScoredRow, row: FeatureRow, w: Why): string {
  const { model, memo, threshold } = w;
  const broken = w.malformed ? malformedField(row.numbers, 0, row.symbols[0] === 'tcp') : undefined;
  if (broken !== undefined) return `malformed packet: ${broken}`;
  const key = s.key; // built on each access
  let top = memo.get(key);
  if (top === undefined) {
    // An anomaly names what pushed it towards attack; a normal row (--all) what pushed it back.
    const c = attackContributions(model.forest, s.x, normalClassOf(model));
    if (s.score < threshold) for (let i = 0; i < c.length; i++) c[i] = -c[i]!;
    top = topFeatures(c, WHY_FEATURES);
    if (memo.size >= WHY_MEMO_ROWS) memo.clear();
    memo.set(key, top);
  }
  let why = '';
  for (const i of top) why += `${why === '' ? '' : ' '}${columnText(row, i)}`;
  return why;
}

function normalClassOf(model: ModelFile): number {
  return model.info.classNames.findIndex((n) => bareLabel(n) === 'normal');
}

function featureObject(row: FeatureRow): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const names = KDD_FEATURE_NAMES;
  const numbers = row.numbers;
  out[names[0]!] = numbers[0]!;
  out[names[1]!] = row.symbols[0];
  out[names[2]!] = row.symbols[1];
  out[names[3]!] = row.symbols[2];
  for (let i = 4; i < names.length; i++) out[names[i]!] = numbers[i]!;
  return out;
}
