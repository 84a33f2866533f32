/**
 * The streamed NDJSON and CSV lines (ScanOptions.rowText, written from the flat row storage with
 * memoised feature parts) are byte for byte the lines of the records (scanJsonLine, which equals
 * JSON.stringify, and scanCsvLine): every fixture capture, odd file names, odd timestamps.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile, type ScanRecord } from '../../src/app/scan/scan-file.js';
import { readModelFile } from '../../src/io/model-file.js';
import type { ModelFile } from '../../src/model/serialize.js';
import { ChunkWriter } from '../../src/rows/chunk-writer.js';
import type { RowFormat } from '../../src/rows/line-writer.js';
import { scanCsvLine, scanJsonLine } from '../../src/rows/scan-rows.js';
import { FRAMES, buildPcap } from '../helpers/capture-builders.js';
import { PCAPS, listCaptures } from '../helpers/fixtures.js';

let model: ModelFile;
const dir = mkdtempSync(join(tmpdir(), 'nad-lines-'));
beforeAll(async () => {
  model = await readModelFile('fixtures/models/kdd-sample-20trees.nadm');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { threshold: 0.5, all: true, failOn: undefined };

/** The file's lines through records, and through rowText. */
async function bothWays(file: string, format: RowFormat): Promise<[string, string]> {
  const records: ScanRecord[] = [];
  await scanFile(file, model, { ...options, onRecord: (r) => records.push(r) });
  const line = format === 'ndjson' ? scanJsonLine : scanCsvLine;
  const chunks: Uint8Array[] = [];
  const write = (c: Uint8Array): boolean => {
    chunks.push(c);
    return false; // kept: the next chunk needs a new buffer
  };
  await scanFile(file, model, { ...options, rowText: { format, write } });
  const streamed = Buffer.concat(chunks).toString('utf8');
  return [records.map((r) => `${line(r)}\n`).join(''), streamed];
}

describe('streamed rows (rowText)', () => {
  it.each(['ndjson', 'csv'] as const)('%s: the lines of the records, every fixture', async (f) => {
    let lines = 0;
    for (const rel of listCaptures()) {
      const [want, got] = await bothWays(join(PCAPS, rel), f);
      expect(got).toBe(want);
      lines += want.split('\n').length - 1;
    }
    expect(lines).toBeGreaterThan(5000);
  });

  it.each(['ndjson', 'csv'] as const)('%s: a file name to escape or neutralise', async (f) => {
    const odd = join(dir, '=a"b,ü\u0001\u2028.pcap');
    copyFileSync(join(PCAPS, 'attack/teardrop.pcap'), odd);
    const [want, got] = await bothWays(odd, f);
    expect(want).toContain('ü');
    expect(got).toBe(want);
  });

  it.each(['ndjson', 'csv'] as const)(
    '%s: start times before 1970-01-01T00:00:01Z and in fractions of µs',
    async (f) => {
      const early = join(dir, 'early.pcap');
      writeFileSync(early, buildPcap({}, [{ tsSec: 0, tsFrac: 5, data: FRAMES[0]! }]));
      const nanos = join(dir, 'nanos.pcap');
      const records = FRAMES.map((data, i) => ({ tsSec: 1e9 + i, tsFrac: 123456789, data }));
      writeFileSync(nanos, buildPcap({ nanos: true }, records));
      for (const file of [early, nanos]) {
        const [want, got] = await bothWays(file, f);
        expect(want).not.toBe('');
        expect(got).toBe(want);
      }
    },
  );
});

describe('ChunkWriter', () => {
  it('writes whole numbers as String does, zero-padded digits, and chunks of whole lines', () => {
    const values = [
      0,
      7,
      10,
      99,
      100,
      255,
      9999,
      65535,
      65536,
      99999,
      2 ** 31 - 1,
      2 ** 31,
      1600000000099510,
      2 ** 53 - 1,
    ];
    const chunks: Uint8Array[] = [];
    const out = new ChunkWriter((c) => {
      chunks.push(Buffer.from(c)); // a copy
      return true; // copied: the buffer is reused
    });
    for (let n = 0; n < 20000; n++) {
      out.reserve(64);
      for (const v of values) {
        out.uint(v);
        out.byte(32);
      }
      out.digits(n % 1000, 6);
      out.byte(32);
      out.digits(n, 5);
      out.endLine();
    }
    out.flush();
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c[c.length - 1]).toBe(10);
    const lines = Buffer.concat(chunks).toString('latin1').split('\n');
    expect(lines.length).toBe(20001);
    expect(lines[1234]).toBe(`${values.join(' ')} 000234 01234`);
    expect(lines[19999]).toBe(`${values.join(' ')} 000999 19999`);
  });
});
