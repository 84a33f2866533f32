/**
 * Entry point of the decode stage: one captured record → the reused DecodedPacket, plus the
 * per-protocol and per-skip-reason counters the capture summary reports.
 */
import type { PacketRecord } from '../capture/types.js';
import { decodeLink } from './link.js';
import { Proto, SKIP_REASONS, Skip, type DecodedPacket } from './packet.js';

/** Decodes `rec` into `p` (which is reset first). */
export function decodeFrame(rec: PacketRecord, p: DecodedPacket): void {
  p.reset();
  p.buf = rec.buf;
  p.frameOffset = rec.offset;
  p.index = rec.index;
  p.tsSec = rec.tsSec;
  p.tsNsec = rec.tsNsec;
  p.linkType = rec.linkType;
  p.capLen = rec.capLen;
  p.origLen = rec.origLen;
  decodeLink(p, rec.linkType, rec.buf, rec.offset, rec.offset + rec.capLen);
  if (p.skip === Skip.none && p.ipVersion === 0) p.skip = Skip.notIp;
}

/** Counters of decoded protocols and skipped frames, kept in a typed array. */
export class DecodeStats {
  /** Indexed by STAT_* below. */
  readonly counts = new Float64Array(STAT_NAMES.length);
  readonly skipped = new Float64Array(SKIP_REASONS.length);
  packets = 0;
  bytes = 0;
  /** First and last timestamps seen (seconds + nanoseconds), -1 before any. */
  firstSec = -1;
  firstNsec = 0;
  lastSec = -1;
  lastNsec = 0;

  /** Counts one decoded frame. */
  add(p: DecodedPacket, hasTimestamp: boolean): void {
    this.packets++;
    this.bytes += p.origLen;
    if (hasTimestamp) this.addTime(p.tsSec, p.tsNsec);
    if (p.skip !== Skip.none) {
      this.skipped[p.skip]!++;
      return;
    }
    const c = this.counts;
    c[p.ipVersion === 4 ? STAT_IPV4 : STAT_IPV6]!++;
    if (p.isFragment) c[STAT_FRAGMENT]!++;
    if (p.truncated) c[STAT_TRUNCATED]!++;
    if (p.vlanCount > 0) c[STAT_VLAN]!++;
    if (p.tunnels > 0) c[STAT_TUNNEL]!++;
    switch (p.ipProto) {
      case Proto.tcp:
        c[STAT_TCP]!++;
        break;
      case Proto.udp:
        c[STAT_UDP]!++;
        break;
      case Proto.icmp:
        c[STAT_ICMP]!++;
        break;
      case Proto.icmpv6:
        c[STAT_ICMPV6]!++;
        break;
      default:
        c[STAT_OTHER]!++;
    }
  }

  private addTime(sec: number, nsec: number): void {
    if (
      this.firstSec < 0 ||
      sec < this.firstSec ||
      (sec === this.firstSec && nsec < this.firstNsec)
    ) {
      this.firstSec = sec;
      this.firstNsec = nsec;
    }
    if (sec > this.lastSec || (sec === this.lastSec && nsec > this.lastNsec)) {
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
  }

  /** Protocol counts by name, zero entries omitted. */
  protocols(): Record<string, number> {
    return namedCounts(STAT_NAMES, this.counts);
  }

  /** Skipped frames by reason, zero entries omitted. */
  skips(): Record<string, number> {
    return namedCounts(SKIP_REASONS, this.skipped);
  }
}

const STAT_NAMES = [
  'ipv4',
  'ipv6',
  'tcp',
  'udp',
  'icmp',
  'icmpv6',
  'other ip protocol',
  'fragment',
  'vlan',
  'tunnelled',
  'truncated',
];
const STAT_IPV4 = 0;
const STAT_IPV6 = 1;
const STAT_TCP = 2;
const STAT_UDP = 3;
const STAT_ICMP = 4;
const STAT_ICMPV6 = 5;
const STAT_OTHER = 6;
const STAT_FRAGMENT = 7;
const STAT_VLAN = 8;
const STAT_TUNNEL = 9;
const STAT_TRUNCATED = 10;

function namedCounts(names: readonly string[], counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((name, i) => {
    if (name !== '' && counts[i]! > 0) out[name] = counts[i]!;
  });
  return out;
}
