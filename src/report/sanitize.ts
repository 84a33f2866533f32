/**
 * Strips terminal control characters (C0 except tab/newline, DEL, C1, ESC sequences) from
 * strings that come from files or packets before they reach a terminal.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The string with every control character replaced by '?'. */
export function sanitize(text: string): string {
  return text.replace(CONTROL, '?');
}
