/**
 * Memory bounds of issue 8 that no length field states: a KDD "row" without end (no newline, or
 * an unclosed quote) is an InputError once past 64 KiB, after every complete row before it,
 * instead of a buffer that grows with the file.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../bench/fuzz-mutate.js';
import { InputError } from '../../src/common/errors.js';
import { MAX_ROW_BYTES, readKddRows } from '../../src/kdd/kdd-csv.js';

const good = gunzipSync(readFileSync(join(ROOT, 'fixtures/kdd/kdd-sample-20000.csv.gz')))
  .toString('latin1')
  .split('\n')
  .slice(0, 3)
  .join('\n');

async function readAll(text: string): Promise<{ rows: number; error: unknown }> {
  const reader = readKddRows('-', { stdin: Readable.from([Buffer.from(text, 'latin1')]) });
  let rows = 0;
  try {
    for await (const _ of reader.rows) rows++;
    return { rows, error: undefined };
  } catch (error) {
    return { rows, error };
  }
}

describe('KDD CSV row-size cap', () => {
  it.each([
    ['a line without newline', 'x'.repeat(MAX_ROW_BYTES + 10)],
    ['an unclosed quote', `"${'x,'.repeat(MAX_ROW_BYTES)}`],
  ])('%s: InputError on line 4 after the 3 rows before it', async (_what, junk) => {
    const r = await readAll(`${good}\n${junk}`);
    expect(r.rows).toBe(3);
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as InputError).describe()).toMatch(/^<stdin>: line 4: .*65536/);
  });

  it('rows up to the cap still read', async () => {
    const r = await readAll(`${good}\n`);
    expect(r).toEqual({ rows: 3, error: undefined });
  });
});

describe('JSON strings longer than a chunk', () => {
  it('a 1.2 MB string with escapes and non-ASCII, in 64 KiB chunks: one scan, exact records', async () => {
    const { readBytes } = await import('../helpers/fixtures.js');
    const long = `${'a\\"é'.repeat(240_000)}`;
    const rec = (port: number): string =>
      `{"src_ip":"10.0.0.1","dest_ip":"10.0.0.2","src_port":${port},"dest_port":80,"protocol":"TCP","packet_size":60,"note":"${long}"}`;
    const text = Buffer.from(`${rec(1)}\n${rec(2)}\n`);
    const r = await readBytes(text, 65_536);
    expect(r.error).toBeUndefined();
    expect(r.records).toHaveLength(2);
    expect(await readBytes(text, 65_533).then((x) => x.records)).toEqual(r.records);
  });
});
