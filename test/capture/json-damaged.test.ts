/**
 * Damaged JSON inputs: a small tshark export cut at every byte, invalid bytes, huge strings and
 * deep nesting inside an export — every packet before the fault is delivered, then one
 * InputError with file, line, column and byte offset; never a crash or a runaway allocation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { PCAPS, readBytes, readViaSource } from '../helpers/fixtures.js';

const TEARDROP_JSON = readFileSync(join(PCAPS, 'json/teardrop.tshark.json'), 'utf8');

/** The first `n` packets of the teardrop -T json export, as a complete export. */
function firstPackets(n: number): Buffer {
  let at = 0;
  for (let i = 0; i < n; i++) at = TEARDROP_JSON.indexOf('\n  }', at + 1) + 4;
  return Buffer.from(TEARDROP_JSON.slice(0, at) + '\n]\n');
}

/** Byte offsets just after each packet object's closing brace. */
function packetEnds(text: Buffer): number[] {
  const ends: number[] = [];
  for (let at = text.indexOf('\n  }'); at >= 0; at = text.indexOf('\n  }', at + 1))
    ends.push(at + 4);
  return ends;
}

describe('damaged tshark exports', () => {
  it('a small export cut at every byte: complete packets kept, then a located InputError', async () => {
    const whole = firstPackets(3);
    const ends = packetEnds(whole);
    expect(ends).toHaveLength(3);
    const full = await readBytes(whole, undefined, 'small.json');
    expect(full.error).toBeUndefined();
    expect(full.records).toHaveLength(3);
    for (let cut = 1; cut < whole.length - 2; cut++) {
      const r = await readBytes(whole.subarray(0, cut), 997, 'small.json');
      expect(r.records.length, `cut ${cut}`).toBe(ends.filter((e) => e <= cut).length);
      expect(r.error, `cut ${cut}`).toBeInstanceOf(InputError);
      const loc = r.error!.location;
      expect(loc.file).toBe('small.json');
      expect(loc.byteOffset).toBeLessThanOrEqual(cut);
      expect(loc.line).toBeGreaterThanOrEqual(1);
      expect(loc.column).toBeGreaterThanOrEqual(1);
      expect(r.error!.exitCode).toBe(3);
    }
  });

  it('an ek export cut mid-line: the packets of complete lines, then the error', async () => {
    const text = readFileSync(join(PCAPS, 'json/teardrop.tshark.ek.ndjson'));
    const lines = text.toString('latin1').split('\n');
    const part = lines[13]!.slice(0, lines[13]!.lastIndexOf(',', 300) + 1); // cut after a ','
    const keep = Buffer.from(lines.slice(0, 13).join('\n') + '\n' + part);
    const r = await readBytes(keep, 4096, 'cut.ndjson');
    expect(r.records).toHaveLength(6); // 6 index + packet line pairs, then an index line
    expect(r.error?.describe()).toBe(
      `cut.ndjson: line 14, column ${part.length + 1}: byte ${keep.length}: input ends inside an object (file cut short?)`,
    );
  });

  it('gzip of a cut export: the same, through the gzip reader', async () => {
    const cut = firstPackets(3).subarray(0, 5000);
    const r = await readViaSource(gzipSync(cut), 1000);
    expect(r.gzip).toBe(true);
    expect(r.records.length).toBe(packetEnds(cut).length);
    expect(r.error).toBeInstanceOf(InputError);
  });

  it('invalid JSON in the middle: earlier packets kept, error at the bad byte', async () => {
    const good = firstPackets(3).toString('latin1');
    const second = good.indexOf('"_index"', good.indexOf('"_index"') + 1);
    const bad = Buffer.from(good.slice(0, second) + '!' + good.slice(second));
    const r = await readBytes(bad, undefined, 'bad.json');
    expect(r.records).toHaveLength(1);
    const before = good.slice(0, second);
    const line = before.split('\n').length;
    const column = second - before.lastIndexOf('\n');
    expect(r.error?.describe()).toBe(
      `bad.json: line ${line}, column ${column}: byte ${second}: unexpected '!' where a key or '}' was expected`,
    );
  });

  it('a huge string, deep nesting and a wide object inside an export: errors, bounded memory', async () => {
    const head = '[{"_index": "x", "_source": {"layers": {"frame": {"frame.len": "';
    const huge = Buffer.concat([
      Buffer.from(head),
      Buffer.alloc(9 << 20, 0x41),
      Buffer.from('"}}}}]'),
    ]);
    const before = process.memoryUsage().rss;
    const r1 = await readBytes(huge, 1 << 20, 'huge.json');
    expect(r1.error?.message).toBe('string longer than 8388608 bytes');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
    const deep = Buffer.from(
      '[{"_index": "x", "_source": ' + '['.repeat(200) + ']'.repeat(200) + '}]',
    );
    const r2 = await readBytes(deep, undefined, 'deep.json');
    expect(r2.error?.message).toBe('nesting deeper than 128 levels');
  });

  it('non-UTF-8 bytes in a skipped string do not stop the export', async () => {
    const text = firstPackets(2).toString('latin1').replace('Cisco Systems, Inc', 'Cisco \xff\xfe');
    const r = await readBytes(Buffer.from(text, 'latin1'), undefined, 'latin1.json');
    expect(r.error).toBeUndefined();
    expect(r.records).toHaveLength(2);
  });

  it('repeated keys: every ip.addr / udp.port occurrence seen; the named fields decide', async () => {
    // teardrop.tshark.json repeats ip.addr, ip.host, udp.port in each IP packet; JSON.parse
    // would keep only the last. Frame 6 is a DNS query 10.0.0.6:1035 → 151.164.1.8:53.
    const r = await readBytes(Buffer.from(TEARDROP_JSON), 4096, 'teardrop.json');
    const frame6 = r.records[5]!;
    expect(Buffer.from(frame6.data.subarray(12, 20)).toString('hex')).toBe('0a00000697a40108');
    expect((frame6.data[20]! << 8) | frame6.data[21]!).toBe(1035);
    expect((frame6.data[22]! << 8) | frame6.data[23]!).toBe(53);
  });
});
