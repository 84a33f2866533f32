import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A reader of stdout that stops for a while (`nad scan … | less`): nad waits for the pipe to
 * drain instead of buffering the rest in memory (src/cli/stdout-ready.ts, between input chunks),
 * and the output is still complete and the same.
 *
 * What nad holds unwritten is observed in the child itself: test/helpers/stdout-probe.js,
 * preloaded with `node --import`, records the peak of `process.stdout.writableLength` (bytes
 * Node buffered because the pipe was full). The reader stalls from nad's first write on.
 * The wait works between input chunks (1 MiB): rows of connections still open at the end of a
 * file are flushed at once, so a capture whose connections all end there (syn_flood_spoofed:
 * 43 MB of its 45 MB of scan NDJSON) is not a test of the bound; a stream of ICMP echoes, each
 * a connection of its own that closes at once, is.
 */
function runWithStalledReader(
  args: string[],
  stallMs: number,
): Promise<{ code: number | null; stdout: string; pendingPeak: number }> {
  const probe = join(tempDir('probe'), 'peak');
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1', NAD_STDOUT_PROBE: probe };
    const preload = new URL('../helpers/stdout-probe.js', import.meta.url).href;
    const node = ['--import', preload, join(ROOT, 'bin/run.js'), ...args];
    const child = spawn(process.execPath, node, { cwd: ROOT, env });
    const parts: Buffer[] = [];
    child.stdout.pause();
    child.stderr.on('data', (d: Buffer) => {
      if (d.toString().includes('stdout-probe: first write'))
        setTimeout(() => child.stdout.resume(), stallMs);
    });
    child.stdout.on('data', (d: Buffer) => parts.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(parts).toString(),
        pendingPeak: Number(readFileSync(probe, 'utf8')),
      }),
    );
  });
}

const FLOOD = 'fixtures/pcaps/attack/syn_flood_spoofed.pcap';
const AMP = 'fixtures/pcaps/attack/dns_amp_rrsig_fragmented.pcap';

describe('a stalled stdout reader', () => {
  it.each([
    ['features', ['features', '-q', FLOOD]],
    ['scan ndjson, --jobs 1', ['scan', '-q', '--format', 'ndjson', '--jobs', '1', FLOOD, AMP]],
    ['scan csv, --jobs 2', ['scan', '-q', '--format', 'csv', '--jobs', '2', FLOOD, AMP]],
  ])('%s: same complete output as an eager reader', async (_name, args) => {
    const eager = await runNad(args);
    const stalled = await runWithStalledReader(args, 500);
    expect(stalled.code).toBe(eager.code);
    expect(stalled.stdout.length).toBeGreaterThan(1_000_000);
    expect(stalled.stdout).toBe(eager.stdout);
  });
});

/** ICMP echo requests with 1,000 data bytes, 1 ms apart: 1,058 bytes per record in the file. */
function echoCapture(packets: number): Buffer {
  const frame = 14 + 20 + 8 + 1000;
  const buf = Buffer.alloc(24 + packets * (16 + frame));
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(65535, 16);
  buf.writeUInt32LE(1, 20); // Ethernet
  for (let i = 0, at = 24; i < packets; i++, at += 16 + frame) {
    buf.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), at);
    buf.writeUInt32LE((i % 1000) * 1000, at + 4);
    buf.writeUInt32LE(frame, at + 8);
    buf.writeUInt32LE(frame, at + 12);
    const f = at + 16;
    buf.writeUInt16BE(0x0800, f + 12); // IPv4
    buf[f + 14] = 0x45;
    buf.writeUInt16BE(20 + 8 + 1000, f + 16);
    buf[f + 22] = 64; // TTL
    buf[f + 23] = 1; // ICMP
    buf.set([10, 0, (i >> 8) & 255, i & 255, 10, 1, 0, 1], f + 26);
    buf[f + 34] = 8; // echo request
    buf.writeUInt16BE(i & 0xffff, f + 40); // sequence number
  }
  return buf;
}

describe('a stalled stdout reader: what nad holds unwritten stays bounded', () => {
  // 20,000 echoes: 21 MB, 21 input chunks, 20,000 rows that stream as the file is read. Without
  // the wait nad holds 90–99 % of its output while the reader stalls (measured by disabling
  // stdoutReady); with it, the rows of about one input chunk (4–9 %). The bound: 4 chunks' rows.
  const PACKETS = 20_000;
  it.each([
    ['features', ['features', '-q'], 0],
    ['scan ndjson, --jobs 1', ['scan', '-q', '--all', '--format', 'ndjson', '--jobs', '1'], 0],
    ['scan csv, --jobs 2', ['scan', '-q', '--all', '--format', 'csv', '--jobs', '2'], 1],
  ])('%s: every row, and at most a fifth of the output buffered', async (_name, args, header) => {
    const file = join(tempDir('echo'), 'echo.pcap');
    writeFileSync(file, echoCapture(PACKETS));
    const r = await runWithStalledReader([...args, file], 1500);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(header + PACKETS + 1);
    expect(r.pendingPeak).toBeGreaterThan(0); // the stall did fill the pipe
    expect(r.pendingPeak).toBeLessThan(r.stdout.length / 5);
  });
});
