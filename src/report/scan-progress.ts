/**
 * The progress line of `nad scan` on stderr (only when stderr is a terminal): bytes read of the
 * total, packets, packets/s and the estimated time left, redrawn in place at most 10 times a
 * second and erased at the end, so that nothing of it is left between the results.
 */
import type { ScanProgress } from '../rows/scan-record.js';

/** Where the line is drawn (process.stderr, or a fake in tests). */
export interface ProgressOutput {
  write(s: string): unknown;
}

/** Minimum time between two redraws. */
const REDRAW_MS = 100;
/** Erase from the cursor to the end of the line (ANSI EL). */
const ERASE = '\x1b[K';

/** A progress line redrawn in place. */
export class ProgressLine {
  private readonly startMs: number;
  private lastMs = -Infinity;
  private shown = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = Date.now,
  ) {
    this.startMs = now();
  }

  /** Redraws the line with `p`, unless it was redrawn less than 100 ms ago. */
  update(p: ScanProgress): void {
    const t = this.now();
    if (t - this.lastMs < REDRAW_MS) return;
    this.lastMs = t;
    this.out.write(`\r${progressText(p, (t - this.startMs) / 1000)}${ERASE}`);
    this.shown = true;
  }

  /** Erases the line (before other stderr output, and at the end); the next update redraws it. */
  clear(): void {
    if (!this.shown) return;
    this.out.write(`\r${ERASE}`);
    this.shown = false;
    this.lastMs = -Infinity;
  }
}

/** The text of the line, e.g. `12.0 MB / 1.1 GB (1%) · 20,000 packets · 200,000 packets/s · ETA 1:39`. */
export function progressText(p: ScanProgress, elapsedSec: number): string {
  const parts = [
    p.totalBytes === undefined
      ? `${formatBytes(p.bytesRead)} read`
      : `${formatBytes(p.bytesRead)} / ${formatBytes(p.totalBytes)} (${percent(p)}%)`,
    `${Math.round(p.packets).toLocaleString('en-US')} packets`,
  ];
  if (elapsedSec > 0) {
    parts.push(`${Math.round(p.packets / elapsedSec).toLocaleString('en-US')} packets/s`);
    if (p.totalBytes !== undefined && p.bytesRead > 0) {
      const leftSec = ((p.totalBytes - p.bytesRead) * elapsedSec) / p.bytesRead;
      parts.push(`ETA ${formatDuration(Math.max(0, leftSec))}`);
    }
  }
  return parts.join(' · ');
}

function percent(p: ScanProgress): number {
  return p.totalBytes === 0 ? 100 : Math.floor((100 * p.bytesRead) / p.totalBytes!);
}

/** Bytes in B, kB, MB or GB (powers of 1000, one decimal above bytes). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Seconds as m:ss, or h:mm:ss from an hour. */
export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
