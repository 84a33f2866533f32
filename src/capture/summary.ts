/**
 * The capinfos-like summary of one capture (`nad scan --summary`), as its renderer and `--json`
 * show it.
 */

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

/** UTC ISO 8601 with nanoseconds, e.g. 2011-01-25T18:52:22.484409000Z. */
export function isoTime(sec: number, nsec: number): string {
  const date = new Date(sec * 1000);
  // Beyond JavaScript's date range (only corrupt files get there): print the raw count.
  if (Number.isNaN(date.getTime())) return `${sec}.${String(nsec).padStart(9, '0')}s`;
  return `${date.toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z`;
}
