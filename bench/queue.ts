/**
 * `npm run bench:queue` — the work queue against one process: `nad scan --format ndjson -j 1`
 * over N copies (hard links) of the bench capture, then the same files through
 * `nad queue add` → W `nad worker -c 1` processes → `nad queue collect` on a local
 * redis-server; wall and CPU seconds, packets/s, files/s per worker, the ratio, whether the
 * outputs are identical, and the Redis commands per job seen by `redis-cli monitor`
 * (client round trips vs commands inside BullMQ's Lua scripts; the monitor itself slows
 * Redis, which this scale does not notice). Copies are hard links, so after the first read
 * they come from the page cache for both runs alike.
 *
 * Usage: npm run bench:queue [-- --size-mb N (100)] [--copies N (8)] [--workers N (2)]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { printTable } from './lib/measure.js';
import { countCommands, cpuSeconds, startBenchRedis, startChild, total } from './lib/queue-run.js';

const NAD = ['bin/run.js'];
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The bench:features mix of `sizeMb`, built by bench/features.ts when missing. */
function mixCapture(sizeMb: number): string {
  const path = `.bench-data/features-mix-${sizeMb}mb.pcap`;
  if (existsSync(path)) return path;
  console.log(`building ${path} with bench:features (it prints its own run too) …`);
  const r = spawnSync(process.execPath, ['dist/bench/features.js', '--size-mb', String(sizeMb)], { stdio: 'inherit' }); // prettier-ignore
  if (r.status !== 0) throw new Error('bench:features could not build the capture');
  return path;
}

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

async function main(): Promise<void> {
  const sizeMb = arg('--size-mb', 100);
  const copies = arg('--copies', 8);
  const workers = arg('--workers', 2);
  const capture = mixCapture(sizeMb);
  const dir = '.bench-data/queue';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: copies }, (_, i) => join(dir, `copy-${i + 1}.pcap`));
  for (const f of files) linkSync(capture, f);
  const mb = (statSync(capture).size * copies) / 1048576;
  console.log(`${copies} copies of ${capture} (${mb.toFixed(0)} MB in all); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`); // prettier-ignore

  const single = nad(['scan', '--format', 'ndjson', '-j', '1', ...files], join(dir, 'scan.ndjson'));
  const packets = Number(/total: ([\d,]+) packets/.exec(single.err)?.[1]?.replace(/,/g, '') ?? NaN);

  const redis = await startBenchRedis();
  const pool = await Promise.all(
    Array.from({ length: workers }, () =>
      startChild(
        process.execPath,
        [...NAD, 'worker', '--redis', redis.url, '-c', '1'],
        /waiting for jobs/,
      ),
    ),
  );
  const cpu0 = pool.map((w) => cpuSeconds(w.pid!));
  spawnSync('redis-cli', ['-p', String(redis.port), 'config', 'resetstat']);
  const monitor = spawn('redis-cli', ['-p', String(redis.port), 'monitor'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let log = '';
  monitor.stdout.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise((r) => setTimeout(r, 300));
  const add = nad(['queue', 'add', '--redis', redis.url, ...files]);
  const collect = nad(['queue', 'collect', '--redis', redis.url, '--poll', '1000', '-o', join(dir, 'queue.ndjson')]); // prettier-ignore
  const queueSec = add.sec + collect.sec;
  const workerCpu = pool.map((w, i) => cpuSeconds(w.pid!) - cpu0[i]!).reduce((a, b) => a + b, 0);
  monitor.kill('SIGTERM');
  const info = spawnSync('redis-cli', ['-p', String(redis.port), 'info', 'memory'], {
    encoding: 'utf8',
  }).stdout;
  for (const w of pool) w.kill('SIGTERM');
  redis.stop();
  const same = (await sha(join(dir, 'scan.ndjson'))) === (await sha(join(dir, 'queue.ndjson')));

  console.log('');
  printTable(
    ['run', 'wall s', 'CPU s', 'packets/s', 'files/s', 'files/s per worker', 'ratio'],
    [
      ['nad scan -j 1 (one process)', single.sec.toFixed(1), single.cpu.toFixed(1), Math.round(packets / single.sec), (copies / single.sec).toFixed(3), '', '1.00'], // prettier-ignore
      [`queue: ${workers} workers (add + collect)`, queueSec.toFixed(1), (workerCpu + add.cpu + collect.cpu).toFixed(1), Math.round(packets / queueSec), (copies / queueSec).toFixed(3), (copies / queueSec / workers).toFixed(3), `${(single.sec / queueSec).toFixed(2)}×`], // prettier-ignore
    ],
  );
  console.log(`add ${add.sec.toFixed(1)} s (hashing ${mb.toFixed(0)} MB), collect ${collect.sec.toFixed(1)} s; outputs ${same ? 'identical' : 'DIFFER'}`); // prettier-ignore
  const counts = countCommands(log);
  const perJob = (n: number): string => (n / copies).toFixed(1);
  console.log(
    `\nRedis commands per job (${copies} jobs, whole run incl. idle polling; redis-cli monitor):`,
  );
  console.log(`  sent by clients: ${perJob(total(counts.client))}   run inside Lua scripts: ${perJob(total(counts.lua))}`); // prettier-ignore
  const top = [...counts.client].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`  client commands: ${top.map(([c, n]) => `${c} ${perJob(n)}`).join(', ')}`);
  console.log(`  Redis peak memory: ${/used_memory_peak_human:(\S+)/.exec(info)?.[1] ?? '?'}`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
