/**
 * What `nad scan` prints for each format, as text: the JSON document, the table view (table,
 * "more" line and per-file summary), and NDJSON/CSV rows when they were collected rather than
 * streamed. The command only writes these strings.
 */
import type { ScanFileResult, ScanRecord } from '../rows/scan-record.js';
import { scanCsvLine, scanJsonLine } from '../rows/scan-rows.js';
import type { ScanThreshold } from '../rows/scan-threshold.js';
import { renderScanSummary, renderScanTable, total } from './scan-table.js';

/** The output formats of `nad scan`. */
export type ScanFormat = 'table' | 'json' | 'ndjson' | 'csv';

/** The parts of a finished scan that are printed. */
export interface ScanView {
  readonly modelPath: string;
  readonly files: readonly ScanFileResult[];
  /** Kept records, sorted and trimmed (empty when they were streamed). */
  readonly records: readonly ScanRecord[];
  /** Records that --top left out. */
  readonly omitted: number;
  /** The threshold used, and the one the model carries (null: none). */
  readonly threshold: number;
  readonly modelThreshold: ScanThreshold | null;
}

/** The `--format json` / `--json` document. */
export interface ScanDocument {
  model: string;
  threshold: number;
  /** The model's own threshold and what it means (null: the model carries none). */
  modelThreshold: ScanThreshold | null;
  files: Omit<ScanFileResult, 'records'>[];
  total: Omit<ScanFileResult, 'records'>;
  records: readonly ScanRecord[];
  omitted: number;
}

/** The JSON document of a scan. */
export function scanDocument(run: ScanView): ScanDocument {
  return {
    model: run.modelPath,
    threshold: run.threshold,
    modelThreshold: run.modelThreshold,
    files: run.files.map(withoutRecords),
    total: withoutRecords(total(run.files)),
    records: run.records,
    omitted: run.omitted,
  };
}

/**
 * The table view: anomalies (or "No anomalous connections."), how many --top left out, and the
 * summary per file, fitted to `width` columns when given (scan-table-fit.ts). Undefined when every input failed before its first packet: the errors say
 * so, not an empty table.
 */
export function renderScanView(run: ScanView, width?: number): string | undefined {
  if (run.files.every((f) => f.error !== null && f.packets === 0)) return undefined;
  const parts = [
    run.records.length > 0
      ? renderScanTable(run.records, run.files.length > 1, width)
      : 'No anomalous connections.',
  ];
  if (run.omitted > 0)
    parts.push(`… ${run.omitted} more (use --top N, or --format ndjson for all)`);
  parts.push(renderScanSummary(run, width));
  return parts.join('\n');
}

/** One NDJSON or CSV row of a record. */
export function scanRowLine(format: 'ndjson' | 'csv', r: ScanRecord): string {
  return format === 'csv' ? scanCsvLine(r) : scanJsonLine(r);
}

function withoutRecords(f: ScanFileResult): Omit<ScanFileResult, 'records'> {
  const { records: _records, ...rest } = f;
  return rest;
}
