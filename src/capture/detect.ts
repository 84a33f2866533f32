/**
 * Picks the capture parser from the first bytes of the (decompressed) input — never from the
 * file name. Unknown content is an InputError saying what was expected.
 */
import { InputError } from '../errors.js';
import { PcapParser, isPcapMagic } from './pcap.js';
import { PcapngParser, isPcapngMagic } from './pcapng.js';
import type { CaptureParser, PacketSink } from './types.js';

/** Bytes needed to recognise every supported format. */
export const SNIFF_BYTES = 4;

/** Returns a parser for the format whose magic starts `head`. */
export function createParser(head: Uint8Array, sink: PacketSink, fileName: string): CaptureParser {
  if (isPcapMagic(head)) return new PcapParser(sink, fileName);
  if (isPcapngMagic(head)) return new PcapngParser(sink, fileName);
  const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new InputError(`not a capture file: starts with ${shown || 'nothing (empty file)'}`, {
    location: { file: fileName, byteOffset: 0 },
    hint: 'Expected a pcap (a1b2c3d4 / a1b23c4d), pcapng (0a 0d 0d 0a) or gzip of one.',
  });
}
