/**
 * Issue 8, "Done means": held-out-style oddities read without a crash — huge snaplen headers
 * (pcap and pcapng IDB), extreme if_tsresol, and a multi-section mixed-endian pcapng with
 * obsolete Packet Blocks and a Decryption Secrets Block, read whole and fuzzed.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mutatedInput } from '../../bench/fuzz-mutate.js';
import { fuzzCaptureChunked } from '../../bench/fuzz-targets.js';
import { FRAMES, PcapngBuilder, buildPcap } from '../helpers/capture-builders.js';
import { readBytes } from '../helpers/fixtures.js';

const F0 = FRAMES[0]!;

describe('huge snaplen headers', () => {
  for (const snaplen of [0xffffffff, 0x7fffffff, 262_145]) {
    it(`pcap snaplen ${snaplen}: records read, snaplen reported, no allocation by it`, async () => {
      const r = await readBytes(buildPcap({ snaplen }, [{ tsSec: 1, tsFrac: 2, data: F0 }]));
      expect(r.error).toBeUndefined();
      expect(r.records).toHaveLength(1);
      expect(r.info.snaplen).toBe(snaplen);
    });

    it(`pcapng IDB snaplen ${snaplen}: EPB and SPB read whole`, async () => {
      const b = new PcapngBuilder().section().idb(1, { snaplen }).epb(0, 1n, F0).spb(F0);
      const r = await readBytes(b.bytes());
      expect(r.error).toBeUndefined();
      expect(r.records.map((x) => x.capLen)).toEqual([F0.length, F0.length]);
    });
  }

  it('a pcap record of exactly 262,144 bytes in a file with snaplen 0xffffffff', async () => {
    const data = new Uint8Array(262_144);
    const r = await readBytes(buildPcap({ snaplen: 0xffffffff }, [{ tsSec: 1, tsFrac: 0, data }]));
    expect(r.records).toHaveLength(1);
  });
});

describe('extreme if_tsresol', () => {
  for (const tsresol of [0, 127, 0x80, 0xff, 0x80 | 63]) {
    it(`if_tsresol 0x${tsresol.toString(16)}: timestamps in range`, async () => {
      const b = new PcapngBuilder().section().idb(1, { tsresol, tsoffset: -(2n ** 62n) });
      b.epb(0, 0xffffffffffffffffn, F0).epb(0, 0n, F0);
      const r = await readBytes(b.bytes());
      expect(r.error).toBeUndefined();
      for (const rec of r.records) {
        expect(Number.isFinite(rec.tsSec)).toBe(true);
        expect(rec.tsNsec).toBeGreaterThanOrEqual(0);
        expect(rec.tsNsec).toBeLessThan(1e9);
      }
    });
  }
});

/** Two sections (little then big endian), PB, SPB, DSB, NRB, ISB, custom blocks. */
function mixedFile(): Uint8Array {
  const b = new PcapngBuilder().section().idb(1, { snaplen: 1000 }).idb(101, { tsresol: 9 });
  b.epb(1, 5_000_000_001n, F0.subarray(14));
  b.block(4, new Uint8Array(8));
  b.pb(0, 2_000_001n, F0);
  b.section({ bigEndian: true }).idb(113, { snaplen: 40 });
  b.spb(F0, 66);
  b.block(10, new Uint8Array(16));
  b.pb(0, 7n, F0);
  b.block(0x00000bad, new Uint8Array([0, 0, 0x7e, 0x73]));
  b.section().idb(1).epb(0, 9n, F0);
  return b.bytes();
}

describe('multi-section mixed-endian pcapng with PB and DSB', () => {
  it('reads every packet: byte order mixed, DSB skipped and counted', async () => {
    const r = await readBytes(mixedFile(), 7);
    expect(r.error).toBeUndefined();
    expect(r.records).toHaveLength(5);
    expect(r.info.byteOrder).toBe('mixed');
    expect(r.info.sections).toBe(3);
    expect(r.info.skippedBlocks['decryption secrets']).toBe(1);
  });

  test.prop([mutatedInput([mixedFile()], 3), fc.integer({ min: 1, max: 97 })], { numRuns: 500 })(
    'fuzzed: the fuzz invariants hold',
    async (bytes, chunk) => {
      await fuzzCaptureChunked(bytes, chunk);
    },
  );
});
