/**
 * The analyst's view of a scan: a cli-table3 table of connections, most suspicious first,
 * coloured by severity with chalk (plain when colour is off), then a per-file and total summary.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import type { ScanFileResult, ScanRecord } from '../rows/scan-record.js';
import { sanitize } from '../common/sanitize.js';

/** Renders records as a table; `showFile` adds the file column (several inputs). */
export function renderScanTable(records: readonly ScanRecord[], showFile: boolean): string {
  const head = [
    'score',
    'class',
    'start (UTC)',
    'source → destination',
    'proto/service',
    'flag',
    'dur s',
    'bytes →/←',
    'why',
  ];
  const table = new Table({
    head: showFile ? ['file', ...head] : head,
    style: {
      head: chalk.level > 0 ? ['bold'] : [],
      border: chalk.level > 0 ? ['grey'] : [],
      compact: true,
    },
  });
  for (const r of records) {
    const paint = severity(r.score);
    const cells = [
      paint(r.score.toFixed(2)),
      paint(`${r.attackLabel} (${r.category})`),
      r.startTime.replace('T', ' ').replace('Z', ''),
      `${endpoint(r.srcAddr, r.srcPort, r.protocol)} → ${endpoint(r.dstAddr, r.dstPort, r.protocol)}`,
      `${r.protocol}/${sanitize(r.service)}`,
      r.flag,
      String(r.durationSec),
      `${r.srcBytes} / ${r.dstBytes}`,
      r.why,
    ];
    table.push(showFile ? [sanitize(r.file), ...cells] : cells);
  }
  return table.toString();
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

/** The summary after the table: one line per file, then the totals. */
export function renderScanSummary(files: readonly ScanFileResult[], threshold: number): string {
  const lines: string[] = [];
  for (const f of files) lines.push(`${chalk.bold(sanitize(f.file))}: ${fileLine(f)}`);
  if (files.length > 1) lines.push(`${chalk.bold('total')}: ${fileLine(total(files))}`);
  lines.push(
    chalk.dim(
      `anomaly = score ≥ ${threshold}; score = probability that the connection is an attack`,
    ),
  );
  return lines.join('\n');
}

function fileLine(f: ScanFileResult): string {
  const cats = Object.entries(f.anomaliesByCategory)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const skipped = Object.entries(f.skippedPackets)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const parts = [
    `${f.packets.toLocaleString('en-US')} packets`,
    `${f.connections.toLocaleString('en-US')} connections`,
    `${f.anomalies.toLocaleString('en-US')} ${f.anomalies === 1 ? 'anomaly' : 'anomalies'}${cats ? ` (${cats})` : ''}`,
  ];
  if (skipped) parts.push(`skipped packets: ${skipped}`);
  if (f.evictions > 0) parts.push(`${f.evictions} evictions`);
  parts.push(`${f.elapsedSec.toFixed(2)} s`);
  if (f.error !== null) parts.push(chalk.red(`error: ${sanitize(f.error)}`));
  return parts.join(', ');
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
