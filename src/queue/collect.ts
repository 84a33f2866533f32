/**
 * `nad queue collect`: writes the slices' rows in slice order — the rows of one `nad scan
 * --stream` of the same files — each slice's as soon as it and those before it are done (or
 * failed for good), while later slices are still scanned; returns the slices' summaries. Each
 * slice's row count is checked against what its worker stored, so a lost or doubled row cannot
 * pass unnoticed.
 */
import { UnavailableError } from '../common/errors.js';
import type { RedisTarget } from './connection.js';
import { rowsKey } from './keys.js';
import { readManifest, slices, type Manifest } from './manifest.js';
import { openQueue, type OpenQueue } from './open.js';
import { countLines, readRows } from './row-store.js';
import type { FailureKind, SliceResult } from './scan-slice.js';
import type { QueuedFile, SliceJob } from './slices.js';

/** How to collect. */
export interface CollectRequest {
  queue: string;
  /** Wait for slices not done yet (else: UnavailableError at once when one is not). */
  wait: boolean;
  /** Give up waiting after this many ms (UnavailableError); undefined: wait as long as it takes. */
  timeoutMs: number | undefined;
  /** How often to look at the queue while waiting, ms. */
  pollMs: number;
  /** Receives chunks of whole NDJSON lines in output order; may return a promise (backpressure). */
  write: (chunk: Buffer) => Promise<void> | void;
  /** Called while waiting, when the counts change. */
  onProgress?: (p: QueueProgress) => void;
}

/** Where the slices of the scan are. */
export interface QueueProgress {
  slices: number;
  completed: number;
  failed: number;
  active: number;
  /** Waiting, delayed (a retry's backoff) or prioritized. */
  waiting: number;
}

/** A slice that failed for good. */
export interface FailedSlice {
  label: string;
  reason: string;
  attempts: number;
  /** What the reason's prefix says it was; other: anything else (a bug, a crash). */
  kind: FailureKind | 'other';
}

/** A completed slice: its label, the files it owns and its summary. */
export interface CollectedSlice {
  label: string;
  owned: QueuedFile[];
  result: SliceResult;
}

/** The outcome of a collect. */
export interface CollectResult {
  manifest: Manifest;
  /** The completed slices, in slice order. */
  slices: CollectedSlice[];
  /**
   * The input errors the slices met, each once in slice order (every slice plans all the files,
   * so a file that is not a capture is met by each, as by each `nad scan --shard` part).
   */
  errors: { message: string; hint?: string }[];
  failed: FailedSlice[];
  /** Rows written. */
  rows: number;
  /** Slices that took more than one attempt (a retry, or a worker that died). */
  retried: number;
}

/** Collects the scan queued in `request.queue`; see the module comment. */
export async function collectScan(
  target: RedisTarget,
  request: CollectRequest,
): Promise<CollectResult> {
  const open = await openQueue(target, request.queue);
  try {
    const manifest = await readManifest(open.redis, request.queue);
    const wait = new Waiter(open, manifest, request);
    // Without --wait nothing is written unless every slice is done.
    if (!request.wait) await wait.until((p) => p.active + p.waiting === 0);
    const out: CollectResult = { manifest, slices: [], errors: [], failed: [], rows: 0, retried: 0 }; // prettier-ignore
    for (const slice of [...manifest.jobs].sort((a, b) => a.order - b.order)) {
      // Each slice's rows as soon as it and those before it are done, while later ones run.
      await wait.until(async () => FINISHED.has(await open.queue.getJobState(slice.id)));
      const job = await open.queue.getJob(slice.id);
      if (job === undefined) {
        out.failed.push({
          label: slice.label,
          reason: 'the job is no longer in the queue',
          attempts: 0,
          kind: 'other',
        });
        continue;
      }
      if ((job.attemptsStarted ?? 0) > 1) out.retried++;
      const state = await job.getState();
      if (state !== 'completed') {
        const reason = state === 'failed' ? job.failedReason : `the job is ${state}`;
        const kind = /^(input|model): /.exec(reason)?.[1] as FailureKind | undefined;
        out.failed.push({
          label: slice.label,
          reason,
          attempts: job.attemptsMade,
          kind: kind ?? 'other',
        });
        continue;
      }
      const result = job.returnvalue;
      out.rows += await copyRows(
        open,
        rowsKey(request.queue, slice.id),
        result,
        slice.label,
        request.write,
      );
      out.slices.push({ label: slice.label, owned: ownedFiles(job.data), result });
      for (const e of result.errors)
        if (!out.errors.some((x) => x.message === e.message)) out.errors.push(e);
    }
    return out;
  } finally {
    await open.close();
  }
}

/** The files a job owns (none for a job queued by an earlier version, which had no `owned`). */
function ownedFiles(job: SliceJob): QueuedFile[] {
  return (job.owned ?? []).map((i) => job.files[i]!);
}

/** Job states after which a slice will not change any more ('unknown': removed). */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/** Waits for slices: reports progress when it changes, gives up after the request's timeout. */
class Waiter {
  private readonly start = Date.now();
  private last = '';

  constructor(
    private readonly open: OpenQueue,
    private readonly manifest: Manifest,
    private readonly request: CollectRequest,
  ) {}

  /** Resolves once `done` holds; UnavailableError when it does not and waiting is over. */
  async until(done: (p: QueueProgress) => boolean | Promise<boolean>): Promise<void> {
    for (;;) {
      const p = await this.progress();
      if (await done(p)) return;
      const key = JSON.stringify(p);
      if (key !== this.last) this.request.onProgress?.(p);
      this.last = key;
      const waited = Date.now() - this.start;
      const { wait, timeoutMs } = this.request;
      if (!wait || (timeoutMs !== undefined && waited >= timeoutMs))
        throw new UnavailableError(
          `the scan is not done: ${p.completed + p.failed} of ${slices(p.slices)} finished, ${p.active} active, ${p.waiting} waiting`,
          {
            hint: wait
              ? 'Are workers running (`nad worker --redis URL`)? Collect again later, or with a longer --timeout.'
              : 'Collect without --no-wait to wait for them.',
          },
        );
      await new Promise((resolve) => setTimeout(resolve, this.request.pollMs));
    }
  }

  /** Where the slices are now. */
  private async progress(): Promise<QueueProgress> {
    const c = await this.open.queue.getJobCounts(
      'completed',
      'failed',
      'active',
      'waiting',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    return {
      slices: this.manifest.jobs.length,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
      active: c.active ?? 0,
      waiting:
        (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
    };
  }
}

/** Writes a slice's rows; UnavailableError when Redis does not hold the rows its worker stored. */
async function copyRows(
  open: OpenQueue,
  key: string,
  result: SliceResult,
  label: string,
  write: CollectRequest['write'],
): Promise<number> {
  let lines = 0;
  for await (const block of readRows(open.redis, key)) {
    lines += countLines(block);
    await write(block);
  }
  if (lines !== result.rows)
    throw new UnavailableError(
      `${label}: Redis holds ${lines} rows of this slice, its worker stored ${result.rows}`,
      { hint: 'Was the key evicted? BullMQ needs maxmemory-policy noeviction.' },
    );
  return lines;
}
