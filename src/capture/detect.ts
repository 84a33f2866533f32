/**
 * Picks the capture parser from the first bytes of the (decompressed) input — never from the
 * file name. Binary captures by magic number (4 bytes). JSON by content: the first non-space
 * byte is `[` or `{`, then the first object's member names decide — `_index` / `_type` /
 * `_score` / `_source` → `tshark -T json`; `index` or `layers` → `tshark -T ek`; a telemetry
 * key (`src_ip`, `dest_ip`, …) → packet telemetry. JSON that is none of these (its first object
 * ends without a telling key) is not a capture; JSON too broken to tell goes to the telemetry
 * reader, which reports where it breaks. Unknown content is an InputError saying what was
 * expected.
 */
import { InputError } from '../common/errors.js';
import { JsonTokenizer, type JsonHandler } from './json-stream.js';
import { PcapParser, isPcapMagic } from './pcap.js';
import { PcapngParser, isPcapngMagic } from './pcapng.js';
import { TelemetryParser } from './telemetry-json.js';
import { TsharkParser } from './tshark-json.js';
import type { CaptureParser, PacketSink } from './types.js';

/** Bytes needed to recognise a binary capture. */
export const SNIFF_BYTES = 4;

/** Most bytes read to recognise a JSON flavour before falling back to telemetry. */
export const JSON_SNIFF_BYTES = 1 << 20;

/** Options of the capture readers. */
export interface ReadOptions {
  /** Telemetry: skip (and count) bad records instead of stopping at the first. */
  skipBadRecords?: boolean;
}

/**
 * Returns a parser for the format that starts `head`, or undefined when more bytes are needed
 * to tell (never when `atEnd`).
 */
export function createParser(
  head: Uint8Array,
  sink: PacketSink,
  fileName: string,
  atEnd = true,
  options: ReadOptions = {},
): CaptureParser | undefined {
  if (head.length >= SNIFF_BYTES && isPcapMagic(head)) return new PcapParser(sink, fileName);
  if (head.length >= SNIFF_BYTES && isPcapngMagic(head)) return new PcapngParser(sink, fileName);
  const first = firstNonSpace(head);
  if (first === 0x5b || first === 0x7b) {
    const kind = sniffJson(head, fileName, atEnd);
    if (kind === undefined) return undefined;
    if (Array.isArray(kind))
      throw notCapture(
        fileName,
        `JSON, but neither a tshark -T json / -T ek export nor packet telemetry (first object's keys: ${kind.join(', ') || 'none'})`,
      );
    if (kind === 'telemetry') return new TelemetryParser(sink, fileName, options);
    return new TsharkParser(sink, fileName, kind === 'ek');
  }
  if (!atEnd && (first < 0 || head.length < SNIFF_BYTES)) return undefined;
  const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw notCapture(fileName, `starts with ${shown || 'nothing (empty file)'}`);
}

function notCapture(fileName: string, what: string): InputError {
  return new InputError(`not a capture file: ${what}`, {
    location: { file: fileName, byteOffset: 0 },
    hint: 'Expected a pcap (a1b2c3d4 / a1b23c4d), pcapng (0a 0d 0d 0a), a tshark -T json / -T ek export, JSON packet telemetry, or gzip of one.',
  });
}

const TELEMETRY_KEYS = new Set([
  'src_ip',
  'dest_ip',
  'src_port',
  'dest_port',
  'protocol',
  'packet_size',
]);

/** The first byte that is not JSON white space (a UTF-8 byte-order mark skipped); -1 if none. */
function firstNonSpace(b: Uint8Array): number {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

/** A JSON flavour, or the first object's keys when it is none. */
type JsonKind = 'json' | 'ek' | 'telemetry' | string[];

/** Thrown by the sniffing handler once the kind is known (stops the tokenizer early). */
class Decided {
  constructor(readonly kind: JsonKind) {}
}

/** Reads the member names of the first object in `head` until they tell the JSON flavour. */
function sniffJson(head: Uint8Array, fileName: string, atEnd: boolean): JsonKind | undefined {
  let depth = 0;
  let objectDepth = -1; // depth of the first object
  const keys: string[] = [];
  const onOpen = (isObject: boolean): void => {
    depth++;
    if (isObject && objectDepth < 0) objectDepth = depth;
  };
  const handler: JsonHandler = {
    startObject: () => onOpen(true),
    startArray: () => onOpen(false),
    endObject: () => {
      if (depth-- === objectDepth)
        throw new Decided(keys.length > 5 ? [...keys.slice(0, 5), '…'] : keys);
    },
    endArray: () => void depth--,
    key: (name) => {
      if (depth !== objectDepth) return false;
      if (/^_(index|type|score|source)$/.test(name)) throw new Decided('json');
      if (name === 'index' || name === 'layers') throw new Decided('ek');
      if (TELEMETRY_KEYS.has(name)) throw new Decided('telemetry');
      keys.push(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      return false;
    },
    string: () => undefined,
    number: () => undefined,
    literal: () => undefined,
  };
  const tok = new JsonTokenizer(handler, fileName, true);
  try {
    tok.push(head);
    if (atEnd) tok.end();
  } catch (err) {
    if (err instanceof Decided) return err.kind;
    return 'telemetry'; // invalid JSON: the telemetry parser reports where
  }
  return atEnd || head.length >= JSON_SNIFF_BYTES ? 'telemetry' : undefined;
}
