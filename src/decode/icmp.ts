/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code. The payload length is the whole ICMP
 * message including its 8-byte header, which is what KDD counts as an ICMP record's src_bytes.
 */
import type { DecodedPacket } from './packet.js';

/** Decodes an ICMP / ICMPv6 header at buf[off, end). */
export function decodeIcmp(
  p: DecodedPacket,
  buf: Uint8Array,
  off: number,
  end: number,
  ipPayloadLen: number,
): void {
  p.payloadLen = ipPayloadLen;
  p.payloadOffset = off;
  p.payloadCaptured = Math.max(0, end - off);
  if (end - off < 2) {
    p.truncated = true;
    return;
  }
  p.icmpType = buf[off]!;
  p.icmpCode = buf[off + 1]!;
  p.hasTransport = true;
}
