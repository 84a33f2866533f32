/**
 * IPv4 / IPv6 fragment reassembly with bounded buffers and a timeout on packet time.
 *
 * Fragments are grouped by (version, source, destination, protocol, identification). A datagram
 * is complete when the last fragment (MF = 0) has arrived and the bytes from 0 to its end are all
 * covered; it is then decoded as one packet (ports, TCP flags, payload length of the whole
 * datagram). Problems are counted per datagram as `badFragments`, the raw material of KDD's
 * `wrong_fragment` (kdd-features.md §3): fragments that overlap bytes already received (teardrop;
 * an exact duplicate of a fragment is not counted),
 * data beyond 65,535 bytes (ping of death), and a second "last" fragment that disagrees.
 *
 * Limits: at most `maxDatagrams` in progress and `maxBytes` buffered; past either, the oldest
 * datagram is dropped (counted as evicted). A datagram whose fragments stop arriving for
 * `timeoutSec` of packet time is dropped (counted as timed out); if its first fragment was seen
 * it is still delivered, marked `incomplete`, so the connection it belongs to is not lost.
 */
import { Proto, type DecodedPacket } from './packet.js';
import { DecodedPacket as Packet } from './packet.js';
import { decodeTransport } from './transport.js';

/** Settings of the reassembler (Linux defaults: 30 s, bounded memory). */
export interface FragmentConfig {
  timeoutSec: number;
  maxDatagrams: number;
  maxBytes: number;
}

/** Defaults: 30 s like Linux `ipfrag_time`, 4096 datagrams, 64 MiB. */
export const DEFAULT_FRAGMENT_CONFIG: FragmentConfig = Object.freeze({
  timeoutSec: 30,
  maxDatagrams: 4096,
  maxBytes: 64 << 20,
});

/** Largest IP datagram (the IPv4 total-length field's limit). */
const MAX_DATAGRAM = 65_535;

interface Piece {
  offset: number;
  /** Length by the IP header (more than bytes.length when the frame was cut by snaplen). */
  len: number;
  bytes: Uint8Array;
}

interface Pending {
  key: string;
  pieces: Piece[];
  /** Total length once the last fragment is known, else -1. */
  totalLen: number;
  bytes: number;
  badFragments: number;
  fragments: number;
  lastSeenSec: number;
  /** A copy of the first fragment's decoded header fields, once it arrived. */
  first: Packet | undefined;
}

/** Counters for the summary. */
export interface FragmentStats {
  datagrams: number;
  overlaps: number;
  oversize: number;
  timedOut: number;
  evicted: number;
}

/** A reassembled datagram: a decoded packet plus the problems seen while building it. */
export interface Reassembled {
  packet: DecodedPacket;
  badFragments: number;
  fragments: number;
  incomplete: boolean;
}

/** Collects fragments and yields whole datagrams. */
export class FragmentReassembler {
  readonly stats: FragmentStats = {
    datagrams: 0,
    overlaps: 0,
    oversize: 0,
    timedOut: 0,
    evicted: 0,
  };
  /** Insertion-ordered: the first entry is the oldest datagram. */
  private readonly pending = new Map<string, Pending>();
  private bufferedBytes = 0;
  private readonly out = new Packet();

  constructor(private readonly config: FragmentConfig = DEFAULT_FRAGMENT_CONFIG) {}

  /**
   * Adds one fragment (`p.isFragment`). Returns the datagram when this fragment completes it;
   * the returned packet is reused by the next call.
   */
  add(p: DecodedPacket): Reassembled | undefined {
    const key = fragmentKey(p);
    let d = this.pending.get(key);
    if (d === undefined) {
      d = {
        key,
        pieces: [],
        totalLen: -1,
        bytes: 0,
        badFragments: 0,
        fragments: 0,
        lastSeenSec: p.tsSec,
        first: undefined,
      };
      this.pending.set(key, d);
      this.enforceLimits();
    }
    d.fragments++;
    d.lastSeenSec = p.tsSec;
    this.addPiece(d, p);
    if (p.fragOffset === 0) d.first = copyHeader(p, d.first);
    if (!p.fragMore) this.setTotal(d, p.fragOffset + p.fragDataLen);
    if (d.totalLen < 0 || d.first === undefined || !covered(d)) return undefined;
    this.drop(d);
    this.stats.datagrams++;
    return this.assemble(d, p, false);
  }

  /** Drops datagrams idle for longer than the timeout at packet time `nowSec`. */
  expire(nowSec: number, onIncomplete?: (r: Reassembled) => void): void {
    for (const d of this.pending.values()) {
      if (nowSec - d.lastSeenSec <= this.config.timeoutSec) continue;
      this.dropTimedOut(d, onIncomplete);
    }
  }

  /** End of input: every datagram still open times out. */
  flush(onIncomplete?: (r: Reassembled) => void): void {
    for (const d of [...this.pending.values()]) this.dropTimedOut(d, onIncomplete);
  }

  private dropTimedOut(d: Pending, onIncomplete?: (r: Reassembled) => void): void {
    this.drop(d);
    this.stats.timedOut++;
    if (d.first !== undefined && onIncomplete !== undefined)
      onIncomplete(this.assemble(d, d.first, true));
  }

  private addPiece(d: Pending, p: DecodedPacket): void {
    const start = p.fragOffset;
    const end = start + p.fragDataLen;
    if (end > MAX_DATAGRAM) {
      d.badFragments++;
      this.stats.oversize++;
    }
    for (const piece of d.pieces) {
      // An exact duplicate (a retransmitted or twice-captured fragment) is not an overlap.
      if (piece.offset === start && piece.len === p.fragDataLen) break;
      if (start < piece.offset + piece.len && piece.offset < end) {
        d.badFragments++;
        this.stats.overlaps++;
        break;
      }
    }
    const captured = Math.max(
      0,
      Math.min(p.fragDataLen, p.frameOffset + p.capLen - p.fragDataOffset),
    );
    const keep = Math.max(0, Math.min(captured, MAX_DATAGRAM - start));
    const bytes = p.buf.slice(p.fragDataOffset, p.fragDataOffset + keep);
    d.pieces.push({ offset: start, len: p.fragDataLen, bytes });
    d.bytes += bytes.length;
    this.bufferedBytes += bytes.length;
  }

  private setTotal(d: Pending, total: number): void {
    if (d.totalLen >= 0 && d.totalLen !== total) d.badFragments++;
    d.totalLen = Math.max(d.totalLen, total);
  }

  private enforceLimits(): void {
    while (
      this.pending.size > this.config.maxDatagrams ||
      this.bufferedBytes > this.config.maxBytes
    ) {
      const oldest = this.pending.values().next().value as Pending | undefined;
      if (oldest === undefined) return;
      this.drop(oldest);
      this.stats.evicted++;
    }
  }

  private drop(d: Pending): void {
    this.pending.delete(d.key);
    this.bufferedBytes -= d.bytes;
  }

  /** Builds the datagram's transport bytes and decodes them into the reused output packet. */
  private assemble(d: Pending, last: DecodedPacket, incomplete: boolean): Reassembled {
    const first = d.first!;
    const total = Math.min(
      MAX_DATAGRAM,
      d.totalLen >= 0 ? d.totalLen : Math.max(...d.pieces.map((x) => x.offset + x.len)),
    );
    const data = new Uint8Array(total);
    // Later pieces overwrite earlier ones where they overlap, as most stacks do; bytes past the
    // end the last fragment gave (a teardrop whose last fragment lies inside another) are cut.
    for (const piece of d.pieces)
      if (piece.offset < total)
        data.set(piece.bytes.subarray(0, total - piece.offset), piece.offset);
    const out = this.out;
    out.reset();
    copyIpFields(first, out);
    out.tsSec = last.tsSec;
    out.tsNsec = last.tsNsec;
    out.buf = data;
    out.frameOffset = 0;
    out.capLen = total;
    out.isFragment = false;
    decodeTransport(out, first.ipProto, data, 0, total, total);
    if (out.ipProto === Proto.icmp || out.ipProto === Proto.icmpv6) out.payloadLen = total;
    return { packet: out, badFragments: d.badFragments, fragments: d.fragments, incomplete };
  }
}

/** Identity of the datagram a fragment belongs to. */
function fragmentKey(p: DecodedPacket): string {
  const n = p.ipVersion === 4 ? 4 : 16;
  let key = `${p.ipVersion}/${p.ipProto}/${p.ipId}/`;
  for (let i = 0; i < n; i++) key += String.fromCharCode(p.src[i]!);
  for (let i = 0; i < n; i++) key += String.fromCharCode(p.dst[i]!);
  return key;
}

function copyHeader(p: DecodedPacket, into: Packet | undefined): Packet {
  const c = into ?? new Packet();
  copyIpFields(p, c);
  return c;
}

function copyIpFields(from: DecodedPacket, to: DecodedPacket): void {
  to.index = from.index;
  to.tsSec = from.tsSec;
  to.tsNsec = from.tsNsec;
  to.linkType = from.linkType;
  to.capLen = from.capLen;
  to.origLen = from.origLen;
  to.ipVersion = from.ipVersion;
  to.ipProto = from.ipProto;
  to.ipId = from.ipId;
  to.ttl = from.ttl;
  to.src.set(from.src);
  to.dst.set(from.dst);
  to.vlanCount = from.vlanCount;
  to.vlanIds.set(from.vlanIds);
  to.tunnels = from.tunnels;
}

/** True when the pieces cover [0, totalLen) without a gap. */
function covered(d: Pending): boolean {
  const sorted = d.pieces.slice().sort((a, b) => a.offset - b.offset);
  let reach = 0;
  for (const piece of sorted) {
    if (piece.offset > reach) return false;
    reach = Math.max(reach, piece.offset + piece.len);
  }
  return reach >= d.totalLen;
}
