/**
 * `nad features` end to end: the built CLI (`node bin/run.js`, built by `npm test` before
 * vitest) as a child process — formats, --with-endpoints, --label, exit codes, that the
 * kdd rows read back through the KDD reader `nad train` uses, and inputs taken as `nad scan`
 * takes them (files, directories, globs, -).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { KDD_FEATURE_NAMES } from '../../src/features/schema.js';
import { readKddRows } from '../../src/kdd/kdd-csv.js';
import { ROOT } from '../helpers/fixtures.js';
import { runNad, type CliRun } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

type Run = CliRun;

const nad = (args: string[]): Promise<Run> => runNad(['features', ...args]);

const LAND = 'fixtures/pcaps/generated/land_attack_lo.pcap';
const FTP = 'fixtures/pcaps/attack/ftp_bruteforce.pcap';
const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/commands/features.js')))
    throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before these tests');
});

describe('nad features', () => {
  it('kdd (default): 41 features + unknown., one row per connection; counts on stderr', async () => {
    const r = await nad([LAND]);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout);
    expect(rows).toHaveLength(11);
    expect(rows[0]).toBe(
      '0,tcp,netbios_ssn,REJ,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,0.00,0.00,1.00,1.00,1.00,0.00,0.00,1,1,1.00,0.00,1.00,0.00,0.00,0.00,1.00,1.00,unknown.',
    );
    expect(r.stderr).toContain('22 packets, 11 rows, 0 evicted connections');
  });

  it('--label adds the trailing dot; rows read back with the KDD reader (nad train)', async () => {
    const r = await nad(['--label', 'normal', '--quiet', FTP]);
    expect(r.stderr).toBe('');
    const dir = tempDir('features');
    const file = join(dir, 'rows.data');
    writeFileSync(file, r.stdout);
    const reader = readKddRows(file);
    const labels: string[] = [];
    for await (const row of reader.rows) labels.push(row.label);
    expect(labels).toHaveLength(30);
    expect(new Set(labels)).toEqual(new Set(['normal.']));
  });

  it('csv: header of 41 names + label; --with-endpoints puts 5 columns first', async () => {
    const r = await nad(['--format', 'csv', '--with-endpoints', LAND]);
    const [header, first] = lines(r.stdout);
    expect(header).toBe(
      [
        'start_time',
        'src_addr',
        'src_port',
        'dst_addr',
        'dst_port',
        ...KDD_FEATURE_NAMES,
        'label',
      ].join(','),
    );
    expect(first!.split(',').slice(0, 5)).toEqual([
      '2026-11-26T05:12:57.403414Z',
      '127.0.0.1',
      '139',
      '127.0.0.1',
      '139',
    ]);
  });

  it('kdd --with-endpoints appends the endpoint columns after the label', async () => {
    const r = await nad(['--with-endpoints', LAND]);
    const cells = lines(r.stdout)[0]!.split(',');
    expect(cells).toHaveLength(47);
    expect(cells[41]).toBe('unknown.');
    expect(cells[42]).toBe('2026-11-26T05:12:57.403414Z');
  });

  it('ndjson: named fields, rates as numbers', async () => {
    const r = await nad(['--format', 'ndjson', FTP]);
    const obj = JSON.parse(lines(r.stdout)[0]!) as Record<string, unknown>;
    expect(obj).toMatchObject({
      protocol_type: 'tcp',
      service: 'ftp',
      flag: 'SF',
      num_failed_logins: 1,
      same_srv_rate: 1,
      label: 'unknown.',
    });
    expect(Object.keys(obj)).toHaveLength(42);
  });

  it('a file that is not a capture is exit 3, after the other files were written', async () => {
    const r = await nad(['package.json', LAND]);
    expect(r.code).toBe(3);
    expect(lines(r.stdout)).toHaveLength(11);
    expect(r.stderr).toContain('error:');
  });

  it('a missing file is exit 3; a bad flag value is exit 2', async () => {
    expect((await nad(['no/such/file.pcap'])).code).toBe(3);
    expect((await nad(['--format', 'xml', LAND])).code).toBe(2);
  });
});

describe('nad features: inputs as nad scan takes them (src/io/inputs.ts)', () => {
  const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';
  const counts = (file: string, packets: number, rows: number): string =>
    `${file}: ${packets} packets, ${rows} rows, 0 evicted connections\n`;

  it('a directory is walked in path order (gzip by content): the rows of its files', async () => {
    const dir = tempDir('features');
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(ROOT, FTP), join(dir, 'a.pcap'));
    writeFileSync(join(dir, 'sub/b.bin'), gzipSync(readFileSync(join(ROOT, LAND))));
    const r = await nad(['--format', 'csv', dir]);
    const files = await nad(['--format', 'csv', FTP, LAND]);
    expect([r.code, files.code]).toEqual([0, 0]);
    expect(r.stderr).toBe(
      counts(join(dir, 'a.pcap'), 606, 30) + counts(join(dir, 'sub/b.bin'), 22, 11),
    );
    expect(lines(r.stdout)).toHaveLength(1 + 30 + 11);
    expect(r.stdout).toBe(files.stdout);
  });

  it('a glob (quoted, so nad expands it) and - for stdin, in the order given', async () => {
    const r = await runNad(
      ['features', 'fixtures/pcaps/generated/land_*.pcap', '-'],
      readFileSync(join(ROOT, TEARDROP)),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(counts(LAND, 22, 11) + counts('<stdin>', 17, 4));
    expect(lines(r.stdout)).toHaveLength(15);
  });

  it('a directory or pattern naming no file: a warning; exit 3 only when nothing was read', async () => {
    const empty = tempDir('features');
    const none = await nad([empty]);
    expect([none.code, none.stdout]).toEqual([3, '']);
    expect(none.stderr).toBe(`warning: ${empty}: directory holds no files\n`);
    const some = await nad(['fixtures/pcaps/*.nope', LAND]);
    expect(some.code).toBe(0);
    expect(some.stderr).toBe(
      counts(LAND, 22, 11) + 'warning: fixtures/pcaps/*.nope: pattern matches no files\n',
    );
    expect(lines(some.stdout)).toHaveLength(11);
  });
});
