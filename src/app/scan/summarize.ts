/**
 * `nad scan --summary`: a capinfos-like summary per input — format, link types, packets,
 * bytes, first/last timestamps, packets per protocol and skipped packets by reason.
 */
import type { ReadOptions } from '../../capture/detect.js';
import { linkTypeName } from '../../capture/types.js';
import type { InputError } from '../../common/errors.js';
import { readPackets } from '../shared/read-packets.js';
import { isoTime, type CaptureSummary } from '../../capture/summary.js';

export type { CaptureSummary };

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
