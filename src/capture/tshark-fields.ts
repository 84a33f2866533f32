/**
 * The tshark fields nad reads from `-T json` and `-T ek` exports, and the values of one packet
 * (tshark-header.ts turns them into header fields).
 *
 * Field names follow tshark's display-filter names (`ip.src`, `tcp.flags`); `-T ek` spells them
 * `<layer>_<name with '.' → '_'>` (`ip_ip_src`). A field counts only inside its own layer, so
 * the copy of an IP header quoted inside an ICMP error never overwrites the packet's own.
 * Every occurrence of a layer is seen (a tunnel has two `ip` layers): a new `ip` / `ipv6`
 * layer starts a new innermost packet, as the decoders describe a tunnelled packet by its
 * innermost IP header.
 */

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
