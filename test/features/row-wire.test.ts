/**
 * Feature rows packed for another thread (row-wire.ts): every field comes back as it went in,
 * across batches, through recycled buffers and across a dictionary restart (more distinct
 * strings than DICTIONARY_LIMIT, as a flood from random sources gives).
 */
import { describe, expect, it } from 'vitest';
import { FeatureRow } from '../../src/features/kdd.js';
import { EXTENDED_FEATURE_COUNT } from '../../src/features/extended-schema.js';
import { RowPacker, RowUnpacker, type RowWireBatch } from '../../src/features/row-wire.js';

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
    srcHost: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    srcPort: i % 65536,
    dstHost: '192.0.2.1',
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
  it('70,000 rows with distinct hosts come back exactly, in order', () => {
    const N = 70_000;
    const batches: RowWireBatch[] = [];
    const packer = new RowPacker(1000, true, (b) => batches.push(b));
    const unpacker = new RowUnpacker(true);
    const out: string[] = [];
    let resets = 0;
    for (let i = 0; i < N; i++) {
      packer.add(rowOf(i));
      // The consumer keeps up: unpack each batch as it comes, then hand its buffers back.
      for (const b of batches.splice(0)) {
        if (b.reset) resets++;
        unpacker.unpack(b, (r) => out.push(flat(r)));
        packer.recycle(b);
      }
    }
    packer.flush();
    for (const b of batches.splice(0)) unpacker.unpack(b, (r) => out.push(flat(r)));
    expect(out.length).toBe(N);
    expect(resets).toBe(1);
    for (const i of [0, 1, 999, 1000, 65_535, 65_536, 65_600, N - 1])
      expect(out[i]).toBe(flat(rowOf(i)));
    expect(out.every((s, i) => s === flat(rowOf(i)))).toBe(true);
  });
});
