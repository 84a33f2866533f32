/**
 * Settings of the connection table (kdd-features.md §2 "Timeouts", "Bounded memory") and the
 * timeout they give an open connection in each TCP state.
 */
import { DEFAULT_FRAGMENT_CONFIG, type FragmentConfig } from '../decode/fragments.js';
import type { Connection } from './connection.js';
import { Ep } from './tcp-state.js';

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

/** Seconds without packets after which the open TCP/UDP connection `c` is closed. */
export function timeoutSec(c: Connection, cfg: FlowConfig): number {
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
