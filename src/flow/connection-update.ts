/**
 * What one packet does to its TCP/UDP/ICMP connection record (kdd-features.md §2–§3): the first
 * packet sets the endpoints' roles, every packet its counts, TCP states and deadline. The table
 * (table.ts) decides which record a packet belongs to.
 *
 * Payload bytes (§3 src_bytes / dst_bytes): TCP payload is counted **once by sequence number** —
 * a segment counts only the part beyond the highest sequence number already seen in its direction,
 * so retransmissions count 0 (Zeek's way); UDP and ICMP count every datagram.
 */
import { Proto, TcpFlag, type DecodedPacket } from '../decode/packet.js';
import { newPayload, type Connection, type InspectorFactory } from './connection.js';
import { timeoutSec, type FlowConfig } from './flow-config.js';
import { compareEndpoints, type PacketKey } from './key.js';
import { Ep, updateTcp } from './tcp-state.js';

/** Packet-time microseconds of a packet. */
export function packetMicros(p: DecodedPacket): number {
  return p.tsSec * 1e6 + Math.floor(p.tsNsec / 1000);
}

/** A bare SYN on a connection that already ended (closed or reset) starts a new one. */
export function startsNew(c: Connection, p: DecodedPacket): boolean {
  if (c.protocol !== 'tcp' || (p.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) !== TcpFlag.syn)
    return false;
  const done = (s: number): boolean => s === Ep.reset || s === Ep.closed;
  return done(c.origState) || done(c.respState);
}

/** Sets the key, the originator and the start time of a new record from its first packet. */
export function startConnection(c: Connection, p: DecodedPacket, pk: PacketKey, now: number): void {
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
  c.firstTcpFlags = c.protocol === 'tcp' ? p.tcpFlags : 0;
}

/**
 * Per-packet update of an open TCP/UDP connection (hot path: no allocation): direction, counts,
 * payload (to the inspector, made by `inspect` at the first payload), TCP states and the new
 * deadline. `srcIsLow` is the packet's key.
 */
export function updateConnection(
  c: Connection,
  p: DecodedPacket,
  srcIsLow: boolean,
  now: number,
  badFragments: number,
  config: FlowConfig,
  inspect?: InspectorFactory,
): void {
  // LAND (both endpoints equal): the victim's answers to the bare SYN carry ACK.
  const fromOrig = c.land
    ? !(c.origSynFirst && (p.tcpFlags & TcpFlag.ack) !== 0)
    : srcIsLow === c.origIsLow;
  // A gap (0 for the first packet: startConnection set lastMicros; negative gaps count 0).
  if (now > c.lastMicros) countGap(c, now - c.lastMicros);
  c.lastMicros = now;
  c.wrongFragment += badFragments;
  const len = p.payloadLen;
  let fresh = len;
  if (c.protocol === 'tcp') {
    countFlags(c, p.tcpFlags);
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
  if (len > 0) countPayload(c, fromOrig, len);
  if (fresh > 0 && !c.inspectorAsked && inspect !== undefined) {
    c.inspectorAsked = true;
    c.inspector = inspect(c);
  }
  if (c.inspector !== undefined && fresh > 0) {
    const start = p.payloadOffset + p.payloadLen - fresh;
    const end = p.payloadOffset + Math.min(p.payloadLen, p.payloadCaptured);
    if (end > start) c.inspector.onPayload(fromOrig, p.buf, start, end);
  }
  c.deadlineMicros = now + timeoutSec(c, config) * 1e6;
  c.deadlineMoved = c.deadlineMicros !== c.queuedMicros;
}

/** Extended-set gap statistics (µs): sum, sum of squares, maximum. */
function countGap(c: Connection, gap: number): void {
  c.iatSum += gap;
  c.iatSq += gap * gap;
  if (gap > c.iatMax) c.iatMax = gap;
}

/** Extended-set TCP flag counts, and KDD urgent. */
function countFlags(c: Connection, f: number): void {
  if ((f & TcpFlag.urg) !== 0) c.urgent++;
  c.finCount += f & 1; // TcpFlag bits: fin 0x01, syn 0x02, rst 0x04, psh 0x08
  c.synCount += (f >> 1) & 1;
  c.rstCount += (f >> 2) & 1;
  c.pshCount += (f >> 3) & 1;
  if ((f & 0x3f) === TcpFlag.ack) c.ackOnlyCount++;
}

/** Extended-set payload length statistics of a packet with payload, per direction. */
function countPayload(c: Connection, fromOrig: boolean, len: number): void {
  if (fromOrig) {
    c.origPayloadPkts++;
    c.origPayloadSum += len;
    c.origPayloadSq += len * len;
    if (len > c.origPayloadMax) c.origPayloadMax = len;
  } else {
    c.respPayloadPkts++;
    c.respPayloadSum += len;
    c.respPayloadSq += len * len;
    if (len > c.respPayloadMax) c.respPayloadMax = len;
  }
}
