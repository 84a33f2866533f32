/**
 * Hand-built frames for decoder unit tests (cases no fixture covers), and a helper that runs
 * decodeFrame on them. Multi-byte fields are big-endian (network order) unless said otherwise.
 */
import { newPacketRecord } from '../../src/capture/types.js';
import { decodeFrame } from '../../src/decode/frame.js';
import { DecodedPacket } from '../../src/decode/packet.js';

/** Bytes from numbers and byte arrays. */
export function bytes(...parts: (number | number[] | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p & 0xff);
    else for (const b of p) out.push(b);
  }
  return Uint8Array.from(out);
}

/** A 16-bit big-endian field. */
export const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
/** A 32-bit big-endian field. */
export const u32 = (v: number): number[] => [...u16(v >>> 16), ...u16(v & 0xffff)];

export interface Ipv4Opts {
  proto: number;
  src?: number[];
  dst?: number[];
  id?: number;
  /** Flags+offset word: 0x2000 = MF, low 13 bits = offset in 8-byte units. */
  frag?: number;
  /** Total length field (default: header + payload). */
  totalLen?: number;
  options?: number[];
}

/** An IPv4 packet (checksum left 0). */
export function ipv4(o: Ipv4Opts, payload: Uint8Array): Uint8Array {
  const opts = o.options ?? [];
  const ihl = 5 + opts.length / 4;
  const total = o.totalLen ?? ihl * 4 + payload.length;
  return bytes(
    0x40 | ihl,
    0,
    u16(total),
    u16(o.id ?? 0x1234),
    u16(o.frag ?? 0),
    64,
    o.proto,
    0,
    0,
    o.src ?? [10, 0, 0, 1],
    o.dst ?? [10, 0, 0, 2],
    opts,
    payload,
  );
}

/** An IPv6 packet; `nh` is the first next header, `payload` includes any extension headers. */
export function ipv6(nh: number, payload: Uint8Array, payloadLen = payload.length): Uint8Array {
  const src = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const dst = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
  return bytes(0x60, 0, 0, 0, u16(payloadLen), nh, 64, src, dst, payload);
}

/** A TCP header (data offset from the options) followed by `payload`. */
export function tcp(
  sport: number,
  dport: number,
  flags: number,
  payload = new Uint8Array(0),
  options: number[] = [],
): Uint8Array {
  const doff = 5 + options.length / 4;
  return bytes(
    u16(sport),
    u16(dport),
    u32(1000),
    u32(2000),
    (doff << 4) | ((flags >> 8) & 0x0f),
    flags & 0xff,
    u16(65535),
    0,
    0,
    0,
    0,
    options,
    payload,
  );
}

/** A UDP header (length = 8 + payload) followed by `payload`. */
export function udp(sport: number, dport: number, payload = new Uint8Array(0)): Uint8Array {
  return bytes(u16(sport), u16(dport), u16(8 + payload.length), 0, 0, payload);
}

/** An Ethernet II frame. */
export function eth(etherType: number, payload: Uint8Array): Uint8Array {
  return bytes([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2], u16(etherType), payload);
}

/** A TCP SYN from 10.0.0.1:1234 to 10.0.0.2:80 with 5 payload bytes, as IPv4. */
export const IPV4_TCP = ipv4({ proto: 6 }, tcp(1234, 80, 0x002, bytes(1, 2, 3, 4, 5)));

/** Decodes `frame` as link type `linkType`, capturing only `capLen` bytes of it. */
export function decode(linkType: number, frame: Uint8Array, capLen = frame.length): DecodedPacket {
  const rec = newPacketRecord();
  rec.linkType = linkType;
  rec.buf = bytes([0xee, 0xee, 0xee], frame); // a non-zero offset, like a real chunk
  rec.offset = 3;
  rec.capLen = capLen;
  rec.origLen = frame.length;
  const p = new DecodedPacket();
  decodeFrame(rec, p);
  return p;
}

/** The fields most tests compare, as a plain object. */
export function summary(p: DecodedPacket): Record<string, unknown> {
  return {
    skip: p.skip,
    truncated: p.truncated,
    ipVersion: p.ipVersion,
    ipProto: p.ipProto,
    ipTotalLen: p.ipTotalLen,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    hasTransport: p.hasTransport,
    payloadLen: p.payloadLen,
  };
}
