/**
 * `nad scan`: capture → connections → KDD feature rows → model → scored connections, one file
 * (or one `--stream` of files, scan-stream.ts) at a time and streaming: rows are scored in batches
 * as connections close, and only the connections that will be reported are kept (all of them
 * with `--all`, or handed straight to a streaming writer).
 */
import type { FeatureRow } from '../../features/kdd.js';
import type { FeatureSet } from '../../features/extended-schema.js';
import type { InputError } from '../../common/errors.js';
import type { ModelFile } from '../../model/serialize.js';
import { sourceName, type InputRef } from '../../io/source.js';
import { ScanLineWriter, type RowFormat } from '../../rows/line-writer.js';
import {
  extractFeatures,
  type FeaturesFileResult,
  type FeaturesOptions,
} from '../features/features.js';
import { extractFanout } from '../features/fanout-thread.js';
import { extractOnThread } from '../features/features-thread.js';
import type { ReadHooks } from '../shared/read-packets.js';
import { RecordCollector, rankOf, type ScanSort } from '../../rows/collect.js';
import { Scorer, type ScoredRow } from '../../rows/scorer.js';
import { RowWhy, type ScanCache } from './row-why.js';
import type { Baseline } from '../../model/baseline-file.js';
import type { ScanFileResult, ScanRecord } from '../../rows/scan-record.js';
import { roundScore, toRecord } from './scan-explain.js';
import { INTERRUPTED, Novelty, Tally } from './scan-tally.js';

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
  /** Memos shared with other scans of the same model (`nad serve`); ignored for another model. */
  cache?: ScanCache;
  /** False: records carry an empty `features` object (for callers that never show it). */
  recordFeatures?: boolean;
  /** `--baseline`: novelty scores and the combined verdict (novelty-scorer.ts). */
  baseline?: Baseline;
  /** Progress reports and early stop (Ctrl-C). */
  hooks?: ReadHooks;
  /**
   * Live input (stdin): the rows decided by each input chunk are scored and written at once,
   * not when a batch is full.
   */
  live?: boolean;
  /** With `live`: after this many seconds without input, time moves on by the wall clock
   *  (`--flush-idle`): connections whose timeouts passed are closed and written. */
  flushIdleSec?: number;
  /**
   * `--jobs N` on one capture: read and compute features on a worker thread while this thread
   * scores and writes (features-thread.ts); same rows. Ignored for stdin and live input.
   */
  thread?: boolean;
  /**
   * With `thread`, on a capture file: its connections split by address over this many tables on
   * as many worker threads when ≥ 2 (fanout-thread.ts; same rows), else one worker thread.
   */
  tables?: number;
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

/** Where scanSource gets its feature rows. */
export interface RowSource {
  /** The name of the result (a file, or a stream's name). */
  name: string;
  /** The `file` of a row by its start time (streams); undefined: every row's file is `name`. */
  fileAt?: (startMicros: number) => string;
  /** Produces the rows, in start-time order, of feature set `set`, with `hooks`. */
  extract: (
    onRow: (row: FeatureRow) => void,
    set: FeatureSet,
    hooks: ReadHooks | undefined,
  ) => Promise<FeaturesFileResult>;
}

/** What scanning one file or stream gives. */
export interface ScanOutcome {
  result: ScanFileResult;
  error: InputError | undefined;
  omitted: number;
}

/** Scans one capture (a path, `-` or an opened stream) with `model`. InputError when it cannot be opened or is not a capture. */
export async function scanFile(
  input: InputRef,
  model: ModelFile,
  options: ScanOptions,
): Promise<ScanOutcome> {
  return scanSource(
    {
      name: sourceName(input), // as the reader names it
      extract: (onRow, set, hooks) =>
        options.thread === true && typeof input === 'string' && input !== '-' && !options.live
          ? (options.tables ?? 1) >= 2
            ? extractFanout(input, options.tables!, onRow, { ...options.features, set, hooks })
            : extractOnThread({ kind: 'file', path: input }, onRow, {
                ...options.features,
                set,
                hooks,
                // Rows written one by one make this thread the busier one: windows stay there.
                deferWindows: options.rowText !== undefined ? 'source' : !options.all,
              })
          : extractFeatures(input, onRow, { ...options.features, set, hooks }),
    },
    model,
    options,
  );
}

/** Scores the rows of `source` with `model`: the core of scanFile and of stream scans. */
export async function scanSource(
  source: RowSource,
  model: ModelFile,
  options: ScanOptions,
): Promise<ScanOutcome> {
  const t0 = process.hrtime.bigint();
  const records = new RecordCollector(options.collect?.sort ?? 'time', options.collect?.top);
  const tally = new Tally(options);
  let name = source.name;
  const cache = options.cache?.model === model ? options.cache : undefined;
  // Every row reported, one at a time: explain each batch at once.
  const everyRow = options.all && options.onRecord !== undefined && options.rowText === undefined;
  const why = new RowWhy(model, options.threshold, cache, everyRow);
  const withFeatures = options.recordFeatures ?? true;
  const novelty = options.baseline && new Novelty(options.baseline, options.threshold);
  const record = (s: ScoredRow): ScanRecord => {
    const r = toRecord(s, name, why, withFeatures);
    return novelty === undefined ? r : novelty.add(r, s.row);
  };
  const text = options.rowText;
  const memo = novelty === undefined;
  const tails = memo && text && cache?.rowTexts(text.format, options.threshold);
  const lines =
    text && new ScanLineWriter(text.format, name, record, text.write, memo, tails || undefined);
  const fileAt = source.fileAt;
  const flush = (): void => {
    scorer.flush();
    lines?.flush();
  };
  const scorer = new Scorer(
    model,
    (s) => {
      const verdict = novelty?.score(s);
      if (!tally.count(s, verdict) && !options.all) return;
      if (fileAt !== undefined) {
        name = fileAt(s.startMicros);
        lines?.setFile(name);
      }
      if (lines !== undefined) return lines.add(s);
      if (options.onRecord !== undefined) return options.onRecord(record(s));
      const score = roundScore(s.score);
      const rank = rankOf({ score, novelty: novelty?.value, verdict });
      if (!records.rejects(rank, s.startMicros)) records.add(record(s));
    },
    cache?.scores,
    lines,
  );
  let r: FeaturesFileResult;
  try {
    const set = novelty !== undefined ? 'extended' : scorer.featureSet;
    r = await source.extract((row) => scorer.add(row), set, liveHooks(options, flush));
    scorer.flush();
  } finally {
    lines?.flush();
  }
  const kept = records.finish();
  const result: ScanFileResult = {
    file: source.name,
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

/** options.hooks, and for live input `flush` after each chunk and on idle. */
function liveHooks(options: ScanOptions, flush: () => void): ReadHooks | undefined {
  if (options.live !== true) return options.hooks;
  const idle = options.hooks?.onIdle;
  return {
    ...options.hooks,
    afterChunk: () => {
      options.hooks?.afterChunk?.();
      flush();
    },
    idleSec: options.flushIdleSec,
    onIdle:
      options.flushIdleSec === undefined
        ? idle
        : (micros) => {
            idle?.(micros);
            flush();
          },
  };
}
