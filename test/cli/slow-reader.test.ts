import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

/**
 * A reader of stdout that stops for a while (`nad scan … | less`): nad waits for the pipe to
 * drain instead of buffering the rest in memory (src/cli/stdout-ready.ts), and the output is
 * still complete and the same. Memory itself is measured, not tested (see the README).
 */
function runWithStalledReader(
  args: string[],
  stallMs: number,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, env });
    const parts: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), stallMs);
    child.stdout.on('data', (d: Buffer) => parts.push(d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(parts).toString() }));
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
