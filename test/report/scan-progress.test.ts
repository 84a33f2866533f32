/** The progress line of `nad scan`: its text, at most 10 redraws a second, erased at the end. */
import { describe, expect, it } from 'vitest';
import {
  ProgressLine,
  formatBytes,
  formatDuration,
  progressText,
} from '../../src/report/scan-progress.js';

describe('progress text', () => {
  it('bytes of the total, packets, packets/s and the time left', () => {
    const p = { bytesRead: 250_000_000, totalBytes: 1_000_000_000, packets: 3_000_000 };
    expect(progressText(p, 10)).toBe(
      '250.0 MB / 1.0 GB (25%) · 3,000,000 packets · 300,000 packets/s · ETA 0:30',
    );
  });

  it('stdin: no total, no ETA', () => {
    expect(progressText({ bytesRead: 999, totalBytes: undefined, packets: 10 }, 2)).toBe(
      '999 B read · 10 packets · 5 packets/s',
    );
  });

  it('units', () => {
    expect([formatBytes(0), formatBytes(1500), formatBytes(2.5e12)]).toEqual([
      '0 B',
      '1.5 kB',
      '2.5 TB',
    ]);
    expect([formatDuration(59.6), formatDuration(3725)]).toEqual(['1:00', '1:02:05']);
  });
});

describe('ProgressLine', () => {
  it('redraws at most every 100 ms, and clear() erases the line once', () => {
    const out: string[] = [];
    let now = 0;
    const line = new ProgressLine({ write: (s) => out.push(s) }, () => now);
    const p = { bytesRead: 10, totalBytes: 100, packets: 1 };
    now = 1000;
    line.update(p);
    now = 1050;
    line.update(p); // too soon
    now = 1100;
    line.update(p);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      // eslint-disable-next-line no-control-regex
      /^\r10 B \/ 100 B \(10%\) · 1 packets · 1 packets\/s · ETA 0:09\x1b\[K$/,
    );
    line.clear();
    line.clear();
    expect(out.slice(2)).toEqual(['\r\x1b[K']);
  });
});
