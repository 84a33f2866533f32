/**
 * Output lines gathered into large writes (the one LineBuffer of the CLI): writing a million rows
 * to stdout one call each is slow, so `nad scan` and `nad features` add lines here and the buffer
 * hands its sink chunks of about 64 KiB.
 */

/** Characters gathered before a write (one write per ~64 KiB instead of one per line). */
export const FLUSH_CHARS = 1 << 16;

/** Lines gathered into large writes. */
export class LineBuffer {
  private text = '';

  /** `sink` writes a chunk; true when it no longer needs it (a byte chunk may then be reused). */
  constructor(private readonly sink: (chunk: string | Uint8Array) => boolean) {}

  /** Adds a line (a newline is appended). */
  line(s: string): void {
    this.text += `${s}\n`;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  /** Writes bytes of whole lines (each ending in a newline) after what is gathered. */
  lines(chunk: Uint8Array): boolean {
    this.flush();
    return this.sink(chunk);
  }

  /** Writes what is gathered. */
  flush(): void {
    if (this.text === '') return;
    const chunk = this.text;
    this.text = '';
    this.sink(chunk);
  }
}
