/**
 * `nad report` and `nad scan --html`: scanned rows (a saved `nad scan --format ndjson`, or the
 * records of a scan just run) and the scan's summary become one self-contained HTML file.
 */
import { InputError } from '../../common/errors.js';
import { excerpt } from '../../common/sanitize.js';
import { readReportAssets, textLines, writeTextFile } from '../../io/report-files.js';
import type { ScanRecord } from '../../rows/scan-record.js';
import { isScanMeta, type ScanMeta } from '../../rows/scan-meta.js';
import { renderReportPage } from '../../report/html/page.js';
import { preparePayload } from '../../report/html/prepare.js';

/** What a report is made of. */
export interface ReportInput {
  records: ScanRecord[];
  /** The scan's summary (the NDJSON's `{"type":"summary"}` line), null when there was none. */
  meta: ScanMeta | null;
}

/** Fields every row of `nad scan --format ndjson` has, and their types. */
const ROW_FIELDS: [keyof ScanRecord, 'string' | 'number' | 'object'][] = [
  ['file', 'string'],
  ['startMicros', 'number'],
  ['srcAddr', 'string'],
  ['srcPort', 'number'],
  ['dstAddr', 'string'],
  ['dstPort', 'number'],
  ['protocol', 'string'],
  ['service', 'string'],
  ['flag', 'string'],
  ['attackLabel', 'string'],
  ['category', 'string'],
  ['score', 'number'],
  ['why', 'string'],
  ['features', 'object'],
];

/** Reads a saved NDJSON scan; a line that is not a row or summary is an InputError (exit 3). */
export async function readScanNdjson(path: string): Promise<ReportInput> {
  const reader = new ScanNdjsonReader(path);
  for await (const line of textLines(path)) reader.line(line);
  return reader.input;
}

/**
 * Takes the lines of `nad scan --format ndjson` one by one (or in chunks of whole lines, as
 * `nad queue collect` gets them) and keeps the rows and the summary for a report.
 */
export class ScanNdjsonReader {
  /** The rows and summary so far. */
  readonly input: ReportInput = { records: [], meta: null };
  private n = 0;

  /** `source` names the text in errors (a file, or what it came from). */
  constructor(private readonly source: string) {}

  /** Takes whole NDJSON lines (the last one ended by a newline). */
  chunk(bytes: Uint8Array): void {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const l of lines) this.line(l);
  }

  /** Takes one line; InputError (exit 3) when it is not a row or summary. */
  line(line: string): void {
    const n = ++this.n;
    if (line.trim() === '') return;
    const bad = (why: string): InputError =>
      new InputError(`not a row of nad scan --format ndjson: ${why}`, {
        location: { file: this.source, line: n },
        hint: 'Make the input with `nad scan --format ndjson --with-summary …`.',
      });
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw bad(`not JSON (${excerpt(line, 40)})`);
    }
    if (isScanMeta(v)) {
      this.input.meta = v;
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('not an object');
    for (const [key, type] of ROW_FIELDS) {
      const value = (v as Record<string, unknown>)[key];
      if (typeof value !== type || value === null) throw bad(`"${key}" is not a ${type}`);
    }
    this.input.records.push(v as ScanRecord);
  }
}

/** Renders the report of `input` (named `source` in its title) and writes it to `out`. */
export async function writeHtmlReport(
  input: ReportInput,
  source: string,
  out: string,
): Promise<{ bytes: number; rows: number }> {
  const html = renderReportPage(
    preparePayload(input.records, input.meta, source),
    await readReportAssets(),
  );
  await writeTextFile(out, html);
  return { bytes: Buffer.byteLength(html), rows: input.records.length };
}
