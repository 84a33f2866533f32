/**
 * TCP (RFC 9293): ports, sequence numbers, header length, flags. The payload length comes from
 * the IP lengths, so Ethernet padding is never payload and a snaplen-cut segment keeps its size.
 */
import type { DecodedPacket } from './packet.js';

/** Decodes a TCP header at buf[off, end); `ipPayloadLen` is the segment length by IP. */
export function decodeTcp(
  p: DecodedPacket,
  buf: Uint8Array,
  off: number,
  end: number,
  ipPayloadLen: number,
): void {
  const avail = end - off;
  if (avail < 14) {
    // Cut before the flags: ports only, if even those are there. The payload length still
    // comes from IP, less the data offset when captured (else the 20-byte minimum header).
    p.truncated = true;
    if (avail >= 4) {
      p.srcPort = (buf[off]! << 8) | buf[off + 1]!;
      p.dstPort = (buf[off + 2]! << 8) | buf[off + 3]!;
    }
    const headerLen = avail >= 13 ? (buf[off + 12]! >> 4) * 4 : 20;
    if (headerLen >= 20 && headerLen <= ipPayloadLen) p.payloadLen = ipPayloadLen - headerLen;
    return;
  }
  p.srcPort = (buf[off]! << 8) | buf[off + 1]!;
  p.dstPort = (buf[off + 2]! << 8) | buf[off + 3]!;
  p.tcpSeq =
    ((buf[off + 4]! << 24) | (buf[off + 5]! << 16) | (buf[off + 6]! << 8) | buf[off + 7]!) >>> 0;
  p.tcpAck =
    ((buf[off + 8]! << 24) | (buf[off + 9]! << 16) | (buf[off + 10]! << 8) | buf[off + 11]!) >>> 0;
  const headerLen = (buf[off + 12]! >> 4) * 4;
  p.tcpFlags = ((buf[off + 12]! & 0x0f) << 8) | buf[off + 13]!;
  p.tcpHeaderLen = headerLen;
  p.hasTransport = true;
  if (headerLen < 20 || headerLen > ipPayloadLen) {
    // Invalid data offset: the segment has no well-defined payload.
    p.payloadLen = 0;
    return;
  }
  if (avail < headerLen) p.truncated = true;
  p.payloadLen = ipPayloadLen - headerLen;
  p.payloadOffset = off + headerLen;
  p.payloadCaptured = Math.max(0, end - p.payloadOffset);
}
