/**
 * The chunks the KDD fast path (kdd-lines.ts) has cut and not yet handed on, oldest first, each
 * with csv-parse's rows of its new lines (parseBatch): parsed at once on the reading thread, or,
 * once the input has proved large, on worker threads (kdd-parse-pool.ts) in pieces of
 * PIECE_LINES, while the reading thread cuts up to AHEAD_LINES further.
 */
import type { LineMemo } from './kdd-memo.js';
import { ParsePool } from './kdd-parse-pool.js';
import { parseBatch, type ParsedBatch, type RecordValidator } from './kdd-rows.js';

/** The lines of one chunk waiting to be handed on: memo row and line number of each. */
export interface Job {
  /** The memo the rows of `order` are in. */
  readonly memo: LineMemo;
  readonly order: Float64Array;
  /** Memo row of the first line of `parsed`. */
  readonly first: number;
  /** csv-parse's rows of new lines, when the job has any. */
  parsed: ParsedBatch | Promise<ParsedBatch> | undefined;
  /** Those rows once they are there (at once when parsed on this thread). */
  batch: ParsedBatch | undefined;
}

/** Decompressed bytes read before parsing moves to worker threads (small inputs never start them). */
const POOL_AFTER_BYTES = 1 << 20;
/**
 * Lines the reading thread may cut ahead of the rows it hands on while workers parse (16 MiB of
 * Job.order): it goes on through stretches of repeated lines while the workers are still busy
 * with the new lines before them, instead of waiting and leaving a core idle.
 */
const AHEAD_LINES = 1 << 20;
/**
 * New lines per batch sent to a worker (a chunk of the 10 % file has up to 7,000): both workers
 * take a share of a large chunk, and they end close together.
 */
const PIECE_LINES = 2048;

/** Jobs in line order, their parsing started as they are added. */
export class ParseQueue {
  private readonly jobs: Job[] = [];
  /** Lines of `jobs`. */
  private waiting = 0;
  private pool: ParsePool | undefined;
  private bytesSeen = 0;

  /** `threads`: worker threads parsing new lines once the input is large (0: none). */
  constructor(
    private readonly validate: RecordValidator,
    private readonly threads: number,
  ) {}

  /** Counts decompressed bytes read, which decide when the workers start. */
  read(bytes: number): void {
    this.bytesSeen += bytes;
  }

  /** Queues the lines of `order` (rows of `memo`), whose new lines are its rows `first` on. */
  add(memo: LineMemo, order: Float64Array, first: number): void {
    this.waiting += order.length / 2;
    const pool = first < memo.size ? this.parsePool() : undefined;
    for (; pool && memo.size - first > PIECE_LINES; first += PIECE_LINES)
      this.jobs.push(this.job(memo, order.subarray(0, 0), first, first + PIECE_LINES, pool));
    this.jobs.push(this.job(memo, order, first, memo.size, pool));
  }

  /**
   * The oldest job, its rows in its memo; undefined when there is none, or when it is still being
   * parsed and may wait: `all` is false, at most AHEAD_LINES lines wait and it is not in `drain`.
   */
  async next(all: boolean, drain?: LineMemo): Promise<Job | undefined> {
    const job = this.jobs[0];
    if (!job) return undefined;
    if (job.parsed && !job.batch) {
      if (!all && this.waiting <= AHEAD_LINES && job.memo !== drain) return undefined;
      await job.parsed;
    }
    this.jobs.shift();
    this.waiting -= job.order.length / 2;
    if (job.batch) job.memo.fill(job.first, job.batch);
    return job;
  }

  /** Drops every job (reading stopped). */
  clear(): void {
    this.jobs.length = 0;
    this.waiting = 0;
  }

  /** Stops the parsing workers, if any were started. */
  close(): void {
    this.pool?.close();
  }

  /** A job handing on `order` once memo rows `first` to `end` are parsed, on `pool` or here. */
  private job(
    memo: LineMemo,
    order: Float64Array,
    first: number,
    end: number,
    pool: ParsePool | undefined,
  ): Job {
    const job: Job = { memo, order, first, parsed: undefined, batch: undefined };
    if (end === first) return job;
    const lines = memo.linesOf(first, end);
    if (!pool) job.parsed = job.batch = parseBatch(lines, end - first, this.validate);
    else {
      const p = pool.parse(new Uint8Array(lines), end - first);
      // awaited in next(), or dropped when reading stops early
      p.then((b) => (job.batch = b)).catch(() => undefined);
      job.parsed = p;
    }
    return job;
  }

  /** The parsing workers, started once the input has proved large. */
  private parsePool(): ParsePool | undefined {
    if (!this.pool && this.threads > 0 && this.bytesSeen >= POOL_AFTER_BYTES)
      this.pool = new ParsePool(this.threads);
    return this.pool;
  }
}
