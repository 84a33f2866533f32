/**
 * One JSON telemetry record (telemetry-json.ts lists the keys) → the header fields of its
 * packet, or the reason it is bad.
 */
import { Proto } from './types.js';
import type { HeaderFields } from './json-packet.js';
import { excerpt } from '../common/sanitize.js';
import { parseIpv4, parseIpv6 } from './field-text.js';

/** A scalar record value as the tokenizer delivered it (undefined: key absent). */
export type RecordValue = string | number | boolean | null | undefined;

/** Value slots of the known keys. */
export const K = {
  srcIp: 0,
  destIp: 1,
  srcPort: 2,
  destPort: 3,
  protocol: 4,
  packetSize: 5,
  timestamp: 6,
  tcpFlags: 7,
  icmpType: 8,
  icmpCode: 9,
} as const;

/** Key name → slot. */
export const KEY_INDEX: ReadonlyMap<string, number> = new Map([
  ['src_ip', K.srcIp],
  ['dest_ip', K.destIp],
  ['src_port', K.srcPort],
  ['dest_port', K.destPort],
  ['protocol', K.protocol],
  ['packet_size', K.packetSize],
  ['timestamp', K.timestamp],
  ['tcp_flags', K.tcpFlags],
  ['icmp_type', K.icmpType],
  ['icmp_code', K.icmpCode],
]);

/** Number of slots. */
export const KEY_COUNT = KEY_INDEX.size;

const PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['tcp', Proto.tcp],
  ['udp', Proto.udp],
  ['icmp', Proto.icmp],
  ['icmpv6', Proto.icmpv6],
  ['ipv6-icmp', Proto.icmpv6],
]);

const FLAG_LETTERS: Readonly<Record<string, number>> = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  A: 0x10,
  '.': 0x10,
  U: 0x20,
  E: 0x40,
  C: 0x80,
};

/** Fills `h` from the record; returns why the record is bad, or undefined. */
export function recordToFields(v: RecordValue[], h: HeaderFields): string | undefined {
  h.clear();
  for (const [name, slot] of [
    ['src_ip', K.srcIp],
    ['dest_ip', K.destIp],
    ['protocol', K.protocol],
    ['packet_size', K.packetSize],
  ] as const) {
    if (v[slot] === undefined || v[slot] === null) return `missing ${name}`;
  }
  const why = addresses(v, h);
  if (why !== undefined) return why;
  const proto = protocolOf(v[K.protocol]);
  if (proto === undefined)
    return `protocol ${excerpt(v[K.protocol])} is not TCP, UDP, ICMP, ICMPv6 or 0–255`;
  h.proto = proto;
  return sizes(v, h) ?? transport(v, h);
}

function addresses(v: RecordValue[], h: HeaderFields): string | undefined {
  const src = v[K.srcIp];
  const dst = v[K.destIp];
  if (typeof src !== 'string') return 'src_ip must be a string';
  if (typeof dst !== 'string') return 'dest_ip must be a string';
  const v4 = parseIpv4(src, h.src);
  if (!v4 && !parseIpv6(src, h.src)) return `src_ip ${excerpt(src)} is not an IP address`;
  const ok = v4 ? parseIpv4(dst, h.dst) : parseIpv6(dst, h.dst);
  if (!ok) return `dest_ip ${excerpt(dst)} is not an IPv${v4 ? 4 : 6} address like src_ip`;
  h.ipVersion = v4 ? 4 : 6;
  return undefined;
}

function protocolOf(p: RecordValue): number | undefined {
  if (typeof p === 'string') {
    const known = PROTOCOLS.get(p.toLowerCase());
    if (known !== undefined) return known;
  }
  const n = intOf(p);
  return n !== undefined && n <= 255 ? n : undefined;
}

/** Transport header size by protocol (payload = packet_size − IP header − this). */
function transportHeader(proto: number): number {
  if (proto === Proto.tcp) return 20;
  if (proto === Proto.udp || proto === Proto.icmp || proto === Proto.icmpv6) return 8;
  return 0;
}

function sizes(v: RecordValue[], h: HeaderFields): string | undefined {
  const size = intOf(v[K.packetSize]);
  const min = (h.ipVersion === 6 ? 40 : 20) + transportHeader(h.proto);
  const max = h.ipVersion === 6 ? 65_575 : 65_535;
  if (size === undefined || size < min || size > max)
    return `packet_size ${excerpt(v[K.packetSize])} is not a whole number from ${min} to ${max} (IP packet bytes)`;
  h.ipTotalLen = size;
  return undefined;
}

function transport(v: RecordValue[], h: HeaderFields): string | undefined {
  if (h.proto === Proto.tcp || h.proto === Proto.udp) {
    for (const [name, slot] of [
      ['src_port', K.srcPort],
      ['dest_port', K.destPort],
    ] as const) {
      const raw = v[slot];
      if (raw === undefined || raw === null) return `missing ${name}`;
      const port = intOf(raw);
      if (port === undefined || port > 65_535) return `${name} ${excerpt(raw)} is not 0–65535`;
      if (slot === K.srcPort) h.srcPort = port;
      else h.dstPort = port;
    }
  }
  if (h.proto === Proto.udp) h.udpLen = h.ipTotalLen - (h.ipVersion === 6 ? 40 : 20);
  if (h.proto === Proto.tcp) {
    const flags =
      v[K.tcpFlags] === undefined || v[K.tcpFlags] === null ? 0x10 : flagsOf(v[K.tcpFlags]);
    if (flags === undefined)
      return `tcp_flags ${excerpt(v[K.tcpFlags])} is not a number or flag letters (FSRPAUEC.)`;
    h.tcpFlags = flags;
  }
  if (h.proto === Proto.icmp || h.proto === Proto.icmpv6) return icmp(v, h);
  return undefined;
}

function icmp(v: RecordValue[], h: HeaderFields): string | undefined {
  const type = v[K.icmpType] === undefined ? 8 : intOf(v[K.icmpType]);
  const code = v[K.icmpCode] === undefined ? 0 : intOf(v[K.icmpCode]);
  if (type === undefined || type > 255) return `icmp_type ${excerpt(v[K.icmpType])} is not 0–255`;
  if (code === undefined || code > 255) return `icmp_code ${excerpt(v[K.icmpCode])} is not 0–255`;
  h.icmpType = type;
  h.icmpCode = code;
  return undefined;
}

function flagsOf(f: RecordValue): number | undefined {
  const n = intOf(f);
  if (n !== undefined) return n <= 0xfff ? n : undefined;
  if (typeof f !== 'string' || f === '') return undefined;
  let bits = 0;
  for (const ch of f.toUpperCase()) {
    const bit = FLAG_LETTERS[ch];
    if (bit === undefined) return undefined;
    bits |= bit;
  }
  return bits;
}

/** A non-negative whole number from a JSON number or a decimal / 0x-hex string. */
function intOf(x: RecordValue): number | undefined {
  let n: number;
  if (typeof x === 'number') n = x;
  else if (typeof x === 'string' && /^(?:[0-9]+|0x[0-9a-fA-F]+)$/.test(x.trim()))
    n = Number(x.trim());
  else return undefined;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
