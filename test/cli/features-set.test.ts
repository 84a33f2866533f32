/**
 * `nad features --set kdd|extended` end to end (the built CLI as a child process): every format
 * with each set, and `--set extended --format kdd` as a usage error.
 */
import { describe, expect, it } from 'vitest';
import { EXTENDED_FEATURE_NAMES } from '../../src/features/extended-schema.js';
import { KDD_FEATURE_NAMES } from '../../src/features/schema.js';
import { runNad } from '../helpers/cli.js';

const HTTP = 'fixtures/pcaps/benign/http_simple.pcap';
const nad = (args: string[]) => runNad(['features', '-q', ...args, HTTP]);
const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');
const ENDPOINTS = ['start_time', 'src_addr', 'src_port', 'dst_addr', 'dst_port'];

describe('nad features --set', () => {
  it('--set kdd is the default, byte for byte, in every format', async () => {
    for (const format of ['kdd', 'csv', 'ndjson']) {
      const plain = await nad(['--format', format]);
      const kdd = await nad(['--format', format, '--set', 'kdd']);
      expect(kdd.code).toBe(0);
      expect(kdd.stdout).toBe(plain.stdout);
    }
  });

  it('--set extended --format csv: 41 KDD columns, then the extended ones, then the label', async () => {
    const r = await nad(['--set', 'extended', '--format', 'csv', '--with-endpoints']);
    expect(r.code).toBe(0);
    const [header, ...rows] = lines(r.stdout);
    const names = [...ENDPOINTS, ...KDD_FEATURE_NAMES, ...EXTENDED_FEATURE_NAMES, 'label'];
    expect(header).toBe(names.join(','));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(',')).toHaveLength(names.length);
    const kdd = lines((await nad(['--format', 'csv', '--with-endpoints'])).stdout);
    const first = rows[0]!.split(',');
    expect([...first.slice(0, 46), first.at(-1)].join(',')).toBe(kdd[1]);
  });

  it('--set extended --format ndjson: every column named, in order', async () => {
    const r = await nad(['--set', 'extended', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(lines(r.stdout)[0]!) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual([...KDD_FEATURE_NAMES, ...EXTENDED_FEATURE_NAMES, 'label']);
    // HTTP on a port that is not http's: found by content.
    expect(obj).toMatchObject({ service: 'private', http_method: 1, http_status_class: 2 });
  });

  it('--set extended --format kdd is a usage error (exit 2) that says why', async () => {
    for (const args of [
      ['--set', 'extended'],
      ['--set', 'extended', '--format', 'kdd'],
    ]) {
      const r = await nad(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--set extended needs --format csv or ndjson');
    }
    expect((await nad(['--set', 'all'])).code).toBe(2);
  });
});
