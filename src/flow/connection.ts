/**
 * One connection record (kdd-features.md §2–§3): endpoints, timing, payload bytes per direction,
 * TCP endpoint states and the per-connection counters behind the basic KDD features. Allocated
 * once per connection; packets only update fields.
 */
import { Proto } from '../decode/packet.js';
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

/** A connection (or, for ICMP, one message). */
export class Connection implements TcpSides {
  /** Canonical key (flow/key.ts); ICMP records get a unique synthetic key. */
  key: string;
  readonly protocol: ProtocolName;
  ipVersion: number;
  /** Originator and responder addresses, packed (flow/key.ts hostOfKey), and ports. */
  origHost = '';
  respHost = '';
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
  /** Set when the table closed the connection (it may still sit in the expiry queue). */
  closed = false;
  /** Payload bytes originator → responder and back (§3 src_bytes / dst_bytes). */
  srcBytes = 0;
  dstBytes = 0;
  origPackets = 0;
  respPackets = 0;
  origState = 0;
  respState = 0;
  origSynFirst = false;
  respSynAck = false;
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
  /** Closed early because the table was full (counted as an eviction). */
  evicted = false;
  /** Position in emission order (set when emitted). */
  seq = 0;

  constructor(key: string, protocol: ProtocolName, ipVersion: number) {
    this.key = key;
    this.protocol = protocol;
    this.ipVersion = ipVersion;
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
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
