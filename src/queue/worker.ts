/**
 * `nad worker`: a BullMQ worker on the scan queue. Jobs run in sandboxed processors (worker
 * threads running processor.ts), `concurrency` at a time. A job whose worker dies stops
 * renewing its lock; after `lockMs` another worker's stalled-job check (every `stalledMs`)
 * puts it back in the queue, and it runs again from the start.
 */
import { fileURLToPath } from 'node:url';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { BULL_PREFIX } from './keys.js';
import { PROCESSOR_ENV } from './processor.js';
import type { RedisTarget } from './connection.js';
import type { SliceResult } from './scan-slice.js';
import type { SliceJob } from './slices.js';

/** How the worker runs. */
export interface WorkerSettings {
  /** The Redis URL as given (handed to the processors). */
  url: string;
  queue: string;
  /** Jobs processed at once (one worker thread each). */
  concurrency: number;
  /** How long a job's lock lasts without renewal (renewed every half of it), ms. */
  lockMs: number;
  /** How often this worker looks for jobs whose lock expired, ms. */
  stalledMs: number;
  /** How many times a job may stall before it fails for good. */
  maxStalled: number;
}

/** Defaults: BullMQ's lock duration and stalled interval, and one more stall allowed. */
export const WORKER_DEFAULTS = { lockMs: 30_000, stalledMs: 30_000, maxStalled: 2 } as const;

/** What a running worker reports. */
export type WorkerEvent =
  | { kind: 'ready' }
  | { kind: 'completed'; job: SliceJob; result: SliceResult; attempt: number }
  | { kind: 'failed'; job: SliceJob | undefined; reason: string; attempt: number; final: boolean }
  | { kind: 'error'; message: string };

/** Runs a worker until `signal` aborts, then lets the jobs in hand finish and closes. */
export async function runWorker(
  target: RedisTarget,
  settings: WorkerSettings,
  signal: AbortSignal,
  onEvent: (e: WorkerEvent) => void,
): Promise<void> {
  const processor = fileURLToPath(new URL('./processor.js', import.meta.url));
  const worker = new Worker<SliceJob, SliceResult>(settings.queue, processor, {
    connection: { ...target.options } as ConnectionOptions,
    prefix: BULL_PREFIX,
    concurrency: settings.concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: {
      env: {
        ...process.env,
        [PROCESSOR_ENV.redis]: settings.url,
        [PROCESSOR_ENV.queue]: settings.queue,
      },
    },
    lockDuration: settings.lockMs,
    stalledInterval: settings.stalledMs,
    maxStalledCount: settings.maxStalled,
    autorun: false,
  });
  worker.on('ready', () => onEvent({ kind: 'ready' }));
  worker.on('completed', (job: Job<SliceJob, SliceResult>, result: SliceResult) =>
    onEvent({ kind: 'completed', job: job.data, result, attempt: job.attemptsStarted }),
  );
  worker.on('failed', (job: Job<SliceJob> | undefined, err: Error) =>
    onEvent({
      kind: 'failed',
      job: job?.data,
      reason: err.message,
      attempt: job?.attemptsStarted ?? 0,
      final: job === undefined || job.finishedOn !== undefined,
    }),
  );
  worker.on('error', (err: Error) => onEvent({ kind: 'error', message: err.message }));
  const stop = (): void => void worker.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (!signal.aborted) await worker.run();
  } finally {
    signal.removeEventListener('abort', stop);
    await worker.close();
  }
}
