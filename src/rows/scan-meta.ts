/**
 * What a scan was, besides its rows: the header of `nad report`. `nad scan --format ndjson
 * --with-summary` writes it as one last NDJSON line, `{"type":"summary",…}` (rows have no `type`
 * key, so a reader tells them apart; without the flag the NDJSON is rows only, as before).
 */

/** The `type` of the summary line. */
export const SUMMARY_TYPE = 'summary';

/** One input of a scan. */
export interface ScanMetaInput {
  file: string;
  /** Size in bytes and sha256 (hex) of the file as stored; null for stdin. */
  bytes: number | null;
  sha256: string | null;
  packets: number;
  connections: number;
  anomalies: number;
  error: string | null;
}

/** The summary of a scan. */
export interface ScanMeta {
  type: typeof SUMMARY_TYPE;
  /** nad's version and the command line that ran the scan. */
  nad: string;
  command: string;
  /** The model file, its sha256 (its identity: the same bytes, the same scores) and the threshold. */
  model: string;
  modelSha256: string | null;
  threshold: number;
  /** True with --all (every connection is a row), false when rows are the anomalies only. */
  all: boolean;
  inputs: ScanMetaInput[];
  packets: number;
  connections: number;
  anomalies: number;
}

/** True when a parsed NDJSON value is a summary line. */
export function isScanMeta(v: unknown): v is ScanMeta {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === SUMMARY_TYPE;
}
