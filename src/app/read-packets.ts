/**
 * Reads one input (file or stdin) through io → capture → decode and hands every decoded packet
 * to a callback. Used by every command that takes captures.
 */
import type { ReadOptions } from '../capture/detect.js';
import { readCapture } from '../capture/reader.js';
import type { CaptureInfo, CaptureWarning } from '../capture/types.js';
import { DecodeStats, decodeFrame } from '../decode/frame.js';
import { DecodedPacket } from '../decode/packet.js';
import type { InputError } from '../errors.js';
import { openSource } from '../io/source.js';

/** Everything known about one input after reading it. */
export interface PacketReadResult {
  file: string;
  gzip: boolean;
  sizeBytes: number | undefined;
  info: CaptureInfo;
  stats: DecodeStats;
  warnings: CaptureWarning[];
  /** Bad data that stopped reading (every packet before it was delivered). */
  error: InputError | undefined;
}

/**
 * Streams `path` and calls `onPacket` with the reused decoded packet of every frame.
 * `options.skipBadRecords`: JSON telemetry records that are bad are skipped and counted.
 */
export async function readPackets(
  path: string,
  onPacket?: (p: DecodedPacket) => void,
  options: ReadOptions = {},
): Promise<PacketReadResult> {
  const source = await openSource(path);
  const stats = new DecodeStats();
  const pkt = new DecodedPacket();
  const result = await readCapture(
    source.chunks,
    (rec) => {
      decodeFrame(rec, pkt);
      stats.add(pkt, rec.hasTimestamp);
      if (onPacket !== undefined) onPacket(pkt);
    },
    source.name,
    options,
  );
  return { file: source.name, gzip: source.gzip, sizeBytes: source.sizeBytes, stats, ...result };
}
