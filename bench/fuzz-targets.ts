/**
 * Fuzz targets of issue 8, shared by the property tests (test/fuzz) and the long campaign
 * (bench/fuzz.ts). Each runs one reader on untrusted bytes and throws an `InvariantError` when an
 * invariant breaks: only InputError / ModelError may come out (readCapture returns its error),
 * work is bounded by the input size, every record lies inside the bytes it came from, and the
 * outcome does not depend on how the input is cut into chunks.
 */
import { Readable } from 'node:stream';
import { readCapture } from '../src/capture/reader.js';
import type { PacketRecord } from '../src/capture/types.js';
import { FragmentReassembler } from '../src/decode/fragments.js';
import { decodeFrame } from '../src/decode/frame.js';
import { DecodedPacket, Skip } from '../src/decode/packet.js';
import { InputError, ModelError, NadError } from '../src/common/errors.js';
import { readKddRows } from '../src/kdd/kdd-csv.js';
import { openSource } from '../src/io/source.js';
import { deserializeModel } from '../src/model/serialize.js';

/** A broken invariant: a bug, never bad input. */
export class InvariantError extends Error {}

function check(ok: boolean, what: string): void {
  if (!ok) throw new InvariantError(what);
}

// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** An expected error must be a NadError of the right class whose text is terminal-safe. */
function checkError(err: unknown, cls: typeof InputError | typeof ModelError): NadError {
  if (!(err instanceof cls)) throw err;
  const text = err.describe();
  check(!TERMINAL_CONTROL.test(text), `control character in error text: ${JSON.stringify(text)}`);
  check(text.length < 2000, `error text of ${text.length} characters`);
  return err;
}

/** What reading a capture produced, comparable across chunkings. */
export interface CaptureOutcome {
  records: number;
  /** FNV-1a over every record's fields and bytes. */
  digest: number;
  /** Offsets of the records (for prefix checks). */
  offsets: number[];
  error: string | undefined;
  warnings: string[];
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const step = Math.max(1, size);
  for (let i = 0; i < bytes.length; i += step) yield bytes.slice(i, i + step);
}

function fnv(h: number, x: number): number {
  return Math.imul(h ^ (x & 0xffffffff), 16777619) >>> 0;
}

/** Checks one delivered record and what decoding it gave; returns the updated digest. */
export function checkRecord(
  rec: PacketRecord,
  p: DecodedPacket,
  frags: FragmentReassembler,
): number {
  const end = rec.offset + rec.capLen;
  check(Number.isInteger(rec.capLen) && rec.capLen >= 0, `capLen ${rec.capLen}`);
  check(rec.offset >= 0 && end <= rec.buf.length, `record bytes outside its buffer`);
  check(
    Number.isInteger(rec.origLen) && rec.origLen >= rec.capLen && rec.origLen <= 0xffffffff,
    `origLen ${rec.origLen} (capLen ${rec.capLen})`,
  );
  check(rec.tsNsec >= 0 && rec.tsNsec < 1e9, `tsNsec ${rec.tsNsec}`);
  decodeFrame(rec, p);
  check(p.vlanCount <= 8 && p.tunnels <= 4, 'tag/tunnel bounds');
  if (p.skip === Skip.none) {
    check(p.ipVersion === 4 || p.ipVersion === 6, `ipVersion ${p.ipVersion}`);
    check(p.payloadCaptured >= 0 && p.payloadLen >= 0, 'negative payload');
    if (p.payloadCaptured > 0)
      check(p.payloadOffset + p.payloadCaptured <= end, 'payload past the frame');
    if (p.isFragment) frags.add(p);
  }
  let h = fnv(fnv(fnv(2166136261, rec.index), rec.capLen), rec.tsSec);
  h = fnv(fnv(fnv(h, rec.tsNsec), rec.linkType), rec.fileOffset);
  for (let i = rec.offset; i < end; i++) h = fnv(h, rec.buf[i]!);
  return fnv(h, p.skip * 1000 + p.ipProto);
}

/** Reads `bytes` as a capture (any format, decoded and reassembled) in chunks of `chunk`. */
export async function fuzzCapture(
  bytes: Uint8Array,
  chunk = bytes.length,
): Promise<CaptureOutcome> {
  const p = new DecodedPacket();
  const frags = new FragmentReassembler();
  const out: CaptureOutcome = {
    records: 0,
    digest: 0,
    offsets: [],
    error: undefined,
    warnings: [],
  };
  const result = await readCapture(
    chunked(bytes, chunk),
    (rec) => {
      out.records++;
      out.offsets.push(rec.fileOffset);
      out.digest = fnv(out.digest, checkRecord(rec, p, frags));
    },
    'fuzz.cap',
    {},
  );
  if (result.error !== undefined) out.error = checkError(result.error, InputError).describe();
  out.warnings = result.warnings.map((w) => w.message);
  // Work bound: a record takes at least 2 bytes of input (`{}` of NDJSON telemetry).
  check(out.records <= bytes.length / 2 + 1, `${out.records} records from ${bytes.length} bytes`);
  return out;
}

/** fuzzCapture whole and in `chunk`-byte pieces: the outcomes must be equal. */
export async function fuzzCaptureChunked(
  bytes: Uint8Array,
  chunk: number,
): Promise<CaptureOutcome> {
  const whole = await fuzzCapture(bytes);
  const parts = await fuzzCapture(bytes, chunk);
  check(
    whole.records === parts.records && whole.digest === parts.digest,
    `chunks of ${chunk}: ${parts.records} records vs ${whole.records} whole`,
  );
  check(whole.error === parts.error, `chunks of ${chunk}: error ${parts.error} vs ${whole.error}`);
  return whole;
}

/** Reads `bytes` through openSource (gzip sniffed and inflated), as stdin. */
export async function fuzzSource(bytes: Uint8Array, chunk = 4096): Promise<number> {
  const source = await openSource('-', Readable.from(chunked(bytes, chunk)));
  const p = new DecodedPacket();
  const frags = new FragmentReassembler();
  let records = 0;
  const result = await readCapture(
    source.chunks,
    (rec) => {
      records++;
      checkRecord(rec, p, frags);
    },
    source.name,
  );
  if (result.error !== undefined) checkError(result.error, InputError);
  return records;
}

/** Reads `bytes` as a KDD CSV file (plain or gzip), with and without skipping bad rows. */
export async function fuzzKdd(bytes: Uint8Array, skipBadRows: boolean): Promise<number> {
  const stdin = Readable.from(chunked(bytes, 1024));
  const reader = readKddRows('-', { stdin, skipBadRows });
  let rows = 0;
  try {
    for await (const row of reader.rows) {
      rows++;
      check(row.numbers.length === 41 && row.symbols.length === 3, 'row shape');
      check(row.label.endsWith('.'), 'label');
    }
  } catch (err) {
    checkError(err, InputError);
  }
  check(rows <= bytes.length / 42 + 1, `${rows} rows from ${bytes.length} bytes`);
  return rows;
}

/** Loads `bytes` as a model file: a ModelError or a well-formed model, nothing else. */
export function fuzzModel(bytes: Uint8Array): boolean {
  const probe = Object.prototype as Record<string, unknown>;
  try {
    const m = deserializeModel(bytes);
    const f = m.forest;
    check(f.trees.length >= 1 && f.nFeatures === m.info.featureNames.length, 'forest shape');
    check(probe.polluted === undefined, 'prototype polluted');
    for (const t of f.trees) {
      check(t.feature.length === t.left.length && t.value.length % f.nClasses === 0, 'tree');
    }
    // Validated indices: scoring a row walks every tree without leaving its arrays.
    const proba = f.predictProba(new Float32Array(f.nFeatures).fill(0.5), 1);
    check(proba.length === f.nClasses && proba.every((v) => v >= 0 && v <= 1.001), 'proba');
    return true;
  } catch (err) {
    checkError(err, ModelError);
    check(probe.polluted === undefined, 'prototype polluted');
    return false;
  }
}
