/**
 * The 41-column KDD feature row (kdd-features.md §1) and its text forms: the rate format
 * (float32, `%.2f` half-even) and the `kddcup.data` line.
 */
import { Buffer } from 'node:buffer';
import { KDD_FEATURE_NAMES } from './schema.js';

/** Number of KDD features. */
export const FEATURE_COUNT = 41;

/** Column index by feature name (§1 order). */
export const Col = Object.freeze(
  Object.fromEntries(KDD_FEATURE_NAMES.map((name, i) => [name, i])) as Record<string, number>,
);

/** The rate columns (§1 type "rate"): 25–31 and 34–41 in the spec's 1-based numbering. */
export const RATE_COLUMNS: ReadonlySet<number> = new Set([
  24, 25, 26, 27, 28, 29, 30, 33, 34, 35, 36, 37, 38, 39, 40,
]);

const IS_RATE = Uint8Array.from({ length: FEATURE_COUNT }, (_, i) => (RATE_COLUMNS.has(i) ? 1 : 0));

/** Symbolic columns: protocol_type, service, flag (0-based 1, 2, 3). */
export const SYMBOL_COLUMNS = [1, 2, 3] as const;

/**
 * A rate k/n as KDD printed it, in hundredths (§1 "Rate format"): the single-precision quotient
 * `Math.fround(k / n)`, rounded to two decimals half to even on its exact binary value (C
 * `printf("%.2f")`). n = 0 gives 0. The float32 value times 100 needs at most 31 significant
 * bits, so the double product and its fraction are exact and the tie test is exact too.
 */
export function rateHundredths(k: number, n: number): number {
  if (n === 0) return 0;
  const x = Math.fround(k / n) * 100;
  const whole = Math.floor(x);
  const frac = x - whole;
  if (frac > 0.5 || (frac === 0.5 && whole % 2 === 1)) return whole + 1;
  return whole;
}

/** The rate k/n as a number with two decimals (what a parsed KDD row holds), §1. */
export function rate(k: number, n: number): number {
  return rateHundredths(k, n) / 100;
}

/** "0.00" … "1.00", by hundredths. */
const RATE_TEXT: readonly string[] = Array.from(
  { length: 101 },
  (_, h) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`,
);

/** Prints a two-decimal value as `%.2f` (e.g. 0.12 → "0.12", 1 → "1.00"), §1. */
export function formatRate(value: number): string {
  const h = Math.round(value * 100);
  return RATE_TEXT[h] ?? `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

/** String(i) for the small counts most cells hold (no number → string conversion per cell). */
const INT_TEXT: readonly string[] = Array.from({ length: 1024 }, (_, i) => String(i));

/** Where and when a record happened (for `--with-endpoints`); addresses are packed
 *  (flow/key.ts) and formatted only when printed (formatHost). */
export interface RecordEndpoints {
  startMicros: number;
  ipVersion: number;
  srcHost: string;
  srcPort: number;
  dstHost: string;
  dstPort: number;
}

/**
 * One feature row (§1). `numbers` holds all 41 values (the symbolic columns are NaN); rates are
 * the two-decimal values of `rate()`. `symbols` are the true protocol_type, service and flag
 * (exports keep them; mapping for scoring is services.ts's job). Fits the model encoder's input.
 */
export class FeatureRow {
  readonly numbers = new Float64Array(FEATURE_COUNT);
  readonly symbols: [string, string, string] = ['', '', ''];
  label = 'unknown.';
  endpoints: RecordEndpoints = {
    startMicros: 0,
    ipVersion: 4,
    srcHost: '',
    srcPort: 0,
    dstHost: '',
    dstPort: 0,
  };

  constructor() {
    for (const c of SYMBOL_COLUMNS) this.numbers[c] = NaN;
  }

  /** Value of column `i` as KDD prints it. */
  cell(i: number): string {
    if (i === 1 || i === 2 || i === 3) return this.symbols[i - 1]!;
    const v = this.numbers[i]!;
    if (IS_RATE[i] === 1) return formatRate(v);
    return v >= 0 && v < INT_TEXT.length && v === Math.floor(v) ? INT_TEXT[v]! : String(v);
  }
}

/** The row as a `kddcup.data` line: 41 features and the label, comma-separated (§1). */
export function kddLine(row: FeatureRow, label = row.label): string {
  // The cells are written as bytes into a scratch buffer and read back as one flat string: no
  // chain of 83 concatenations, no join array. Text that is not Latin-1 (or too long) is joined.
  const b = LINE_BYTES;
  let p = 0;
  for (let i = 0; i <= FEATURE_COUNT; i++) {
    const s = i === FEATURE_COUNT ? label : row.cell(i);
    if (p + s.length + 1 > b.length) return joinedLine(row, label);
    for (let k = 0; k < s.length; k++) {
      const u = s.charCodeAt(k);
      if (u > 0xff) return joinedLine(row, label);
      b[p++] = u;
    }
    b[p++] = 44; // ','
  }
  return b.toString('latin1', 0, p - 1);
}

/** Scratch bytes of kddLine. */
const LINE_BYTES = Buffer.alloc(2048);

/** kddLine for any text. */
function joinedLine(row: FeatureRow, label: string): string {
  const cells: string[] = [];
  for (let i = 0; i < FEATURE_COUNT; i++) cells.push(row.cell(i));
  cells.push(label);
  return cells.join(',');
}

/** ISO 8601 UTC time with microseconds of a packet-time in µs (`2011-01-25T18:44:13.123456Z`). */
export function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const us = micros - ms * 1000;
  const date = new Date(ms);
  // Beyond JavaScript's date range (only corrupt files get there): the raw count.
  if (Number.isNaN(date.getTime())) return `${micros}us`;
  const iso = date.toISOString(); // …T18:44:13.123Z
  return `${iso.slice(0, -1)}${String(us).padStart(3, '0')}Z`;
}

/** A copy of a row that stays valid after the extractor reuses its own (§1). */
export function cloneRow(row: FeatureRow): FeatureRow {
  const c = new FeatureRow();
  c.numbers.set(row.numbers);
  c.symbols.splice(0, 3, ...row.symbols);
  c.label = row.label;
  c.endpoints = { ...row.endpoints };
  return c;
}
