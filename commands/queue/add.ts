import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { queueFlags, queueTarget } from '../../src/cli/queue-flags.js';
import { probability } from '../../src/cli/scan-flags.js';
import { queueScan, type AddResult } from '../../src/queue/add.js';
import { renderQueued } from '../../src/report/queue.js';

/** `nad queue add --redis URL FILE…` — queue a scan for `nad worker`s. */
export default class QueueAdd extends BaseCommand {
  static override summary = 'Queue a scan of captures for nad workers (BullMQ on Redis).';
  static override description = [
    'Expands the inputs as nad scan does (files, directories, globs), hashes each file (sha256) and queues one job per slice — today one input file — on the Redis queue. Workers (nad worker) scan the slices; nad queue collect writes their rows, identical to those of one nad scan --format ndjson of the same files.',
    '',
    "A job's id is a hash of its slice, the scan settings and the files' sha256s: adding the same scan again queues nothing new (and sends failed jobs back to the queue). A queue holds one scan; another scan needs another --queue or nad queue clear. Workers must reach the files by the same paths (give absolute paths on shared storage when workers run on other machines) and refuse a file or model whose content changed.",
    '',
    'Exit codes: 0 queued; 2 bad flag, Redis URL or queue name, or the queue holds another scan; 3 a file cannot be read (nothing is queued); 4 bad model; 69 Redis cannot be reached within --connect-timeout.',
  ].join('\n');
  static override examples = [
    {
      description: 'Queue every capture of a directory',
      command: '<%= config.bin %> <%= command.id %> --redis redis://127.0.0.1:6379 /data/captures/',
    },
    {
      description: 'Every connection, not only anomalies, on a queue of its own',
      command: '<%= config.bin %> <%= command.id %> --redis redis://queue.lan:6379 --queue monday --all "/mnt/pcaps/monday/*.pcap"',
    },
  ]; // prettier-ignore
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({ description: 'Capture files, directories (recursive) or glob patterns (not stdin).', required: true }),
  }; // prettier-ignore
  static override flags = {
    ...queueFlags,
    model: Flags.string({ char: 'm', description: 'Model file, as the workers will open it (default: the shipped models/scan-default.nadm of each worker; workers check it is the same file).' }),
    threshold: Flags.string({ char: 't', description: "Score from which a connection is an anomaly, 0–1 (default: the model's own), as nad scan." }),
    all: Flags.boolean({ char: 'a', description: 'Keep every connection, not only anomalies (nad scan --all).' }),
    'skip-bad-records': Flags.boolean({ description: 'JSON telemetry: skip bad records instead of failing the file (nad scan --skip-bad-records).' }),
    attempts: Flags.integer({ description: 'Attempts per job before it fails for good (a crash, Redis trouble, an unreadable file on one worker).', min: 1, default: 3 }),
    backoff: Flags.integer({ description: 'Milliseconds before the first retry; doubled for each later one.', min: 0, default: 1000 }),
  }; // prettier-ignore

  async run(): Promise<AddResult> {
    const { argv, flags } = await this.parse(QueueAdd);
    const { target, queue } = queueTarget(flags);
    const result = await queueScan(target, {
      queue,
      inputs: argv as string[],
      model: flags.model,
      threshold: probability('--threshold', flags.threshold),
      all: flags.all,
      skipBadRecords: flags['skip-bad-records'],
      attempts: flags.attempts,
      backoffMs: flags.backoff,
    });
    for (const p of result.problems) this.warnLine(`${p.input}: ${p.reason}`);
    if (!this.quiet) process.stderr.write(`${renderQueued(queue, result)}\n`);
    return result;
  }
}
