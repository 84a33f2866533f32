import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { InputError } from '../../src/common/errors.js';
import { openSource } from '../../src/io/source.js';

const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

async function countPackets(
  bytes: Uint8Array,
): Promise<{ packets: number; warnings: string[]; error?: string }> {
  const src = await openSource('-', Readable.from([Buffer.from(bytes)]));
  let packets = 0;
  const r = await readCapture(src.chunks, () => packets++, src.name);
  return {
    packets,
    warnings: r.warnings.map((w) => w.message),
    ...(r.error ? { error: r.error.describe() } : {}),
  };
}

describe('openSource', () => {
  it('reads a file unchanged and reports its size', async () => {
    const src = await openSource(TEARDROP);
    expect(src.gzip).toBe(false);
    expect(src.sizeBytes).toBe(1828);
    expect(await collect(src.chunks)).toEqual(readFileSync(TEARDROP));
  });

  it('inflates gzip detected by magic, whatever the name', async () => {
    const gz = gzipSync(readFileSync(TEARDROP));
    const src = await openSource('-', Readable.from([gz.subarray(0, 1), gz.subarray(1)]));
    expect(src.gzip).toBe(true);
    expect(await collect(src.chunks)).toEqual(readFileSync(TEARDROP));
  });

  it('a missing file is an InputError naming it', async () => {
    const err = await openSource('no/such.pcap').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toBe('no/such.pcap: cannot read: no such file');
    expect((err as InputError).exitCode).toBe(3);
  });

  it('a directory is an InputError', async () => {
    const err = await openSource('fixtures').catch((e: unknown) => e);
    expect((err as InputError).describe()).toBe('fixtures: is a directory');
  });
});

describe('gzip faults', () => {
  it('a gzip cut short keeps every complete packet and warns', async () => {
    const whole = readFileSync(TEARDROP);
    const gz = gzipSync(whole);
    const r = await countPackets(gz.subarray(0, gz.length - 200));
    expect(r.error).toBeUndefined();
    expect(r.packets).toBeGreaterThan(0);
    expect(r.packets).toBeLessThan(17);
    expect(r.warnings.at(-1)).toBe('gzip data ends early (file cut short)');
  });

  it('corrupt gzip data is an error after the packets before it', async () => {
    const gz = Buffer.from(gzipSync(readFileSync(TEARDROP)));
    gz.fill(0xff, 40, 60);
    const r = await countPackets(gz);
    expect(r.error).toMatch(/^<stdin>: corrupt gzip data: /);
  });

  it('an empty input is not a capture', async () => {
    const r = await countPackets(new Uint8Array(0));
    expect(r.error).toBe('<stdin>: byte 0: not a capture file: starts with nothing (empty file)');
  });
});
