/**
 * Builds a minimal raw IP packet (LINKTYPE_RAW, 101; Ethernet + 802.1Q when VLAN ids are known)
 * from header fields, for the JSON inputs that carry no packet bytes: tshark exports without
 * `-x` and packet telemetry.
 *
 * Why bytes rather than filling a DecodedPacket directly: the decode stage stays the one place
 * that interprets headers (fragment offsets, IPv6 extension chains, payload lengths from the IP
 * lengths, the `truncated` rule), so a packet from fields goes through exactly the code a packet
 * from a capture does, fragment reassembly included. The headers are written with their true
 * lengths (IPv4 options and TCP options as zero bytes, IPv6 extension headers as one padding
 * Destination Options header) and the IP total length is the exported one, so header and payload
 * lengths are exact; the payload bytes themselves are absent (the packet decodes as cut by a
 * snaplen: content features see nothing). The first fragment of a fragmented datagram is the
 * exception: its exported data bytes are written, so reassembly finds the transport header.
 */
import { Proto } from './types.js';

/** Header fields of one packet. Reset with `clear()`; unknown fields stay at their defaults. */
export class HeaderFields {
  ipVersion = 0;
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  proto = -1;
  /** IPv4 total length / 40 + IPv6 payload length; 0 = unknown (headers only). */
  ipTotalLen = 0;
  /** IPv4 header length (20–60); 0 = 20. */
  ipHeaderLen = 0;
  ipId = 0;
  ttl = 64;
  fragMore = false;
  /** Fragment offset in bytes. */
  fragOffset = 0;
  /** IPv6 only: a Fragment header is present. */
  ipv6Frag = false;
  /** IPv6: bytes of extension headers other than the Fragment header (multiple of 8). */
  ipv6ExtLen = 0;
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  /** TCP header length (20–60); 0 = 20. */
  tcpHeaderLen = 0;
  udpLen = 0;
  icmpType = 0;
  icmpCode = 0;
  readonly vlanIds: number[] = [];
  /** Data bytes written after the IP header of a first fragment (else none). */
  fragmentData: Uint8Array | undefined;

  /** Back to defaults. */
  clear(): void {
    Object.assign(this, FRESH);
    this.src.fill(0);
    this.dst.fill(0);
    this.vlanIds.length = 0;
    this.fragmentData = undefined;
  }
}

const FRESH = (({ src: _s, dst: _d, vlanIds: _v, ...rest }) => rest)(new HeaderFields());

/** Writes packets into one reused buffer. */
export class PacketSynthesizer {
  private buf = new Uint8Array(256);

  /** Writes `f` as a frame; returns its link type, bytes (valid until the next call) and length. */
  build(f: HeaderFields): { linkType: number; buf: Uint8Array; capLen: number } {
    const data = f.fragmentData;
    const need = 18 + 4 * f.vlanIds.length + 60 + 8 + f.ipv6ExtLen + 60 + (data?.length ?? 0);
    if (this.buf.length < need) this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
    const b = this.buf;
    b.fill(0, 0, need);
    let o = 0;
    let linkType = 101;
    if (f.vlanIds.length > 0) {
      linkType = 1;
      o = 12;
      for (const id of f.vlanIds) o = put16(b, put16(b, o, 0x8100), id & 0x0fff);
      o = put16(b, o, f.ipVersion === 6 ? 0x86dd : 0x0800);
    }
    const ipStart = o;
    o = f.ipVersion === 6 ? writeIpv6(b, o, f) : writeIpv4(b, o, f);
    if (data !== undefined) {
      b.set(data, o);
      o += data.length;
    } else if (f.fragOffset === 0) o = writeTransport(b, o, f);
    if (f.ipTotalLen === 0)
      put16(b, ipStart + (f.ipVersion === 6 ? 4 : 2), o - ipStart - (f.ipVersion === 6 ? 40 : 0));
    return { linkType, buf: b, capLen: o };
  }
}

function put16(b: Uint8Array, o: number, v: number): number {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
  return o + 2;
}

function put32(b: Uint8Array, o: number, v: number): number {
  put16(b, o, (v >>> 16) & 0xffff);
  return put16(b, o + 2, v & 0xffff);
}

function writeIpv4(b: Uint8Array, o: number, f: HeaderFields): number {
  const hl = Math.min(60, Math.max(20, f.ipHeaderLen & ~3));
  b[o] = 0x40 | (hl >> 2);
  put16(b, o + 2, f.ipTotalLen);
  put16(b, o + 4, f.ipId);
  put16(b, o + 6, (f.fragMore ? 0x2000 : 0) | ((f.fragOffset >> 3) & 0x1fff));
  b[o + 8] = f.ttl;
  b[o + 9] = f.proto < 0 ? 0xff : f.proto;
  b.set(f.src.subarray(0, 4), o + 12);
  b.set(f.dst.subarray(0, 4), o + 16);
  return o + hl; // options (if any) stay zero: end-of-options
}

function writeIpv6(b: Uint8Array, o: number, f: HeaderFields): number {
  const start = o;
  b[o] = 0x60;
  put16(b, o + 4, f.ipTotalLen > 0 ? f.ipTotalLen - 40 : 0);
  b[o + 7] = f.ttl;
  b.set(f.src, o + 8);
  b.set(f.dst, o + 24);
  let nhAt = o + 6;
  o += 40;
  if (f.ipv6ExtLen >= 8) {
    // One Destination Options header holding a PadN option stands for the real chain.
    b[nhAt] = 60;
    nhAt = o;
    b[o + 1] = f.ipv6ExtLen / 8 - 1;
    b[o + 2] = 1; // PadN
    b[o + 3] = f.ipv6ExtLen - 4;
    o += f.ipv6ExtLen;
  }
  if (f.ipv6Frag) {
    b[nhAt] = 44;
    nhAt = o;
    put16(b, o + 2, (f.fragOffset & 0xfff8) | (f.fragMore ? 1 : 0));
    put32(b, o + 4, f.ipId);
    o += 8;
  }
  b[nhAt] = f.proto < 0 ? 59 : f.proto; // 59: no next header
  void start;
  return o;
}

function writeTransport(b: Uint8Array, o: number, f: HeaderFields): number {
  switch (f.proto) {
    case Proto.tcp: {
      const hl = Math.min(60, Math.max(20, f.tcpHeaderLen & ~3));
      put16(b, put16(b, o, f.srcPort), f.dstPort);
      put32(b, put32(b, o + 4, f.tcpSeq), f.tcpAck);
      b[o + 12] = ((hl >> 2) << 4) | ((f.tcpFlags >> 8) & 0x0f);
      b[o + 13] = f.tcpFlags & 0xff;
      return o + hl;
    }
    case Proto.udp:
      put16(b, put16(b, put16(b, o, f.srcPort), f.dstPort), f.udpLen);
      return o + 8;
    case Proto.icmp:
    case Proto.icmpv6:
      b[o] = f.icmpType;
      b[o + 1] = f.icmpCode;
      return o + 8;
    default:
      return o;
  }
}
