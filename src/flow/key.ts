/**
 * Direction-agnostic connection keys (kdd-features.md §2, "Key"). A key names the protocol and
 * the two (address, port) endpoints in a canonical order, so both directions of a conversation
 * find the same entry. Direction is decided by the full endpoint (address and port), never by
 * address alone: on loopback both sides share the address.
 */
import { randomBytes } from 'node:crypto';
import { formatAddress, type DecodedPacket } from '../decode/packet.js';

/**
 * Scratch result of keying one packet; reused. An IPv4 key is held as numbers (nothing is
 * allocated per packet); the key text is built only for IPv6 (and on demand, keyText).
 */
export class PacketKey {
  /** The canonical key string of an IPv6 packet ('' for IPv4). */
  key = '';
  /** True when the packet's source is the canonically lower endpoint. */
  srcIsLow = true;
  /** First key unit: ipVersion << 8 | ipProto. */
  head = 0;
  /** IPv4: lower and higher address (int32) and ports (lower << 16 | higher, int32). */
  lo = 0;
  hi = 0;
  ports = 0;
  /** Hash of the IPv4 key (open-addressing slot before masking). */
  hash = 0;
}

/**
 * Compares the packet's source and destination endpoints (address bytes, then port):
 * negative when the source is lower, 0 when equal (a LAND packet), positive otherwise.
 */
export function compareEndpoints(p: DecodedPacket): number {
  const n = p.ipVersion === 4 ? 4 : 16;
  for (let i = 0; i < n; i++) {
    const d = p.src[i]! - p.dst[i]!;
    if (d !== 0) return d;
  }
  return p.srcPort - p.dstPort;
}

/** An IPv4 address (first 4 bytes) as an int32. */
function addr32(a: Uint8Array): number {
  return (a[0]! << 24) | (a[1]! << 16) | (a[2]! << 8) | a[3]!;
}

/**
 * Per-process random seed of keyHash: a crafted capture cannot aim many keys at one slot of the
 * open-connection table (open-set.ts) to make every lookup a long probe. Output never depends on
 * slot placement (records are ordered by start time, ties by key fields).
 */
const HASH_SEED = randomBytes(4).readInt32LE(0);

/** Hash of the numeric key fields (well mixed in every bit, seeded per process). */
export function keyHash(head: number, lo: number, hi: number, ports: number): number {
  let h = Math.imul(lo ^ Math.imul(hi ^ HASH_SEED, 0x9e3779b1) ^ head, 0x85ebca6b) ^ ports;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  return h ^ (h >>> 13);
}

/**
 * Fills `out` with the connection key of `p` (TCP/UDP; ICMP records are per message and need
 * no key lookup, but get one built here too for ordering ties). IPv4 keys are numbers; an IPv6
 * key is text with addresses packed two bytes per UTF-16 code unit (19 code units).
 */
export function keyPacket(p: DecodedPacket, out: PacketKey): void {
  const srcIsLow = compareEndpoints(p) <= 0;
  const lo = srcIsLow ? p.src : p.dst;
  const hi = srcIsLow ? p.dst : p.src;
  const loPort = srcIsLow ? p.srcPort : p.dstPort;
  const hiPort = srcIsLow ? p.dstPort : p.srcPort;
  out.srcIsLow = srcIsLow;
  out.head = (p.ipVersion << 8) | p.ipProto;
  out.ports = (loPort << 16) | hiPort;
  if (p.ipVersion === 4) {
    out.lo = addr32(lo);
    out.hi = addr32(hi);
    out.hash = keyHash(out.head, out.lo, out.hi, out.ports);
    out.key = '';
    return;
  }
  out.lo = out.hi = out.hash = 0;
  const n = 16;
  let key = String.fromCharCode(out.head);
  for (let i = 0; i < n; i += 2) key += String.fromCharCode((lo[i]! << 8) | lo[i + 1]!);
  key += String.fromCharCode(loPort);
  for (let i = 0; i < n; i += 2) key += String.fromCharCode((hi[i]! << 8) | hi[i + 1]!);
  key += String.fromCharCode(hiPort);
  out.key = key;
}

/** The key text of numeric IPv4 key fields (as an IPv6 key is built: 7 code units). */
export function keyText4(head: number, lo: number, hi: number, ports: number): string {
  return String.fromCharCode(
    head,
    lo >>> 16,
    lo & 0xffff,
    ports >>> 16,
    hi >>> 16,
    hi & 0xffff,
    ports & 0xffff,
  );
}

const HOST_CACHE_BITS = 12;
const hostCacheAddr = new Int32Array(1 << HOST_CACHE_BITS);
const hostCacheText: string[] = new Array<string>(1 << HOST_CACHE_BITS).fill('');

/**
 * The packed text of an IPv4 address (int32), as hostOfKey gives it. When `shared`, recent
 * addresses come from a small direct-mapped cache, so a busy host's text is one string, not one
 * per record (for texts that are kept; a passing one is better made anew than cached).
 */
export function hostText4(addr: number, shared = true): string {
  if (!shared) return String.fromCharCode(addr >>> 16, addr & 0xffff);
  const i = Math.imul(addr, 0x9e3779b1) >>> (32 - HOST_CACHE_BITS);
  const cached = hostCacheText[i]!;
  if (cached !== '' && hostCacheAddr[i] === addr) return cached;
  const text = String.fromCharCode(addr >>> 16, addr & 0xffff);
  hostCacheAddr[i] = addr;
  hostCacheText[i] = text;
  return text;
}

/** Code units per packed address in a key: 2 for IPv4, 8 for IPv6. */
function addrUnits(ipVersion: number): number {
  return ipVersion === 4 ? 2 : 8;
}

/**
 * The packed address (a short string, usable as a map key) of one endpoint of `key`: the
 * canonically lower endpoint when `low`, else the higher one.
 */
export function hostOfKey(key: string, ipVersion: number, low: boolean): string {
  const n = addrUnits(ipVersion);
  const start = low ? 1 : 2 + n;
  return key.slice(start, start + n);
}

/** Dotted-quad or RFC 5952 text of a packed address from hostOfKey. */
export function formatHost(host: string, ipVersion: number): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < host.length; i++) {
    const u = host.charCodeAt(i);
    bytes[2 * i] = u >> 8;
    bytes[2 * i + 1] = u & 0xff;
  }
  return formatAddress(ipVersion, bytes);
}
