/**
 * `npm run bench:queue` — the work queue against one process: `nad scan --stream --format
 * ndjson` over N copies (hard links, one per sensor: `sensor-I/bench.pcap`, `--sensor-from`)
 * of the bench capture, then the same files through `nad queue add` (time slices: the default
 * count, or --slices) → W `nad worker -c 1` processes → `nad queue collect` on a local
 * redis-server; wall and CPU seconds, packets/s, files/s per worker, the ratio, whether the
 * outputs are identical, and the Redis commands per job seen by `redis-cli monitor`
 * (client round trips vs commands inside BullMQ's Lua scripts; the monitor itself slows
 * Redis, which this scale does not notice). Copies are hard links, so after the first read
 * they come from the page cache for both runs alike.
 *
 * Usage: npm run bench:queue [-- --size-mb N (100)] [--copies N (8)] [--workers N (2)] [--slices N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { printTable } from './lib/measure.js';
import { mixCapture } from './lib/mix-capture.js';
import {
  addCommands,
  cpuSeconds,
  startBenchRedis,
  startChild,
  total,
  type CommandCounts,
} from './lib/queue-run.js';

const NAD = ['bin/run.js'];
/** Each copy is a sensor of its own. */
const SENSOR = ['--sensor-from', '/sensor-(\\d+)/'];
/** How long the idle workers' own traffic (blocking waits, stalled checks) is measured first. */
const IDLE_MS = 10_000;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** sha256 of a file. */
async function sha(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/** Runs nad with stdout to a file; wall and CPU seconds and stderr. */
function nad(
  args: string[],
  stdout: string | 'ignore' = 'ignore',
): { sec: number; cpu: number; err: string } {
  const t0 = process.hrtime.bigint();
  const out = stdout === 'ignore' ? 'ignore' : openSync(stdout, 'w');
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU=%U+%S', process.execPath, ...NAD, ...args], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 }); // prettier-ignore
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`nad ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { sec, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, err: r.stderr };
}

/** Hard links `sensor-1/bench… sensor-N/bench…` of `file` in a fresh `dir`. */
function copiesOf(file: string, copies: number, dir: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  const files = Array.from({ length: copies }, (_, i) =>
    join(dir, `sensor-${i + 1}`, `bench${extname(file)}`),
  );
  for (const f of files) {
    mkdirSync(dirname(f), { recursive: true });
    linkSync(file, f);
  }
  return files;
}

/** W workers on a fresh redis-server; `run` gets the URL and port while they are up. */
async function withWorkers<T>(
  workers: number,
  run: (url: string, port: number) => Promise<T>,
): Promise<T & { workerCpu: number }> {
  const redis = await startBenchRedis();
  const pool = await Promise.all(Array.from({ length: workers }, () => startChild(process.execPath, [...NAD, 'worker', '--redis', redis.url, '-c', '1'], /waiting for jobs/))); // prettier-ignore
  try {
    const cpu0 = pool.map((w) => cpuSeconds(w.pid!));
    const out = await run(redis.url, redis.port);
    const workerCpu = pool.map((w, i) => cpuSeconds(w.pid!) - cpu0[i]!).reduce((a, b) => a + b, 0);
    return { ...out, workerCpu };
  } finally {
    for (const w of pool) w.kill('SIGTERM');
    redis.stop();
  }
}

/** Commands per job by `redis-cli monitor` (client round trips vs inside Lua), on small jobs. */
async function commandsPerJob(workers: number, jobs: number): Promise<void> {
  const files = copiesOf(
    'fixtures/pcaps/attack/ftp_bruteforce.pcap',
    jobs,
    '.bench-data/queue-ops',
  );
  await withWorkers(workers, async (url, port) => {
    const monitor = spawn('redis-cli', ['-p', String(port), 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] }); // prettier-ignore
    const counts = { idle: { client: new Map(), lua: new Map() }, run: { client: new Map(), lua: new Map() } } as Record<'idle' | 'run', CommandCounts>; // prettier-ignore
    let phase: 'idle' | 'run' = 'idle';
    let rest = '';
    monitor.stdout.on('data', (d: Buffer) => {
      const text = rest + d.toString();
      const cut = text.lastIndexOf('\n') + 1;
      rest = text.slice(cut);
      addCommands(counts[phase], text.slice(0, cut));
    });
    await new Promise((r) => setTimeout(r, IDLE_MS));
    phase = 'run';
    nad(['queue', 'add', '--redis', url, '--all', ...SENSOR, '--slices', String(jobs), ...files]);
    nad(['queue', 'collect', '--redis', url, '--poll', '1000', '-o', '-']);
    await new Promise((r) => setTimeout(r, 200));
    monitor.kill('SIGTERM');
    const perJob = (n: number): string => (n / jobs).toFixed(1);
    const idleRate = (total(counts.idle.client) + total(counts.idle.lua)) / (IDLE_MS / 1000);
    const top = [...counts.run.client].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(`\nRedis commands per job (${jobs} small jobs: slices of ${jobs} sensors of ftp_bruteforce.pcap, --all, ${workers} workers; redis-cli monitor from add to the end of collect, polling included):`); // prettier-ignore
    console.log(`  round trips sent by clients: ${perJob(total(counts.run.client))}   commands run inside BullMQ's Lua scripts: ${perJob(total(counts.run.lua))}`); // prettier-ignore
    console.log(`  client commands: ${top.map(([c, n]) => `${c} ${perJob(n)}`).join(', ')}`);
    console.log(`  plus, for bigger slices: 1 RPUSH per 4 MiB of NDJSON rows (worker), 1 LRANGE per 8 such blocks (collect)`); // prettier-ignore
    console.log(`  ${workers} idle workers alone, before the run: ${idleRate.toFixed(1)} commands/s (client + Lua)`); // prettier-ignore
    return {};
  });
}

async function main(): Promise<void> {
  const sizeMb = arg('--size-mb', 100);
  const copies = arg('--copies', 8);
  const workers = arg('--workers', 2);
  const slices = process.argv.includes('--slices') ? ['--slices', String(arg('--slices', 0))] : [];
  const capture = mixCapture(sizeMb);
  const dir = '.bench-data/queue';
  const files = copiesOf(capture, copies, dir);
  const mb = (statSync(capture).size * copies) / 1048576;
  const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `${copies} copies of ${capture} (${mb.toFixed(0)} MB in all); load average ${load()}`,
  );

  const single = nad(['scan', '--stream', ...SENSOR, '--format', 'ndjson', ...files], join(dir, 'scan.ndjson')); // prettier-ignore
  const packets = Number(/total: ([\d,]+) packets/.exec(single.err)?.[1]?.replace(/,/g, '') ?? NaN);
  const q = await withWorkers(workers, async (url, port) => {
    const add = nad(['queue', 'add', '--redis', url, ...SENSOR, ...slices, '--json', ...files], join(dir, 'add.json')); // prettier-ignore
    const queued = (JSON.parse(readFileSync(join(dir, 'add.json'), 'utf8')) as { slices: number }).slices; // prettier-ignore
    const collect = nad(['queue', 'collect', '--redis', url, '--poll', '1000', '-o', join(dir, 'queue.ndjson')]); // prettier-ignore
    const info = spawnSync('redis-cli', ['-p', String(port), 'info', 'memory'], { encoding: 'utf8' }).stdout; // prettier-ignore
    return { add, collect, queued, peak: /used_memory_peak_human:(\S+)/.exec(info)?.[1] ?? '?' };
  });
  const queueSec = q.add.sec + q.collect.sec;
  const same = (await sha(join(dir, 'scan.ndjson'))) === (await sha(join(dir, 'queue.ndjson')));
  const ndjsonMb = statSync(join(dir, 'scan.ndjson')).size / 1048576;
  rmSync(dir, { recursive: true, force: true });

  console.log('');
  printTable(
    [
      'run',
      'wall s',
      'CPU s',
      'packets/s',
      'capture MB/s',
      'files/s',
      'files/s per worker',
      'ratio',
    ],
    [
      ['nad scan --stream (one process)', single.sec.toFixed(1), single.cpu.toFixed(1), Math.round(packets / single.sec), (mb / single.sec).toFixed(1), (copies / single.sec).toFixed(3), '', '1.00'], // prettier-ignore
      [`queue: ${workers} workers, ${q.queued} slices (add + collect)`, queueSec.toFixed(1), (q.workerCpu + q.add.cpu + q.collect.cpu).toFixed(1), Math.round(packets / queueSec), (mb / queueSec).toFixed(1), (copies / queueSec).toFixed(3), (copies / queueSec / workers).toFixed(3), `${(single.sec / queueSec).toFixed(2)}×`], // prettier-ignore
    ],
  );
  console.log(`add ${q.add.sec.toFixed(1)} s (hashing ${mb.toFixed(0)} MB), collect ${q.collect.sec.toFixed(1)} s, workers' CPU ${q.workerCpu.toFixed(1)} s; ${ndjsonMb.toFixed(0)} MB of NDJSON rows, Redis peak memory ${q.peak}; outputs ${same ? 'identical' : 'DIFFER'}; load average now ${load()}`); // prettier-ignore
  await commandsPerJob(workers, copies);
  rmSync('.bench-data/queue-ops', { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
