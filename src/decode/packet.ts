/**
 * The decoded form of one frame (DESIGN.md, decode stage). One `DecodedPacket` is reused for
 * every frame of a capture: decoders overwrite its fields, nothing is allocated per packet.
 * When a frame carries a tunnel (GRE, VXLAN), the fields describe the innermost IP packet.
 */

/** Why a frame was not decoded to an IP packet. Index into SKIP_REASONS. */
export const Skip = {
  none: 0,
  linkType: 1,
  notIp: 2,
  truncated: 3,
  badHeader: 4,
  tooDeep: 5,
} as const;

/** Summary names of the skip reasons, by `Skip` value. */
export const SKIP_REASONS = [
  '',
  'unsupported link type',
  'not IP (ARP, LLC, …)',
  'cut before the IP header',
  'invalid IP header',
  'too many nested tunnels',
];

/** IP protocol numbers used by the decoders (defined with the capture types, which name them too). */
export { Proto } from '../capture/types.js';

/** TCP flag bits (low 12 bits of the TCP flags field). */
export const TcpFlag = {
  fin: 0x01,
  syn: 0x02,
  rst: 0x04,
  psh: 0x08,
  ack: 0x10,
  urg: 0x20,
  ece: 0x40,
  cwr: 0x80,
} as const;

/** Reused per-frame decode result. */
export class DecodedPacket {
  buf: Uint8Array = new Uint8Array(0);
  /** Where the frame starts in buf; its bytes are buf[frameOffset, frameOffset + capLen). */
  frameOffset = 0;
  index = 0;
  tsSec = 0;
  tsNsec = 0;
  linkType = 0;
  capLen = 0;
  origLen = 0;
  /** `Skip.none` when an IP packet was found. */
  skip: number = Skip.none;
  /** True when the frame's bytes end before the headers or payload the IP header announces. */
  truncated = false;
  /** 802.1Q / QinQ VLAN ids, outermost first. */
  readonly vlanIds = new Uint16Array(8);
  vlanCount = 0;
  mplsLabels = 0;
  /** Number of GRE / VXLAN / IP-in-IP encapsulations passed through. */
  tunnels = 0;

  /** 4 or 6 (0 before decoding). */
  ipVersion = 0;
  /** Source and destination addresses (IPv4 in the first 4 bytes). */
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  /** Upper-layer protocol after IPv6 extension headers. */
  ipProto = 0;
  /** Offset of the IP header in buf. */
  ipOffset = 0;
  /** IPv4 total length, or 40 + IPv6 payload length. */
  ipTotalLen = 0;
  /** IPv4 header length or 40 + IPv6 extension headers. */
  ipHeaderLen = 0;
  ipId = 0;
  ttl = 0;
  /** Fragment fields: more-fragments bit, offset in bytes, and whether this is a fragment. */
  fragMore = false;
  fragOffset = 0;
  isFragment = false;
  /** For fragments: where the fragment's data starts in buf and its length by the IP header. */
  fragDataOffset = 0;
  fragDataLen = 0;

  /** Offset of the transport header in buf (valid when hasTransport). */
  l4Offset = 0;
  /** True when the transport header (ports / ICMP type) was decoded. */
  hasTransport = false;
  srcPort = 0;
  dstPort = 0;
  /** TCP flags (12 bits), sequence and acknowledgement numbers, header length, urgent pointer. */
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  tcpHeaderLen = 0;
  /** UDP length field. */
  udpLen = 0;
  icmpType = 0;
  icmpCode = 0;
  /** Transport payload bytes by the IP lengths (TCP/UDP data; the whole ICMP message). */
  payloadLen = 0;
  /** Offset of the payload in buf and how many of its bytes were captured. */
  payloadOffset = 0;
  payloadCaptured = 0;

  /** Clears the per-frame state before decoding a new frame. */
  reset(): void {
    this.skip = Skip.none;
    this.truncated = false;
    this.vlanCount = 0;
    this.mplsLabels = 0;
    this.tunnels = 0;
    this.resetIp();
  }

  /** Clears the IP and transport fields (also done when entering a tunnel). */
  resetIp(): void {
    this.ipVersion = 0;
    this.ipProto = 0;
    this.ipTotalLen = 0;
    this.ipHeaderLen = 0;
    this.ipId = 0;
    this.fragMore = false;
    this.fragOffset = 0;
    this.isFragment = false;
    this.fragDataOffset = 0;
    this.fragDataLen = 0;
    this.hasTransport = false;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.tcpHeaderLen = 0;
    this.udpLen = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
    this.payloadLen = 0;
    this.payloadOffset = 0;
    this.payloadCaptured = 0;
  }
}

/** Dotted-quad or RFC 5952 text of an address held in a 16-byte array. */
export function formatAddress(version: number, a: Uint8Array): string {
  if (version === 4) return `${a[0]}.${a[1]}.${a[2]}.${a[3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((a[i]! << 8) | a[i + 1]!);
  // Longest run of ≥ 2 zero groups becomes "::" (RFC 5952 §4.2).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
