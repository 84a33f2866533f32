/**
 * `nad scan` inputs and exit codes: stdin (plain and gzip), a directory of mixed formats, a glob,
 * a capture cut short (rows + warning, exit 0), a non-capture or missing file among good ones
 * (exit 3 after the good ones, the bad file named), model problems (exit 4), --fail-on and
 * --fail-on-count (exit 1), a bad --threshold (exit 2).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { MODEL, fixture, nadScan, requireBuild, tempDir } from './scan-helpers.js';

const LAND = 'fixtures/pcaps/generated/land_attack_lo.pcap';
const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';
const SYNSCAN = 'fixtures/pcaps/attack/synscan_2011pkts.pcapng';

interface Doc {
  files: { file: string; connections: number; warnings: string[]; error: string | null }[];
  records: { file: string; srcPort: number; startMicros: number }[];
}
const doc = (stdout: string): Doc => JSON.parse(stdout) as Doc;
const strip = (d: Doc): unknown =>
  d.records.map(({ srcPort, startMicros }) => [srcPort, startMicros]);

beforeAll(requireBuild);

describe('nad scan: inputs', () => {
  it('stdin, plain and gzip, gives the rows of the file', async () => {
    const fromFile = doc((await nadScan(['-m', MODEL, '--all', '--json', LAND])).stdout);
    for (const bytes of [fixture(LAND), gzipSync(fixture(LAND))]) {
      const r = await nadScan(['-m', MODEL, '--all', '--json', '-'], bytes);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const d = doc(r.stdout);
      expect(d.files.map((f) => f.file)).toEqual(['<stdin>']);
      expect(strip(d)).toEqual(strip(fromFile));
    }
  });

  it('stdin among files: scanned in its place, the same with --jobs 1 and 2', async () => {
    const args = ['-m', MODEL, '--all', '-f', 'ndjson', TEARDROP, '-', LAND];
    const one = await nadScan(['-j', '1', ...args], fixture(SYNSCAN));
    const two = await nadScan(['-j', '2', ...args], fixture(SYNSCAN));
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(two.stdout).toBe(one.stdout);
    const files = one.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { file: string }).file);
    expect([...new Set(files)]).toEqual([TEARDROP, '<stdin>', LAND]);
  });

  it('a directory of mixed formats (pcap, pcapng, gzip, tshark JSON) is walked in path order', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(ROOT, TEARDROP), join(dir, 'a.pcap'));
    copyFileSync(join(ROOT, SYNSCAN), join(dir, 'sub/b.pcapng'));
    writeFileSync(join(dir, 'c.bin'), gzipSync(fixture(LAND))); // gzip, by content
    const json = 'fixtures/pcaps/json/pcapng_2if_eth_sll.tshark.raw.json';
    copyFileSync(join(ROOT, json), join(dir, 'd.json'));
    const r = await nadScan(['-m', MODEL, '--json', '-j', '2', dir]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const files = doc(r.stdout).files;
    expect(files.map((f) => f.file)).toEqual(
      ['a.pcap', 'c.bin', 'd.json', 'sub/b.pcapng'].map((f) => join(dir, f)),
    );
    expect(files.map((f) => f.connections).slice(0, 2)).toEqual([4, 11]);
    expect(files[2]!.connections).toBeGreaterThan(0);
    expect(files[3]!.connections).toBeGreaterThan(1000);
  });

  it('a glob (quoted, so nad expands it)', async () => {
    const r = await nadScan(['-m', MODEL, '--json', 'fixtures/pcaps/generated/*_lo.pcap']);
    expect(r.code).toBe(0);
    expect(doc(r.stdout).files.map((f) => f.file)).toEqual([
      'fixtures/pcaps/generated/http_snaplen96_lo.pcap',
      'fixtures/pcaps/generated/land_attack_lo.pcap',
      'fixtures/pcaps/generated/smurf_icmp_broadcast_lo.pcap',
      'fixtures/pcaps/generated/udp_fragments_lo.pcap',
    ]);
  });

  it('a capture cut short: the complete rows, a warning, exit 0', async () => {
    const dir = tempDir();
    const bytes = fixture(SYNSCAN);
    writeFileSync(join(dir, 'cut.pcapng'), bytes.subarray(0, Math.floor(bytes.length / 2) + 7));
    const r = await nadScan(['-m', MODEL, '--all', '--json', join(dir, 'cut.pcapng')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*cut\.pcapng: .*cut short/m);
    const d = doc(r.stdout);
    expect(d.files[0]!.connections).toBeGreaterThan(500);
    expect(d.records).toHaveLength(d.files[0]!.connections);
  });

  it('a non-capture and a missing file among good ones: exit 3 after the good ones, both named', async () => {
    const r = await nadScan([
      '-m',
      MODEL,
      '--all',
      '-f',
      'ndjson',
      '--sort',
      'time',
      '-j',
      '2',
      LAND,
      'package.json',
      'no/such.pcap',
      TEARDROP,
    ]);
    expect(r.code).toBe(3);
    const files = new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { file: string }).file),
    );
    expect([...files]).toEqual([LAND, TEARDROP]);
    expect(r.stderr).toMatch(/^error: package\.json: byte 0: not a capture file/m);
    expect(r.stderr).toMatch(/^error: no\/such\.pcap: cannot read: no such file/m);
    expect(r.stderr).toMatch(/^total: 39 packets, 15 connections/m);
  });

  it('only bad inputs: exit 3 with the errors, and no empty table on stdout', async () => {
    const r = await nadScan(['-m', MODEL, 'package.json', 'no/such.pcap']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: package\.json: byte 0: not a capture file/m);
    expect(r.stderr).toMatch(/^error: no\/such\.pcap: cannot read: no such file/m);
  });
});

describe('nad scan: model problems (exit 4)', () => {
  it('a missing model: exit 4 with a hint', async () => {
    const r = await nadScan(['-m', 'no/model.nadm', LAND]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no\/model\.nadm: cannot read model: no such file\nhint: /);
  });

  it('a corrupt model: exit 4', async () => {
    const dir = tempDir();
    const bytes = fixture(MODEL);
    writeFileSync(join(dir, 'bad.nadm'), bytes.subarray(0, bytes.length >> 1));
    const r = await nadScan(['-m', join(dir, 'bad.nadm'), LAND]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*bad\.nadm: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});

describe('nad scan: exit codes', () => {
  it('--fail-on: 1 when a connection reaches it, 0 otherwise; --fail-on-count', async () => {
    const all = JSON.parse((await nadScan(['-m', MODEL, '--all', '--json', LAND])).stdout) as {
      total: { maxScore: number };
      records: { score: number }[];
    };
    const max = all.total.maxScore - 0.0005; // scores are printed rounded to 4 decimals
    const atMax = all.records.filter((x) => x.score >= max).length;
    expect((await nadScan(['-m', MODEL, '--fail-on', String(max), LAND])).code).toBe(1);
    expect((await nadScan(['-m', MODEL, '--fail-on', '1', LAND])).code).toBe(max >= 1 ? 1 : 0);
    const count = ['-m', MODEL, '--fail-on', String(max), '--fail-on-count'];
    expect((await nadScan([...count, String(atMax), LAND])).code).toBe(1);
    expect((await nadScan([...count, String(atMax + 1), LAND])).code).toBe(0);
  });

  it.each(['1.5', '-0.1', 'abc', ''])('--threshold %j: exit 2', async (value) => {
    const r = await nadScan(['-m', MODEL, '--threshold', value, LAND]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threshold must be a number between 0 and 1/);
  });
});
