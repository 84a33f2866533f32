/**
 * The connection table (kdd-features.md §2): packets in capture order → connection records out,
 * sorted by start time. Timeouts run on packet time (flow-config.ts); the number of open
 * connections is capped (oldest idle evicted, counted); fragments are reassembled first and their
 * problems counted as wrong_fragment (§3); ICMP is one record per message. What a packet does to
 * its record (payload counted once by sequence number, TCP states) is connection-update.ts.
 */
import { FragmentReassembler, type Reassembled } from '../decode/fragments.js';
import { Proto, Skip, type DecodedPacket } from '../decode/packet.js';
import {
  Connection,
  type ConnectionPool,
  type InspectorFactory,
  protocolName,
} from './connection.js';
import { packetMicros, startConnection, startsNew, updateConnection } from './connection-update.js';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from './flow-config.js';
import { DeadlineQueue } from './deadline-queue.js';
import { CreationOrder, ReorderBuffer } from './heap.js';
import { PacketKey, keyPacket } from './key.js';
import { OpenConnections, hasKey } from './open-set.js';
import type { ReleaseGate } from './release-gate.js';

/** Counters for the summary. */
export interface FlowStats {
  packets: number;
  /** Frames that carried no TCP/UDP/ICMP record (not IP, other protocols, cut headers). */
  ignored: number;
  records: number;
  /** Connections closed early because of maxOpen or maxHeld. */
  evictions: number;
}

export type { InspectorFactory } from './connection.js';

/** The connection table. Call add() per packet, finish() at end of input. */
export class FlowTable {
  readonly stats: FlowStats = { packets: 0, ignored: 0, records: 0, evictions: 0 };
  /** The latest packet time seen (µs; advanceTo leaves it); -Infinity before the first packet. */
  clockMicros = -Infinity;
  private readonly open = new OpenConnections();
  private readonly held = new ReorderBuffer();
  private readonly expiry = new DeadlineQueue();
  private readonly order = new CreationOrder();
  private readonly pk = new PacketKey();
  /** The TCP/UDP connection of the previous packet (a closed placeholder at first). */
  private last = Object.assign(new Connection('udp', 4), { closed: true });
  private readonly reasm: FragmentReassembler;
  private nextSweepMicros = -Infinity;
  /** Packets seen (added or observed), and whether a sweep is running: Connection.createdSeq. */
  private packetNo = 0;
  private sweeping = 0;
  private readonly onIncomplete = (r: Reassembled): void => this.process(r.packet, r.badFragments);

  constructor(
    private readonly onRecord: (c: Connection) => void,
    private readonly config: FlowConfig = DEFAULT_FLOW_CONFIG,
    private readonly inspect?: InspectorFactory,
    /** Reuses emitted records (only when `onRecord` keeps none of them after returning). */
    private readonly pool?: ConnectionPool,
    /**
     * One of several tables that share the input (flow-fanout): each sweep's release waits for
     * what the gate says of all of them; see release-gate.ts.
     */
    private readonly gate?: ReleaseGate,
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
    this.tick(p);
    if (p.isFragment) {
      const r = this.reasm.add(p);
      if (r !== undefined) this.process(r.packet, r.badFragments);
      return;
    }
    this.process(p, 0);
  }

  /**
   * A packet that another table of a fan-out keeps (release-gate.ts): it moves this table's
   * clock and sweeps as add() would, and is not counted.
   */
  observe(p: DecodedPacket): void {
    if (p.skip === Skip.none) this.tick(p);
  }

  /** The clock and sweeps of a packet that is not skipped. */
  private tick(p: DecodedPacket): void {
    this.packetNo++;
    const now = packetMicros(p);
    if (now > this.clockMicros) this.clockMicros = now;
    if (now >= this.nextSweepMicros) {
      this.sweeping = 1;
      this.sweep(now);
      this.sweeping = 0;
    }
  }

  /**
   * Live input that has gone quiet: the clock moves on to `nowMicros` as if a packet had come
   * then, so the connections whose timeouts have passed by then are closed and their records
   * go out. Nothing happens before the first packet or for a time not after the clock.
   */
  advanceTo(nowMicros: number): void {
    if (this.clockMicros === -Infinity || nowMicros <= this.clockMicros) return;
    this.sweep(nowMicros);
  }

  /** End of input: every open connection is closed with the state it has; all records out. */
  finish(): void {
    this.gate?.finishing();
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
    if (c !== undefined && (now > c.deadlineMicros || startsNew(c, p))) {
      this.close(c);
      c = undefined;
    }
    if (c === undefined) {
      if (this.open.size >= this.config.maxOpen) this.evictIdle();
      c = this.create(p, now);
      this.open.add(c);
      this.order.push(c);
      updateConnection(c, p, this.pk.srcIsLow, now, badFragments, this.config, this.inspect);
      c.queuedMicros = c.deadlineMicros;
      c.deadlineMoved = false;
      this.expiry.push(c);
      this.last = c;
      return;
    }
    this.last = c;
    updateConnection(c, p, this.pk.srcIsLow, now, badFragments, this.config, this.inspect);
  }

  private create(p: DecodedPacket, now: number): Connection {
    const protocol = protocolName(p.ipProto)!;
    const c = this.pool?.take(protocol, p.ipVersion) ?? new Connection(protocol, p.ipVersion);
    startConnection(c, p, this.pk, now);
    c.createdSeq = 2 * this.packetNo + 1 - this.sweeping;
    this.stats.records++;
    return c;
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
    if (this.gate !== undefined) return this.releaseGated(this.gate);
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

  /**
   * release() of one table of a fan-out: held records starting before the earliest-created open
   * connection of all the tables go out (every record at the end); the held cap is not applied.
   */
  private releaseGated(gate: ReleaseGate): void {
    const first = this.order.first();
    const limit = gate.agree(first?.createdSeq ?? Infinity, first?.startMicros ?? Infinity);
    while (true) {
      const top = this.held.peek();
      if (top === undefined || top.startMicros >= limit) return;
      const c = this.held.pop()!;
      this.onRecord(c);
      this.pool?.give(c);
    }
  }
}
