/**
 * The scalar tokens of JSON text (RFC 8259) for the streaming tokenizer (json-stream.ts): string
 * escapes, numbers and the three literals, as functions of bytes and text. Errors are made by
 * the caller's `fail`, which knows where in the input the token is.
 */

/** The grammar of a JSON number. */
const NUMBER_RE = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** Longest number token accepted. */
export const MAX_NUMBER_CHARS = 1024;

/** The text of a JSON string between its quotes with every escape resolved. */
export function unescapeJson(text: string, fail: (message: string) => Error): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt]|[^]?)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'u':
        if (e.length !== 5) throw fail('invalid \\u escape');
        return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
      case '\\':
      case '/':
        return e;
      default:
        throw fail(`invalid escape sequence \\${e}`);
    }
  });
}

/** True for a byte that can start a number (`-` or a digit). */
export function startsNumber(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39);
}

/** Offset after the run of number characters (digits . e E + -) from buf[i]. */
export function numberEnd(buf: Uint8Array, i: number): number {
  let j = i + 1;
  const n = buf.length;
  while (j < n) {
    const d = buf[j]!;
    if (
      (d >= 0x30 && d <= 0x39) ||
      d === 0x2e ||
      d === 0x65 ||
      d === 0x45 ||
      d === 0x2b ||
      d === 0x2d
    )
      j++;
    else break;
  }
  return j;
}

/** The value of a complete number token, or a failure when it is not JSON's grammar. */
export function numberValue(text: string, fail: (message: string) => Error): number {
  if (!NUMBER_RE.test(text)) throw fail(`invalid number ${JSON.stringify(text)}`);
  return Number(text);
}

/** The literal a token starting with byte c (t, f or n) must be. */
export function literalWord(c: number): 'true' | 'false' | 'null' {
  return c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
}
