/**
 * Link-layer dispatch by LINKTYPE_* (tcpdump.org/linktypes.html): Ethernet (1), BSD null (0),
 * OpenBSD loop (108), raw IP (101, 12, 14, 228, 229), Linux cooked SLL (113) and SLL2 (276),
 * PPP (9), NFLOG (239). Anything else (802.11, radiotap, user types) is skipped and counted.
 */
import {
  cut,
  decodeEtherType,
  decodeEthernet,
  decodeIpByVersion,
  decodePppProtocol,
} from './ethernet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { Skip, type DecodedPacket } from './packet.js';

/** Decodes one frame of link type `linkType` in buf[off, off + capLen) into `p` (already reset). */
export function decodeLink(
  p: DecodedPacket,
  linkType: number,
  buf: Uint8Array,
  off: number,
  end: number,
): void {
  switch (linkType) {
    case 1:
      return decodeEthernet(p, buf, off, end);
    case 0:
      return decodeNull(p, buf, off, end, false);
    case 108:
      return decodeNull(p, buf, off, end, true);
    case 101:
    case 12:
    case 14:
      return decodeIpByVersion(p, buf, off, end);
    case 228:
      return decodeIpv4(p, buf, off, end);
    case 229:
      return decodeIpv6(p, buf, off, end);
    case 113:
      return end - off < 16
        ? cut(p)
        : decodeEtherType(p, (buf[off + 14]! << 8) | buf[off + 15]!, buf, off + 16, end);
    case 276:
      return end - off < 20
        ? cut(p)
        : decodeEtherType(p, (buf[off]! << 8) | buf[off + 1]!, buf, off + 20, end);
    case 9:
      return decodePpp(p, buf, off, end);
    case 239:
      return decodeNflog(p, buf, off, end);
    default:
      p.skip = Skip.linkType;
  }
}

/** AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD. */
function decodeNull(
  p: DecodedPacket,
  buf: Uint8Array,
  off: number,
  end: number,
  networkOrder: boolean,
): void {
  if (end - off < 4) return cut(p);
  const be =
    ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
  const le =
    ((buf[off + 3]! << 24) | (buf[off + 2]! << 16) | (buf[off + 1]! << 8) | buf[off]!) >>> 0;
  // LINKTYPE_NULL is in the capturing host's byte order, which the file does not record.
  const family = networkOrder ? be : le < 0x10000 ? le : be;
  if (family === 2) return decodeIpv4(p, buf, off + 4, end);
  if (family === 24 || family === 28 || family === 30) return decodeIpv6(p, buf, off + 4, end);
  p.skip = Skip.notIp;
}

/** PPP in HDLC-like framing (optional FF 03), protocol field of 1 or 2 bytes. */
function decodePpp(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  let o = off;
  if (end - o >= 2 && buf[o] === 0xff && buf[o + 1] === 0x03) o += 2;
  if (end - o < 1) return cut(p);
  if ((buf[o]! & 0x01) === 1) return decodePppProtocol(p, buf[o]!, buf, o + 1, end);
  if (end - o < 2) return cut(p);
  decodePppProtocol(p, (buf[o]! << 8) | buf[o + 1]!, buf, o + 2, end);
}

/** NFLOG: 4-byte header (family, version, resource id), then TLVs; type 9 holds the packet. */
function decodeNflog(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  if (end - off < 4) return cut(p);
  const family = buf[off]!;
  let o = off + 4;
  while (end - o >= 4) {
    // TLV length and type are in host byte order (little-endian on the hosts that write NFLOG).
    const len = buf[o]! | (buf[o + 1]! << 8);
    const type = buf[o + 2]! | (buf[o + 3]! << 8);
    if (len < 4) break;
    if (type === 9) {
      const dataEnd = Math.min(end, o + len);
      if (family === 2) return decodeIpv4(p, buf, o + 4, dataEnd);
      if (family === 10) return decodeIpv6(p, buf, o + 4, dataEnd);
      return decodeIpByVersion(p, buf, o + 4, dataEnd);
    }
    o += (len + 3) & ~3;
  }
  p.skip = Skip.notIp;
}
