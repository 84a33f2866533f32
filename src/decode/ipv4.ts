/**
 * IPv4 (RFC 791): header length, total length (which trims Ethernet padding and tells a
 * snaplen-cut packet from a whole one), fragment fields, addresses; then the transport.
 */
import { cut } from './ethernet.js';
import { Skip, type DecodedPacket } from './packet.js';
import { decodeTransport } from './transport.js';

/** Decodes an IPv4 packet at buf[off, end) (end = end of captured bytes). */
export function decodeIpv4(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  if (end - off < 20) return cut(p);
  const b0 = buf[off]!;
  const headerLen = (b0 & 0x0f) * 4;
  if (b0 >> 4 !== 4 || headerLen < 20) {
    p.skip = Skip.badHeader;
    return;
  }
  let totalLen = (buf[off + 2]! << 8) | buf[off + 3]!;
  if (totalLen === 0) totalLen = end - off; // TCP segmentation offload writes 0: use what is there.
  if (totalLen < headerLen) {
    p.skip = Skip.badHeader;
    return;
  }
  p.ipVersion = 4;
  p.ipOffset = off;
  p.ipHeaderLen = headerLen;
  p.ipTotalLen = totalLen;
  p.ipId = (buf[off + 4]! << 8) | buf[off + 5]!;
  const fragWord = (buf[off + 6]! << 8) | buf[off + 7]!;
  p.fragMore = (fragWord & 0x2000) !== 0;
  p.fragOffset = (fragWord & 0x1fff) * 8;
  p.isFragment = p.fragMore || p.fragOffset > 0;
  p.ttl = buf[off + 8]!;
  p.ipProto = buf[off + 9]!;
  const src = p.src;
  const dst = p.dst;
  for (let i = 4; i < 16; i++) {
    src[i] = 0; // (a loop: cheaper than two fill() calls for 12 bytes)
    dst[i] = 0;
  }
  src[0] = buf[off + 12]!;
  src[1] = buf[off + 13]!;
  src[2] = buf[off + 14]!;
  src[3] = buf[off + 15]!;
  dst[0] = buf[off + 16]!;
  dst[1] = buf[off + 17]!;
  dst[2] = buf[off + 18]!;
  dst[3] = buf[off + 19]!;
  const ipEnd = off + totalLen;
  if (end < ipEnd) p.truncated = true;
  const payloadLen = totalLen - headerLen;
  p.fragDataOffset = off + headerLen;
  p.fragDataLen = payloadLen;
  if (p.fragOffset > 0) {
    // A later fragment: no transport header here; its bytes are transport payload.
    p.payloadLen = payloadLen;
    p.payloadOffset = off + headerLen;
    p.payloadCaptured = Math.max(0, Math.min(end, ipEnd) - p.payloadOffset);
    return;
  }
  if (end - off < headerLen) return;
  decodeTransport(p, p.ipProto, buf, off + headerLen, Math.min(end, ipEnd), payloadLen);
}
