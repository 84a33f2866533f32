/**
 * `nad queue add`: the files of a scan (expanded as `nad scan` does), each hashed, planned as
 * sensor streams and cut into time slices (slices.ts), queued as BullMQ jobs with retries. Adding the same scan again adds
 * nothing and retries its failed jobs; the queue's manifest (manifest.ts) names the scan.
 */
import { createHash } from 'node:crypto';
import { InputError, UsageError } from '../common/errors.js';
import { expandInputs, inputSizes, type InputProblem } from '../io/inputs.js';
import { sha256File } from '../io/file-digest.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../io/model-file.js';
import type { RedisTarget } from './connection.js';
import { manifestOf, storeManifest } from './manifest.js';
import { openQueue } from './open.js';
import { sliceJobs, type QueuedFile, type ScanSettings, type StreamSpec } from './slices.js';

/** The scan to queue, as `nad queue add` flags give it. */
export interface AddRequest {
  queue: string;
  inputs: readonly string[];
  /** Model file as the workers will open it; undefined: the shipped default. */
  model: string | undefined;
  threshold: number | undefined;
  all: boolean;
  skipBadRecords: boolean;
  /** How the files form sensor streams (`--sensor-from`, `--warm-up`). */
  stream: StreamSpec;
  /** `--slices`: parts the scan is cut into; undefined: defaultSliceCount (slices.ts). */
  slices: number | undefined;
  /** The command line that queued the scan, kept in the manifest (the report's header). */
  command?: string;
  /** Attempts per job (the first one included) and the first retry's delay (ms, doubling). */
  attempts: number;
  backoffMs: number;
}

/** What was queued. */
export interface AddResult {
  /** The scan's name (a hash of its jobs) and its slices. */
  scan: string;
  slices: number;
  /** Jobs new in the queue, already there (from an earlier add), and failed ones sent back. */
  added: number;
  existing: number;
  retried: number;
  /** Inputs that named no file (warned about). */
  problems: InputProblem[];
}

/**
 * Queues the scan. Unreadable files: InputError (exit 3) and nothing queued; a bad model:
 * ModelError (exit 4); stdin or no file: UsageError; Redis unreachable: UnavailableError.
 */
export async function queueScan(target: RedisTarget, request: AddRequest): Promise<AddResult> {
  const { files, problems } = await expandInputs(request.inputs);
  if (files.includes('-'))
    throw new UsageError('nad queue add cannot take stdin (-): workers read the files themselves', {
      hint: 'Save the capture to a file that the workers can read.',
    });
  if (files.length === 0)
    throw new InputError(
      `nothing to queue: ${problems.map((p) => `${p.input}: ${p.reason}`).join('; ')}`,
    );
  const modelPath = request.model ?? defaultModelPath(SCAN_MODEL_NAME);
  await readModelFile(modelPath); // a bad model is exit 4 here, not a failed job on each worker
  const open = await openQueue(target, request.queue);
  try {
    const queued: QueuedFile[] = [];
    const sizes = await inputSizes(files);
    for (let i = 0; i < files.length; i++)
      queued.push({
        path: files[i]!,
        bytes: sizes[i] ?? 0,
        sha256: (await sha256File(files[i]!))!,
      });
    const settings: ScanSettings = {
      model: request.model ?? null,
      modelSha256: (await sha256File(modelPath))!,
      threshold: request.threshold ?? null,
      all: request.all,
      skipBadRecords: request.skipBadRecords,
    };
    const jobs = await sliceJobs(queued, request.stream, settings, request.slices);
    const scan = createHash('sha256')
      .update(jobs.map((j) => j.id).join('\n'))
      .digest('hex')
      .slice(0, 16);
    await storeManifest(
      open.redis,
      request.queue,
      manifestOf(jobs, settings, scan, request.command),
    );
    const states = await Promise.all(jobs.map((j) => open.queue.getJobState(j.id)));
    const fresh = jobs.filter((_, i) => states[i] === 'unknown');
    await open.queue.addBulk(
      fresh.map((data) => ({
        name: 'scan',
        data,
        opts: {
          jobId: data.id,
          attempts: request.attempts,
          backoff: { type: 'exponential', delay: request.backoffMs },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const failed = jobs.filter((_, i) => states[i] === 'failed');
    for (const j of failed) await (await open.queue.getJob(j.id))?.retry('failed');
    return {
      scan,
      slices: jobs.length,
      added: fresh.length,
      existing: jobs.length - fresh.length,
      retried: failed.length,
      problems,
    };
  } finally {
    await open.close();
  }
}
