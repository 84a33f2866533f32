/**
 * TCP endpoint states and the KDD `flag` they end in (kdd-features.md §4: Zeek's `conn_state`
 * rules). Each side of a connection has one state, updated by the packets it sends; the flag is
 * derived from the pair when the record is emitted.
 */
import { TcpFlag } from '../decode/packet.js';

/** Per-endpoint TCP state (Zeek's TCP_ENDPOINT_* states). */
export const Ep = {
  /** Nothing sent yet. */
  inactive: 0,
  /** Sent a bare SYN. */
  synSent: 1,
  /** Sent a SYN+ACK. */
  synAckSent: 2,
  /** Sent packets, but its SYN was not seen (capture started mid-stream). */
  partial: 3,
  /** Handshake completed. */
  established: 4,
  /** Sent a FIN. */
  closed: 5,
  /** Sent a RST. */
  reset: 6,
} as const;

/** The 13 KDD/Zeek flag symbols (§4), indexed by the Flag constants below. */
export const FLAG_NAMES = [
  'S0', 'REJ', 'S1', 'SF', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'SH', 'RSTRH', 'SHR', 'OTH',
] as const; // prettier-ignore

/** A KDD flag symbol. */
export type FlagName = (typeof FLAG_NAMES)[number];

/** Flags of the SYN-error set {S0, S1, S2, S3, SH} (§7). */
export const SYN_ERROR_FLAGS: ReadonlySet<string> = new Set(['S0', 'S1', 'S2', 'S3', 'SH']);
/** Flags of the REJ-error set {REJ, RSTO, RSTR, RSTOS0} (§7). */
export const REJ_ERROR_FLAGS: ReadonlySet<string> = new Set(['REJ', 'RSTO', 'RSTR', 'RSTOS0']);

/** The two endpoint states of a TCP connection plus the history bits the flag rules need. */
export interface TcpSides {
  origState: number;
  respState: number;
  /** The originator's first packet was a bare SYN (Zeek history starts with `S`). */
  origSynFirst: boolean;
  /** The responder sent a SYN+ACK at some point (Zeek history `h`). */
  respSynAck: boolean;
  srcBytes: number;
  dstBytes: number;
}

/**
 * Advances the sender's endpoint state for one packet with TCP `flags` (§4). `fromOrig` tells
 * which side sent it. RST and FIN are terminal for the side that sent them (a RST also
 * overrides an earlier FIN); the handshake moves both sides to `established`.
 */
export function updateTcp(c: TcpSides, fromOrig: boolean, flags: number): void {
  const own = fromOrig ? c.origState : c.respState;
  const peer = fromOrig ? c.respState : c.origState;
  let next = own;
  let peerNext = peer;
  const syn = (flags & TcpFlag.syn) !== 0;
  const ack = (flags & TcpFlag.ack) !== 0;
  if ((flags & TcpFlag.rst) !== 0) next = Ep.reset;
  else if (own === Ep.reset) next = Ep.reset;
  else if ((flags & TcpFlag.fin) !== 0) next = Ep.closed;
  else if (syn) {
    if (own === Ep.inactive || own === Ep.synSent || own === Ep.synAckSent)
      next = ack ? Ep.synAckSent : Ep.synSent;
    if (ack && !fromOrig) c.respSynAck = true;
  } else if (own === Ep.synSent && ack && (peer === Ep.synAckSent || peer === Ep.established)) {
    next = Ep.established; // the third packet of the handshake
    peerNext = Ep.established;
  } else if (own === Ep.synAckSent && peer === Ep.established) next = Ep.established;
  else if (own === Ep.inactive) next = Ep.partial;
  if (fromOrig) {
    c.origState = next;
    c.respState = peerNext;
  } else {
    c.respState = next;
    c.origState = peerNext;
  }
}

const inactive = (s: number): boolean => s === Ep.inactive || s === Ep.partial;

/**
 * The KDD flag of a TCP connection from its endpoint states (§4; Zeek `conn_state`). One
 * deliberate addition: SYN answered by SYN+ACK and nothing more (both sides still in the
 * handshake) is `S1` — the responder accepted, the connection never terminated.
 */
export function tcpFlag(c: TcpSides): FlagName {
  const os = c.origState;
  const rs = c.respState;
  if (rs === Ep.reset) {
    if (os === Ep.synSent || os === Ep.synAckSent) return 'REJ';
    if (os === Ep.reset && c.srcBytes === 0 && c.dstBytes === 0 && !c.respSynAck) return 'REJ';
    return inactive(os) ? 'RSTRH' : 'RSTR';
  }
  if (os === Ep.reset) {
    if (inactive(rs)) return c.origSynFirst ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (rs === Ep.closed && os === Ep.closed) return 'SF';
  if (os === Ep.closed) return inactive(rs) ? 'SH' : 'S2';
  if (rs === Ep.closed) return inactive(os) ? 'SHR' : 'S3';
  if (os === Ep.synSent && rs === Ep.inactive) return 'S0';
  if (os === Ep.established && rs === Ep.established) return 'S1';
  if (os === Ep.synSent && rs === Ep.synAckSent) return 'S1';
  return 'OTH';
}
