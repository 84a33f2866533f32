import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { queueFlags, queueTarget, redactedArgs } from '../../src/cli/queue-flags.js';
import { probability } from '../../src/cli/scan-flags.js';
import { parseSensorFrom } from '../../src/cli/shard-flag.js';
import { shellCommand } from '../../src/app/scan/scan-meta.js';
import { queueScan, type AddResult } from '../../src/queue/add.js';
import { renderQueued } from '../../src/report/queue.js';

/** `nad queue add --redis URL FILE…` — queue a scan for `nad worker`s. */
export default class QueueAdd extends BaseCommand {
  static override summary = 'Queue a scan of captures for nad workers (BullMQ on Redis).';
  static override description = [
    'Expands the inputs as nad scan does (files, directories, globs), hashes each file (sha256), plans the files as nad scan --stream does (one continuous capture per sensor, see --sensor-from, files in the order of their first packet) and queues one job per sensor time slice on the Redis queue: slice i of N is what nad scan --stream --shard i/N scans — the connections that start in its files, read after a warm-up of the data before them. Workers (nad worker) scan the slices; nad queue collect writes their rows, identical to those of one nad scan --stream --format ndjson of the same files (connections and traffic windows carry across file and slice boundaries).',
    '',
    'Slices (--slices): by default one per 256 MiB of capture, at most one per file (a file is never split), and fewer while the warm-ups would read more than a quarter of the input again — each slice re-reads the file before its own of the same sensor, so small slices of big hourly files would double the work. Parts that would own no file are not queued.',
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
      description: 'Rotated captures of several sensors (captures/SENSOR/…), in 16 time slices',
      command: "<%= config.bin %> <%= command.id %> --redis redis://queue.lan:6379 --sensor-from '^/data/captures/([^/]+)/' --slices 16 /data/captures/",
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
    slices: Flags.integer({ description: 'Time slices (jobs) to cut the scan into, as nad scan --shard i/N parts (default: one per 256 MiB of capture, at most one per file, fewer while warm-ups would re-read over 25 % of the input). e.g. --slices 16', min: 1 }),
    'sensor-from': Flags.string({ description: "A regular expression on each file's path naming its sensor (the first capture group, else the whole match), as nad scan --sensor-from: each sensor is its own stream. Without it all files are one stream. e.g. --sensor-from '^caps/([^/]+)/'" }),
    'warm-up': Flags.integer({ description: 'Seconds of the preceding data each slice reads before its own (not reported), as nad scan --warm-up (default 600; 0 for none). e.g. --warm-up 900', min: 0 }),
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
      stream: {
        sensorFrom:
          parseSensorFrom(flags['sensor-from']) === undefined ? null : flags['sensor-from']!,
        warmupSec: flags['warm-up'] ?? null,
      },
      slices: flags.slices,
      command: shellCommand(redactedArgs(process.argv.slice(2), target)),
      attempts: flags.attempts,
      backoffMs: flags.backoff,
    });
    for (const p of result.problems) this.warnLine(`${p.input}: ${p.reason}`);
    if (!this.quiet) process.stderr.write(`${renderQueued(queue, result)}\n`);
    return result;
  }
}
