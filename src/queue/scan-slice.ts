/**
 * The work of one job, run by a worker's sandboxed processor: check that the files the slice
 * owns and the model are the ones `nad queue add` saw, scan the slice with the same use case as
 * `nad scan --stream --shard i/n` (NDJSON rows in time order), store the rows under the job's key (row-store.ts)
 * and return what the summary needs. Errors are classed for BullMQ: a file or model that
 * differs is final (no retry), anything else is retried on another attempt.
 */
import type { Redis } from 'ioredis';
import { UnrecoverableError } from 'bullmq';
import { InputError, ModelError } from '../common/errors.js';
import { sha256File } from '../io/file-digest.js';
import { SCAN_MODEL_NAME, defaultModelPath } from '../io/model-file.js';
import { runScan, type ScanRun } from '../app/scan/scan-run.js';
import type { ScanFileResult } from '../app/scan/scan-file.js';
import type { ScanThreshold } from '../rows/scan-threshold.js';
import { rowsKey } from './keys.js';
import { RowWriter } from './row-store.js';
import { currentPlan, sliceInputs, type SliceJob } from './slices.js';

/** What a finished job returns (its BullMQ return value): all but the rows. */
export interface SliceResult {
  files: Omit<ScanFileResult, 'records'>[];
  /** Input errors met while scanning (a file that is not a capture…), as `nad scan` prints them. */
  errors: { message: string; hint?: string }[];
  threshold: number;
  modelThreshold: ScanThreshold | null;
  /** NDJSON lines stored, their bytes, and the gzip blocks they took. */
  rows: number;
  rowBytes: number;
  blocks: number;
}

/** The prefix of a failed job's reason that says what kind of problem it was. */
export type FailureKind = 'input' | 'model';

/** Scans the slice of `job` and stores its rows in `redis`; see the module comment for errors. */
export async function scanSlice(job: SliceJob, queue: string, redis: Redis): Promise<SliceResult> {
  const modelPath = job.settings.model ?? defaultModelPath(SCAN_MODEL_NAME);
  await checkFiles(job, modelPath);
  const rows = new RowWriter(redis, rowsKey(queue, job.id));
  let run: ScanRun;
  const [inputs, stream] = sliceInputs(job);
  try {
    run = await runScan(inputs, {
      ...stream,
      modelPath,
      threshold: job.settings.threshold ?? undefined,
      all: job.settings.all,
      failOn: undefined,
      features: { skipBadRecords: job.settings.skipBadRecords },
      sort: 'time',
      top: undefined,
      jobs: 1,
      rowText: { format: 'ndjson', write: (chunk) => rows.write(chunk) },
      outputReady: () => rows.ready(),
    });
    await rows.finish();
  } catch (err) {
    if (err instanceof ModelError) throw new UnrecoverableError(`model: ${err.describe()}`);
    throw err;
  }
  return {
    files: run.files.map(({ records: _records, ...rest }) => rest),
    errors: run.errors.map((e) => ({ message: e.describe(), hint: e.hint })),
    threshold: run.threshold,
    modelThreshold: run.modelThreshold,
    rows: rows.lines,
    rowBytes: rows.bytes,
    blocks: rows.blocks,
  };
}

/**
 * The files the slice owns and the model must hash as they did when queued: a file that changed
 * is final; one that cannot be read may be readable on another worker (retried).
 */
async function checkFiles(job: SliceJob, modelPath: string): Promise<void> {
  const checks = [
    ...job.owned.map((i) => job.files[i]!).map((f) => ({ path: f.path, sha256: f.sha256, kind: 'input' as FailureKind })), // prettier-ignore
    { path: modelPath, sha256: job.settings.modelSha256, kind: 'model' as FailureKind },
  ];
  for (const c of checks) {
    let sha: string | null;
    try {
      sha = await sha256File(c.path);
    } catch (err) {
      if (err instanceof InputError) throw new Error(`${c.kind}: ${err.describe()}`);
      throw err;
    }
    if (sha !== c.sha256)
      throw new UnrecoverableError(
        `${c.kind}: ${c.path}: its content differs from when it was queued (sha256 ${sha?.slice(0, 12)}…, queued ${c.sha256.slice(0, 12)}…)`,
      );
  }
  if ((await currentPlan(job)) !== job.plan)
    throw new UnrecoverableError(
      `input: the files changed since they were queued: slice ${job.label} is no longer the part it was (a file's size or first packet differs)`,
    );
}
