/**
 * A streaming JSON tokenizer (RFC 8259): byte chunks in, events out. Nothing is ever parsed as a
 * whole: a value spanning chunks is completed by keeping only the bytes of the unfinished token
 * (chunks, positions and string tokens are json-lexer.ts; this file is the grammar).
 *
 * - Events go to a `JsonHandler`. `key()` returns false to skip the member's value: a skipped
 *   value is still checked for syntax but produces no events and no strings (fast path for the
 *   many tshark fields nad does not read).
 * - Repeated keys are delivered every time they occur (JSON.parse would keep only the last).
 * - Several top-level values separated by white space (NDJSON) are accepted when `multiple`.
 * - Memory is bounded by `JsonLimits`: string length (bytes), nesting depth and members per
 *   object. Going past a limit is an InputError, never an allocation.
 * - Text is UTF-8. Bytes that are not UTF-8 inside a string are replaced by U+FFFD and counted
 *   (json-lexer.ts says why); outside strings any such byte is a syntax error.
 * - Errors name the file, line, column (in bytes, 1-based) and byte offset of the fault.
 */
import type { InputError } from '../common/errors.js';
import { JsonLexer } from './json-lexer.js';
import {
  MAX_NUMBER_CHARS,
  literalWord,
  numberEnd,
  numberValue,
  startsNumber,
} from './json-scalars.js';

/** Receives the events of a JSON text. */
export interface JsonHandler {
  startObject(): void;
  endObject(): void;
  startArray(): void;
  endArray(): void;
  /** A member name; return false to skip its value (no events for it). */
  key(name: string): boolean;
  string(value: string): void;
  number(value: number): void;
  /** true, false or null. */
  literal(value: boolean | null): void;
}

/** Bounds on what one JSON text may make the tokenizer hold. */
export interface JsonLimits {
  /** Longest string or number token, in bytes (a 256 KiB frame as hex is 512 KiB). */
  maxTokenBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most members in one object (arrays are not limited: they hold the packets). */
  maxMembers: number;
}

/** Defaults: 8 MiB tokens, depth 128, a million members per object. */
export const DEFAULT_JSON_LIMITS: JsonLimits = Object.freeze({
  maxTokenBytes: 8 << 20,
  maxDepth: 128,
  maxMembers: 1 << 20,
});

// Parser states: what may come next.
const TOP = 0; // a top-level value (or, after one, end of input / another when `multiple`)
const VALUE = 1; // a value (after ':' or an array's ',')
const FIRST_KEY = 2; // a key or '}' (just after '{')
const KEY = 3; // a key (after ',' in an object)
const COLON = 4;
const OBJ_NEXT = 5; // ',' or '}'
const FIRST_VALUE = 6; // a value or ']' (just after '[')
const ARR_NEXT = 7; // ',' or ']'

const OBJ = 1;
const ARR = 2;
const EXPECTED = [
  'a value',
  'a value',
  "a key or '}'",
  'a key',
  "':'",
  "',' or '}'",
  "a value or ']'",
  "',' or ']'",
];

/** Push-style JSON tokenizer; see the module comment. */
export class JsonTokenizer extends JsonLexer {
  /** Number of complete top-level values so far. */
  values = 0;
  private state = TOP;
  private depth = 0;
  private readonly kinds: Uint8Array;
  private readonly members: Uint32Array;
  /** >0 while inside a skipped container (its nesting level). */
  private skipDepth = 0;
  private skipNext = false;

  constructor(
    private readonly handler: JsonHandler,
    fileName: string,
    private readonly multiple = false,
    private readonly limits: JsonLimits = DEFAULT_JSON_LIMITS,
  ) {
    super(fileName, limits.maxTokenBytes);
    this.kinds = new Uint8Array(limits.maxDepth + 1);
    this.members = new Uint32Array(limits.maxDepth + 1);
  }

  /** Declares end of input: an unfinished value is an InputError (file cut short). */
  end(): void {
    this.endTail();
    this.tokenOffset = this.base; // errors below are at the end of the input
    if (this.depth > 0 || this.state !== TOP) {
      const what = this.depth > 0 && this.kinds[this.depth] === OBJ ? 'an object' : 'an array';
      throw this.error(`input ends inside ${this.depth > 0 ? what : 'a value'} (file cut short?)`);
    }
    if (this.values === 0) throw this.error('no JSON value (empty input)');
  }

  /**
   * Hot loop: consumes every complete token of `buf`, returns the offset of the first
   * unfinished one. White space is skipped here (newlines counted: JSON strings cannot hold a
   * raw newline, so counting them outside tokens gives exact line numbers).
   */
  protected override parse(buf: Buffer, atEnd: boolean): number {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const c = buf[i]!;
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
        continue;
      }
      if (c === 0x0a) {
        this.line++;
        i++;
        this.lineStart = this.base + i;
        continue;
      }
      this.tokenOffset = this.base + i;
      let next: number;
      if (c === 0x22) next = this.onString(buf, i);
      else if (c === 0x7b || c === 0x5b) next = this.open(c === 0x7b ? OBJ : ARR, i);
      else if (c === 0x7d || c === 0x5d) next = this.close(c === 0x7d ? OBJ : ARR, i);
      else if (c === 0x2c) next = this.comma(i);
      else if (c === 0x3a) {
        if (this.state !== COLON) throw this.unexpected(c);
        this.state = VALUE;
        next = i + 1;
      } else next = this.scalar(buf, i, atEnd);
      if (next < 0) return i; // unfinished token: keep it for the next chunk
      i = next;
    }
    return n;
  }

  private expectsValue(): boolean {
    const s = this.state;
    if (s === VALUE || s === FIRST_VALUE) return true;
    return s === TOP && (this.values === 0 || this.multiple);
  }

  private afterValue(): void {
    if (this.depth === 0) {
      this.values++;
      this.state = TOP;
    } else this.state = this.kinds[this.depth] === OBJ ? OBJ_NEXT : ARR_NEXT;
  }

  private open(kind: number, i: number): number {
    if (!this.expectsValue()) throw this.unexpected(kind === OBJ ? 0x7b : 0x5b);
    if (this.depth >= this.limits.maxDepth)
      throw this.error(`nesting deeper than ${this.limits.maxDepth} levels`);
    this.depth++;
    this.kinds[this.depth] = kind;
    this.members[this.depth] = 0;
    this.state = kind === OBJ ? FIRST_KEY : FIRST_VALUE;
    if (this.skipNext) {
      this.skipNext = false;
      this.skipDepth = 1;
    } else if (this.skipDepth > 0) this.skipDepth++;
    else if (kind === OBJ) this.handler.startObject();
    else this.handler.startArray();
    return i + 1;
  }

  private close(kind: number, i: number): number {
    const s = this.state;
    const ok =
      kind === OBJ ? s === FIRST_KEY || s === OBJ_NEXT : s === FIRST_VALUE || s === ARR_NEXT;
    if (!ok || this.kinds[this.depth] !== kind) throw this.unexpected(kind === OBJ ? 0x7d : 0x5d);
    this.depth--;
    if (this.skipDepth > 0) this.skipDepth--;
    else if (kind === OBJ) this.handler.endObject();
    else this.handler.endArray();
    this.afterValue();
    return i + 1;
  }

  private comma(i: number): number {
    if (this.state === OBJ_NEXT) this.state = KEY;
    else if (this.state === ARR_NEXT) this.state = VALUE;
    else throw this.unexpected(0x2c);
    return i + 1;
  }

  private onString(buf: Buffer, i: number): number {
    const s = this.state;
    const isKey = s === KEY || s === FIRST_KEY;
    if (!isKey && !this.expectsValue()) throw this.unexpected(0x22);
    const end = this.scanString(buf, i);
    if (end < 0) return -1;
    if (isKey) {
      if (++this.members[this.depth]! > this.limits.maxMembers)
        throw this.error(`object with more than ${this.limits.maxMembers} members`);
      this.state = COLON;
      if (this.skipDepth > 0) this.checkString(buf, i + 1, end - 1);
      else this.skipNext = !this.handler.key(this.decode(buf, i + 1, end - 1));
      return end;
    }
    if (this.skipNext || this.skipDepth > 0) {
      this.skipNext = false;
      this.checkString(buf, i + 1, end - 1);
    } else this.handler.string(this.decode(buf, i + 1, end - 1));
    this.afterValue();
    return end;
  }

  private scalar(buf: Buffer, i: number, atEnd: boolean): number {
    const c = buf[i]!;
    if (!this.expectsValue()) throw this.unexpected(c);
    if (c === 0x74 || c === 0x66 || c === 0x6e) return this.literalToken(buf, i);
    if (!startsNumber(c)) throw this.unexpected(c);
    const j = numberEnd(buf, i);
    if (j - i > MAX_NUMBER_CHARS)
      throw this.error(`number longer than ${MAX_NUMBER_CHARS} characters`);
    if (j >= buf.length && !atEnd) return -1;
    const value = numberValue(buf.toString('latin1', i, j), (message) => this.error(message));
    if (this.skipNext) this.skipNext = false;
    else if (this.skipDepth === 0) this.handler.number(value);
    this.afterValue();
    return j;
  }

  private literalToken(buf: Buffer, i: number): number {
    const c = buf[i]!;
    const word = literalWord(c);
    const avail = Math.min(buf.length - i, word.length);
    if (buf.toString('latin1', i, i + avail) !== word.slice(0, avail))
      throw this.error(`invalid literal (expected ${word})`);
    if (avail < word.length) return -1;
    if (this.skipNext) this.skipNext = false;
    else if (this.skipDepth === 0) this.handler.literal(c === 0x6e ? null : c === 0x74);
    this.afterValue();
    return i + word.length;
  }

  private unexpected(c: number): InputError {
    const shown =
      c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    const expected = EXPECTED[this.state] ?? 'a value';
    const what =
      this.state === TOP && this.values > 0
        ? 'data after the end of the JSON value'
        : `${shown} where ${expected} was expected`;
    return this.error(`unexpected ${what}`);
  }
}
