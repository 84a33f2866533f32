/**
 * openSource on a StreamInput (an HTTP upload): the bytes as a reader gets them from a file, gzip
 * inflated by magic, named by the stream's name, and the cap on inflated bytes (a gzip bomb
 * stops with an InputLimitError naming the limit, after the bytes below it were handed on).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputLimitError } from '../../src/common/errors.js';
import { openSource, sourceName } from '../../src/io/source.js';

const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe('openSource(StreamInput)', () => {
  it('reads a stream as a file is read, plain or gzip, under its own name', async () => {
    const bytes = readFileSync(TEARDROP);
    const plain = await openSource({ name: 'upload', stream: chunksOf(bytes, 7) });
    expect([plain.name, plain.gzip, plain.sizeBytes]).toEqual(['upload', false, undefined]);
    expect(await collect(plain.chunks)).toEqual(bytes);
    const gz = await openSource({ name: 'up.gz', stream: chunksOf(gzipSync(bytes), 1) });
    expect(gz.gzip).toBe(true);
    expect(await collect(gz.chunks)).toEqual(bytes);
    expect(plain.bytesRead()).toBe(bytes.length);
    expect(sourceName({ name: 'upload', stream: chunksOf(bytes, 7) })).toBe('upload');
  });

  it('stops past maxBytes of inflated data with an InputLimitError', async () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20));
    const src = await openSource({ name: 'bomb', stream: chunksOf(bomb, 4096), maxBytes: 1 << 20 });
    let got = 0;
    const err = await (async () => {
      try {
        for await (const c of src.chunks) got += c.length;
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputLimitError);
    expect((err as InputLimitError).describe()).toBe(
      'bomb: more than 1048576 bytes after gzip decompression',
    );
    expect((err as InputLimitError).limit).toBe(1 << 20);
    expect(got).toBeLessThanOrEqual(1 << 20);
    const exact = await openSource({ name: 'x', stream: chunksOf(Buffer.alloc(100), 10), maxBytes: 100 }); // prettier-ignore
    expect((await collect(exact.chunks)).length).toBe(100);
  });
});
