/**
 * TLS columns of the extended set (docs/extended-features.md "TLS"): whether the originator's
 * stream starts with a TLS handshake record holding a ClientHello (RFC 8446 §5.1, §4.1.2), and
 * whether that ClientHello carries a server_name extension with a non-empty host name
 * (RFC 6066 §3). Only the first record is read, at most 5 + 16,384 + 2,048 bytes; nothing
 * throws, a short or malformed hello leaves sniPresent 0.
 */
import type { PayloadInspector } from '../flow/connection.js';

/** Largest record accepted (TLSPlaintext limit plus the TLSCompressed allowance). */
const MAX_RECORD = 16_384 + 2_048;

/** The TLS state of one TCP connection (only the originator's first record is read). */
export class TlsState implements PayloadInspector {
  seen = false;
  sniPresent = false;
  private acc: number[] | undefined = [];

  /** PayloadInspector: stream bytes of the originator (the responder's are ignored). */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    const acc = this.acc;
    if (!fromOrig || acc === undefined) return;
    for (let i = start; i < end && acc.length < 5 + MAX_RECORD; i++) acc.push(buf[i]!);
    if (acc.length < 6) return;
    // Record header: type 22 (handshake), version 3.x, length; then handshake type 1.
    const length = (acc[3]! << 8) | acc[4]!;
    if (acc[0] !== 22 || acc[1] !== 3 || acc[2]! > 4 || length > MAX_RECORD || acc[5] !== 1) {
      this.acc = undefined;
      return;
    }
    this.seen = true;
    if (acc.length < 5 + length) return;
    this.acc = undefined;
    this.sniPresent = hasSni(acc, 5, 5 + length);
  }
}

/** Whether the ClientHello at `p` (handshake header included) has a non-empty server_name. */
function hasSni(b: number[], p: number, end: number): boolean {
  const u16 = (i: number): number => (b[i]! << 8) | b[i + 1]!;
  end = Math.min(end, p + 4 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!));
  p += 4 + 2 + 32; // handshake header, legacy_version, random
  if (p + 1 > end) return false;
  p += 1 + b[p]!; // legacy_session_id
  if (p + 2 > end) return false;
  p += 2 + u16(p); // cipher_suites
  if (p + 1 > end) return false;
  p += 1 + b[p]!; // legacy_compression_methods
  if (p + 2 > end) return false;
  const extEnd = Math.min(end, p + 2 + u16(p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = u16(p);
    const len = u16(p + 2);
    p += 4;
    if (type === 0) {
      // server_name_list: length, then entries (name_type 0 = host_name, length, name)
      if (len < 5 || p + 5 > extEnd) return false;
      return b[p + 2] === 0 && u16(p + 3) > 0;
    }
    p += len;
  }
  return false;
}
