/**
 * `nad scan` over many inputs: expands files, directories and globs, loads the model once, scans
 * the files — one after the other, or `jobs` at a time on worker threads (scan-parallel.ts) —
 * and consumes their results strictly in input order, so the output is the same whatever the
 * number of jobs. A bad file is reported and the others are still scanned; an aborted signal
 * (Ctrl-C) stops reading and keeps what was done.
 */
import { InputError } from '../../common/errors.js';
import { expandInputs, inputSizes, type InputProblem } from '../../io/inputs.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../../io/model-file.js';
import { readBaselineFile } from '../../io/baseline-file.js';
import type { ModelFile } from '../../model/serialize.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { RecordCollector, type ScanSort } from '../../rows/collect.js';
import type { ScanProgress } from '../../rows/scan-record.js';
import {
  FALLBACK_THRESHOLD,
  scanThresholdOf,
  type ScanThreshold,
} from '../../rows/scan-threshold.js';
import { ScanPool } from './scan-parallel.js';
import { ProgressTracker } from './scan-progress.js';
import { scanStreams } from './scan-stream.js';
import { scanFile, type ScanFileResult, type ScanOptions, type ScanRecord } from './scan-file.js';

/** Everything `nad scan` needs besides the inputs. */
export interface ScanRunOptions extends Omit<ScanOptions, 'collect' | 'hooks' | 'threshold'> {
  /** Anomaly threshold; undefined: the model's own (scan-threshold.ts), else 0.5. */
  threshold: number | undefined;
  /** Model file; the shipped default model when undefined. */
  modelPath: string | undefined;
  /** `--baseline FILE.nadb`: novelty scores and the combined verdict (scan-file.ts). */
  baselinePath?: string;
  sort: ScanSort;
  /** Keep only the N best records after sorting. */
  top: number | undefined;
  /**
   * Threads: with several files, files scanned at once on worker threads; with one file or a
   * `--stream`, its features computed on a worker thread while this one scores (ScanOptions.thread).
   * 1 (default): all on this thread.
   */
  jobs?: number;
  /** Stops the scan: files being read stop where they are, later files are not started. */
  signal?: AbortSignal;
  /** Output backpressure (ReadHooks.outputReady): also withholds workers' credits. */
  outputReady?: () => Promise<void> | undefined;
  /** Called as each file's turn comes, in input order (warnings). */
  onFile?: (r: ScanFileResult) => void;
  onProgress?: (p: ScanProgress) => void;
  /**
   * `--stream`: the files are one continuous capture per sensor, ordered by first packet time
   * (stream-plan.ts): connections and windows carry across file boundaries. Scanned on this
   * thread (with `jobs` > 1, its features on a worker thread); each row's `file` is the file whose time range holds its start.
   */
  stream?: boolean;
  /** `--sensor-from`: the sensor of a file, from its path (first capture group or the match). */
  sensorFrom?: RegExp;
  /**
   * `--shard i/n` (with `stream`): scan only part `index` of `count`, **1-based** (`--shard 2/5`
   * is `{ index: 2, count: 5 }`), with its warm-up; its rows are those same connections' rows
   * of the whole `--stream` scan, and the parts' outputs in part order are the whole output.
   */
  shard?: { index: number; count: number };
  /**
   * With `jobs` > 1: a capture (or stream) scanned on this thread has its features computed on a
   * worker thread from this size on (bytes; default THREAD_FROM_BYTES): below it, starting the
   * thread costs more than it saves.
   */
  threadFrom?: number;
  /** Seconds of data read as a shard's warm-up (default 600; Infinity: all preceding data). */
  warmupSec?: number;
}

/** Default ScanRunOptions.threadFrom: 4 MiB. */
export const THREAD_FROM_BYTES = 4 << 20;

/** The options with the threshold decided. */
type Resolved = ScanRunOptions & { threshold: number };

/** The outcome of a whole scan. */
export interface ScanRun {
  files: ScanFileResult[];
  /** Kept records, sorted and trimmed (empty when streamed). */
  records: ScanRecord[];
  /** Records that --top left out. */
  omitted: number;
  problems: InputProblem[];
  /** The input errors met (files that are not captures, unreadable, corrupt). */
  errors: InputError[];
  modelPath: string;
  /** The threshold used, and the one the model carries (null: none). */
  threshold: number;
  modelThreshold: ScanThreshold | null;
  /** The baseline used (`--baseline`) and its threshold; null without one. */
  baseline: { path: string; threshold: number } | null;
  /** True when the signal stopped the scan before every file was read. */
  interrupted: boolean;
}

type Outcome =
  | { kind: 'done'; result: ScanFileResult; error: InputError | undefined; omitted: number }
  | { kind: 'failed'; error: Error };

/** Runs the scan. Model problems throw ModelError (exit 4); input problems are collected. */
export async function runScan(
  inputs: readonly string[],
  options: ScanRunOptions,
): Promise<ScanRun> {
  const modelPath = options.modelPath ?? defaultModelPath(SCAN_MODEL_NAME);
  const model = await readModelFile(modelPath);
  const modelThreshold = scanThresholdOf(model.info);
  const threshold = options.threshold ?? modelThreshold?.value ?? FALLBACK_THRESHOLD;
  const baseline =
    options.baselinePath === undefined ? undefined : await readBaselineFile(options.baselinePath);
  const o: Resolved = { ...options, threshold, baseline };
  const { files, problems } = await expandInputs(inputs);
  const run: ScanRun = {
    files: [],
    records: [],
    omitted: 0,
    problems,
    errors: [],
    modelPath,
    threshold,
    modelThreshold,
    baseline:
      baseline === undefined
        ? null
        : { path: options.baselinePath!, threshold: baseline.info.threshold.value },
    interrupted: false,
  };
  const collector = new RecordCollector(o.sort, o.top);
  if (o.stream === true) {
    await runStreams(files, model, o, run, collector);
    return finished(run, collector, o.signal);
  }
  const sizes = await inputSizes(files);
  const progress = new ProgressTracker(sizes, o.onProgress);
  const pool = startPool(files, modelPath, o, progress);
  const onAbort = (): void => pool?.abort();
  o.signal?.addEventListener('abort', onAbort);
  try {
    for (let i = 0; i < files.length; i++) {
      const remote = pool !== undefined && files[i] !== '-';
      pool?.setHead(i);
      if (remote ? !pool.started(i) : o.signal?.aborted === true) break;
      const outcome = remote
        ? await consumeRemote(pool, i, o)
        : await scanLocal(files[i]!, model, o, threaded(o, sizes[i]), (p) => progress.update(i, p));
      if (outcome.kind === 'done') progress.finish(i, outcome.result.packets);
      take(outcome, run, collector, o.onFile);
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool?.close();
  }
  return finished(run, collector, o.signal);
}

/** The run with its kept records. */
function finished(run: ScanRun, collector: RecordCollector, signal?: AbortSignal): ScanRun {
  const kept = collector.finish();
  run.interrupted = signal?.aborted === true;
  return { ...run, records: kept.records, omitted: kept.omitted };
}

/** `--stream`: every stream task on this thread, in order. */
async function runStreams(
  files: readonly string[],
  model: ModelFile,
  o: Resolved,
  run: ScanRun,
  collector: RecordCollector,
): Promise<void> {
  const sizes = await inputSizes(files);
  const total = sizes.reduce<number>((a, s) => a + (s ?? 0), 0);
  const progress = new ProgressTracker([total], o.onProgress);
  await scanStreams(
    files,
    sizes,
    model,
    {
      ...o,
      collect: { sort: o.sort, top: o.top },
      thread: threaded(o, total),
    },
    (x) => {
      if (x instanceof InputError) run.errors.push(x);
      else take({ kind: 'done', ...x }, run, collector, o.onFile);
    },
    (p) => progress.update(0, p),
  );
}

/** Adds one file's outcome to the run. Errors other than input errors (bugs) are thrown. */
function take(
  outcome: Outcome,
  run: ScanRun,
  collector: RecordCollector,
  onFile: ((r: ScanFileResult) => void) | undefined,
): void {
  if (outcome.kind === 'failed') {
    if (!(outcome.error instanceof InputError)) throw outcome.error;
    run.errors.push(outcome.error);
    return;
  }
  collector.addAll(outcome.result.records, outcome.omitted);
  outcome.result.records = [];
  run.files.push(outcome.result);
  if (outcome.error !== undefined) run.errors.push(outcome.error);
  onFile?.(outcome.result);
}

/** Starts worker threads when more than one file can be scanned at once. */
function startPool(
  files: readonly string[],
  modelPath: string,
  options: Resolved,
  progress: ProgressTracker,
): ScanPool | undefined {
  const jobs = Math.min(options.jobs ?? 1, files.filter((f) => f !== '-').length);
  if (jobs <= 1) return undefined;
  const { threshold, all, failOn, features, sort, top, baseline } = options;
  return new ScanPool(
    files,
    (i) => files[i] !== '-',
    jobs,
    {
      modelPath,
      options: { threshold, all, failOn, features, collect: { sort, top }, baseline },
      stream: options.rowText?.format ?? (options.onRecord !== undefined ? 'records' : false),
    },
    (i, p) => progress.update(i, p),
  );
}

/** Whether a capture of `bytes` bytes scanned on this thread has its features on another. */
function threaded(options: Resolved, bytes: number | undefined): boolean {
  return (options.jobs ?? 1) > 1 && (bytes ?? 0) >= (options.threadFrom ?? THREAD_FROM_BYTES);
}

/** Scans one file on this thread (its features on a worker thread when `thread`). */
async function scanLocal(
  file: string,
  model: ModelFile,
  options: Resolved,
  thread: boolean,
  onProgress: (p: ReadProgress) => void,
): Promise<Outcome> {
  try {
    const { result, error, omitted } = await scanFile(file, model, {
      ...options,
      live: options.live === true || file === '-',
      collect: { sort: options.sort, top: options.top },
      thread,
      // `--jobs N` ≥ 3: the connections on N − 1 threads (fanout-thread.ts).
      tables: thread && (options.jobs ?? 1) >= 3 ? options.jobs! - 1 : 1,
      hooks: { onProgress, signal: options.signal, outputReady: options.outputReady },
    });
    return { kind: 'done', result, error, omitted };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { kind: 'failed', error: err };
  }
}

/** Consumes a worker's events for file `index`: streamed batches go to onRecord or rowText now. */
async function consumeRemote(
  pool: ScanPool,
  index: number,
  { onRecord, rowText, outputReady }: Pick<ScanRunOptions, 'onRecord' | 'rowText' | 'outputReady'>,
): Promise<Outcome> {
  // Text written before this file's turn came, then its live events.
  for await (const chunk of pool.spilled(index)) {
    rowText?.write(chunk);
    const wait = outputReady?.();
    if (wait !== undefined) await wait;
  }
  for (;;) {
    const e = await pool.nextEvent(index);
    if (e.kind === 'records') {
      if (onRecord !== undefined) e.records.forEach(onRecord);
    } else if (e.kind === 'text') rowText?.write(e.text);
    else return e;
    // The worker gets its credit back only once the output has room (bounded memory).
    const wait = outputReady?.();
    if (wait !== undefined) await wait;
    e.release();
  }
}
