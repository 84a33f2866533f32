/**
 * Stream-parseable forms of scanned connections: NDJSON (one JSON object per line) and CSV
 * (a header, then one line per connection). CSV cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR — OWASP "CSV injection") are prefixed with `'`.
 */
import type { ScanRecord } from '../app/scan.js';
import { KDD_FEATURE_NAMES } from '../features/schema.js';

const LEAD_COLUMNS = ['file', 'start_time', 'src_addr', 'src_port', 'dst_addr', 'dst_port'];
const TAIL_COLUMNS = ['attack_label', 'category', 'score', 'why'];

/** The CSV header line. */
export function scanCsvHeader(): string {
  return [...LEAD_COLUMNS, ...KDD_FEATURE_NAMES, ...TAIL_COLUMNS].join(',');
}

/** One record as a CSV line (no newline). */
export function scanCsvLine(r: ScanRecord): string {
  const cells: (string | number)[] = [
    r.file,
    r.startTime,
    r.srcAddr,
    r.srcPort,
    r.dstAddr,
    r.dstPort,
  ];
  for (const name of KDD_FEATURE_NAMES) cells.push(r.features[name]!);
  cells.push(r.attackLabel, r.category, r.score, r.why);
  return cells.map(csvCell).join(',');
}

/** One record as an NDJSON line (no newline). */
export function scanJsonLine(r: ScanRecord): string {
  return JSON.stringify(r);
}

/** A CSV cell: neutralised against formula injection, quoted when it holds , " CR or LF. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Bytes gathered before a write (one write per ~64 KiB instead of one per line). */
const FLUSH_CHARS = 1 << 16;

/** Lines gathered into large writes: printing a million rows one call each is slow. */
export class LineBuffer {
  private text = '';

  constructor(private readonly sink: (chunk: string) => void) {}

  /** Adds a line (a newline is appended). */
  line(s: string): void {
    this.text += `${s}\n`;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  /** Writes what is gathered. */
  flush(): void {
    if (this.text === '') return;
    const chunk = this.text;
    this.text = '';
    this.sink(chunk);
  }
}
