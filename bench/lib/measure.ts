/**
 * Shared bits of the benchmarks: run a child process that prints one JSON line, read its peak
 * RSS from the kernel's accounting, and print aligned tables.
 */
import { spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';

/** Result line a benchmark child prints. */
export type ChildResult = Record<string, number | string>;

/** Runs `cmd args` and returns its last stdout line parsed as JSON plus its peak RSS in MB. */
export function runChild(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildResult & { peakRssMb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', cmd, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /MAXRSS_KB=(\d+)/.exec(r.stderr);
  const lines = r.stdout.trim().split('\n');
  const parsed = JSON.parse(lines[lines.length - 1] ?? '{}') as ChildResult;
  return { ...parsed, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** Prints rows of cells as a left-aligned text table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [
    header,
    ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  for (const r of cells)
    console.log(
      r
        .map((c, i) => String(c).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Math.abs(n) >= 1000 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(2);
}

/** Writes `chunk` to `out`, waiting for 'drain' when its buffer is full. */
export async function writeChunk(out: Writable, chunk: Uint8Array | string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
}

/** Ends `out` and waits until everything is flushed (rejects on a stream error). */
export async function finishStream(out: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
}

/**
 * Benchmark child: reads `file` through capture + decode (counting TCP packets so the loop does
 * work) and prints one JSON line {packets, tcp, sec}; bad data throws when `strict`.
 */
export async function timeReadPackets(file: string, strict = false): Promise<void> {
  const { readPackets } = await import('../../src/app/shared/read-packets.js');
  let tcp = 0;
  const t0 = process.hrtime.bigint();
  const r = await readPackets(file, (p) => {
    if (p.ipProto === 6) tcp++;
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (strict && r.error !== undefined) throw r.error;
  console.log(JSON.stringify({ packets: r.stats.packets, tcp, sec }));
}
