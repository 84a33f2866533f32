/**
 * Feature rows packed for another thread (row-wire.ts): every field comes back as it went in,
 * across batches, through the ring's reused slots and across a dictionary restart (more distinct
 * strings than DICTIONARY_LIMIT, as a flood from random sources gives).
 */
import { describe, expect, it } from 'vitest';
import { FeatureRow } from '../../src/features/kdd.js';
import { EXTENDED_FEATURE_COUNT } from '../../src/features/extended-schema.js';
import {
  RowPacker,
  RowUnpacker,
  newRowRing,
  type RowWireHeader,
} from '../../src/features/row-wire.js';

/** Row i: numbers and extended columns from i, a host of its own, shared symbols. */
function rowOf(i: number): FeatureRow {
  const r = new FeatureRow();
  r.numbers.fill(i);
  r.numbers[1] = NaN;
  r.extended = new Float64Array(EXTENDED_FEATURE_COUNT).fill(i / 2);
  r.symbols[0] = i % 3 === 0 ? 'udp' : 'tcp';
  r.symbols[1] = `svc${i % 7}`;
  r.symbols[2] = 'SF';
  r.label = i % 2 === 0 ? 'normal.' : '';
  r.endpoints = {
    startMicros: i * 1000 + 0.5,
    ipVersion: i % 5 === 0 ? 6 : 4,
    // Even rows: a packed IPv4 address (192.168.x.y: its int32 is negative); odd rows: text.
    srcHost:
      i % 2 === 0
        ? String.fromCharCode(0xc0a8, i & 0xffff)
        : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    srcPort: i % 65536,
    dstHost: i % 3 === 0 ? String.fromCharCode(0x0a00, 1) : '192.0.2.1',
    dstPort: 80,
    ipProto: 6,
    icmpType: i % 256,
    icmpCode: 3,
  };
  return r;
}

const flat = (r: FeatureRow): string =>
  JSON.stringify([[...r.numbers], [...r.extended!], r.symbols, r.label, r.endpoints]);

describe('RowPacker → RowUnpacker', () => {
  it('140,000 rows with distinct hosts (half as packed IPv4) come back exactly, in order', () => {
    const N = 140_000;
    const ring = newRowRing(3, 1000, true);
    const batches: RowWireHeader[] = [];
    const unpacker = new RowUnpacker(ring);
    const out: string[] = [];
    let resets = 0;
    let claims = 0;
    // The consumer reads a batch only when the producer claims a slot that is not free
    // (as late as the credits allow: 3 slots, so 2 batches wait unread).
    const consume = (): void => {
      const b = batches.shift()!;
      if (b.reset) resets++;
      unpacker.unpack(b, (r) => out.push(flat(r)));
    };
    const packer = new RowPacker(
      ring,
      () => {
        claims++;
        if (batches.length === ring.slots - 1) consume();
      },
      (b) => batches.push(b),
    );
    for (let i = 0; i < N; i++) packer.add(rowOf(i));
    packer.flush();
    while (batches.length > 0) consume();
    expect(claims).toBe(N / 1000);
    expect(out.length).toBe(N);
    expect(resets).toBe(1);
    for (const i of [0, 1, 999, 1000, 65_535, 65_536, 65_600, N - 1])
      expect(out[i]).toBe(flat(rowOf(i)));
    expect(out.every((s, i) => s === flat(rowOf(i)))).toBe(true);
  });
});
