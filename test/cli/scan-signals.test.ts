/**
 * `nad scan` and its process environment (issue 8, "Faults and limits"): a reader that goes away
 * (`nad scan big.pcap | head -1`, EPIPE) ends the scan quietly, and Ctrl-C (SIGINT) during a
 * scan prints what was done — rows and summary — and exits 130. Both run the built CLI on a
 * capture generated here: copies of an nmap SYN scan with shifted timestamps (about 24 MB).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { MODEL, requireBuild, tempDir } from './scan-helpers.js';

const SOURCE = join(ROOT, 'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap');
let big = '';

/** The fixture's records repeated `copies` times, each copy 10 s after the previous one. */
function bigCapture(copies: number): Buffer {
  const src = readFileSync(SOURCE);
  const body = src.subarray(24);
  const offsets: number[] = [];
  for (let p = 0; p + 16 <= body.length; p += 16 + body.readUInt32LE(p + 8)) offsets.push(p);
  const parts: Buffer[] = [src.subarray(0, 24)];
  for (let c = 0; c < copies; c++) {
    const copy = Buffer.from(body);
    for (const p of offsets) copy.writeUInt32LE(copy.readUInt32LE(p) + c * 10, p);
    parts.push(copy);
  }
  return Buffer.concat(parts);
}

beforeAll(() => {
  requireBuild();
  big = join(tempDir(), 'big.pcap');
  const one = readFileSync(SOURCE).length;
  writeFileSync(big, bigCapture(Math.ceil((24 << 20) / one)));
});

const cli = join(ROOT, 'bin/run.js');
const env = (): NodeJS.ProcessEnv => {
  const e = { ...process.env, NO_COLOR: '1' };
  delete e.DEBUG;
  return e;
};

describe('nad scan: pipes and signals', () => {
  it.each([['ndjson (streamed)', ['--all', '-f', 'ndjson', '--sort', 'time']]])(
    '| head -1 (EPIPE), %s: one line, exit 0, nothing on stderr',
    (_name, args) => {
      const cmd = `"${process.execPath}" "${cli}" scan -m "${MODEL}" ${args.join(' ')} "${big}" 2>"${big}.err" | head -1; echo "exit=\${PIPESTATUS[0]}"`;
      const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, env: env(), encoding: 'utf8' });
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('exit=0');
      expect(readFileSync(`${big}.err`, 'utf8')).toBe('');
    },
  );

  it('Ctrl-C after the first rows: the rows so far and the summary, exit 130', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'scan', '-m', MODEL, '--all', '-f', 'ndjson', '--sort', 'time', big],
      { cwd: ROOT, env: env() },
    );
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!signalled) child.kill('SIGINT');
      signalled = true;
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const rows = stdout.trim().split('\n');
    for (const line of rows) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const summary = /big\.pcap: ([\d,]+) packets, ([\d,]+) connections/.exec(stderr);
    expect(summary).not.toBeNull();
    expect(Number(summary![2]!.replace(/,/g, ''))).toBe(rows.length);
    const total = spawnSync('node', [cli, 'scan', '--summary', '--json', big], { cwd: ROOT });
    const packets = (JSON.parse(total.stdout.toString()) as { files: { packets: number }[] })
      .files[0]!.packets;
    expect(Number(summary![1]!.replace(/,/g, ''))).toBeLessThan(packets);
    expect(stderr).toMatch(/scan interrupted/);
    expect(stderr).not.toMatch(/cut short/);
  });
});
