/**
 * Ethernet II and the EtherType chain under it: 802.1Q / QinQ (0x8100, 0x88a8, 0x9100), MPLS
 * (0x8847/0x8848), PPPoE session (0x8864), then IPv4 / IPv6. 802.3 frames with an LLC/SNAP
 * header carrying an EtherType are followed too.
 */
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { Skip, type DecodedPacket } from './packet.js';

const ETH_HEADER = 14;
/** Bound on stacked tags / labels, so a malformed frame cannot loop long. */
const MAX_TAGS = 8;

/** Decodes an Ethernet frame occupying buf[off, end). */
export function decodeEthernet(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  if (end - off < ETH_HEADER) return cut(p);
  const typeOrLen = (buf[off + 12]! << 8) | buf[off + 13]!;
  if (typeOrLen <= 1500) return decodeLlc(p, buf, off + ETH_HEADER, end);
  decodeEtherType(p, typeOrLen, buf, off + ETH_HEADER, end);
}

/** Follows an EtherType at buf[off, end) down to IP. */
export function decodeEtherType(
  p: DecodedPacket,
  etherType: number,
  buf: Uint8Array,
  off: number,
  end: number,
): void {
  let type = etherType;
  let o = off;
  for (let tags = 0; tags <= MAX_TAGS; tags++) {
    switch (type) {
      case 0x0800:
        return decodeIpv4(p, buf, o, end);
      case 0x86dd:
        return decodeIpv6(p, buf, o, end);
      case 0x8100:
      case 0x88a8:
      case 0x9100:
        if (end - o < 4) return cut(p);
        if (p.vlanCount < p.vlanIds.length)
          p.vlanIds[p.vlanCount++] = ((buf[o]! << 8) | buf[o + 1]!) & 0x0fff;
        type = (buf[o + 2]! << 8) | buf[o + 3]!;
        o += 4;
        break;
      case 0x8847:
      case 0x8848:
        return decodeMpls(p, buf, o, end);
      case 0x8864:
        return decodePppoe(p, buf, o, end);
      default:
        p.skip = Skip.notIp;
        return;
    }
  }
  p.skip = Skip.tooDeep;
}

/** IP by the version nibble (raw-IP link types, MPLS payloads). */
export function decodeIpByVersion(
  p: DecodedPacket,
  buf: Uint8Array,
  off: number,
  end: number,
): void {
  if (end - off < 1) return cut(p);
  const version = buf[off]! >> 4;
  if (version === 4) return decodeIpv4(p, buf, off, end);
  if (version === 6) return decodeIpv6(p, buf, off, end);
  p.skip = Skip.notIp;
}

function decodeMpls(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  let o = off;
  for (let i = 0; i < MAX_TAGS; i++) {
    if (end - o < 4) return cut(p);
    p.mplsLabels++;
    const bottom = (buf[o + 2]! & 0x01) !== 0;
    o += 4;
    if (bottom) return decodeIpByVersion(p, buf, o, end);
  }
  p.skip = Skip.tooDeep;
}

function decodePppoe(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  // 6-byte PPPoE header, then a 2-byte PPP protocol.
  if (end - off < 8) return cut(p);
  decodePppProtocol(p, (buf[off + 6]! << 8) | buf[off + 7]!, buf, off + 8, end);
}

/** PPP protocol numbers 0x0021 (IPv4) and 0x0057 (IPv6); everything else is not IP. */
export function decodePppProtocol(
  p: DecodedPacket,
  proto: number,
  buf: Uint8Array,
  off: number,
  end: number,
): void {
  if (proto === 0x0021) return decodeIpv4(p, buf, off, end);
  if (proto === 0x0057) return decodeIpv6(p, buf, off, end);
  p.skip = Skip.notIp;
}

function decodeLlc(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  // LLC AA AA 03 + SNAP OUI 00 00 00 + EtherType.
  if (end - off >= 8 && buf[off] === 0xaa && buf[off + 1] === 0xaa && buf[off + 2] === 0x03) {
    return decodeEtherType(p, (buf[off + 6]! << 8) | buf[off + 7]!, buf, off + 8, end);
  }
  p.skip = Skip.notIp;
}

/** Marks a frame that ended before its link or network header. */
export function cut(p: DecodedPacket): void {
  p.skip = Skip.truncated;
  p.truncated = true;
}
