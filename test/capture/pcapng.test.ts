/**
 * pcapng format matrix (draft-ietf-opsawg-pcapng): SHB in either byte order, several sections
 * with their own byte order and interfaces, if_tsresol (10^-n, 2^-n) and if_tsoffset, EPB, SPB,
 * obsolete PB, skipped blocks counted; gzip and chunk boundaries. Validation: pcapng-validation.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FRAMES, PcapngBuilder } from '../helpers/capture-builders.js';
import { readBytes, readViaSource, type RecordCopy } from '../helpers/fixtures.js';

const [F0, F1, F2] = FRAMES as [Uint8Array, Uint8Array, Uint8Array];
const SEC = 1_732_729_516n;

function rec(
  over: Partial<RecordCopy> & Pick<RecordCopy, 'index' | 'fileOffset' | 'data'>,
): RecordCopy {
  return {
    tsSec: 0,
    tsNsec: 0,
    hasTimestamp: true,
    linkType: 1,
    interfaceId: 0,
    capLen: over.data.length,
    origLen: over.data.length,
    ...over,
  };
}

describe('pcapng: one section, either byte order', () => {
  for (const bigEndian of [false, true]) {
    const order = bigEndian ? 'BE' : 'LE';
    const b = new PcapngBuilder().section({ bigEndian }).idb(1, { snaplen: 65535 });
    const at = [b.offset];
    b.epb(0, SEC * 1_000_000n + 123456n, F0);
    at.push(b.offset);
    b.epb(0, SEC * 1_000_000n + 999999n, F1, 1514);
    at.push(b.offset);
    b.epb(0, 0n, F2);
    const file = b.bytes();
    const want = [
      rec({ index: 1, fileOffset: at[0]!, data: F0, tsSec: 1_732_729_516, tsNsec: 123456000 }),
      rec({
        index: 2,
        fileOffset: at[1]!,
        data: F1,
        tsSec: 1_732_729_516,
        tsNsec: 999999000,
        origLen: 1514,
      }),
      rec({ index: 3, fileOffset: at[2]!, data: F2 }),
    ];

    it(`${order}: EPB records, info`, async () => {
      const r = await readBytes(file);
      expect(r.error).toBeUndefined();
      expect(r.warnings).toEqual([]);
      expect(r.records).toEqual(want);
      expect(r.info).toEqual({
        format: 'pcapng',
        byteOrder: bigEndian ? 'big' : 'little',
        tsResolution: 'microseconds',
        version: '1.0',
        snaplen: 65535,
        linkTypes: [1],
        sections: 1,
        interfaces: 1,
        skippedBlocks: {},
      });
    });

    it(`${order}: chunks of 1, 7, 64 and whole, and gzip, give the same records`, async () => {
      for (const size of [1, 7, 64, undefined])
        expect((await readBytes(file, size)).records).toEqual(want);
      const gz = await readViaSource(gzipSync(file), 64);
      expect(gz.gzip).toBe(true);
      expect(gz.records).toEqual(want);
    });
  }
});

describe('pcapng: if_tsresol and if_tsoffset', () => {
  const cases: [string, { tsresol?: number; tsoffset?: bigint }, bigint, number, number][] = [
    ['absent (µs)', {}, SEC * 1_000_000n + 7n, 1_732_729_516, 7000],
    ['10^-6', { tsresol: 6 }, SEC * 1_000_000n + 123456n, 1_732_729_516, 123456000],
    ['10^-9', { tsresol: 9 }, SEC * 1_000_000_000n + 123456789n, 1_732_729_516, 123456789],
    ['10^-3', { tsresol: 3 }, SEC * 1000n + 5n, 1_732_729_516, 5_000_000],
    ['10^-0', { tsresol: 0 }, SEC, 1_732_729_516, 0],
    ['2^-20 half', { tsresol: 0x80 | 20 }, (SEC << 20n) + (1n << 19n), 1_732_729_516, 500_000_000],
    ['2^-20 floor', { tsresol: 0x80 | 20 }, (SEC << 20n) + 3n, 1_732_729_516, 2861],
    ['2^-32', { tsresol: 0x80 | 32 }, (SEC << 32n) + (1n << 30n), 1_732_729_516, 250_000_000],
    ['2^-33 (exact floor)', { tsresol: 0x80 | 33 }, (1n << 33n) + 4_627_456_915n, 1, 538_706_885],
    ['10^-10 (exact floor)', { tsresol: 10 }, 10n ** 10n + 9_999_999_970n, 1, 999_999_997],
    [
      '10^-12 (BigInt path)',
      { tsresol: 12 },
      10_000_000n * 10n ** 12n + 123_456_789_012n,
      10_000_000,
      123_456_789,
    ],
    [
      'tsoffset +1e9 s',
      { tsresol: 6, tsoffset: 1_000_000_000n },
      732_729_516_000_001n,
      1_732_729_516,
      1000,
    ],
    [
      'tsoffset -86400 s',
      { tsresol: 9, tsoffset: -86400n },
      (SEC + 86400n) * 1_000_000_000n + 1n,
      1_732_729_516,
      1,
    ],
    ['max 64-bit µs', {}, 0xffff_ffff_ffff_ffffn, 18_446_744_073_709, 551_615_000],
  ];

  it.each(cases)('%s', async (_name, opts, units, tsSec, tsNsec) => {
    for (const bigEndian of [false, true]) {
      const file = new PcapngBuilder()
        .section({ bigEndian })
        .idb(1, opts)
        .epb(0, units, F0)
        .bytes();
      const r = await readBytes(file);
      expect(r.error).toBeUndefined();
      expect(r.records.map((x) => [x.tsSec, x.tsNsec])).toEqual([[tsSec, tsNsec]]);
    }
  });

  it('reports the finest resolution of the file', async () => {
    const file = new PcapngBuilder()
      .section()
      .idb(1)
      .idb(1, { tsresol: 9 })
      .idb(1, { tsresol: 3 })
      .bytes();
    expect((await readBytes(file)).info.tsResolution).toBe('nanoseconds');
  });
});

describe('pcapng: several sections, interfaces, SPB, PB, skipped blocks', () => {
  const b = new PcapngBuilder().section().idb(1, { snaplen: 1000 }).idb(101, { tsresol: 9 });
  const at = [b.offset];
  b.epb(1, 5_000_000_001n, F0.subarray(14)); // raw IP on interface 1, ns
  b.block(4, new Uint8Array(8)); // NRB
  b.block(5, new Uint8Array(8)); // ISB
  at.push(b.offset);
  b.pb(0, 2_000_001n, F1); // obsolete PB, µs
  b.section({ bigEndian: true }).idb(113, { snaplen: 40 }); // interface 0 of section 2
  at.push(b.offset);
  b.spb(F2, 66); // SPB: no timestamp, interface 0, cut to the IDB snaplen
  b.block(10, new Uint8Array(16)); // DSB
  b.block(0x00000bad, new Uint8Array([0, 0, 0x7e, 0x73])); // custom (copyable)
  b.block(0x40000bad, new Uint8Array([0, 0, 0x7e, 0x73])); // custom (not copyable)
  b.block(0x12345, new Uint8Array(4)); // unknown
  at.push(b.offset);
  b.epb(0, 3n, F2, 1514);
  const file = b.bytes();
  const want = [
    rec({
      index: 1,
      fileOffset: at[0]!,
      data: F0.subarray(14),
      linkType: 101,
      interfaceId: 1,
      tsSec: 5,
      tsNsec: 1,
    }),
    rec({ index: 2, fileOffset: at[1]!, data: F1, tsSec: 2, tsNsec: 1000 }),
    rec({
      index: 3,
      fileOffset: at[2]!,
      data: F2.subarray(0, 40),
      linkType: 113,
      origLen: 66,
      hasTimestamp: false,
    }),
    rec({ index: 4, fileOffset: at[3]!, data: F2, linkType: 113, tsNsec: 3000, origLen: 1514 }),
  ];

  it('reads every packet with its own interface and byte order', async () => {
    const r = await readBytes(file);
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual(want);
    expect(r.info).toMatchObject({
      byteOrder: 'mixed',
      sections: 2,
      interfaces: 3,
      linkTypes: [1, 101, 113],
      tsResolution: 'nanoseconds',
      skippedBlocks: {
        'name resolution': 1,
        'interface statistics': 1,
        'decryption secrets': 1,
        custom: 2,
        unknown: 1,
      },
    });
  });

  it('gives the same records in chunks of 1, 7, 64, whole and gzip', async () => {
    for (const size of [1, 7, 64, undefined])
      expect((await readBytes(file, size)).records).toEqual(want);
    expect((await readViaSource(gzipSync(file), 7)).records).toEqual(want);
  });

  it('skips (and warns once about) packets on an interface the section does not define', async () => {
    const bad = new PcapngBuilder().section().idb(1);
    const off = bad.offset;
    bad.epb(3, 1n, F0).epb(3, 2n, F1).epb(0, 3n, F2);
    const r = await readBytes(bad.bytes());
    expect(r.records.map((x) => x.index)).toEqual([1]);
    expect(r.info.skippedBlocks).toEqual({ 'packet on undefined interface': 2 });
    expect(r.warnings).toEqual([
      {
        byteOffset: off,
        message: `packet block at byte ${off} refers to interface 3, which this section does not define; skipped`,
      },
    ]);
  });

  it('caplen > origlen: origLen raised to caplen, ONE warning', async () => {
    const b = new PcapngBuilder().section().idb(1);
    const off = b.offset;
    b.epb(0, 1n, F0, 60).epb(0, 2n, F1, 10);
    const r = await readBytes(b.bytes());
    expect(r.records.map((x) => [x.capLen, x.origLen])).toEqual([
      [74, 74],
      [74, 74],
    ]);
    expect(r.warnings).toEqual([
      {
        byteOffset: off,
        message: `packet block at byte ${off}: caplen 74 exceeds origlen 60; origlen raised to caplen`,
      },
    ]);
  });
});
