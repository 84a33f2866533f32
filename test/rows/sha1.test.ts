/**
 * The one-block SHA-1 of the line writer (src/rows/sha1.ts) gives node:crypto's digest, and the
 * Community ID a RowBatch writes (as bytes, or as text) is flow/community-id.ts's, hashed by
 * node:crypto.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHA1_MAX_BYTES, sha1Base64Bytes } from '../../src/rows/sha1.js';
import { RowBatch } from '../../src/rows/row-batch.js';
import { FeatureRow } from '../../src/features/kdd.js';
import { endpointCommunityId } from '../../src/flow/community-id.js';

/** A small seeded generator (LCG), so that a failure is reproducible. */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('sha1Base64Bytes', () => {
  it('the FIPS 180-4 example "abc" and the empty message', () => {
    expect(text(sha1Base64Bytes(Buffer.from('abc'), 3))).toBe('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
    expect(text(sha1Base64Bytes(new Uint8Array(0), 0))).toBe('2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
  });

  it("equals node:crypto's SHA-1 on 200 random messages of each length 0–55", () => {
    const rnd = lcg(7);
    const m = new Uint8Array(64);
    for (let n = 0; n <= SHA1_MAX_BYTES; n++)
      for (let k = 0; k < 200; k++) {
        for (let i = 0; i < 64; i++) m[i] = rnd(256);
        const want = createHash('sha1').update(m.subarray(0, n)).digest('base64');
        expect(text(sha1Base64Bytes(m, n))).toBe(want);
      }
  });

  it('refuses a message longer than one block', () => {
    expect(() => sha1Base64Bytes(new Uint8Array(56), 56)).toThrow(RangeError);
  });
});

describe('RowBatch.communityIdBase64', () => {
  it("is the Community ID of node:crypto's SHA-1 without `1:`: 3,000 random IPv4/IPv6 TCP, UDP, ICMP rows", () => {
    const rnd = lcg(12345);
    const host = (v6: boolean): string =>
      String.fromCharCode(
        ...Array.from({ length: v6 ? 8 : 2 }, () => (rnd(4) === 0 ? 0 : rnd(65536))),
      );
    const batch = new RowBatch(1);
    const row = new FeatureRow();
    for (let k = 0; k < 3000; k++) {
      const v6 = rnd(2) === 1;
      const e = row.endpoints;
      e.ipVersion = v6 ? 6 : 4;
      e.ipProto = [6, 17, v6 ? 58 : 1, 47][rnd(4)]!;
      e.srcHost = host(v6);
      e.dstHost = rnd(5) === 0 ? e.srcHost : host(v6);
      e.srcPort = rnd(65536);
      e.dstPort = rnd(3) === 0 ? 80 : rnd(65536);
      e.icmpType = rnd(256);
      e.icmpCode = rnd(16);
      batch.put(0, row);
      const want = endpointCommunityId(e);
      expect(want).toMatch(/^1:[A-Za-z0-9+/]{27}=$/);
      expect(`1:${text(batch.communityIdBase64(0))}`).toBe(want);
      expect(batch.communityId(0)).toBe(want);
    }
  });
});
