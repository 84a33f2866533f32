/**
 * The tshark per-packet reference dumps (fixtures/reference/tshark/README.md) and the projection
 * of a tshark row and of one of our decoded packets onto the same comparable shape.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { formatAddress, type DecodedPacket } from '../../src/decode/packet.js';
import { TSHARK, epochString } from './fixtures.js';

/** One tshark row: every column split into its occurrences (outermost first). */
export type TsharkRow = Record<string, string[]>;

/** Path of the reference dump of a capture (relative to fixtures/pcaps), or undefined. */
export function referencePath(rel: string): string | undefined {
  const plain = join(TSHARK, `${rel}.tsv`);
  if (existsSync(plain)) return plain;
  return existsSync(`${plain}.gz`) ? `${plain}.gz` : undefined;
}

/** Parses a (possibly gzipped) tshark TSV dump. */
export function readTsharkDump(path: string): TsharkRow[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const header = (lines.shift() ?? '').split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const row: TsharkRow = {};
    header.forEach((name, i) => {
      const cell = cells[i] ?? '';
      row[name] = cell === '' ? [] : cell.split(',');
    });
    return row;
  });
}

/** The fields compared per packet; '' means "absent". */
export interface PacketView {
  time: string;
  len: string;
  capLen: string;
  vlan: string;
  src: string;
  dst: string;
  proto: string;
  ipLen: string;
  ipId: string;
  mf: string;
  fragOffset: string;
  srcPort: string;
  dstPort: string;
  tcpFlags: string;
  tcpLen: string;
  udpLen: string;
  icmpType: string;
  icmpCode: string;
}

const EXT_TOKENS = new Set(['ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts']);
const UPPER_PROTO: Record<string, string> = { tcp: '6', udp: '17', icmpv6: '58', icmp: '1' };

/** Which IP layer of a row is "our" packet, and which transport layer follows it. */
export interface Selection {
  family: 'ip' | 'ipv6';
  /** Occurrence index of the selected IP layer among layers of its family. */
  occ: number;
  /** Token after the IP layer and its extension headers (tcp, udp, icmp, data, gre, …). */
  transport: string;
  /** Occurrence index of that transport token. */
  transportOcc: number;
  /** True when IPv6 extension headers sit between the IP header and `transport`. */
  extHeaders: boolean;
}

/**
 * THE OCCURRENCE RULE. Our packet is the innermost *carrier* IP header: walk frame.protocols
 * outermost first, remember the last `ip`/`ipv6` layer, and stop at the first ICMP/ICMPv6 after
 * it — an ICMP error quotes an IP header, which is data, not a carrier. So GRE / VXLAN /
 * IP-in-IP select the inner layer and an ICMP error selects the outer one.
 */
export function selectLayer(protocols: string): Selection | undefined {
  const tokens = protocols.split(':');
  const seen = new Map<string, number>();
  const occOf = (i: number): number => tokens.slice(0, i).filter((t) => t === tokens[i]).length;
  let sel: { family: 'ip' | 'ipv6'; occ: number; at: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const occ = seen.get(tok) ?? 0;
    seen.set(tok, occ + 1);
    if (tok === 'ip' || tok === 'ipv6') sel = { family: tok, occ, at: i };
    else if (sel !== undefined && (tok === 'icmp' || tok === 'icmpv6')) break;
  }
  if (sel === undefined) return undefined;
  let t = sel.at + 1;
  while (t < tokens.length && EXT_TOKENS.has(tokens[t]!)) t++;
  return {
    family: sel.family,
    occ: sel.occ,
    transport: tokens[t] ?? '',
    transportOcc: occOf(t),
    extHeaders: t > sel.at + 1,
  };
}

const EMPTY_IP = { src: '', dst: '', proto: '', ipLen: '', ipId: '', mf: '', fragOffset: '' };
const EMPTY_L4 = {
  srcPort: '',
  dstPort: '',
  tcpFlags: '',
  tcpLen: '',
  udpLen: '',
  icmpType: '',
  icmpCode: '',
};

/** Projects a tshark row through the occurrence rule. */
export function tsharkView(row: TsharkRow): PacketView {
  const one = (col: string, i = 0): string => row[col]?.[i] ?? '';
  const base = {
    time: one('frame.time_epoch'),
    len: one('frame.len'),
    capLen: one('frame.cap_len'),
    vlan: (row['vlan.id'] ?? []).join(','),
  };
  const sel = selectLayer(one('frame.protocols'));
  if (sel === undefined) return { ...base, ...EMPTY_IP, ...EMPTY_L4 };
  const k = sel.occ;
  const ip =
    sel.family === 'ip'
      ? {
          src: one('ip.src', k),
          dst: one('ip.dst', k),
          proto: one('ip.proto', k),
          ipLen: one('ip.len', k),
          ipId: one('ip.id', k),
          mf: one('ip.flags.mf', k),
          fragOffset: one('ip.frag_offset', k),
        }
      : {
          ...EMPTY_IP,
          src: one('ipv6.src', k),
          dst: one('ipv6.dst', k),
          // ipv6.nxt is the FIRST next header; we report the upper layer after the chain.
          proto: sel.extHeaders ? (UPPER_PROTO[sel.transport] ?? '?') : one('ipv6.nxt', k),
        };
  const j = sel.transportOcc;
  const l4 = { ...EMPTY_L4 };
  if (sel.transport === 'tcp') {
    Object.assign(l4, {
      srcPort: one('tcp.srcport', j),
      dstPort: one('tcp.dstport', j),
      tcpFlags: one('tcp.flags', j),
      tcpLen: one('tcp.len', j),
    });
  } else if (sel.transport === 'udp') {
    Object.assign(l4, {
      srcPort: one('udp.srcport', j),
      dstPort: one('udp.dstport', j),
      udpLen: one('udp.length', j),
    });
  } else if (sel.transport === 'icmp' || sel.transport === 'icmpv6') {
    const pre = sel.transport;
    Object.assign(l4, { icmpType: one(`${pre}.type`, j), icmpCode: one(`${pre}.code`, j) });
  }
  return { ...base, ...ip, ...l4 };
}

/** Projects our decoded packet (and whether its record had a timestamp) onto the same shape. */
export function ourView(p: DecodedPacket, hasTimestamp: boolean): PacketView {
  const base = {
    time: hasTimestamp ? epochString(p.tsSec, p.tsNsec) : '',
    len: String(p.origLen),
    capLen: String(p.capLen),
    vlan: Array.from(p.vlanIds.subarray(0, p.vlanCount)).join(','),
  };
  if (p.ipVersion === 0) return { ...base, ...EMPTY_IP, ...EMPTY_L4 };
  const v4 = p.ipVersion === 4;
  const ip = {
    src: formatAddress(p.ipVersion, p.src),
    dst: formatAddress(p.ipVersion, p.dst),
    proto: String(p.ipProto),
    ipLen: v4 ? String(p.ipTotalLen) : '',
    ipId: v4 ? `0x${p.ipId.toString(16).padStart(4, '0')}` : '',
    mf: v4 ? (p.fragMore ? '1' : '0') : '',
    fragOffset: v4 ? String(p.fragOffset / 8) : '',
  };
  const l4 = { ...EMPTY_L4 };
  const ports = p.hasTransport || p.srcPort !== 0 || p.dstPort !== 0;
  if (p.ipProto === 6 && ports) {
    Object.assign(l4, { srcPort: String(p.srcPort), dstPort: String(p.dstPort) });
    if (p.hasTransport) {
      l4.tcpFlags = `0x${p.tcpFlags.toString(16).padStart(4, '0')}`;
      l4.tcpLen = String(p.payloadLen);
    }
  } else if (p.ipProto === 17 && ports) {
    Object.assign(l4, { srcPort: String(p.srcPort), dstPort: String(p.dstPort) });
    if (p.hasTransport) l4.udpLen = String(p.udpLen);
  } else if ((p.ipProto === 1 || p.ipProto === 58) && p.hasTransport) {
    Object.assign(l4, { icmpType: String(p.icmpType), icmpCode: String(p.icmpCode) });
  }
  return { ...base, ...ip, ...l4 };
}
