/**
 * Field values exported as text (tshark `-T json` / `-T ek`, JSON telemetry) → numbers and
 * bytes: decimal or 0x-hex numbers, IPv4 and IPv6 addresses, and hex-encoded bytes.
 */

/** A decimal or 0x-hex field value; 0 when absent or not a number. */
export function num(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const n = Number(text); // Number() reads both "17" and "0x0012"
  return Number.isFinite(n) ? n : 0;
}

/** Dotted quad into a[0..3]; false when malformed. */
export function parseIpv4(text: string, a: Uint8Array): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    const v = Number(p);
    if (!/^[0-9]{1,3}$/.test(p) || v > 255) return false;
    a[i] = v;
  }
  return true;
}

/** RFC 4291 text (with `::`, and an embedded dotted quad) into a[0..15]; false when malformed. */
export function parseIpv6(text: string, a: Uint8Array): boolean {
  a.fill(0);
  const halves = text.split('::');
  if (halves.length > 2 || text === '') return false;
  const groups = (h: string | undefined): number[] | undefined => {
    if (h === undefined || h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const q = new Uint8Array(4);
        if (!parseIpv4(g, q)) return undefined;
        out.push((q[0]! << 8) | q[1]!, (q[2]! << 8) | q[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return false;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return false;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  all.forEach((g, i) => {
    a[2 * i] = g >> 8;
    a[2 * i + 1] = g & 0xff;
  });
  return true;
}

/** Decodes hex text ("0a1b…" or "0a:1b:…") into one reused buffer. */
export class HexBuffer {
  private buf = new Uint8Array(2048);

  /** The bytes of `hex` (a view valid until the next call); odd or bad digits end it early. */
  decode(hex: string): Uint8Array {
    if (this.buf.length < hex.length >> 1)
      this.buf = new Uint8Array(Math.max(hex.length >> 1, this.buf.length * 2));
    const b = this.buf;
    let n = 0;
    // Hot loop: two hex digits per byte, ':' separators skipped.
    for (let i = 0; i + 1 < hex.length;) {
      const hi = hexDigit(hex.charCodeAt(i));
      if (hi < 0) {
        if (hex.charCodeAt(i) === 0x3a) {
          i++;
          continue;
        }
        break;
      }
      const lo = hexDigit(hex.charCodeAt(i + 1));
      if (lo < 0) break;
      b[n++] = (hi << 4) | lo;
      i += 2;
    }
    return b.subarray(0, n);
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
