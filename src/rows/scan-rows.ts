/**
 * Stream-parseable forms of scanned connections: NDJSON (one JSON object per line) and CSV
 * (a header, then one line per connection). CSV cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR — OWASP "CSV injection") are prefixed with `'`. Streamed
 * rows are written by scan-line-writer.ts, with the same text, from the scorer's row storage.
 */
import type { ScanRecord } from './scan-record.js';
import { KDD_FEATURE_NAMES } from '../features/schema.js';

const LEAD_COLUMNS = ['file', 'start_time', 'src_addr', 'src_port', 'dst_addr', 'dst_port'];
const TAIL_COLUMNS = ['attack_label', 'category', 'score', 'why'];

/** The last column, after any --baseline ones (added after the others: old readers by position keep working). */
const COMMUNITY_ID_COLUMN = 'community_id';

/** Columns added by `--baseline` (ScanRecord.novelty, noveltyWhy, verdict). */
const BASELINE_COLUMNS = ['novelty', 'novelty_why', 'verdict'];

/** The CSV header line; `baseline`: with the columns of `--baseline`. */
export function scanCsvHeader(baseline = false): string {
  const tail = baseline ? [...TAIL_COLUMNS, ...BASELINE_COLUMNS] : TAIL_COLUMNS;
  return [...LEAD_COLUMNS, ...KDD_FEATURE_NAMES, ...tail, COMMUNITY_ID_COLUMN].join(',');
}

/** One record as a CSV line (no newline). */
export function scanCsvLine(r: ScanRecord): string {
  const lead = [r.file, r.startTime, r.srcAddr, r.srcPort, r.dstAddr, r.dstPort];
  return `${lead.map(csvCell).join(',')}${scanCsvTail(r)},${r.communityId}`;
}

/**
 * The part of a CSV line after the endpoints (`,` and the 41 features, label, category, score,
 * why) up to the Community ID: it depends on the features only, so line-writer.ts memoises it.
 */
export function scanCsvTail(r: ScanRecord): string {
  let tail = '';
  for (const name of KDD_FEATURE_NAMES) tail += `,${csvCell(r.features[name]!)}`;
  for (const v of [r.attackLabel, r.category, r.score, r.why]) tail += `,${csvCell(v)}`;
  if (r.novelty !== undefined)
    for (const v of [r.novelty, r.noveltyWhy ?? '', r.verdict ?? '']) tail += `,${csvCell(v)}`;
  return tail;
}

/** Keys of a ScanRecord in the order toRecord creates them (and JSON.stringify would write). */
const RECORD_KEYS = [
  'file',
  'startTime',
  'startMicros',
  'srcAddr',
  'srcPort',
  'dstAddr',
  'dstPort',
  'communityId',
  'protocol',
  'service',
  'flag',
  'durationSec',
  'srcBytes',
  'dstBytes',
  'attackLabel',
  'category',
  'score',
  'why',
] as const satisfies readonly (keyof ScanRecord)[];

const RECORD_PREFIXES = RECORD_KEYS.map((k, i) => `${i === 0 ? '{' : ','}"${k}":`);
const FEATURE_PREFIXES = KDD_FEATURE_NAMES.map((k, i) => `${i === 0 ? '{' : ','}"${k}":`);

/** RECORD_KEYS before the features-only part: file … dstPort, communityId. */
const LEAD_KEYS = RECORD_KEYS.indexOf('protocol');

/**
 * One record as an NDJSON line (no newline): the same text as `JSON.stringify(r)` (tested), written
 * field by field because the generic serialiser was a third of a scan that writes every row.
 */
export function scanJsonLine(r: ScanRecord): string {
  let line = '';
  for (let i = 0; i < LEAD_KEYS; i++) line += RECORD_PREFIXES[i]! + jsonValue(r[RECORD_KEYS[i]!]);
  return line + scanJsonTail(r);
}

/**
 * The part of an NDJSON line after the endpoints (`,"protocol":…}}`): it depends on the features
 * only, so scan-line-writer.ts memoises it.
 */
export function scanJsonTail(r: ScanRecord): string {
  let line = '';
  for (let i = LEAD_KEYS; i < RECORD_KEYS.length; i++)
    line += RECORD_PREFIXES[i]! + jsonValue(r[RECORD_KEYS[i]!]);
  if (r.novelty !== undefined)
    line += `,"novelty":${jsonValue(r.novelty)},"noveltyWhy":${jsonValue(r.noveltyWhy ?? '')},"verdict":${jsonValue(r.verdict ?? '')}`;
  line += ',"features":';
  for (let i = 0; i < KDD_FEATURE_NAMES.length; i++)
    line += FEATURE_PREFIXES[i]! + jsonValue(r.features[KDD_FEATURE_NAMES[i]!]!);
  return `${line}}}`;
}

/** Text of the small integers and two-decimal rates most cells hold (String(v) precomputed). */
const SMALL_INT_TEXT = Array.from({ length: 1024 }, (_, i) => String(i));
const RATE_TEXT = Array.from({ length: 101 }, (_, h) => String(h / 100));

function jsonValue(v: string | number): string {
  if (typeof v !== 'number') return JSON.stringify(v);
  if (v >= 0 && v < 1024 && v === (v | 0)) return SMALL_INT_TEXT[v]!;
  if (v > 0 && v < 1) {
    const h = Math.round(v * 100);
    if (h / 100 === v) return RATE_TEXT[h]!;
  }
  return Number.isFinite(v) ? String(v) : 'null';
}

/** A CSV cell: neutralised against formula injection, quoted when it holds , " CR or LF. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
