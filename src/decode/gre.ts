/**
 * GRE (RFC 2784/2890) and PPTP's enhanced GRE (RFC 2637, version 1): the optional checksum,
 * key, sequence and acknowledgement words, then the inner IPv4/IPv6, transparent Ethernet
 * (0x6558) or PPP (0x880b). A GRE packet whose inner payload is not IP (PPP control, …) stays
 * the outer IP packet with protocol 47.
 */
import { decodeEtherType, decodeEthernet } from './ethernet.js';
import type { DecodedPacket } from './packet.js';
import { enterTunnel } from './transport.js';

/** Decodes a GRE header at buf[off, end). */
export function decodeGre(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  if (p.isFragment || end - off < 4) return;
  const flags = (buf[off]! << 8) | buf[off + 1]!;
  const proto = (buf[off + 2]! << 8) | buf[off + 3]!;
  let o = off + 4;
  if (flags & 0xc000) o += 4; // checksum (+ reserved) or routing present
  if (flags & 0x2000) o += 4; // key
  if (flags & 0x1000) o += 4; // sequence number
  if ((flags & 0x0007) === 1 && flags & 0x0080) o += 4; // PPTP acknowledgement number
  if (end - o < 1) return;
  if (proto === 0x0800 || proto === 0x86dd) {
    if (enterTunnel(p)) decodeEtherType(p, proto, buf, o, end);
  } else if (proto === 0x6558) {
    const inner = end - o >= 14 ? (buf[o + 12]! << 8) | buf[o + 13]! : 0;
    if ((inner === 0x0800 || inner === 0x86dd || inner === 0x8100) && enterTunnel(p))
      decodeEthernet(p, buf, o, end);
  } else if (proto === 0x880b) {
    decodeGrePpp(p, buf, o, end);
  }
}

function decodeGrePpp(p: DecodedPacket, buf: Uint8Array, off: number, end: number): void {
  let o = off;
  if (end - o >= 2 && buf[o] === 0xff && buf[o + 1] === 0x03) o += 2;
  if (end - o < 2) return;
  let pppProto: number;
  if ((buf[o]! & 1) === 1) {
    pppProto = buf[o]!;
    o += 1;
  } else {
    pppProto = (buf[o]! << 8) | buf[o + 1]!;
    o += 2;
  }
  if (pppProto === 0x21 && enterTunnel(p)) decodeEtherType(p, 0x0800, buf, o, end);
  else if (pppProto === 0x57 && enterTunnel(p)) decodeEtherType(p, 0x86dd, buf, o, end);
}
