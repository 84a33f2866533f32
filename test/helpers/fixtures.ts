/**
 * Test helpers around the capture fixtures: paths, chunked byte streams, and readCapture runs
 * whose reused records are copied into plain objects that tests can compare.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readCapture, type ReadResult } from '../../src/capture/reader.js';
import type { PacketRecord } from '../../src/capture/types.js';
import { openSource } from '../../src/io/source.js';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** fixtures/pcaps */
export const PCAPS = join(ROOT, 'fixtures/pcaps');
/** fixtures/reference/tshark */
export const TSHARK = join(ROOT, 'fixtures/reference/tshark');

/** Every capture under fixtures/pcaps (relative paths, sorted), JSON exports excluded. */
export function listCaptures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(pcap|pcapng)$/.test(name)) out.push(relative(PCAPS, full));
    }
  };
  walk(PCAPS);
  return out.sort();
}

/** The bytes of a fixture capture (relative to fixtures/pcaps). */
export function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(PCAPS, rel)));
}

/** A copy of one record, safe to keep after the sink returns. */
export interface RecordCopy {
  index: number;
  tsSec: number;
  tsNsec: number;
  hasTimestamp: boolean;
  linkType: number;
  interfaceId: number;
  capLen: number;
  origLen: number;
  fileOffset: number;
  data: Uint8Array;
}

/** Copies the reused record. */
export function copyRecord(rec: PacketRecord): RecordCopy {
  return {
    index: rec.index,
    tsSec: rec.tsSec,
    tsNsec: rec.tsNsec,
    hasTimestamp: rec.hasTimestamp,
    linkType: rec.linkType,
    interfaceId: rec.interfaceId,
    capLen: rec.capLen,
    origLen: rec.origLen,
    fileOffset: rec.fileOffset,
    // Uint8Array.from: a real copy even when buf is a Buffer (whose slice() is a view).
    data: Uint8Array.from(rec.buf.subarray(rec.offset, rec.offset + rec.capLen)),
  };
}

/** `bytes` as an async stream of chunks of `size` bytes (whole when size is undefined). */
export async function* chunksOf(bytes: Uint8Array, size?: number): AsyncGenerator<Uint8Array> {
  const step = size ?? Math.max(1, bytes.length);
  for (let i = 0; i < bytes.length; i += step) yield bytes.slice(i, i + step);
}

/** readCapture over in-memory bytes (no gzip detection): records copied. */
export async function readBytes(
  bytes: Uint8Array,
  chunkSize?: number,
  name = 'test.cap',
): Promise<ReadResult & { records: RecordCopy[] }> {
  const records: RecordCopy[] = [];
  const result = await readCapture(
    chunksOf(bytes, chunkSize),
    (r) => records.push(copyRecord(r)),
    name,
  );
  return { ...result, records };
}

/** readCapture through openSource (so gzip is inflated), the bytes coming in on "stdin". */
export async function readViaSource(
  bytes: Uint8Array,
  chunkSize?: number,
): Promise<ReadResult & { records: RecordCopy[]; gzip: boolean }> {
  const source = await openSource('-', Readable.from(chunksOf(bytes, chunkSize)));
  const records: RecordCopy[] = [];
  const result = await readCapture(source.chunks, (r) => records.push(copyRecord(r)), source.name);
  return { ...result, records, gzip: source.gzip };
}

/** `sec.nnnnnnnnn`, built from the integer fields (never through a float). */
export function epochString(tsSec: number, tsNsec: number): string {
  return `${tsSec}.${String(tsNsec).padStart(9, '0')}`;
}
