/**
 * Text forms of feature rows for `nad features` (kdd-features.md §1): `kdd` (byte-compatible
 * `kddcup.data` lines), `csv` (header + rows) and `ndjson` (one object per row, named fields).
 * With endpoints, start time (ISO 8601 UTC, µs) and source/destination address and port are
 * added: as the first columns in csv, as fields in ndjson, and after the label in kdd (so the
 * first 42 columns stay those of `kddcup.data`). The extended set (`set: 'extended'`, csv and
 * ndjson only) adds its columns after the 41 KDD ones, before the label.
 */
import { UsageError } from '../common/errors.js';
import { EXTENDED_FEATURE_NAMES, type FeatureSet } from '../features/extended-schema.js';
import { FEATURE_COUNT, isoMicros, kddLine, type FeatureRow } from '../features/kdd.js';
import { KDD_FEATURE_NAMES } from '../features/schema.js';
import { formatHost } from '../flow/key.js';

/** Output formats of `nad features`. */
export const FEATURE_FORMATS = ['kdd', 'csv', 'ndjson'] as const;
/** One of FEATURE_FORMATS. */
export type FeatureFormat = (typeof FEATURE_FORMATS)[number];

/** Options of the writer. */
export interface FeatureWriterOptions {
  format: FeatureFormat;
  withEndpoints: boolean;
  /** Label written with each row (KDD style, ending in '.'). */
  label: string;
  /** Feature set (default kdd); `extended` needs csv or ndjson. */
  set?: FeatureSet;
}

/** Throws a UsageError for options that do not go together (kdd lines have no extended set). */
export function checkFeatureOptions(o: FeatureWriterOptions): void {
  if (o.set === 'extended' && o.format === 'kdd')
    throw new UsageError(
      '--set extended needs --format csv or ndjson: kdd lines hold the 41 KDD features only',
    );
}

/** The extended column names when the set is extended, else none. */
const extendedNames = (o: FeatureWriterOptions): readonly string[] =>
  o.set === 'extended' ? EXTENDED_FEATURE_NAMES : [];

const ENDPOINT_NAMES = ['start_time', 'src_addr', 'src_port', 'dst_addr', 'dst_port'];

/** The header line for the format, or undefined (kdd and ndjson have none). */
export function featureHeader(o: FeatureWriterOptions): string | undefined {
  if (o.format !== 'csv') return undefined;
  const names = [...KDD_FEATURE_NAMES, ...extendedNames(o), 'label'];
  return [...(o.withEndpoints ? ENDPOINT_NAMES : []), ...names].join(',');
}

function endpointCells(row: FeatureRow): (string | number)[] {
  const e = row.endpoints;
  const src = formatHost(e.srcHost, e.ipVersion);
  return [isoMicros(e.startMicros), src, e.srcPort, formatHost(e.dstHost, e.ipVersion), e.dstPort];
}

/** One row as a line of the format (without the newline). */
export function featureLine(row: FeatureRow, o: FeatureWriterOptions): string {
  if (o.format === 'kdd') {
    const line = kddLine(row, o.label);
    return o.withEndpoints ? `${line},${endpointCells(row).join(',')}` : line;
  }
  if (o.format === 'csv') {
    const line = kddLine(row, o.label, o.set === 'extended' ? row.extended : undefined);
    return o.withEndpoints ? `${endpointCells(row).join(',')},${line}` : line;
  }
  const obj: Record<string, string | number> = {};
  if (o.withEndpoints) {
    const cells = endpointCells(row);
    ENDPOINT_NAMES.forEach((name, i) => (obj[name] = cells[i]!));
  }
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const name = KDD_FEATURE_NAMES[i]!;
    obj[name] = i >= 1 && i <= 3 ? row.symbols[i - 1]! : row.numbers[i]!;
  }
  const ext = o.set === 'extended' ? row.extended : undefined;
  if (ext !== undefined) EXTENDED_FEATURE_NAMES.forEach((name, i) => (obj[name] = ext[i]!));
  obj.label = o.label;
  return JSON.stringify(obj);
}
