/**
 * JSON inputs end to end through the built CLI (`node bin/run.js`, built by `npm test`): tshark
 * exports give the capture's feature rows, telemetry errors exit 3 naming the record,
 * --skip-bad-records counts, truncated JSON keeps the rows before the cut, stdin and gzip work.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { runNad, type CliRun } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

type Run = CliRun;

const nad = (args: string[], stdin?: Buffer): Promise<Run> => runNad(args, stdin);

const J = 'fixtures/pcaps/json';
const TMP = tempDir('json');
const tele = (name: string, text: string): string => {
  const path = join(TMP, name);
  writeFileSync(path, text);
  return path;
};
const REC =
  '{"src_ip":"10.0.0.1","dest_ip":"10.0.0.2","src_port":1234,"dest_port":80,"protocol":"TCP","packet_size":60';

describe('JSON inputs on the command line', () => {
  it('nad features: a -T json -x export writes exactly the capture’s rows', async () => {
    const args = ['features', '--quiet', '--with-endpoints'];
    const cap = await nad([
      ...args,
      'fixtures/pcaps/format/pcapng_2if_eth_sll_comments_nsec.pcapng',
    ]);
    const exp = await nad([...args, `${J}/pcapng_2if_eth_sll.tshark.raw.json`]);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toBe(cap.stdout);
    expect(exp.stdout.split('\n').length).toBeGreaterThan(10);
  });

  it('nad features from stdin (gzip ek export, detected by content)', async () => {
    const gz = readFileSync(join(ROOT, J, 'nmap_syn_scan_lo_eth.tshark.ek.ndjson.gz'));
    const exp = await nad(['features', '--quiet', '-'], gz);
    const cap = await nad([
      'features',
      '--quiet',
      'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap',
    ]);
    expect([exp.code, exp.stdout]).toEqual([0, cap.stdout]);
  });

  it('nad scan --json: format, path taken and the dissected-fields warning', async () => {
    const r = await nad(['scan', '--summary', '--json', `${J}/teardrop.tshark.ek.ndjson`]);
    expect(r.code).toBe(0);
    const file = (JSON.parse(r.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    expect(file).toMatchObject({
      format: 'tshark ek (json lines)',
      version: 'dissected fields (no frame_raw)',
      packets: 17,
      firstTime: '1999-09-09T04:10:56.001097000Z',
      error: null,
    });
    expect(file.warnings).toEqual([expect.stringMatching(/^no raw bytes in this export/)]);
  });

  it('a truncated export: the rows before the cut, then exit 3 with line, column, byte', async () => {
    const text = readFileSync(join(ROOT, J, 'teardrop.tshark.json'));
    const cut = tele('cut.json', text.subarray(0, 40_000).toString('latin1'));
    const r = await nad(['features', '--quiet', cut]);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(
      new RegExp(`^error: ${cut}: line \\d+, column \\d+: byte \\d+: input ends inside`),
    );
  });

  it('telemetry: a bad record is exit 3 naming the record; --skip-bad-records counts it', async () => {
    const path = tele('t.ndjson', `${REC}}\n${REC},"protocol":"XTP"}\n${REC},"src_port":2}\n`);
    const bad = await nad(['scan', '--summary', path]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe(
      `error: ${path}: line 2, column 1: record 2: byte ${REC.length + 2}: bad telemetry record: protocol "XTP" is not TCP, UDP, ICMP, ICMPv6 or 0–255\n` +
        'hint: Fix the record, or pass --skip-bad-records to skip and count bad records. Records before it were read.\n',
    );
    const skip = await nad(['scan', '--summary', '--json', '--skip-bad-records', path]);
    expect(skip.code).toBe(0);
    const file = (JSON.parse(skip.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    expect(file).toMatchObject({
      format: 'json telemetry',
      packets: 2,
      skippedBlocks: { 'bad telemetry records': 1 },
    });
    const rows = await nad(['features', '--quiet', '--skip-bad-records', path]);
    expect([rows.code, rows.stdout.split('\n').filter(Boolean).length]).toEqual([0, 2]);
  });
});
