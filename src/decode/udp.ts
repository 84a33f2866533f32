/**
 * UDP (RFC 768): ports and length; the payload length comes from the IP length (a fragment's
 * first piece announces the whole datagram in its UDP length). VXLAN on port 4789 is followed
 * to its inner Ethernet frame.
 */
import { decodeEthernet } from './ethernet.js';
import type { DecodedPacket } from './packet.js';
import { enterTunnel } from './transport.js';

const VXLAN_PORT = 4789;

/** Decodes a UDP header at buf[off, end). */
export function decodeUdp(
  p: DecodedPacket,
  buf: Uint8Array,
  off: number,
  end: number,
  ipPayloadLen: number,
): void {
  if (end - off < 8) {
    // Cut inside the header: ports if captured; the payload length still comes from IP.
    p.truncated = true;
    p.payloadLen = Math.max(0, ipPayloadLen - 8);
    if (end - off >= 4) {
      p.srcPort = (buf[off]! << 8) | buf[off + 1]!;
      p.dstPort = (buf[off + 2]! << 8) | buf[off + 3]!;
    }
    return;
  }
  p.srcPort = (buf[off]! << 8) | buf[off + 1]!;
  p.dstPort = (buf[off + 2]! << 8) | buf[off + 3]!;
  p.udpLen = (buf[off + 4]! << 8) | buf[off + 5]!;
  p.hasTransport = true;
  p.payloadLen = Math.max(0, ipPayloadLen - 8);
  p.payloadOffset = off + 8;
  p.payloadCaptured = Math.max(0, end - p.payloadOffset);
  if (
    p.dstPort === VXLAN_PORT &&
    !p.isFragment &&
    isVxlanWithIp(buf, off + 8, end) &&
    enterTunnel(p)
  ) {
    decodeEthernet(p, buf, off + 16, end);
  }
}

/** VXLAN header with the I flag, then an Ethernet frame whose EtherType is IP or a VLAN tag. */
function isVxlanWithIp(buf: Uint8Array, off: number, end: number): boolean {
  if (end - off < 8 + 14 || (buf[off]! & 0x08) === 0) return false;
  const type = (buf[off + 20]! << 8) | buf[off + 21]!;
  return type === 0x0800 || type === 0x86dd || type === 0x8100 || type === 0x88a8;
}
