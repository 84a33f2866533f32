/**
 * The analyst's view of a scan: a cli-table3 table of connections, most suspicious first,
 * coloured by severity with chalk (plain when colour is off), then a per-file and total summary.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import type { ScanFileResult, ScanRecord } from '../rows/scan-record.js';
import { sanitize } from '../common/sanitize.js';
import { thresholdNote, type ScanThreshold } from '../rows/scan-threshold.js';
import {
  FULL_LAYOUT,
  displayWidth,
  planColumns,
  type ColumnSizes,
  type TablePlan,
  type Variant,
} from './scan-table-fit.js';

/**
 * Renders records as a table; `showFile` adds the file column (several inputs). With a `width`
 * (terminal columns, scan-table-fit.ts tableWidth) the table is narrowed to fit it in the order
 * of NARROWING_ORDER; without one, or when it fits, every column is drawn in full.
 */
export function renderScanTable(
  records: readonly ScanRecord[],
  showFile: boolean,
  width?: number,
): string {
  const sameDay = records.every(
    (r) => r.startTime.slice(0, 10) === records[0]?.startTime.slice(0, 10),
  );
  const layout = FULL_LAYOUT.filter((v) => showFile || v !== 'file');
  const plan: TablePlan =
    width === undefined
      ? { steps: 0, columns: layout.map((variant) => ({ variant, width: 0 })) }
      : planColumns(width, measure(records, layout, sameDay));
  const fitted = plan.steps > 0;
  const table = new Table({
    head: plan.columns.map((c) => CELLS[c.variant].head),
    ...(fitted ? { colWidths: plan.columns.map((c) => c.width + 2) } : {}),
    style: {
      head: chalk.level > 0 ? ['bold'] : [],
      border: chalk.level > 0 ? ['grey'] : [],
      compact: true,
    },
  });
  for (const r of records) {
    const paint = severity(r.score);
    table.push(
      plan.columns.map(({ variant }) => {
        const cell = CELLS[variant];
        const text = cell.text(r, sameDay);
        return cell.paint === true ? paint(text) : text;
      }),
    );
  }
  return table.toString();
}

/** The head and text of a column variant; `paint`: coloured by severity. */
interface Cell {
  head: string;
  /** The text for a record; `sameDay`: every record starts on the same date. */
  text: (r: ScanRecord, sameDay: boolean) => string;
  paint?: true;
}

const CELLS: Readonly<Record<Variant, Cell>> = {
  file: { head: 'file', text: (r) => sanitize(r.file) },
  'file name': { head: 'file', text: (r) => sanitize(r.file.split(/[/\\]/).pop() || r.file) },
  score: { head: 'score', text: (r) => r.score.toFixed(2), paint: true },
  class: {
    head: 'class',
    // a category model's class is its category: said once
    text: (r) => (r.attackLabel === r.category ? r.category : `${r.attackLabel} (${r.category})`),
    paint: true,
  },
  label: { head: 'class', text: (r) => r.attackLabel, paint: true },
  start: { head: 'start (UTC)', text: (r) => r.startTime.replace('T', ' ').replace('Z', '') },
  'start second': {
    head: 'start UTC',
    text: (r, sameDay) =>
      sameDay ? r.startTime.slice(11, 19) : r.startTime.slice(0, 19).replace('T', ' '),
  },
  endpoints: {
    head: 'source → destination',
    text: (r) =>
      `${endpoint(r.srcAddr, r.srcPort, r.protocol)} → ${endpoint(r.dstAddr, r.dstPort, r.protocol)}`,
  },
  'endpoints no source port': {
    head: 'source → destination',
    text: (r) => `${r.srcAddr} → ${endpoint(r.dstAddr, r.dstPort, r.protocol)}`,
  },
  service: { head: 'proto/service', text: (r) => `${r.protocol}/${sanitize(r.service)}` },
  'service flag': {
    head: 'service flag',
    text: (r) => `${r.protocol}/${sanitize(r.service)} ${r.flag}`,
  },
  flag: { head: 'flag', text: (r) => r.flag },
  duration: { head: 'dur s', text: (r) => String(r.durationSec) },
  bytes: { head: 'bytes →/←', text: (r) => `${r.srcBytes} / ${r.dstBytes}` },
  why: { head: 'why', text: (r) => r.why },
};

/** The widest cell, head included, of every variant the plan may use. */
function measure(
  records: readonly ScanRecord[],
  layout: readonly Variant[],
  sameDay: boolean,
): ColumnSizes {
  const sizes: Partial<Record<Variant, number>> = {};
  const variants = Object.keys(CELLS) as Variant[];
  for (const v of variants) {
    if (!layout.includes('file') && (v === 'file' || v === 'file name')) continue;
    const cell = CELLS[v];
    sizes[v] = records.reduce(
      (widest, r) => Math.max(widest, displayWidth(cell.text(r, sameDay))),
      displayWidth(cell.head),
    );
  }
  return sizes;
}

/** Colour for a score: red ≥ 0.9, yellow ≥ 0.7, otherwise unchanged. */
function severity(score: number): (s: string) => string {
  if (score >= 0.9) return chalk.red.bold;
  if (score >= 0.7) return chalk.yellow;
  return (s) => s;
}

function endpoint(addr: string, port: number, protocol: string): string {
  if (protocol === 'icmp') return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/**
 * The summary after the table: one line per file, then the totals. With a `width` (as for
 * renderScanTable) a line wider than it breaks after a comma, continuing indented by two.
 */
export function renderScanSummary(
  run: {
    files: readonly ScanFileResult[];
    threshold: number;
    modelThreshold: ScanThreshold | null;
    baseline?: { path: string; threshold: number } | null;
  },
  width?: number,
): string {
  const { files, threshold } = run;
  const lines: string[] = [];
  const fileLine = (name: string, f: ScanFileResult): string => {
    const [first, ...rest] = fileParts(f);
    return joinFitted([`${chalk.bold(name)}: ${first}`, ...rest], ', ', width);
  };
  for (const f of files) lines.push(fileLine(sanitize(f.file), f));
  if (files.length > 1) lines.push(fileLine('total', total(files)));
  const note = thresholdNote(threshold, run.modelThreshold);
  const legend = [
    ...(note === undefined ? [] : [note]),
    `anomaly = score ≥ ${threshold}`,
    'score = probability that the connection is an attack',
  ];
  const b = run.baseline;
  if (b != null)
    legend.push(
      `or novel = novelty ≥ ${b.threshold} under the baseline ${sanitize(b.path)} (verdict: attack if score ≥ ${threshold}, else novel, else normal)`,
    );
  lines.push(chalk.dim(joinFitted(legend, '; ', width)));
  return lines.join('\n');
}

/** `parts` joined by `sep`; with a `width`, broken after a `sep` before a line would pass it. */
function joinFitted(parts: readonly string[], sep: string, width: number | undefined): string {
  if (width === undefined) return parts.join(sep);
  const lines: string[] = [];
  let line = parts[0] ?? '';
  for (const [i, part] of parts.entries()) {
    if (i === 0) continue;
    const end = i < parts.length - 1 ? sep.trimEnd() : '';
    if (displayWidth(line + sep + part + end) <= width) line += sep + part;
    else {
      lines.push(line + sep.trimEnd());
      line = `  ${part}`;
    }
  }
  return [...lines, line].join('\n');
}

/** The figures of a file's summary line. */
function fileParts(f: ScanFileResult): string[] {
  const cats = Object.entries(f.anomaliesByCategory)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const skipped = Object.entries(f.skippedPackets)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const parts = [
    counted(f.packets, 'packet'),
    counted(f.connections, 'connection'),
    `${f.anomalies.toLocaleString('en-US')} ${f.anomalies === 1 ? 'anomaly' : 'anomalies'}${cats ? ` (${cats})` : ''}`,
  ];
  if (skipped) parts.push(`skipped packets: ${skipped}`);
  if (f.evictions > 0) parts.push(`${f.evictions} evictions`);
  parts.push(`${f.elapsedSec.toFixed(2)} s`);
  if (f.error !== null) parts.push(chalk.red(`error: ${sanitize(f.error)}`));
  return parts;
}

/** `n` things, in English: "1 packet", "2,000 packets". */
function counted(n: number, thing: string): string {
  return `${n.toLocaleString('en-US')} ${thing}${n === 1 ? '' : 's'}`;
}

/** Sums per-file results into one. */
export function total(files: readonly ScanFileResult[]): ScanFileResult {
  const t: ScanFileResult = {
    file: 'total',
    packets: 0,
    connections: 0,
    anomalies: 0,
    anomaliesByCategory: {},
    failing: 0,
    maxScore: 0,
    ignoredPackets: 0,
    skippedPackets: {},
    evictions: 0,
    warnings: [],
    error: null,
    elapsedSec: 0,
    records: [],
  };
  for (const f of files) {
    t.packets += f.packets;
    t.connections += f.connections;
    t.anomalies += f.anomalies;
    t.failing += f.failing;
    t.maxScore = Math.max(t.maxScore, f.maxScore);
    t.ignoredPackets += f.ignoredPackets;
    t.evictions += f.evictions;
    t.elapsedSec += f.elapsedSec;
    addCounts(t.anomaliesByCategory, f.anomaliesByCategory);
    addCounts(t.skippedPackets, f.skippedPackets);
  }
  return t;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
