/**
 * The byte level of the streaming JSON tokenizer (json-stream.ts): chunks, positions, errors and
 * string tokens. The tokenizer extends this class with the grammar (states, nesting, events).
 *
 * - Chunks: a token spanning chunks is completed by keeping only the bytes of the unfinished
 *   token (the tail), so nothing is ever held as a whole.
 * - Positions: byte offset, line and column (in bytes, 1-based) of the token being handled, for
 *   errors. Text is UTF-8; a leading byte-order mark is skipped.
 * - Strings: the closing quote is found in one pass even when the string spans chunks. Bytes
 *   that are not UTF-8 inside a string are replaced by U+FFFD and counted (`replacedStrings`),
 *   not an error: tshark 4.0 `-T ek` writes some strings byte for byte (seen in `frame.time` of
 *   a frame with a corrupt timestamp), and nad reads only numbers and addresses, which a
 *   replacement cannot turn into other valid values.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../common/errors.js';
import { unescapeJson } from './json-scalars.js';
import type { CaptureWarning } from './types.js';

/** Chunk, position and string handling of the tokenizer; see the module comment. */
export abstract class JsonLexer {
  /** Byte offset (in the whole input) of the start of the token being handled. */
  tokenOffset = 0;
  /** 1-based line of the token being handled. */
  line = 1;
  /** Strings delivered with bytes that are not UTF-8 (replaced by U+FFFD). */
  replacedStrings = 0;
  /** Input offset of the start of the current line. */
  protected lineStart = 0;
  /** Input offset of the first byte of the buffer being parsed. */
  protected base = 0;
  /** The unfinished token at the end of the previous chunk (a copy). */
  protected tail: Buffer = Buffer.alloc(0);
  /** Whether the string just scanned held escapes / bytes ≥ 0x80 (for decode()). */
  private strEscaped = false;
  private strNonAscii = false;
  /** How far (from its quote) the unfinished string at the start of the tail was scanned. */
  private scanResume = 0;
  private started = false;

  /**
   * @param fileName named in errors
   * @param maxTokenBytes longest string token, in bytes (an InputError past it)
   */
  constructor(
    private readonly fileName: string,
    protected readonly maxTokenBytes: number,
  ) {}

  /** The summary warning for replaced strings, if there were any (after end()). */
  replacementWarning(): CaptureWarning | undefined {
    const n = this.replacedStrings;
    if (n === 0) return undefined;
    return {
      byteOffset: 0,
      message: `${n} JSON string(s) held bytes that are not UTF-8 (replaced by U+FFFD)`,
    };
  }

  /** 1-based byte column of the token being handled. */
  get column(): number {
    return this.tokenOffset - this.lineStart + 1;
  }

  /** Tokenizes `chunk` (after whatever was left unfinished by the previous one). */
  push(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.tail.length > 0) buf = Buffer.concat([this.tail, buf]);
    if (!this.started) {
      if (buf.length < 3 && buf[0] === 0xef) {
        this.tail = Buffer.from(buf); // maybe a byte-order mark: wait for its third byte
        return;
      }
      buf = this.skipBom(buf);
    }
    const used = this.parse(buf, false);
    this.base += used;
    // Copy the unfinished token: a view would pin the whole chunk.
    this.tail = used >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(used));
  }

  /** An InputError at the current token (or at the end of the input). */
  error(message: string, hint?: string): InputError {
    return new InputError(message, {
      location: {
        file: this.fileName,
        line: this.line,
        column: this.column,
        byteOffset: this.tokenOffset,
      },
      hint: hint ?? 'The JSON is invalid or cut short here; everything before it was read.',
    });
  }

  /**
   * Consumes every complete token of `buf` (white space and newlines included), returns the
   * offset of the first unfinished one; `atEnd` when no more input follows.
   */
  protected abstract parse(buf: Buffer, atEnd: boolean): number;

  /**
   * At end of input: finishes the kept tail (a top-level number is only complete at the end; a
   * space finishes it); an unfinished string or literal is an InputError (file cut short).
   */
  protected endTail(): void {
    if (this.tail.length === 0) return;
    const used = this.parse(Buffer.concat([this.tail, Buffer.from(' ')]), true);
    this.base += Math.min(used, this.tail.length);
    if (used < this.tail.length) {
      this.tokenOffset = this.base;
      throw this.error('input ends inside a string or literal (file cut short?)');
    }
    this.tail = Buffer.alloc(0);
  }

  private skipBom(buf: Buffer): Buffer {
    this.started = buf.length > 0;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      this.base += 3;
      this.lineStart = 3;
      return buf.subarray(3);
    }
    return buf;
  }

  /**
   * Hot loop: finds the closing quote of the string starting at buf[i]; returns the offset
   * after it, or -1 when the chunk ends first. Notes escapes and non-ASCII bytes for decode().
   */
  protected scanString(buf: Buffer, i: number): number {
    const n = buf.length;
    // A string continued from the previous chunk (it starts the kept tail, so i is 0): resume
    // where that scan stopped, so a long string costs one pass, not one per chunk.
    const resume = i === 0 && this.scanResume > 0;
    let escaped = resume && this.strEscaped;
    let nonAscii = resume && this.strNonAscii;
    let j = resume ? i + this.scanResume : i + 1;
    this.scanResume = 0;
    while (j < n) {
      const c = buf[j]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c < 0x20) {
        this.tokenOffset = this.base + j;
        throw this.error(`control character 0x${c.toString(16).padStart(2, '0')} inside a string`);
      }
      if (c >= 0x80) nonAscii = true;
      j++;
    }
    if (j - i > this.maxTokenBytes)
      throw this.error(`string longer than ${this.maxTokenBytes} bytes`);
    this.strEscaped = escaped;
    this.strNonAscii = nonAscii;
    if (j >= n) {
      this.scanResume = j - i;
      return -1;
    }
    return j + 1;
  }

  /** Checks a skipped string's escapes without keeping it. */
  protected checkString(buf: Buffer, start: number, end: number): void {
    if (this.strEscaped) this.unescape(buf.toString('latin1', start, end));
  }

  /** The text of the string just scanned (its bytes start..end−1, quotes excluded). */
  protected decode(buf: Buffer, start: number, end: number): string {
    if (this.strNonAscii && !isUtf8(buf.subarray(start, end))) this.replacedStrings++;
    const text = buf.toString(this.strNonAscii ? 'utf8' : 'latin1', start, end);
    return this.strEscaped ? this.unescape(text) : text;
  }

  private unescape(text: string): string {
    return unescapeJson(text, (message) => this.error(message));
  }
}
