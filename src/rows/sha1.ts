/**
 * SHA-1 (FIPS 180-4, section 6.1) of a message of at most 55 bytes — one padded 64-byte block —
 * with its digest written as base64 (RFC 4648) bytes: the Community ID of an output line
 * (line-writer.ts) without a call into node:crypto, a Buffer view and two strings per line. The
 * same digest as crypto's SHA-1 (tested on random messages of every length).
 */
import { Buffer } from 'node:buffer';

/** Bytes of the longest message this hashes (one block: 64 − 1 − 8). */
export const SHA1_MAX_BYTES = 55;
/** Base64 characters of a SHA-1 digest (20 bytes: 27 characters and one `=`). */
export const SHA1_BASE64_BYTES = 28;

const BASE64 = Buffer.from(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  'latin1',
);
/** The message schedule, reused. */
const W = new Int32Array(80);
/** The digest of the last message, as five big-endian words. */
const H = new Int32Array(5);
/** The base64 of the last digest. */
const TEXT = new Uint8Array(SHA1_BASE64_BYTES);

/** Hashes the first `n` (≤ SHA1_MAX_BYTES) bytes of `m` into H. */
function sha1Block(m: Uint8Array, n: number): void {
  W.fill(0, 0, 16);
  for (let i = 0; i < n; i++) W[i >> 2]! |= m[i]! << (24 - 8 * (i & 3));
  W[n >> 2]! |= 0x80 << (24 - 8 * (n & 3));
  W[15] = n * 8;
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = 0x67452301;
  let b = 0xefcdab89 | 0;
  let c = 0x98badcfe | 0;
  let d = 0x10325476;
  let e = 0xc3d2e1f0 | 0;
  // Four rounds of 20 steps, each with its function and constant (K as signed 32-bit values).
  let t = 0;
  for (; t < 20; t++) {
    const x = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 40; t++) {
    const x = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 60; t++) {
    const x = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[t]!) | 0; // prettier-ignore
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 80; t++) {
    const x = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  H[0] = (0x67452301 + a) | 0;
  H[1] = (0xefcdab89 + b) | 0;
  H[2] = (0x98badcfe + c) | 0;
  H[3] = (0x10325476 + d) | 0;
  H[4] = (0xc3d2e1f0 + e) | 0;
}

/** Byte `i` (0–19) of the digest in H. */
function digestByte(i: number): number {
  return (H[i >> 2]! >>> (24 - 8 * (i & 3))) & 255;
}

/**
 * The base64 of the SHA-1 digest of the first `n` bytes of `m` (n ≤ SHA1_MAX_BYTES), as
 * SHA1_BASE64_BYTES ASCII bytes in a reused array (valid until the next call).
 */
export function sha1Base64Bytes(m: Uint8Array, n: number): Uint8Array {
  if (n > SHA1_MAX_BYTES) throw new RangeError(`sha1Base64Bytes: ${n} bytes > ${SHA1_MAX_BYTES}`);
  sha1Block(m, n);
  const out = TEXT;
  let p = 0;
  for (let i = 0; i < 18; i += 3) {
    const v = (digestByte(i) << 16) | (digestByte(i + 1) << 8) | digestByte(i + 2);
    out[p++] = BASE64[v >> 18]!;
    out[p++] = BASE64[(v >> 12) & 63]!;
    out[p++] = BASE64[(v >> 6) & 63]!;
    out[p++] = BASE64[v & 63]!;
  }
  const v = (digestByte(18) << 16) | (digestByte(19) << 8);
  out[p++] = BASE64[v >> 18]!;
  out[p++] = BASE64[(v >> 12) & 63]!;
  out[p++] = BASE64[(v >> 6) & 63]!;
  out[p] = 61; // '=': 20 bytes are 2 short of a multiple of 3
  return out;
}
