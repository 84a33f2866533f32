/**
 * Streamed NDJSON / CSV text of files whose turn has not come (`nad scan --jobs N`), kept in
 * temporary files instead of memory: their workers go on at full speed, memory stays bounded,
 * and when a file's turn comes its spilled text is copied out first, then its live chunks follow
 * (scan-parallel.ts). A write that fails (disk full) returns false, and the caller falls back to
 * making the worker wait, as without spilling.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Spill files by input index, in one temporary directory removed by `removeAll`. */
export class SpillFiles {
  private dir: string | undefined;
  private readonly open = new Map<number, { fd: number; path: string; failed: boolean }>();
  private readonly cleanup = (): void => this.removeAll();

  /** Appends `chunk` to the spill of file `index`; false when it cannot be written. */
  append(index: number, chunk: Uint8Array): boolean {
    let f = this.open.get(index);
    try {
      if (f === undefined) {
        if (this.dir === undefined) {
          this.dir = mkdtempSync(join(tmpdir(), 'nad-spill-'));
          process.once('exit', this.cleanup);
        }
        const path = join(this.dir, `${index}.part`);
        f = { fd: openSync(path, 'w'), path, failed: false };
        this.open.set(index, f);
      }
      if (f.failed) return false;
      for (let done = 0; done < chunk.length;)
        done += writeSync(f.fd, chunk, done, chunk.length - done);
      return true;
    } catch {
      if (f !== undefined) f.failed = true; // later chunks wait in memory, after this file's
      return false;
    }
  }

  /**
   * The spilled text of file `index` in order (nothing when none), its file closed and removed
   * once read; call when the file's turn has come, before its live chunks.
   */
  async *take(index: number): AsyncGenerator<Uint8Array> {
    const f = this.open.get(index);
    if (f === undefined) return;
    this.open.delete(index);
    closeSync(f.fd);
    try {
      for await (const chunk of createReadStream(f.path, { highWaterMark: 1 << 20 }))
        yield chunk as Buffer;
    } finally {
      rmSync(f.path, { force: true });
    }
  }

  /** Closes and removes every spill file and the directory. */
  removeAll(): void {
    for (const f of this.open.values()) closeSync(f.fd);
    this.open.clear();
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.off('exit', this.cleanup);
  }
}
