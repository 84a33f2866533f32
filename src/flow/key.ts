/**
 * Direction-agnostic connection keys (kdd-features.md §2, "Key"). A key names the protocol and
 * the two (address, port) endpoints in a canonical order, so both directions of a conversation
 * find the same entry. Direction is decided by the full endpoint (address and port), never by
 * address alone: on loopback both sides share the address.
 */
import { formatAddress, type DecodedPacket } from '../decode/packet.js';

/** Scratch result of keying one packet; reused, nothing is allocated per packet but the key. */
export class PacketKey {
  /** The canonical key string (protocol, lower endpoint, higher endpoint). */
  key = '';
  /** True when the packet's source is the canonically lower endpoint. */
  srcIsLow = true;
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

/**
 * Fills `out` with the connection key of `p` (TCP/UDP; ICMP records are per message and need
 * no key lookup, but get one built here too for ordering ties). Addresses are packed two bytes
 * per UTF-16 code unit: an IPv4 key is 7 code units, an IPv6 key 19.
 */
export function keyPacket(p: DecodedPacket, out: PacketKey): void {
  const srcIsLow = compareEndpoints(p) <= 0;
  const lo = srcIsLow ? p.src : p.dst;
  const hi = srcIsLow ? p.dst : p.src;
  const loPort = srcIsLow ? p.srcPort : p.dstPort;
  const hiPort = srcIsLow ? p.dstPort : p.srcPort;
  out.srcIsLow = srcIsLow;
  if (p.ipVersion === 4) {
    // One flat string in one call (no cons-string chain to flatten at the Map lookup).
    out.key = String.fromCharCode(
      (4 << 8) | p.ipProto,
      (lo[0]! << 8) | lo[1]!,
      (lo[2]! << 8) | lo[3]!,
      loPort,
      (hi[0]! << 8) | hi[1]!,
      (hi[2]! << 8) | hi[3]!,
      hiPort,
    );
    return;
  }
  const n = 16;
  let key = String.fromCharCode((p.ipVersion << 8) | p.ipProto);
  for (let i = 0; i < n; i += 2) key += String.fromCharCode((lo[i]! << 8) | lo[i + 1]!);
  key += String.fromCharCode(loPort);
  for (let i = 0; i < n; i += 2) key += String.fromCharCode((hi[i]! << 8) | hi[i + 1]!);
  key += String.fromCharCode(hiPort);
  out.key = key;
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

/** The port of one endpoint of `key` (see hostOfKey). */
export function portOfKey(key: string, ipVersion: number, low: boolean): number {
  const n = addrUnits(ipVersion);
  return key.charCodeAt(low ? 1 + n : 2 + 2 * n);
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
