/**
 * `npm run bench:shards` — are sharded scans exact on a big stream? bench:features' traffic mix
 * (100 MB by default) is cut by time into 8 files (a sensor's rotated captures), scanned whole
 * with `nad scan --stream` and in n = 2, 3, 4 parts with `--shard i/n` (default warm-up) merged
 * by `nad merge`; prints per n the slowest part's time, the parts' total, and whether the merged
 * NDJSON equals the whole scan's (sha256, and the number of differing lines when it does not).
 *
 * Usage: npm run bench:shards [-- --size-mb N] [--files K]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { mixCapture } from './lib/mix-capture.js';
import { printTable } from './lib/measure.js';

/** The value after `flag` in argv, or `fallback`. */
function arg(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Cuts a little-endian µs pcap into `k` files of equal time spans under `dir` (once): the
 * record headers are read here, the records copied as they are.
 */
function splitByTime(file: string, k: number, dir: string): string {
  if (existsSync(`${dir}.done`)) return dir;
  mkdirSync(dir, { recursive: true });
  const bytes = readFileSync(file);
  if (bytes.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`${file}: not a little-endian µs pcap`);
  const time = (at: number): number => bytes.readUInt32LE(at) + bytes.readUInt32LE(at + 4) / 1e6;
  const last = ((): number => {
    let t = 0;
    for (let at = 24; at + 16 <= bytes.length; at += 16 + bytes.readUInt32LE(at + 8)) t = time(at);
    return t;
  })();
  const first = time(24);
  const span = (last - first) / k;
  const outs = Array.from({ length: k }, (_, i) => {
    const fd = openSync(join(dir, `part-${String(i).padStart(2, '0')}.pcap`), 'w');
    writeSync(fd, bytes, 0, 24);
    return fd;
  });
  for (let at = 24; at + 16 <= bytes.length;) {
    const len = 16 + bytes.readUInt32LE(at + 8);
    const part = Math.min(k - 1, Math.floor((time(at) - first) / span));
    writeSync(outs[part]!, bytes, at, len);
    at += len;
  }
  outs.forEach(closeSync);
  closeSync(openSync(`${dir}.done`, 'w'));
  return dir;
}

/** Runs the built CLI with stdout to the file `out`; the wall time. */
function nad(args: string[], out: string): number {
  const t0 = process.hrtime.bigint();
  const fd = openSync(out, 'w');
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], {
    stdio: ['ignore', fd, 'pipe'],
    maxBuffer: 64 << 20,
  });
  closeSync(fd);
  if (r.status !== 0) throw new Error(`nad ${args.join(' ')}: ${String(r.stderr).slice(-1000)}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The lines of `b` (NDJSON too big for one string) as byte ranges. */
function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < b.length;) {
    const end = b.indexOf(10, at);
    const stop = end < 0 ? b.length : end;
    out.push(b.subarray(at, stop));
    at = stop + 1;
  }
  return out;
}

/** How many lines differ between `a` and `b` (by position, the longer one's extra lines too). */
function differingLines(a: Buffer, b: Buffer): number {
  const [x, y] = [lines(a), lines(b)];
  let n = Math.abs(x.length - y.length);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (!x[i]!.equals(y[i]!)) n++;
  return n;
}

function main(): void {
  const sizeMb = arg('--size-mb', 100);
  const k = arg('--files', 8);
  const file = mixCapture(sizeMb);
  const dir = splitByTime(file, k, `.bench-data/shards-${sizeMb}mb-${k}files`);
  const scan = ['scan', '--stream', dir, '-f', 'ndjson', '--all'];
  const wholePath = `${dir}-whole.ndjson`;
  const wholeSec = nad(scan, wholePath);
  const whole = readFileSync(wholePath);
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  console.log(
    `stream: ${dir} (${k} files); whole scan ${wholeSec.toFixed(2)} s, ${lines(whole).length} rows`,
  );
  const rows: (string | number)[][] = [];
  let exact = true;
  for (const n of [2, 3, 4]) {
    const paths = Array.from({ length: n }, (_, i) => `${dir}-out-${n}-${i + 1}.ndjson`);
    const secs = paths.map((path, i) => nad([...scan, '--shard', `${i + 1}/${n}`], path));
    const mergedPath = `${dir}-merged-${n}.ndjson`;
    nad(['merge', ...paths], mergedPath);
    const merged = readFileSync(mergedPath);
    const same = sha(merged) === sha(whole);
    exact &&= same;
    const differing = same ? 0 : differingLines(merged, whole);
    rows.push([
      `${n} parts`,
      Math.max(...secs),
      secs.reduce((a, t) => a + t, 0),
      same ? 'identical' : 'DIFFERENT',
      differing,
    ]);
  }
  printTable(
    ['shards', 'slowest part s', 'all parts s', 'merged vs whole', 'differing rows'],
    rows,
  );
  console.log(
    `--shard i/n merged = the whole --stream scan for n = 2, 3, 4: ${exact ? 'yes' : 'NO'}`,
  );
  if (!exact) process.exitCode = 1;
}

main();
