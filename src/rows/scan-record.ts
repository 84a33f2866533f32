/**
 * The scanned connection as every output shows it (table, JSON, NDJSON, CSV) and the outcome of
 * scanning one file: the record types shared by the scan use case, the row writers and the
 * renderers.
 */

/** The combined verdict of `nad scan --baseline`. */
export type Verdict = 'attack' | 'novel' | 'normal';

/** One reported connection (what the table, JSON, NDJSON and CSV outputs show). */
export interface ScanRecord {
  file: string;
  startTime: string;
  startMicros: number;
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  /** The Community ID (v1, seed 0) of the connection: the same in Zeek, Suricata, Wireshark. */
  communityId: string;
  protocol: string;
  service: string;
  flag: string;
  durationSec: number;
  srcBytes: number;
  dstBytes: number;
  /** Most probable attack label (KDD name without the dot) and its category. */
  attackLabel: string;
  category: string;
  /** Probability that the connection is an attack (1 − P(normal)). */
  score: number;
  /** The feature values that moved the attack probability most (src/model/explain.ts), e.g. `count=511`. */
  why: string;
  /**
   * With `--baseline` only: the novelty score under the baseline (0–1), its rarest feature
   * values, and the combined verdict (attack: score ≥ threshold; else novel: novelty ≥ the
   * baseline's threshold; else normal).
   */
  novelty?: number;
  noveltyWhy?: string;
  verdict?: Verdict;
  /** All 41 features, by KDD name. */
  features: Record<string, number | string>;
}

/** The outcome of scanning one file. */
export interface ScanFileResult {
  file: string;
  packets: number;
  connections: number;
  anomalies: number;
  anomaliesByCategory: Record<string, number>;
  /** Connections at or above the --fail-on score. */
  failing: number;
  maxScore: number;
  ignoredPackets: number;
  skippedPackets: Record<string, number>;
  evictions: number;
  warnings: string[];
  error: string | null;
  elapsedSec: number;
  /** Kept records (empty when they were streamed to onRecord). */
  records: ScanRecord[];
  /** True when the scan was stopped (Ctrl-C) before the end of the file. */
  interrupted?: boolean;
}

/** Overall progress of a scan. */
export interface ScanProgress {
  bytesRead: number;
  /** Sum of the input sizes; undefined when one is stdin. */
  totalBytes: number | undefined;
  packets: number;
}
