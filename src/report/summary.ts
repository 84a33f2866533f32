/**
 * Renders capture summaries (`nad scan --summary`) as capinfos-like text blocks.
 */
import chalk from 'chalk';
import type { CaptureSummary } from '../capture/summary.js';
import { sanitize } from '../common/sanitize.js';

/** One text block per capture. */
export function renderSummary(s: CaptureSummary): string {
  const rows: [string, string][] = [
    ['File', sanitize(s.file)],
    ['Format', formatLine(s)],
    ['Link types', s.linkTypes.map((l) => `${l.id} (${l.name})`).join(', ') || '-'],
    ['Snaplen', s.snaplen === null ? '-' : String(s.snaplen)],
    ['Packets', s.packets.toLocaleString('en-US')],
    ['Bytes', s.bytes.toLocaleString('en-US')],
    ['First packet', s.firstTime ?? '-'],
    ['Last packet', s.lastTime ?? '-'],
    ['Protocols', counts(s.protocols)],
    ['Skipped packets', counts(s.skipped)],
  ];
  if (Object.keys(s.skippedBlocks).length > 0)
    rows.push(['Skipped blocks', counts(s.skippedBlocks)]);
  for (const w of s.warnings) rows.push(['Warning', chalk.yellow(sanitize(w))]);
  if (s.error !== null) rows.push(['Error', chalk.red(sanitize(s.error))]);
  return rows.map(([k, v]) => `${chalk.bold(`${k}:`.padEnd(17))}${v}`).join('\n');
}

function formatLine(s: CaptureSummary): string {
  const parts = [
    s.byteOrder && `${s.byteOrder}-endian`,
    s.version && `version ${s.version}`,
    s.tsResolution,
  ];
  if (s.format === 'pcapng') parts.push(`${s.sections} section(s), ${s.interfaces} interface(s)`);
  const detail = parts.filter((x) => x).join(', ');
  return `${s.gzip ? 'gzip-compressed ' : ''}${s.format}${detail ? ` (${detail})` : ''}`;
}

function counts(c: Record<string, number>): string {
  const entries = Object.entries(c);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}
