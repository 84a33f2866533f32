/**
 * The chunk-boundary machinery every binary capture parser shares: a record that straddles two
 * chunks is completed by copying only the unparsed tail in front of the next chunk, so memory
 * stays at about one chunk whatever the file size.
 */
import type { CaptureInfo, CaptureParser, CaptureWarning } from './types.js';

/** Bytes of the next chunk first copied behind a tail to complete the record they split. */
const STITCH_BYTES = 1 << 14;
const EMPTY = new Uint8Array(0);

/** Base class: subclasses implement `parse(buf, start, baseOffset)` returning bytes consumed. */
export abstract class ChunkedParser implements CaptureParser {
  abstract readonly info: CaptureInfo;
  readonly warnings: CaptureWarning[] = [];
  /** Unparsed bytes left over from the previous chunk. */
  private tail: Uint8Array = EMPTY;
  /** File offset of tail[0]. */
  private tailOffset = 0;
  /** Set when parsing stopped for good (fatal error already reported). */
  protected stopped = false;

  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    let tail = this.tail;
    let pos = 0; // where the chunk's unparsed bytes start
    // A record straddling the boundary is completed from the chunk's head: only that head is
    // copied behind the tail (more when the record is longer), never the whole chunk.
    while (tail.length > 0 && pos < chunk.length) {
      const take = Math.min(chunk.length - pos, Math.max(STITCH_BYTES, 2 * tail.length));
      const buf = new Uint8Array(tail.length + take);
      buf.set(tail, 0);
      buf.set(chunk.subarray(pos, pos + take), tail.length);
      const used = this.parse(buf, this.tailOffset);
      this.tailOffset += used;
      if (this.stopped) return;
      if (used >= tail.length) {
        pos += used - tail.length;
        tail = EMPTY;
      } else {
        pos += take;
        tail = buf.slice(used); // a Uint8Array: slice() copies
      }
    }
    if (tail.length === 0 && pos < chunk.length) {
      const rest = pos === 0 ? chunk : chunk.subarray(pos);
      const used = this.parse(rest, this.tailOffset);
      this.tailOffset += used;
      // Copy the tail: keeping a subarray would pin the whole chunk. (Not rest.slice(): chunks
      // from fs and zlib are Buffers, whose slice() is a view.)
      tail = used >= rest.length ? EMPTY : Uint8Array.prototype.slice.call(rest, used);
    }
    this.tail = tail;
  }

  end(): void {
    if (this.stopped) return;
    if (this.tail.length > 0) this.onTruncated(this.tailOffset, this.tail.length);
  }

  /** Parses complete records in `buf` (whose byte 0 is at file offset `baseOffset`). */
  protected abstract parse(buf: Uint8Array, baseOffset: number): number;

  /** Called at end of input with the partial bytes left: default is a warning. */
  protected onTruncated(offset: number, leftBytes: number): void {
    this.warnings.push({
      byteOffset: offset,
      message: `file ends inside a record at byte ${offset} (${leftBytes} bytes of an incomplete record ignored; file cut short?)`,
    });
  }

  /** Adds a warning once per distinct message key, counting repeats. */
  protected warnOnce(key: string, byteOffset: number, message: string): void {
    const seen = this.warnedKeys.get(key);
    if (seen !== undefined) {
      this.warnedKeys.set(key, seen + 1);
      return;
    }
    this.warnedKeys.set(key, 1);
    this.warnings.push({ byteOffset, message });
  }

  /** How many times each warnOnce key fired. */
  readonly warnedKeys = new Map<string, number>();
}
