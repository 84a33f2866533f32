/**
 * `npm run bench:fanout` — `nad scan` on one capture with `--jobs 1` (one thread), `--jobs 2`
 * (features on a worker thread, scoring here: features-thread.ts) and `--jobs 3…N` (the
 * connection table fanned out over N − 1 worker threads by address: fanout-thread.ts), writing
 * every anomaly row as NDJSON to /dev/null: packets/s, CPU seconds, peak RSS, the ratio to
 * `--jobs 1`, and whether each output equals `--jobs 1`'s (sha256 of an untimed rerun through a
 * pipe). Every table of a fan-out reads and decodes every packet (to keep the same clock), so the
 * CPU seconds above `--jobs 2`'s are that cost; a fan-out is only faster with spare cores, and
 * this prints how many there are.
 *
 * Usage: npm run bench:fanout [-- --size-mb N] [--jobs 1,2,3,4] (defaults 100 and 1,2,3,4)
 */
import { availableParallelism, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { mixCapture } from './lib/mix-capture.js';
import { printTable } from './lib/measure.js';
import { nad, outputSha256 } from './lib/scan-runs.js';

const TEST_MODEL = 'fixtures/models/kdd-sample-20trees.nadm';

/** The value after `flag` in argv, or `fallback`. */
function arg(flag: string, fallback: string): string {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const file = mixCapture(Number(arg('--size-mb', '100')));
  const jobsList = arg('--jobs', '1,2,3,4').split(',').map(Number);
  const { SCAN_MODEL_NAME, defaultModelPath } = await import('../src/io/model-file.js');
  const modelFlags = existsSync(defaultModelPath(SCAN_MODEL_NAME)) ? [] : ['-m', TEST_MODEL];
  console.log(
    `capture: ${file}; cores: ${availableParallelism()}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const flags = ['-f', 'ndjson'];
  const runs = jobsList.map((jobs) => ({
    jobs,
    ...nad(`nad scan -f ndjson -j ${jobs}`, file, modelFlags, [...flags, '-j', String(jobs)]),
  }));
  const hashes: string[] = [];
  for (const r of runs)
    hashes.push(await outputSha256(file, modelFlags, [...flags, '-j', String(r.jobs)]));
  const base = runs[0]!;
  printTable(
    [
      'run',
      'packets',
      'seconds',
      'CPU s',
      'packets/s',
      `÷ -j ${base.jobs}`,
      'peak RSS MB',
      'output',
    ],
    runs.map((r, i) => [
      r.what,
      r.packets,
      r.sec,
      r.cpuSec,
      r.packets / r.sec,
      base.sec / r.sec,
      r.peakRssMb,
      i === 0
        ? `sha256 ${hashes[0]!.slice(0, 12)}…`
        : hashes[i] === hashes[0]
          ? 'identical'
          : 'DIFFERENT',
    ]),
  );
  const same = hashes.every((h) => h === hashes[0]);
  console.log(`outputs of every --jobs identical: ${same ? 'yes' : 'NO'}`);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!same) process.exitCode = 1;
}

await main();
