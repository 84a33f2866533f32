// Streaming KDD reader: plain, gzip (by magic), stdin, validation and bad-row counting.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { readKddRows, type KddReadStats, type KddRow } from '../../src/kdd/kdd-csv.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('kdd');
const GOOD =
  '0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.';
const GOOD2 =
  '0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.';

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect(
  path: string,
  options = {},
): Promise<{ rows: KddRow[]; stats: KddReadStats }> {
  const reader = readKddRows(path, options);
  const rows: KddRow[] = [];
  for await (const r of reader.rows) rows.push(r);
  return { rows, stats: reader.stats };
}

async function readError(path: string): Promise<InputError> {
  try {
    await collect(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('KDD reader', () => {
  it('reads plain rows with line numbers, numbers, symbols and label', async () => {
    const { rows } = await collect(file('plain.csv', `${GOOD}\n\n${GOOD2}\n`));
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
    expect(rows[0]!.symbols).toEqual(['tcp', 'http', 'SF']);
    expect(rows[0]!.numbers[4]).toBe(181);
    expect(rows[0]!.numbers[35]).toBe(0.11);
    expect(Number.isNaN(rows[0]!.numbers[1])).toBe(true);
    expect(rows[1]!.label).toBe('smurf.');
  });

  it('detects gzip by its magic bytes, not by the name', async () => {
    const gz = await collect(file('looks-plain.csv', gzipSync(`${GOOD}\n${GOOD2}\n`)));
    const plain = await collect(file('looks-gzip.gz', `${GOOD}\n${GOOD2}\n`));
    expect(gz.rows).toEqual(plain.rows);
    expect(gz.rows).toHaveLength(2);
  });

  it('reads stdin for "-", also in one-byte chunks', async () => {
    const bytes = gzipSync(`${GOOD}\r\n${GOOD2}\r\n`);
    const stdin = Readable.from(
      (function* () {
        for (const b of bytes) yield Buffer.of(b);
      })(),
    );
    const { rows } = await collect('-', { stdin });
    expect(rows.map((r) => r.label)).toEqual(['normal.', 'smurf.']);
  });

  it('reads the committed 20,000-row sample and hashes its decompressed bytes', async () => {
    const path = 'fixtures/kdd/kdd-sample-20000.csv.gz';
    const { stats } = await collect(path);
    expect(stats).toMatchObject({ rows: 20_000, badRows: 0 });
    const expected = createHash('sha256')
      .update(gunzipSync(readFileSync(path)))
      .digest('hex');
    expect(stats.sha256).toBe(expected);
  });

  it('names file, line and column of a bad row', async () => {
    const cases: [string, number, number, RegExp][] = [
      [GOOD.replace(',181,', ',abc,'), 2, 5, /src_bytes is not a number/],
      [GOOD.replace(',181,', ',,'), 2, 5, /src_bytes/],
      [GOOD.replace(',http,', ',,'), 2, 3, /service is empty/],
      [GOOD.replace('normal.', 'normal'), 2, 42, /label must end in "."/],
      [GOOD.replace(',normal.', ''), 2, 42, /expected 42 fields/],
      [`${GOOD},extra`, 2, 43, /expected 42 fields/],
    ];
    for (const [bad, line, column, message] of cases) {
      const path = file('bad.csv', `${GOOD}\n${bad}\n${GOOD2}\n`);
      const err = await readError(path);
      expect(err.location).toEqual({ file: path, line, column });
      expect(err.message).toMatch(message);
    }
  });

  it('skips and counts bad rows on request', async () => {
    const path = file('some-bad.csv', `${GOOD}\nx,y\n${GOOD2}\n${GOOD.replace('normal.', 'n')}\n`);
    const { rows, stats } = await collect(path, { skipBadRows: true });
    expect(rows).toHaveLength(2);
    expect(stats.badRows).toBe(2);
    expect(stats.rows).toBe(2);
  });

  it('turns missing files and truncated gzip into InputErrors naming the file', async () => {
    const missing = join(dir, 'missing.csv');
    expect((await readError(missing)).message).toMatch(/no such file/);
    const gz = readFileSync('fixtures/kdd/kdd-sample-20000.csv.gz');
    const cut = file('cut.gz', gz.subarray(0, 5000));
    const err = await readError(cut);
    expect(err.location.file).toBe(cut);
  });
});
