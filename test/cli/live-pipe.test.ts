/**
 * Live input: `nad scan - --format ndjson` fed by a slow writer (a real child process on a pipe)
 * writes each connection once it is decided, before the input ends; `--flush-idle` closes the
 * connections left open by the wall clock when no packets come; the summary comes at the end.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PCAPS, ROOT } from '../helpers/fixtures.js';
import { runNad } from '../helpers/cli.js';

const FTP = join(PCAPS, 'attack/ftp_bruteforce.pcap');

/** nad scan - … as a child process, counting the lines it has written so far. */
class LiveScan {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    this.child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), 'scan', '-', ...args], { env });
    this.child.stdout.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', resolve));
  }

  get lines(): number {
    return this.stdout.split('\n').length - 1;
  }

  /** Writes `bytes` in slices of `slice` bytes, `pauseMs` apart. */
  async writeSlowly(bytes: Uint8Array, slice: number, pauseMs: number): Promise<void> {
    for (let i = 0; i < bytes.length; i += slice) {
      this.child.stdin.write(bytes.subarray(i, i + slice));
      await sleep(pauseMs);
    }
  }

  /** Resolves once `n` lines are out; false after `ms`. */
  async waitLines(n: number, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (this.lines < n && Date.now() < end) await sleep(50);
    return this.lines >= n;
  }
}

const withoutFile = (text: string): string => text.replace(/^\{"file":"[^"]*"/gm, '{"file":""');

describe('nad scan - (live pipe)', () => {
  it('rows are written as connections are decided, before the input ends', async () => {
    const bytes = readFileSync(FTP);
    const file = await runNad(['scan', '--format', 'ndjson', '--all', FTP]);
    expect(file.stdout.split('\n')).toHaveLength(31);
    const scan = new LiveScan(['--format', 'ndjson', '--all']);
    // The first 30,000 bytes (about half the capture's 59 s), 2,000 bytes every 100 ms.
    await scan.writeSlowly(bytes.subarray(0, 30_000), 2_000, 100);
    expect(await scan.waitLines(1, 60_000)).toBe(true);
    const early = scan.lines;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(30);
    await scan.writeSlowly(bytes.subarray(30_000), 8_000, 50);
    // Everything written; the connections still open at the end stay open while stdin is.
    expect(await scan.waitLines(27, 60_000)).toBe(true);
    await sleep(3_000);
    expect(scan.lines).toBe(27);
    scan.child.stdin.end();
    expect(await scan.exited).toBe(0);
    expect(withoutFile(scan.stdout)).toBe(withoutFile(file.stdout));
    expect(scan.stderr).toContain('<stdin>: 606 packets, 30 connections, 29 anomalies (r2l 29)');
  }, 180_000);

  it('--flush-idle 1: with no packets coming, the last connections close by the wall clock', async () => {
    const bytes = readFileSync(FTP);
    const scan = new LiveScan(['--format', 'ndjson', '--all', '--flush-idle', '1']);
    scan.child.stdin.write(bytes);
    // The last connection ends with FINs (5 s close delay): out after about 5 idle seconds.
    expect(await scan.waitLines(30, 90_000)).toBe(true);
    expect(scan.child.exitCode).toBeNull(); // still reading stdin
    scan.child.stdin.end();
    expect(await scan.exited).toBe(0);
    expect(scan.lines).toBe(30);
    expect(scan.stderr).toContain('<stdin>: 606 packets, 30 connections, 29 anomalies (r2l 29)');
  }, 180_000);
});
