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

/** Runs the built CLI; stdout as a Buffer and the wall time. */
function nad(args: string[]): { out: Buffer; sec: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], { maxBuffer: 4 << 30 });
  if (r.status !== 0) throw new Error(`nad ${args.join(' ')}: ${String(r.stderr).slice(-1000)}`);
  return { out: r.stdout, sec: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function main(): void {
  const sizeMb = arg('--size-mb', 100);
  const k = arg('--files', 8);
  const file = mixCapture(sizeMb);
  const dir = splitByTime(file, k, `.bench-data/shards-${sizeMb}mb-${k}files`);
  const scan = ['scan', '--stream', dir, '-f', 'ndjson', '--all'];
  const whole = nad(scan);
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  const wholeLines = whole.out.toString('utf8').split('\n');
  console.log(
    `stream: ${dir} (${k} files); whole scan ${whole.sec.toFixed(2)} s, ${wholeLines.length - 1} rows`,
  );
  const rows: (string | number)[][] = [];
  let exact = true;
  for (const n of [2, 3, 4]) {
    const parts = Array.from({ length: n }, (_, i) => nad([...scan, '--shard', `${i + 1}/${n}`]));
    const paths = parts.map((p, i) => {
      const path = `${dir}-out-${n}-${i + 1}.ndjson`;
      const fd = openSync(path, 'w');
      writeSync(fd, p.out);
      closeSync(fd);
      return path;
    });
    const merged = nad(['merge', ...paths]).out;
    const same = sha(merged) === sha(whole.out);
    exact &&= same;
    const lines = merged.toString('utf8').split('\n');
    const differing = same ? 0 : lines.filter((l, i) => l !== wholeLines[i]).length;
    rows.push([
      `${n} parts`,
      Math.max(...parts.map((p) => p.sec)),
      parts.reduce((a, p) => a + p.sec, 0),
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
