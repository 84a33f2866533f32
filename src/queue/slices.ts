/**
 * What one job of the work queue scans: a sensor time slice of the input, defined here and only
 * here. The files of a scan are planned as `nad scan --stream` plans them (one stream per sensor,
 * files in first-packet order: app/scan/stream-plan.ts) and cut into N parts as `--shard i/N`
 * cuts them; job i scans exactly what `nad scan --stream --shard i/N` of the same files scans —
 * the connections starting in its files' time ranges, after a warm-up of the data before them —
 * so the jobs' rows in job order are the rows of one `nad scan --stream` of those files.
 *
 * Each file is owned by one job, which checks its sha256 before scanning (a job also reads the
 * first packet of every file for the plan, and the files around its own for the warm-up and the
 * connections that go on; those are checked by the jobs that own them). A job also checks that
 * the files still make the part it was queued as (its plan: the same files owned, the same time
 * range and warm-up), else another file's new size or first packet could shift rows between
 * slices, doubling or losing them. A job's id is a hash of
 * its part, the stream settings, the scan settings and every file's sha256, so adding the same
 * scan twice queues nothing new.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_WARMUP_SEC,
  planStreams,
  streamTasks,
  type SensorStream,
  type StreamTask,
} from '../app/scan/stream-plan.js';
import { inputSizes } from '../io/inputs.js';
import type { ScanRunOptions } from '../app/scan/scan-run.js';

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

/** How the files form streams (the `--stream` flags of `nad queue add`). */
export interface StreamSpec {
  /** `--sensor-from`: the source of the regular expression naming a file's sensor; null: none. */
  sensorFrom: string | null;
  /** `--warm-up` seconds before a slice's files; null: the scan's default (DEFAULT_WARMUP_SEC). */
  warmupSec: number | null;
}

/** An input file, its size and the sha256 of its bytes when it was queued. */
export interface QueuedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** The payload of one job. */
export interface SliceJob {
  /** The BullMQ job id: `scan-` + 32 hex digits of the slice's hash. */
  id: string;
  /** Position of the slice's rows in the collected output. */
  order: number;
  /** The slice in words, for messages: `2/8 (first.pcap … last.pcap, 3 files)`. */
  label: string;
  /** Every file of the scan: a part is cut from all of them, as `--shard` cuts it. */
  files: QueuedFile[];
  /** Indices in `files` of the files this slice owns: the worker checks their sha256. */
  owned: number[];
  /** The part, as `--shard index/count` (1-based). */
  shard: { index: number; count: number };
  /** A hash of what the part reads and owns, as `nad queue add` planned it (partPlan). */
  plan: string;
  stream: StreamSpec;
  settings: ScanSettings;
}

/** Capture bytes per slice that the default slice count aims at. */
export const SLICE_TARGET_BYTES = 256 * 1024 * 1024;

/** At most this share of the input is read again as warm-up under the default slice count. */
export const MAX_WARMUP_SHARE = 0.25;

/**
 * Plans the scan of `files` (hashed and sized by the caller) as streams and turns it into jobs:
 * one per part of `slices` (default: defaultSliceCount) that owns files, in part order. Files
 * that are not captures are owned by the first job (every job reports them, as `nad scan` does).
 */
export async function sliceJobs(
  files: readonly QueuedFile[],
  stream: StreamSpec,
  settings: ScanSettings,
  slices?: number,
): Promise<SliceJob[]> {
  const paths = files.map((f) => f.path);
  const { streams } = await planStreams(paths, sensorRegExp(stream), files.map((f) => f.bytes)); // prettier-ignore
  const warmupSec = stream.warmupSec ?? DEFAULT_WARMUP_SEC;
  const count = slices ?? defaultSliceCount(streams, warmupSec);
  const indexOf = new Map(paths.map((p, i) => [p, i]));
  const planned = new Set(streams.flatMap((s) => s.files.map((f) => f.path)));
  const unplanned = paths.flatMap((p, i) => (planned.has(p) ? [] : [i]));
  const jobs: SliceJob[] = [];
  for (let index = 1; index <= count; index++) {
    const tasks = streamTasks(streams, { index, count }, warmupSec);
    const own = tasks.flatMap((t) =>
      t.stream.files.slice(t.ownFirst, t.ownEnd).map((f) => indexOf.get(f.path)!),
    );
    if (own.length === 0 && (jobs.length > 0 || index < count)) continue;
    const owned = jobs.length === 0 ? [...own, ...unplanned] : own;
    const shard = { index, count };
    jobs.push({
      id: jobId({ shard, stream, files: files.map((f) => [f.path, f.sha256]) }, settings),
      order: jobs.length,
      label: labelOf(shard, own.length > 0 ? own : owned, files),
      files: [...files],
      owned,
      shard,
      plan: planHash(tasks),
      stream,
      settings,
    });
  }
  return jobs;
}

/**
 * The default number of slices: one per SLICE_TARGET_BYTES of capture (at most one per file),
 * fewer while the warm-ups would read more than MAX_WARMUP_SHARE of the input again (each slice
 * re-reads the file before its own of the same sensor: small slices of big files double the work).
 * The largest such count is found by bisection (warm-up bytes grow with the count, if not
 * strictly), so that thousands of files stay quick to plan.
 */
export function defaultSliceCount(streams: readonly SensorStream[], warmupSec: number): number {
  const all = streams.flatMap((s) => s.files);
  const total = all.reduce((a, f) => a + f.sizeBytes, 0);
  const ok = (n: number): boolean => warmupBytes(streams, n, warmupSec) <= MAX_WARMUP_SHARE * total; // prettier-ignore
  let hi = Math.max(1, Math.min(all.length, Math.ceil(total / SLICE_TARGET_BYTES)));
  if (ok(hi)) return hi;
  let lo = 1; // ok(1): one part reads no warm-up
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Bytes read as warm-up (before the owned files) by all n parts. */
function warmupBytes(streams: readonly SensorStream[], n: number, warmupSec: number): number {
  let bytes = 0;
  for (let index = 1; index <= n; index++)
    for (const t of streamTasks(streams, { index, count: n }, warmupSec))
      for (let i = t.readFirst; i < t.ownFirst; i++) bytes += t.stream.files[i]!.sizeBytes;
  return bytes;
}

/**
 * The plan of `job`'s part as the files are now (their sizes and first packets): equal to
 * `job.plan` when the job scans the part it was queued as.
 */
export async function currentPlan(job: SliceJob): Promise<string> {
  const paths = job.files.map((f) => f.path);
  const { streams } = await planStreams(paths, sensorRegExp(job.stream), await inputSizes(paths));
  const warmupSec = job.stream.warmupSec ?? DEFAULT_WARMUP_SEC;
  return planHash(streamTasks(streams, job.shard, warmupSec));
}

/** A hash of the tasks of a part: the files read and owned, the owned time range, the warm-up. */
function planHash(tasks: readonly StreamTask[]): string {
  const text = JSON.stringify(
    tasks.map((t) => [
      t.sensor,
      t.stream.files.slice(t.readFirst, t.ownEnd).map((f) => f.path),
      t.ownFirst - t.readFirst,
      t.fromMicros,
      t.toMicros,
      t.warmupFromMicros,
      t.stream.files.slice(t.ownEnd).map((f) => f.path),
    ]),
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** What `runScan` is given for a job: its inputs and the stream options of its part. */
export function sliceInputs(
  job: SliceJob,
): [string[], Pick<ScanRunOptions, 'stream' | 'shard' | 'sensorFrom' | 'warmupSec'>] {
  return [
    job.files.map((f) => f.path),
    {
      stream: true,
      shard: job.shard,
      sensorFrom: sensorRegExp(job.stream),
      warmupSec: job.stream.warmupSec ?? undefined,
    },
  ];
}

/** The sensor expression of `stream` (checked by the command that queued it). */
function sensorRegExp(stream: StreamSpec): RegExp | undefined {
  return stream.sensorFrom === null ? undefined : new RegExp(stream.sensorFrom);
}

/** `2/8 (a.pcap)`, `2/8 (a.pcap … c.pcap, 3 files)`, `1/1 (no capture)`. */
function labelOf(
  shard: { index: number; count: number },
  own: readonly number[],
  files: readonly QueuedFile[],
): string {
  const first = files[own[0]!]?.path ?? 'no capture';
  const span = own.length <= 1 ? first : `${first} … ${files[own.at(-1)!]!.path}, ${own.length} files`; // prettier-ignore
  return `${shard.index}/${shard.count} (${span})`;
}

/** The id of a slice: a hash of its definition and settings (files named with their sha256). */
function jobId(slice: object, settings: ScanSettings): string {
  const text = JSON.stringify({ v: 2, slice, settings });
  return `scan-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
