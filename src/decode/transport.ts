/**
 * Dispatch from the IP protocol number to TCP, UDP, ICMP/ICMPv6 and the tunnels
 * (GRE, IP-in-IP, VXLAN over UDP 4789). Unknown protocols stay IP packets without ports.
 */
import { decodeGre } from './gre.js';
import { decodeIcmp } from './icmp.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { Proto, Skip, type DecodedPacket } from './packet.js';
import { decodeTcp } from './tcp.js';
import { decodeUdp } from './udp.js';

/** Most tunnel layers followed in one frame. */
export const MAX_TUNNELS = 4;

/**
 * Decodes the transport at buf[off, end) (end = end of captured IP payload);
 * `payloadLen` is the IP payload length the IP header announces.
 */
export function decodeTransport(
  p: DecodedPacket,
  proto: number,
  buf: Uint8Array,
  off: number,
  end: number,
  payloadLen: number,
): void {
  switch (proto) {
    case Proto.tcp:
      return decodeTcp(p, buf, off, end, payloadLen);
    case Proto.udp:
      return decodeUdp(p, buf, off, end, payloadLen);
    case Proto.icmp:
    case Proto.icmpv6:
      return decodeIcmp(p, buf, off, end, payloadLen);
    case Proto.gre:
      return decodeGre(p, buf, off, end);
    case Proto.ipv4:
      if (!p.isFragment && enterTunnel(p)) decodeIpv4(p, buf, off, end);
      return;
    case Proto.ipv6:
      if (!p.isFragment && enterTunnel(p)) decodeIpv6(p, buf, off, end);
      return;
    default:
      p.payloadLen = payloadLen;
  }
}

/** Starts decoding an inner packet; false (and a skip) when tunnels nest too deep. */
export function enterTunnel(p: DecodedPacket): boolean {
  if (p.tunnels >= MAX_TUNNELS) {
    p.skip = Skip.tooDeep;
    return false;
  }
  p.tunnels++;
  p.resetIp();
  return true;
}
