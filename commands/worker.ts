import { availableParallelism } from 'node:os';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { queueFlags, queueTarget } from '../src/cli/queue-flags.js';
import { ExitCode } from '../src/common/errors.js';
import { probeRedis } from '../src/queue/connection.js';
import { WORKER_DEFAULTS, runWorker, type WorkerEvent } from '../src/queue/worker.js';
import { renderSliceDone, renderSliceFailed } from '../src/report/queue.js';

/** `nad worker --redis URL` — scan the slices queued by `nad queue add`. */
export default class Worker extends BaseCommand {
  static override summary = 'Scan queued slices (a BullMQ worker): run one or more per machine.';
  static override description = [
    'Takes jobs from the queue that nad queue add filled and scans them, --concurrency at a time, each in a sandboxed processor (a worker thread: a job that crashes does not take the worker down). The rows of each slice go to Redis under the job id, replacing those of any earlier attempt, so a retried job never doubles rows. Runs until SIGTERM or Ctrl-C, which let the jobs in hand finish (a second Ctrl-C exits at once).',
    '',
    'A worker that dies mid-job (killed, machine lost) stops renewing the lock of its jobs; once --lock-duration has passed, another worker finds the job at its next stalled check (--stalled-interval) and runs it again. A job that stalls more than --max-stalled times, or fails --attempts times (nad queue add), fails for good and nad queue collect reports it.',
    '',
    'Exit codes: 0 stopped by a signal; 2 bad flag, Redis URL or queue name; 69 Redis cannot be reached at start within --connect-timeout (later outages are retried, with a line on stderr).',
  ].join('\n');
  static override examples = [
    {
      description: 'A worker per machine, one job per CPU core',
      command: '<%= config.bin %> <%= command.id %> --redis redis://queue.lan:6379',
    },
    {
      description: 'Two jobs at a time, quicker takeover of the jobs of a dead worker',
      command: '<%= config.bin %> <%= command.id %> --redis redis://127.0.0.1:6379 --concurrency 2 --lock-duration 10000 --stalled-interval 5000',
    },
  ]; // prettier-ignore
  static override flags = {
    ...queueFlags,
    concurrency: Flags.integer({ char: 'c', description: 'Jobs scanned at once, each on a worker thread (default: the number of CPU cores).', min: 1, default: availableParallelism() }),
    'lock-duration': Flags.integer({ description: `Milliseconds a job's lock lasts without renewal (renewed every half of it); a dead worker's job is taken over after this (default ${WORKER_DEFAULTS.lockMs}).`, min: 100, default: WORKER_DEFAULTS.lockMs }),
    'stalled-interval': Flags.integer({ description: `Milliseconds between this worker's checks for jobs whose lock expired (default ${WORKER_DEFAULTS.stalledMs}).`, min: 100, default: WORKER_DEFAULTS.stalledMs }),
    'max-stalled': Flags.integer({ description: `Times a job may stall (its worker died) before it fails for good (default ${WORKER_DEFAULTS.maxStalled}).`, min: 0, default: WORKER_DEFAULTS.maxStalled }),
  }; // prettier-ignore

  async run(): Promise<void> {
    const { flags } = await this.parse(Worker);
    const { target, queue } = queueTarget(flags);
    await probeRedis(target);
    const controller = new AbortController();
    const stop = (): void => {
      if (controller.signal.aborted) process.exit(ExitCode.interrupted);
      this.note('stopping: finishing the jobs in hand');
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    let lastError = '';
    const onEvent = (e: WorkerEvent): void => {
      if (e.kind === 'ready')
        this.note(
          `waiting for jobs on queue "${queue}" at ${target.shown}, ${flags.concurrency} at a time`,
        );
      else if (e.kind === 'completed')
        this.note(renderSliceDone(e.job.label, e.result.rows, e.attempt, e.result.files.reduce((s, f) => s + f.elapsedSec, 0))); // prettier-ignore
      else if (e.kind === 'failed')
        this.note(renderSliceFailed(e.job?.label ?? '?', e.reason, e.attempt, e.final));
      else if (e.message !== lastError) this.warnLine(`Redis: ${e.message}`);
      if (e.kind === 'error') lastError = e.message;
    };
    try {
      await runWorker(
        target,
        {
          url: flags.redis,
          queue,
          concurrency: flags.concurrency,
          lockMs: flags['lock-duration'],
          stalledMs: flags['stalled-interval'],
          maxStalled: flags['max-stalled'],
        },
        controller.signal,
        onEvent,
      );
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    this.note('stopped');
  }

  private note(line: string): void {
    if (!this.quiet) process.stderr.write(`nad worker: ${line}\n`);
  }
}
