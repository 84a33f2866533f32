/**
 * `nad scan --summary` end to end: the built CLI (`node bin/run.js`, built by `npm test` before
 * vitest) run as a child process. Golden files under test/golden/scan-summary/ hold the text
 * (NO_COLOR=1) and `--json` output; regenerate them with UPDATE_GOLDEN=1 after a deliberate change
 * (test/helpers/golden.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { runNad, type CliRun } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const GOLDEN = join(ROOT, 'test/golden/scan-summary');
const GOLDEN_FIXTURES = [
  'fixtures/pcaps/attack/teardrop.pcap',
  'fixtures/pcaps/format/pcap_be_us_pptp_gre.pcap',
  'fixtures/pcaps/format/pcapng_2if_eth_sll_comments_nsec.pcapng',
];

type Run = CliRun;

/** Runs `node bin/run.js …args` in the repository root, optionally feeding stdin. */
const nad = (args: string[], stdin?: Uint8Array): Promise<Run> => runNad(args, stdin);

/** Compares with (or, with UPDATE_GOLDEN=1, rewrites) a golden file. */
const golden = (name: string, actual: string): void => expectGolden(join(GOLDEN, name), actual);

const goldenName = (rel: string): string => rel.split('/').pop()!.replace(/\./g, '_');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/commands/scan.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before these tests');
  }
});

describe('the scan summary line', () => {
  it('counts in the singular when there is one', async () => {
    const r = await nad(['scan', 'fixtures/pcaps/encap/icmp_destunreach_udp.pcap']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /icmp_destunreach_udp\.pcap: 1 packet, 1 connection, 0 anomalies, /,
    );
  });
});

describe('nad scan --summary', () => {
  it.each(GOLDEN_FIXTURES)('%s: text output matches the golden file', async (rel) => {
    const r = await nad(['scan', '--summary', rel]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden(`${goldenName(rel)}.txt`, r.stdout);
  });

  it.each(GOLDEN_FIXTURES)('%s: --json output matches the golden file', async (rel) => {
    const r = await nad(['scan', '--summary', '--json', rel]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden(`${goldenName(rel)}.json`, r.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [{ file: rel, error: null }] });
  });

  it('a file that is not a capture: exit 3, file name, byte offset, what was expected', async () => {
    const r = await nad(['scan', '--summary', 'package.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      "error: package.json: byte 0: not a capture file: JSON, but neither a tshark -T json / -T ek export nor packet telemetry (first object's keys: name, version, description, type, license, …)\n" +
        'hint: Expected a pcap (a1b2c3d4 / a1b23c4d), pcapng (0a 0d 0d 0a), a tshark -T json / -T ek export, JSON packet telemetry, or gzip of one.\n',
    );
  });

  it('pcap_invalid_version: exit 3 with the file, byte 4 and the versions expected', async () => {
    const rel = 'fixtures/pcaps/malformed/pcap_invalid_version.pcap';
    const r = await nad(['scan', '--summary', rel]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `error: ${rel}: byte 4: unsupported pcap version 1.4 (expected 2.0 to 2.4)\n`,
    );
  });

  it('a file cut short: every packet before the cut, a warning on stderr, exit 0', async () => {
    const rel = 'fixtures/pcaps/malformed/derived_cut_pcap_mid_packet.pcap';
    const r = await nad(['scan', '--summary', rel]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Packets:         15\n');
    expect(r.stderr).toBe(
      `warning: ${rel}: file ends inside a record at byte 1979 (21 bytes of an incomplete record ignored; file cut short?)\n`,
    );
  });

  it('a missing file: exit 3 naming it once; the other files are still summarised', async () => {
    const r = await nad(['scan', '--summary', 'no/such.pcap', GOLDEN_FIXTURES[0]!]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: no/such.pcap: cannot read: no such file\n');
    expect(r.stdout).toBe(
      readFileSync(join(GOLDEN, `${goldenName(GOLDEN_FIXTURES[0]!)}.txt`), 'utf8'),
    );
  });

  it('reads stdin with -, plain and gzip-compressed', async () => {
    const bytes = readFileSync(join(ROOT, GOLDEN_FIXTURES[0]!));
    const want = readFileSync(join(GOLDEN, `${goldenName(GOLDEN_FIXTURES[0]!)}.txt`), 'utf8');
    const plain = await nad(['scan', '--summary', '-'], bytes);
    expect([plain.code, plain.stderr]).toEqual([0, '']);
    expect(plain.stdout).toBe(
      want.replace(`File:            ${GOLDEN_FIXTURES[0]}`, 'File:            <stdin>'),
    );
    const gz = await nad(['scan', '--summary', '-'], gzipSync(bytes));
    expect(gz.code).toBe(0);
    expect(gz.stdout).toContain(
      'Format:          gzip-compressed pcap (little-endian, version 2.4, microseconds)\n',
    );
    expect(gz.stdout).toContain('Packets:         17\n');
  });

  it('a pcap of version 2.0: read as libpcap reads it, the same as the 2.4 file it copies', async () => {
    const v20 = 'fixtures/pcaps/format/derived_pcap_v2_0.pcap';
    const v24 = 'fixtures/pcaps/attack/ftp_bruteforce.pcap';
    const [a, b] = [await nad(['scan', '--summary', v20]), await nad(['scan', '--summary', v24])];
    expect([a.code, a.stderr]).toEqual([0, '']);
    expect(a.stdout).toBe(
      b.stdout
        .replace(v24, v20)
        .replace('little-endian, version 2.4', 'little-endian, version 2.0'),
    );
    expect(a.stdout).toContain('Packets:         606\n');
    const scanned = await nad(['scan', '--all', '--format', 'csv', '-q', v20]);
    const original = await nad(['scan', '--all', '--format', 'csv', '-q', v24]);
    expect(scanned.code).toBe(0);
    expect(scanned.stdout.split('\n')).toHaveLength(1 + 30 + 1); // header, 30 connections
    expect(scanned.stdout).toBe(original.stdout.replaceAll(v24, v20));
  });
});
