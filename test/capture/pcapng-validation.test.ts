/**
 * pcapng block validation: trailing length must equal leading length, lengths are multiples of
 * 4 within bounds, blocks are long enough for their fixed fields, SHB byte-order magic and
 * version. Every error is an InputError at the block's byte offset, after the earlier packets.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { FRAMES, PcapngBuilder } from '../helpers/capture-builders.js';
import { readBytes } from '../helpers/fixtures.js';

const [F0, F1, F2] = FRAMES as [Uint8Array, Uint8Array, Uint8Array];

describe('pcapng: block validation', () => {
  function withBadSecond(faults: { trailing?: number; total?: number }): {
    file: Uint8Array;
    off: number;
  } {
    const b = new PcapngBuilder().section().idb(1).epb(0, 1n, F0);
    const off = b.offset;
    b.epb(0, 2n, F1, F1.length, faults).epb(0, 3n, F2);
    return { file: b.bytes(), off };
  }

  it('trailing length ≠ leading length: InputError at the block, earlier packets kept', async () => {
    const { file, off } = withBadSecond({ trailing: 8 });
    for (const size of [7, undefined]) {
      const r = await readBytes(file, size, 'bad.pcapng');
      expect(r.records.map((x) => x.index)).toEqual([1]);
      expect(r.error).toBeInstanceOf(InputError);
      expect(r.error?.location).toEqual({ file: 'bad.pcapng', byteOffset: off });
      expect(r.error?.message).toBe(
        'block of type 0x6: trailing length 8 does not match leading length 120',
      );
    }
  });

  it.each([
    [
      10,
      'block of type 0x6 has an invalid length 10 (must be a multiple of 4 between 12 and 16777216)',
    ],
    [
      118,
      'block of type 0x6 has an invalid length 118 (must be a multiple of 4 between 12 and 16777216)',
    ],
    [
      0x2000000,
      'block of type 0x6 has an invalid length 33554432 (must be a multiple of 4 between 12 and 16777216)',
    ],
  ])('total length %i: InputError at the block', async (total, message) => {
    const { file, off } = withBadSecond({ total, trailing: total });
    const r = await readBytes(file, 64);
    expect(r.records.map((x) => x.index)).toEqual([1]);
    expect(r.error?.location.byteOffset).toBe(off);
    expect(r.error?.message).toBe(message);
  });

  it.each([
    [6, 'Enhanced Packet Block too short (24 bytes)'],
    [2, 'Packet Block too short (24 bytes)'],
    [1, 'Interface Description Block too short (16 bytes)'],
    [0x0a0d0d0a, 'Section Header Block too short (24 bytes)'],
  ])('a block of type %i with a too short body: InputError at the block', async (type, message) => {
    const b = new PcapngBuilder().section().idb(1).epb(0, 1n, F0);
    const off = b.offset;
    // (an SHB body must start with the byte-order magic for its length to be read at all)
    const body =
      type === 1
        ? new Uint8Array(4)
        : Uint8Array.of(0x4d, 0x3c, 0x2b, 0x1a, 0, 0, 0, 0, 0, 0, 0, 0);
    b.block(type, body).epb(0, 2n, F1);
    const r = await readBytes(b.bytes(), 7);
    expect(r.records.map((x) => x.index)).toEqual([1]);
    expect(r.error?.location.byteOffset).toBe(off);
    expect(r.error?.message).toBe(message);
  });

  it('an SHB without a byte-order magic: InputError at the magic', async () => {
    const b = new PcapngBuilder().section().idb(1).epb(0, 1n, F0);
    const off = b.offset;
    b.block(0x0a0d0d0a, new Uint8Array(16));
    const r = await readBytes(b.bytes());
    expect(r.records.map((x) => x.index)).toEqual([1]);
    expect(r.error?.location.byteOffset).toBe(off + 8);
    expect(r.error?.message).toBe(
      'Section Header Block: byte-order magic 00000000 is neither 1a2b3c4d nor 4d3c2b1a',
    );
  });

  it.each([
    [0, 1],
    [2, 0],
  ])('SHB version %i.%i: InputError at byte 12', async (major, minor) => {
    const r = await readBytes(
      new PcapngBuilder().section({ major, minor }).idb(1).epb(0, 1n, F0).bytes(),
    );
    expect(r.records).toEqual([]);
    expect(r.error?.location.byteOffset).toBe(12);
    expect(r.error?.message).toBe(`unsupported pcapng version ${major}.${minor} (expected 1.0)`);
  });
});
