/**
 * Strips terminal control characters (C0 except tab/newline, DEL, C1 — which includes the 8-bit
 * CSI 0x9b — and the Unicode bidirectional overrides that reorder what a terminal shows) from
 * strings that come from files or packets before they reach a terminal. An ESC sequence loses
 * its ESC, so it can no longer move the cursor, recolour or retitle the terminal.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The string with every control character replaced by '?' (tab and newline kept). */
export function sanitize(text: string): string {
  return text.replace(CONTROL, '?');
}

/** One line: every control character, tab and newline included, replaced by '?'. */
export function sanitizeLine(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, '?');
}

/** Longest excerpt of input quoted in a message (characters). */
export const MAX_EXCERPT_CHARS = 80;

/**
 * A value quoted from input in an error message: JSON-quoted when a string, cut to
 * `max` characters (with `…`), on one line and free of control characters.
 */
export function excerpt(value: unknown, max = MAX_EXCERPT_CHARS): string {
  let text = typeof value === 'string' ? value : String(value);
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return sanitizeLine(typeof value === 'string' ? JSON.stringify(text) : text);
}
