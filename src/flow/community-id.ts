/**
 * Community ID v1 flow hashing (the Community ID specification, corelight/community-id-spec):
 * `1:` + base64(SHA-1(seed · lower address · higher address · IP protocol · 0 · lower port ·
 * higher port)), every field in network byte order (seed 2 bytes, addresses 4 or 16, protocol 1,
 * one 0 byte of padding, ports 2 each). The endpoints are ordered so the smaller (address, port)
 * comes first. ICMP and ICMPv6 put the message type in the source port and its counterpart type
 * (echo ↔ echo reply, …) in the destination port; a message with no counterpart is one-way: its
 * type and code, never reordered. Zeek, Suricata, Arkime and Wireshark show the same value, so an
 * analyst can pivot from nad's findings to their logs.
 */
import { Buffer } from 'node:buffer';
import * as crypto from 'node:crypto';
import { Proto } from '../decode/packet.js';

/** The seed of the default Community ID (every tool's default). */
export const COMMUNITY_ID_SEED = 0;

/** ICMP (RFC 792) message types with a counterpart, as Zeek pairs them. */
const ICMP4_COUNTERPART = new Map<number, number>([
  [8, 0], // echo → echo reply
  [0, 8],
  [13, 14], // timestamp → reply
  [14, 13],
  [15, 16], // information request → reply
  [16, 15],
  [10, 9], // router solicitation → advertisement
  [9, 10],
  [17, 18], // address mask request → reply
  [18, 17],
]);

/** ICMPv6 (RFC 4443 and neighbours) message types with a counterpart. */
const ICMP6_COUNTERPART = new Map<number, number>([
  [128, 129], // echo request → reply
  [129, 128],
  [130, 131], // multicast listener query → report
  [131, 130],
  [133, 134], // router solicitation → advertisement
  [134, 133],
  [135, 136], // neighbour solicitation → advertisement
  [136, 135],
  [139, 140], // node information query → reply
  [140, 139],
  [144, 145], // home agent address discovery request → reply
  [145, 144],
]);

/** The port-like values of an ICMP message, and whether it is one-way (never reordered). */
export interface IcmpPorts {
  srcPort: number;
  dstPort: number;
  oneWay: boolean;
}

/** The Community ID's ports of an ICMP (`v6` false) or ICMPv6 message. */
export function icmpPorts(type: number, code: number, v6: boolean): IcmpPorts {
  const counterpart = (v6 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART).get(type);
  return counterpart === undefined
    ? { srcPort: type, dstPort: code, oneWay: true }
    : { srcPort: type, dstPort: counterpart, oneWay: false };
}

/** One flow as the hash sees it: addresses as bytes (4 or 16, both the same length). */
export interface FlowTuple {
  proto: number;
  src: Uint8Array;
  dst: Uint8Array;
  srcPort: number;
  dstPort: number;
  /** Keep the given order (a one-way ICMP message). */
  oneWay?: boolean;
}

/** Hash input, reused: 2 + 16 + 16 + 2 + 4 bytes at most. */
const input = Buffer.alloc(40);

/** The Community ID v1 of `t` with `seed` (0 unless the site chose another). */
export function communityId(t: FlowTuple, seed = COMMUNITY_ID_SEED): string {
  const n = t.src.length;
  const swap = !t.oneWay && isGreater(t);
  const [a, b] = swap ? [t.dst, t.src] : [t.src, t.dst];
  const [pa, pb] = swap ? [t.dstPort, t.srcPort] : [t.srcPort, t.dstPort];
  input.writeUInt16BE(seed & 0xffff, 0);
  input.set(a, 2);
  input.set(b, 2 + n);
  let at = 2 + 2 * n;
  input[at++] = t.proto;
  input[at++] = 0;
  if (hasPorts(t.proto)) {
    input.writeUInt16BE(pa & 0xffff, at);
    input.writeUInt16BE(pb & 0xffff, at + 2);
    at += 4;
  }
  return `1:${sha1Base64(input.subarray(0, at))}`;
}

/** crypto.hash (Node ≥ 20.12: one call, no Hash object), else createHash. */
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'base64') => string })
  .hash;

/** Base64 of the SHA-1 digest of `data`. */
function sha1Base64(data: Uint8Array): string {
  if (oneShot !== undefined) return oneShot('sha1', data, 'base64');
  return crypto.createHash('sha1').update(data).digest('base64');
}

/** True when (src, srcPort) sorts after (dst, dstPort): address bytes first, then the port. */
function isGreater(t: FlowTuple): boolean {
  for (let i = 0; i < t.src.length; i++) {
    const d = t.src[i]! - t.dst[i]!;
    if (d !== 0) return d > 0;
  }
  return t.srcPort > t.dstPort;
}

/** Protocols whose ports (or ICMP type/counterpart) enter the hash. */
function hasPorts(proto: number): boolean {
  return (
    proto === Proto.tcp ||
    proto === Proto.udp ||
    proto === Proto.icmp ||
    proto === Proto.icmpv6 ||
    proto === SCTP
  );
}

/** SCTP's IP protocol number (no decoder here, but the hash layout names it). */
const SCTP = 132;

/** The 4 or 16 bytes of a packed address (flow/key.ts: two bytes per UTF-16 code unit). */
export function hostBytes(host: string): Uint8Array {
  const bytes = new Uint8Array(host.length * 2);
  for (let i = 0; i < host.length; i++) {
    const u = host.charCodeAt(i);
    bytes[2 * i] = u >> 8;
    bytes[2 * i + 1] = u & 0xff;
  }
  return bytes;
}

/** What a connection record knows of its endpoints (features/kdd.ts RecordEndpoints). */
export interface EndpointFields {
  ipProto: number;
  srcHost: string;
  srcPort: number;
  dstHost: string;
  dstPort: number;
  icmpType: number;
  icmpCode: number;
}

/** The Community ID (seed 0) of a connection record, from its packed addresses. */
export function endpointCommunityId(e: EndpointFields): string {
  return packedCommunityId(
    e.ipProto,
    e.srcHost,
    e.srcPort,
    e.dstHost,
    e.dstPort,
    e.icmpType,
    e.icmpCode,
  );
}

/**
 * endpointCommunityId from the fields themselves, with no object or byte array per call: the
 * packed addresses (two bytes per UTF-16 code unit, so comparing code units compares the bytes)
 * go straight into the reused hash input. The same value as communityId (tested).
 */
export function packedCommunityId(...endpoints: Parameters<typeof packCommunityInput>): string {
  return `1:${sha1Base64(input.subarray(0, packCommunityInput(...endpoints)))}`;
}

/**
 * The hash input of the last packCommunityInput (reused: valid until the next call), for a
 * caller that hashes it itself (rows/line-writer.ts writes the ID as bytes).
 */
export const communityInput: Uint8Array = input;

/**
 * Writes the Community ID hash input (seed 0) of packed endpoints into communityInput, as
 * packedCommunityId hashes it; returns its length in bytes (at most 40).
 */
export function packCommunityInput(
  ipProto: number,
  srcHost: string,
  srcPort: number,
  dstHost: string,
  dstPort: number,
  icmpType: number,
  icmpCode: number,
): number {
  let oneWay = false;
  if (ipProto === Proto.icmp || ipProto === Proto.icmpv6) {
    const counterpart = (ipProto === Proto.icmpv6 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART).get(
      icmpType,
    );
    srcPort = icmpType;
    dstPort = counterpart ?? icmpCode;
    oneWay = counterpart === undefined;
  }
  const swap = !oneWay && packedGreater(srcHost, srcPort, dstHost, dstPort);
  const a = swap ? dstHost : srcHost;
  const b = swap ? srcHost : dstHost;
  const n = a.length * 2;
  input[0] = 0; // seed 0
  input[1] = 0;
  for (let i = 0; i < a.length; i++) {
    const u = a.charCodeAt(i);
    const v = b.charCodeAt(i);
    input[2 + 2 * i] = u >> 8;
    input[3 + 2 * i] = u & 0xff;
    input[2 + n + 2 * i] = v >> 8;
    input[3 + n + 2 * i] = v & 0xff;
  }
  let at = 2 + 2 * n;
  input[at++] = ipProto;
  input[at++] = 0;
  if (hasPorts(ipProto)) {
    const pa = swap ? dstPort : srcPort;
    const pb = swap ? srcPort : dstPort;
    input[at++] = (pa >> 8) & 0xff;
    input[at++] = pa & 0xff;
    input[at++] = (pb >> 8) & 0xff;
    input[at++] = pb & 0xff;
  }
  return at;
}

/** isGreater over packed addresses. */
function packedGreater(src: string, srcPort: number, dst: string, dstPort: number): boolean {
  for (let i = 0; i < src.length; i++) {
    const d = src.charCodeAt(i) - dst.charCodeAt(i);
    if (d !== 0) return d > 0;
  }
  return srcPort > dstPort;
}
