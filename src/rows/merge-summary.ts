/** The summary of `nad merge` (joined outputs of `nad scan --shard`), shared by the use case and the renderer. */

/** The summary of a merge. */
export interface MergeSummary {
  /** Rows per input, in input order. */
  inputs: { name: string; rows: number }[];
  rows: number;
  /** Rows scoring at least the threshold (with a baseline: verdict other than normal). */
  anomalies: number;
  anomaliesByCategory: Record<string, number>;
  maxScore: number;
  /** Start of the earliest and the latest row (µs), null without rows. */
  firstMicros: number | null;
  lastMicros: number | null;
}
