/**
 * Runs of the built `nad scan` for the benchmarks (bench:scan, bench:fanout): timed under
 * /usr/bin/time with stdout to /dev/null, or untimed with stdout hashed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync } from 'node:fs';

/** One measured run. */
export interface Measured {
  what: string;
  packets: number;
  sec: number;
  peakRssMb: number;
  note?: string;
}

/** Runs `cmd args` under /usr/bin/time; stdout goes to /dev/null, stderr is returned. */
export function timed(
  cmd: string,
  args: string[],
): { ok: boolean; sec: number; cpuSec: number; rssMb: number; err: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M CPU=%U+%S', cmd, ...args], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return {
    ok: r.status === 0,
    sec,
    cpuSec: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
    rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    err: r.stderr ?? '',
  };
}

/**
 * The sha256 of what `nad scan` writes with these flags, read from its stdout through a pipe
 * (untimed: the hashing would share the CPU with the scan).
 */
export function outputSha256(file: string, modelFlags: string[], flags: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run.js', 'scan', ...modelFlags, ...flags, file], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const hash = createHash('sha256');
    child.stdout.on('data', (d: Buffer) => hash.update(d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(hash.digest('hex')) : reject(new Error(`nad scan exit ${code}`)),
    );
  });
}

/** `nad scan` with extra flags, output to /dev/null; packets from the summary on stderr. */
export function nad(
  what: string,
  file: string,
  modelFlags: string[],
  flags: string[],
): Measured & { cpuSec: number } {
  const r = timed(process.execPath, ['bin/run.js', 'scan', ...modelFlags, ...flags, file]);
  if (!r.ok) throw new Error(`nad scan failed: ${r.err.slice(-2000)}`);
  const m = /: ([\d,]+) packets, ([\d,]+) connections/.exec(r.err);
  return {
    what,
    packets: m ? Number(m[1]!.replace(/,/g, '')) : NaN,
    sec: r.sec,
    cpuSec: r.cpuSec,
    peakRssMb: r.rssMb,
  };
}
