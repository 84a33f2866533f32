/**
 * `nad scan` output: golden table (NO_COLOR) and JSON documents with the test model; NDJSON and
 * CSV that parse back; CSV injection neutralised; --all, --top, --sort, --threshold; identical
 * output for two runs and for --jobs 1 and --jobs 2; control characters stripped from file names.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { MODEL, golden, nadScan, requireBuild, stableTimes, tempDir } from './scan-helpers.js';

const FIXTURES = [
  'fixtures/pcaps/attack/teardrop.pcap',
  'fixtures/pcaps/generated/land_attack_lo.pcap',
  'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap',
];
const SYNSCAN = 'fixtures/pcaps/attack/synscan_2011pkts.pcapng';
const goldenName = (rel: string): string => rel.split('/').pop()!.replace(/\./g, '_');

interface Row {
  file: string;
  startTime: string;
  score: number;
  features: Record<string, number | string>;
}
const ndjson = (text: string): Row[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

beforeAll(requireBuild);

describe('nad scan: golden output with the test model', () => {
  it.each(FIXTURES)('%s: table', async (rel) => {
    const r = await nadScan(['-m', MODEL, rel]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden(`${goldenName(rel)}.txt`, stableTimes(r.stdout));
  });

  it.each(FIXTURES)('%s: --json and --format json give the same document', async (rel) => {
    const a = await nadScan(['-m', MODEL, '--json', rel]);
    const b = await nadScan(['-m', MODEL, '--format', 'json', rel]);
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, '']);
    golden(`${goldenName(rel)}.json`, stableTimes(a.stdout));
    expect(stableTimes(b.stdout)).toBe(stableTimes(a.stdout));
    const doc = JSON.parse(a.stdout) as { files: { file: string }[]; records: Row[] };
    expect(doc.files.map((f) => f.file)).toEqual([rel]);
    for (const rec of doc.records) expect(Object.keys(rec.features)).toHaveLength(41);
  });
});

describe('nad scan: stream-parseable rows', () => {
  it('NDJSON: every line is a record with 41 features, UTC µs start times', async () => {
    const r = await nadScan(['-m', MODEL, '--all', '--format', 'ndjson', ...FIXTURES]);
    expect(r.code).toBe(0);
    const rows = ndjson(r.stdout);
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) {
      expect(Object.keys(row.features)).toHaveLength(41);
      expect(row.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(r.stderr).toMatch(/^total: /m); // the summary goes to stderr
  });

  it('CSV: a header, then lines with as many columns, all 41 features', async () => {
    const r = await nadScan(['-m', MODEL, '--all', '--format', 'csv', ...FIXTURES]);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { relax_column_count: false }) as string[][];
    const header = rows[0]!;
    expect(header).toHaveLength(6 + 41 + 4 + 1); // … why, community_id
    expect(rows.length - 1).toBe(ndjson((await ndjsonAll()).stdout).length);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('CSV: a file name starting with = is neutralised', async () => {
    const dir = tempDir();
    copyFileSync(join(ROOT, FIXTURES[1]!), join(dir, '=cmd.pcap'));
    const r = await nadScan(
      ['-m', join(ROOT, MODEL), '--all', '-f', 'csv', '=cmd.pcap'],
      undefined,
      dir,
    );
    expect(r.code).toBe(0);
    const rows = parse(r.stdout) as string[][];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row[0]).toBe("'=cmd.pcap");
  });
});

function ndjsonAll(): Promise<Awaited<ReturnType<typeof nadScan>>> {
  return nadScan(['-m', MODEL, '--all', '--format', 'ndjson', ...FIXTURES]);
}

describe('nad scan: selection and order', () => {
  it('--all reports every connection; the default only those ≥ 0.5', async () => {
    const mixed = [SYNSCAN, 'fixtures/pcaps/benign'];
    const all = ndjson((await nadScan(['-m', MODEL, '--all', '-f', 'ndjson', ...mixed])).stdout);
    const some = ndjson((await nadScan(['-m', MODEL, '-f', 'ndjson', ...mixed])).stdout);
    expect(some.length).toBe(all.filter((x) => x.score >= 0.5).length);
    expect(some.length).toBeLessThan(all.length);
  });

  it('--threshold changes what is an anomaly', async () => {
    const all = ndjson((await nadScan(['-m', MODEL, '--all', '-f', 'ndjson', SYNSCAN])).stdout);
    const hi = ndjson((await nadScan(['-m', MODEL, '-t', '0.99', '-f', 'ndjson', SYNSCAN])).stdout);
    expect(hi.length).toBe(all.filter((x) => x.score >= 0.99).length);
  });

  it('--sort score: most suspicious first; --sort time: earliest first; --top N keeps N', async () => {
    const byScore = ndjson(
      (await nadScan(['-m', MODEL, '--all', '--sort', 'score', '-f', 'ndjson', SYNSCAN])).stdout,
    );
    for (let i = 1; i < byScore.length; i++)
      expect(byScore[i - 1]!.score).toBeGreaterThanOrEqual(byScore[i]!.score);
    const byTime = ndjson(
      (await nadScan(['-m', MODEL, '--all', '--sort', 'time', '-f', 'ndjson', SYNSCAN])).stdout,
    );
    for (let i = 1; i < byTime.length; i++)
      expect(byTime[i - 1]!.startTime <= byTime[i]!.startTime).toBe(true);
    const top = await nadScan([
      '-m',
      MODEL,
      '--all',
      '--top',
      '7',
      '--sort',
      'score',
      '-f',
      'ndjson',
      SYNSCAN,
    ]);
    expect(ndjson(top.stdout)).toEqual(byScore.slice(0, 7));
    const rowsDefault = await nadScan(['-m', MODEL, '--all', '-f', 'ndjson', SYNSCAN]);
    expect(ndjson(rowsDefault.stdout)).toEqual(byTime); // row formats default to time order
    const json = JSON.parse(
      (await nadScan(['-m', MODEL, '--all', '--top', '7', '--json', SYNSCAN])).stdout,
    ) as { omitted: number };
    expect(json.omitted).toBe(byScore.length - 7);
  });
});

describe('nad scan: determinism', () => {
  const inputs = [...FIXTURES, SYNSCAN, 'fixtures/pcaps/benign'];

  it('two runs give identical bytes (NDJSON, CSV, and JSON but for elapsed times)', async () => {
    for (const args of [
      ['-f', 'ndjson', '--all'],
      ['-f', 'csv', '--all', '--sort', 'time'],
    ]) {
      const a = await nadScan(['-m', MODEL, ...args, ...inputs]);
      const b = await nadScan(['-m', MODEL, ...args, ...inputs]);
      expect(a.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
    const a = await nadScan(['-m', MODEL, '--json', ...inputs]);
    const b = await nadScan(['-m', MODEL, '--json', ...inputs]);
    expect(stableTimes(b.stdout)).toBe(stableTimes(a.stdout));
  });

  it.each([
    ['table', []],
    ['json', ['--json', '--all']],
    ['ndjson streamed', ['-f', 'ndjson', '--all', '--sort', 'time']],
    ['csv by score', ['-f', 'csv', '--all', '--sort', 'score']],
  ])('--jobs 1 and --jobs 2 give the same %s', async (_name, args) => {
    const one = await nadScan(['-m', MODEL, '-j', '1', ...args, ...inputs]);
    const two = await nadScan(['-m', MODEL, '-j', '2', ...args, ...inputs]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(stableTimes(two.stdout)).toBe(stableTimes(one.stdout));
    expect(stableTimes(two.stderr)).toBe(stableTimes(one.stderr));
  });
});

describe('nad scan: terminal safety', () => {
  it('control characters in a file name are stripped in the table', async () => {
    const dir = tempDir();
    const name = 'evil\x1b[31m\x07.pcap';
    copyFileSync(join(ROOT, FIXTURES[1]!), join(dir, name));
    copyFileSync(join(ROOT, FIXTURES[0]!), join(dir, 'b.pcap'));
    const r = await nadScan(['-m', join(ROOT, MODEL), '--all', name, 'b.pcap'], undefined, dir);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(r.stdout).toContain('evil');
  });
});
