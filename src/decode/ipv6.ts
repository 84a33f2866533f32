/**
 * IPv6 (RFC 8200): fixed header, then the extension-header chain (Hop-by-Hop, Routing,
 * Destination Options, Fragment, AH, Mobility, HIP, Shim6) down to the upper-layer protocol.
 */
import { cut } from './ethernet.js';
import { Skip, type DecodedPacket } from './packet.js';
import { decodeTransport } from './transport.js';

/**
 * The extension-header chain is walked to its end, however long: RFC 8200 sets no count limit
 * (libpcap's ipv6_ext_headers test capture has 100 headers), and the walk is bounded by the
 * packet anyway — every header is at least 8 bytes and must end inside the IP payload.
 */

/** Decodes an IPv6 packet at buf[off, end). */
export function decodeIpv6(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  if (end - off < 40) return cut(p);
  if (buf[off]! >> 4 !== 6) {
    p.skip = Skip.badHeader;
    return;
  }
  let payloadLen = (buf[off + 4]! << 8) | buf[off + 5]!;
  if (payloadLen === 0) payloadLen = end - off - 40; // jumbogram or offload: use what is there.
  p.ipVersion = 6;
  p.ipOffset = off;
  p.ipTotalLen = 40 + payloadLen;
  p.ttl = buf[off + 7]!;
  p.src.set(buf.subarray(off + 8, off + 24));
  p.dst.set(buf.subarray(off + 24, off + 40));
  const ipEnd = off + 40 + payloadLen;
  if (end < ipEnd) p.truncated = true;
  const capEnd = Math.min(end, ipEnd);
  let nh = buf[off + 6]!;
  let o = off + 40;
  while (true) {
    let len: number;
    if (nh === 44) {
      if (capEnd - o < 8) return extCut(p, nh, o - off);
      const word = (buf[o + 2]! << 8) | buf[o + 3]!;
      p.fragOffset = word & 0xfff8;
      p.fragMore = (word & 1) !== 0;
      p.isFragment = p.fragMore || p.fragOffset > 0;
      p.ipId = ((buf[o + 4]! << 24) | (buf[o + 5]! << 16) | (buf[o + 6]! << 8) | buf[o + 7]!) >>> 0;
      len = 8;
    } else if (nh === 51) {
      if (capEnd - o < 2) return extCut(p, nh, o - off);
      len = (buf[o + 1]! + 2) * 4;
    } else if (nh === 0 || nh === 43 || nh === 60 || nh === 135 || nh === 139 || nh === 140) {
      if (capEnd - o < 2) return extCut(p, nh, o - off);
      len = (buf[o + 1]! + 1) * 8;
    } else {
      break;
    }
    nh = buf[o]!;
    o += len;
    if (p.isFragment && p.fragDataLen === 0) {
      // The fragmentable part starts right after the Fragment header.
      p.fragDataOffset = o;
      p.fragDataLen = ipEnd - o;
    }
    if (o > ipEnd) {
      p.skip = Skip.badHeader;
      return;
    }
  }
  p.ipProto = nh;
  p.ipHeaderLen = o - off;
  const transportLen = ipEnd - o;
  if (p.fragOffset > 0) {
    p.payloadLen = transportLen;
    p.payloadOffset = o;
    p.payloadCaptured = Math.max(0, capEnd - o);
    return;
  }
  decodeTransport(p, nh, buf, o, capEnd, transportLen);
}

function extCut(p: DecodedPacket, nh: number, headerLen: number): void {
  p.ipProto = nh;
  p.ipHeaderLen = headerLen;
  p.truncated = true;
}
