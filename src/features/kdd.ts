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
  /** The IP protocol number (6, 17, 1 or 58) and, for ICMP, the message's type and code. */
  ipProto: number;
  icmpType: number;
  icmpCode: number;
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
  /** The extended columns (extended-schema.ts), when the extended set was computed. */
  extended: Float64Array | undefined = undefined;
  endpoints: RecordEndpoints = {
    startMicros: 0,
    ipVersion: 4,
    srcHost: '',
    srcPort: 0,
    dstHost: '',
    dstPort: 0,
    ipProto: 0,
    icmpType: 0,
    icmpCode: 0,
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

/** Column kinds for kddLine: 0 number, 1 rate, 2 symbol. */
const KIND = Uint8Array.from({ length: FEATURE_COUNT }, (_, i) =>
  i >= 1 && i <= 3 ? 2 : IS_RATE[i]!,
);

/**
 * The row as a `kddcup.data` line: 41 features and the label, comma-separated (§1). With
 * `extra`, its values (the extended columns) come between the features and the label, each as
 * String(value) prints it.
 */
export function kddLine(row: FeatureRow, label = row.label, extra?: Float64Array): string {
  // The cells are written as bytes into a scratch buffer and read back as one flat string: no
  // cell strings, no chain of concatenations, no join array. Whole numbers and rates are
  // written as cell() prints them; other numbers and text go through strings.
  const b = LINE_BYTES;
  const n = row.numbers;
  let p = 0;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const kind = KIND[i];
    if (kind === 0) p = putCount(b, p, n[i]!);
    else if (kind === 1) p = putRate(b, p, n[i]!);
    else p = putText(b, p, row.symbols[i - 1]!);
    if (p < 0) return joinedLine(row, label, extra);
    b[p++] = 44; // ','
  }
  if (extra !== undefined) {
    if (extra.length > MAX_EXTRA) return joinedLine(row, label, extra);
    for (let i = 0; i < extra.length; i++) {
      const v = extra[i]!;
      const x = v | 0;
      if (x === v && x < 10 && x >= -1) {
        // Most cells: a digit, or −1 (not applicable).
        if (x >= 0) b[p++] = 48 + x;
        else {
          b[p++] = 45; // '-'
          b[p++] = 49;
        }
        b[p++] = 44;
        continue;
      }
      if (v < 0 && v === x && v !== -2147483648) {
        b[p++] = 45; // '-'
        p = putCount(b, p, -v);
      } else p = putCount(b, p, v);
      if (p < 0) return joinedLine(row, label, extra);
      b[p++] = 44;
    }
  }
  p = putText(b, p, label);
  if (p < 0) return joinedLine(row, label, extra);
  return b.toString('latin1', 0, p);
}

/** Extra cells kddLine writes into its scratch bytes (more go through strings). */
const MAX_EXTRA = 128;
/** Scratch bytes of kddLine: each of the 41 + MAX_EXTRA number cells needs at most 25 bytes
 *  (written unchecked: 11 at most for a whole number, String(v) is checked); text is checked. */
const LINE_BYTES = Buffer.alloc(8192);
const TEXT_ROOM = LINE_BYTES.length - 1;
const NUMBER_ROOM = (FEATURE_COUNT + MAX_EXTRA) * 25;

/** Copies Latin-1 text `s` to `b` at `p`; the end, or −1 when it is not Latin-1 or too long. */
function putText(b: Buffer, p: number, s: string): number {
  if (p + s.length > TEXT_ROOM - NUMBER_ROOM) return -1;
  for (let k = 0; k < s.length; k++) {
    const u = s.charCodeAt(k);
    if (u > 0xff) return -1;
    b[p++] = u;
  }
  return p;
}

/** "0.00" … "1.00" as bytes, 4 per hundredth. */
const RATE_BYTES = Uint8Array.from({ length: 404 }, (_, i) => RATE_TEXT[i >> 2]!.charCodeAt(i & 3));

/** Writes a two-decimal rate as formatRate prints it; the end. */
function putRate(b: Buffer, p: number, v: number): number {
  const r = Math.round(v * 100);
  if (!(r >= 0 && r <= 100)) return putText(b, p, formatRate(v));
  const o = (r | 0) * 4;
  b[p] = RATE_BYTES[o]!;
  b[p + 1] = RATE_BYTES[o + 1]!;
  b[p + 2] = RATE_BYTES[o + 2]!;
  b[p + 3] = RATE_BYTES[o + 3]!;
  return p + 4;
}

/** Writes a number cell as String(v) prints it (digits for whole numbers below 2^31); the end. */
function putCount(b: Buffer, p: number, v: number): number {
  const x = v | 0;
  if (x !== v || x < 0) return putText(b, p, String(v));
  if (x < 10) {
    b[p] = 48 + x;
    return p + 1;
  }
  if (x < 100) {
    const q = (x / 10) | 0;
    b[p] = 48 + q;
    b[p + 1] = 48 + x - q * 10;
    return p + 2;
  }
  let digits = 3;
  for (let t = 1000; t <= x && digits < 10; t *= 10) digits++;
  let y = x;
  for (let k = p + digits - 1; k >= p; k--) {
    const q = (y / 10) | 0;
    b[k] = 48 + y - q * 10;
    y = q;
  }
  return p + digits;
}

/** kddLine for any text. */
function joinedLine(row: FeatureRow, label: string, extra: Float64Array | undefined): string {
  const cells: string[] = [];
  for (let i = 0; i < FEATURE_COUNT; i++) cells.push(row.cell(i));
  if (extra !== undefined) for (const v of extra) cells.push(String(v));
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
  if (row.extended !== undefined) c.extended = row.extended.slice();
  c.endpoints = { ...row.endpoints };
  return c;
}
