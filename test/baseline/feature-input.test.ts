/**
 * `nad baseline train` on `nad features` output: CSV and NDJSON of the extended set give the
 * connections the captures give; a file without the extended columns is exit 3 with a hint.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('baseline-features');
const TRAIN = 'fixtures/lab/train/benign_*';

describe('nad baseline train on feature files', () => {
  it('reads nad features --set extended CSV and NDJSON', async () => {
    for (const format of ['csv', 'ndjson']) {
      const f = await runNad(['features', '--set', 'extended', '--format', format, TRAIN, '-q']);
      expect(f.code).toBe(0);
      const file = join(dir, `rows.${format}`);
      writeFileSync(file, f.stdout);
      const r = await runNad([
        'baseline',
        'train',
        file,
        '-o',
        join(dir, `${format}.nadb`),
        '--json',
      ]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { connections: number; inputs: { name: string }[] };
      expect(doc.connections).toBe(496);
      expect(doc.inputs.map((i) => i.name)).toEqual([file]);
    }
  }, 60_000);

  it('KDD-only feature rows are exit 3 naming the missing column', async () => {
    const f = await runNad([
      'features',
      '--format',
      'csv',
      'fixtures/lab/train/benign_dns.pcap.gz',
      '-q',
    ]);
    const file = join(dir, 'kdd.csv');
    writeFileSync(file, f.stdout);
    const r = await runNad(['baseline', 'train', file, '-o', join(dir, 'kdd.nadb')]);
    expect(r.code).toBe(3);
    expect(r.stderr.replaceAll(file, 'kdd.csv')).toBe(
      'error: kdd.csv: line 1: no column orig_pkts\nhint: A baseline reads feature files made by `nad features --set extended --format csv|ndjson`.\nerror: no baseline written: an input could not be read\n',
    );
  }, 30_000);
});
