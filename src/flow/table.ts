/**
 * The connection table (kdd-features.md §2): packets in capture order → connection records out,
 * sorted by start time. Timeouts run on packet time; the number of open connections is capped
 * (oldest idle evicted, counted); fragments are reassembled first and their problems counted as
 * wrong_fragment (§3); ICMP is one record per message.
 *
 * Payload bytes (§3 src_bytes / dst_bytes): TCP payload is counted **once by sequence number** —
 * a segment counts only the part beyond the highest sequence number already seen in its direction,
 * so retransmissions count 0 (Zeek's way); UDP and ICMP count every datagram.
 */
import {
  DEFAULT_FRAGMENT_CONFIG,
  FragmentReassembler,
  type FragmentConfig,
  type Reassembled,
} from '../decode/fragments.js';
import { Proto, Skip, TcpFlag, type DecodedPacket } from '../decode/packet.js';
import {
  Connection,
  type ConnectionPool,
  type PayloadInspector,
  newPayload,
  protocolName,
} from './connection.js';
import { CreationOrder, DeadlineQueue, ReorderBuffer } from './heap.js';
import { PacketKey, compareEndpoints, keyPacket } from './key.js';
import { OpenConnections, hasKey } from './open-set.js';
import { Ep, updateTcp } from './tcp-state.js';

export { newPayload };

/** Settings of the table (§2 "Timeouts", "Bounded memory"); pass one frozen object. */
export interface FlowConfig {
  /** A SYN (or a SYN-ACK) without any answer. */
  readonly synTimeoutSec: number;
  /** After a RST from either side. */
  readonly resetDelaySec: number;
  /** After the first FIN, waiting for the second. */
  readonly halfCloseSec: number;
  /** After both FINs (absorbs the last ACK so it makes no record of its own). */
  readonly closeDelaySec: number;
  /** Established (or mid-stream) TCP without packets. */
  readonly establishedIdleSec: number;
  /** UDP without packets. */
  readonly udpIdleSec: number;
  /** Most open connections; past it the oldest idle one is closed early (an eviction). */
  readonly maxOpen: number;
  /** Most closed records held for reordering; past it the earliest-starting open connection
   *  is closed early so that output stays sorted (counted as an eviction). */
  readonly maxHeld: number;
  /** How often (packet time) idle connections are looked for. */
  readonly sweepIntervalSec: number;
  readonly fragments: FragmentConfig;
}

/** Zeek-like defaults of §2: 5 s, 5 s, 3 s, 5 s, 300 s, 60 s. */
export const DEFAULT_FLOW_CONFIG: FlowConfig = Object.freeze({
  synTimeoutSec: 5,
  resetDelaySec: 5,
  halfCloseSec: 3,
  closeDelaySec: 5,
  establishedIdleSec: 300,
  udpIdleSec: 60,
  maxOpen: 200_000,
  maxHeld: 400_000,
  sweepIntervalSec: 1,
  fragments: DEFAULT_FRAGMENT_CONFIG,
});

/** Counters for the summary. */
export interface FlowStats {
  packets: number;
  /** Frames that carried no TCP/UDP/ICMP record (not IP, other protocols, cut headers). */
  ignored: number;
  records: number;
  /** Connections closed early because of maxOpen or maxHeld. */
  evictions: number;
}

/** Creates the payload inspector of a new connection (content features), if any. */
export type InspectorFactory = (c: Connection) => PayloadInspector | undefined;

/** Packet-time microseconds of a packet. */
export function packetMicros(p: DecodedPacket): number {
  return p.tsSec * 1e6 + Math.floor(p.tsNsec / 1000);
}

/** The connection table. Call add() per packet, finish() at end of input. */
export class FlowTable {
  readonly stats: FlowStats = { packets: 0, ignored: 0, records: 0, evictions: 0 };
  private readonly open = new OpenConnections();
  private readonly held = new ReorderBuffer();
  private readonly expiry = new DeadlineQueue();
  private readonly order = new CreationOrder();
  private readonly pk = new PacketKey();
  /** The TCP/UDP connection of the previous packet (a closed placeholder at first). */
  private last = Object.assign(new Connection('udp', 4), { closed: true });
  private readonly reasm: FragmentReassembler;
  private nextSweepMicros = -Infinity;
  private readonly onIncomplete = (r: Reassembled): void => this.process(r.packet, r.badFragments);

  constructor(
    private readonly onRecord: (c: Connection) => void,
    private readonly config: FlowConfig = DEFAULT_FLOW_CONFIG,
    private readonly inspect?: InspectorFactory,
    /** Reuses emitted records (only when `onRecord` keeps none of them after returning). */
    private readonly pool?: ConnectionPool,
  ) {
    this.reasm = new FragmentReassembler(config.fragments);
  }

  /** Number of connections currently open. */
  get openCount(): number {
    return this.open.size;
  }

  /** Feeds one decoded packet (the reused DecodedPacket is not kept). */
  add(p: DecodedPacket): void {
    this.stats.packets++;
    if (p.skip !== Skip.none) {
      this.stats.ignored++;
      return;
    }
    const now = packetMicros(p);
    if (now >= this.nextSweepMicros) this.sweep(now);
    if (p.isFragment) {
      const r = this.reasm.add(p);
      if (r !== undefined) this.process(r.packet, r.badFragments);
      return;
    }
    this.process(p, 0);
  }

  /** End of input: every open connection is closed with the state it has; all records out. */
  finish(): void {
    this.reasm.flush(this.onIncomplete);
    // In creation order (the order the connections were opened in).
    for (const c of this.order.earliest(Infinity)) {
      c.closed = true;
      this.held.push(c);
    }
    this.open.clear();
    this.release();
  }

  private process(p: DecodedPacket, badFragments: number): void {
    const protocol = protocolName(p.ipProto);
    if (protocol === undefined || !p.hasTransport) {
      this.stats.ignored++;
      return;
    }
    const now = packetMicros(p);
    keyPacket(p, this.pk);
    if (protocol === 'icmp') {
      const c = this.create(p, now);
      c.icmpType = p.icmpType;
      c.icmpCode = p.icmpCode;
      c.icmpV6 = p.ipProto === Proto.icmpv6;
      c.srcBytes = p.payloadLen;
      c.origPackets = 1;
      c.wrongFragment = badFragments;
      this.held.push(c);
      return;
    }
    // Packets of one connection often come in runs: the last one looked up is checked first.
    const last = this.last;
    let c = !last.closed && hasKey(last, this.pk) ? last : this.open.get(this.pk);
    if (c !== undefined && (now > c.deadlineMicros || this.startsNew(c, p))) {
      this.close(c);
      c = undefined;
    }
    if (c === undefined) {
      if (this.open.size >= this.config.maxOpen) this.evictIdle();
      c = this.create(p, now);
      this.open.add(c);
      this.order.push(c);
      this.update(c, p, now, badFragments);
      c.queuedMicros = c.deadlineMicros;
      c.deadlineMoved = false;
      this.expiry.push(c);
      this.last = c;
      return;
    }
    this.last = c;
    this.update(c, p, now, badFragments);
  }

  /** A bare SYN on a connection that already ended (closed or reset) starts a new one. */
  private startsNew(c: Connection, p: DecodedPacket): boolean {
    if (c.protocol !== 'tcp' || (p.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) !== TcpFlag.syn)
      return false;
    const done = (s: number): boolean => s === Ep.reset || s === Ep.closed;
    return done(c.origState) || done(c.respState);
  }

  private create(p: DecodedPacket, now: number): Connection {
    const pk = this.pk;
    const protocol = protocolName(p.ipProto)!;
    const c = this.pool?.take(protocol, p.ipVersion) ?? new Connection(protocol, p.ipVersion);
    c.setKey(pk);
    // The originator is the sender of the first packet seen (for TCP that is the bare SYN when
    // the handshake was captured; a later SYN on an ended connection starts a new record). A
    // first packet that is a SYN-ACK comes from the responder (as Zeek flips it): the
    // originator is its destination (RSTRH, SHR).
    const synAck = TcpFlag.syn | TcpFlag.ack;
    const flip = p.ipProto === Proto.tcp && (p.tcpFlags & synAck) === synAck;
    const origLow = flip ? !pk.srcIsLow : pk.srcIsLow;
    c.origIsLow = origLow;
    const loPort = pk.ports >>> 16;
    const hiPort = pk.ports & 0xffff;
    c.origPort = origLow ? loPort : hiPort;
    c.respPort = origLow ? hiPort : loPort;
    c.startMicros = now;
    c.lastMicros = now;
    c.land = c.protocol !== 'icmp' && compareEndpoints(p) === 0;
    c.origSynFirst =
      c.protocol === 'tcp' && (p.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) === TcpFlag.syn;
    this.stats.records++;
    if (this.inspect !== undefined && c.protocol !== 'icmp') c.inspector = this.inspect(c);
    return c;
  }

  /** Per-packet update of an open TCP/UDP connection (hot path: no allocation). */
  private update(c: Connection, p: DecodedPacket, now: number, badFragments: number): void {
    // LAND (both endpoints equal): the victim's answers to the bare SYN carry ACK.
    const fromOrig = c.land
      ? !(c.origSynFirst && (p.tcpFlags & TcpFlag.ack) !== 0)
      : this.pk.srcIsLow === c.origIsLow;
    c.lastMicros = now;
    c.wrongFragment += badFragments;
    let fresh = p.payloadLen;
    if (c.protocol === 'tcp') {
      if ((p.tcpFlags & TcpFlag.urg) !== 0) c.urgent++;
      const syn = (p.tcpFlags & TcpFlag.syn) !== 0;
      const seq = fromOrig ? c.origSeq : c.respSeq;
      if ((fromOrig ? c.origPackets : c.respPackets) === 0) seq.init = false; // reused record
      fresh = newPayload(seq, p.tcpSeq, syn, p.payloadLen);
      updateTcp(c, fromOrig, p.tcpFlags);
    }
    if (fromOrig) {
      c.origPackets++;
      c.srcBytes += fresh;
    } else {
      c.respPackets++;
      c.dstBytes += fresh;
    }
    if (c.inspector !== undefined && fresh > 0) {
      const start = p.payloadOffset + p.payloadLen - fresh;
      const end = p.payloadOffset + Math.min(p.payloadLen, p.payloadCaptured);
      if (end > start) c.inspector.onPayload(fromOrig, p.buf, start, end);
    }
    c.deadlineMicros = now + this.timeoutSec(c) * 1e6;
    c.deadlineMoved = c.deadlineMicros !== c.queuedMicros;
  }

  private timeoutSec(c: Connection): number {
    const cfg = this.config;
    if (c.protocol === 'udp') return cfg.udpIdleSec;
    const os = c.origState;
    const rs = c.respState;
    if (os === Ep.reset || rs === Ep.reset) return cfg.resetDelaySec;
    if (os === Ep.closed && rs === Ep.closed) return cfg.closeDelaySec;
    if (os === Ep.closed || rs === Ep.closed) return cfg.halfCloseSec;
    // A SYN (or SYN-ACK) that got no answer at all.
    if ((rs === Ep.inactive && os <= Ep.synAckSent) || (os === Ep.inactive && rs <= Ep.synAckSent))
      return cfg.synTimeoutSec;
    return cfg.establishedIdleSec;
  }

  private close(c: Connection): void {
    c.closed = true;
    this.open.delete(c);
    this.held.push(c);
  }

  /** Closes every connection whose deadline passed, then emits what can be emitted. */
  private sweep(now: number): void {
    const q = this.expiry;
    while (q.firstMicros() < now) {
      const stale = q.stale();
      const c = q.pop()!;
      if (stale || c.closed) continue;
      // Unmoved, the deadline is the queued one, which has passed (read only what is needed:
      // a closing record is cold).
      if (!c.deadlineMoved || now > c.deadlineMicros) this.close(c);
      else {
        c.queuedMicros = c.deadlineMicros;
        c.deadlineMoved = false;
        q.push(c);
      }
    }
    this.reasm.expire(Math.floor(now / 1e6), this.onIncomplete);
    this.release();
    this.nextSweepMicros = now + this.config.sweepIntervalSec * 1e6;
  }

  /** Cap hit: among the 64 earliest-created open connections, close the least recently used. */
  private evictIdle(): void {
    let victim: Connection | undefined;
    for (const c of this.order.earliest(64))
      if (victim === undefined || c.lastMicros < victim.lastMicros) victim = c;
    if (victim === undefined) return;
    victim.evicted = true;
    this.stats.evictions++;
    this.close(victim);
  }

  /**
   * Emits held records that no open connection can precede: those starting before the earliest
   * open start (the first open connection in creation order). Too many held → the blocking
   * open connection is closed early.
   */
  private release(): void {
    while (true) {
      const first = this.order.first();
      const top = this.held.peek();
      if (top === undefined) return;
      if (first !== undefined && top.startMicros >= first.startMicros) {
        if (this.held.size <= this.config.maxHeld) return;
        first.evicted = true;
        this.stats.evictions++;
        this.close(first);
        continue;
      }
      const c = this.held.pop()!;
      this.onRecord(c);
      this.pool?.give(c);
    }
  }
}
