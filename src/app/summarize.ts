/**
 * `nad scan --summary`: a capinfos-like summary per input — format, link types, packets,
 * bytes, first/last timestamps, packets per protocol and skipped packets by reason.
 */
import type { ReadOptions } from '../capture/detect.js';
import { linkTypeName } from '../capture/types.js';
import type { InputError } from '../errors.js';
import { readPackets } from './read-packets.js';

/** The summary of one capture, as `--json` prints it. */
export interface CaptureSummary {
  file: string;
  format: string;
  gzip: boolean;
  byteOrder: string;
  version: string;
  tsResolution: string;
  snaplen: number | null;
  linkTypes: { id: number; name: string }[];
  sections: number;
  interfaces: number;
  packets: number;
  bytes: number;
  firstTime: string | null;
  lastTime: string | null;
  protocols: Record<string, number>;
  skipped: Record<string, number>;
  skippedBlocks: Record<string, number>;
  warnings: string[];
  error: string | null;
}

/** Reads `path` and returns its summary; bad data is reported in `error`, not thrown. */
export async function summarizeCapture(
  path: string,
  options: ReadOptions = {},
): Promise<{ summary: CaptureSummary; error: InputError | undefined }> {
  const r = await readPackets(path, undefined, options);
  const s = r.stats;
  const summary: CaptureSummary = {
    file: r.file,
    format: r.info.format,
    gzip: r.gzip,
    byteOrder: r.info.byteOrder,
    version: r.info.version,
    tsResolution: r.info.tsResolution,
    snaplen: r.info.snaplen ?? null,
    linkTypes: r.info.linkTypes.map((id) => ({ id, name: linkTypeName(id) })),
    sections: r.info.sections,
    interfaces: r.info.interfaces,
    packets: s.packets,
    bytes: s.bytes,
    firstTime: s.firstSec < 0 ? null : isoTime(s.firstSec, s.firstNsec),
    lastTime: s.lastSec < 0 ? null : isoTime(s.lastSec, s.lastNsec),
    protocols: s.protocols(),
    skipped: s.skips(),
    skippedBlocks: r.info.skippedBlocks,
    warnings: r.warnings.map((w) => w.message),
    error: r.error === undefined ? null : r.error.describe(),
  };
  return { summary, error: r.error };
}

/** UTC ISO 8601 with nanoseconds, e.g. 2011-01-25T18:52:22.484409000Z. */
export function isoTime(sec: number, nsec: number): string {
  const date = new Date(sec * 1000);
  // Beyond JavaScript's date range (only corrupt files get there): print the raw count.
  if (Number.isNaN(date.getTime())) return `${sec}.${String(nsec).padStart(9, '0')}s`;
  return `${date.toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z`;
}
