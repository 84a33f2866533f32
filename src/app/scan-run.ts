/**
 * `nad scan` over many inputs: expands files, directories and globs, loads the model once, scans
 * each file in order (a bad file is reported and the others are still scanned), and orders and
 * trims the kept records for output.
 */
import { NadError, type InputError } from '../errors.js';
import { expandInputs, type InputProblem } from '../io/inputs.js';
import { defaultModelPath, readModelFile } from '../io/model-file.js';
import { scanFile, type ScanFileResult, type ScanOptions, type ScanRecord } from './scan.js';

/** Everything `nad scan` needs besides the inputs. */
export interface ScanRunOptions extends ScanOptions {
  /** Model file; the shipped default model when undefined. */
  modelPath: string | undefined;
  sort: 'score' | 'time';
  /** Keep only the N best records after sorting. */
  top: number | undefined;
  /** Called as each file finishes (for progress and streaming summaries). */
  onFile?: (r: ScanFileResult) => void;
}

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
}

/** Runs the scan. Model problems throw ModelError (exit 4); input problems are collected. */
export async function runScan(
  inputs: readonly string[],
  options: ScanRunOptions,
): Promise<ScanRun> {
  const modelPath = options.modelPath ?? defaultModelPath();
  const model = await readModelFile(modelPath);
  const { files, problems } = await expandInputs(inputs);
  const results: ScanFileResult[] = [];
  const errors: InputError[] = [];
  let records: ScanRecord[] = [];
  for (const file of files) {
    try {
      const { result, error } = await scanFile(file, model, options);
      results.push(result);
      records = records.concat(result.records);
      result.records = [];
      if (error !== undefined) errors.push(error);
      options.onFile?.(result);
    } catch (err) {
      if (!(err instanceof NadError) || err.exitCode !== 3) throw err;
      errors.push(err as InputError);
    }
  }
  records.sort(options.sort === 'time' ? byTime : byScore);
  const kept = options.top === undefined ? records : records.slice(0, options.top);
  return {
    files: results,
    records: kept,
    omitted: records.length - kept.length,
    problems,
    errors,
    modelPath,
  };
}

/** Most suspicious first; ties by start time, then file and endpoints (stable output). */
export function byScore(a: ScanRecord, b: ScanRecord): number {
  return b.score - a.score || byTime(a, b);
}

/** Earliest first; ties by file, then endpoints. */
export function byTime(a: ScanRecord, b: ScanRecord): number {
  return (
    a.startMicros - b.startMicros ||
    cmp(a.file, b.file) ||
    cmp(a.srcAddr, b.srcAddr) ||
    a.srcPort - b.srcPort ||
    cmp(a.dstAddr, b.dstAddr) ||
    a.dstPort - b.dstPort
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
