/**
 * A fan-out of the connection table (`nad scan --jobs N` with N ≥ 3 on one capture): every table
 * reads every packet, keeps only the connections whose addresses hash to it (flowOwner: both
 * directions and every fragment of a conversation land in the same table) and only watches the
 * others go by (FlowTable.observe), so all the tables keep the same clock and sweep at the same
 * packets. What a single table would emit at a sweep — the held records that start before its
 * earliest-created open connection — depends on every table's open connections, so at each sweep
 * the tables agree through a ReleaseGate on that connection, and each emits its share, tagged
 * with the sweep. The rows of all tables sorted by (sweep, start, key) are then exactly the rows of
 * one table, in its order (features/row-merge-keys.ts, app/features/fanout-thread.ts).
 */
import { Skip, type DecodedPacket } from '../decode/packet.js';

/** How the tables of a fan-out agree at each sweep. */
export interface ReleaseGate {
  /**
   * Called by each table at each sweep with its earliest-created open connection (its
   * createdSeq and start; Infinity for none); returns the start (µs) of the earliest-created
   * open connection of all the tables: held records before it go out. Once finishing, Infinity.
   */
  agree(firstSeq: number, firstStartMicros: number): number;
  /** The table reached the end of the input: every record goes out. */
  finishing(): void;
}

/** Mixes 32 bits (murmur3's finaliser). */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit hash of the first `n` bytes of an address. */
function addressHash(a: Uint8Array, n: number): number {
  let h = 0x2545f491;
  for (let i = 0; i < n; i += 4)
    h = mix32(h ^ ((a[i]! << 24) | (a[i + 1]! << 16) | (a[i + 2]! << 8) | a[i + 3]!));
  return h;
}

/**
 * Which of `tables` tables keeps packet `p`: a hash of its two addresses that is the same both
 * ways (ports are left out, so that fragments without them go with the rest). Packets the
 * decoder skipped go to table 0, which counts them.
 */
export function flowOwner(p: DecodedPacket, tables: number): number {
  if (p.skip !== Skip.none || p.ipVersion === 0) return 0;
  const n = p.ipVersion === 4 ? 4 : 16;
  const a = addressHash(p.src, n) >>> 0;
  const b = addressHash(p.dst, n) >>> 0;
  const h = mix32(Math.imul(Math.min(a, b), 0x9e3779b1) ^ Math.max(a, b)) >>> 0;
  return h % tables;
}
