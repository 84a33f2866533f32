/** The overall progress of a scan over several inputs read at once or one after another. */
import type { ScanProgress } from '../../rows/scan-record.js';
import type { ReadProgress } from '../shared/read-packets.js';

/** Sums the progress of the files being read. */
export class ProgressTracker {
  private readonly bytes: number[];
  private readonly packets: number[];
  private bytesRead = 0;
  private packetsRead = 0;
  private readonly totalBytes: number | undefined;

  constructor(
    private readonly sizes: readonly (number | undefined)[],
    private readonly onProgress: ((p: ScanProgress) => void) | undefined,
  ) {
    this.bytes = sizes.map(() => 0);
    this.packets = sizes.map(() => 0);
    const stdin = sizes.some((s) => s === undefined);
    this.totalBytes = stdin ? undefined : sizes.reduce<number>((a, s) => a + (s ?? 0), 0);
  }

  update(i: number, p: ReadProgress): void {
    this.set(i, p.bytesRead, p.packets);
  }

  finish(i: number, packets: number): void {
    this.set(i, this.sizes[i] ?? this.bytes[i]!, packets);
  }

  private set(i: number, bytes: number, packets: number): void {
    this.bytesRead += bytes - this.bytes[i]!;
    this.packetsRead += packets - this.packets[i]!;
    this.bytes[i] = bytes;
    this.packets[i] = packets;
    if (this.onProgress === undefined) return;
    this.onProgress({
      bytesRead: this.bytesRead,
      totalBytes: this.totalBytes,
      packets: this.packetsRead,
    });
  }
}
