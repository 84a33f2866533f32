/**
 * What one job of the work queue scans: a slice of the input, defined here and only here.
 * Today a slice is one input file scanned whole (the `nad scan` rows of that file); when
 * `nad scan --shard` lands, a slice becomes a sensor time slice and only this file changes.
 * A job's id is a hash of its slice and settings and of the files' sha256s, so adding the
 * same scan twice queues nothing new.
 */
import { createHash } from 'node:crypto';

/** The scan settings every slice of one scan shares (the `nad queue add` flags). */
export interface ScanSettings {
  /** Model file as the workers open it; null: the shipped default model. */
  model: string | null;
  /** sha256 of the model file seen by `nad queue add`: a worker with another refuses the job. */
  modelSha256: string;
  /** `--threshold`; null: the model's own. */
  threshold: number | null;
  /** `--all`: every connection, not only anomalies. */
  all: boolean;
  skipBadRecords: boolean;
}

/** An input file and the sha256 of its bytes when it was queued. */
export interface QueuedFile {
  path: string;
  sha256: string;
}

/** The payload of one job. */
export interface SliceJob {
  /** The BullMQ job id: `scan-` + 32 hex digits of the slice's hash. */
  id: string;
  /** Position of the slice's rows in the collected output. */
  order: number;
  /** The slice in words, for messages (the file, for a whole-file slice). */
  label: string;
  /** The files the slice reads; a worker checks their sha256 first. */
  files: QueuedFile[];
  settings: ScanSettings;
}

/** Turns the files of a scan into jobs: one per file, in input order. */
export function sliceJobs(files: readonly QueuedFile[], settings: ScanSettings): SliceJob[] {
  return files.map((f, order) => ({
    id: jobId({ kind: 'file', path: f.path, sha256: f.sha256 }, settings),
    order,
    label: f.path,
    files: [f],
    settings,
  }));
}

/** What `runScan` is given for a job: its inputs (the slice's options will join them here). */
export function sliceInputs(job: SliceJob): string[] {
  return job.files.map((f) => f.path);
}

/** The id of a slice: a hash of its definition and settings (files named with their sha256). */
function jobId(slice: object, settings: ScanSettings): string {
  const text = JSON.stringify({ v: 1, slice, settings });
  return `scan-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
