/**
 * `nad scan` fitted to a width (issue 13): golden tables of syn_flood_spoofed.pcap at
 * COLUMNS=80 and COLUMNS=160 with every line within the width; --wide and the other formats
 * unchanged by COLUMNS; a pipe without COLUMNS gets the table in full (the goldens of
 * scan-output.test.ts); --help explains --wide.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/report/scan-table-fit.js';
import { ROOT } from '../helpers/fixtures.js';
import { runNad } from '../helpers/cli.js';
import { MODEL, golden, nadScan, requireBuild, stableTimes } from './scan-helpers.js';

const SYN_FLOOD = 'fixtures/pcaps/attack/syn_flood_spoofed.pcap';
const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';

const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

beforeAll(requireBuild);

describe('nad scan: the table fitted to COLUMNS', () => {
  // At 160 the table is 152 wide: after step 4 it fits without cutting "why".
  it.each([
    [80, 80],
    [160, 152],
  ])('syn_flood_spoofed.pcap at %i columns: golden, %i wide', async (n, wide) => {
    const r = await nadScan(['-m', MODEL, SYN_FLOOD], undefined, ROOT, { COLUMNS: String(n) });
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden(`syn_flood_spoofed_pcap.${n}.txt`, stableTimes(r.stdout));
    expect(widest(r.stdout)).toBe(wide);
  });

  it('two files at 80 columns: file names without their directory, no line wider', async () => {
    const args = ['-m', MODEL, '--sort', 'time', SYN_FLOOD, TEARDROP];
    const r = await nadScan(args, undefined, ROOT, {
      COLUMNS: '80',
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(widest(r.stdout)).toBe(80);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe(
      '│ file                 │ score │ class   │ source → destination │ why          │',
    );
    expect(lines[3]).toBe(
      '│ teardrop.pcap        │ 0.65  │ nmap    │ 10.1.1.1 → 129.111.… │ service=pri… │',
    );
  });

  it('--wide: the table in full, byte for byte as in a pipe', async () => {
    const r = await nadScan(['-m', MODEL, '--wide', TEARDROP], undefined, ROOT, {
      COLUMNS: '80',
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const full = readFileSync(join(ROOT, 'test/golden/scan/teardrop_pcap.txt'), 'utf8');
    expect(stableTimes(r.stdout)).toBe(full);
    expect(widest(r.stdout)).toBe(183);
  });

  it.each([['csv'], ['ndjson'], ['json']])('--format %s: COLUMNS changes nothing', async (f) => {
    const args = ['-m', MODEL, '--format', f, TEARDROP];
    const [narrow, piped] = await Promise.all([
      nadScan(args, undefined, ROOT, { COLUMNS: '40' }),
      nadScan(args),
    ]);
    expect(stableTimes(narrow.stdout)).toBe(stableTimes(piped.stdout));
    expect(stableTimes(narrow.stderr)).toBe(stableTimes(piped.stderr));
  });
});

describe('nad scan --help', () => {
  it('explains --wide, with an example', async () => {
    const r = await runNad(['scan', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--wide Table: draw every column in full.');
    expect(help).toContain('piped output is never narrowed unless COLUMNS is set');
    expect(help).toContain('$ nad scan --wide fixtures/pcaps/attack/syn_flood_spoofed.pcap');
  });
});
