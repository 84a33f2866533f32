/**
 * One connection record (kdd-features.md §2–§3): endpoints, timing, payload bytes per direction,
 * TCP endpoint states and the per-connection counters behind the basic KDD features. Allocated
 * once per connection; packets only update fields.
 */
import { Proto } from '../decode/packet.js';
import { type PacketKey, hostOfKey, hostText4, keyText4 } from './key.js';
import { type FlagName, type TcpSides, tcpFlag } from './tcp-state.js';

/** Transport of a record as KDD names it (ICMPv6 → `icmp`). */
export type ProtocolName = 'tcp' | 'udp' | 'icmp';

/** Per-direction sequence tracking: payload is counted once by sequence number. */
export interface SeqTrack {
  init: boolean;
  /** Sequence number just past the highest payload byte seen (mod 2^32). */
  high: number;
}

/**
 * Receives the payload bytes of a connection, each byte once, in sequence order as captured
 * (features/content.ts implements it for §6; flow knows nothing of the protocols).
 */
export interface PayloadInspector {
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void;
}

/**
 * Makes the payload inspector of a connection (content features), if any. Asked once, at the
 * connection's first payload: what it decides from (protocol, ports) is fixed by then, and a
 * connection without payload needs none.
 */
export type InspectorFactory = (c: Connection) => PayloadInspector | undefined;

/** A connection (or, for ICMP, one message). */
export class Connection implements TcpSides {
  // Fields in the order the table's queues read them (a closing record is mostly cold).
  /** Incremented each time a ConnectionPool reuses this object (stale queue entries). */
  gen = 0;
  /** Set when the table closed the connection (it may still sit in the expiry queue). */
  closed = false;
  /** When the table made it: 2 × the packet's number in the input (+1 unless made by a sweep). */
  createdSeq = 0;
  /** The deadline changed since the connection was queued (`deadlineMicros` ≠ `queuedMicros`). */
  deadlineMoved = false;
  protocol: ProtocolName;
  ipVersion: number;
  /** The canonical key (flow/key.ts PacketKey): numbers for IPv4, text (key6) for IPv6. */
  keyHead = 0;
  keyLo = 0;
  keyHi = 0;
  keyPorts = 0;
  keyHash = 0;
  key6 = '';
  /** Originator and responder ports. */
  origPort = 0;
  respPort = 0;
  /** True when the originator is the canonically lower endpoint of the key. */
  origIsLow = true;
  /** First and last packet time, microseconds since the epoch. */
  startMicros = 0;
  lastMicros = 0;
  /** Packet time after which the table closes this connection (set by the table). */
  deadlineMicros = 0;
  /** The deadline under which the table's expiry queue holds this connection. */
  queuedMicros = 0;
  /** Payload bytes originator → responder and back (§3 src_bytes / dst_bytes). */
  srcBytes = 0;
  dstBytes = 0;
  origPackets = 0;
  respPackets = 0;
  origState = 0;
  respState = 0;
  /** Extended set (docs/extended-features.md): packets with payload, payload length sum, sum
   *  of squares and maximum per direction (IP-announced length, retransmissions included). */
  origPayloadPkts = 0;
  origPayloadSum = 0;
  origPayloadSq = 0;
  origPayloadMax = 0;
  respPayloadPkts = 0;
  respPayloadSum = 0;
  respPayloadSq = 0;
  respPayloadMax = 0;
  /** Gaps between consecutive packets (µs, capture order, negative gaps as 0): sum, sum of
   *  squares, maximum. */
  iatSum = 0;
  iatSq = 0;
  iatMax = 0;
  /** TCP packets with SYN, FIN, RST, PSH set, and with ACK as the only flag (of the low 6). */
  synCount = 0;
  finCount = 0;
  rstCount = 0;
  pshCount = 0;
  ackOnlyCount = 0;
  /** TCP flags of the record's first packet. */
  firstTcpFlags = 0;
  origSynFirst = false;
  respSynAck = false;
  // (Reset by the table at each side's first packet, not by reset(): a cold record's tracks
  // are touched only when used.)
  readonly origSeq: SeqTrack = { init: false, high: 0 };
  readonly respSeq: SeqTrack = { init: false, high: 0 };
  /** §3 land, wrong_fragment, urgent. */
  land = false;
  wrongFragment = 0;
  urgent = 0;
  /** ICMP type and code (ICMP records only); the service index is set by the table. */
  icmpType = 0;
  icmpCode = 0;
  icmpV6 = false;
  /** Payload inspector for content features (§6), only for cleartext services. */
  inspector: PayloadInspector | undefined = undefined;
  /** The InspectorFactory was asked (at the first payload). */
  inspectorAsked = false;
  /** Closed early because the table was full (counted as an eviction). */
  evicted = false;
  /** Position in emission order (set when emitted). */
  seq = 0;

  constructor(protocol: ProtocolName, ipVersion: number) {
    this.protocol = protocol;
    this.ipVersion = ipVersion;
  }

  /** Canonical key text (flow/key.ts): protocol, lower endpoint, higher endpoint. */
  get key(): string {
    if (this.ipVersion !== 4) return this.key6;
    return keyText4(this.keyHead, this.keyLo, this.keyHi, this.keyPorts);
  }

  /** Originator address, packed (flow/key.ts hostOfKey). */
  get origHost(): string {
    return this.host(this.origIsLow, false);
  }

  /** Responder address, packed. */
  get respHost(): string {
    return this.host(!this.origIsLow, true);
  }

  /** IPv4 records: the originator's address as an int32 (no text is made). */
  get origAddr4(): number {
    return this.origIsLow ? this.keyLo : this.keyHi;
  }

  /** IPv4 records: the responder's address as an int32. */
  get respAddr4(): number {
    return this.origIsLow ? this.keyHi : this.keyLo;
  }

  /** An address text; `shared` for the responder's, which the feature windows keep. */
  private host(low: boolean, shared: boolean): string {
    if (this.ipVersion === 4) return hostText4(low ? this.keyLo : this.keyHi, shared);
    return hostOfKey(this.key6, this.ipVersion, low);
  }

  /** Takes the key of a packet (the record's first). */
  setKey(pk: PacketKey): void {
    this.keyHead = pk.head;
    this.keyLo = pk.lo;
    this.keyHi = pk.hi;
    this.keyPorts = pk.ports;
    this.keyHash = pk.hash;
    this.key6 = pk.key;
  }

  /** Makes this object a fresh record, as the constructor would (ConnectionPool reuse), but for
   *  the sequence tracks: the table resets each at the first packet of its side. */
  reset(protocol: ProtocolName, ipVersion: number): void {
    this.protocol = protocol;
    this.ipVersion = ipVersion;
    this.keyHead = this.keyLo = this.keyHi = this.keyPorts = this.keyHash = 0;
    this.key6 = '';
    this.origPort = this.respPort = 0;
    this.origIsLow = true;
    this.startMicros = this.lastMicros = this.deadlineMicros = this.queuedMicros = 0;
    this.closed = this.deadlineMoved = false;
    this.srcBytes = this.dstBytes = this.origPackets = this.respPackets = 0;
    this.origState = this.respState = 0;
    this.origPayloadPkts = this.origPayloadSum = this.origPayloadSq = this.origPayloadMax = 0;
    this.respPayloadPkts = this.respPayloadSum = this.respPayloadSq = this.respPayloadMax = 0;
    this.iatSum = this.iatSq = this.iatMax = 0;
    this.synCount = this.finCount = this.rstCount = this.pshCount = this.ackOnlyCount = 0;
    this.firstTcpFlags = 0;
    this.origSynFirst = this.respSynAck = false;
    this.land = false;
    this.wrongFragment = this.urgent = 0;
    this.icmpType = this.icmpCode = 0;
    this.icmpV6 = false;
    this.inspector = undefined;
    this.inspectorAsked = false;
    this.evicted = false;
    this.seq = 0;
    this.gen++;
  }

  /** The KDD flag (§4): TCP from the endpoint states; UDP and ICMP always `SF`. */
  flag(): FlagName {
    return this.protocol === 'tcp' ? tcpFlag(this) : 'SF';
  }

  /** §3 duration: whole seconds, truncated; 0 for ICMP and for S0. */
  durationSec(): number {
    if (this.protocol === 'icmp') return 0;
    if (this.protocol === 'tcp' && this.flag() === 'S0') return 0;
    return Math.floor((this.lastMicros - this.startMicros) / 1e6);
  }
}

/** KDD protocol name of an IP protocol number, or undefined for protocols without records. */
export function protocolName(ipProto: number): ProtocolName | undefined {
  if (ipProto === Proto.tcp) return 'tcp';
  if (ipProto === Proto.udp) return 'udp';
  if (ipProto === Proto.icmp || ipProto === Proto.icmpv6) return 'icmp';
  return undefined;
}

/** Orders records by start time, ties by key (§2 "Ordering"). */
export function compareConnections(a: Connection, b: Connection): number {
  if (a.startMicros !== b.startMicros) return a.startMicros - b.startMicros;
  if (a.ipVersion === 4 && b.ipVersion === 4) return compareKeys4(a, b);
  const ka = a.key;
  const kb = b.key;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Two IPv4 keys compared as their texts would be: head, lower address and port, higher. */
function compareKeys4(a: Connection, b: Connection): number {
  if (a.keyHead !== b.keyHead) return a.keyHead - b.keyHead;
  if (a.keyLo !== b.keyLo) return (a.keyLo >>> 0) - (b.keyLo >>> 0);
  const ap = a.keyPorts >>> 0;
  const bp = b.keyPorts >>> 0;
  if (ap >>> 16 !== bp >>> 16) return (ap >>> 16) - (bp >>> 16);
  if (a.keyHi !== b.keyHi) return (a.keyHi >>> 0) - (b.keyHi >>> 0);
  return (ap & 0xffff) - (bp & 0xffff);
}

/**
 * Free connection objects for reuse, so that records are not allocated (and promoted by the GC)
 * once per connection. Only for tables whose consumer keeps no record after its callback
 * returns; the table's queues recognise a reused record by its generation (Connection.gen).
 */
export class ConnectionPool {
  private readonly free: Connection[] = [];

  constructor(private readonly max = 65_536) {}

  /** A fresh record: a reused object when one is free. */
  take(protocol: ProtocolName, ipVersion: number): Connection {
    const c = this.free.pop();
    if (c === undefined) return new Connection(protocol, ipVersion);
    c.reset(protocol, ipVersion);
    return c;
  }

  /** Gives back an emitted record. */
  give(c: Connection): void {
    if (this.free.length < this.max) {
      c.inspector = undefined;
      this.free.push(c);
    }
  }
}

/**
 * How many of a segment's `len` payload bytes are new: the part beyond the highest sequence
 * number seen in this direction (mod 2^32). A SYN occupies one sequence number before its data.
 */
export function newPayload(t: SeqTrack, seq: number, syn: boolean, len: number): number {
  const end = (seq + (syn ? 1 : 0) + len) >>> 0;
  if (!t.init) {
    t.init = true;
    t.high = end;
    return len;
  }
  const ahead = (end - t.high) | 0;
  if (ahead <= 0) return 0;
  t.high = end;
  return Math.min(len, ahead);
}
