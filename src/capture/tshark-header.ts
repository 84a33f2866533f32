/**
 * The header fields of one tshark packet, from the field values exported for it (tshark-fields.ts):
 * IPv4 or the innermost IPv6 header, its fragment fields, the transport ports, flags and
 * sequence numbers, ICMP type and code, VLAN ids, and the payload of a first fragment.
 */
import type { HeaderFields } from './json-packet.js';
import { num, parseIpv4, parseIpv6, type HexBuffer } from './field-text.js';
import { F, type PacketFields } from './tshark-fields.js';
import { Proto } from './types.js';

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

/** Largest extension-header length written by the synthesizer (one header, (255 + 1) × 8). */
const MAX_EXT_BYTES = 2048;

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

/** tshark booleans: "1"/"0" in `-T json`, true/false (stored as "1"/"0") in `-T ek`. */
function flag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}
