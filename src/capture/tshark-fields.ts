/**
 * The tshark fields nad reads from `-T json` and `-T ek` exports, and the packet they make.
 *
 * Field names follow tshark's display-filter names (`ip.src`, `tcp.flags`); `-T ek` spells them
 * `<layer>_<name with '.' → '_'>` (`ip_ip_src`). A field counts only inside its own layer, so
 * the copy of an IP header quoted inside an ICMP error never overwrites the packet's own.
 * Every occurrence of a layer is seen (a tunnel has two `ip` layers): a new `ip` / `ipv6`
 * layer starts a new innermost packet, as the decoders describe a tunnelled packet by its
 * innermost IP header.
 */
import { Proto } from './types.js';
import { HeaderFields } from './json-packet.js';

/** Field slots. */
export const F = {
  raw: 0,
  time: 1,
  len: 2,
  capLen: 3,
  encap: 4,
  iface: 5,
  ethType: 6,
  vlanId: 7,
  ipHdrLen: 8,
  ipLen: 9,
  ipId: 10,
  ipMf: 11,
  ipFragOffset: 12,
  ipTtl: 13,
  ipProto: 14,
  ipSrc: 15,
  ipDst: 16,
  v6Plen: 17,
  v6Nxt: 18,
  v6Hlim: 19,
  v6Src: 20,
  v6Dst: 21,
  v6FragOffset: 22,
  v6FragMore: 23,
  v6FragId: 24,
  tcpSrc: 25,
  tcpDst: 26,
  tcpFlags: 27,
  tcpLen: 28,
  tcpHdrLen: 29,
  tcpSeqRaw: 30,
  tcpSeq: 31,
  tcpAckRaw: 32,
  udpSrc: 33,
  udpDst: 34,
  udpLen: 35,
  icmpType: 36,
  icmpCode: 37,
  icmp6Type: 38,
  icmp6Code: 39,
  data: 40,
  v6FragNxt: 41,
} as const;
const SLOT_COUNT = 42;

/** Largest extension-header length written by the synthesizer (one header, (255 + 1) × 8). */
const MAX_EXT_BYTES = 2048;

/** Most VLAN ids kept per packet (the decoders follow at most 8 tags). */
const MAX_VLAN_IDS = 16;

/** [slot, layer, field name] — tshark 4.0 field names. */
const FIELDS: [number, string, string][] = [
  [F.time, 'frame', 'frame.time_epoch'],
  [F.len, 'frame', 'frame.len'],
  [F.capLen, 'frame', 'frame.cap_len'],
  [F.encap, 'frame', 'frame.encap_type'],
  [F.iface, 'frame', 'frame.interface_id'],
  [F.ethType, 'eth', 'eth.type'],
  [F.vlanId, 'vlan', 'vlan.id'],
  [F.ipHdrLen, 'ip', 'ip.hdr_len'],
  [F.ipLen, 'ip', 'ip.len'],
  [F.ipId, 'ip', 'ip.id'],
  [F.ipMf, 'ip', 'ip.flags.mf'],
  [F.ipFragOffset, 'ip', 'ip.frag_offset'],
  [F.ipTtl, 'ip', 'ip.ttl'],
  [F.ipProto, 'ip', 'ip.proto'],
  [F.ipSrc, 'ip', 'ip.src'],
  [F.ipDst, 'ip', 'ip.dst'],
  [F.v6Plen, 'ipv6', 'ipv6.plen'],
  [F.v6Nxt, 'ipv6', 'ipv6.nxt'],
  [F.v6Hlim, 'ipv6', 'ipv6.hlim'],
  [F.v6Src, 'ipv6', 'ipv6.src'],
  [F.v6Dst, 'ipv6', 'ipv6.dst'],
  [F.v6FragOffset, 'ipv6', 'ipv6.fraghdr.offset'],
  [F.v6FragMore, 'ipv6', 'ipv6.fraghdr.more'],
  [F.v6FragId, 'ipv6', 'ipv6.fraghdr.ident'],
  [F.v6FragNxt, 'ipv6', 'ipv6.fraghdr.nxt'],
  [F.tcpSrc, 'tcp', 'tcp.srcport'],
  [F.tcpDst, 'tcp', 'tcp.dstport'],
  [F.tcpFlags, 'tcp', 'tcp.flags'],
  [F.tcpLen, 'tcp', 'tcp.len'],
  [F.tcpHdrLen, 'tcp', 'tcp.hdr_len'],
  [F.tcpSeqRaw, 'tcp', 'tcp.seq_raw'],
  [F.tcpSeq, 'tcp', 'tcp.seq'],
  [F.tcpAckRaw, 'tcp', 'tcp.ack_raw'],
  [F.udpSrc, 'udp', 'udp.srcport'],
  [F.udpDst, 'udp', 'udp.dstport'],
  [F.udpLen, 'udp', 'udp.length'],
  [F.icmpType, 'icmp', 'icmp.type'],
  [F.icmpCode, 'icmp', 'icmp.code'],
  [F.icmp6Type, 'icmpv6', 'icmpv6.type'],
  [F.icmp6Code, 'icmpv6', 'icmpv6.code'],
  [F.data, 'data', 'data.data'],
];

/** Layers whose fields are read (others are skipped unparsed). */
export const WANTED_LAYERS = new Set(FIELDS.map(([, layer]) => layer));

/** Sub-trees of `-T json` that hold wanted fields. */
export const JSON_SUBTREES = new Set(['ip.flags_tree', 'ipv6.fraghdr']);

/**
 * Sub-trees of `-T ek` that hold wanted fields: ek flattens field trees but keeps the IPv6
 * Fragment header as an object whose names carry its own prefix
 * (`ipv6_fraghdr: {ipv6_fraghdr_ipv6_fraghdr_offset: …}`).
 */
export const EK_SUBTREES = new Set(['ipv6_fraghdr']);

/** Field name → slot, for `-T json` (`ip.src`) or `-T ek` (`ip_ip_src`) spelling. */
export function fieldMap(ek: boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const [slot, layer, name] of FIELDS) {
    const prefix = name.startsWith('ipv6.fraghdr.') ? 'ipv6_fraghdr' : layer;
    m.set(ek ? `${prefix}_${name.replace(/\./g, '_')}` : name, slot);
  }
  return m;
}

/** The layer a slot belongs to. */
export const SLOT_LAYER: string[] = (() => {
  const out = new Array<string>(SLOT_COUNT).fill('');
  for (const [slot, layer] of FIELDS) out[slot] = layer;
  out[F.raw] = 'frame_raw';
  return out;
})();

/** Values of one packet, as exported (strings). Reused. */
export class PacketFields {
  readonly values: (string | undefined)[] = new Array<string | undefined>(SLOT_COUNT);
  readonly vlanIds: string[] = [];
  /** The layer whose fields are being read. */
  layer = '';
  /** ip / ipv6 layers seen (more than one: a tunnel). */
  ipLayers = 0;

  /** Starts a new packet. */
  clear(): void {
    this.values.fill(undefined);
    this.vlanIds.length = 0;
    this.layer = '';
    this.ipLayers = 0;
  }

  /** A layer object starts: an inner ip / ipv6 layer replaces the outer one's fields. */
  beginLayer(name: string): void {
    this.layer = name;
    if (name === 'ip' || name === 'ipv6') {
      this.ipLayers++;
      this.values.fill(undefined, F.ipHdrLen, SLOT_COUNT);
    }
  }

  /** Stores one value (the last occurrence within a layer wins; VLAN ids accumulate). */
  set(slot: number, value: string): void {
    if (slot === F.vlanId) {
      if (this.vlanIds.length < MAX_VLAN_IDS) this.vlanIds.push(value);
    } else this.values[slot] = value;
  }
}

/** Converts exported strings into header fields; false when the packet has no IP layer. */
export function toHeaderFields(v: PacketFields, h: HeaderFields, scratch: HexBuffer): boolean {
  const s = v.values;
  h.clear();
  for (const id of v.vlanIds) h.vlanIds.push(num(id));
  if (s[F.ipSrc] !== undefined) {
    h.ipVersion = 4;
    parseIpv4(s[F.ipSrc]!, h.src);
    parseIpv4(s[F.ipDst] ?? '', h.dst);
    h.proto = num(s[F.ipProto]);
    h.ipTotalLen = num(s[F.ipLen]);
    h.ipHeaderLen = num(s[F.ipHdrLen]);
    h.ipId = num(s[F.ipId]);
    h.ttl = num(s[F.ipTtl]);
    h.fragMore = flag(s[F.ipMf]);
    h.fragOffset = num(s[F.ipFragOffset]) * 8; // tshark 4 shows the field in 8-byte units
  } else if (s[F.v6Src] !== undefined) {
    ipv6Fields(s, h);
  } else return false;
  transportFields(s, h);
  if (h.fragOffset === 0 && (h.fragMore || h.ipv6Frag) && s[F.data] !== undefined)
    h.fragmentData = scratch.decode(s[F.data]!);
  return true;
}

function ipv6Fields(s: (string | undefined)[], h: HeaderFields): void {
  h.ipVersion = 6;
  parseIpv6(s[F.v6Src]!, h.src);
  parseIpv6(s[F.v6Dst] ?? '', h.dst);
  h.ttl = num(s[F.v6Hlim]);
  const plen = num(s[F.v6Plen]);
  h.ipTotalLen = plen > 0 ? 40 + plen : 0;
  h.ipv6Frag = s[F.v6FragOffset] !== undefined;
  if (h.ipv6Frag) {
    h.fragOffset = num(s[F.v6FragOffset]) * 8;
    h.fragMore = flag(s[F.v6FragMore]);
    h.ipId = num(s[F.v6FragId]);
  }
  const next = h.ipv6Frag ? num(s[F.v6FragNxt]) : num(s[F.v6Nxt]);
  h.proto = IPV6_EXTENSIONS.has(next) ? upperProtocol(s, next) : next;
  // Extension headers other than Fragment: what the payload length leaves beside the transport.
  const transportLen =
    h.proto === Proto.tcp && s[F.tcpLen] !== undefined
      ? num(s[F.tcpHdrLen]) + num(s[F.tcpLen])
      : h.proto === Proto.udp
        ? num(s[F.udpLen])
        : -1;
  const ext = plen - transportLen - (h.ipv6Frag ? 8 : 0);
  // One synthesized header stands for the chain: at most 2048 bytes (its 8-byte-unit length
  // byte). A larger "extension" comes from a corrupt plen and must not size an allocation.
  if (transportLen >= 0 && !h.ipv6Frag && ext >= 8 && ext <= MAX_EXT_BYTES && ext % 8 === 0)
    h.ipv6ExtLen = ext;
}

/** IPv6 extension headers other than Fragment (RFC 8200 and IANA). */
const IPV6_EXTENSIONS = new Set([0, 43, 51, 60, 135, 139, 140]);

/** The transport protocol: the transport layer present, else the header's next-header value. */
function upperProtocol(s: (string | undefined)[], fallback: number): number {
  if (s[F.tcpSrc] !== undefined) return Proto.tcp;
  if (s[F.udpSrc] !== undefined) return Proto.udp;
  if (s[F.icmp6Type] !== undefined) return Proto.icmpv6;
  if (s[F.icmpType] !== undefined) return Proto.icmp;
  return fallback;
}

/**
 * Transport fields of the protocol the innermost IP header names (`-T ek` groups repeated layers,
 * so a VXLAN packet's outer `udp` layer comes after its inner `ip`: the protocol decides).
 */
function transportFields(s: (string | undefined)[], h: HeaderFields): void {
  if (h.proto === Proto.tcp) {
    h.srcPort = num(s[F.tcpSrc]);
    h.dstPort = num(s[F.tcpDst]);
    h.tcpFlags = num(s[F.tcpFlags]);
    h.tcpHeaderLen = num(s[F.tcpHdrLen]);
    h.tcpSeq = num(s[F.tcpSeqRaw] ?? s[F.tcpSeq]) >>> 0;
    h.tcpAck = num(s[F.tcpAckRaw]) >>> 0;
  } else if (h.proto === Proto.udp) {
    h.srcPort = num(s[F.udpSrc]);
    h.dstPort = num(s[F.udpDst]);
    h.udpLen = num(s[F.udpLen]);
  } else if (h.proto === Proto.icmp) {
    h.icmpType = num(s[F.icmpType]);
    h.icmpCode = num(s[F.icmpCode]);
  } else if (h.proto === Proto.icmpv6) {
    h.icmpType = num(s[F.icmp6Type]);
    h.icmpCode = num(s[F.icmp6Code]);
  }
}

/** A decimal or 0x-hex field value; 0 when absent or not a number. */
export function num(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const n = Number(text); // Number() reads both "17" and "0x0012"
  return Number.isFinite(n) ? n : 0;
}

/** tshark booleans: "1"/"0" in `-T json`, true/false (stored as "1"/"0") in `-T ek`. */
function flag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

/** Dotted quad into a[0..3]; false when malformed. */
export function parseIpv4(text: string, a: Uint8Array): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    const v = Number(p);
    if (!/^[0-9]{1,3}$/.test(p) || v > 255) return false;
    a[i] = v;
  }
  return true;
}

/** RFC 4291 text (with `::`, and an embedded dotted quad) into a[0..15]; false when malformed. */
export function parseIpv6(text: string, a: Uint8Array): boolean {
  a.fill(0);
  const halves = text.split('::');
  if (halves.length > 2 || text === '') return false;
  const groups = (h: string | undefined): number[] | undefined => {
    if (h === undefined || h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const q = new Uint8Array(4);
        if (!parseIpv4(g, q)) return undefined;
        out.push((q[0]! << 8) | q[1]!, (q[2]! << 8) | q[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return false;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return false;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  all.forEach((g, i) => {
    a[2 * i] = g >> 8;
    a[2 * i + 1] = g & 0xff;
  });
  return true;
}

/** Decodes hex text ("0a1b…" or "0a:1b:…") into one reused buffer. */
export class HexBuffer {
  private buf = new Uint8Array(2048);

  /** The bytes of `hex` (a view valid until the next call); odd or bad digits end it early. */
  decode(hex: string): Uint8Array {
    if (this.buf.length < hex.length >> 1)
      this.buf = new Uint8Array(Math.max(hex.length >> 1, this.buf.length * 2));
    const b = this.buf;
    let n = 0;
    // Hot loop: two hex digits per byte, ':' separators skipped.
    for (let i = 0; i + 1 < hex.length;) {
      const hi = hexDigit(hex.charCodeAt(i));
      if (hi < 0) {
        if (hex.charCodeAt(i) === 0x3a) {
          i++;
          continue;
        }
        break;
      }
      const lo = hexDigit(hex.charCodeAt(i + 1));
      if (lo < 0) break;
      b[n++] = (hi << 4) | lo;
      i += 2;
    }
    return b.subarray(0, n);
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
